// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"slices"

	"github.com/akashi-badges/akashi/internal/service"
)

// The wallet's connected apps: the software the owner allowed on the
// consent page (oauth_authorize.go), with a button to take that back.

// connectedApp is one app of the page.
type connectedApp struct {
	*service.ConnectedApp
	Hosts  []string // where its redirect URIs go
	Scopes []string // message keys of what it may do, as the consent page words them
}

// walletAppsShow lists the software that may use the wallet.
func (h *Handler) walletAppsShow(w http.ResponseWriter, r *http.Request) {
	apps, err := h.svc.ConnectedApps(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "oauth.apps.title")
	p.Wallet = true
	var data []*connectedApp
	for _, a := range apps {
		ca := &connectedApp{ConnectedApp: a}
		for _, u := range a.Client.RedirectURIs {
			if host := hostOf(u); !slices.Contains(ca.Hosts, host) {
				ca.Hosts = append(ca.Hosts, host)
			}
		}
		for _, sc := range a.Scopes {
			if k := scopeKey(sc); !slices.Contains(ca.Scopes, k) {
				ca.Scopes = append(ca.Scopes, k)
			}
		}
		data = append(data, ca)
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "wallet_apps", p)
}

// walletAppRevoke disconnects an app: its grants and tokens end.
func (h *Handler) walletAppRevoke(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.DisconnectApp(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet/apps", false, "oauth.apps.disconnected", "name", c.Name)
}
