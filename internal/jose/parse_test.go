// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func seg(s string) string { return encodeSegment([]byte(s)) }

const (
	okHeader = `{"alg":"EdDSA"}`
	okSig    = "AAAA"
)

func TestParseRefuses(t *testing.T) {
	p := seg("payload")
	h := seg(okHeader)
	tests := []struct {
		name  string
		input string
		want  error
	}{
		{"empty", "", ErrMalformed},
		{"two parts", h + "." + p, ErrMalformed},
		{"four parts", h + "." + p + "." + okSig + ".x", ErrMalformed},
		{"JSON serialization", `{"payload":"x","signatures":[]}`, ErrMalformed},
		{"empty header", "." + p + "." + okSig, ErrMalformed},
		{"empty signature", h + "." + p + ".", ErrMalformed},
		{"padding", h + "." + seg("payloa") + "=." + okSig, ErrMalformed},
		{"padded header", encodeSegment([]byte(`{"alg":"EdDSA"} `)) + "=." + p + "." + okSig, ErrMalformed},
		{"std alphabet +", h + "." + p + ".AA+A", ErrMalformed},
		{"std alphabet /", h + "." + p + ".AA/A", ErrMalformed},
		{"newline in part", h + "." + p[:2] + "\n" + p[2:] + "." + okSig, ErrMalformed},
		{"space", h + " ." + p + "." + okSig, ErrMalformed},
		{"non-canonical trailing bits", h + "." + p + ".AB", ErrMalformed},
		{"impossible length", h + "." + p + ".AAAAA", ErrMalformed},
		{"header array", seg(`["alg","EdDSA"]`) + "." + p + "." + okSig, ErrMalformed},
		{"header string", seg(`"EdDSA"`) + "." + p + "." + okSig, ErrMalformed},
		{"header not JSON", seg(`{alg:EdDSA}`) + "." + p + "." + okSig, ErrMalformed},
		{"header trailing data", seg(`{"alg":"EdDSA"}{}`) + "." + p + "." + okSig, ErrMalformed},
		{"header invalid UTF-8", seg("{\"alg\":\"EdDSA\",\"kid\":\"\xff\"}") + "." + p + "." + okSig, ErrMalformed},
		{"duplicate alg", seg(`{"alg":"EdDSA","alg":"RS256"}`) + "." + p + "." + okSig, ErrMalformed},
		{"no alg", seg(`{"kid":"k"}`) + "." + p + "." + okSig, ErrMalformed},
		{"alg number", seg(`{"alg":1}`) + "." + p + "." + okSig, ErrMalformed},
		{"alg empty", seg(`{"alg":""}`) + "." + p + "." + okSig, ErrMalformed},
		{"alg none", seg(`{"alg":"none"}`) + "." + p + "." + okSig, ErrAlgorithm},
		{"alg NONE", seg(`{"alg":"NONE"}`) + "." + p + "." + okSig, ErrAlgorithm},
		{"crit", seg(`{"alg":"EdDSA","crit":["exp"],"exp":1}`) + "." + p + "." + okSig, ErrMalformed},
		{"b64", seg(`{"alg":"EdDSA","b64":false}`) + "." + p + "." + okSig, ErrMalformed},
		{"kid number", seg(`{"alg":"EdDSA","kid":7}`) + "." + p + "." + okSig, ErrMalformed},
		{"typ object", seg(`{"alg":"EdDSA","typ":{}}`) + "." + p + "." + okSig, ErrMalformed},
		{"jwk string", seg(`{"alg":"EdDSA","jwk":"k"}`) + "." + p + "." + okSig, ErrMalformed},
		{"jwk private", seg(`{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}}`) + "." + p + "." + okSig, ErrMalformed},
		{"jwk bad member type", seg(`{"alg":"EdDSA","jwk":{"kty":1}}`) + "." + p + "." + okSig, ErrMalformed},
		{"oversize", h + "." + strings.Repeat("A", MaxCompactSize) + "." + okSig, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j, err := Parse(tt.input)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse() = %+v, %v; want error %v", j, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "jose: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	input := seg(`{"alg":"ES256","kid":"did:key:z6Mk#z6Mk","typ":"JWT","cty":"vc","n":1.5}`) + ".." + okSig
	j := mustParse(t, input)
	want := Header{
		Alg: ES256, Kid: "did:key:z6Mk#z6Mk", Typ: "JWT",
		Raw: map[string]any{"alg": ES256, "kid": "did:key:z6Mk#z6Mk", "typ": "JWT", "cty": "vc", "n": jsonNumber("1.5")},
	}
	if diff := cmp.Diff(want, j.Header); diff != "" {
		t.Errorf("Header (-want +got):\n%s", diff)
	}
	if len(j.Payload) != 0 {
		t.Errorf("Payload = %q, want empty", j.Payload)
	}
	if got := j.Compact(); got != input {
		t.Errorf("Compact() = %q, want %q", got, input)
	}
}

func TestParseSizeLimit(t *testing.T) {
	h := seg(okHeader)
	fill := MaxCompactSize - len(h) - len(okSig) - 2
	fill -= fill % 4
	if _, err := Parse(h + "." + strings.Repeat("A", fill) + "." + okSig); err != nil {
		t.Errorf("Parse(%d bytes) = %v, want nil", len(h)+fill+len(okSig)+2, err)
	}
}
