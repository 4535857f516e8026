// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"
)

// Values from SPEC-NOTES b): the OB 2.0 text and the OB 3.0 schema example.
const (
	mayzeHash  = "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"
	kosherHash = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
)

func TestHashIdentity(t *testing.T) {
	tests := []struct{ identity, salt, want string }{
		{"mayze", "", mayzeHash},
		{"a@example.com", "Kosher", kosherHash},
	}
	for _, tt := range tests {
		if got := HashIdentity(tt.identity, tt.salt); got != tt.want {
			t.Errorf("HashIdentity(%q, %q) = %s, want %s", tt.identity, tt.salt, got, tt.want)
		}
	}
}

func TestMatchIdentity(t *testing.T) {
	upper := "sha256$" + strings.ToUpper(strings.TrimPrefix(kosherHash, "sha256$"))
	tests := []struct {
		name  string
		obj   IdentityObject
		value string
		want  bool
	}{
		{"sha256 unsalted", IdentityObject{Type: "email", Hashed: true, Identity: mayzeHash}, "mayze", true},
		{"sha256 salted", IdentityObject{Type: "email", Hashed: true, Salt: "Kosher", Identity: kosherHash}, "a@example.com", true},
		{"upper-case hex", IdentityObject{Type: "email", Hashed: true, Salt: "Kosher", Identity: upper}, "a@example.com", true},
		{"upper-case alg", IdentityObject{Type: "email", Hashed: true, Salt: "Kosher", Identity: "SHA256$" + kosherHash[7:]}, "a@example.com", true},
		{"email case", IdentityObject{Type: "email", Hashed: true, Salt: "Kosher", Identity: kosherHash}, "A@Example.com", true},
		{"wrong salt", IdentityObject{Type: "email", Hashed: true, Salt: "kosher", Identity: kosherHash}, "a@example.com", false},
		{"wrong value", IdentityObject{Type: "email", Hashed: true, Identity: mayzeHash}, "maize", false},
		{"md5", IdentityObject{Type: "email", Hashed: true, Identity: "md5$" + md5hex("mayze")}, "mayze", true},
		{"md5 upper salted", IdentityObject{Type: "email", Hashed: true, Salt: "s", Identity: "md5$" + strings.ToUpper(md5hex("mayzes"))}, "mayze", true},
		{"unknown alg", IdentityObject{Type: "email", Hashed: true, Identity: "sha1$" + md5hex("mayze")}, "mayze", false},
		{"no alg", IdentityObject{Type: "email", Hashed: true, Identity: mayzeHash[7:]}, "mayze", false},
		{"bad hex", IdentityObject{Type: "email", Hashed: true, Identity: "sha256$zz"}, "mayze", false},
		{"plain email", IdentityObject{Type: "email", Identity: "alice@example.org"}, "Alice@example.org", true},
		{"plain url", IdentityObject{Type: "url", Identity: "https://example.org/alice"}, "https://example.org/Alice", false},
		{"plain url match", IdentityObject{Type: "url", Identity: "https://example.org/alice"}, "https://example.org/alice", true},
	}
	for _, tt := range tests {
		if got := MatchIdentity(tt.obj, tt.value); got != tt.want {
			t.Errorf("%s: MatchIdentity(%+v, %q) = %v, want %v", tt.name, tt.obj, tt.value, got, tt.want)
		}
	}
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
