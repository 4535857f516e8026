-- SPDX-License-Identifier: Apache-2.0
-- The audit log of staff actions and the mail outbox.
-- Times are INTEGER microseconds since the Unix epoch, UTC.

-- org_id NULL: an instance-wide action; actor_id NULL: the system.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id      INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
	actor_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	action      TEXT    NOT NULL,
	target_type TEXT    NOT NULL DEFAULT '',
	target_id   TEXT    NOT NULL DEFAULT '',
	detail      TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_org_id ON audit_log (org_id, id);
CREATE INDEX audit_log_actor_id ON audit_log (actor_id);

-- org_id NULL: mail sent by the instance.
CREATE TABLE outbox_mail (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id     INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
	recipient  TEXT    NOT NULL,
	subject    TEXT    NOT NULL,
	text_body  TEXT    NOT NULL,
	html_body  TEXT    NOT NULL DEFAULT '',
	locale     TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at    INTEGER,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_mail_org_id ON outbox_mail (org_id, id);
