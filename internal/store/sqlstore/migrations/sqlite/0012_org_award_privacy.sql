-- SPDX-License-Identifier: Apache-2.0
-- An organisation's default for its awards: public (the default) or
-- private until each recipient publishes theirs.
ALTER TABLE organizations ADD COLUMN awards_private INTEGER NOT NULL DEFAULT 0 CHECK (awards_private IN (0, 1));
