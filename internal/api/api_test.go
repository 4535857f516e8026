// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
)

type fixture struct {
	srv    *httptest.Server
	svc    *service.Service
	boot   *service.BootstrapResult
	router routers.Router
}

func newFixture(t *testing.T, baseURL string) *fixture {
	st, err := sqlite.OpenMemory(context.Background(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mk, _ := keys.LoadOrCreateMasterKey(t.TempDir(), func(string) string { return "" })
	svc := &service.Service{Store: st, MasterKey: mk, BaseURL: baseURL}
	boot, err := svc.Bootstrap(context.Background(), service.BootstrapInput{OrgName: "Example University", OrgSlug: "example",
		AdminEmail: "admin@example.ac.jp", AdminPassword: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	New(svc).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: srv.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, svc: svc, boot: boot, router: router}
}

// do sends a request and, for documented paths, checks the response
// against the OpenAPI document.
func (f *fixture) do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	route, params, err := f.router.FindRoute(req)
	if err == nil {
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
			Body: io.NopCloser(bytes.NewReader(body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("%s %s: response %d does not match openapi.json: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, body)
		}
	}
	return resp, body
}

func (f *fixture) tokenRequest(form url.Values, basicID, basicSecret string) *http.Request {
	req, _ := http.NewRequest("POST", f.srv.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	return req
}

func TestTokenAndOrganization(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	cc := url.Values{"grant_type": {"client_credentials"}}
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		want   string
	}{
		{"basic", f.tokenRequest(cc, f.boot.ClientID, f.boot.ClientSecret), 200, `"token_type":"Bearer"`},
		{"post", f.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {f.boot.ClientID}, "client_secret": {f.boot.ClientSecret}}, "", ""), 200, `"access_token":"akt_`},
		{"scope subset", f.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"akashi:read"}}, f.boot.ClientID, f.boot.ClientSecret), 200, `"scope":"akashi:read"`},
		{"wrong secret", f.tokenRequest(cc, f.boot.ClientID, "nope"), 401, `"error":"invalid_client"`},
		{"unknown client", f.tokenRequest(cc, "akc_nobody", "x"), 401, `"error":"invalid_client"`},
		{"bad scope", f.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"admin:all"}}, f.boot.ClientID, f.boot.ClientSecret), 400, `"error":"invalid_scope"`},
		{"grant type", f.tokenRequest(url.Values{"grant_type": {"password"}}, f.boot.ClientID, f.boot.ClientSecret), 400, `"error":"unsupported_grant_type"`},
	} {
		resp, body := f.do(t, tc.req)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: %d %s; want %d with %s", tc.name, resp.StatusCode, body, tc.status, tc.want)
		}
	}

	_, body := f.do(t, f.tokenRequest(cc, f.boot.ClientID, f.boot.ClientSecret))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(body, &tok)
	get := func(auth string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/organization", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		return f.do(t, req)
	}
	resp, body := get("Bearer " + tok.AccessToken)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"slug":"example"`) || !strings.Contains(string(body), f.boot.IssuerID) {
		t.Errorf("organization = %d %s", resp.StatusCode, body)
	}
	for _, auth := range []string{"", "Bearer nope", "Basic abc"} {
		if resp, body := get(auth); resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("organization with %q = %d %s", auth, resp.StatusCode, body)
		}
	}
	// A token with only akashi:issue lacks akashi:read.
	_, body = f.do(t, f.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"akashi:issue"}}, f.boot.ClientID, f.boot.ClientSecret))
	json.Unmarshal(body, &tok)
	if resp, body := get("Bearer " + tok.AccessToken); resp.StatusCode != 403 {
		t.Errorf("insufficient scope = %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, mustReq("GET", f.srv.URL+"/api/v1/openapi.json"))
	if resp.StatusCode != 200 || !json.Valid(body) {
		t.Errorf("openapi.json = %d", resp.StatusCode)
	}
}

func mustReq(method, u string) *http.Request {
	req, _ := http.NewRequest(method, u, nil)
	return req
}

func TestIssuerDocuments(t *testing.T) {
	f := newFixture(t, "https://badges.example.ac.jp")
	resp, body := f.do(t, mustReq("GET", f.srv.URL+"/orgs/example/did.json"))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/did+json" {
		t.Fatalf("did.json = %d %s", resp.StatusCode, body)
	}
	doc, err := did.ParseDocument(body)
	if err != nil || doc.ID != "did:web:badges.example.ac.jp:orgs:example" || len(doc.VerificationMethod) != 1 {
		t.Fatalf("DID document = %+v, %v", doc, err)
	}
	if f.boot.IssuerID != doc.ID {
		t.Errorf("bootstrap issuer %s, DID document %s", f.boot.IssuerID, doc.ID)
	}
	// The document resolves through the DID resolver to a key for assertionMethod.
	r := &did.Resolver{Get: func(_ context.Context, u string) ([]byte, error) {
		if u != "https://badges.example.ac.jp/orgs/example/did.json" {
			t.Errorf("resolver fetched %s", u)
		}
		return body, nil
	}}
	if k, err := r.Resolve(context.Background(), doc.VerificationMethod[0].ID); err != nil || !k.AssertionMethod {
		t.Errorf("resolve = %+v, %v", k, err)
	}
	resp, body = f.do(t, mustReq("GET", f.srv.URL+"/orgs/example/issuer"))
	var profile struct {
		Type      string
		ID        string
		PublicKey []string
	}
	json.Unmarshal(body, &profile)
	if resp.StatusCode != 200 || profile.Type != "Issuer" || len(profile.PublicKey) != 1 || resp.Header.Get("Content-Type") != "application/ld+json" {
		t.Fatalf("issuer profile = %d %s", resp.StatusCode, body)
	}
	keyPath := strings.TrimPrefix(profile.PublicKey[0], "https://badges.example.ac.jp")
	resp, body = f.do(t, mustReq("GET", f.srv.URL+keyPath))
	if resp.StatusCode != 200 || !strings.Contains(string(body), "BEGIN PUBLIC KEY") || !strings.Contains(string(body), `"owner":"`+profile.ID+`"`) {
		t.Errorf("key = %d %s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "PRIVATE") {
		t.Error("a private key was served")
	}
	for _, p := range []string{"/orgs/nope/issuer", "/orgs/example/keys/999", "/orgs/nope/did.json"} {
		if resp, _ := f.do(t, mustReq("GET", f.srv.URL+p)); resp.StatusCode != 404 {
			t.Errorf("%s = %d, want 404", p, resp.StatusCode)
		}
	}
	// On an http instance there is no did:web.
	g := newFixture(t, "http://127.0.0.1:8080")
	if resp, _ := g.do(t, mustReq("GET", g.srv.URL+"/orgs/example/did.json")); resp.StatusCode != 404 {
		t.Errorf("did.json on http = %d", resp.StatusCode)
	}
}

// TestUnknownPaths: anything under /api/ that is not an endpoint is
// answered with JSON problem details, 405 with Allow for a known path
// asked with another method.
func TestUnknownPaths(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1")
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/api/", 404, ""},
		{"GET", "/api/v1/no-such-thing", 404, ""},
		{"POST", "/api/v2/badges", 404, ""},
		{"DELETE", "/api/v1/organization", 405, "GET"},
		{"POST", "/api/v1/openapi.json", 405, "GET"},
	} {
		resp, body := f.do(t, mustReq(tc.method, f.srv.URL+tc.path))
		var p problem
		err := json.Unmarshal(body, &p)
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" || err != nil ||
			p.Status != tc.status || p.Title == "" || p.Detail == "" {
			t.Errorf("%s %s = %d %s %s; want %d problem details", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status)
		}
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}
