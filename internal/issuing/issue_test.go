// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/status"
)

// world is everything the issuer publishes, by URL, for the verifier's URL
// map: the OB 2.0 documents, the hosted assertion and the status list.
func world(t *testing.T, iss *Issuer, a *Achievement, w *Award, s *Signed, revokedBits []int, revokedOB2 []Revoked) map[string][]byte {
	t.Helper()
	bits := status.New(status.MinBits)
	for _, i := range revokedBits {
		if err := bits.Set(i, true); err != nil {
			t.Fatal(err)
		}
	}
	list, err := StatusListCredential(nil, iss, statusURL, PurposeRevocation, bits, issuedAt.Add(-24*time.Hour))
	if err != nil {
		t.Fatalf("StatusListCredential: %v", err)
	}
	docs := map[string][]byte{statusURL: list, w.AssertionURL: s.OB2Assertion}
	for url, make := range map[string]func() ([]byte, error){
		iss.ProfileURL:        func() ([]byte, error) { return OB2IssuerProfile(iss) },
		iss.RSAKeyURL:         func() ([]byte, error) { return OB2CryptographicKey(iss) },
		a.OB2BadgeURL:         func() ([]byte, error) { return OB2BadgeClass(iss, a) },
		iss.RevocationListURL: func() ([]byte, error) { return OB2RevocationList(iss, "", revokedOB2) },
	} {
		if docs[url], err = make(); err != nil {
			t.Fatalf("document for %s: %v", url, err)
		}
	}
	return docs
}

func issueAll(t *testing.T, iss *Issuer, a *Achievement, w *Award) *Signed {
	t.Helper()
	s, err := Issue(nil, iss, a, w, AllFormats)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if len(s.DataIntegrity) == 0 || s.JWT == "" || len(s.OB2Assertion) == 0 || s.OB2Signed == "" {
		t.Fatalf("Issue(AllFormats) left an artefact empty: %+v", s)
	}
	return s
}

// TestIssueRoundTrip: every artefact verifies, offline, with every check
// passing; revocation and tampering are detected.
func TestIssueRoundTrip(t *testing.T) {
	iss, a, w := testIssuer(t), testAchievement(), testAward()
	s := issueAll(t, iss, a, w)
	ctx := context.Background()

	v := offlineVerifier(t, world(t, iss, a, w, s, []int{7}, []Revoked{{AssertionURL: base + "/assertions/other", Reason: "誤発行"}}))
	allPass(t, "data integrity", v.Verify(ctx, "di", s.DataIntegrity))
	allPass(t, "vc-jwt", v.Verify(ctx, "jwt", []byte(s.JWT)))
	// A hosted assertion has no signature: the hosted cross-check
	// establishes it instead of a proof.
	allPass(t, "ob2 hosted", v.Verify(ctx, "hosted", s.OB2Assertion), "proof")
	allPass(t, "ob2 signed", v.Verify(ctx, "signed", []byte(s.OB2Signed)), "hosted")

	// The award's own bit (42) set in a newly signed list: revoked.
	v = offlineVerifier(t, world(t, iss, a, w, s, []int{7, 42}, []Revoked{{AssertionURL: w.AssertionURL, Reason: "誤発行"}}))
	expectFail(t, "di revoked", v.Verify(ctx, "di", s.DataIntegrity), "status")
	expectFail(t, "jwt revoked", v.Verify(ctx, "jwt", []byte(s.JWT)), "status")
	r := v.Verify(ctx, "signed", []byte(s.OB2Signed))
	expectFail(t, "ob2 signed revoked", r, "status")
	if msg := statusMessage(r); !strings.Contains(msg, "誤発行") {
		t.Errorf("ob2 revocation message %q does not give the reason", msg)
	}

	tampered := strings.Replace(string(s.DataIntegrity), "データサイエンス入門", "データサイエンス応用", 1)
	if tampered == string(s.DataIntegrity) {
		t.Fatal("tampering changed nothing")
	}
	expectFail(t, "di tampered", v.Verify(ctx, "tampered", []byte(tampered)), "proof")
}

func statusMessage(r *report.Report) string {
	for _, c := range r.Checks {
		if c.ID == "status" {
			return c.Message
		}
	}
	return ""
}

// TestIssueDIDWeb: an organisation identified by did:web, its DID document
// served at its well-known URL, verifies with the issuer binding confirmed.
func TestIssueDIDWeb(t *testing.T) {
	iss, a, w := testIssuer(t), testAchievement(), testAward()
	priv := fixedEd25519(2)
	pub := priv.Public().(ed25519.PublicKey)
	webID, err := did.WebDID(base + "/orgs/akashi")
	if err != nil {
		t.Fatal(err)
	}
	iss.ID, iss.VerificationMethod, iss.Ed25519 = webID, did.WebKeyID(webID, pub), priv
	s, err := Issue(nil, iss, a, w, Formats{DataIntegrity: true, JWT: true, OB2Hosted: true})
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	docs := world(t, iss, a, w, s, nil, nil)
	doc, _ := did.WebDocument(webID, []ed25519.PublicKey{pub})
	docURL, _ := did.WebURL(webID)
	docs[docURL], _ = json.Marshal(doc)
	v := offlineVerifier(t, docs)
	ctx := context.Background()
	allPass(t, "did:web data integrity", v.Verify(ctx, "di", s.DataIntegrity))
	allPass(t, "did:web vc-jwt", v.Verify(ctx, "jwt", []byte(s.JWT)))

	// Without the DID document nothing vouches for the key.
	delete(docs, docURL)
	expectFail(t, "did:web without document", offlineVerifier(t, docs).Verify(ctx, "di", s.DataIntegrity), "proof")
}

func TestIssueFormats(t *testing.T) {
	iss, a, w := testIssuer(t), testAchievement(), testAward()
	for _, f := range []Formats{{DataIntegrity: true}, {JWT: true}, {OB2Hosted: true}, {OB2Signed: true}} {
		s, err := Issue(nil, iss, a, w, f)
		if err != nil {
			t.Fatalf("Issue(%+v): %v", f, err)
		}
		got := Formats{len(s.DataIntegrity) > 0, s.JWT != "", len(s.OB2Assertion) > 0, s.OB2Signed != ""}
		if got != f {
			t.Errorf("Issue(%+v) made %+v", f, got)
		}
	}
	if _, err := Issue(nil, iss, a, w, Formats{}); !errors.Is(err, ErrInput) {
		t.Errorf("Issue(no formats) = %v, want ErrInput", err)
	}

	// OB 3.0 alone needs none of the OB 2.0 settings.
	ob3Only := *iss
	ob3Only.ProfileURL, ob3Only.RSAKey, ob3Only.RSAKeyURL, ob3Only.Email = "", nil, "", ""
	if _, err := Issue(nil, &ob3Only, a, w, Formats{DataIntegrity: true, JWT: true}); err != nil {
		t.Errorf("OB 3.0 without OB 2.0 settings: %v", err)
	}
}

func TestIssueInputErrors(t *testing.T) {
	cases := map[string]struct {
		f    Formats
		edit func(iss *Issuer, a *Achievement, w *Award)
	}{
		"hosted on another origin": {Formats{OB2Hosted: true}, func(_ *Issuer, _ *Achievement, w *Award) { w.AssertionURL = "https://cdn.example.com/a/1" }},
		"assertion URL not http":   {Formats{OB2Signed: true}, func(_ *Issuer, _ *Achievement, w *Award) { w.AssertionURL = "urn:uuid:1" }},
		"signed without RSA key":   {Formats{OB2Signed: true}, func(iss *Issuer, _ *Achievement, _ *Award) { iss.RSAKey = nil }},
		"signed without key URL":   {Formats{OB2Signed: true}, func(iss *Issuer, _ *Achievement, _ *Award) { iss.RSAKeyURL = "" }},
		"hosted without profile":   {Formats{OB2Hosted: true}, func(iss *Issuer, _ *Achievement, _ *Award) { iss.ProfileURL = "" }},
		"OB 2.0 without email":     {Formats{OB2Hosted: true}, func(iss *Issuer, _ *Achievement, _ *Award) { iss.Email = "" }},
		"no badge class URL":       {Formats{OB2Hosted: true}, func(_ *Issuer, a *Achievement, _ *Award) { a.OB2BadgeURL = "" }},
		"no recipient":             {Formats{OB2Hosted: true}, func(_ *Issuer, _ *Achievement, w *Award) { w.RecipientEmail = "" }},
		"bad achievement type":     {AllFormats, func(_ *Issuer, a *Achievement, _ *Award) { a.AchievementType = "badge" }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			iss, a, w := testIssuer(t), testAchievement(), testAward()
			tc.edit(iss, a, w)
			if s, err := Issue(nil, iss, a, w, tc.f); !errors.Is(err, ErrInput) {
				t.Errorf("Issue = %+v, %v; want ErrInput", s, err)
			}
		})
	}
	for _, f := range []Formats{{DataIntegrity: true}, {OB2Hosted: true}, {OB2Signed: true}} {
		iss, a, w := testIssuer(t), testAchievement(), testAward()
		for name, call := range map[string]func() (*Signed, error){
			"nil issuer":      func() (*Signed, error) { return Issue(nil, nil, a, w, f) },
			"nil achievement": func() (*Signed, error) { return Issue(nil, iss, nil, w, f) },
			"nil award":       func() (*Signed, error) { return Issue(nil, iss, a, nil, f) },
		} {
			if _, err := call(); !errors.Is(err, ErrInput) {
				t.Errorf("%s, %+v: %v, want ErrInput", name, f, err)
			}
		}
	}
}

// jwsPayload decodes the payload of a compact JWS.
func jwsPayload(t *testing.T, tok string) (header, payload map[string]any) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %q", tok)
	}
	h, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	p, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, h), mustJSON(t, p)
}

// TestIssueSharedDefaults: with no salt and no issue time given, all four
// artefacts still share one salt and one time, and the OB 2.0 hash is of the
// same normalised address.
func TestIssueSharedDefaults(t *testing.T) {
	iss, a, w := testIssuer(t), testAchievement(), testAward()
	w.Salt, w.IssuedAt, w.ValidUntil = "", time.Time{}, nil
	s := issueAll(t, iss, a, w)

	di := mustJSON(t, s.DataIntegrity)
	jwtHeader, jwt := jwsPayload(t, s.JWT)
	hosted := mustJSON(t, s.OB2Assertion)
	_, signed := jwsPayload(t, s.OB2Signed)

	salt := dig(di, "credentialSubject", "identifier", 0, "salt")
	issued := dig(di, "validFrom")
	for name, got := range map[string][2]any{
		"jwt salt":       {dig(jwt, "credentialSubject", "identifier", 0, "salt"), salt},
		"hosted salt":    {dig(hosted, "recipient", "salt"), salt},
		"signed salt":    {dig(signed, "recipient", "salt"), salt},
		"proof created":  {dig(di, "proof", 0, "created"), issued},
		"jwt validFrom":  {dig(jwt, "validFrom"), issued},
		"hosted issued":  {dig(hosted, "issuedOn"), issued},
		"signed issued":  {dig(signed, "issuedOn"), issued},
		"jwt kid":        {jwtHeader["kid"], iss.VerificationMethod},
		"jwt alg":        {jwtHeader["alg"], "EdDSA"},
		"awardedDate":    {dig(di, "awardedDate"), issued},
		"proof method":   {dig(di, "proof", 0, "verificationMethod"), iss.VerificationMethod},
		"proof suite":    {dig(di, "proof", 0, "cryptosuite"), proof.SuiteEdDSARDFC2022},
		"credential id":  {dig(di, "id"), w.CredentialID},
		"hosted id":      {dig(hosted, "id"), w.AssertionURL},
		"signed id":      {dig(signed, "id"), w.AssertionURL},
		"hosted badge":   {dig(hosted, "badge"), a.OB2BadgeURL},
		"hosted type":    {dig(hosted, "verification", "type"), "hosted"},
		"signed type":    {dig(signed, "verification", "type"), "signed"},
		"signed creator": {dig(signed, "verification", "creator"), iss.RSAKeyURL},
	} {
		if got[0] != got[1] || got[0] == nil || got[0] == "" {
			t.Errorf("%s = %v, want %v", name, got[0], got[1])
		}
	}
	if _, ok := dig(hosted, "verification").(map[string]any)["creator"]; ok {
		t.Errorf("hosted verification names a key: %v", dig(hosted, "verification"))
	}
	var id ob2.IdentityObject
	raw, _ := json.Marshal(hosted["recipient"])
	json.Unmarshal(raw, &id)
	if !ob2.MatchIdentity(id, "taro.yamada@example.jp") || !id.Hashed || id.Type != "email" {
		t.Errorf("OB 2.0 recipient %s does not match the address", raw)
	}
}

// TestIssueOB2Expiry: validUntil becomes expires, and evidence carries the
// URL and narrative in OB 2.0 as in 3.0.
func TestIssueOB2Expiry(t *testing.T) {
	s, err := Issue(nil, testIssuer(t), testAchievement(), testAward(), Formats{OB2Hosted: true})
	if err != nil {
		t.Fatal(err)
	}
	h := mustJSON(t, s.OB2Assertion)
	if h["expires"] != "2029-03-31T15:00:00Z" || h["issuedOn"] != "2026-04-01T00:00:00Z" {
		t.Errorf("issuedOn %v, expires %v", h["issuedOn"], h["expires"])
	}
	ev, _ := h["evidence"].(map[string]any)
	if ev["id"] != base+"/evidence/42" || !strings.Contains(ev["narrative"].(string), "気温データ") {
		t.Errorf("evidence = %v", h["evidence"])
	}
	if h["@context"] != ob2.ContextURL || h["type"] != "Assertion" {
		t.Errorf("@context %v, type %v", h["@context"], h["type"])
	}
}

func TestOB2Documents(t *testing.T) {
	iss, a := testIssuer(t), testAchievement()
	bc, err := OB2BadgeClass(iss, a)
	if err != nil {
		t.Fatal(err)
	}
	m := mustJSON(t, bc)
	for k, want := range map[string]any{
		"id": a.OB2BadgeURL, "type": "BadgeClass", "name": a.Name, "description": a.Description,
		"image": a.ImageURL, "issuer": iss.ProfileURL,
	} {
		if m[k] != want {
			t.Errorf("BadgeClass %s = %v, want %v", k, m[k], want)
		}
	}
	if dig(m, "criteria", "id") != a.CriteriaURL || dig(m, "criteria", "narrative") != a.CriteriaNarrative {
		t.Errorf("BadgeClass criteria = %v", m["criteria"])
	}
	if dig(m, "alignment", 0, "targetCode") != "DA-1" || len(dig(m, "tags").([]any)) != 2 {
		t.Errorf("BadgeClass alignment %v, tags %v", m["alignment"], m["tags"])
	}
	one := *a
	one.Tags = []string{"統計"}
	if ob, _ := OB2BadgeClass(iss, &one); !strings.Contains(string(ob), `"tags":["統計"]`) {
		t.Errorf("one tag is not written as an array: %s", ob)
	}
	noImage := *a
	noImage.ImageURL = ""
	if _, err := OB2BadgeClass(iss, &noImage); !errors.Is(err, ErrInput) {
		t.Errorf("BadgeClass without image: %v, want ErrInput", err)
	}

	p, err := OB2IssuerProfile(iss)
	if err != nil {
		t.Fatal(err)
	}
	pm := mustJSON(t, p)
	if pm["id"] != iss.ProfileURL || pm["type"] != "Issuer" || pm["publicKey"] != iss.RSAKeyURL ||
		pm["revocationList"] != iss.RevocationListURL || pm["email"] != iss.Email || pm["image"] != iss.ImageURL {
		t.Errorf("issuer Profile = %s", p)
	}

	k, err := OB2CryptographicKey(iss)
	if err != nil {
		t.Fatal(err)
	}
	km := mustJSON(t, k)
	want, _ := ob2.PublicKeyPEM(&iss.RSAKey.PublicKey)
	if km["id"] != iss.RSAKeyURL || km["owner"] != iss.ProfileURL || km["publicKeyPem"] != want || km["type"] != "CryptographicKey" {
		t.Errorf("CryptographicKey = %s", k)
	}

	empty, err := OB2RevocationList(iss, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(empty), `"revokedAssertions":[]`) || mustJSON(t, empty)["id"] != iss.RevocationListURL {
		t.Errorf("empty revocation list = %s", empty)
	}
	list, err := OB2RevocationList(iss, base+"/other-list", []Revoked{{AssertionURL: base + "/assertions/1", Reason: "誤発行"}})
	if err != nil {
		t.Fatal(err)
	}
	lm := mustJSON(t, list)
	if lm["id"] != base+"/other-list" || dig(lm, "revokedAssertions", 0, "id") != base+"/assertions/1" ||
		dig(lm, "revokedAssertions", 0, "revocationReason") != "誤発行" || lm["issuer"] != iss.ProfileURL {
		t.Errorf("revocation list = %s", list)
	}
	if _, err := OB2RevocationList(iss, "", []Revoked{{Reason: "no id"}}); !errors.Is(err, ErrInput) {
		t.Errorf("entry without URL: %v, want ErrInput", err)
	}
}

func TestStatusListCredential(t *testing.T) {
	iss := testIssuer(t)
	bits := status.New(status.MinBits)
	for _, i := range []int{0, 42, status.MinBits - 1} {
		bits.Set(i, true)
	}
	from := time.Date(2026, 3, 1, 9, 30, 0, 0, jst)
	b, err := StatusListCredential(nil, iss, statusURL, PurposeSuspension, bits, from)
	if err != nil {
		t.Fatal(err)
	}
	m := mustJSON(t, b)
	if m["id"] != statusURL || m["issuer"] != iss.ID || m["validFrom"] != "2026-03-01T00:30:00Z" ||
		dig(m, "type", 1) != "BitstringStatusListCredential" || dig(m, "credentialSubject", "statusPurpose") != "suspension" ||
		dig(m, "credentialSubject", "type") != "BitstringStatusList" || dig(m, "proof", 0, "created") != "2026-03-01T00:30:00Z" {
		t.Errorf("status list credential = %s", b)
	}
	got, err := status.Decode(dig(m, "credentialSubject", "encodedList").(string))
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != status.MinBits {
		t.Errorf("list has %d bits, want %d", got.Len(), status.MinBits)
	}
	for _, i := range []int{0, 1, 41, 42, 43, status.MinBits - 2, status.MinBits - 1} {
		on, _ := got.Get(i)
		want, _ := bits.Get(i)
		if on != want {
			t.Errorf("bit %d = %v, want %v", i, on, want)
		}
	}
	// The proof verifies with the did:key, and fails once the list changes.
	doc := map[string]any(m)
	res, err := proof.Default.Verify(context.Background(), doc, &did.Resolver{})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("proof: %v %+v", err, res)
	}
	doc["validFrom"] = "2026-03-02T00:30:00Z"
	if res, _ := proof.Default.Verify(context.Background(), doc, &did.Resolver{}); len(res) != 1 || !errors.Is(res[0].Err, proof.ErrSignature) {
		t.Errorf("changed list: %+v, want ErrSignature", res)
	}

	for name, call := range map[string]func() ([]byte, error){
		"purpose": func() ([]byte, error) { return StatusListCredential(nil, iss, statusURL, "message", bits, from) },
		"no URL":  func() ([]byte, error) { return StatusListCredential(nil, iss, "", PurposeRevocation, bits, from) },
		"no bits": func() ([]byte, error) { return StatusListCredential(nil, iss, statusURL, PurposeRevocation, nil, from) },
		"no key": func() ([]byte, error) {
			return StatusListCredential(nil, &Issuer{ID: iss.ID}, statusURL, PurposeRevocation, bits, from)
		},
	} {
		if _, err := call(); !errors.Is(err, ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
}
