// SPDX-License-Identifier: Apache-2.0

package service

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"
)

// newUUID returns a random (version 4) UUID, for ids that are public but
// must not be guessed.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return formatUUID(b, 4)
}

// newTimeUUID returns a version 7 UUID (RFC 9562): 48 bits of Unix
// milliseconds, then 74 random bits. Award ids use it: still unguessable,
// and ordered by time, so the index on them grows at its end instead of
// taking each insert at a random page — an organisation with a million
// awards issues as fast as a new one. The time it reveals is the issue
// time every badge shows anyway.
func newTimeUUID(now time.Time) string {
	var b [16]byte
	rand.Read(b[:])
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli()))
	copy(b[0:6], ms[2:8])
	return formatUUID(b, 7)
}

func formatUUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80 // the RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
