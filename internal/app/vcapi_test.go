// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/service"
)

// The W3C VC-API on the running server: a client-credentials token of an
// organisation issues with its did:key; anyone verifies.
func TestVCAPI(t *testing.T) {
	m := start(t, "", false)
	boot, err := m.Service().Bootstrap(context.Background(), service.BootstrapInput{OrgName: "VC API Org", OrgSlug: "vcapi",
		AdminEmail: "vc@example.ac.jp", AdminPassword: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(m.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {boot.ClientID}, "client_secret": {boot.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	post := func(path, bearer, body string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", m.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	issuer := boot.IssuerID // http base URL: the org's did:key
	cred := `{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
		"id":"urn:uuid:6a1e7c1e-0b4a-4d9e-9a43-3f1d1e0c2a11","issuer":"` + issuer + `",
		"credentialSubject":{"id":"did:example:learner"}}}`
	if code, _ := post("/credentials/issue", "", cred); code != 401 {
		t.Errorf("issue without a token = %d, want 401", code)
	}
	code, out := post("/credentials/issue", tok.AccessToken, cred)
	if code != 201 {
		t.Fatalf("issue = %d %v", code, out)
	}
	vc, _ := json.Marshal(out["verifiableCredential"])
	code, res := post("/credentials/verify", "", `{"verifiableCredential":`+string(vc)+`}`)
	if code != 200 || res["verified"] != true {
		t.Errorf("verify = %d %v", code, res)
	}
	tampered := strings.Replace(string(vc), "did:example:learner", "did:example:mallory", 1)
	if code, res := post("/credentials/verify", "", `{"verifiableCredential":`+tampered+`}`); code != 400 || res["verified"] != false {
		t.Errorf("verify tampered = %d %v", code, res)
	}
	bad := strings.Replace(cred, `"type":["VerifiableCredential"]`, `"type":["VerifiableCredential"],"undefinedTerm":1`, 1)
	if code, _ := post("/credentials/issue", tok.AccessToken, bad); code != 400 {
		t.Errorf("issue with an undefined term = %d, want 400", code)
	}
}
