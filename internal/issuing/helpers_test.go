// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

const base = "https://badges.example.ac.jp"

var (
	jst = time.FixedZone("JST", 9*60*60)
	// issuedAt is given in JST on purpose: every artefact must say UTC.
	issuedAt = time.Date(2026, 4, 1, 9, 0, 0, 0, jst)
	// verifyNow is the verifier's clock: after issuedAt, before any expiry
	// the fixtures set.
	verifyNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
)

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

// testRSAKey is generated once per test binary: 2048-bit generation is slow.
func testRSAKey(tb testing.TB) *rsa.PrivateKey {
	rsaOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return rsaKey
}

// fixedEd25519 is a key from a fixed seed, so did:key ids are stable.
func fixedEd25519(b byte) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = b + byte(i)
	}
	return ed25519.NewKeyFromSeed(seed)
}

// testIssuer is an organisation identified by did:key.
func testIssuer(tb testing.TB) *Issuer {
	priv := fixedEd25519(1)
	pub := priv.Public().(ed25519.PublicKey)
	return &Issuer{
		ID:                 did.KeyDID(pub),
		Name:               "明石工業大学",
		URL:                "https://www.akashi.example.ac.jp",
		Email:              "badges@akashi.example.ac.jp",
		Description:        "明石工業大学のデジタルバッジ",
		ImageURL:           base + "/orgs/akashi/logo.png",
		VerificationMethod: did.KeyID(pub),
		Ed25519:            priv,
		ProfileURL:         base + "/orgs/akashi/issuer",
		RSAKey:             testRSAKey(tb),
		RSAKeyURL:          base + "/orgs/akashi/keys/3",
		RevocationListURL:  base + "/orgs/akashi/revocations",
	}
}

func testAchievement() *Achievement {
	return &Achievement{
		ID:                base + "/orgs/akashi/achievements/7",
		OB2BadgeURL:       base + "/orgs/akashi/badges/7",
		Name:              "データサイエンス入門",
		Description:       "統計とプログラミングの基礎を修めた。",
		Language:          "ja",
		ImageURL:          base + "/orgs/akashi/badges/7/image.png",
		ImageType:         "image/png",
		CriteriaNarrative: "全15回の講義に出席し、最終課題に合格すること。",
		CriteriaURL:       base + "/orgs/akashi/badges/7/criteria",
		Alignments: []Alignment{{
			Name: "データ分析", URL: "https://framework.example.jp/skills/da-1",
			Description: "データを集め、分析し、説明できる。", Framework: "数理・データサイエンス・AI教育プログラム", Code: "DA-1",
		}},
		Tags: []string{"データサイエンス", "統計"},
	}
}

const statusURL = base + "/orgs/akashi/status/1"

func testAward() *Award {
	until := time.Date(2029, 3, 31, 15, 0, 0, 0, time.UTC)
	return &Award{
		CredentialID:   "urn:uuid:7f1c1c9e-3a55-4c1e-9d1f-2b6a8f0e4d21",
		AssertionURL:   base + "/assertions/7f1c1c9e-3a55-4c1e-9d1f-2b6a8f0e4d21",
		RecipientEmail: "Taro.Yamada@Example.JP",
		RecipientName:  "山田　太郎",
		Salt:           "c2FsdHktc2FsdA",
		IssuedAt:       issuedAt,
		ValidUntil:     &until,
		EvidenceURL:    base + "/evidence/42",
		Narrative:      "最終課題「東京都の気温データの分析」を提出した。",
		Status:         &StatusEntry{ListURL: statusURL, Index: 42, Purpose: PurposeRevocation},
	}
}

// offlineVerifier answers exactly the URLs in docs, from files, and nothing
// else: the air-gapped set-up of `akashi verify --offline --url-map`.
func offlineVerifier(tb testing.TB, docs map[string][]byte) *verify.Verifier {
	tb.Helper()
	dir := tb.TempDir()
	urls := map[string]string{}
	i := 0
	for u, body := range docs {
		p := filepath.Join(dir, "doc"+strconv.Itoa(i)+".json")
		if err := os.WriteFile(p, body, 0o600); err != nil {
			tb.Fatal(err)
		}
		urls[u] = p
		i++
	}
	f := fetch.New(fetch.Options{Offline: true, URLMap: urls})
	return verify.New(verify.Options{Fetcher: f, Now: func() time.Time { return verifyNow }})
}

// allPass fails the test unless r is valid and every check passed, except
// those listed in skipped, which must be skipped.
func allPass(t *testing.T, name string, r *report.Report, skipped ...string) {
	t.Helper()
	if !r.Valid {
		t.Errorf("%s: Valid = false, want true; checks %+v", name, r.Checks)
	}
	want := map[string]report.Status{}
	for _, id := range skipped {
		want[id] = report.Skip
	}
	for _, c := range r.Checks {
		w, ok := want[c.ID]
		if !ok {
			w = report.Pass
		}
		if c.Status != w {
			t.Errorf("%s: check %s = %s (%s), want %s", name, c.ID, c.Status, c.Message, w)
		}
	}
	if len(r.Checks) < 5 {
		t.Errorf("%s: only %d checks ran: %+v", name, len(r.Checks), r.Checks)
	}
}

// expectFail fails the test unless r is invalid with check id failed.
func expectFail(t *testing.T, name string, r *report.Report, id string) {
	t.Helper()
	if r.Valid || r.Status(id) != report.Fail {
		t.Errorf("%s: Valid = %v, check %s = %q; want invalid with %s failed; checks %+v", name, r.Valid, id, r.Status(id), id, r.Checks)
	}
}

func mustJSON(tb testing.TB, b []byte) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatalf("not a JSON object: %v\n%s", err, b)
	}
	return m
}

// dig walks a decoded JSON value along keys and array indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}
