// SPDX-License-Identifier: Apache-2.0

package ob3

import "testing"

func TestHashIdentity(t *testing.T) {
	tests := []struct{ value, salt, want string }{
		// OB 2.0 specification text.
		{"mayze", "", "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"},
		// Example in the OB 3.0 schema's IdentityObject description.
		{"a@example.com", "Kosher", "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"},
	}
	for _, tt := range tests {
		if got := HashIdentity(tt.value, tt.salt); got != tt.want {
			t.Errorf("HashIdentity(%q, %q) = %q, want %q", tt.value, tt.salt, got, tt.want)
		}
	}
}

func TestIdentityMatches(t *testing.T) {
	tests := []struct {
		o     IdentityObject
		value string
		want  bool
	}{
		{IdentityObject{Hashed: true, IdentityHash: HashIdentity("a@example.com", "Kosher"), Salt: "Kosher"}, "a@example.com", true},
		{IdentityObject{Hashed: true, IdentityHash: "SHA256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399", Salt: "Kosher"}, "a@example.com", true},
		{IdentityObject{Hashed: true, IdentityHash: HashIdentity("a@example.com", "Kosher"), Salt: "Kosher"}, "b@example.com", false},
		{IdentityObject{Hashed: true, IdentityHash: HashIdentity("a@example.com", "Kosher")}, "a@example.com", false},
		{IdentityObject{Hashed: true, IdentityHash: "md5$c2c4e0ab0c27be5be9e4b2ed0a8e3a38"}, "x", false},
		{IdentityObject{Hashed: true, IdentityHash: "md5$9dd4e461268c8034f5c8564e155c67a6"}, "x", true},
		{IdentityObject{Hashed: true, IdentityHash: "sha1$11f6ad8ec52a2984abaafd7c3b516503785c2072"}, "x", false},
		{IdentityObject{Hashed: true, IdentityHash: "nodollar"}, "x", false},
		{IdentityObject{Hashed: false, IdentityHash: "student-42"}, "student-42", true},
		{IdentityObject{Hashed: false, IdentityHash: "student-42"}, "student-43", false},
	}
	for i, tt := range tests {
		if got := tt.o.Matches(tt.value); got != tt.want {
			t.Errorf("%d: %+v.Matches(%q) = %v, want %v", i, tt.o, tt.value, got, tt.want)
		}
	}
}
