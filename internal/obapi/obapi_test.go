// SPDX-License-Identifier: Apache-2.0

package obapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// spec is one of 1EdTech's OpenAPI files, routed at a server URL, that
// responses are checked against.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

// loadSpec reads an OpenAPI file (see PROVENANCE.md) with its servers
// replaced by serverURL.
func loadSpec(t *testing.T, file, serverURL string) *spec {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &spec{doc: doc, router: router}
}

// check fails t unless the response to req is one the specification
// documents for the operation, with a body matching its schema.
func (sp *spec) check(t *testing.T, req *http.Request, r *reply) {
	t.Helper()
	route, params, err := sp.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s is not an operation of the specification: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.status, Header: r.header,
		Body: io.NopCloser(bytes.NewReader(r.body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: response %d does not match the specification: %v\n%.1500s", req.Method, req.URL.Path, r.status, err, r.body)
	}
}

// checkSchema fails t unless v matches the named component schema.
func (sp *spec) checkSchema(t *testing.T, name string, v any) {
	t.Helper()
	var generic any // the validator wants plain JSON values
	b, _ := json.Marshal(v)
	json.Unmarshal(b, &generic)
	if err := sp.doc.Components.Schemas[name].Value.VisitJSON(generic); err != nil {
		t.Errorf("not a %s: %v\n%s", name, err, b)
	}
}

func TestOB3API(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) { testOB3API(t, db(t)) })
	}
}

func testOB3API(t *testing.T, db string) {
	s := start(t, db)
	sp := loadSpec(t, "ob3-openapi.json", s.URL+"/ims/ob/v3p0")
	owner := s.wallet("owner@example.jp")
	mine := s.award("owner@example.jp")
	if _, err := s.svc().AcceptPending(owner, mine.ID); err != nil {
		t.Fatal(err)
	}
	all := service.ScopeOB3CredentialRead + " " + service.ScopeOB3CredentialUpsert + " " + service.ScopeOB3ProfileRead + " " + service.ScopeOB3ProfileUpdate
	tok := s.token(owner, all)
	call := func(method, path, contentType string, body []byte) *reply {
		t.Helper()
		r, req := s.do(method, "/ims/ob/v3p0"+path, tok, contentType, body)
		sp.check(t, req, r)
		return r
	}

	// Discovery: unprotected, a profiled OpenAPI document naming our
	// endpoints, itself a valid OpenAPI document.
	r, req := s.do("GET", "/ims/ob/v3p0/discovery", "", "", nil)
	sp.check(t, req, r)
	disc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatalf("the discovery document does not load as OpenAPI: %v", err)
	}
	acg := disc.Components.SecuritySchemes["OAuth2ACG"].Value
	if disc.Servers[0].URL != s.URL+"/ims/ob/v3p0" || acg.Flows.AuthorizationCode.AuthorizationURL != s.URL+"/oauth/authorize" ||
		acg.Flows.AuthorizationCode.TokenURL != s.URL+"/oauth/token" || acg.Extensions["x-imssf-registrationUrl"] != s.URL+"/oauth/register" ||
		disc.Info.Extensions["x-imssf-privacyPolicyUrl"] == nil || disc.Info.TermsOfService == "" {
		t.Errorf("discovery: servers %v, scheme %+v, info %+v", disc.Servers, acg.Flows.AuthorizationCode, disc.Info)
	}

	// Upsert: JSON (201, then 200 for the same again) and a VC-JWT.
	other := s.award("someone@example.jp")
	r = call("POST", "/credentials", "application/json", other.CredentialDI)
	if r.status != 201 || !bytes.Equal(bytes.TrimSpace(r.body), bytes.TrimSpace(other.CredentialDI)) {
		t.Errorf("upsert a new credential = %d\n%.300s", r.status, r.body)
	}
	if r = call("POST", "/credentials", "application/json", other.CredentialDI); r.status != 200 {
		t.Errorf("upsert it again = %d %s", r.status, r.body)
	}
	third := s.award("third@example.jp")
	if r = call("POST", "/credentials", "text/plain", []byte(third.CredentialJWT)); r.status != 201 || string(r.body) != third.CredentialJWT {
		t.Errorf("upsert a VC-JWT = %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		name, ct string
		body     []byte
		status   int
	}{
		{"an OB 2.0 assertion", "application/json", third.OB2Assertion, 400},
		{"not a credential", "application/json", []byte(`{"hello": "world"}`), 400},
		{"not JSON", "application/json", []byte(`hello`), 400},
		{"an image", "image/png", []byte("\x89PNG"), 415},
	} {
		if r := call("POST", "/credentials", tc.ct, tc.body); r.status != tc.status || r.json(t)["imsx_codeMajor"] != "failure" {
			t.Errorf("upsert %s = %d %s, want %d", tc.name, r.status, r.body, tc.status)
		}
	}

	// The list: the award in the wallet and the two imports, paged.
	r = call("GET", "/credentials?limit=2", "", nil)
	var list struct {
		Credential       []json.RawMessage `json:"credential"`
		CompactJWSString []string          `json:"compactJwsString"`
	}
	json.Unmarshal(r.body, &list)
	if r.status != 200 || r.header.Get("X-Total-Count") != "3" || len(list.Credential)+len(list.CompactJWSString) != 2 {
		t.Errorf("credentials?limit=2 = %d, X-Total-Count %q, %d+%d", r.status, r.header.Get("X-Total-Count"), len(list.Credential), len(list.CompactJWSString))
	}
	link := r.header.Get("Link")
	for _, want := range []string{`offset=2>; rel="next"`, `offset=0>; rel="first"`, `offset=2>; rel="last"`, "<" + s.URL + "/ims/ob/v3p0/credentials?limit=2&"} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	r = call("GET", "/credentials?limit=2&offset=2", "", nil)
	if link := r.header.Get("Link"); !strings.Contains(link, `rel="prev"`) || strings.Contains(link, `rel="next"`) {
		t.Errorf("last page Link = %q", link)
	}
	r = call("GET", "/credentials", "", nil)
	json.Unmarshal(r.body, &list)
	if len(list.Credential) != 2 || len(list.CompactJWSString) != 1 || list.CompactJWSString[0] != third.CredentialJWT {
		t.Errorf("credentials = %d JSON, %v JWS; want 2 and the pushed VC-JWT", len(list.Credential), list.CompactJWSString)
	}
	if !slices.ContainsFunc(list.Credential, func(c json.RawMessage) bool { return bytes.Equal(c, mine.CredentialDI) }) {
		t.Errorf("the wallet's own award is not listed")
	}
	since := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if r = call("GET", "/credentials?since="+since, "", nil); r.header.Get("X-Total-Count") != "0" {
		t.Errorf("credentials since an hour ahead: X-Total-Count %q", r.header.Get("X-Total-Count"))
	}
	for _, q := range []string{"limit=0", "limit=x", "offset=-1", "since=yesterday"} {
		if r := call("GET", "/credentials?"+q, "", nil); r.status != 400 {
			t.Errorf("credentials?%s = %d, want 400", q, r.status)
		}
	}

	// Upsert of a credential equal to one held (the same id and issuer
	// id: the other form of the same award) replaces it: 200, and the list
	// holds the new form only.
	if r = call("POST", "/credentials", "text/plain", []byte(other.CredentialJWT)); r.status != 200 || string(r.body) != other.CredentialJWT {
		t.Errorf("upsert an equal credential = %d %.300s, want 200 and the credential", r.status, r.body)
	}
	r = call("GET", "/credentials", "", nil)
	list.Credential, list.CompactJWSString = nil, nil
	json.Unmarshal(r.body, &list)
	if r.header.Get("X-Total-Count") != "3" || len(list.Credential) != 1 || !slices.Contains(list.CompactJWSString, other.CredentialJWT) {
		t.Errorf("credentials after the replacement: X-Total-Count %q, %d JSON, %d JWS; want the VC-JWT instead of the JSON",
			r.header.Get("X-Total-Count"), len(list.Credential), len(list.CompactJWSString))
	}

	// Profile.
	r = call("GET", "/profile", "", nil)
	if p := r.json(t); r.status != 200 || p["id"] != "mailto:owner@example.jp" || p["email"] != "owner@example.jp" {
		t.Errorf("profile = %d %s", r.status, r.body)
	}
	r = call("PUT", "/profile", "application/json", []byte(`{"id": "mailto:owner@example.jp", "type": ["Profile"], "name": "明石 花子"}`))
	if p := r.json(t); r.status != 200 || p["name"] != "明石 花子" {
		t.Errorf("put profile = %d %s", r.status, r.body)
	}
	if r := call("PUT", "/profile", "application/json", []byte(`{"id": "x", "type": ["Profile"]}`)); r.status != 400 {
		t.Errorf("put a profile without a name = %d", r.status)
	}

	// Errors are imsx_StatusInfo, also for what no route takes.
	for _, tc := range []struct {
		method, path string
		status       int
	}{{"DELETE", "/ims/ob/v3p0/credentials", 405}, {"GET", "/ims/ob/v3p0/nothing", 404}} {
		r, _ := s.do(tc.method, tc.path, tok, "", nil)
		if r.status != tc.status || r.json(t)["imsx_codeMajor"] != "failure" {
			t.Errorf("%s %s = %d %s", tc.method, tc.path, r.status, r.body)
		}
	}
	r, req = s.do("GET", "/ims/ob/v3p0/credentials", "", "", nil)
	sp.check(t, req, r)
	if r.status != 401 {
		t.Errorf("credentials without a token = %d", r.status)
	}
	read := s.token(owner, service.ScopeOB3CredentialRead)
	r, req = s.do("POST", "/ims/ob/v3p0/credentials", read, "application/json", other.CredentialDI)
	sp.check(t, req, r)
	if r.status != 403 {
		t.Errorf("upsert with a read-only token = %d", r.status)
	}
}

func TestOB21API(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) { testOB21API(t, db(t)) })
	}
}

func testOB21API(t *testing.T, db string) {
	s := start(t, db)
	sp := loadSpec(t, "testdata/imsob_v2p1.json", s.URL+"/ims/ob/v2p1")
	owner := s.wallet("owner@example.jp")
	mine := s.award("owner@example.jp")
	if _, err := s.svc().AcceptPending(owner, mine.ID); err != nil {
		t.Fatal(err)
	}
	tok := s.token(owner, strings.Join(service.BadgeConnectScopes, " ")+" "+service.ScopeOB2ProfileUpdate)
	call := func(method, path, contentType string, body []byte) *reply {
		t.Helper()
		r, req := s.do(method, "/ims/ob/v2p1"+path, tok, contentType, body)
		sp.check(t, req, r)
		return r
	}

	// The manifest. Its "@context" (which the OB 2.1 text and examples
	// have) is not in the OpenAPI file's ManifestDType, which allows no
	// other members: it is left out of the schema check.
	r, _ := s.do("GET", "/.well-known/badgeconnect.json", "", "", nil)
	m := r.json(t)
	if r.status != 200 || m["@context"] != "https://purl.imsglobal.org/spec/ob/v2p1/ob_v2p1.jsonld" {
		t.Errorf("manifest = %d %s", r.status, r.body)
	}
	delete(m, "@context")
	sp.checkSchema(t, "ManifestDType", m)
	apis := m["badgeConnectAPI"].([]any)
	last := apis[len(apis)-1].(map[string]any)
	scopes := last["scopesOffered"].([]any)
	if last["apiBase"] != s.URL+"/ims/ob/v2p1" || len(scopes) != 3 || scopes[0] != service.ScopeOB2ProfileRead ||
		scopes[1] != service.ScopeOB2AssertionRead || scopes[2] != service.ScopeOB2AssertionCreate || last["version"] != "v2p1" {
		t.Errorf("badgeConnectAPI = %v", last)
	}

	// Pushes: the assertion itself (Moodle), a signed one, a URL.
	ok := func(what string, r *reply) {
		t.Helper()
		st, _ := r.json(t)["status"].(map[string]any)
		if r.status != 200 || st["statusCode"] != float64(200) {
			t.Errorf("%s = %d %s; want 200 and status.statusCode 200", what, r.status, r.body)
		}
	}
	// The pushed badges are the owner's (awarded to their address; an
	// assertion for someone else is refused below).
	other := s.award("owner@example.jp")
	push, _ := json.Marshal(map[string]json.RawMessage{"assertion": other.OB2Assertion})
	ok("push an assertion", call("POST", "/assertions", "application/json", push))
	ok("push it again", call("POST", "/assertions", "application/json", push))
	third := s.award("Owner@Example.jp")
	signed, _ := json.Marshal(map[string]string{"signedAssertion": third.OB2Signed})
	ok("push a signed assertion", call("POST", "/assertions", "application/json", signed))
	// Someone else's badge, as an assertion and as a signed assertion: not
	// this wallet's, refused, and not kept.
	for _, a := range []*badge.Award{s.award("someone@example.jp"), s.award("third@example.jp")} {
		for _, body := range [][]byte{
			must(json.Marshal(map[string]json.RawMessage{"assertion": a.OB2Assertion})),
			must(json.Marshal(map[string]string{"signedAssertion": a.OB2Signed})),
		} {
			r := call("POST", "/assertions", "application/json", body)
			st, _ := r.json(t)["status"].(map[string]any)
			if r.status != 400 || st["statusText"] != "RECIPIENT_PROFILE_MISMATCH" {
				t.Errorf("push someone else's badge = %d %s", r.status, r.body)
			}
		}
	}
	fourth := s.award("owner@example.jp")
	byURL, _ := json.Marshal(map[string]string{"assertion": s.svc().AwardURL(fourth)})
	ok("push a hosted assertion's URL", call("POST", "/assertions", "application/json", byURL))
	for _, tc := range []struct {
		name string
		body string
		text string
	}{
		{"nothing", `{}`, "REQUEST_VALIDATION_ERROR"},
		{"not JSON", `assertion`, "REQUEST_VALIDATION_ERROR"},
		{"a URL that is none", `{"assertion": "not a url"}`, "REQUEST_VALIDATION_ERROR"},
		{"an OB 3.0 credential", `{"assertion": ` + string(other.CredentialDI) + `}`, "INVALID_BADGE"},
	} {
		r := call("POST", "/assertions", "application/json", []byte(tc.body))
		st, _ := r.json(t)["status"].(map[string]any)
		if r.status != 400 || st["statusCode"] != float64(400) || st["statusText"] != tc.text || st["error"] == "" {
			t.Errorf("push %s = %d %s; want 400 %s", tc.name, r.status, r.body, tc.text)
		}
	}

	// The list: the award in the wallet and the three pushed.
	r = call("GET", "/assertions", "", nil)
	var list struct {
		Assertions       []json.RawMessage `json:"assertions"`
		SignedAssertions []string          `json:"signedAssertions"`
	}
	json.Unmarshal(r.body, &list)
	if r.status != 200 || r.header.Get("X-Total-Count") != "4" || len(list.Assertions) != 3 || len(list.SignedAssertions) != 1 {
		t.Errorf("assertions = %d, X-Total-Count %q, %d + %d signed\n%.500s", r.status, r.header.Get("X-Total-Count"),
			len(list.Assertions), len(list.SignedAssertions), r.body)
	}
	if r = call("GET", "/assertions?limit=1&offset=1", "", nil); !strings.Contains(r.header.Get("Link"), `rel="prev"`) {
		t.Errorf("assertions page 2: Link %q", r.header.Get("Link"))
	}
	if r = call("GET", "/assertions?offset=x", "", nil); r.status != 400 {
		t.Errorf("assertions?offset=x = %d", r.status)
	}

	// Profile.
	r = call("GET", "/profile", "", nil)
	if p, _ := r.json(t)["profile"].(map[string]any); r.status != 200 || p["type"] != "Profile" || p["email"] != "owner@example.jp" {
		t.Errorf("profile = %d %s", r.status, r.body)
	}
	r = call("POST", "/profile", "application/json", []byte(`{"id": "mailto:owner@example.jp", "type": "Profile", "name": "Hanako Akashi"}`))
	if p, _ := r.json(t)["profile"].(map[string]any); r.status != 200 || p["name"] != "Hanako Akashi" {
		t.Errorf("post profile = %d %s", r.status, r.body)
	}

	// Errors carry the status envelope.
	r, req := s.do("GET", "/ims/ob/v2p1/assertions", "", "", nil)
	sp.check(t, req, r)
	if st, _ := r.json(t)["status"].(map[string]any); r.status != 401 || st["statusText"] != "UNAUTHENTICATED" {
		t.Errorf("assertions without a token = %d %s", r.status, r.body)
	}
	r, req = s.do("PUT", "/ims/ob/v2p1/assertions", tok, "", nil)
	if st, _ := r.json(t)["status"].(map[string]any); r.status != 405 || st["statusText"] != "METHOD_NOT_ALLOWED" || r.header.Get("Allow") != "GET, POST" {
		t.Errorf("PUT assertions = %d %v %s", r.status, r.header, r.body)
	}
	_ = req
}

// The checks above would see a response off the specification.
func TestSpecCheckCatchesMismatch(t *testing.T) {
	for _, tc := range []struct {
		file, path string
		body       string
	}{
		{"ob3-openapi.json", "/ims/ob/v3p0/credentials", `{"credential": 5}`},
		{"ob3-openapi.json", "/ims/ob/v3p0/credentials", `{"credentials": []}`},
		{"testdata/imsob_v2p1.json", "/ims/ob/v2p1/assertions", `{"assertions": []}`},
		{"testdata/imsob_v2p1.json", "/ims/ob/v2p1/assertions", `{"status": {"statusCode": 200, "statusText": "FINE"}}`},
	} {
		base := "https://example.org" + tc.path[:strings.LastIndex(tc.path, "/")]
		sp := loadSpec(t, tc.file, base)
		req, _ := http.NewRequest("GET", "https://example.org"+tc.path, nil)
		route, params, err := sp.router.FindRoute(req)
		if err != nil {
			t.Fatal(err)
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: 200,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(tc.body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		if openapi3filter.ValidateResponse(context.Background(), out) == nil {
			t.Errorf("%s %s: %s passed the check", tc.file, tc.path, tc.body)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
