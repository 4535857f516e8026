// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const statusListCols = `id, org_id, purpose, bits, next_index, credential, updated_at, created_at`

// openList is the condition of the partial index status_lists_open,
// spelled the same so that SQLite uses the index.
var openList = "next_index < " + strconv.Itoa(badge.StatusListSize)

func scanStatusList(s scanner) (*badge.StatusList, error) {
	var l badge.StatusList
	err := s.Scan(&l.ID, &l.OrgID, &l.Purpose, &l.Bits, &l.NextIndex, &l.Credential,
		timeDest{&l.UpdatedAt}, timeDest{&l.CreatedAt})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// AllocateStatusSlots implements [store.StatusLists].
//
// Each pass takes as many entries as it can from the open list (the one
// with free entries) with a conditional increment of next_index. On
// PostgreSQL a concurrent transaction that took entries first holds the
// row lock; this one waits, the condition is checked again on the new
// row, and if it no longer holds nothing is taken and the pass repeats.
// SQLite runs one writer at a time, so passes never collide there.
func (c *conn) AllocateStatusSlots(ctx context.Context, orgID int64, purpose string, n int) ([]store.StatusSlot, error) {
	if purpose != badge.StatusRevocation && purpose != badge.StatusSuspension {
		return nil, badge.Invalid("purpose", badge.KeyKind, "purpose must be revocation or suspension.")
	}
	if n < 1 {
		return nil, badge.Invalid("n", badge.KeyRange, "At least one status entry must be allocated.")
	}
	var slots []store.StatusSlot
	err := c.atomic(ctx, func(c *conn) error {
		slots = make([]store.StatusSlot, 0, n)
		for len(slots) < n {
			var id int64
			var next int
			err := c.row(ctx, `SELECT id, next_index FROM status_lists
				WHERE org_id = ? AND purpose = ? AND `+openList, orgID, purpose).Scan(&id, &next)
			if errors.Is(err, store.ErrNotFound) {
				err = c.openStatusList(ctx, orgID, purpose)
				if err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			k := min(n-len(slots), badge.StatusListSize-next)
			var end int
			err = c.row(ctx, `UPDATE status_lists SET next_index = next_index + ?
				WHERE id = ? AND next_index + ? <= ? RETURNING next_index`,
				k, id, k, badge.StatusListSize).Scan(&end)
			if errors.Is(err, store.ErrNotFound) {
				continue // another transaction took entries meanwhile: look again
			}
			if err != nil {
				return err
			}
			for i := end - k; i < end; i++ {
				slots = append(slots, store.StatusSlot{ListID: id, Index: i})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slots, nil
}

// openStatusList adds an empty list unless another transaction just did
// (the unique index status_lists_open allows one open list per purpose).
func (c *conn) openStatusList(ctx context.Context, orgID int64, purpose string) error {
	now := c.d.ts(c.clock())
	_, err := c.exec(ctx, `INSERT INTO status_lists (org_id, purpose, bits, next_index, created_at, updated_at)
		VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING`,
		orgID, purpose, make([]byte, badge.StatusListSize/8), now, now)
	return err
}

// FindStatusList implements [store.StatusLists].
func (c *conn) FindStatusList(ctx context.Context, id int64) (*badge.StatusList, error) {
	return scanStatusList(c.row(ctx, `SELECT `+statusListCols+` FROM status_lists WHERE id = ?`, id))
}

// FindStatusLists implements [store.StatusLists].
func (c *conn) FindStatusLists(ctx context.Context, orgID int64) ([]*badge.StatusList, error) {
	return list(ctx, c, `SELECT `+statusListCols+` FROM status_lists WHERE org_id = ? ORDER BY id`,
		[]any{orgID}, scanStatusList)
}

// SetStatusBits implements [store.StatusLists].
func (c *conn) SetStatusBits(ctx context.Context, listID int64, indexes []int, value bool) error {
	for _, i := range indexes {
		if err := checkStatusIndex(i); err != nil {
			return err
		}
	}
	return c.atomic(ctx, func(c *conn) error {
		// Written before the bits are read, so that the row is locked
		// first: two concurrent calls then apply one after the other, the
		// second to the bits the first wrote.
		if err := c.execOne(ctx, `UPDATE status_lists SET credential = NULL WHERE id = ?`, listID); err != nil {
			return err
		}
		var bits []byte
		var updated time.Time
		err := c.row(ctx, `SELECT bits, updated_at FROM status_lists WHERE id = ?`, listID).
			Scan(&bits, timeDest{&updated})
		if err != nil {
			return err
		}
		if len(bits) != badge.StatusListSize/8 {
			return fmt.Errorf("sqlstore: status list %d holds %d bytes, want %d", listID, len(bits), badge.StatusListSize/8)
		}
		for _, i := range indexes {
			mask := byte(0x80) >> (i % 8) // index 0 is the first byte's top bit
			if value {
				bits[i/8] |= mask
			} else {
				bits[i/8] &^= mask
			}
		}
		// Strictly later than before, even within one tick of the clock,
		// so that SetStatusListCredential can tell that the bits changed.
		now := c.clock()
		if !now.After(updated) {
			now = updated.Add(time.Microsecond)
		}
		return c.execOne(ctx, `UPDATE status_lists SET bits = ?, updated_at = ? WHERE id = ?`,
			bits, c.d.ts(now), listID)
	})
}

// SetStatusListCredential implements [store.StatusLists]. It returns
// ErrNotFound if there is no such list.
func (c *conn) SetStatusListCredential(ctx context.Context, listID int64, cred []byte, updatedAt time.Time) error {
	n, err := c.exec(ctx, `UPDATE status_lists SET credential = ? WHERE id = ? AND updated_at <= ?`,
		nullText(cred), listID, c.d.ts(updatedAt))
	if err != nil || n > 0 {
		return err
	}
	// Nothing stored: the bits changed since updatedAt, or there is no such list.
	var one int
	return c.row(ctx, `SELECT 1 FROM status_lists WHERE id = ?`, listID).Scan(&one)
}
