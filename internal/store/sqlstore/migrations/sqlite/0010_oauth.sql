-- SPDX-License-Identifier: Apache-2.0
-- The OAuth 2.0 authorization server for wallet owners (OB 3.0 API, OB 2.1
-- Badge Connect): clients registered by RFC 7591 dynamic registration, the
-- grants people give them on the consent page, and each grant's
-- authorization codes and tokens. Codes and tokens are stored as SHA-256
-- digests only. Revoking a grant ends its tokens (the lookup joins the
-- grant), and its tokens are deleted with it.
-- Times are INTEGER microseconds since the Unix epoch, UTC.

CREATE TABLE oauth_clients (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id        TEXT    NOT NULL UNIQUE,
	secret_hash      BLOB    NOT NULL,
	name             TEXT    NOT NULL,
	redirect_uris    TEXT    NOT NULL,
	scopes           TEXT    NOT NULL DEFAULT '',
	grant_types      TEXT    NOT NULL,
	auth_method      TEXT    NOT NULL,
	client_uri       TEXT    NOT NULL DEFAULT '',
	logo_uri         TEXT    NOT NULL DEFAULT '',
	tos_uri          TEXT    NOT NULL DEFAULT '',
	policy_uri       TEXT    NOT NULL DEFAULT '',
	software_id      TEXT    NOT NULL DEFAULT '',
	software_version TEXT    NOT NULL DEFAULT '',
	created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE oauth_grants (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id  TEXT    NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	scopes     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;
CREATE INDEX oauth_grants_client_id ON oauth_grants (client_id);
CREATE INDEX oauth_grants_account_id ON oauth_grants (account_id);

CREATE TABLE oauth_codes (
	code_hash      BLOB    PRIMARY KEY,
	grant_id       INTEGER NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
	redirect_uri   TEXT    NOT NULL,
	code_challenge TEXT    NOT NULL,
	created_at     INTEGER NOT NULL,
	expires_at     INTEGER NOT NULL,
	used_at        INTEGER
) STRICT;
CREATE INDEX oauth_codes_grant_id ON oauth_codes (grant_id);
CREATE INDEX oauth_codes_expires_at ON oauth_codes (expires_at);

CREATE TABLE oauth_tokens (
	token_hash BLOB    PRIMARY KEY,
	grant_id   INTEGER NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
	kind       TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
	scopes     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
) STRICT;
CREATE INDEX oauth_tokens_grant_id ON oauth_tokens (grant_id);
CREATE INDEX oauth_tokens_expires_at ON oauth_tokens (expires_at);
