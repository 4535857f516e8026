// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/interop"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

func pngImage(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	img.Set(3, 3, color.RGBA{1, 2, 3, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// issuingFixture is the API over a server whose base URL is its own
// address, so the documents it issues can be fetched and verified.
func newIssuingFixture(t *testing.T) (*fixture, string) {
	f := newFixture(t, "")
	f.svc.BaseURL = f.srv.URL
	// The negotiated routes the app adds in front of the pages.
	mux := f.srv.Config.Handler.(*http.ServeMux)
	a := New(f.svc)
	mux.HandleFunc("GET /awards/{id}", a.AwardAssertion)
	mux.HandleFunc("GET /badges/{id}/{rev}", a.BadgeClassDocument)
	_, body := f.do(t, f.tokenRequest(url.Values{"grant_type": {"client_credentials"}}, f.boot.ClientID, f.boot.ClientSecret))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(body, &tok)
	return f, tok.AccessToken
}

func (f *fixture) call(t *testing.T, tok, method, path string, body any, hdr ...string) (int, []byte) {
	t.Helper()
	var rd *bytes.Reader
	if s, ok := body.(string); ok {
		rd = bytes.NewReader([]byte(s))
	} else {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, b := f.do(t, req)
	return resp.StatusCode, b
}

func verifier() *verify.Verifier {
	return verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true, AllowPrivate: true})})
}

func checkStatus(rep *report.Report, id string) string {
	for _, c := range rep.Checks {
		if c.ID == id {
			return string(c.Status)
		}
	}
	return ""
}

// TestIssueFetchVerify is the issuer's day through the API: create a
// badge, award one person (idempotently), fetch every public document and
// verify it with our verifier (and the independent one), revoke, and see
// verification report revoked.
func TestIssueFetchVerify(t *testing.T) {
	f, tok := newIssuingFixture(t)
	code, body := f.call(t, tok, "POST", "/api/v1/badges", map[string]any{
		"name_ja": "情報セキュリティ基礎", "name_en": "Information Security Basics",
		"description_ja": "情報セキュリティの基礎を修めた。", "criteria_narrative": "演習に合格すること。",
		"tags": []string{"security"}, "image": base64.StdEncoding.EncodeToString(pngImage(t)),
	})
	if code != 201 {
		t.Fatalf("create badge = %d %s", code, body)
	}
	var b badgeJSON
	json.Unmarshal(body, &b)

	code, body = f.call(t, tok, "POST", "/api/v1/badges", map[string]any{"name_ja": "x"})
	if code != 400 || !strings.Contains(string(body), `"field"`) {
		t.Errorf("bad badge = %d %s", code, body)
	}

	award := map[string]any{"badge_id": b.ID, "email": "Taro@Example.AC.JP", "name": "鈴木　太郎", "evidence_url": "https://example.ac.jp/works/1"}
	code, body = f.call(t, tok, "POST", "/api/v1/awards", award, "Idempotency-Key", "lms-1")
	if code != 201 {
		t.Fatalf("award = %d %s", code, body)
	}
	var aw awardJSON
	json.Unmarshal(body, &aw)
	code, body = f.call(t, tok, "POST", "/api/v1/awards", award, "Idempotency-Key", "lms-1")
	var again awardJSON
	json.Unmarshal(body, &again)
	if code != 200 || again.ID != aw.ID {
		t.Errorf("retried award = %d %s", code, body)
	}
	if code, body = f.call(t, tok, "GET", "/api/v1/awards?q=taro", nil); code != 200 || !strings.Contains(string(body), `"total":1`) {
		t.Errorf("list = %d %s", code, body)
	}

	get := func(u, accept string) (int, []byte, string) {
		req, _ := http.NewRequest("GET", u, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, body := f.do(t, req)
		return resp.StatusCode, body, resp.Header.Get("Content-Type")
	}
	v := verifier()
	ctx := context.Background()
	for _, file := range []string{"credential.json", "credential.jwt", "assertion.jws", "badge.png"} {
		code, doc, _ := get(aw.URL+"/"+file, "")
		if code != 200 {
			t.Fatalf("%s = %d %s", file, code, doc)
		}
		rep := v.Verify(ctx, file, doc)
		if !rep.Valid {
			t.Errorf("%s does not verify: %+v", file, rep)
		}
		if st := checkStatus(rep, "status"); file != "assertion.jws" && st != "pass" {
			t.Errorf("%s status check = %q", file, st)
		}
	}
	// The hosted OB 2.0 assertion, by content negotiation on its URL.
	code, doc, ct := get(aw.URL, "application/ld+json")
	if code != 200 || ct != "application/ld+json" {
		t.Fatalf("hosted assertion = %d %s %s", code, ct, doc)
	}
	if rep := v.Verify(ctx, "assertion", doc); !rep.Valid {
		t.Errorf("hosted assertion does not verify: %+v", rep)
	}
	// The baked image carries the credential.
	_, img, _ := get(aw.URL+"/badge.png?format=ob2", "")
	if p, err := bake.Unbake(img, nil); err != nil || p.Version != bake.OB2 {
		t.Errorf("unbake = %+v, %v", p, err)
	}
	{
		if ok, _ := interop.Available(); ok {
			_, cred, _ := get(aw.URL+"/credential.json", "")
			p := filepath.Join(t.TempDir(), "cred.json")
			os.WriteFile(p, cred, 0o644)
			if out, code, err := interop.Run("verify", "--ignore-status", p); err != nil || code != 0 {
				t.Errorf("Digital Bazaar verifier = %d, %v: %s", code, err, out)
			}
		}
	}

	// Revoke: the status list and the OB 2.0 revocation list say so.
	code, body = f.call(t, tok, "POST", "/api/v1/awards/"+itoa(aw.ID)+"/revoke", map[string]any{"reason": "誤発行"})
	if code != 200 || !strings.Contains(string(body), `"state":"revoked"`) {
		t.Fatalf("revoke = %d %s", code, body)
	}
	for _, file := range []string{"credential.json", "credential.jwt", "assertion.jws"} {
		_, doc, _ := get(aw.URL+"/"+file, "")
		rep := v.Verify(ctx, file, doc)
		if rep.Valid || checkStatus(rep, "status") != "fail" {
			t.Errorf("%s after revocation: valid=%v status=%q", file, rep.Valid, checkStatus(rep, "status"))
		}
	}
	_, doc, _ = get(aw.URL, "application/ld+json")
	if rep := v.Verify(ctx, "assertion", doc); rep.Valid {
		t.Errorf("revoked hosted assertion still valid: %+v", rep)
	}

	// A problem names the member the client sent.
	if code, body := f.call(t, tok, "POST", "/api/v1/awards/revoke", map[string]any{"ids": []int64{}, "reason": "x"}); code != 400 || !strings.Contains(string(body), `"field":"ids"`) {
		t.Errorf("revoke of nothing = %d %s", code, body)
	}
	f.call(t, tok, "POST", "/api/v1/badges/"+itoa(b.ID)+"/archive", nil)
	if code, body := f.call(t, tok, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "a@example.ac.jp", "name": "A"}); code != 400 || !strings.Contains(string(body), `"field":"badge_id"`) {
		t.Errorf("award of an archived badge = %d %s", code, body)
	}

	// Viewer-scoped tokens cannot award.
	_, body = f.do(t, f.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"akashi:read"}}, f.boot.ClientID, f.boot.ClientSecret))
	var ro struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(body, &ro)
	if code, _ := f.call(t, ro.AccessToken, "POST", "/api/v1/awards", award); code != 403 {
		t.Errorf("read-only token award = %d", code)
	}
}

func itoa(n int64) string { return strings.TrimSpace(string(mustJSON(n))) }

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
