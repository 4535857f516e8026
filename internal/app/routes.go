// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/akashi-badges/akashi/internal/api"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/oauth"
	"github.com/akashi-badges/akashi/internal/obapi"
	"github.com/akashi-badges/akashi/internal/vcapi"
	"github.com/akashi-badges/akashi/internal/verify"
	"github.com/akashi-badges/akashi/internal/web"
)

// routes lists the server's URL space. The surfaces (console, wallet,
// verifier, APIs) add theirs here as they are built.
func (m *Main) routes(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", m.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	svc := m.Service()
	a := api.New(svc)
	a.Register(mux)
	// The verifier resolves did:web issuers and fetches status lists over
	// https through the safe fetcher (never a private address).
	vc := &vcapi.Handler{Log: m.Logger, Verifier: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{})}), Authorize: func(r *http.Request, scope string) (vcapi.Signer, error) {
		// The VC-API's issue scope is Akashi's akashi:issue.
		t, err := svc.AuthenticateBearer(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			return nil, err
		}
		return svc.VCAPISigner(r.Context(), t)
	}}
	vc.Register(mux)
	// The Open Badges APIs for wallet owners and the OAuth 2.0
	// authorization server they take tokens from (its consent page is
	// one of the web pages).
	obapi.New(svc, m.Logger, obapi.Options{PrivacyPolicyURL: m.Config.PrivacyPolicyURL,
		TermsOfServiceURL: m.Config.TermsURL}).Register(mux)
	oa := oauth.New(svc, m.Logger)
	oa.Register(mux)
	wh := web.New(svc, m.Logger)
	// The public award and badge pages answer software asking for JSON
	// with the OB 2.0 hosted documents.
	wh.AwardJSON, wh.BadgeJSON, wh.AwardFile = a.AwardAssertion, a.BadgeClassDocument, a.AwardFile
	mux.Handle("/", wh)
	// POST /oauth/token is package api's for the client-credentials grant
	// and package oauth's for the authorization code and refresh grants.
	return oa.TokenGrants(mux)
}

// healthz answers 200 when the database answers.
func (m *Main) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := m.Store.DB().PingContext(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
