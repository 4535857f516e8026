// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var bulkAwardTests = []test{
	{"BulkAward/CreateFind", testBulkAwardCreateFind},
	{"BulkAward/ManyRows", testBulkAwardManyRows},
	{"BulkAward/Refused", testBulkAwardRefused},
	{"BulkAward/Update", testBulkAwardUpdate},
	{"BulkAward/Find", testBulkAwardFind},
}

// bulkRows returns n pending rows, lines 2 to n+1 (line 1 is the header).
func bulkRows(n int) []*badge.BulkAwardRow {
	rows := make([]*badge.BulkAwardRow, n)
	for i := range rows {
		rows[i] = &badge.BulkAwardRow{Line: i + 2, Email: fmt.Sprintf("r%d@example.com", i), Name: fmt.Sprintf("Recipient %d", i),
			State: badge.RowPending}
	}
	return rows
}

func newBulkAward(t *testing.T, s store.Repos, b *badge.BadgeClass, state string, rows []*badge.BulkAwardRow) *badge.BulkAward {
	t.Helper()
	ba := &badge.BulkAward{OrgID: b.OrgID, BadgeClassID: b.ID, FileName: "cohort.csv", Encoding: "utf-8", State: state, Total: len(rows)}
	wantOK(t, "CreateBulkAward", s.CreateBulkAward(t.Context(), ba, rows))
	return ba
}

func testBulkAwardCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	by := newAccount(t, s, "issuer@example.com")
	b := newBadgeClass(t, s, o.ID, "b-1")
	on := time.Date(2030, 3, 1, 0, 0, 0, 0, time.FixedZone("JST", 9*3600))
	rows := []*badge.BulkAwardRow{
		{Line: 4, Email: "not an address", Name: "Broken", State: badge.RowInvalid, Error: "email: not a valid e-mail address"},
		{Line: 2, Email: "ann@example.com", Name: "アン", EvidenceURL: "https://example.com/e/1", Narrative: "Top of the class.\nWell done.",
			IssuedOn: &on, State: badge.RowPending},
		{Line: 3, Email: "bob@example.com", Name: "Bob", State: badge.RowDuplicate},
	}
	ba := &badge.BulkAward{OrgID: o.ID, BadgeClassID: b.ID, CreatedBy: by.ID, FileName: "名簿.csv", Encoding: "shift_jis",
		State: badge.BulkPreview, Total: 3, Skipped: 1, Failed: 1}
	wantOK(t, "CreateBulkAward", s.CreateBulkAward(ctx, ba, rows))
	if ba.ID <= 0 || ba.CreatedAt.IsZero() {
		t.Errorf("CreateBulkAward set %+v", ba)
	}
	for _, r := range rows {
		if r.BulkID != ba.ID {
			t.Errorf("row %d: BulkID %d, want %d", r.Line, r.BulkID, ba.ID)
		}
	}
	got, err := s.FindBulkAward(ctx, ba.ID)
	wantOK(t, "FindBulkAward", err)
	wantSame(t, "FindBulkAward", got, ba)
	_, err = s.FindBulkAward(ctx, ba.ID+1)
	wantErr(t, "FindBulkAward(missing)", err, store.ErrNotFound)

	items, total, err := s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID})
	wantTotal(t, "FindBulkAwardRows", items, total, err, 3, 3)
	wantSame(t, "FindBulkAwardRows (in line order)", items, []*badge.BulkAwardRow{rows[1], rows[2], rows[0]})
	items, total, err = s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID, State: ptr(badge.RowPending)})
	wantTotal(t, "FindBulkAwardRows{pending}", items, total, err, 1, 1)
	items, total, err = s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID, Page: store.Page{Offset: 1, Limit: 1}})
	wantTotal(t, "FindBulkAwardRows{Offset 1, Limit 1}", items, total, err, 1, 3)
	if len(items) == 1 && items[0].Line != 3 {
		t.Errorf("FindBulkAwardRows{Offset 1, Limit 1} = line %d, want 3", items[0].Line)
	}
	items, total, err = s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID + 1})
	wantTotal(t, "FindBulkAwardRows(missing bulk award)", items, total, err, 0, 0)
}

// testBulkAwardManyRows writes more rows than one INSERT batch holds.
func testBulkAwardManyRows(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	const n = 1201
	rows := bulkRows(n)
	on := time.Date(2030, 1, 2, 3, 4, 5, 6000, time.UTC)
	rows[n-1].IssuedOn, rows[n-1].Narrative = &on, "the last"
	ba := newBulkAward(t, s, newBadgeClass(t, s, o.ID, "b-1"), badge.BulkPreview, rows)
	items, total, err := s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID})
	wantTotal(t, "FindBulkAwardRows", items, total, err, n, n)
	if len(items) == n {
		wantSame(t, "FindBulkAwardRows", items, rows)
	}
}

func testBulkAwardRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	b, theirs := newBadgeClass(t, s, o.ID, "b-1"), newBadgeClass(t, s, other.ID, "b-2")
	create := func(change func(ba *badge.BulkAward, rows []*badge.BulkAwardRow)) error {
		ba := &badge.BulkAward{OrgID: o.ID, BadgeClassID: b.ID, State: badge.BulkPreview}
		rows := bulkRows(3)
		change(ba, rows)
		err := s.CreateBulkAward(ctx, ba, rows)
		if err != nil && (ba.ID != 0 || rows[0].BulkID != 0) {
			t.Errorf("refused CreateBulkAward set ID %d, rows' BulkID %d", ba.ID, rows[0].BulkID)
		}
		return err
	}
	wantInvalid(t, "CreateBulkAward(no badge class)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.BadgeClassID = 0 }), "badge_class_id")
	wantInvalid(t, "CreateBulkAward(unknown state)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.State = "paused" }), "state")
	wantInvalid(t, "CreateBulkAward(row state)", create(func(_ *badge.BulkAward, rows []*badge.BulkAwardRow) { rows[2].State = "" }), "state")
	wantInvalid(t, "CreateBulkAward(line 0)", create(func(_ *badge.BulkAward, rows []*badge.BulkAwardRow) { rows[1].Line = 0 }), "line")
	wantErr(t, "CreateBulkAward(missing org)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.OrgID = other.ID + 1 }), store.ErrNotFound)
	wantErr(t, "CreateBulkAward(missing badge class)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.BadgeClassID = theirs.ID + 1 }), store.ErrNotFound)
	wantErr(t, "CreateBulkAward(badge class of another organisation)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.BadgeClassID = theirs.ID }), store.ErrNotFound)
	wantErr(t, "CreateBulkAward(missing creator)", create(func(ba *badge.BulkAward, _ []*badge.BulkAwardRow) { ba.CreatedBy = 99 }), store.ErrNotFound)
	wantErr(t, "CreateBulkAward(line twice)", create(func(_ *badge.BulkAward, rows []*badge.BulkAwardRow) { rows[2].Line = rows[0].Line }), store.ErrConflict)

	items, total, err := s.FindBulkAwards(ctx, store.BulkAwardFilter{})
	wantTotal(t, "FindBulkAwards after refused creates", items, total, err, 0, 0)
	var n int
	wantOK(t, "count rows", s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM bulk_award_rows`).Scan(&n))
	if n != 0 {
		t.Errorf("bulk award rows after refused creates = %d, want 0", n)
	}
}

func testBulkAwardUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	b := newBadgeClass(t, s, o.ID, "b-1")
	ba := newBulkAward(t, s, b, badge.BulkPreview, bulkRows(3))

	start := time.Now().UTC().Truncate(time.Microsecond)
	got, err := s.UpdateBulkAward(ctx, ba.ID, store.BulkAwardUpdate{State: ptr(badge.BulkRunning), StartedAt: &start})
	wantOK(t, "UpdateBulkAward(running)", err)
	want := *ba
	want.State, want.StartedAt = badge.BulkRunning, &start
	wantSame(t, "UpdateBulkAward(running)", got, &want)
	end := start.Add(time.Minute)
	got, err = s.UpdateBulkAward(ctx, ba.ID, store.BulkAwardUpdate{State: ptr(badge.BulkDone), Issued: ptr(1), Skipped: ptr(1),
		Failed: ptr(1), FinishedAt: &end})
	wantOK(t, "UpdateBulkAward(done)", err)
	want.State, want.Issued, want.Skipped, want.Failed, want.FinishedAt = badge.BulkDone, 1, 1, 1, &end
	wantSame(t, "UpdateBulkAward(done)", got, &want)
	found, err := s.FindBulkAward(ctx, ba.ID)
	wantOK(t, "FindBulkAward", err)
	wantSame(t, "FindBulkAward after updates", found, &want)
	got, err = s.UpdateBulkAward(ctx, ba.ID, store.BulkAwardUpdate{})
	wantOK(t, "UpdateBulkAward(nothing)", err)
	wantSame(t, "UpdateBulkAward(nothing)", got, &want)
	_, err = s.UpdateBulkAward(ctx, ba.ID, store.BulkAwardUpdate{State: ptr("paused")})
	wantInvalid(t, "UpdateBulkAward(unknown state)", err, "state")
	_, err = s.UpdateBulkAward(ctx, ba.ID, store.BulkAwardUpdate{Failed: ptr(-1)})
	wantInvalid(t, "UpdateBulkAward(negative count)", err, "failed")
	_, err = s.UpdateBulkAward(ctx, ba.ID+1, store.BulkAwardUpdate{Issued: ptr(1)})
	wantErr(t, "UpdateBulkAward(missing)", err, store.ErrNotFound)
	_, err = s.UpdateBulkAward(ctx, ba.ID+1, store.BulkAwardUpdate{})
	wantErr(t, "UpdateBulkAward(missing, no change)", err, store.ErrNotFound)

	a := awardFor(b, newSlot(t, s, o.ID), "r0@example.com", "urn-r0")
	a.BulkID = ba.ID
	wantOK(t, "CreateAward(from the bulk award)", s.CreateAward(ctx, a))
	wantOK(t, "UpdateBulkAwardRow(issued)", s.UpdateBulkAwardRow(ctx, ba.ID, 2, badge.RowIssued, "", a.ID))
	wantOK(t, "UpdateBulkAwardRow(failed)", s.UpdateBulkAwardRow(ctx, ba.ID, 3, badge.RowFailed, "signing failed", 0))
	rows, _, err := s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: ba.ID})
	wantOK(t, "FindBulkAwardRows", err)
	if len(rows) != 3 || rows[0].State != badge.RowIssued || rows[0].AwardID != a.ID || rows[1].State != badge.RowFailed ||
		rows[1].Error != "signing failed" || rows[1].AwardID != 0 || rows[2].State != badge.RowPending {
		t.Errorf("rows after UpdateBulkAwardRow = %+v %+v %+v; want issued (award %d), failed, pending", rows[0], rows[1], rows[2], a.ID)
	}
	wantErr(t, "UpdateBulkAwardRow(missing line)", s.UpdateBulkAwardRow(ctx, ba.ID, 9, badge.RowIssued, "", 0), store.ErrNotFound)
	wantErr(t, "UpdateBulkAwardRow(missing bulk award)", s.UpdateBulkAwardRow(ctx, ba.ID+1, 2, badge.RowIssued, "", 0), store.ErrNotFound)
	wantErr(t, "UpdateBulkAwardRow(missing award)", s.UpdateBulkAwardRow(ctx, ba.ID, 4, badge.RowIssued, "", a.ID+1), store.ErrNotFound)
	wantInvalid(t, "UpdateBulkAwardRow(unknown state)", s.UpdateBulkAwardRow(ctx, ba.ID, 4, "done", "", 0), "state")
}

func testBulkAwardFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	b := newBadgeClass(t, s, o.ID, "b-1")
	first := newBulkAward(t, s, b, badge.BulkDone, nil)
	second := newBulkAward(t, s, b, badge.BulkQueued, bulkRows(2))
	third := newBulkAward(t, s, b, badge.BulkQueued, nil)
	theirs := newBulkAward(t, s, newBadgeClass(t, s, other.ID, "b-2"), badge.BulkQueued, nil)

	byID := func(b *badge.BulkAward) int64 { return b.ID }
	find := func(what string, f store.BulkAwardFilter, want ...*badge.BulkAward) {
		t.Helper()
		items, total, err := s.FindBulkAwards(ctx, f)
		if err != nil || total != len(want) {
			t.Errorf("FindBulkAwards(%s) = total %d, %v; want %d", what, total, err, len(want))
		}
		wantSame(t, "FindBulkAwards("+what+") ids", ids(items, byID), ids(want, byID))
	}
	find("{}", store.BulkAwardFilter{}, theirs, third, second, first)
	find("{org}", store.BulkAwardFilter{OrgID: &o.ID}, third, second, first)
	find("{queued}", store.BulkAwardFilter{State: ptr(badge.BulkQueued)}, theirs, third, second)
	find("{org, queued}", store.BulkAwardFilter{OrgID: &o.ID, State: ptr(badge.BulkQueued)}, third, second)
	items, total, err := s.FindBulkAwards(ctx, store.BulkAwardFilter{OrgID: &o.ID, Page: store.Page{Limit: 1, Offset: 1}})
	wantTotal(t, "FindBulkAwards{org, Offset 1, Limit 1}", items, total, err, 1, 3)
	if len(items) == 1 {
		wantSame(t, "FindBulkAwards{org, Offset 1, Limit 1}[0]", items[0], second)
	}
}
