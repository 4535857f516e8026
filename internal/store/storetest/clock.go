// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Clock is a settable clock for [RunWithClock].
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set sets the clock's time.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// RunWithClock checks that the store takes its time from the clock it was
// opened with (store.Options.Now): timestamps come from it, and expiry is
// judged by it, not by the wall clock. open must return a new, empty store
// using now as its clock.
func RunWithClock(t *testing.T, open func(t *testing.T, now func() time.Time) store.Store) {
	t.Run("Clock/Timestamps", func(t *testing.T) {
		clock := &Clock{now: time.Date(2031, 2, 3, 4, 5, 6, 789123456, time.UTC)}
		testClockTimestamps(t, open(t, clock.Now), clock)
	})
	t.Run("Clock/Expiry", func(t *testing.T) {
		clock := &Clock{now: time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)}
		testClockExpiry(t, open(t, clock.Now), clock)
	})
	t.Run("Clock/StatusListUpdatedAt", func(t *testing.T) {
		clock := &Clock{now: time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)}
		testClockStatusList(t, open(t, clock.Now), clock)
	})
}

func testClockTimestamps(t *testing.T, s store.Store, clock *Clock) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	want := time.Date(2031, 2, 3, 4, 5, 6, 789123000, time.UTC)
	if !a.CreatedAt.Equal(want) || !a.UpdatedAt.Equal(want) {
		t.Errorf("CreatedAt, UpdatedAt = %v, %v; want the store clock's %v (microseconds)", a.CreatedAt, a.UpdatedAt, want)
	}
	clock.Set(want.Add(hour))
	got, err := s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Name: ptr("Ann")})
	if err != nil || !got.UpdatedAt.Equal(want.Add(hour)) || !got.CreatedAt.Equal(want) {
		t.Errorf("UpdateAccount an hour later = %+v, %v; want UpdatedAt %v", got, err, want.Add(hour))
	}
	at := &badge.LoginAttempt{Key: "ip:x"}
	wantOK(t, "CreateLoginAttempt", s.CreateLoginAttempt(ctx, at))
	if n, err := s.CountLoginAttempts(ctx, "ip:x", want); err != nil || n != 1 || !at.At.Equal(want.Add(hour)) {
		t.Errorf("CountLoginAttempts = %d, %v, At %v; want 1 at %v", n, err, at.At, want.Add(hour))
	}
}

func testClockExpiry(t *testing.T, s store.Store, clock *Clock) {
	ctx := t.Context()
	start := clock.Now()
	a := newAccount(t, s, "ann@example.com")
	sess := newSession(t, s, a, "cookie", start.Add(hour))
	tok := newAccountToken(t, s, a, "verify", badge.TokenVerifyEmail, start.Add(hour))
	c := newClient(t, s, newOrg(t, s, "acme"), "cl")
	bearer := newToken(t, s, c, "bearer", start.Add(hour))
	_, err := s.FindSessionByID(ctx, sess.ID)
	wantOK(t, "FindSessionByID before expiry", err)

	clock.Set(start.Add(2 * hour)) // still years before the wall clock reaches the expiry
	_, err = s.FindSessionByID(ctx, sess.ID)
	wantErr(t, "FindSessionByID after the store clock passed expiry", err, store.ErrNotFound)
	_, err = s.FindAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "FindAccountToken after expiry", err, store.ErrNotFound)
	_, err = s.FindAccessToken(ctx, bearer.TokenHash)
	wantErr(t, "FindAccessToken after expiry", err, store.ErrNotFound)
	if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
}
