// SPDX-License-Identifier: Apache-2.0

package oauth_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/verify"
)

// TestMoodleBackpack replays, request for request, what Moodle's "Open
// Badges v2.1" backpack client does (moodle/moodle: the discovery and
// registration of lib/classes/oauth2/discovery/imsbadgeconnect.php, the
// authorization and token requests of badges/classes/oauth2/client.php,
// the push of badges/classes/backpack_api2p1.php and
// backpack_api2p1_mapping.php), against the real server on both
// databases, with a Moodle site of its own that hosts the assertion it
// pushes, and a real wallet account that allows it.
func TestMoodleBackpack(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) {
			s := start(t, db(t))
			owner := s.wallet("student@example.jp")
			site := newMoodleSite(t, "student@example.jp")
			m := &moodle{t: t, site: site, issuerBase: s.URL + "/", endpoints: map[string]string{}}

			m.discover()
			if m.endpoints["apiBase"] != s.URL+"/ims/ob/v2p1" || m.endpoints["registration_endpoint"] != s.URL+"/oauth/register" ||
				m.endpoints["authorization_endpoint"] != s.URL+"/oauth/authorize" || m.endpoints["token_endpoint"] != s.URL+"/oauth/token" {
				t.Fatalf("endpoints Moodle found: %v", m.endpoints)
			}
			m.register()

			// Moodle asks for the offered scopes less the first one; the
			// owner signs in at Akashi (already) and allows.
			login := m.loginURL()
			if got := login.Query().Get("scope"); got != service.ScopeOB2AssertionRead+" "+service.ScopeOB2AssertionCreate {
				t.Errorf("Moodle asks for scope %q", got)
			}
			back := owner.consent(login.Query(), "allow")
			site.get(t, back.String()) // the browser goes back to Moodle's callback
			if site.code == "" || site.state != m.sesskey {
				t.Fatalf("Moodle's callback got code %q, state %q (sesskey %q)", site.code, site.state, m.sesskey)
			}

			m.upgradeToken(site.code, "authorization_code")
			if m.token.refreshToken == "" || m.token.scope == "" {
				t.Fatalf("token after the code: %+v", m.token)
			}
			// An hour later the access token has expired: Moodle refreshes
			// before it pushes, with its secret in the form.
			s.advance(time.Hour)
			m.now = m.now.Add(time.Hour)
			first := m.token
			if !m.isLoggedIn() || m.token.token == first.token {
				t.Fatalf("Moodle did not refresh: %+v", m.token)
			}

			resp := m.putAssertions(site.assertion())
			if resp.Status.StatusCode != 200 {
				t.Fatalf("push: status %+v", resp.Status)
			}
			// In the wallet, verified against Moodle's hosted copy.
			acc, err := s.m.Store.FindAccountByEmail(context.Background(), "student@example.jp")
			if err != nil {
				t.Fatal(err)
			}
			ctx := service.WithActor(context.Background(), service.Actor{AccountID: acc.ID})
			imported, err := s.svc().ImportedBadges(ctx)
			if err != nil || len(imported) != 1 {
				t.Fatalf("ImportedBadges = %d, %v; want the pushed badge", len(imported), err)
			}
			if b := imported[0]; b.Format != verify.FormatOB2Hosted || b.Name != "Moodle badge" || !b.Private || b.State != badge.ImportValid {
				t.Errorf("imported: format %q, name %q, private %v, state %q; want a valid, private OB 2.0 hosted badge", b.Format, b.Name, b.Private, b.State)
			}
			if site.fetched() == 0 {
				t.Errorf("the hosted assertion was never fetched from Moodle to verify it")
			}
			// Pushing it again (a student presses the button twice) is fine.
			if resp := m.putAssertions(site.assertion()); resp.Status.StatusCode != 200 {
				t.Errorf("second push: status %+v", resp.Status)
			}
			if imported, _ := s.svc().ImportedBadges(ctx); len(imported) != 1 {
				t.Errorf("after a second push the wallet holds %d imports, want 1", len(imported))
			}
		})
	}
}

// moodle is Moodle's side: its OAuth 2 issuer record, endpoints and the
// user's stored token.
type moodle struct {
	t                      *testing.T
	site                   *moodleSite
	issuerBase             string            // the issuer's "baseurl"
	endpoints              map[string]string // name → URL, as Moodle's endpoint table
	scopesSupported        string
	clientID, clientSecret string
	sesskey, verifier      string
	now                    time.Time // Moodle's clock
	token                  moodleToken
}

type moodleToken struct {
	token, refreshToken, scope string
	expires                    time.Time
}

// phpJSON is json_encode: "/" escaped as "\/".
func phpJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return []byte(strings.ReplaceAll(string(b), "/", `\/`))
}

// discover is base_definition::discover_endpoints and
// imsbadgeconnect::process_configuration_json: the last badgeConnectAPI
// entry; each xxxUrl member becomes the endpoint xxx_endpoint; the
// scopes offered become the issuer's supported scopes.
func (m *moodle) discover() {
	m.t.Helper()
	m.now = time.Now()
	resp, err := http.Get(m.issuerBase + ".well-known/badgeconnect.json")
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	var info struct {
		BadgeConnectAPI []map[string]any `json:"badgeConnectAPI"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil || len(info.BadgeConnectAPI) == 0 {
		m.t.Fatalf("manifest: %v", err)
	}
	last := info.BadgeConnectAPI[len(info.BadgeConnectAPI)-1] // array_pop
	for k, v := range last {
		switch {
		case strings.HasSuffix(k, "Url") && v != "":
			m.endpoints[strings.ToLower(strings.TrimSuffix(k, "Url"))+"_endpoint"] = v.(string)
		case k == "scopesOffered":
			var scopes []string
			for _, s := range v.([]any) {
				scopes = append(scopes, s.(string))
			}
			m.scopesSupported = strings.Join(scopes, " ")
		case k == "apiBase":
			m.endpoints["apiBase"] = v.(string)
		}
	}
}

// register is imsbadgeconnect::register.
func (m *moodle) register() {
	m.t.Helper()
	host := m.site.URL + "/"
	req := map[string]any{
		"client_name": "Moodle テスト大学", "client_uri": host, "logo_uri": host + "pix/f/moodle-256.png",
		"tos_uri": host, "policy_uri": host, "software_id": "moodle", "software_version": "2024100700",
		"redirect_uris":              []string{host + "admin/oauth2callback.php"},
		"token_endpoint_auth_method": "client_secret_basic",
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
		"scope":                      strings.ReplaceAll(m.scopesSupported, "\r", " "),
	}
	r, _ := http.NewRequest("POST", m.endpoints["registration_endpoint"], strings.NewReader(string(phpJSON(req))))
	r.Header.Set("Content-type", "application/json")
	r.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	id, ok := out["client_id"].(string) // property_exists($response, 'client_id')
	if !ok {
		m.t.Fatalf("Could not self-register identity issuer: %d %v", resp.StatusCode, out)
	}
	m.clientID, m.clientSecret = id, out["client_secret"].(string)
}

// loginURL is client::get_login_url. Moodle means to leave out "profile"
// and "openid"; when they are absent, array_search returns false, which
// isset() accepts and unset() takes as index 0: the first scope goes.
func (m *moodle) loginURL() *url.URL {
	m.t.Helper()
	arr := map[int]string{}
	for i, s := range strings.Split(m.scopesSupported, " ") {
		arr[i] = s
	}
	for _, ex := range []string{"profile", "openid"} {
		key := 0 // false, as an array key
		for i := 0; i < len(arr)+2; i++ {
			if v, ok := arr[i]; ok && v == ex {
				key = i
				break
			}
		}
		delete(arr, key)
	}
	var keys []int
	for k := range arr {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var scopes []string
	for _, k := range keys {
		scopes = append(scopes, arr[k])
	}
	m.sesskey = randomHex(5)
	// code_challenge: 43 random bytes, base64url; the S256 of that.
	b := make([]byte, 43)
	rand.Read(b)
	m.verifier = base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(m.verifier))
	q := url.Values{"client_id": {m.clientID}, "response_type": {"code"}, "redirect_uri": {m.site.URL + "/admin/oauth2callback.php"},
		"state": {m.sesskey}, "scope": {strings.Join(scopes, " ")}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"}}
	u, err := url.Parse(m.endpoints["authorization_endpoint"] + "?" + strings.ReplaceAll(q.Encode(), "+", "%20"))
	if err != nil {
		m.t.Fatal(err)
	}
	return u
}

// upgradeToken is client::upgrade_token: the code with HTTP Basic
// authentication (id and secret not encoded), a refresh with the secret
// in the form; "scope" is the stored token's, or left out (null) at first.
func (m *moodle) upgradeToken(code, grantType string) {
	m.t.Helper()
	params := url.Values{}
	basic := false
	switch grantType {
	case "authorization_code":
		basic = true
		params.Set("code", code)
		params.Set("grant_type", grantType)
		params.Set("redirect_uri", m.site.URL+"/admin/oauth2callback.php")
		if m.token.scope != "" {
			params.Set("scope", m.token.scope)
		}
		params.Set("code_verifier", m.verifier)
	case "refresh_token":
		params.Set("refresh_token", code)
		params.Set("grant_type", grantType)
		params.Set("scope", m.token.scope)
		params.Set("client_id", m.clientID)
		params.Set("client_secret", m.clientSecret)
	}
	r, _ := http.NewRequest("POST", m.endpoints["token_endpoint"], strings.NewReader(params.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(m.clientID+":"+m.clientSecret)))
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 { // $this->info['http_code'] !== 200
		m.t.Fatalf("oauth2refreshtokenerror: %d %s", resp.StatusCode, body)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		m.t.Fatalf("Could not decode JSON token response: %s", body)
	}
	if e, _ := out["error"].(string); e != "" {
		m.t.Fatalf("%s %v", e, out["error_description"])
	}
	tok, ok := out["access_token"].(string)
	scope, hasScope := out["scope"].(string) // $accesstoken->scope = $r->scope
	if !ok || !hasScope {
		m.t.Fatalf("token response without access_token or scope: %s", body)
	}
	m.token = moodleToken{token: tok, scope: scope}
	if exp, ok := out["expires_in"].(float64); ok {
		m.token.expires = m.now.Add(time.Duration(exp-10) * time.Second)
	}
	if rt, ok := out["refresh_token"].(string); ok {
		m.token.refreshToken = rt
	}
}

// isLoggedIn is client::is_logged_in with a stored token.
func (m *moodle) isLoggedIn() bool {
	if !m.token.expires.IsZero() && !m.now.Before(m.token.expires) {
		if m.token.refreshToken == "" {
			m.t.Fatal("Could not refresh oauth token, please try again.")
		}
		m.upgradeToken(m.token.refreshToken, "refresh_token")
		return true
	}
	return m.token.token != "" && m.token.scope != ""
}

// pushResponse is what Moodle reads of the answer to a push.
type pushResponse struct {
	Status struct {
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
	} `json:"status"`
}

// putAssertions is backpack_api2p1::put_assertions through
// backpack_api2p1_mapping::request: POST apiBase/assertions with
// {"assertion": …} as JSON and a bearer token.
func (m *moodle) putAssertions(assertion map[string]any) pushResponse {
	m.t.Helper()
	if !m.isLoggedIn() {
		m.t.Fatal("backpackexporterror: not logged in")
	}
	body := phpJSON(map[string]any{"assertion": assertion})
	r, _ := http.NewRequest("POST", m.endpoints["apiBase"]+"/assertions", strings.NewReader(string(body)))
	r.Header.Set("Authorization", "Bearer "+m.token.token)
	r.Header.Set("Content-type", "application/json")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Expect", "")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var generic map[string]json.RawMessage
	json.Unmarshal(raw, &generic)
	if res, ok := generic["result"]; ok { // if (isset($response->result))
		raw = res
	}
	var out pushResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		m.t.Fatalf("push answer is not JSON: %d %s", resp.StatusCode, raw)
	}
	if out.Status.StatusCode != 200 {
		m.t.Logf("push answer: %d %s", resp.StatusCode, raw)
	}
	return out
}

// moodleSite is the Moodle site: its OAuth callback, and the badge it
// issued, hosted as Moodle hosts OB 2.0 assertions.
type moodleSite struct {
	*httptest.Server
	email, salt, hash string

	mu          sync.Mutex
	code, state string
	fetches     int
}

func newMoodleSite(t *testing.T, email string) *moodleSite {
	ms := &moodleSite{email: email, salt: randomHex(16), hash: randomHex(20)}
	ms.Server = httptest.NewServer(http.HandlerFunc(ms.serve))
	t.Cleanup(ms.Close)
	return ms
}

func (ms *moodleSite) serve(w http.ResponseWriter, r *http.Request) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	switch r.URL.Path {
	case "/admin/oauth2callback.php":
		ms.code, ms.state = r.URL.Query().Get("code"), r.URL.Query().Get("state")
		fmt.Fprint(w, "redirecting to /badges/mybadges.php")
	case "/badges/assertion.php":
		ms.fetches++
		w.Header().Set("Content-Type", "application/json")
		w.Write(phpJSON(ms.assertionLocked()))
	case "/badges/badge_json.php":
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("action") == "0" {
			w.Write(phpJSON(ms.issuer()))
		} else {
			w.Write(phpJSON(ms.badgeClass()))
		}
	default:
		http.NotFound(w, r)
	}
}

func (ms *moodleSite) get(t *testing.T, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func (ms *moodleSite) fetched() int {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.fetches
}

func (ms *moodleSite) issuer() map[string]any {
	return map[string]any{"name": "Moodle テスト大学", "url": ms.URL + "/", "email": "badges@moodle.example.jp",
		"@context": "https://w3id.org/openbadges/v2", "id": ms.URL + "/badges/badge_json.php?id=1&action=0&obversion=2", "type": "Issuer"}
}

// onePixelPNG is the badge image, as Moodle embeds it.
const onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

func (ms *moodleSite) badgeClass() map[string]any {
	return map[string]any{"name": "Moodle badge", "description": "Completed the Moodle course.",
		"image": "data:image/png;base64," + onePixelPNG, "criteria": map[string]any{"id": ms.URL + "/badges/badge.php?hash=" + ms.hash,
			"narrative": "Complete the course."},
		"issuer": ms.issuer(), "@context": "https://w3id.org/openbadges/v2", "id": ms.URL + "/badges/badge_json.php?id=1",
		"type": "BadgeClass", "version": "", "@language": "en"}
}

// assertion is core_badges_assertion::get_badge_assertion for OB 2.0.
func (ms *moodleSite) assertion() map[string]any {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.assertionLocked()
}

func (ms *moodleSite) assertionLocked() map[string]any {
	sum := sha256.Sum256([]byte(ms.email + ms.salt))
	id := ms.URL + "/badges/assertion.php?b=" + ms.hash + "&obversion=2"
	return map[string]any{
		"recipient": map[string]any{"identity": "sha256$" + hex.EncodeToString(sum[:]), "type": "email", "hashed": true, "salt": ms.salt},
		"badge":     ms.badgeClass(),
		"verify":    map[string]any{"type": "hosted", "url": id},
		"issuedOn":  "2026-03-31T10:00:00+09:00",
		"evidence":  ms.URL + "/badges/badge.php?hash=" + ms.hash,
		"@context":  "https://w3id.org/openbadges/v2",
		"type":      "Assertion",
		"id":        id,
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
