// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/web"
)

// FuzzVerifyUpload: whatever is posted to the verifier — any file, name,
// pasted text or URL, multipart or not — it answers, never with a panic
// or a 500. The verifier is offline, so nothing is fetched.
func FuzzVerifyUpload(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "badge.png", "", "", true)
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion verify="https://x"/></svg>`), "b.svg", "", "", true)
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"type":["VerifiableCredential","OpenBadgeCredential"],"proof":{}}`), "c.json", "", "", true)
	f.Add([]byte("eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"), "c.jwt", "", "", true)
	f.Add([]byte("%PDF-1.7"), "c.pdf", "", "", true)
	f.Add([]byte{}, "", `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}`, "", true)
	f.Add([]byte{}, "", "", "https://127.0.0.1/x", false)
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"file\""), "", "", "", false)
	f.Add(testPNGBytes(), "badge.png", "eyJ9.e30.", "ftp://x", true)
	h := web.New(&service.Service{}, nil)
	f.Fuzz(func(t *testing.T, file []byte, name, text, url string, multi bool) {
		var body bytes.Buffer
		ct := "application/x-www-form-urlencoded"
		if multi {
			mw := multipart.NewWriter(&body)
			mw.WriteField("credential", text)
			mw.WriteField("url", url)
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(file)
			mw.Close()
			ct = mw.FormDataContentType()
		} else {
			body.Write(file)
		}
		req := httptest.NewRequest("POST", "/verify", &body)
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code == http.StatusOK && !bytes.Contains(rec.Body.Bytes(), []byte("data-verdict=")) {
			t.Fatalf("POST /verify = %d:\n%.2000s", rec.Code, rec.Body.String())
		}
	})
}

// testPNGBytes is a small PNG with no badge in it.
func testPNGBytes() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
}
