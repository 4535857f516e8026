// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// bulkChunk is how many rows one transaction of a bulk award issues: large
// enough that commits are cheap per award, small enough that a restart
// repeats little and the database lock is held for tens of milliseconds.
const bulkChunk = 200

// BulkPreview is a parsed CSV award waiting for confirmation: the problems
// name every bad row by line; only the good rows will be issued.
type BulkPreview struct {
	Bulk     *badge.BulkAward
	Valid    int // rows that will be issued
	Problems []awardcsv.Problem
}

// PrepareBulkAward reads a cohort CSV for a badge and stores it as a bulk
// award in preview: nothing is issued until [Service.ConfirmBulkAward].
// A file that cannot be read at all is an error; bad rows are problems.
func (s *Service) PrepareBulkAward(ctx context.Context, orgID, classID int64, fileName string, r io.Reader) (*BulkPreview, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleIssuer); err != nil {
		return nil, err
	}
	b, err := s.orgBadgeClass(ctx, s.Store, orgID, classID)
	if err != nil {
		return nil, err
	}
	if b.ArchivedAt != nil {
		return nil, badge.Invalid("badge_class_id", "award.badge_archived", "This badge is archived; restore it before awarding it.")
	}
	res, err := awardcsv.Parse(r, awardcsv.Options{Now: s.now()})
	if err != nil {
		var fe *awardcsv.FileError
		if errors.As(err, &fe) {
			e := badge.Invalid("file", fe.Key, fe.Message)
			e.Err = fe // the surface fills the message's values from it
			return nil, e
		}
		return nil, badge.Invalid("file", "csv.unreadable", "The file could not be read as CSV: "+err.Error())
	}
	bad := map[int]string{}
	for _, p := range res.Problems {
		if !p.Warning && bad[p.Line] == "" {
			bad[p.Line] = p.Message
		}
	}
	rows := make([]*badge.BulkAwardRow, 0, len(res.Rows)+len(bad))
	valid := 0
	for _, r := range res.Rows {
		row := &badge.BulkAwardRow{Line: r.Line, Email: r.Email, Name: r.Name, EvidenceURL: r.EvidenceURL, Narrative: r.Narrative, State: badge.RowPending}
		if !r.IssuedOn.IsZero() {
			row.IssuedOn = new(r.IssuedOn)
		}
		if msg, ok := bad[r.Line]; ok {
			row.State, row.Error = badge.RowInvalid, msg
			delete(bad, r.Line)
		} else {
			valid++
		}
		rows = append(rows, row)
	}
	// Rows the parser could not turn into a Row at all still get a line.
	for line, msg := range bad {
		rows = append(rows, &badge.BulkAwardRow{Line: line, State: badge.RowInvalid, Error: msg})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Line < rows[j].Line })
	ba := &badge.BulkAward{OrgID: orgID, BadgeClassID: classID, CreatedBy: ActorFrom(ctx).AccountID,
		FileName: trimName(fileName), Encoding: res.Encoding, State: badge.BulkPreview,
		Total: len(rows), Failed: len(rows) - valid}
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if err := tx.CreateBulkAward(ctx, ba, rows); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "bulk.prepare", "bulk_award", fmt.Sprint(ba.ID), detail("file", ba.FileName, "rows", fmt.Sprint(len(rows))))
	})
	if err != nil {
		return nil, err
	}
	return &BulkPreview{Bulk: ba, Valid: valid, Problems: res.Problems}, nil
}

// trimName keeps a file name short and printable for the history.
func trimName(n string) string {
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, n)
	if r := []rune(n); len(r) > 100 {
		n = string(r[:100])
	}
	return n
}

// ConfirmBulkAward starts issuing a previewed bulk award: the job is
// enqueued in the same transaction, so it runs exactly when the
// confirmation committed.
func (s *Service) ConfirmBulkAward(ctx context.Context, orgID, bulkID int64) (*badge.BulkAward, error) {
	var out *badge.BulkAward
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		b, err := s.orgBulk(ctx, tx, orgID, bulkID)
		if err != nil {
			return err
		}
		if b.State != badge.BulkPreview {
			return badge.Invalid("bulk", "bulk.not_preview", "This CSV award was already confirmed or cancelled.")
		}
		if out, err = tx.UpdateBulkAward(ctx, bulkID, store.BulkAwardUpdate{State: new(badge.BulkQueued)}); err != nil {
			return err
		}
		if s.EnqueueBulkAward != nil {
			if err := s.EnqueueBulkAward(ctx, tx, bulkID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, orgID, "bulk.confirm", "bulk_award", fmt.Sprint(bulkID), "")
	})
	return out, err
}

// CancelBulkAward drops a bulk award still in preview.
func (s *Service) CancelBulkAward(ctx context.Context, orgID, bulkID int64) error {
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		b, err := s.orgBulk(ctx, tx, orgID, bulkID)
		if err != nil {
			return err
		}
		if b.State != badge.BulkPreview {
			return badge.Invalid("bulk", "bulk.not_preview", "This CSV award was already confirmed or cancelled.")
		}
		if _, err := tx.UpdateBulkAward(ctx, bulkID, store.BulkAwardUpdate{State: new(badge.BulkCancelled)}); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "bulk.cancel", "bulk_award", fmt.Sprint(bulkID), "")
	})
}

// BulkAward returns a bulk award (its progress), for staff.
func (s *Service) BulkAward(ctx context.Context, orgID, bulkID int64) (*badge.BulkAward, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, err
	}
	return s.orgBulk(ctx, s.Store, orgID, bulkID)
}

// BulkAwards lists the organisation's bulk awards, newest first.
func (s *Service) BulkAwards(ctx context.Context, orgID int64, page store.Page) ([]*badge.BulkAward, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, 0, err
	}
	return s.Store.FindBulkAwards(ctx, store.BulkAwardFilter{OrgID: &orgID, Page: page})
}

// BulkAwardRows lists a bulk award's rows, in line order.
func (s *Service) BulkAwardRows(ctx context.Context, orgID, bulkID int64, state *string, page store.Page) ([]*badge.BulkAwardRow, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, 0, err
	}
	if _, err := s.orgBulk(ctx, s.Store, orgID, bulkID); err != nil {
		return nil, 0, err
	}
	return s.Store.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: bulkID, State: state, Page: page})
}

func (s *Service) orgBulk(ctx context.Context, r store.Repos, orgID, id int64) (*badge.BulkAward, error) {
	b, err := r.FindBulkAward(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && b.OrgID != orgID {
		return nil, badge.NotFound("error.not_found", "No such CSV award.")
	}
	return b, err
}

// RunBulkAward issues a confirmed bulk award's pending rows, a chunk per
// transaction; each row's award and its new state commit together, and the
// award's idempotency key names the row, so a run stopped at any point
// (crash, restart, deploy) resumes where it stopped and never issues a row
// twice. A recipient who already holds the badge (unrevoked) is skipped as
// a duplicate. It is the bulk award job's work; it runs as the system, on
// behalf of the staff member who confirmed.
func (s *Service) RunBulkAward(ctx context.Context, bulkID int64) error {
	b, err := s.Store.FindBulkAward(ctx, bulkID)
	if err != nil {
		return err
	}
	switch b.State {
	case badge.BulkDone, badge.BulkCancelled, badge.BulkPreview:
		return nil
	}
	ctx = WithActor(ctx, Actor{AccountID: b.CreatedBy, System: true})
	if b.StartedAt == nil {
		if b, err = s.Store.UpdateBulkAward(ctx, bulkID, store.BulkAwardUpdate{State: new(badge.BulkRunning), StartedAt: new(s.now())}); err != nil {
			return err
		}
	}
	if err := s.runBulkPipeline(ctx, b); err != nil {
		return err
	}
	_, err = s.Store.UpdateBulkAward(ctx, bulkID, store.BulkAwardUpdate{State: new(badge.BulkDone), FinishedAt: new(s.now())})
	return err
}

// runBulkPipeline issues every pending row, a chunk at a time, signing the
// next chunk (outside any transaction, on every core) while the current one
// is being stored: signing and storage take turns on the same rows but
// overlap across chunks.
func (s *Service) runBulkPipeline(ctx context.Context, b *badge.BulkAward) error {
	rows, _, err := s.Store.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: b.ID, State: new(badge.RowPending)})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	issued, err := s.bulkIssued(ctx, b)
	if err != nil {
		return err
	}
	// Every slot at once: the preparer then never waits for the write lock
	// the storer holds.
	slots, err := s.allocateSlots(ctx, b.OrgID, len(rows))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *preparedChunk, 1)
	prepErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		seen := map[string]bool{}
		for i := 0; i < len(rows); i += bulkChunk {
			j := min(i+bulkChunk, len(rows))
			pc, err := s.prepareChunk(ctx, b, rows[i:j], slots[i:j], seen, issued)
			if err != nil {
				prepErr <- err
				return
			}
			select {
			case chunks <- pc:
			case <-ctx.Done():
				prepErr <- ctx.Err()
				return
			}
		}
		prepErr <- nil
	}()
	for pc := range chunks {
		if err := s.storeChunk(ctx, b, pc); err != nil {
			cancel()
			for range chunks { // let the preparer stop
			}
			return err
		}
	}
	return <-prepErr
}

// runBulkChunk issues up to bulkChunk pending rows, preparing and storing
// them in turn, and reports whether none were left.
func (s *Service) runBulkChunk(ctx context.Context, b *badge.BulkAward) (done bool, err error) {
	rows, _, err := s.Store.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: b.ID, State: new(badge.RowPending), Page: store.Page{Limit: bulkChunk}})
	if err != nil || len(rows) == 0 {
		return err == nil, err
	}
	slots, err := s.allocateSlots(ctx, b.OrgID, len(rows))
	if err != nil {
		return false, err
	}
	issued, err := s.bulkIssued(ctx, b)
	if err != nil {
		return false, err
	}
	pc, err := s.prepareChunk(ctx, b, rows, slots, map[string]bool{}, issued)
	if err != nil {
		return false, err
	}
	return false, s.storeChunk(ctx, b, pc)
}

// bulkRowKey is the idempotency key of a CSV award's row.
func bulkRowKey(bulkID int64, line int) string { return fmt.Sprintf("bulk:%d:%d", bulkID, line) }

// bulkIssued maps the idempotency keys of a bulk award's awards already
// issued (by a run that stopped before recording its rows) to their ids:
// one query per run instead of one per row.
func (s *Service) bulkIssued(ctx context.Context, b *badge.BulkAward) (map[string]int64, error) {
	as, _, err := s.Store.FindAwards(ctx, store.AwardFilter{OrgID: &b.OrgID, BulkID: &b.ID})
	if err != nil {
		return nil, err
	}
	m := make(map[string]int64, len(as))
	for _, a := range as {
		m[a.IdempotencyKey] = a.ID
	}
	return m, nil
}

// allocateSlots reserves n revocation status-list slots. Slots are never
// reused, even those of rows that end up not issued.
func (s *Service) allocateSlots(ctx context.Context, orgID int64, n int) ([]store.StatusSlot, error) {
	var slots []store.StatusSlot
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var err error
		slots, err = tx.AllocateStatusSlots(ctx, orgID, badge.StatusRevocation, n)
		return err
	})
	return slots, err
}

// preparedChunk is a chunk of rows checked and signed, ready to store.
type preparedChunk struct {
	ic       *issueContext
	rows     []*badge.BulkAwardRow
	outcomes []rowOutcome
}

// prepareChunk checks a chunk's rows in line order (already issued by an
// earlier run, duplicate, invalid), reserves their status-list slots and
// signs them. Nothing of it is stored but the slots, which are never
// reused even if the chunk is not stored in the end.
func (s *Service) prepareChunk(ctx context.Context, b *badge.BulkAward, rows []*badge.BulkAwardRow, slots []store.StatusSlot, seen map[string]bool, issued map[string]int64) (*preparedChunk, error) {
	ic, err := s.newIssueContext(ctx, s.Store, b.OrgID, b.BadgeClassID)
	if err != nil {
		return nil, err
	}
	ic.collectMail = true
	if err := ic.checkSchemaOnce(); err != nil {
		return nil, err
	}
	outcomes := make([]rowOutcome, len(rows))
	for i, r := range rows {
		if outcomes[i], err = s.checkBulkRow(ctx, s.Store, ic, b, r, slots[i], seen, issued); err != nil {
			return nil, err
		}
	}
	signAll(s, ic, outcomes)
	return &preparedChunk{ic: ic, rows: rows, outcomes: outcomes}, nil
}

// storeChunk stores a prepared chunk in one transaction: each award with
// its e-mail and its row's new state, the mail jobs, the progress counts.
func (s *Service) storeChunk(ctx context.Context, b *badge.BulkAward, pc *preparedChunk) error {
	ic := pc.ic
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		ic.mailIDs, ic.logLeaves = ic.mailIDs[:0], ic.logLeaves[:0]
		cur, err := tx.FindBulkAward(ctx, b.ID)
		if err != nil {
			return err
		}
		issued, skipped, failed := cur.Issued, cur.Skipped, cur.Failed
		for i, r := range pc.rows {
			o := pc.outcomes[i] // a copy: a retried transaction starts afresh
			if o.pending != nil && o.err == nil {
				if err := s.storeAward(ctx, tx, ic, o.pending); err != nil {
					if badge.ErrorCode(err) != badge.CodeInvalid {
						return err
					}
					o.err = err
				} else {
					o.state, o.awardID = badge.RowIssued, o.pending.a.ID
				}
			}
			if o.err != nil {
				o.state, o.errText = badge.RowFailed, badge.ErrorMessage(o.err)
			}
			switch o.state {
			case badge.RowIssued:
				issued++
			case badge.RowDuplicate:
				skipped++
			default:
				failed++
			}
			if err := tx.UpdateBulkAwardRow(ctx, b.ID, r.Line, o.state, o.errText, o.awardID); err != nil {
				return err
			}
		}
		if err := s.flushLog(ctx, tx, ic); err != nil {
			return err
		}
		if s.EnqueueMail != nil && len(ic.mailIDs) > 0 {
			if err := s.EnqueueMail(ctx, tx, ic.mailIDs...); err != nil {
				return err
			}
		}
		_, err = tx.UpdateBulkAward(ctx, b.ID, store.BulkAwardUpdate{Issued: &issued, Skipped: &skipped, Failed: &failed})
		return err
	})
}

// rowOutcome is what became of one row of a chunk.
type rowOutcome struct {
	state, errText string
	awardID        int64
	pending        *pendingAward // to sign and store
	err            error         // the row's own problem (it fails, the chunk goes on)
}

// checkBulkRow decides a row's fate before signing. Only database failures
// are errors (the chunk is retried); a row's own problem is its outcome.
func (s *Service) checkBulkRow(ctx context.Context, tx store.Repos, ic *issueContext, b *badge.BulkAward, r *badge.BulkAwardRow, slot store.StatusSlot, seen map[string]bool, issued map[string]int64) (rowOutcome, error) {
	key := bulkRowKey(b.ID, r.Line)
	if id, ok := issued[key]; ok {
		return rowOutcome{state: badge.RowIssued, awardID: id}, nil
	}
	email := badge.NormalizeEmail(r.Email)
	n, err := tx.CountAwards(ctx, store.AwardFilter{OrgID: &b.OrgID, BadgeClassID: &b.BadgeClassID, RecipientEmail: &email, Revoked: new(false)})
	if err != nil {
		return rowOutcome{}, err
	}
	if n > 0 || seen[email] {
		return rowOutcome{state: badge.RowDuplicate, errText: "This recipient already holds the badge."}, nil
	}
	seen[email] = true
	in := AwardInput{BadgeClassID: b.BadgeClassID, Email: r.Email, Name: r.Name, EvidenceURL: r.EvidenceURL, Narrative: r.Narrative, IdempotencyKey: key}
	if r.IssuedOn != nil {
		in.IssuedOn = *r.IssuedOn
	}
	p, err := s.newAward(ctx, tx, ic, in, slot, b.ID)
	if err != nil {
		if badge.ErrorCode(err) == badge.CodeInvalid {
			return rowOutcome{err: err}, nil
		}
		return rowOutcome{}, err
	}
	return rowOutcome{pending: p}, nil
}

// signAll signs the pending awards of outcomes with one worker per CPU.
func signAll(s *Service, ic *issueContext, outcomes []rowOutcome) {
	work := make(chan *rowOutcome)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for o := range work {
				o.err = o.pending.sign(s, ic)
			}
		})
	}
	for i := range outcomes {
		if outcomes[i].pending != nil {
			work <- &outcomes[i]
		}
	}
	close(work)
	wg.Wait()
}

// ResumeBulkAwards re-runs bulk awards left queued or running (after a
// crash or restart when no job queue carries them).
func (s *Service) ResumeBulkAwards(ctx context.Context) error {
	for _, st := range []string{badge.BulkRunning, badge.BulkQueued} {
		bs, _, err := s.Store.FindBulkAwards(ctx, store.BulkAwardFilter{State: new(st)})
		if err != nil {
			return err
		}
		for _, b := range bs {
			if err := s.RunBulkAward(ctx, b.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
