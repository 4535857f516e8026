// SPDX-License-Identifier: Apache-2.0

package oauth_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/akashi-badges/akashi/internal/service"
)

var disconnectRE = regexp.MustCompile(`action="(/wallet/apps/[0-9]+/revoke)"`)

// The owner disconnects an app on the wallet's connected apps page: from
// then on the Open Badges APIs refuse its access token, and its refresh
// token gets no new one — on both databases.
func TestDisconnectApp(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) {
			s := start(t, db(t))
			c := s.newClient("")
			owner := s.wallet("owner@example.jp")
			code, verifier := owner.authorize(c, service.ScopeOB3CredentialRead+" offline_access")
			tk := s.exchange(c, code, verifier)
			if r := s.api("GET", "/ims/ob/v3p0/credentials", tk.AccessToken); r.status != http.StatusOK {
				t.Fatalf("credentials before disconnecting = %d %s", r.status, r.body)
			}

			page := owner.get("/wallet/apps")
			m := disconnectRE.FindStringSubmatch(page.body)
			if page.status != http.StatusOK || m == nil {
				t.Fatalf("connected apps = %d, no Disconnect button:\n%.2000s", page.status, page.body)
			}
			if r := owner.post(m[1], url.Values{}); r.status != http.StatusSeeOther || r.location(t).Path != "/wallet/apps" {
				t.Fatalf("disconnect = %d %s", r.status, r.body)
			}

			r := s.api("GET", "/ims/ob/v3p0/credentials", tk.AccessToken)
			if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("credentials after disconnecting = %d %s; want 401", r.status, r.body)
			}
			refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.RefreshToken}}
			wantOAuthError(t, "refresh after disconnecting", s.token(refresh, c.ID, c.Secret), 400, "invalid_grant")
			if page := owner.get("/wallet/apps"); disconnectRE.MatchString(page.body) {
				t.Errorf("the app is still listed after disconnecting")
			}
		})
	}
}
