-- SPDX-License-Identifier: Apache-2.0
-- Issuing: badge images, badge classes and their revisions, status lists,
-- awards, and CSV (bulk) awards with their rows.
-- Times are INTEGER microseconds since the Unix epoch, UTC. Lists (tags,
-- alignments, formats) and revision snapshots are JSON text; signed
-- credentials are text.
--
-- Rows that point at another row of the same organisation (a badge class's
-- image, an award's badge class, status list and bulk award) do so through
-- (org_id, id) foreign keys, so the database itself refuses a reference
-- across organisations. Those parents carry a unique (org_id, id) index,
-- which also serves the "newest first" listings of one organisation.

CREATE TABLE badge_images (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	sha256     BLOB    NOT NULL,
	media_type TEXT    NOT NULL CHECK (media_type IN ('image/png', 'image/svg+xml')),
	data       BLOB    NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX badge_images_org_id ON badge_images (org_id, id);
CREATE UNIQUE INDEX badge_images_org_id_sha256 ON badge_images (org_id, sha256);

CREATE TABLE badge_classes (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id             INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	public_id          TEXT    NOT NULL UNIQUE,
	revision           INTEGER NOT NULL CHECK (revision >= 1),
	name_ja            TEXT    NOT NULL DEFAULT '',
	name_en            TEXT    NOT NULL DEFAULT '',
	description_ja     TEXT    NOT NULL DEFAULT '',
	description_en     TEXT    NOT NULL DEFAULT '',
	image_id           INTEGER NOT NULL,
	criteria_narrative TEXT    NOT NULL DEFAULT '',
	criteria_url       TEXT    NOT NULL DEFAULT '',
	alignments         TEXT    NOT NULL DEFAULT 'null',
	tags               TEXT    NOT NULL DEFAULT 'null',
	achievement_type   TEXT    NOT NULL,
	expiry_date        INTEGER,
	expiry_days        INTEGER NOT NULL DEFAULT 0,
	formats            TEXT    NOT NULL,
	archived_at        INTEGER,
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL,
	FOREIGN KEY (org_id, image_id) REFERENCES badge_images (org_id, id)
) STRICT;
CREATE UNIQUE INDEX badge_classes_org_id ON badge_classes (org_id, id);
CREATE INDEX badge_classes_image_id ON badge_classes (org_id, image_id);

-- Every revision of a badge class, as the JSON of badge.BadgeClass then.
CREATE TABLE badge_class_revisions (
	badge_class_id INTEGER NOT NULL REFERENCES badge_classes (id) ON DELETE CASCADE,
	revision       INTEGER NOT NULL,
	snapshot       TEXT    NOT NULL,
	created_at     INTEGER NOT NULL,
	PRIMARY KEY (badge_class_id, revision)
) STRICT;

-- BitstringStatusLists. 131072 is badge.StatusListSize, the bits per list.
CREATE TABLE status_lists (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	purpose    TEXT    NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
	bits       BLOB    NOT NULL,
	next_index INTEGER NOT NULL DEFAULT 0 CHECK (next_index BETWEEN 0 AND 131072),
	credential TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX status_lists_org_id ON status_lists (org_id, id);
-- At most one list per organisation and purpose has free entries: the one
-- slots are allocated from. Two transactions that both find none cannot
-- both open one.
CREATE UNIQUE INDEX status_lists_open ON status_lists (org_id, purpose) WHERE next_index < 131072;

CREATE TABLE bulk_awards (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id         INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	badge_class_id INTEGER NOT NULL,
	created_by     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	file_name      TEXT    NOT NULL DEFAULT '',
	encoding       TEXT    NOT NULL DEFAULT '',
	state          TEXT    NOT NULL,
	total          INTEGER NOT NULL DEFAULT 0,
	issued         INTEGER NOT NULL DEFAULT 0,
	skipped        INTEGER NOT NULL DEFAULT 0,
	failed         INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	started_at     INTEGER,
	finished_at    INTEGER,
	FOREIGN KEY (org_id, badge_class_id) REFERENCES badge_classes (org_id, id)
) STRICT;
CREATE UNIQUE INDEX bulk_awards_org_id ON bulk_awards (org_id, id);
CREATE INDEX bulk_awards_badge_class_id ON bulk_awards (org_id, badge_class_id);
CREATE INDEX bulk_awards_state ON bulk_awards (state, id);
CREATE INDEX bulk_awards_created_by ON bulk_awards (created_by);

CREATE TABLE awards (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id            INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	badge_class_id    INTEGER NOT NULL,
	revision          INTEGER NOT NULL,
	public_id         TEXT    NOT NULL UNIQUE,
	idempotency_key   TEXT    NOT NULL DEFAULT '',
	bulk_id           INTEGER,
	issued_by         INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	recipient_email   TEXT    NOT NULL,
	recipient_name    TEXT    NOT NULL,
	recipient_locale  TEXT    NOT NULL CHECK (recipient_locale IN ('ja', 'en')),
	salt              TEXT    NOT NULL DEFAULT '',
	evidence_url      TEXT    NOT NULL DEFAULT '',
	narrative         TEXT    NOT NULL DEFAULT '',
	issued_at         INTEGER NOT NULL,
	expires_at        INTEGER,
	status_list_id    INTEGER NOT NULL,
	status_index      INTEGER NOT NULL CHECK (status_index BETWEEN 0 AND 131071),
	credential_di     TEXT,
	credential_jwt    TEXT    NOT NULL DEFAULT '',
	ob2_assertion     TEXT,
	ob2_signed        TEXT    NOT NULL DEFAULT '',
	claim_token_hash  BLOB    UNIQUE,
	claim_expires_at  INTEGER,
	claimed_by        INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	private           INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
	sent_at           INTEGER,
	opened_at         INTEGER,
	claimed_at        INTEGER,
	bounced_at        INTEGER,
	revoked_at        INTEGER,
	revocation_reason TEXT    NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	FOREIGN KEY (org_id, badge_class_id) REFERENCES badge_classes (org_id, id),
	FOREIGN KEY (badge_class_id, revision) REFERENCES badge_class_revisions (badge_class_id, revision),
	FOREIGN KEY (org_id, status_list_id) REFERENCES status_lists (org_id, id),
	FOREIGN KEY (org_id, bulk_id) REFERENCES bulk_awards (org_id, id)
) STRICT;
CREATE UNIQUE INDEX awards_org_id ON awards (org_id, id);
CREATE UNIQUE INDEX awards_idempotency_key ON awards (org_id, idempotency_key) WHERE idempotency_key <> '';
-- Does this person already hold this badge (duplicates in a CSV award)?
CREATE INDEX awards_badge_class_id ON awards (badge_class_id, id);
CREATE UNIQUE INDEX awards_status ON awards (status_list_id, status_index);
CREATE INDEX awards_bulk_id ON awards (bulk_id, id);
-- One index on the recipient serves both the duplicate check of a CSV award
-- (organisation, badge, address) and the wallet's look-up by address; e-mail
-- addresses arrive in no order, so every index on them takes inserts at
-- random pages, and one such index costs less than two as the table grows.
CREATE INDEX awards_recipient_email ON awards (recipient_email, org_id, badge_class_id);
CREATE INDEX awards_issued_by ON awards (issued_by);
CREATE INDEX awards_claimed_by ON awards (claimed_by);

-- The data rows of a CSV award, by line number.
CREATE TABLE bulk_award_rows (
	bulk_id      INTEGER NOT NULL REFERENCES bulk_awards (id) ON DELETE CASCADE,
	line         INTEGER NOT NULL,
	email        TEXT    NOT NULL DEFAULT '',
	name         TEXT    NOT NULL DEFAULT '',
	evidence_url TEXT    NOT NULL DEFAULT '',
	narrative    TEXT    NOT NULL DEFAULT '',
	issued_on    INTEGER,
	state        TEXT    NOT NULL,
	error        TEXT    NOT NULL DEFAULT '',
	award_id     INTEGER REFERENCES awards (id) ON DELETE SET NULL,
	PRIMARY KEY (bulk_id, line)
) STRICT, WITHOUT ROWID;
CREATE INDEX bulk_award_rows_state ON bulk_award_rows (bulk_id, state, line);
CREATE INDEX bulk_award_rows_award_id ON bulk_award_rows (award_id);
