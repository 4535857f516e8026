// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/ob3"
)

var update = flag.Bool("update", false, "rewrite testdata/credential.golden.json")

func TestCredentialSchema(t *testing.T) {
	iss := testIssuer(t)
	cases := []struct {
		name  string
		edit  func(a *Achievement, w *Award)
		check func(t *testing.T, c map[string]any)
	}{
		{"full", nil, func(t *testing.T, c map[string]any) {
			if got := dig(c, "validUntil"); got != "2029-03-31T15:00:00Z" {
				t.Errorf("validUntil = %v", got)
			}
			if got := dig(c, "credentialStatus", "statusListIndex"); got != "42" {
				t.Errorf("statusListIndex = %v, want \"42\"", got)
			}
		}},
		{"no expiry", func(a *Achievement, w *Award) { w.ValidUntil = nil }, func(t *testing.T, c map[string]any) {
			if _, ok := c["validUntil"]; ok {
				t.Errorf("validUntil present without expiry: %v", c["validUntil"])
			}
		}},
		{"name with ideographic space only inside", func(a *Achievement, w *Award) { w.RecipientName = "佐藤　花子" }, func(t *testing.T, c map[string]any) {
			if got := dig(c, "credentialSubject", "identifier", 1, "identityHash"); got != "佐藤　花子" {
				t.Errorf("name identity = %q, want 佐藤　花子 with U+3000 kept", got)
			}
		}},
		{"name with leading and trailing ideographic space", func(a *Achievement, w *Award) { w.RecipientName = "　山田　太郎　" }, func(t *testing.T, c map[string]any) {
			if got := dig(c, "credentialSubject", "identifier", 1, "identityHash"); got != "　山田　太郎　" {
				t.Errorf("name identity = %q, want it unchanged", got)
			}
		}},
		{"no name", func(a *Achievement, w *Award) { w.RecipientName = "" }, func(t *testing.T, c map[string]any) {
			if ids := dig(c, "credentialSubject", "identifier").([]any); len(ids) != 1 {
				t.Errorf("identifier has %d entries, want the e-mail only", len(ids))
			}
		}},
		{"evidence URL only", func(a *Achievement, w *Award) { w.Narrative = "" }, func(t *testing.T, c map[string]any) {
			ev := dig(c, "evidence", 0).(map[string]any)
			if ev["id"] != base+"/evidence/42" || ev["narrative"] != nil {
				t.Errorf("evidence = %v", ev)
			}
		}},
		{"evidence narrative only", func(a *Achievement, w *Award) { w.EvidenceURL = "" }, func(t *testing.T, c map[string]any) {
			ev := dig(c, "evidence", 0).(map[string]any)
			if ev["id"] != nil || !strings.Contains(ev["narrative"].(string), "気温データ") {
				t.Errorf("evidence = %v", ev)
			}
		}},
		{"no evidence", func(a *Achievement, w *Award) { w.EvidenceURL, w.Narrative = "", "" }, func(t *testing.T, c map[string]any) {
			if _, ok := c["evidence"]; ok {
				t.Errorf("evidence present: %v", c["evidence"])
			}
		}},
		{"no alignments or tags", func(a *Achievement, w *Award) { a.Alignments, a.Tags = nil, nil }, func(t *testing.T, c map[string]any) {
			ach := dig(c, "credentialSubject", "achievement").(map[string]any)
			if ach["alignment"] != nil || ach["tag"] != nil {
				t.Errorf("achievement = %v", ach)
			}
		}},
		{"two alignments, three tags", func(a *Achievement, w *Award) {
			a.Alignments = append(a.Alignments, Alignment{Name: "Python", URL: "https://framework.example.jp/skills/py"})
			a.Tags = append(a.Tags, "Python")
		}, func(t *testing.T, c map[string]any) {
			ach := dig(c, "credentialSubject", "achievement")
			if n := len(dig(ach, "alignment").([]any)); n != 2 {
				t.Errorf("%d alignments, want 2", n)
			}
			if got := dig(ach, "alignment", 1, "type", 0); got != "Alignment" {
				t.Errorf("alignment type = %v", got)
			}
			if n := len(dig(ach, "tag").([]any)); n != 3 {
				t.Errorf("%d tags, want 3", n)
			}
		}},
		{"criteria URL only, English, Certificate", func(a *Achievement, w *Award) {
			a.CriteriaNarrative, a.Language, a.AchievementType, a.Name = "", "en", "Certificate", "Intro to Data Science"
		}, func(t *testing.T, c map[string]any) {
			ach := dig(c, "credentialSubject", "achievement")
			if dig(ach, "achievementType") != "Certificate" || dig(ach, "inLanguage") != "en" || dig(ach, "criteria", "narrative") != nil {
				t.Errorf("achievement = %v", ach)
			}
		}},
		{"no status, no images", func(a *Achievement, w *Award) { w.Status, a.ImageURL = nil, "" }, func(t *testing.T, c map[string]any) {
			if c["credentialStatus"] != nil || dig(c, "credentialSubject", "achievement", "image") != nil {
				t.Errorf("credentialStatus = %v, image = %v", c["credentialStatus"], dig(c, "credentialSubject", "achievement", "image"))
			}
		}},
		{"suspension", func(a *Achievement, w *Award) { w.Status.Purpose = PurposeSuspension }, func(t *testing.T, c map[string]any) {
			if got := dig(c, "credentialStatus", "statusPurpose"); got != "suspension" {
				t.Errorf("statusPurpose = %v", got)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, w := testAchievement(), testAward()
			if tc.edit != nil {
				tc.edit(a, w)
			}
			c, err := Credential(iss, a, w)
			if err != nil {
				t.Fatalf("Credential: %v", err)
			}
			if err := ob3.ValidateSchema(c); err != nil {
				t.Fatalf("ValidateSchema: %v", err)
			}
			checkCommon(t, c, w)
			tc.check(t, c)
		})
	}
}

// checkCommon checks what every credential of the fixtures shares.
func checkCommon(t *testing.T, c map[string]any, w *Award) {
	t.Helper()
	if got := dig(c, "@context"); !cmp.Equal(got, []any{ob3.ContextVC2, ob3.ContextOB303}) {
		t.Errorf("@context = %v", got)
	}
	if got := dig(c, "validFrom"); got != "2026-04-01T00:00:00Z" {
		t.Errorf("validFrom = %v, want the JST issue time in UTC", got)
	}
	if got := dig(c, "issuer", "type", 0); got != "Profile" {
		t.Errorf("issuer type = %v", got)
	}
	email := dig(c, "credentialSubject", "identifier", 0)
	if dig(email, "identityType") != "emailAddress" || dig(email, "hashed") != true || dig(email, "salt") != w.Salt {
		t.Errorf("e-mail identity = %v", email)
	}
	raw, _ := json.Marshal(email)
	var id ob3.IdentityObject
	json.Unmarshal(raw, &id)
	if !id.Matches("taro.yamada@example.jp") {
		t.Errorf("e-mail identity %v does not match the normalised address", email)
	}
	if strings.Contains(string(raw), "Taro") || strings.Contains(string(raw), "example.jp") {
		t.Errorf("the e-mail address leaks in clear: %s", raw)
	}
	if w.RecipientName != "" {
		name := dig(c, "credentialSubject", "identifier", 1)
		want := map[string]any{"type": "IdentityObject", "hashed": false, "identityHash": w.RecipientName, "identityType": "name"}
		if !cmp.Equal(name, any(want)) {
			t.Errorf("name identity = %v, want %v", name, want)
		}
	}
}

func TestCredentialInputErrors(t *testing.T) {
	other := fixedEd25519(99)
	cases := map[string]func(iss *Issuer, a *Achievement, w *Award){
		"no e-mail":               func(_ *Issuer, _ *Achievement, w *Award) { w.RecipientEmail = " " },
		"no credential id":        func(_ *Issuer, _ *Achievement, w *Award) { w.CredentialID = "" },
		"no criteria":             func(_ *Issuer, a *Achievement, _ *Award) { a.CriteriaNarrative, a.CriteriaURL = "", "" },
		"no achievement id":       func(_ *Issuer, a *Achievement, _ *Award) { a.ID = "" },
		"no description":          func(_ *Issuer, a *Achievement, _ *Award) { a.Description = "" },
		"unknown type":            func(_ *Issuer, a *Achievement, _ *Award) { a.AchievementType = "Trophy" },
		"bad language":            func(_ *Issuer, a *Achievement, _ *Award) { a.Language = "日本語" },
		"gif image":               func(_ *Issuer, a *Achievement, _ *Award) { a.ImageType = "image/gif" },
		"alignment without URL":   func(_ *Issuer, a *Achievement, _ *Award) { a.Alignments[0].URL = "" },
		"expiry before issue":     func(_ *Issuer, _ *Achievement, w *Award) { u := issuedAt.Add(-time.Hour); w.ValidUntil = &u },
		"status purpose":          func(_ *Issuer, _ *Achievement, w *Award) { w.Status.Purpose = "refresh" },
		"negative index":          func(_ *Issuer, _ *Achievement, w *Award) { w.Status.Index = -1 },
		"key of another did:key":  func(iss *Issuer, _ *Achievement, _ *Award) { iss.Ed25519 = other },
		"method of another DID":   func(iss *Issuer, _ *Achievement, _ *Award) { iss.VerificationMethod = "did:web:evil.example#key-1" },
		"no Ed25519 key":          func(iss *Issuer, _ *Achievement, _ *Award) { iss.Ed25519 = nil },
		"no issuer id":            func(iss *Issuer, _ *Achievement, _ *Award) { iss.ID = "" },
		"status list URL missing": func(_ *Issuer, _ *Achievement, w *Award) { w.Status.ListURL = "" },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			iss, a, w := testIssuer(t), testAchievement(), testAward()
			edit(iss, a, w)
			c, err := Credential(iss, a, w)
			if !errors.Is(err, ErrInput) {
				t.Fatalf("Credential = %v, %v; want an error wrapping ErrInput", c != nil, err)
			}
		})
	}
	if _, err := Credential(testIssuer(t), testAchievement(), nil); !errors.Is(err, ErrInput) {
		t.Errorf("Credential(nil award) = %v, want ErrInput", err)
	}
}

// TestCredentialDefaults: an empty salt and issue time are filled in, and
// two calls do not share a random salt.
func TestCredentialDefaults(t *testing.T) {
	w := testAward()
	w.Salt, w.IssuedAt, w.ValidUntil = "", time.Time{}, nil
	before := time.Now().Add(-time.Second)
	c1, err := Credential(testIssuer(t), testAchievement(), w)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := Credential(testIssuer(t), testAchievement(), w)
	s1, s2 := dig(c1, "credentialSubject", "identifier", 0, "salt"), dig(c2, "credentialSubject", "identifier", 0, "salt")
	if s1 == "" || s1 == s2 {
		t.Errorf("salts %v and %v: want two different random salts", s1, s2)
	}
	from, err := time.Parse(time.RFC3339, dig(c1, "validFrom").(string))
	if err != nil || from.Before(before.Truncate(time.Second)) || from.After(time.Now()) {
		t.Errorf("validFrom = %v (%v), want now", dig(c1, "validFrom"), err)
	}
	if w.Salt != "" || !w.IssuedAt.IsZero() {
		t.Errorf("Credential changed the caller's award: %+v", w)
	}
}

// TestCredentialGolden pins the whole unsigned credential for fixed input.
// Run with -update after a deliberate change, and review the diff.
func TestCredentialGolden(t *testing.T) {
	c, err := Credential(testIssuer(t), testAchievement(), testAward())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "credential.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestCredentialGolden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("credential differs from %s (-want +got):\n%s", golden, diff)
	}
}
