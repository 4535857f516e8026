// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/status"
)

// BenchmarkIssueDI is one award as OB 3.0 with a Data Integrity proof:
// building, schema check, canonicalization and signing.
func BenchmarkIssueDI(b *testing.B) {
	benchIssue(b, Formats{DataIntegrity: true})
}

// BenchmarkIssueAllFormats adds the VC-JWT and both OB 2.0 assertions
// (an RSA-2048 signature).
func BenchmarkIssueAllFormats(b *testing.B) {
	benchIssue(b, AllFormats)
}

func benchIssue(b *testing.B, f Formats) {
	iss, a, w := testIssuer(b), testAchievement(), testAward()
	e := proof.Default
	if _, err := Issue(e, iss, a, w, f); err != nil { // warm the context cache
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Issue(e, iss, a, w, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusListCredential signs a 131,072-bit list with about 1% of
// its bits set (compression dominates for a sparse list).
func BenchmarkStatusListCredential(b *testing.B) {
	iss := testIssuer(b)
	bits := status.New(status.MinBits)
	for i := 0; i < status.MinBits; i += 97 {
		bits.Set(i, true)
	}
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	if _, err := StatusListCredential(nil, iss, statusURL, PurposeRevocation, bits, from); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StatusListCredential(nil, iss, statusURL, PurposeRevocation, bits, from); err != nil {
			b.Fatal(err)
		}
	}
}
