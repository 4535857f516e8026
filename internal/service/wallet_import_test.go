// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

// walletFixture is a recipient whose wallet holds one badge of the
// issuing fixture's organisation, accepted from the pending list, and
// another account.
type walletFixture struct {
	*issuingFixture
	me, other *badge.Account
	kept      *badge.Award // in me's wallet, with its artefacts
}

func newWalletFixture(t *testing.T, s *Service) *walletFixture {
	t.Helper()
	f := &walletFixture{issuingFixture: newIssuingFixture(t, s)}
	f.me = mustAccount(t, s, "me@student.example.ac.jp")
	f.other = mustAccount(t, s, "someone@example.com")
	a := f.award(t, "me@student.example.ac.jp", "山田 花子", "")
	if _, err := s.AcceptPending(as(f.me.ID), a.ID); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.kept, err = s.Store.FindAwardByID(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// foreignIssuer is an OB 2.0 issuer elsewhere: its profile, badge class
// and hosted assertions, answered from files through a URL map, so that
// the tests need no network; the files can be changed between checks
// (a revocation).
type foreignIssuer struct {
	t    *testing.T
	dir  string
	urls map[string]string
}

const foreignBase = "https://badges.other.example.ac.jp"

func newForeignIssuer(t *testing.T) *foreignIssuer {
	fi := &foreignIssuer{t: t, dir: t.TempDir(), urls: map[string]string{}}
	fi.publish("/issuer", map[string]any{"@context": ob2.ContextURL, "type": "Issuer", "id": foreignBase + "/issuer",
		"name": "他大学 Other University", "url": foreignBase, "email": "badges@other.example.ac.jp"})
	fi.publish("/badge", map[string]any{"@context": ob2.ContextURL, "type": "BadgeClass", "id": foreignBase + "/badge",
		"name": "ロボット工学", "description": "ロボットを作った。", "image": foreignBase + "/badge.png",
		"criteria": map[string]any{"narrative": "動くロボットを作る。"}, "issuer": foreignBase + "/issuer"})
	return fi
}

// publish makes doc the answer of path and returns its bytes.
func (fi *foreignIssuer) publish(path string, doc map[string]any) []byte {
	fi.t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		fi.t.Fatal(err)
	}
	f := filepath.Join(fi.dir, strings.ReplaceAll(strings.Trim(path, "/"), "/", "_")+".json")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		fi.t.Fatal(err)
	}
	fi.urls[foreignBase+path] = f
	return b
}

// assertion publishes a hosted assertion at path (extra fields merged in)
// and returns its URL.
func (fi *foreignIssuer) assertion(path string, extra map[string]any) string {
	a := map[string]any{"@context": ob2.ContextURL, "type": "Assertion", "id": foreignBase + path,
		"recipient": map[string]any{"type": "email", "hashed": true, "salt": "s", "identity": ob2.HashIdentity("me@student.example.ac.jp", "s")},
		"badge":     foreignBase + "/badge", "verification": map[string]any{"type": "HostedBadge"},
		"issuedOn": "2026-01-15T09:00:00+09:00"}
	for k, v := range extra {
		a[k] = v
	}
	fi.publish(path, a)
	return foreignBase + path
}

// verifier is a verifier that reaches the foreign issuer (and nothing
// else), with the clock now.
func (fi *foreignIssuer) verifier(now func() time.Time) *Verifier {
	return &Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{URLMap: fi.urls, Offline: true}), Now: now})}
}

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestImportBadge(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newWalletFixture(t, s)
		me, other := as(f.me.ID), as(f.other.ID)
		cred := f.kept.CredentialDI

		// An OB 3.0 credential: verified at once (offline: its proof holds,
		// revocation is not checked), kept private, with what it states.
		b, err := s.ImportBadge(me, ImportInput{Data: cred, Filename: "C:\\Downloads\\credential.json"})
		if err != nil {
			t.Fatal(err)
		}
		if b.State != badge.ImportValid || !b.Private || b.Kind != "json" || b.Format != verify.FormatOB3DI ||
			b.Name != "データサイエンス基礎" || b.IssuerName == "" || b.Report == nil || !b.Report.Valid || b.Report.Input != "credential.json" {
			t.Errorf("ImportBadge(OB 3.0 JSON) = %+v, report %+v", b.WalletImport, b.Report)
		}
		if b.IssuedOn == nil || b.ExpiresAt == nil || b.Recipient == "" {
			t.Errorf("ImportBadge kept issued %v, expires %v, recipient %q", b.IssuedOn, b.ExpiresAt, b.Recipient)
		}
		// Twice: the same import.
		again, err := s.ImportBadge(me, ImportInput{Data: cred, Filename: "again.json"})
		if err != nil || again.ID != b.ID || again.Report == nil || !again.Existing || b.Existing {
			t.Errorf("ImportBadge(same credential) = %+v, %v; want import %d", again, err, b.ID)
		}
		// Baked into a PNG: the image is kept (it is the credential).
		png, err := bake.Bake(testPNG(t), bake.Payload{Version: bake.OB3, Data: cred}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pb, err := s.ImportBadge(me, ImportInput{Data: png, Filename: "badge.png"})
		if err != nil || pb.Kind != "png" || pb.ImageType != "image/png" || pb.State != badge.ImportValid || pb.ID == b.ID {
			t.Errorf("ImportBadge(baked PNG) = %+v, %v", pb, err)
		}
		if img, mt, err := s.ImportImage(me, pb.ID); err != nil || mt != "image/png" || !bytes.Equal(img, png) {
			t.Errorf("ImportImage(baked PNG) = %d bytes, %q, %v", len(img), mt, err)
		}
		if _, _, err := s.ImportImage(me, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("ImportImage(no image) = %v, want not found", err)
		}
		// Changed after signing: kept, and shown as not valid.
		tampered := bytes.Replace(cred, []byte("山田 花子"), []byte("山田 太郎"), 1)
		tb, err := s.ImportBadge(me, ImportInput{Data: tampered, Filename: "tampered.json"})
		if err != nil || tb.State != badge.ImportInvalid || tb.Report.Status("proof") != report.Fail {
			t.Errorf("ImportBadge(tampered) = %+v, %v", tb, err)
		}

		// What is no badge at all is refused, with a clear error.
		for name, tc := range map[string]struct {
			in       ImportInput
			field    string
			key      string
			wantCode string
		}{
			"nothing":     {ImportInput{}, "file", "wallet_import.empty", badge.CodeInvalid},
			"text":        {ImportInput{Data: []byte("hello, world"), Filename: "a.txt"}, "file", "wallet_import.not_badge", badge.CodeInvalid},
			"plain PNG":   {ImportInput{Data: testPNG(t), Filename: "plain.png"}, "file", "wallet_import.unreadable", badge.CodeInvalid},
			"other JSON":  {ImportInput{Data: []byte(`{"a": 1}`), Filename: "a.json"}, "file", "wallet_import.unreadable", badge.CodeInvalid},
			"broken JSON": {ImportInput{Data: []byte(`{"a": `), Filename: "a.json"}, "file", "wallet_import.unreadable", badge.CodeInvalid},
			"PDF":         {ImportInput{Data: []byte("%PDF-1.7\n"), Filename: "a.pdf"}, "file", "wallet_import.pdf", badge.CodeInvalid},
			"too large":   {ImportInput{Data: make([]byte, badge.MaxImportBytes+1), Filename: "big.json"}, "file", KeyImportTooLarge, badge.CodeInvalid},
			"bad URL":     {ImportInput{URL: "ftp://example.com/x"}, "url", "verify.bad_url", badge.CodeInvalid},
			"offline URL": {ImportInput{URL: "https://example.com/x"}, "url", "verify.fetch_failed", badge.CodeInvalid},
		} {
			_, err := s.ImportBadge(me, tc.in)
			e, ok := importErr(err)
			if !ok || e.Code != tc.wantCode || e.Field != tc.field || e.Key != tc.key {
				t.Errorf("%s: ImportBadge = %v, want %s on %q with key %s", name, err, tc.wantCode, tc.field, tc.key)
			}
		}
		if _, err := s.ImportBadge(context.Background(), ImportInput{Data: cred}); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("ImportBadge(anonymous) = %v", err)
		}

		// Another account reaches none of it, and may import the same credential.
		if _, err := s.ImportedBadge(other, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("ImportedBadge(another's) = %v", err)
		}
		if _, err := s.SetImportPrivate(other, b.ID, false); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("SetImportPrivate(another's) = %v", err)
		}
		if err := s.RemoveImport(other, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("RemoveImport(another's) = %v", err)
		}
		if _, _, err := s.ImportImage(other, pb.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("ImportImage(another's) = %v", err)
		}
		if ob, err := s.ImportBadge(other, ImportInput{Data: cred}); err != nil || ob.ID == b.ID {
			t.Errorf("ImportBadge(same credential, another account) = %+v, %v", ob, err)
		}

		list, err := s.ImportedBadges(me)
		if err != nil || len(list) != 3 || list[0].ID != tb.ID || list[0].Credential != nil {
			t.Errorf("ImportedBadges = %d, %v; want 3, newest first, without credentials", len(list), err)
		}
		pub, err := s.SetImportPrivate(me, b.ID, false)
		if err != nil || pub.Private {
			t.Errorf("SetImportPrivate(public) = %+v, %v", pub, err)
		}
		if err := s.RemoveImport(me, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportedBadge(me, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("ImportedBadge(removed) = %v", err)
		}
		if got, _ := s.ImportedBadge(other, b.ID); got != nil {
			t.Error("removing my import removed another's")
		}
	})
}

// An OB 2.0 hosted badge of another issuer, imported by its URL, is
// valid; once its issuer revokes it, the periodic re-check says so. One
// that expired is kept as expired.
func TestImportHostedOB2AndRecheck(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		clock := &testClock{t: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}
		s.Now = clock.Now
		fi := newForeignIssuer(t)
		s.Verifier = fi.verifier(clock.Now)
		me := mustAccount(t, s, "me@student.example.ac.jp")
		ctx := as(me.ID)

		u := fi.assertion("/assertions/1", nil)
		b, err := s.ImportBadge(ctx, ImportInput{URL: u})
		if err != nil {
			t.Fatal(err)
		}
		if b.State != badge.ImportValid || b.Format != verify.FormatOB2Hosted || b.SourceURL != u || b.Name != "ロボット工学" ||
			b.IssuerName != "他大学 Other University" || !b.RecipientHashed || b.ImageURL != foreignBase+"/badge.png" {
			t.Errorf("ImportBadge(hosted OB 2.0) = %+v\nreport %+v", b.WalletImport, b.Report)
		}
		if _, err := s.ImportBadge(ctx, ImportInput{URL: foreignBase + "/missing"}); badge.ErrorKey(err) != "verify.fetch_failed" {
			t.Errorf("ImportBadge(unreachable URL) = %v", err)
		}
		expired, err := s.ImportBadge(ctx, ImportInput{URL: fi.assertion("/assertions/2", map[string]any{"expires": "2026-03-01T00:00:00Z"})})
		if err != nil || expired.State != badge.ImportExpired {
			t.Errorf("ImportBadge(expired) = %+v, %v", expired, err)
		}

		// Checked less than a day ago: nothing to do.
		if n, err := s.RecheckImports(context.Background(), 24*time.Hour, 10); n != 0 || err != nil {
			t.Errorf("RecheckImports(fresh) = %d, %v; want 0", n, err)
		}
		fi.assertion("/assertions/1", map[string]any{"revoked": true, "revocationReason": "誤って発行"})
		clock.advance(25 * time.Hour)
		if n, err := s.RecheckImports(context.Background(), 24*time.Hour, 1); n != 1 || err != nil {
			t.Errorf("RecheckImports(limit 1) = %d, %v; want 1", n, err)
		}
		if n, err := s.RecheckImports(context.Background(), 24*time.Hour, 10); n != 1 || err != nil {
			t.Errorf("RecheckImports(the rest) = %d, %v; want 1", n, err)
		}
		got, err := s.ImportedBadge(ctx, b.ID)
		if err != nil || got.State != badge.ImportRevoked || !got.CheckedAt.Equal(clock.Now()) || got.Report.Status("status") != report.Fail {
			t.Fatalf("after the revocation: %+v, %v", got, err)
		}
		if got.Report.Input != u {
			t.Errorf("re-checked report names %q, want %q", got.Report.Input, u)
		}
		if n, _ := s.RecheckImports(context.Background(), 24*time.Hour, 10); n != 0 {
			t.Errorf("RecheckImports(just checked) = %d, want 0", n)
		}
	})
}

// The states an import takes from its report.
func TestImportState(t *testing.T) {
	fail := func(id string, params map[string]string) report.Check {
		return report.Check{ID: id, Status: report.Fail, Params: params}
	}
	for _, tc := range []struct {
		name string
		r    report.Report
		want string
	}{
		{"valid", report.Report{Valid: true}, badge.ImportValid},
		{"bad proof", report.Report{Checks: []report.Check{fail("proof", nil)}}, badge.ImportInvalid},
		{"revoked", report.Report{Checks: []report.Check{fail("status", map[string]string{"purpose": "revocation"})}}, badge.ImportRevoked},
		{"suspended", report.Report{Checks: []report.Check{fail("status", map[string]string{"purpose": "suspension"})}}, badge.ImportRevoked},
		{"expired", report.Report{Checks: []report.Check{fail("validity", map[string]string{"until": "2026-01-01"})}}, badge.ImportExpired},
		{"revoked and expired", report.Report{Checks: []report.Check{fail("validity", map[string]string{"until": "2026-01-01"}),
			fail("status", map[string]string{"purpose": "revocation"})}}, badge.ImportRevoked},
		{"not yet valid", report.Report{Checks: []report.Check{fail("validity", map[string]string{"from": "2030-01-01"})}}, badge.ImportInvalid},
	} {
		if got := importState(&tc.r); got != tc.want {
			t.Errorf("%s: importState = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The image beside a JSON or JWT credential is its achievement's, when
// it is a data: URI of a safe image; nothing else is kept.
func TestImportImage(t *testing.T) {
	png := testPNG(t)
	uri := "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>`
	hostile := `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`
	ob3 := func(image any) []byte {
		b, _ := json.Marshal(map[string]any{"credentialSubject": map[string]any{"achievement": map[string]any{"image": image}}})
		return b
	}
	jwt := func(payload []byte) []byte {
		enc := base64.RawURLEncoding.EncodeToString
		return []byte(enc([]byte(`{"alg":"EdDSA"}`)) + "." + enc(payload) + "." + enc([]byte("sig")))
	}
	for _, tc := range []struct {
		name, kind string
		data       []byte
		want       string // media type, "" for none
	}{
		{"OB 3.0 image object", "json", ob3(map[string]any{"id": uri, "type": "Image"}), "image/png"},
		{"OB 3.0 image string", "json", ob3(uri), "image/png"},
		{"SVG, URL-encoded", "json", ob3("data:image/svg+xml," + strings.ReplaceAll(svg, " ", "%20")), "image/svg+xml"},
		{"SVG, base64", "json", ob3("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))), "image/svg+xml"},
		{"hostile SVG", "json", ob3("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(hostile))), ""},
		{"https image", "json", ob3("https://example.com/badge.png"), ""},
		{"not an image", "json", ob3("data:text/html;base64," + base64.StdEncoding.EncodeToString([]byte("<p>hi</p>"))), ""},
		{"OB 2.0 embedded badge", "json", []byte(`{"badge":{"image":"` + uri + `"}}`), "image/png"},
		{"VC-JWT", "jwt", jwt([]byte(`{"vc":` + string(ob3(uri)) + `}`)), "image/png"},
		{"VC-JWT without vc claim", "jwt", jwt(ob3(uri)), "image/png"},
		{"broken JWT", "jwt", []byte("a.b"), ""},
	} {
		img, mt := importImage(tc.kind, tc.data)
		if mt != tc.want || (mt == "") != (img == nil) {
			t.Errorf("%s: importImage = %d bytes, %q; want %q", tc.name, len(img), mt, tc.want)
		}
	}
}

func importErr(err error) (*badge.Error, bool) { return errors.AsType[*badge.Error](err) }

// TestImportPDFCertificate: a PDF certificate is imported as the credential
// attached to it.
func TestImportPDFCertificate(t *testing.T) {
	if _, err := pdfbadge.FindFont(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Japanese font for PDF certificates (fonts-ipaexfont-gothic)")
		}
		t.Skip("no Japanese font for PDF certificates: install fonts-ipaexfont-gothic")
	}
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		a := f.award(t, "pdf@example.ac.jp", "証明 花子", "")
		pdf, err := s.AwardPDF(context.Background(), a.PublicID, "ja")
		if err != nil {
			t.Fatal(err)
		}
		me := mustAccount(t, s, "pdf-owner@example.ac.jp")
		b, err := s.ImportBadge(as(me.ID), ImportInput{Data: pdf, Filename: "certificate.pdf"})
		if err != nil {
			t.Fatal(err)
		}
		if b.Kind != "json" || !bytes.Equal(b.Credential, a.CredentialDI) || b.Name != "データサイエンス基礎" {
			t.Errorf("imported PDF = kind %s, name %q, the award's credential %v", b.Kind, b.Name, bytes.Equal(b.Credential, a.CredentialDI))
		}
	})
}
