-- SPDX-License-Identifier: Apache-2.0
-- Instance administrators: accounts that may read the mail the instance
-- sends itself (address confirmations, password resets) in the console.

ALTER TABLE accounts ADD COLUMN instance_admin INTEGER NOT NULL DEFAULT 0 CHECK (instance_admin IN (0, 1));
