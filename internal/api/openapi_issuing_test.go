// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"golang.org/x/text/encoding/japanese"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// oas drives the API through the fixture's do (which checks every response
// against openapi.json) and, for requests meant to be valid, checks the
// request too: its parameters, headers, body and the documented scope. It
// records which documented status each operation answered, so a test can
// require that every documented response was seen.
type oas struct {
	f      *fixture
	scopes map[string][]string // access token -> its scopes
	seen   map[string]bool     // "METHOD /template status"
}

func newOAS(f *fixture) *oas {
	return &oas{f: f, scopes: map[string][]string{}, seen: map[string]bool{}}
}

type reply struct {
	code int
	hdr  http.Header
	body []byte
}

// token gets an access token for a client with scope ("" for all of the
// client's scopes).
func (o *oas) token(t *testing.T, clientID, secret, scope string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	if scope != "" {
		form.Set("scope", scope)
	}
	r := o.send(t, true, "", "POST", "/oauth/token", form.Encode(),
		"Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(clientID, secret))
	if r.code != 200 {
		t.Fatalf("token = %d %s", r.code, r.body)
	}
	tok := decode[struct {
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
	}](t, r)
	o.scopes[tok.AccessToken] = strings.Fields(tok.Scope)
	return tok.AccessToken
}

func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
}

// call sends a request that must itself conform to openapi.json.
func (o *oas) call(t *testing.T, tok, method, path string, body any, hdr ...string) reply {
	t.Helper()
	return o.send(t, true, tok, method, path, body, hdr...)
}

// bad sends a request that is meant to break the rules (a bad field, no
// token, the wrong scope), so only its response is checked.
func (o *oas) bad(t *testing.T, tok, method, path string, body any, hdr ...string) reply {
	t.Helper()
	return o.send(t, false, tok, method, path, body, hdr...)
}

// send builds the request: body nil sends none, []byte is a CSV file, a
// string is sent as it is (JSON unless hdr sets Content-Type), anything
// else is marshalled to JSON. hdr are header name/value pairs.
func (o *oas) send(t *testing.T, checkRequest bool, tok, method, path string, body any, hdr ...string) reply {
	t.Helper()
	var raw []byte
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		raw, ct = b, "text/csv"
	case string:
		raw, ct = []byte(b), "application/json"
	default:
		raw, _ = json.Marshal(b)
		ct = "application/json"
	}
	mk := func() *http.Request {
		var req *http.Request
		if body == nil {
			req, _ = http.NewRequest(method, o.f.srv.URL+path, nil)
		} else {
			req, _ = http.NewRequest(method, o.f.srv.URL+path, bytes.NewReader(raw))
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		return req
	}
	probe := mk()
	route, params, err := o.f.router.FindRoute(probe)
	if err != nil {
		t.Fatalf("%s %s is not an operation of openapi.json: %v", method, path, err)
	}
	if checkRequest {
		in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: o.authenticate, MultiError: true}}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: the request does not match openapi.json: %v", method, path, err)
		}
	}
	resp, b := o.f.do(t, mk())
	o.seen[fmt.Sprintf("%s %s %d", route.Method, route.Path, resp.StatusCode)] = true
	return reply{code: resp.StatusCode, hdr: resp.Header, body: b}
}

// authenticate checks the credentials a documented security scheme asks
// for, including that a bearer token has the documented scopes.
func (o *oas) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	switch in.SecuritySchemeName {
	case "bearer":
		tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
		if !ok {
			return errors.New("no bearer token")
		}
		for _, s := range in.Scopes {
			if !slices.Contains(o.scopes[tok], s) {
				return fmt.Errorf("the token lacks the documented scope %s", s)
			}
		}
	case "clientBasic":
		if _, _, ok := req.BasicAuth(); !ok {
			return errors.New("no Basic credentials")
		}
	}
	return nil
}

func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	return v
}

// wantProblem checks a problem-details answer; field "*" accepts any.
func wantProblem(t *testing.T, what string, r reply, status int, field string) problem {
	t.Helper()
	var p problem
	err := json.Unmarshal(r.body, &p)
	if r.code != status || r.hdr.Get("Content-Type") != "application/problem+json" || err != nil || p.Status != status || p.Title == "" || p.Detail == "" {
		t.Errorf("%s = %d %s %s; want %d problem details", what, r.code, r.hdr.Get("Content-Type"), r.body, status)
		return p
	}
	if field != "*" && p.Field != field {
		t.Errorf("%s: field %q, want %q (%s)", what, p.Field, field, p.Detail)
	}
	return p
}

func path(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// jst is Japan Standard Time, the zone of the API's dates.
var jst = time.FixedZone("JST", 9*60*60)

const svgImage = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#1f4e9c"/></svg>`

// TestOpenAPIOperations drives every documented operation with real data
// (two organisations, a PNG and an SVG badge image, CSV files in three
// encodings), checks requests and responses against openapi.json, and at
// the end requires that every documented status of every operation was
// answered at least once.
func TestOpenAPIOperations(t *testing.T) {
	f, _ := newIssuingFixture(t)
	o := newOAS(f)
	ctx := context.Background()
	all := o.token(t, f.boot.ClientID, f.boot.ClientSecret, "")
	readOnly := o.token(t, f.boot.ClientID, f.boot.ClientSecret, service.ScopeRead)
	issueOnly := o.token(t, f.boot.ClientID, f.boot.ClientSecret, service.ScopeIssue)
	if !slices.Contains(o.scopes[all], service.ScopeRead) || !slices.Contains(o.scopes[all], service.ScopeIssue) {
		t.Fatalf("bootstrap client scopes = %v", o.scopes[all])
	}

	// A second organisation with its own client.
	boot2, err := f.svc.Bootstrap(ctx, service.BootstrapInput{OrgName: "Other College", OrgSlug: "other",
		AdminEmail: "admin@other.example.jp", AdminPassword: "another long password"})
	if err != nil {
		t.Fatal(err)
	}
	other := o.token(t, boot2.ClientID, boot2.ClientSecret, "")

	t.Run("auth", func(t *testing.T) {
		r := o.bad(t, "", "POST", "/oauth/token", "grant_type=client_credentials&scope=admin%3Aall",
			"Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(f.boot.ClientID, f.boot.ClientSecret))
		if r.code != 400 || decode[tokenError](t, r).Error != "invalid_scope" {
			t.Errorf("bad scope = %d %s", r.code, r.body)
		}
		r = o.bad(t, "", "POST", "/oauth/token", "grant_type=client_credentials",
			"Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(f.boot.ClientID, "wrong"))
		if r.code != 401 || decode[tokenError](t, r).Error != "invalid_client" {
			t.Errorf("wrong secret = %d %s", r.code, r.body)
		}
		r = o.call(t, all, "GET", "/api/v1/organization", nil)
		if org := decode[service.OrganizationView](t, r); r.code != 200 || org.Slug != "example" || org.IssuerID != f.boot.IssuerID {
			t.Errorf("organization = %d %s", r.code, r.body)
		}
		r = o.call(t, other, "GET", "/api/v1/organization", nil)
		if org := decode[service.OrganizationView](t, r); r.code != 200 || org.Slug != "other" || org.ID != boot2.OrgID {
			t.Errorf("other organization = %d %s", r.code, r.body)
		}
		r = o.call(t, "", "GET", "/api/v1/openapi.json", nil)
		if r.code != 200 || !bytes.Equal(r.body, openapiJSON) {
			t.Errorf("openapi.json = %d", r.code)
		}
	})

	png64 := base64.StdEncoding.EncodeToString(pngImage(t))
	var b badgeJSON
	t.Run("badges", func(t *testing.T) {
		in := map[string]any{
			"name_ja": "データサイエンス基礎", "name_en": "Foundations of Data Science",
			"description_ja": "データ分析の基礎を修めた。", "description_en": "Completed the foundations of data analysis.",
			"criteria_narrative": "全15回の演習に合格すること。", "criteria_url": "https://example.ac.jp/syllabus/ds101",
			"alignments": []map[string]any{{"name": "データ分析", "url": "https://example.ac.jp/skills/data-analysis", "framework": "Example Skills", "code": "DA-1"}},
			"tags":       []string{"data", "Data", " statistics "}, "expiry_days": 365, "image": png64,
		}
		r := o.call(t, all, "POST", "/api/v1/badges", in)
		if r.code != 201 {
			t.Fatalf("create badge = %d %s", r.code, r.body)
		}
		b = decode[badgeJSON](t, r)
		if r.hdr.Get("Location") != path("/api/v1/badges/%d", b.ID) || b.Revision != 1 || b.AchievementType != "Badge" ||
			!slices.Equal(b.Tags, []string{"data", "statistics"}) || !slices.Equal(b.Formats, badge.AllFormats) ||
			b.ExpiryDate != nil || b.ExpiryDays != 365 || b.Archived || len(b.Alignments) != 1 || b.Alignments[0].Code != "DA-1" ||
			b.AchievementURL != path("%s/badges/%s/v1", f.srv.URL, b.PublicID) {
			t.Errorf("created badge = %s (Location %s)", r.body, r.hdr.Get("Location"))
		}

		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"no image", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x"}, "image"},
			{"image not base64", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "image": "not base64!"}, "image"},
			{"image not an image", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "image": base64.StdEncoding.EncodeToString([]byte("GIF89a"))}, "image"},
			{"no name", map[string]any{"description_ja": "x", "criteria_narrative": "x", "image": png64}, "name_ja"},
			{"no criteria", map[string]any{"name_ja": "x", "description_ja": "x", "image": png64}, "criteria_narrative"},
			{"expiry date", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "expiry_date": "31/03/2027", "image": png64}, "expiry_date"},
			{"date and days", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "expiry_date": "2027-03-31", "expiry_days": 30, "image": png64}, "expiry_days"},
			{"achievement type", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "achievement_type": "Sticker", "image": png64}, "achievement_type"},
			{"format", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "formats": []string{"ob4"}, "image": png64}, "formats"},
			{"alignment url", map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "alignments": []map[string]any{{"name": "x", "url": "ftp://x"}}, "image": png64}, "alignments.url"},
			{"unknown member", map[string]any{"name_ja": "x", "colour": "red"}, "body"},
			{"not JSON", "{", "body"},
			{"two values", `{"name_ja":"x"} {}`, "body"},
		} {
			wantProblem(t, "create badge: "+tc.name, o.bad(t, all, "POST", "/api/v1/badges", tc.body), 400, tc.field)
		}
		r = o.bad(t, readOnly, "POST", "/api/v1/badges", in)
		if wantProblem(t, "create badge with akashi:read", r, 403, ""); !strings.Contains(r.hdr.Get("WWW-Authenticate"), `scope="akashi:issue"`) {
			t.Errorf("403 WWW-Authenticate = %q", r.hdr.Get("WWW-Authenticate"))
		}
		r = o.bad(t, "", "POST", "/api/v1/badges", in)
		if wantProblem(t, "create badge without a token", r, 401, ""); r.hdr.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}

		list := func(query string) listJSON[badgeJSON] {
			t.Helper()
			r := o.call(t, readOnly, "GET", "/api/v1/badges"+query, nil)
			if r.code != 200 {
				t.Fatalf("list badges%s = %d %s", query, r.code, r.body)
			}
			return decode[listJSON[badgeJSON]](t, r)
		}
		if l := list("?q=STATISTICS&archived=false&limit=10&offset=0"); l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != b.ID {
			t.Errorf("list by tag = %+v", l)
		}
		if l := list("?q=nothing-like-this"); l.Total != 0 || l.Items == nil || len(l.Items) != 0 {
			t.Errorf("empty list = %+v", l)
		}
		r = o.call(t, readOnly, "GET", path("/api/v1/badges/%d", b.ID), nil)
		if got := decode[badgeJSON](t, r); r.code != 200 || got.ID != b.ID || got.PublicID != b.PublicID || got.NameJA != b.NameJA {
			t.Errorf("get badge = %d %s", r.code, r.body)
		}
		wantProblem(t, "get missing badge", o.call(t, readOnly, "GET", "/api/v1/badges/999999", nil), 404, "")

		// An update is a new revision; without an image the image stays.
		up := map[string]any{"name_ja": "データサイエンス基礎", "name_en": "Foundations of Data Science (2026)",
			"description_ja": "データ分析の基礎を修めた。", "criteria_narrative": "全15回の演習に合格すること。",
			"tags": []string{"data"}, "achievement_type": "CertificateOfCompletion", "expiry_date": "2030-03-31",
			"formats": []string{"ob3-di", "ob3-jwt", "ob2-hosted"}}
		r = o.call(t, all, "PUT", path("/api/v1/badges/%d", b.ID), up)
		got := decode[badgeJSON](t, r)
		if r.code != 200 || got.Revision != 2 || got.NameEN != "Foundations of Data Science (2026)" || got.ExpiryDate == nil ||
			*got.ExpiryDate != "2030-03-31" || got.ExpiryDays != 0 || len(got.Formats) != 3 || len(got.Alignments) != 0 ||
			got.AchievementType != "CertificateOfCompletion" || got.CriteriaURL != "" || !strings.HasSuffix(got.AchievementURL, "/v2") {
			t.Errorf("update = %d %s", r.code, r.body)
		}
		up["image"] = base64.StdEncoding.EncodeToString([]byte(svgImage))
		up["formats"] = badge.AllFormats
		r = o.call(t, all, "PUT", path("/api/v1/badges/%d", b.ID), up)
		if b = decode[badgeJSON](t, r); r.code != 200 || b.Revision != 3 {
			t.Errorf("update with an SVG image = %d %s", r.code, r.body)
		}
		bad := map[string]any{"name_ja": "x", "description_ja": "x", "criteria_narrative": "x", "expiry_days": -1}
		wantProblem(t, "update with negative expiry_days", o.bad(t, all, "PUT", path("/api/v1/badges/%d", b.ID), bad), 400, "expiry_days")
		wantProblem(t, "update a missing badge", o.call(t, all, "PUT", "/api/v1/badges/999999", up), 404, "")

		// Archived badges are listed apart and cannot be awarded.
		r = o.call(t, all, "POST", path("/api/v1/badges/%d/archive", b.ID), nil)
		if got := decode[badgeJSON](t, r); r.code != 200 || !got.Archived || got.Revision != b.Revision {
			t.Errorf("archive = %d %s", r.code, r.body)
		}
		if l := list("?archived=true"); l.Total != 1 || l.Items[0].ID != b.ID {
			t.Errorf("archived list = %+v", l)
		}
		if l := list("?archived=false"); l.Total != 0 {
			t.Errorf("list in use = %+v", l)
		}
		p := wantProblem(t, "award an archived badge", o.call(t, all, "POST", "/api/v1/awards",
			map[string]any{"badge_id": b.ID, "email": "x@example.jp", "name": "X"}), 400, "*")
		if !strings.Contains(p.Detail, "archived") {
			t.Errorf("award an archived badge: %+v", p)
		}
		wantProblem(t, "CSV award of an archived badge", o.call(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d", b.ID),
			[]byte("email,name\nx@example.jp,X\n")), 400, "*")
		r = o.call(t, all, "POST", path("/api/v1/badges/%d/restore", b.ID), nil)
		if got := decode[badgeJSON](t, r); r.code != 200 || got.Archived {
			t.Errorf("restore = %d %s", r.code, r.body)
		}
		wantProblem(t, "archive a missing badge", o.call(t, all, "POST", "/api/v1/badges/999999/archive", nil), 404, "")
		wantProblem(t, "restore a missing badge", o.call(t, all, "POST", "/api/v1/badges/999999/restore", nil), 404, "")
	})
	if b.ID == 0 {
		t.FailNow()
	}

	var first, second awardJSON
	t.Run("awards", func(t *testing.T) {
		in := map[string]any{"badge_id": b.ID, "email": "Hanako@Example.AC.JP", "name": "山田　花子", "locale": "en",
			"evidence_url": "https://example.ac.jp/works/hanako", "narrative": "最終課題で地域の人口推計を行った。"}
		r := o.call(t, all, "POST", "/api/v1/awards", in, "Idempotency-Key", "lms-enrolment-42")
		if r.code != 201 {
			t.Fatalf("award = %d %s", r.code, r.body)
		}
		first = decode[awardJSON](t, r)
		if r.hdr.Get("Location") != path("/api/v1/awards/%d", first.ID) || first.BadgeID != b.ID || first.BadgeRevision != b.Revision ||
			first.RecipientEmail != "hanako@example.ac.jp" || first.RecipientName != "山田　花子" || first.State != badge.AwardSent ||
			first.ExpiresAt == nil || first.ExpiresAt.In(jst).Format(time.DateOnly) != "2030-03-31" || first.RevokedAt != nil ||
			first.URL != f.srv.URL+"/awards/"+first.PublicID || first.CredentialURL != first.URL+"/credential.json" || first.BulkID != 0 {
			t.Errorf("award = %s (Location %s)", r.body, r.hdr.Get("Location"))
		}
		// A retry with the same key answers the same award, 200.
		r = o.call(t, all, "POST", "/api/v1/awards", in, "Idempotency-Key", "lms-enrolment-42")
		if again := decode[awardJSON](t, r); r.code != 200 || again.ID != first.ID || again.PublicID != first.PublicID ||
			r.hdr.Get("Location") != path("/api/v1/awards/%d", first.ID) {
			t.Errorf("retried award = %d %s", r.code, r.body)
		}
		// The same key for another recipient is a conflict.
		in2 := map[string]any{"badge_id": b.ID, "email": "someone.else@example.ac.jp", "name": "別人"}
		wantProblem(t, "idempotency key reused", o.call(t, all, "POST", "/api/v1/awards", in2, "Idempotency-Key", "lms-enrolment-42"), 409, "idempotency_key")

		// Backdated, without e-mail.
		r = o.call(t, all, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "jiro@example.ac.jp", "name": "Jiro Sato",
			"issued_on": "2025-04-01", "send_email": false})
		second = decode[awardJSON](t, r)
		if r.code != 201 || second.State != badge.AwardIssued || !second.IssuedAt.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, jst)) {
			t.Errorf("backdated award = %d %s", r.code, r.body)
		}
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"issued_on", map[string]any{"badge_id": b.ID, "email": "a@example.jp", "name": "A", "issued_on": "2025/04/01"}, "issued_on"},
			{"email", map[string]any{"badge_id": b.ID, "email": "not an address", "name": "A"}, "email"},
			{"no name", map[string]any{"badge_id": b.ID, "email": "a@example.jp"}, "name"},
			{"evidence_url", map[string]any{"badge_id": b.ID, "email": "a@example.jp", "name": "A", "evidence_url": "javascript:alert(1)"}, "evidence_url"},
			{"unknown member", map[string]any{"badge_id": b.ID, "email": "a@example.jp", "name": "A", "recipient": "a"}, "body"},
		} {
			wantProblem(t, "award: "+tc.name, o.bad(t, all, "POST", "/api/v1/awards", tc.body), 400, tc.field)
		}
		wantProblem(t, "award a missing badge", o.call(t, all, "POST", "/api/v1/awards", map[string]any{"badge_id": 999999, "email": "a@example.jp", "name": "A"}), 404, "")
		wantProblem(t, "award with akashi:read", o.bad(t, readOnly, "POST", "/api/v1/awards", in), 403, "")

		list := func(query string) listJSON[awardJSON] {
			t.Helper()
			r := o.call(t, readOnly, "GET", "/api/v1/awards"+query, nil)
			if r.code != 200 {
				t.Fatalf("list awards%s = %d %s", query, r.code, r.body)
			}
			return decode[listJSON[awardJSON]](t, r)
		}
		if l := list(""); l.Total != 2 || len(l.Items) != 2 || l.Items[0].ID != second.ID {
			t.Errorf("all awards (newest first) = %+v", l)
		}
		if l := list(path("?badge_id=%d&revoked=false", b.ID)); l.Total != 2 {
			t.Errorf("awards of the badge = %+v", l)
		}
		if l := list("?badge_id=999999"); l.Total != 0 {
			t.Errorf("awards of another badge = %+v", l)
		}
		if l := list("?email=HANAKO%40example.ac.jp"); l.Total != 1 || l.Items[0].ID != first.ID {
			t.Errorf("awards by e-mail = %+v", l)
		}
		if l := list("?q=sato"); l.Total != 1 || l.Items[0].ID != second.ID {
			t.Errorf("awards by name = %+v", l)
		}
		if l := list("?state=sent"); l.Total != 1 || l.Items[0].ID != first.ID {
			t.Errorf("awards in state sent = %+v", l)
		}
		if l := list("?state=issued&badge_id=" + strconv.FormatInt(b.ID, 10)); l.Total != 1 || l.Items[0].ID != second.ID {
			t.Errorf("awards in state issued = %+v", l)
		}
		p1, p2 := list("?limit=1"), list("?limit=1&offset=1")
		if p1.Total != 2 || p2.Total != 2 || len(p1.Items) != 1 || len(p2.Items) != 1 || p1.Items[0].ID == p2.Items[0].ID {
			t.Errorf("pages = %+v, %+v", p1, p2)
		}

		r = o.call(t, readOnly, "GET", path("/api/v1/awards/%d", first.ID), nil)
		if got := decode[awardJSON](t, r); r.code != 200 || got.ID != first.ID || got.PublicID != first.PublicID {
			t.Errorf("get award = %d %s", r.code, r.body)
		}
		wantProblem(t, "get a missing award", o.call(t, readOnly, "GET", "/api/v1/awards/999999", nil), 404, "")
		// The award is real: its public credential is served.
		if resp, body := f.do(t, mustReq("GET", first.CredentialURL)); resp.StatusCode != 200 || !strings.Contains(string(body), first.PublicID) {
			t.Errorf("credential.json = %d", resp.StatusCode)
		}

		r = o.call(t, all, "POST", path("/api/v1/awards/%d/resend", second.ID), nil)
		if r.code != 204 || len(r.body) != 0 {
			t.Errorf("resend = %d %q", r.code, r.body)
		}
		if got := decode[awardJSON](t, o.call(t, readOnly, "GET", path("/api/v1/awards/%d", second.ID), nil)); got.State != badge.AwardSent {
			t.Errorf("after resend the state is %s", got.State)
		}
		wantProblem(t, "resend a missing award", o.call(t, all, "POST", "/api/v1/awards/999999/resend", nil), 404, "")

		// Revoke one.
		wantProblem(t, "revoke without a reason", o.bad(t, all, "POST", path("/api/v1/awards/%d/revoke", first.ID), map[string]any{"reason": " "}), 400, "reason")
		r = o.call(t, all, "POST", path("/api/v1/awards/%d/revoke", first.ID), map[string]any{"reason": "誤発行"})
		if got := decode[awardJSON](t, r); r.code != 200 || got.State != badge.AwardRevoked || got.RevokedAt == nil || got.RevocationReason != "誤発行" {
			t.Errorf("revoke = %d %s", r.code, r.body)
		}
		r = o.call(t, all, "POST", path("/api/v1/awards/%d/revoke", first.ID), map[string]any{"reason": "again"})
		if got := decode[awardJSON](t, r); r.code != 200 || got.RevocationReason != "誤発行" {
			t.Errorf("revoke again = %d %s", r.code, r.body)
		}
		if resp, _ := f.do(t, withAccept(mustReq("GET", first.URL), "application/ld+json")); resp.StatusCode != http.StatusGone {
			t.Errorf("hosted assertion of a revoked award = %d, want 410", resp.StatusCode)
		}
		wantProblem(t, "resend a revoked award", o.call(t, all, "POST", path("/api/v1/awards/%d/resend", first.ID), nil), 400, "*")
		wantProblem(t, "revoke a missing award", o.call(t, all, "POST", "/api/v1/awards/999999/revoke", map[string]any{"reason": "x"}), 404, "")

		// Revoke several: only those not yet revoked count.
		var more []int64
		for _, e := range []string{"c@example.ac.jp", "d@example.ac.jp"} {
			r := o.call(t, all, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": e, "name": e, "send_email": false})
			more = append(more, decode[awardJSON](t, r).ID)
		}
		r = o.call(t, all, "POST", "/api/v1/awards/revoke", map[string]any{"ids": append([]int64{first.ID}, more...), "reason": "コース取消"})
		if got := decode[map[string]int](t, r); r.code != 200 || got["revoked"] != 2 {
			t.Errorf("revoke many = %d %s", r.code, r.body)
		}
		if l := list("?revoked=true"); l.Total != 3 {
			t.Errorf("revoked awards = %d", l.Total)
		}
		if l := list("?revoked=false"); l.Total != 1 || l.Items[0].ID != second.ID {
			t.Errorf("awards not revoked = %+v", l)
		}
		wantProblem(t, "revoke none", o.bad(t, all, "POST", "/api/v1/awards/revoke", map[string]any{"ids": []int64{}, "reason": "x"}), 400, "*")
		wantProblem(t, "revoke many without a reason", o.bad(t, all, "POST", "/api/v1/awards/revoke", map[string]any{"ids": []int64{second.ID}}), 400, "reason")
		// All or nothing: one unknown id revokes none.
		wantProblem(t, "revoke a missing award among others", o.call(t, all, "POST", "/api/v1/awards/revoke",
			map[string]any{"ids": []int64{second.ID, 999999}, "reason": "x"}), 404, "")
		if got := decode[awardJSON](t, o.call(t, readOnly, "GET", path("/api/v1/awards/%d", second.ID), nil)); got.RevokedAt != nil {
			t.Error("a failed batch revoked an award")
		}
	})

	var bulk bulkJSON
	t.Run("bulk-awards", func(t *testing.T) {
		// UTF-8 with a byte order mark and Japanese headers, as Excel saves
		// "CSV UTF-8"; line 3 has a bad address and 備考 is ignored.
		csv := "\ufeffメールアドレス,氏名,エビデンスURL,所見,発行日,備考\r\n" +
			"sato.ichiro@example.jp,佐藤　一郎,https://example.jp/works/sato,全演習を修了,2025/4/1,内部メモ\r\n" +
			"not-an-address,鈴木　次郎,,,,\r\n" +
			"tanaka.saburo@example.jp,田中　三郎,,,,\r\n"
		r := o.call(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d&file_name=%s", b.ID, url.QueryEscape("2025年度 前期.csv")), []byte(csv))
		if r.code != 201 {
			t.Fatalf("CSV preview = %d %s", r.code, r.body)
		}
		bulk = decode[bulkJSON](t, r)
		if bulk.BadgeID != b.ID || bulk.FileName != "2025年度 前期.csv" || bulk.Encoding != "utf-8-bom" || bulk.State != badge.BulkPreview ||
			bulk.Total != 3 || bulk.Failed != 1 || bulk.Issued != 0 || bulk.FinishedAt != nil {
			t.Errorf("preview = %s", r.body)
		}
		var bad, warned bool
		for _, p := range bulk.Problems {
			switch {
			case p.Line == 3 && p.Field == "email" && p.Key == "csv.email_invalid" && !p.Warning:
				bad = true
			case p.Line == 1 && p.Key == "csv.column_unknown" && p.Warning:
				warned = true
			default:
				t.Errorf("unexpected problem %+v", p)
			}
		}
		if !bad || !warned {
			t.Errorf("problems = %+v; want line 3's address and the ignored column", bulk.Problems)
		}

		r = o.call(t, readOnly, "GET", path("/api/v1/bulk-awards/%d", bulk.ID), nil)
		if got := decode[bulkJSON](t, r); r.code != 200 || got.ID != bulk.ID || got.State != badge.BulkPreview || got.Problems != nil {
			t.Errorf("get bulk = %d %s", r.code, r.body)
		}
		r = o.call(t, all, "POST", path("/api/v1/bulk-awards/%d/confirm", bulk.ID), nil)
		if got := decode[bulkJSON](t, r); r.code != 202 || got.State != badge.BulkQueued {
			t.Errorf("confirm = %d %s", r.code, r.body)
		}
		wantProblem(t, "confirm twice", o.call(t, all, "POST", path("/api/v1/bulk-awards/%d/confirm", bulk.ID), nil), 400, "*")
		// The job queue runs it in the server; here the test does.
		if err := f.svc.RunBulkAward(ctx, bulk.ID); err != nil {
			t.Fatal(err)
		}
		r = o.call(t, readOnly, "GET", path("/api/v1/bulk-awards/%d", bulk.ID), nil)
		if got := decode[bulkJSON](t, r); got.State != badge.BulkDone || got.Issued != 2 || got.Failed != 1 || got.Skipped != 0 || got.FinishedAt == nil {
			t.Errorf("after the run = %s", r.body)
		}
		r = o.call(t, readOnly, "GET", "/api/v1/awards?email=sato.ichiro%40example.jp", nil)
		l := decode[listJSON[awardJSON]](t, r)
		// CSV dates are days in Japan Standard Time.
		if l.Total != 1 || l.Items[0].BulkID != bulk.ID || l.Items[0].RecipientName != "佐藤　一郎" ||
			!l.Items[0].IssuedAt.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, jst)) {
			t.Errorf("award from the CSV = %s", r.body)
		}

		// Shift_JIS, as Excel saves "CSV (comma delimited)" on Japanese Windows.
		sjis, err := japanese.ShiftJIS.NewEncoder().String("メールアドレス,氏名\r\nkato.shiro@example.jp,加藤　四郎\r\n")
		if err != nil {
			t.Fatal(err)
		}
		r = o.call(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d", b.ID), []byte(sjis))
		sj := decode[bulkJSON](t, r)
		if r.code != 201 || sj.Encoding != "shift_jis" || sj.Total != 1 || sj.Failed != 0 || sj.Problems != nil {
			t.Errorf("Shift_JIS preview = %d %s", r.code, r.body)
		}
		o.call(t, all, "POST", path("/api/v1/bulk-awards/%d/confirm", sj.ID), nil)
		if err := f.svc.RunBulkAward(ctx, sj.ID); err != nil {
			t.Fatal(err)
		}
		r = o.call(t, readOnly, "GET", "/api/v1/awards?email=kato.shiro%40example.jp", nil)
		if l := decode[listJSON[awardJSON]](t, r); l.Total != 1 || l.Items[0].RecipientName != "加藤　四郎" || l.Items[0].BulkID != sj.ID {
			t.Errorf("award from the Shift_JIS CSV = %s", r.body)
		}

		// UTF-16 with a byte order mark, tab-separated (Excel's "Unicode text").
		u16 := []byte{0xFF, 0xFE}
		for _, c := range utf16.Encode([]rune("email\tname\r\nito.goro@example.jp\t伊藤 五郎\r\n")) {
			u16 = binary.LittleEndian.AppendUint16(u16, c)
		}
		r = o.call(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d&file_name=unicode.txt", b.ID), u16)
		if got := decode[bulkJSON](t, r); r.code != 201 || got.Encoding != "utf-16" || got.Total != 1 || got.Failed != 0 {
			t.Errorf("UTF-16 preview = %d %s", r.code, r.body)
		}

		wantProblem(t, "CSV without badge_id", o.bad(t, all, "POST", "/api/v1/bulk-awards", []byte(csv)), 400, "badge_id")
		wantProblem(t, "empty CSV", o.bad(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d", b.ID), []byte{}), 400, "file")
		wantProblem(t, "CSV without a name column", o.call(t, all, "POST", path("/api/v1/bulk-awards?badge_id=%d", b.ID), []byte("email\na@example.jp\n")), 400, "file")
		wantProblem(t, "CSV for a missing badge", o.call(t, all, "POST", "/api/v1/bulk-awards?badge_id=999999", []byte(csv)), 404, "")
		wantProblem(t, "get a missing bulk award", o.call(t, readOnly, "GET", "/api/v1/bulk-awards/999999", nil), 404, "")
		wantProblem(t, "confirm a missing bulk award", o.call(t, all, "POST", "/api/v1/bulk-awards/999999/confirm", nil), 404, "")
	})

	// One organisation can neither read nor change another's badges,
	// awards or CSV awards: they answer 404, as if they did not exist.
	t.Run("organisations", func(t *testing.T) {
		if b.ID == 0 || first.ID == 0 || bulk.ID == 0 {
			t.Skip("needs the objects made above")
		}
		for _, l := range []string{"/api/v1/badges", "/api/v1/awards", path("/api/v1/awards?badge_id=%d", b.ID)} {
			r := o.call(t, other, "GET", l, nil)
			if n := decode[struct{ Total int }](t, r); r.code != 200 || n.Total != 0 {
				t.Errorf("other organisation: %s = %d %s", l, r.code, r.body)
			}
		}
		up := map[string]any{"name_ja": "乗っ取り", "description_ja": "x", "criteria_narrative": "x"}
		for _, tc := range []struct {
			method, path string
			body         any
		}{
			{"GET", path("/api/v1/badges/%d", b.ID), nil},
			{"PUT", path("/api/v1/badges/%d", b.ID), up},
			{"POST", path("/api/v1/badges/%d/archive", b.ID), nil},
			{"POST", path("/api/v1/badges/%d/restore", b.ID), nil},
			{"POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "intruder@other.example.jp", "name": "Intruder"}},
			{"GET", path("/api/v1/awards/%d", second.ID), nil},
			{"POST", path("/api/v1/awards/%d/revoke", second.ID), map[string]any{"reason": "x"}},
			{"POST", path("/api/v1/awards/%d/resend", second.ID), nil},
			{"POST", "/api/v1/awards/revoke", map[string]any{"ids": []int64{second.ID}, "reason": "x"}},
			{"POST", path("/api/v1/bulk-awards?badge_id=%d", b.ID), []byte("email,name\nintruder@other.example.jp,Intruder\n")},
			{"GET", path("/api/v1/bulk-awards/%d", bulk.ID), nil},
			{"POST", path("/api/v1/bulk-awards/%d/confirm", bulk.ID), nil},
		} {
			wantProblem(t, "other organisation: "+tc.method+" "+tc.path, o.call(t, other, tc.method, tc.path, tc.body), 404, "")
		}
		// Nothing changed.
		if got := decode[badgeJSON](t, o.call(t, all, "GET", path("/api/v1/badges/%d", b.ID), nil)); got.Revision != b.Revision || got.Archived || got.NameJA != b.NameJA {
			t.Errorf("the badge changed: %+v", got)
		}
		if got := decode[awardJSON](t, o.call(t, all, "GET", path("/api/v1/awards/%d", second.ID), nil)); got.RevokedAt != nil {
			t.Errorf("the award was revoked: %+v", got)
		}
		if l := decode[listJSON[awardJSON]](t, o.call(t, all, "GET", "/api/v1/awards?q=intruder", nil)); l.Total != 0 {
			t.Errorf("an award was made on another organisation's badge: %+v", l)
		}
		// And the other way round; idempotency keys are the organisation's own.
		r := o.call(t, other, "POST", "/api/v1/badges", map[string]any{"name_en": "Other badge", "description_en": "x",
			"criteria_narrative": "x", "formats": []string{"ob3-di"}, "image": png64})
		ob := decode[badgeJSON](t, r)
		r = o.call(t, other, "POST", "/api/v1/awards", map[string]any{"badge_id": ob.ID, "email": "hanako@example.ac.jp", "name": "Hanako"},
			"Idempotency-Key", "lms-enrolment-42")
		if aw := decode[awardJSON](t, r); r.code != 201 || aw.ID == first.ID {
			t.Errorf("the other organisation's award with the same key = %d %s", r.code, r.body)
		}
		wantProblem(t, "first organisation reads the other's badge", o.call(t, all, "GET", path("/api/v1/badges/%d", ob.ID), nil), 404, "")
	})

	t.Run("verify", func(t *testing.T) { testVerifyOperations(t, o, all) })

	// Every bearer operation answers 401 without a valid token and 403
	// with a token lacking the documented scope, and neither with a token
	// holding exactly the documented scope: the scopes in openapi.json are
	// the ones the handlers require.
	t.Run("security", func(t *testing.T) {
		doc := loadDoc(t)
		for p, item := range doc.Paths.Map() {
			if !strings.HasPrefix(p, "/api/v1/") {
				continue
			}
			for method, op := range item.Operations() {
				u := strings.ReplaceAll(p, "{id}", "999999")
				name := method + " " + p
				if op.Security == nil || len(*op.Security) != 1 || len((*op.Security)[0]) == 0 {
					// Public: no token needed. An operation that needs a
					// body answers the empty one with 400, never 401 or 403.
					if op.RequestBody != nil && op.RequestBody.Value != nil && op.RequestBody.Value.Required {
						if r := o.bad(t, "", method, u, nil); r.code == 401 || r.code == 403 {
							t.Errorf("%s without a token = %d", name, r.code)
						}
						continue
					}
					if r := o.call(t, "", method, u, nil); r.code >= 400 {
						t.Errorf("%s without a token = %d", name, r.code)
					}
					continue
				}
				scopes := (*op.Security)[0]["bearer"]
				if len(scopes) != 1 {
					t.Errorf("%s: security %v; want one bearer scope", name, *op.Security)
					continue
				}
				want, tok, otherTok := scopes[0], readOnly, issueOnly
				if want == service.ScopeIssue {
					tok, otherTok = issueOnly, readOnly
				}
				for _, auth := range []string{"", "nope"} {
					r := o.bad(t, auth, method, u, nil)
					if wantProblem(t, name+" with token "+strconv.Quote(auth), r, 401, ""); !strings.HasPrefix(r.hdr.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("%s: 401 WWW-Authenticate = %q", name, r.hdr.Get("WWW-Authenticate"))
					}
				}
				r := o.bad(t, otherTok, method, u, nil)
				if wantProblem(t, name+" without "+want, r, 403, ""); !strings.Contains(r.hdr.Get("WWW-Authenticate"), `scope="`+want+`"`) {
					t.Errorf("%s: 403 WWW-Authenticate = %q", name, r.hdr.Get("WWW-Authenticate"))
				}
				if r := o.bad(t, tok, method, u, nil); r.code == 401 || r.code == 403 {
					t.Errorf("%s with a token of scope %s only = %d %s", name, want, r.code, r.body)
				}
			}
		}
	})

	// Every response openapi.json documents was answered at least once.
	if t.Failed() {
		return
	}
	doc := loadDoc(t)
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				if !o.seen[method+" "+p+" "+status] {
					t.Errorf("%s %s: the documented response %s was never answered in this test", method, p, status)
				}
			}
		}
	}
}

func withAccept(r *http.Request, accept string) *http.Request {
	r.Header.Set("Accept", accept)
	return r
}

func loadDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// registeredRoutes reads the patterns API.Register gives the mux from the
// package's source: every call in Register must name its pattern with a
// string literal, so none can escape this list.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var routes []string
	found := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "Register" || fn.Recv == nil || fn.Body == nil {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); !ok || star.X.(*ast.Ident).Name != "API" {
				continue
			}
			found = true
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") || len(call.Args) != 2 {
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: API.Register gives a pattern that is not a string literal", fset.Position(call.Pos()))
					return true
				}
				pattern, _ := strconv.Unquote(lit.Value)
				routes = append(routes, pattern)
				return true
			})
		}
	}
	if !found || len(routes) == 0 {
		t.Fatal("API.Register not found in the package's source")
	}
	return routes
}

// TestOpenAPIDocumentsEveryRoute: every method and path API.Register
// serves under /api/v1 (and the token endpoint) is an operation of
// openapi.json, and every operation there is served by its own route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadDoc(t)
	documented := map[string]bool{}
	for p, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+p] = true
		}
	}
	registered := map[string]bool{}
	for _, pattern := range registeredRoutes(t) {
		method, p, ok := strings.Cut(pattern, " ")
		if !ok {
			p = pattern
		}
		if !strings.HasPrefix(p, "/api/v1/") && p != "/oauth/token" {
			continue
		}
		if !ok {
			t.Errorf("route %q under /api/v1 has no method", pattern)
			continue
		}
		registered[pattern] = true
		if !documented[method+" "+p] {
			t.Errorf("%s is served but not documented in openapi.json", pattern)
		}
	}
	// The mux routes each documented operation to the route of the same
	// pattern (not to the /api/ fallback nor to another route).
	mux := http.NewServeMux()
	New(&service.Service{}).Register(mux)
	for op := range documented {
		method, p, _ := strings.Cut(op, " ")
		if !registered[op] {
			t.Errorf("%s is documented in openapi.json but API.Register has no such route", op)
		}
		req, _ := http.NewRequest(method, "http://example.test"+strings.ReplaceAll(p, "{id}", "1"), nil)
		if _, pattern := mux.Handler(req); pattern != op {
			t.Errorf("%s is routed to %q", op, pattern)
		}
	}
}
