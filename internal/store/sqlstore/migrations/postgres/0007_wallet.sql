-- SPDX-License-Identifier: Apache-2.0
-- The recipient wallet: every e-mail address of an account (the primary one
-- mirrors accounts.email and accounts.email_verified_at), and awards a
-- recipient declined or removed from their wallet, never shown there again.

CREATE TABLE account_emails (
	account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	email       TEXT    NOT NULL UNIQUE,
	verified_at TIMESTAMPTZ,
	is_primary  BOOLEAN NOT NULL DEFAULT FALSE,
	created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_emails_account_id ON account_emails (account_id);
CREATE UNIQUE INDEX account_emails_one_primary ON account_emails (account_id) WHERE is_primary;

INSERT INTO account_emails (account_id, email, verified_at, is_primary, created_at)
	SELECT id, email, email_verified_at, TRUE, created_at FROM accounts;

ALTER TABLE awards ADD COLUMN declined_at TIMESTAMPTZ;
