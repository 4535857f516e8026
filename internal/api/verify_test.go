// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/pdfbadge/pdfedit"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/verify"
)

func init() {
	// The verifier takes files as they are; let the request validator
	// read them as the binary strings openapi.json documents.
	for _, ct := range []string{"image/png", "image/svg+xml", "application/pdf", "application/jwt"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// loopbackVerifier is the public verifier allowed to fetch from the
// fixture's 127.0.0.1 server (tests only), with an empty cache.
func loopbackVerifier() *service.Verifier {
	return &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true, AllowPrivate: true})})}
}

// issueForVerify creates a badge and awards it once, returning the award.
func issueForVerify(t *testing.T, f *fixture, tok string) awardJSON {
	t.Helper()
	code, body := f.call(t, tok, "POST", "/api/v1/badges", map[string]any{
		"name_ja": "検証テスト", "name_en": "Verification test", "description_ja": "検証のためのバッジ。",
		"criteria_narrative": "なし。", "image": base64.StdEncoding.EncodeToString(pngImage(t)),
	})
	if code != 201 {
		t.Fatalf("create badge = %d %s", code, body)
	}
	var b badgeJSON
	json.Unmarshal(body, &b)
	code, body = f.call(t, tok, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "verify@example.ac.jp", "name": "検証　花子"})
	if code != 201 {
		t.Fatalf("award = %d %s", code, body)
	}
	var aw awardJSON
	json.Unmarshal(body, &aw)
	return aw
}

func getBody(t *testing.T, f *fixture, u string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	resp, body := f.do(t, req)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", u, resp.StatusCode)
	}
	return body
}

// testVerifyOperations drives POST /api/v1/verify through the OpenAPI
// checks: every way of sending a badge, valid and not, and the errors.
func testVerifyOperations(t *testing.T, o *oas, tok string) {
	f := o.f
	f.svc.Verifier = loopbackVerifier()
	t.Cleanup(func() { f.svc.Verifier = nil })
	aw := issueForVerify(t, f, tok)
	cred := getBody(t, f, aw.URL+"/credential.json")
	jwt := getBody(t, f, aw.URL+"/credential.jwt")
	img := getBody(t, f, aw.URL+"/badge.png")
	pdf := getBody(t, f, aw.URL+"/badge.pdf?lang=ja")

	report := func(what string, r reply) report.Report {
		t.Helper()
		var rep report.Report
		if r.code != 200 || json.Unmarshal(r.body, &rep) != nil {
			t.Fatalf("%s = %d %s", what, r.code, r.body)
		}
		return rep
	}
	valid := []struct {
		name string
		body any
		hdr  []string
	}{
		{"credential object", map[string]any{"credential": json.RawMessage(cred)}, nil},
		{"credential JWT string", map[string]any{"credential": string(jwt)}, nil},
		{"url", map[string]any{"url": aw.URL + "/credential.json"}, nil},
		{"hosted OB 2.0 url", map[string]any{"url": aw.URL}, nil},
		{"bare credential", string(cred), nil},
		{"PNG file", img, []string{"Content-Type", "image/png"}},
		{"JWT file", jwt, []string{"Content-Type", "application/jwt"}},
		{"PDF certificate", pdf, []string{"Content-Type", "application/pdf"}},
	}
	for _, c := range valid {
		rep := report(c.name, o.call(t, "", "POST", "/api/v1/verify", c.body, c.hdr...))
		if !rep.Valid || len(rep.Checks) == 0 || rep.Checks[0].Key != "check.format.pass" {
			t.Errorf("%s: valid=%v %+v", c.name, rep.Valid, rep.Checks)
		}
	}

	// A changed credential is a result, not an error.
	tampered := bytes.Replace(cred, []byte("検証　花子"), []byte("検証　太郎"), 1)
	if bytes.Equal(tampered, cred) {
		t.Fatal("the credential does not name its recipient")
	}
	rep := report("tampered", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"credential": json.RawMessage(tampered)}))
	if rep.Valid || rep.Status("proof") != "fail" {
		t.Errorf("tampered: %+v", rep)
	}
	for _, c := range rep.Checks {
		if c.ID == "proof" && c.Params["problem"] != verify.ProblemSignature {
			t.Errorf("tampered proof params = %v", c.Params)
		}
	}

	// The sealed PDF passes the pdf check; with one character of its
	// printed text changed it is reported changed after it was issued,
	// though the credential inside still verifies.
	rep = report("PDF", o.call(t, "", "POST", "/api/v1/verify", pdf, "Content-Type", "application/pdf"))
	if rep.Status("pdf") != "pass" {
		t.Errorf("PDF: %+v", rep.Checks)
	}
	edited, err := pdfedit.ReplaceText(pdf, "検証　花子", "検証　花男")
	if err != nil {
		t.Fatal(err)
	}
	rep = report("edited PDF", o.call(t, "", "POST", "/api/v1/verify", edited, "Content-Type", "application/pdf"))
	if rep.Valid || rep.Status("pdf") != "fail" || rep.Status("proof") != "pass" {
		t.Errorf("edited PDF: valid %v, %+v", rep.Valid, rep.Checks)
	}
	for _, c := range rep.Checks {
		if c.ID == "pdf" && (c.Params["problem"] != verify.PDFChanged || !strings.Contains(c.Message, "changed after it was issued") || c.Key != "check.pdf.fail") {
			t.Errorf("edited PDF: pdf check %+v", c)
		}
	}
	// A PDF that is not a certificate is a result: not valid.
	rep = report("other PDF", o.call(t, "", "POST", "/api/v1/verify", []byte("%PDF-1.7\n..."), "Content-Type", "application/pdf"))
	if rep.Valid || rep.Status("format") != "fail" {
		t.Errorf("other PDF: %+v", rep)
	}

	// Unusable input.
	wantProblem(t, "garbage", o.call(t, "", "POST", "/api/v1/verify", []byte("hello, world"), "Content-Type", "text/plain"), 400, "file")
	wantProblem(t, "both", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"url": aw.URL, "credential": "x"}), 400, "url")
	wantProblem(t, "not JSON", o.bad(t, "", "POST", "/api/v1/verify", "{", "Content-Type", "application/json"), 400, "body")
	wantProblem(t, "a number as credential", o.bad(t, "", "POST", "/api/v1/verify", map[string]any{"credential": 42}), 400, "credential")
	wantProblem(t, "ftp url", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"url": "ftp://example.org/x"}), 400, "url")
	wantProblem(t, "other media type", o.bad(t, "", "POST", "/api/v1/verify", []byte("x"), "Content-Type", "application/zip"), 400, "Content-Type")
	big := append([]byte("{\"credential\":\""), bytes.Repeat([]byte("a"), service.MaxVerifyInput+100<<10)...)
	wantProblem(t, "too large", o.bad(t, "", "POST", "/api/v1/verify", append(big, '"', '}'), "Content-Type", "application/json"), 413, "body")

	// The safe fetcher refuses private addresses unless told otherwise.
	f.svc.Verifier = &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true})})}
	p := wantProblem(t, "private address", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"url": aw.URL + "/credential.json"}), 400, "url")
	if !strings.Contains(p.Detail, "private network") {
		t.Errorf("private address: %q", p.Detail)
	}

	// Revoked: a fresh verifier (results are cached for a minute) sees it.
	if code, body := f.call(t, tok, "POST", "/api/v1/awards/"+itoa(aw.ID)+"/revoke", map[string]any{"reason": "誤発行"}); code != 200 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	f.svc.Verifier = loopbackVerifier()
	rep = report("revoked", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"url": aw.URL + "/credential.json"}))
	if rep.Valid || rep.Status("status") != "fail" {
		t.Errorf("revoked: %+v", rep)
	}
	rep = report("revoked OB 2.0", o.call(t, "", "POST", "/api/v1/verify", map[string]any{"url": aw.URL}))
	if rep.Valid || rep.Status("status") != "fail" {
		t.Errorf("revoked OB 2.0: %+v", rep)
	}
	for _, c := range rep.Checks {
		if c.ID == "status" && (c.Params["reason"] != "誤発行" || c.Params["purpose"] != "revocation") {
			t.Errorf("revoked OB 2.0 status params = %v", c.Params)
		}
	}
}
