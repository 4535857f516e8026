// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"bytes"
	"testing"
)

// FuzzParse checks that Parse never panics, that what it accepts
// re-serializes to the same string, and that parsing that string again gives
// the same header and payload. Verify must not panic either, with any key.
func FuzzParse(f *testing.F) {
	for _, v := range loadVectors(f) {
		if v.Compact != "" {
			f.Add(v.Compact)
		}
	}
	f.Add(seg(`{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}`) + "." + seg("{}") + "." + okSig)
	f.Add(seg(`{"alg":"none"}`) + ".." + okSig)
	f.Add(seg(`{"alg":"RS256","crit":["b64"],"b64":false}`) + ".e30." + okSig)
	f.Add("a.b.c")
	keys := testKeys()
	f.Fuzz(func(t *testing.T, s string) {
		j, err := Parse(s)
		if err != nil {
			return
		}
		if got := j.Compact(); got != s {
			t.Fatalf("Compact() = %q, want %q", got, s)
		}
		j2, err := Parse(j.Compact())
		if err != nil {
			t.Fatalf("Parse(Compact()) error = %v", err)
		}
		if !bytes.Equal(j2.RawHeader, j.RawHeader) || !bytes.Equal(j2.Payload, j.Payload) || j2.Header.Alg != j.Header.Alg {
			t.Fatalf("Parse(Compact()) differs from Parse()")
		}
		if j.Header.JWK != nil {
			if pub, err := j.Header.JWK.PublicKey(); err == nil {
				_ = j.Verify(pub)
			}
			_, _ = j.Header.JWK.Thumbprint()
		}
		for _, k := range keys {
			_ = j.Verify(k.Public())
		}
	})
}
