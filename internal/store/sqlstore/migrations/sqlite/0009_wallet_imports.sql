-- SPDX-License-Identifier: Apache-2.0
-- The wallet, continued: badges imported from other issuers (kept as given,
-- with what they state and the report of their latest verification, one
-- row per account and credential digest), and collections: named groups
-- of an account's awards and imports, each with a public page at its slug.

CREATE TABLE wallet_imports (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	digest           BLOB    NOT NULL,
	credential       BLOB    NOT NULL,
	kind             TEXT    NOT NULL,
	source_url       TEXT    NOT NULL DEFAULT '',
	format           TEXT    NOT NULL,
	image            BLOB,
	image_type       TEXT    NOT NULL DEFAULT '',
	name             TEXT    NOT NULL DEFAULT '',
	description      TEXT    NOT NULL DEFAULT '',
	issuer_name      TEXT    NOT NULL DEFAULT '',
	issuer_id        TEXT    NOT NULL DEFAULT '',
	issuer_url       TEXT    NOT NULL DEFAULT '',
	image_url        TEXT    NOT NULL DEFAULT '',
	recipient        TEXT    NOT NULL DEFAULT '',
	recipient_hashed INTEGER NOT NULL DEFAULT 0 CHECK (recipient_hashed IN (0, 1)),
	issued_on        INTEGER,
	expires_at       INTEGER,
	report           TEXT    NOT NULL,
	state            TEXT    NOT NULL CHECK (state IN ('valid', 'invalid', 'revoked', 'expired')),
	checked_at       INTEGER NOT NULL,
	private          INTEGER NOT NULL DEFAULT 1 CHECK (private IN (0, 1)),
	created_at       INTEGER NOT NULL,
	UNIQUE (account_id, digest)
) STRICT;
CREATE INDEX wallet_imports_checked_at ON wallet_imports (checked_at);

CREATE TABLE collections (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	slug        TEXT    NOT NULL UNIQUE,
	name        TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX collections_account_id ON collections (account_id);

CREATE TABLE collection_items (
	collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
	award_id      INTEGER REFERENCES awards (id) ON DELETE CASCADE,
	import_id     INTEGER REFERENCES wallet_imports (id) ON DELETE CASCADE,
	added_at      INTEGER NOT NULL,
	CHECK ((award_id IS NULL) <> (import_id IS NULL)),
	UNIQUE (collection_id, award_id),
	UNIQUE (collection_id, import_id)
) STRICT;
CREATE INDEX collection_items_award_id ON collection_items (award_id) WHERE award_id IS NOT NULL;
CREATE INDEX collection_items_import_id ON collection_items (import_id) WHERE import_id IS NOT NULL;
