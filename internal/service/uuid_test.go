// SPDX-License-Identifier: Apache-2.0

package service

import (
	"regexp"
	"testing"
	"time"
)

func TestUUIDs(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	v7 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if u := newUUID(); !v4.MatchString(u) {
		t.Errorf("newUUID() = %q", u)
	}
	t0 := time.UnixMilli(1_765_000_000_000)
	a, b := newTimeUUID(t0), newTimeUUID(t0.Add(time.Millisecond))
	if !v7.MatchString(a) || !v7.MatchString(b) || a >= b {
		t.Errorf("newTimeUUID: %q then %q, want v7 and ordered", a, b)
	}
	if a[:13] != "019af232-b200" { // 1765000000000 ms = 0x019AF232B200
		t.Errorf("newTimeUUID timestamp = %q", a[:13])
	}
	if newTimeUUID(t0) == newTimeUUID(t0) {
		t.Error("two v7 UUIDs of the same millisecond are equal")
	}
}
