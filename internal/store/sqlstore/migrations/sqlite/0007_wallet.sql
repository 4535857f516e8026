-- SPDX-License-Identifier: Apache-2.0
-- The recipient wallet: every e-mail address of an account (the primary one
-- mirrors accounts.email and accounts.email_verified_at), and awards a
-- recipient declined or removed from their wallet, never shown there again.

CREATE TABLE account_emails (
	account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	email       TEXT    NOT NULL UNIQUE,
	verified_at INTEGER,
	is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX account_emails_account_id ON account_emails (account_id);
CREATE UNIQUE INDEX account_emails_one_primary ON account_emails (account_id) WHERE is_primary = 1;

INSERT INTO account_emails (account_id, email, verified_at, is_primary, created_at)
	SELECT id, email, email_verified_at, 1, created_at FROM accounts;

ALTER TABLE awards ADD COLUMN declined_at INTEGER;
