-- SPDX-License-Identifier: Apache-2.0
-- Witnessed checkpoints and chain anchors of the transparency log. A
-- checkpoint's note stays as the log signed it; cosigned is the same
-- checkpoint with the witnesses' cosignatures, set once enough witnesses
-- signed it. An anchor is a transaction that wrote a checkpoint's digest
-- into a public chain, with that checkpoint's body (its digest is the
-- anchored value): block_number is 0 until it was mined.
ALTER TABLE log_checkpoints ADD COLUMN cosigned BLOB;
CREATE INDEX log_checkpoints_cosigned ON log_checkpoints (size) WHERE cosigned IS NOT NULL;

CREATE TABLE log_anchors (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	tree_size    INTEGER NOT NULL,
	digest       TEXT NOT NULL,
	checkpoint   TEXT NOT NULL,
	chain_id     TEXT NOT NULL,
	tx_hash      TEXT NOT NULL UNIQUE,
	from_address TEXT NOT NULL,
	block_number INTEGER NOT NULL DEFAULT 0,
	block_hash   TEXT NOT NULL DEFAULT '',
	block_time   INTEGER,
	created_at   INTEGER NOT NULL
) STRICT;
