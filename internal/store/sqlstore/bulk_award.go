// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var (
	bulkStates = []string{badge.BulkPreview, badge.BulkQueued, badge.BulkRunning, badge.BulkDone, badge.BulkCancelled}
	rowStates  = []string{badge.RowPending, badge.RowIssued, badge.RowDuplicate, badge.RowInvalid, badge.RowFailed}
)

// oneOf refuses a state that is not one of states.
func oneOf(field, v string, states []string) error {
	if !slices.Contains(states, v) {
		return badge.Invalid(field, badge.KeyKind, field+" must be one of "+strings.Join(states, ", ")+".")
	}
	return nil
}

const bulkAwardCols = `id, org_id, badge_class_id, created_by, file_name, encoding, state, total, issued,
	skipped, failed, created_at, started_at, finished_at`

func scanBulkAward(s scanner) (*badge.BulkAward, error) {
	var b badge.BulkAward
	err := s.Scan(&b.ID, &b.OrgID, &b.BadgeClassID, idDest{&b.CreatedBy}, &b.FileName, &b.Encoding, &b.State,
		&b.Total, &b.Issued, &b.Skipped, &b.Failed, timeDest{&b.CreatedAt}, nullTimeDest{&b.StartedAt},
		nullTimeDest{&b.FinishedAt})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

const bulkRowCols = `bulk_id, line, email, name, evidence_url, narrative, issued_on, state, error, award_id`

func scanBulkAwardRow(s scanner) (*badge.BulkAwardRow, error) {
	var r badge.BulkAwardRow
	err := s.Scan(&r.BulkID, &r.Line, &r.Email, &r.Name, &r.EvidenceURL, &r.Narrative,
		nullTimeDest{&r.IssuedOn}, &r.State, &r.Error, idDest{&r.AwardID})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// bulkRowsPerInsert is how many rows one INSERT writes: 10 parameters a
// row stays well below both SQLite's limit (32766) and PostgreSQL's (65535).
const bulkRowsPerInsert = 500

// bulkRowInsert is the INSERT statement for n rows.
func bulkRowInsert(n int) string {
	values := strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n)
	return `INSERT INTO bulk_award_rows (` + bulkRowCols + `) VALUES ` + strings.TrimSuffix(values, ", ")
}

var fullBulkRowInsert = bulkRowInsert(bulkRowsPerInsert)

// CreateBulkAward implements [store.BulkAwards].
func (c *conn) CreateBulkAward(ctx context.Context, b *badge.BulkAward, rows []*badge.BulkAwardRow) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if err := oneOf("state", b.State, bulkStates); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Line < 1 {
			return badge.Invalid("line", badge.KeyRange, "Line numbers start at 1.")
		}
		if err := oneOf("state", r.State, rowStates); err != nil {
			return err
		}
	}
	now := c.clock()
	var id int64
	err := c.atomic(ctx, func(c *conn) error {
		err := c.row(ctx, `INSERT INTO bulk_awards (org_id, badge_class_id, created_by, file_name, encoding,
			state, total, issued, skipped, failed, created_at, started_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			b.OrgID, b.BadgeClassID, nullID(b.CreatedBy), b.FileName, b.Encoding, b.State, b.Total, b.Issued,
			b.Skipped, b.Failed, c.d.ts(now), c.d.nullTS(b.StartedAt), c.d.nullTS(b.FinishedAt),
		).Scan(&id)
		if err != nil {
			return err
		}
		return c.insertBulkRows(ctx, id, rows)
	})
	if err != nil {
		return err
	}
	b.ID, b.CreatedAt, b.StartedAt, b.FinishedAt = id, now, normPtr(b.StartedAt), normPtr(b.FinishedAt)
	for _, r := range rows {
		r.BulkID, r.IssuedOn = id, normPtr(r.IssuedOn)
	}
	return nil
}

// insertBulkRows writes rows with multi-row INSERTs. It runs in a
// transaction (c.tx is set) and prepares the full-size statement once:
// parsing it is most of the work of each INSERT.
func (c *conn) insertBulkRows(ctx context.Context, bulkID int64, rows []*badge.BulkAwardRow) error {
	var full *sql.Stmt
	if len(rows) >= bulkRowsPerInsert {
		var err error
		if full, err = c.tx.PrepareContext(ctx, c.d.rebind(fullBulkRowInsert)); err != nil {
			return c.err(err)
		}
		defer full.Close()
	}
	args := make([]any, 0, 10*bulkRowsPerInsert)
	for batch := range slices.Chunk(rows, bulkRowsPerInsert) {
		args = args[:0]
		for _, r := range batch {
			args = append(args, bulkID, r.Line, r.Email, r.Name, r.EvidenceURL, r.Narrative,
				c.d.nullTS(r.IssuedOn), r.State, r.Error, nullID(r.AwardID))
		}
		var err error
		if len(batch) == bulkRowsPerInsert {
			_, err = full.ExecContext(ctx, args...)
			err = c.err(err)
		} else {
			_, err = c.exec(ctx, bulkRowInsert(len(batch)), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// FindBulkAward implements [store.BulkAwards].
func (c *conn) FindBulkAward(ctx context.Context, id int64) (*badge.BulkAward, error) {
	return scanBulkAward(c.row(ctx, `SELECT `+bulkAwardCols+` FROM bulk_awards WHERE id = ?`, id))
}

// FindBulkAwards implements [store.BulkAwards].
func (c *conn) FindBulkAwards(ctx context.Context, f store.BulkAwardFilter) ([]*badge.BulkAward, int, error) {
	var w where
	if f.OrgID != nil {
		w.add("org_id = ?", *f.OrgID)
	}
	if f.State != nil {
		w.add("state = ?", *f.State)
	}
	lq := listQuery{cols: bulkAwardCols, from: "bulk_awards", order: "id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanBulkAward)
}

// FindBulkAwardRows implements [store.BulkAwards].
func (c *conn) FindBulkAwardRows(ctx context.Context, f store.BulkAwardRowFilter) ([]*badge.BulkAwardRow, int, error) {
	var w where
	w.add("bulk_id = ?", f.BulkID)
	if f.State != nil {
		w.add("state = ?", *f.State)
	}
	lq := listQuery{cols: bulkRowCols, from: "bulk_award_rows", order: "line"}
	return findPage(ctx, c, lq, &w, f.Page, scanBulkAwardRow)
}

// UpdateBulkAward implements [store.BulkAwards]. It also returns a
// *badge.Error for an unknown state or a negative count.
func (c *conn) UpdateBulkAward(ctx context.Context, id int64, upd store.BulkAwardUpdate) (*badge.BulkAward, error) {
	var s assignments
	if upd.State != nil {
		if err := oneOf("state", *upd.State, bulkStates); err != nil {
			return nil, err
		}
		s.add("state", *upd.State)
	}
	for _, n := range []struct {
		col string
		v   *int
	}{{"issued", upd.Issued}, {"skipped", upd.Skipped}, {"failed", upd.Failed}} {
		if n.v == nil {
			continue
		}
		if *n.v < 0 {
			return nil, badge.Invalid(n.col, badge.KeyRange, n.col+" must not be negative.")
		}
		s.add(n.col, *n.v)
	}
	if upd.StartedAt != nil {
		s.add("started_at", c.d.ts(*upd.StartedAt))
	}
	if upd.FinishedAt != nil {
		s.add("finished_at", c.d.ts(*upd.FinishedAt))
	}
	if len(s.terms) == 0 {
		return c.FindBulkAward(ctx, id)
	}
	return scanBulkAward(c.row(ctx, `UPDATE bulk_awards SET `+s.sql()+` WHERE id = ? RETURNING `+bulkAwardCols,
		append(s.args, id)...))
}

// UpdateBulkAwardRow implements [store.BulkAwards]. It also returns a
// *badge.Error for an unknown state, and ErrNotFound if the award does
// not exist.
func (c *conn) UpdateBulkAwardRow(ctx context.Context, bulkID int64, line int, state, errText string, awardID int64) error {
	if err := oneOf("state", state, rowStates); err != nil {
		return err
	}
	return c.execOne(ctx, `UPDATE bulk_award_rows SET state = ?, error = ?, award_id = ? WHERE bulk_id = ? AND line = ?`,
		state, errText, nullID(awardID), bulkID, line)
}
