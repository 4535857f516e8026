-- SPDX-License-Identifier: Apache-2.0
-- Accounts, organisations, members, invitations, sessions and sign-in state.
-- Times are INTEGER microseconds since the Unix epoch, UTC.

CREATE TABLE accounts (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	email             TEXT    NOT NULL UNIQUE,
	name              TEXT    NOT NULL DEFAULT '',
	password_hash     TEXT    NOT NULL DEFAULT '',
	email_verified_at INTEGER,
	locale            TEXT    NOT NULL CHECK (locale IN ('ja', 'en')),
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE organizations (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	slug           TEXT    NOT NULL UNIQUE,
	name           TEXT    NOT NULL,
	url            TEXT    NOT NULL DEFAULT '',
	contact_email  TEXT    NOT NULL DEFAULT '',
	default_locale TEXT    NOT NULL CHECK (default_locale IN ('ja', 'en')),
	logo_image     BLOB,
	logo_type      TEXT    NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
	org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	role       TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'issuer', 'viewer')),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (org_id, account_id)
) STRICT;
CREATE INDEX memberships_account_id ON memberships (account_id);

CREATE TABLE invitations (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	email       TEXT    NOT NULL,
	role        TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'issuer', 'viewer')),
	token_hash  BLOB    NOT NULL UNIQUE,
	invited_by  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	accepted_at INTEGER
) STRICT;
CREATE INDEX invitations_org_id ON invitations (org_id);
CREATE INDEX invitations_invited_by ON invitations (invited_by);

CREATE TABLE sessions (
	id           TEXT    PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	org_id       INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	user_agent   TEXT    NOT NULL DEFAULT '',
	ip           TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_account_id ON sessions (account_id);
CREATE INDEX sessions_org_id ON sessions (org_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE account_tokens (
	token_hash BLOB    PRIMARY KEY,
	kind       TEXT    NOT NULL CHECK (kind IN ('verify_email', 'reset_password')),
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	email      TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
) STRICT;
CREATE INDEX account_tokens_account_id ON account_tokens (account_id);

CREATE TABLE login_attempts (
	attempt_key  TEXT    NOT NULL,
	attempted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_attempts_key_at ON login_attempts (attempt_key, attempted_at);
CREATE INDEX login_attempts_attempted_at ON login_attempts (attempted_at);
