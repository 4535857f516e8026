// SPDX-License-Identifier: Apache-2.0

package i18n

import "testing"

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name, cookie, header string
		fallback             Lang
		want                 Lang
	}{
		{"cookie wins over header", "en", "ja-JP,ja;q=0.9", Japanese, English},
		{"cookie ja", "ja", "en-US", English, Japanese},
		{"cookie case and region", "JA-jp", "", English, Japanese},
		{"unsupported cookie ignored", "fr", "en", Japanese, English},
		{"garbage cookie ignored", "<script>", "", English, English},
		{"japanese browser", "", "ja-JP,ja;q=0.9,en;q=0.8", English, Japanese},
		{"english browser", "", "en-US", Japanese, English},
		{"english with japanese second", "", "en-GB,en;q=0.9,ja;q=0.5", Japanese, English},
		{"q-values beat order", "", "en;q=0.3,ja;q=0.7", English, Japanese},
		{"equal q first wins", "", "en,ja", Japanese, English},
		{"french falls back", "", "fr", English, English},
		{"french falls back ja", "", "fr-FR,fr;q=0.9", Japanese, Japanese},
		{"unsupported first, supported later", "", "fr,de;q=0.9,ja;q=0.1", English, Japanese},
		{"q=0 excludes", "", "ja;q=0,en;q=0.1", Japanese, English},
		{"wildcard is fallback", "", "*", English, English},
		{"wildcard below ja", "", "ja;q=0.9,*;q=0.1", English, Japanese},
		{"empty header", "", "", Japanese, Japanese},
		{"garbage header", "", ";;;,q=,=,ja;q=abc,en-;q=1,日本語", English, English},
		{"NaN q refused", "", "ja;q=NaN", English, English},
		{"q above 1 refused", "", "ja;q=2,en;q=0.5", Japanese, English},
		{"spaces", "", " ja-JP ; q=0.8 , en ; q=0.2 ", English, Japanese},
		{"unsupported fallback", "", "", "fr", Japanese},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Negotiate(tt.cookie, tt.header, tt.fallback); got != tt.want {
				t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.cookie, tt.header, tt.fallback, got, tt.want)
			}
		})
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"ja", Japanese, true}, {"EN", English, true}, {"en_US", English, true},
		{"", "", false}, {"fr", "", false}, {"jap", "", false},
	}
	for _, tt := range tests {
		if got, ok := ParseLang(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("", "ja-JP,ja;q=0.9,en;q=0.8")
	f.Add("en", "*;q=0.5")
	f.Fuzz(func(t *testing.T, cookie, header string) {
		got := Negotiate(cookie, header, English)
		if got != Japanese && got != English {
			t.Fatalf("Negotiate(%q, %q) = %q, not supported", cookie, header, got)
		}
	})
}
