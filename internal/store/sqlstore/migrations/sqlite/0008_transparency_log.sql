-- SPDX-License-Identifier: Apache-2.0
-- The transparency log (internal/tlog): leaves appended with the awards
-- they record, numbered (leaf_index) when the sequencer integrates them,
-- the tree's stored hashes, and the signed checkpoints. Nothing here names
-- a recipient, and nothing is ever deleted: award_id has no foreign key so
-- that the log outlives the awards it records.
CREATE TABLE log_leaves (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	award_id   INTEGER,
	kind       TEXT    NOT NULL,
	data       BLOB    NOT NULL,
	leaf_index INTEGER UNIQUE,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX log_leaves_pending ON log_leaves (id) WHERE leaf_index IS NULL;
CREATE INDEX log_leaves_award_id ON log_leaves (award_id) WHERE award_id IS NOT NULL;

CREATE TABLE log_hashes (
	idx  INTEGER PRIMARY KEY,
	hash BLOB    NOT NULL
) STRICT;

CREATE TABLE log_checkpoints (
	size       INTEGER PRIMARY KEY,
	note       BLOB    NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
