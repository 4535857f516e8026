// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"
)

// LogLeaf is one record of the transparency log as stored: its bytes (a
// tlog leaf, no personal data), the award it records, and its index in
// the tree once the sequencer has integrated it (-1 until then).
type LogLeaf struct {
	ID        int64
	AwardID   int64 // 0: not an award's (a status-list version)
	Kind      string
	Data      []byte
	Index     int64
	CreatedAt time.Time
}

// LogHash is one stored hash of the tree, at its storage index.
type LogHash struct {
	Index int64
	Hash  []byte
}

// LogCheckpoint is a signed checkpoint of the tree at Size.
type LogCheckpoint struct {
	Size int64
	Note []byte // as the log signed it
	// Cosigned is the checkpoint with its witnesses' cosignatures; nil
	// until enough witnesses signed it.
	Cosigned  []byte
	CreatedAt time.Time
}

// LogCheckpointQuery picks one checkpoint for [TransparencyLog.FindLogCheckpoint].
type LogCheckpointQuery struct {
	MinSize  int64 // size >= MinSize
	Cosigned bool  // only checkpoints with cosignatures
	Smallest bool  // the smallest match; false: the largest
}

// LogAnchor is a transaction that wrote the digest of a checkpoint into a
// public chain (see package anchor). BlockNumber is 0 until it is mined.
type LogAnchor struct {
	ID          int64
	TreeSize    int64
	Digest      string // hex SHA-256 of Checkpoint
	Checkpoint  string // the anchored checkpoint's body (note text)
	ChainID     string
	TxHash      string
	From        string
	BlockNumber uint64
	BlockHash   string
	BlockTime   *time.Time
	CreatedAt   time.Time
}

// TransparencyLog stores the transparency log. Leaves are appended in the
// transaction that issues what they record; one sequencer at a time
// integrates them (numbers them, stores the tree's new hashes and a new
// checkpoint) in another transaction. Nothing is ever updated in place or
// deleted, except the one-time numbering of a leaf.
type TransparencyLog interface {
	// AppendLogLeaves inserts leaves, not yet integrated, setting their
	// CreatedAt. Thousands are fine: they are written in batches.
	AppendLogLeaves(ctx context.Context, leaves []*LogLeaf) error
	// PendingLogLeaves returns up to limit leaves not yet integrated, in
	// the order they were appended.
	PendingLogLeaves(ctx context.Context, limit int) ([]*LogLeaf, error)
	// IntegrateLogLeaves numbers the leaves (each leaf's Index must be
	// set), stores the tree's new hashes and the checkpoint, all or
	// nothing. A leaf already numbered, a hash index or a checkpoint size
	// already stored returns an error wrapping ErrConflict (another
	// sequencer won).
	IntegrateLogLeaves(ctx context.Context, leaves []*LogLeaf, hashes []LogHash, cp *LogCheckpoint) error
	// ReadLogHashes returns the stored hashes at indexes, in that order;
	// ErrNotFound if one is missing.
	ReadLogHashes(ctx context.Context, indexes []int64) ([][]byte, error)
	// LatestLogCheckpoint returns the checkpoint of the largest tree;
	// ErrNotFound if none was signed yet.
	LatestLogCheckpoint(ctx context.Context) (*LogCheckpoint, error)
	// FindLogCheckpoint returns the checkpoint q picks; ErrNotFound if
	// none matches.
	FindLogCheckpoint(ctx context.Context, q LogCheckpointQuery) (*LogCheckpoint, error)
	// SetLogCheckpointCosigned stores the cosigned form of the checkpoint
	// of size; ErrNotFound if there is none.
	SetLogCheckpointCosigned(ctx context.Context, size int64, cosigned []byte) error
	// CreateLogAnchor stores a sent anchor transaction, setting ID and
	// CreatedAt.
	CreateLogAnchor(ctx context.Context, a *LogAnchor) error
	// ConfirmLogAnchor records the block that mined an anchor.
	ConfirmLogAnchor(ctx context.Context, id int64, blockNumber uint64, blockHash string, blockTime time.Time) error
	// FindLogAnchors returns up to limit anchors, newest first.
	FindLogAnchors(ctx context.Context, limit int) ([]*LogAnchor, error)
	// FindLogLeavesByIndex returns the integrated leaves with from <= Index
	// < to, in index order.
	FindLogLeavesByIndex(ctx context.Context, from, to int64) ([]*LogLeaf, error)
	// FindLogLeavesByAward returns the award's leaves in append order.
	FindLogLeavesByAward(ctx context.Context, awardID int64) ([]*LogLeaf, error)
}
