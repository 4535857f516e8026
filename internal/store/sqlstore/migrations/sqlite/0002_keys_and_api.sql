-- SPDX-License-Identifier: Apache-2.0
-- Signing keys, OAuth 2.0 API clients and their access tokens.
-- Times are INTEGER microseconds since the Unix epoch, UTC.

-- org_id NULL: the instance's own key (transparency log checkpoints).
CREATE TABLE signing_keys (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id          INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
	kind            TEXT    NOT NULL CHECK (kind IN ('ed25519', 'rsa')),
	public_key      BLOB    NOT NULL,
	private_key_enc BLOB    NOT NULL,
	created_at      INTEGER NOT NULL,
	retired_at      INTEGER
) STRICT;
CREATE INDEX signing_keys_org_id ON signing_keys (org_id);

CREATE TABLE api_clients (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	client_id   TEXT    NOT NULL UNIQUE,
	secret_hash BLOB    NOT NULL,
	name        TEXT    NOT NULL,
	scopes      TEXT    NOT NULL DEFAULT '',
	created_by  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL,
	revoked_at  INTEGER
) STRICT;
CREATE INDEX api_clients_org_id ON api_clients (org_id);
CREATE INDEX api_clients_created_by ON api_clients (created_by);

CREATE TABLE access_tokens (
	token_hash BLOB    PRIMARY KEY,
	client_id  TEXT    NOT NULL REFERENCES api_clients (client_id) ON DELETE CASCADE,
	org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	scopes     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX access_tokens_client_id ON access_tokens (client_id);
CREATE INDEX access_tokens_org_id ON access_tokens (org_id);
