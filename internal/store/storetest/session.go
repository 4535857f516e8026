// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var sessionTests = []test{
	{"Session/CreateFind", testSessionCreateFind},
	{"Session/ExpiredIgnored", testSessionExpired},
	{"Session/Update", testSessionUpdate},
	{"Session/Refused", testSessionRefused},
	{"Session/Delete", testSessionDelete},
}

func testSessionCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	x := newSession(t, s, a, "cookie", time.Now().Add(hour))
	if x.CreatedAt.IsZero() || !x.LastSeenAt.Equal(x.CreatedAt) || x.OrgID != 0 {
		t.Errorf("CreateSession set %+v; want CreatedAt = LastSeenAt, no org", x)
	}
	got, err := s.FindSessionByID(ctx, x.ID)
	wantOK(t, "FindSessionByID", err)
	wantSame(t, "FindSessionByID", got, x)
	_, err = s.FindSessionByID(ctx, sessionID("other"))
	wantErr(t, "FindSessionByID(unknown)", err, store.ErrNotFound)
}

func testSessionExpired(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	old := newSession(t, s, a, "old", time.Now().Add(-time.Minute))
	live := newSession(t, s, a, "live", time.Now().Add(hour))
	_, err := s.FindSessionByID(ctx, old.ID)
	wantErr(t, "FindSessionByID(expired)", err, store.ErrNotFound)
	_, err = s.UpdateSession(ctx, old.ID, store.SessionUpdate{LastSeenAt: ptr(time.Now())})
	wantErr(t, "UpdateSession(expired)", err, store.ErrNotFound)
	items, total, err := s.FindSessions(ctx, store.SessionFilter{AccountID: &a.ID})
	wantTotal(t, "FindSessions{AccountID}", items, total, err, 1, 1)
	if len(items) == 1 && items[0].ID != live.ID {
		t.Errorf("FindSessions listed %s, want only the live session", items[0].ID)
	}
	n, err := s.DeleteExpiredSessions(ctx)
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
}

func testSessionUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, o := newAccount(t, s, "ann@example.com"), newOrg(t, s, "acme")
	x := newSession(t, s, a, "cookie", time.Now().Add(hour))
	seen, until := time.Now().Add(time.Minute), time.Now().Add(2*hour)
	got, err := s.UpdateSession(ctx, x.ID, store.SessionUpdate{OrgID: &o.ID, LastSeenAt: &seen, ExpiresAt: &until})
	wantOK(t, "UpdateSession", err)
	want := *x
	want.OrgID, want.LastSeenAt, want.ExpiresAt = o.ID, seen.UTC().Truncate(time.Microsecond), until.UTC().Truncate(time.Microsecond)
	wantSame(t, "UpdateSession", got, &want)
	found, err := s.FindSessionByID(ctx, x.ID)
	wantOK(t, "FindSessionByID", err)
	wantSame(t, "FindSessionByID after update", found, &want)
	_, err = s.UpdateSession(ctx, x.ID, store.SessionUpdate{OrgID: ptr(o.ID + 99)})
	wantErr(t, "UpdateSession(missing org)", err, store.ErrNotFound)
	got, err = s.UpdateSession(ctx, x.ID, store.SessionUpdate{OrgID: ptr(int64(0))})
	if err != nil || got.OrgID != 0 {
		t.Errorf("UpdateSession(OrgID 0) = %+v, %v; want no org", got, err)
	}
}

func testSessionRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	x := newSession(t, s, a, "cookie", time.Now().Add(hour))
	dup := *x
	wantErr(t, "CreateSession(same id)", s.CreateSession(ctx, &dup), store.ErrConflict)
	orphan := &badge.Session{ID: sessionID("orphan"), AccountID: a.ID + 9, ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateSession(missing account)", s.CreateSession(ctx, orphan), store.ErrNotFound)
	bad := &badge.Session{ID: "not-a-digest", AccountID: a.ID, ExpiresAt: time.Now().Add(hour)}
	wantInvalid(t, "CreateSession(bad id)", s.CreateSession(ctx, bad), "id")
	bad = &badge.Session{ID: sessionID("ua"), AccountID: a.ID, ExpiresAt: time.Now().Add(hour),
		UserAgent: long(badge.MaxUserAgentLen + 1)}
	wantInvalid(t, "CreateSession(long user agent)", s.CreateSession(ctx, bad), "user_agent")
}

func testSessionDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, b := newAccount(t, s, "ann@example.com"), newAccount(t, s, "bob@example.com")
	keep := newSession(t, s, a, "a1", time.Now().Add(hour))
	newSession(t, s, a, "a2", time.Now().Add(hour))
	newSession(t, s, a, "a3", time.Now().Add(hour))
	other := newSession(t, s, b, "b1", time.Now().Add(hour))
	n, err := s.DeleteAccountSessions(ctx, a.ID, keep.ID)
	if err != nil || n != 2 {
		t.Errorf("DeleteAccountSessions(except one) = %d, %v; want 2", n, err)
	}
	_, err = s.FindSessionByID(ctx, keep.ID)
	wantOK(t, "FindSessionByID(kept)", err)
	wantOK(t, "DeleteSession", s.DeleteSession(ctx, other.ID))
	wantErr(t, "DeleteSession(again)", s.DeleteSession(ctx, other.ID), store.ErrNotFound)
	n, err = s.DeleteAccountSessions(ctx, a.ID, "")
	if err != nil || n != 1 {
		t.Errorf("DeleteAccountSessions(all) = %d, %v; want 1", n, err)
	}
}
