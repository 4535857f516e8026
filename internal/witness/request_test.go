// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"strings"
	"testing"
)

// specRequest is the example request body of c2sp.org/tlog-witness.
const specRequest = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`

const hashLine = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"

func TestParseAddCheckpointRequest(t *testing.T) {
	r, err := ParseAddCheckpointRequest([]byte(specRequest))
	if err != nil {
		t.Fatalf("spec example: %v", err)
	}
	if r.OldSize != 20852014 || len(r.Proof) != 4 || !strings.HasPrefix(string(r.Checkpoint), "example.com/behind-the-sofa\n") {
		t.Errorf("spec example = old %d, %d hashes, checkpoint %q", r.OldSize, len(r.Proof), r.Checkpoint)
	}
	if got := r.Marshal(); string(got) != specRequest {
		t.Errorf("Marshal = %q, want the input back", got)
	}
	const cp = "example.com/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— example.com/log AAAA\n"
	for _, tc := range []struct {
		name, body string
		ok         bool
	}{
		{"first checkpoint", "old 0\n\n" + cp, true},
		{"63 hashes", "old 5\n" + strings.Repeat(hashLine, 63) + "\n" + cp, true},
		{"64 hashes", "old 5\n" + strings.Repeat(hashLine, 64) + "\n" + cp, false},
		{"proof with old 0", "old 0\n" + hashLine + "\n" + cp, false},
		{"leading zero", "old 05\n\n" + cp, false},
		{"plus sign", "old +5\n\n" + cp, false},
		{"negative", "old -1\n\n" + cp, false},
		{"two spaces", "old  5\n\n" + cp, false},
		{"no old line", hashLine + "\n" + cp, false},
		{"no blank line", "old 0\n" + cp, false},
		{"no checkpoint", "old 0\n\n", false},
		{"CR in hash", "old 5\n" + strings.TrimSuffix(hashLine, "\n") + "\r\n\n" + cp, false},
		{"short hash", "old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkQ==\n\n" + cp, false},
		{"padding bits", "old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkax=\n\n" + cp, false},
		{"CRLF lines", "old 0\r\n\r\n" + cp, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseAddCheckpointRequest([]byte(tc.body))
			if (err == nil) != tc.ok {
				t.Fatalf("ParseAddCheckpointRequest = %+v, %v; want ok=%v", r, err, tc.ok)
			}
			if err == nil && string(r.Marshal()) != tc.body {
				t.Errorf("Marshal = %q, want %q", r.Marshal(), tc.body)
			}
		})
	}
}

func FuzzParseAddCheckpointRequest(f *testing.F) {
	f.Add([]byte(specRequest))
	f.Add([]byte("old 0\n\nexample.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— example.com/log AAAA\n"))
	f.Add([]byte("old 3\n" + hashLine + hashLine + "\n\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseAddCheckpointRequest(b)
		if err != nil {
			return
		}
		// One spelling per request: what parses marshals back to itself.
		if got := r.Marshal(); !bytes.Equal(got, b) {
			t.Fatalf("Marshal(Parse(%q)) = %q", b, got)
		}
		if r.OldSize < 0 || len(r.Proof) > MaxProofLines || r.OldSize == 0 && len(r.Proof) > 0 || len(r.Checkpoint) == 0 {
			t.Fatalf("Parse(%q) = %+v, outside the rules", b, r)
		}
	})
}
