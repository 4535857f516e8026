// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
)

const logLeafCols = `id, award_id, kind, data, leaf_index, created_at`

func scanLogLeaf(s scanner) (*store.LogLeaf, error) {
	var l store.LogLeaf
	var idx *int64
	if err := s.Scan(&l.ID, idDest{&l.AwardID}, &l.Kind, &l.Data, &idx, timeDest{&l.CreatedAt}); err != nil {
		return nil, err
	}
	l.Index = -1
	if idx != nil {
		l.Index = *idx
	}
	return &l, nil
}

// logRowsPerStatement bounds the rows of one multi-row statement (at most
// 4 parameters a row, far below both databases' limits).
const logRowsPerStatement = 500

func placeholders(n int, row string) string {
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// AppendLogLeaves implements [store.TransparencyLog].
func (c *conn) AppendLogLeaves(ctx context.Context, leaves []*store.LogLeaf) error {
	now := c.clock()
	args := make([]any, 0, 4*logRowsPerStatement)
	for batch := range slices.Chunk(leaves, logRowsPerStatement) {
		args = args[:0]
		for _, l := range batch {
			if l.Kind == "" || len(l.Data) == 0 {
				return fmt.Errorf("sqlstore: log leaf without kind or data")
			}
			args = append(args, nullID(l.AwardID), l.Kind, l.Data, c.d.ts(now))
		}
		q := `INSERT INTO log_leaves (award_id, kind, data, created_at) VALUES ` + placeholders(len(batch), "(?, ?, ?, ?)")
		if _, err := c.exec(ctx, q, args...); err != nil {
			return err
		}
		for _, l := range batch {
			l.CreatedAt, l.Index = now, -1
		}
	}
	return nil
}

// PendingLogLeaves implements [store.TransparencyLog].
func (c *conn) PendingLogLeaves(ctx context.Context, limit int) ([]*store.LogLeaf, error) {
	return list(ctx, c, `SELECT `+logLeafCols+` FROM log_leaves WHERE leaf_index IS NULL ORDER BY id LIMIT ?`,
		[]any{limit}, scanLogLeaf)
}

// IntegrateLogLeaves implements [store.TransparencyLog].
func (c *conn) IntegrateLogLeaves(ctx context.Context, leaves []*store.LogLeaf, hashes []store.LogHash, cp *store.LogCheckpoint) error {
	return c.atomic(ctx, func(c *conn) error {
		for batch := range slices.Chunk(leaves, logRowsPerStatement) {
			// One UPDATE per batch: CASE maps each id to its index; a leaf
			// numbered meanwhile is left alone and counted missing.
			var b strings.Builder
			args := make([]any, 0, 3*len(batch))
			b.WriteString(`UPDATE log_leaves SET leaf_index = CASE id`)
			for _, l := range batch {
				b.WriteString(` WHEN CAST(? AS BIGINT) THEN CAST(? AS BIGINT)`)
				args = append(args, l.ID, l.Index)
			}
			b.WriteString(` END WHERE leaf_index IS NULL AND id IN (` + placeholders(len(batch), "?") + `)`)
			for _, l := range batch {
				args = append(args, l.ID)
			}
			n, err := c.exec(ctx, b.String(), args...)
			if err != nil {
				return err
			}
			if n != len(batch) {
				return fmt.Errorf("sqlstore: %w: log leaves integrated by another sequencer", store.ErrConflict)
			}
		}
		for batch := range slices.Chunk(hashes, logRowsPerStatement) {
			args := make([]any, 0, 2*len(batch))
			for _, h := range batch {
				args = append(args, h.Index, h.Hash)
			}
			if _, err := c.exec(ctx, `INSERT INTO log_hashes (idx, hash) VALUES `+placeholders(len(batch), "(?, ?)"), args...); err != nil {
				return err
			}
		}
		now := c.clock()
		if _, err := c.exec(ctx, `INSERT INTO log_checkpoints (size, note, created_at) VALUES (?, ?, ?)`, cp.Size, cp.Note, c.d.ts(now)); err != nil {
			return err
		}
		cp.CreatedAt = now
		return nil
	})
}

// ReadLogHashes implements [store.TransparencyLog].
func (c *conn) ReadLogHashes(ctx context.Context, indexes []int64) ([][]byte, error) {
	out := make([][]byte, len(indexes))
	at := make(map[int64][]int, len(indexes))
	for i, x := range indexes {
		at[x] = append(at[x], i)
	}
	uniq := make([]int64, 0, len(at))
	for x := range at {
		uniq = append(uniq, x)
	}
	slices.Sort(uniq)
	found := 0
	for batch := range slices.Chunk(uniq, logRowsPerStatement) {
		args := make([]any, len(batch))
		for i, x := range batch {
			args[i] = x
		}
		rows, err := c.query(ctx, `SELECT idx, hash FROM log_hashes WHERE idx IN (`+placeholders(len(batch), "?")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var x int64
			var h []byte
			if err := rows.Scan(&x, &h); err != nil {
				rows.Close()
				return nil, c.err(err)
			}
			for _, i := range at[x] {
				out[i] = h
			}
			found++
		}
		if err := rows.Close(); err != nil {
			return nil, c.err(err)
		}
		if err := rows.Err(); err != nil {
			return nil, c.err(err)
		}
	}
	if found != len(uniq) {
		return nil, fmt.Errorf("sqlstore: %w: log hash", store.ErrNotFound)
	}
	return out, nil
}

// LatestLogCheckpoint implements [store.TransparencyLog].
func (c *conn) LatestLogCheckpoint(ctx context.Context) (*store.LogCheckpoint, error) {
	return c.FindLogCheckpoint(ctx, store.LogCheckpointQuery{})
}

// FindLogCheckpoint implements [store.TransparencyLog].
func (c *conn) FindLogCheckpoint(ctx context.Context, q store.LogCheckpointQuery) (*store.LogCheckpoint, error) {
	query := `SELECT size, note, cosigned, created_at FROM log_checkpoints WHERE size >= ?`
	if q.Cosigned {
		query += ` AND cosigned IS NOT NULL`
	}
	if q.Smallest {
		query += ` ORDER BY size LIMIT 1`
	} else {
		query += ` ORDER BY size DESC LIMIT 1`
	}
	var cp store.LogCheckpoint
	if err := c.row(ctx, query, q.MinSize).Scan(&cp.Size, &cp.Note, &cp.Cosigned, timeDest{&cp.CreatedAt}); err != nil {
		return nil, err
	}
	return &cp, nil
}

// SetLogCheckpointCosigned implements [store.TransparencyLog].
func (c *conn) SetLogCheckpointCosigned(ctx context.Context, size int64, cosigned []byte) error {
	return c.execOne(ctx, `UPDATE log_checkpoints SET cosigned = ? WHERE size = ?`, cosigned, size)
}

const logAnchorCols = `id, tree_size, digest, checkpoint, chain_id, tx_hash, from_address, block_number, block_hash, block_time, created_at`

// CreateLogAnchor implements [store.TransparencyLog].
func (c *conn) CreateLogAnchor(ctx context.Context, a *store.LogAnchor) error {
	now := c.clock()
	err := c.row(ctx, `INSERT INTO log_anchors (tree_size, digest, checkpoint, chain_id, tx_hash, from_address, block_number,
		block_hash, block_time, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.TreeSize, a.Digest, a.Checkpoint, a.ChainID, a.TxHash, a.From, int64(a.BlockNumber), a.BlockHash, c.d.nullTS(a.BlockTime), c.d.ts(now),
	).Scan(&a.ID)
	if err != nil {
		return err
	}
	a.CreatedAt, a.BlockTime = now, normPtr(a.BlockTime)
	return nil
}

// ConfirmLogAnchor implements [store.TransparencyLog].
func (c *conn) ConfirmLogAnchor(ctx context.Context, id int64, blockNumber uint64, blockHash string, blockTime time.Time) error {
	return c.execOne(ctx, `UPDATE log_anchors SET block_number = ?, block_hash = ?, block_time = ? WHERE id = ?`,
		int64(blockNumber), blockHash, c.d.ts(blockTime), id)
}

// FindLogAnchors implements [store.TransparencyLog].
func (c *conn) FindLogAnchors(ctx context.Context, limit int) ([]*store.LogAnchor, error) {
	return list(ctx, c, `SELECT `+logAnchorCols+` FROM log_anchors ORDER BY id DESC LIMIT ?`, []any{limit},
		func(s scanner) (*store.LogAnchor, error) {
			var a store.LogAnchor
			var bn int64
			if err := s.Scan(&a.ID, &a.TreeSize, &a.Digest, &a.Checkpoint, &a.ChainID, &a.TxHash, &a.From, &bn, &a.BlockHash,
				nullTimeDest{&a.BlockTime}, timeDest{&a.CreatedAt}); err != nil {
				return nil, err
			}
			a.BlockNumber = uint64(bn)
			return &a, nil
		})
}

// FindLogLeavesByIndex implements [store.TransparencyLog].
func (c *conn) FindLogLeavesByIndex(ctx context.Context, from, to int64) ([]*store.LogLeaf, error) {
	return list(ctx, c, `SELECT `+logLeafCols+` FROM log_leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index`,
		[]any{from, to}, scanLogLeaf)
}

// FindLogLeavesByAward implements [store.TransparencyLog].
func (c *conn) FindLogLeavesByAward(ctx context.Context, awardID int64) ([]*store.LogLeaf, error) {
	return list(ctx, c, `SELECT `+logLeafCols+` FROM log_leaves WHERE award_id = ? ORDER BY id`, []any{awardID}, scanLogLeaf)
}
