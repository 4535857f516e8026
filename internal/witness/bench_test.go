// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// BenchmarkVerifyCosigned is a verifier's cost for "witnessed by N of M":
// a checkpoint of a log of 100,000 leaves signed by the log and cosigned
// by three witnesses, checked against all four keys.
func BenchmarkVerifyCosigned(b *testing.B) {
	l := newTestLog(b, "bench.example/log", "seed", "bench")
	msg := l.checkpoint(100000)
	var keys []string
	var signers []note.Signer
	for _, name := range []string{"w1.example", "w2.example", "w3.example"} {
		skey, vkey, err := GenerateKey(name)
		if err != nil {
			b.Fatal(err)
		}
		c, _ := NewCosigner(skey)
		keys, signers = append(keys, vkey), append(signers, c)
	}
	n, err := note.Open(msg, note.VerifierList(mustLogVerifier(b, l.vkey)))
	if err != nil {
		b.Fatal(err)
	}
	cosigned, err := note.Sign(n, signers...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, cs, err := VerifyCosigned(cosigned, l.vkey, keys, 3); err != nil || len(cs) != 3 {
			b.Fatalf("VerifyCosigned = %d, %v", len(cs), err)
		}
	}
}

func mustLogVerifier(b *testing.B, vkey string) note.Verifier {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		b.Fatal(err)
	}
	return v
}
