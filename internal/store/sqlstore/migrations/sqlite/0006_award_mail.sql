-- SPDX-License-Identifier: Apache-2.0
-- Each award remembers its latest award e-mail, so that a delivery that
-- fails for good marks the award bounced.
ALTER TABLE awards ADD COLUMN mail_id INTEGER REFERENCES outbox_mail (id) ON DELETE SET NULL;
CREATE INDEX awards_mail_id ON awards (mail_id) WHERE mail_id IS NOT NULL;
