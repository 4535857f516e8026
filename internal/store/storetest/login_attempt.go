// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var loginAttemptTests = []test{
	{"LoginAttempt/CountDelete", testLoginAttempts},
	{"LoginAttempt/Refused", testLoginAttemptRefused},
}

func testLoginAttempts(t *testing.T, s store.Store) {
	ctx := t.Context()
	start := time.Now().Add(-time.Minute)
	for _, key := range []string{"email:a@example.com", "email:a@example.com", "email:a@example.com", "ip:192.0.2.1"} {
		a := &badge.LoginAttempt{Key: key}
		wantOK(t, "CreateLoginAttempt", s.CreateLoginAttempt(ctx, a))
		if a.At.Before(start) {
			t.Errorf("CreateLoginAttempt set At %v, want now", a.At)
		}
	}
	count := func(key string, since time.Time, want int) {
		t.Helper()
		if n, err := s.CountLoginAttempts(ctx, key, since); err != nil || n != want {
			t.Errorf("CountLoginAttempts(%s, %v) = %d, %v; want %d", key, since, n, err, want)
		}
	}
	count("email:a@example.com", start, 3)
	count("email:a@example.com", time.Now().Add(hour), 0)
	count("ip:192.0.2.1", start, 1)
	if n, err := s.DeleteLoginAttempts(ctx, "email:a@example.com"); err != nil || n != 3 {
		t.Errorf("DeleteLoginAttempts = %d, %v; want 3", n, err)
	}
	count("email:a@example.com", start, 0)
	if n, err := s.DeleteLoginAttemptsBefore(ctx, start); err != nil || n != 0 {
		t.Errorf("DeleteLoginAttemptsBefore(start) = %d, %v; want 0", n, err)
	}
	if n, err := s.DeleteLoginAttemptsBefore(ctx, time.Now().Add(hour)); err != nil || n != 1 {
		t.Errorf("DeleteLoginAttemptsBefore(later) = %d, %v; want 1", n, err)
	}
}

func testLoginAttemptRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	wantInvalid(t, "CreateLoginAttempt(empty key)", s.CreateLoginAttempt(ctx, &badge.LoginAttempt{}), "key")
	a := &badge.LoginAttempt{Key: long(badge.MaxLoginKeyLen + 1)}
	wantInvalid(t, "CreateLoginAttempt(long key)", s.CreateLoginAttempt(ctx, a), "key")
}
