// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// claimShow opens the link of an award e-mail: the recipient sees the
// badge with its files to download, and can keep it in their wallet: in
// the account they are signed in to, or in a new one made right there. A used, unknown or expired link, or a
// revoked badge, says so plainly.
func (h *Handler) claimShow(w http.ResponseWriter, r *http.Request) {
	pa, err := h.svc.OpenClaim(r.Context(), r.PathValue("token"))
	p := h.newPage(w, r, "claim.title")
	switch badge.ErrorCode(err) {
	case "":
	case badge.CodeNotFound, badge.CodeInvalid:
		p.Data = &awardPublicPage{Claim: true, Problem: p.errorText(err)}
		h.render(w, r, httpx.Status(err), "claim", p)
		return
	default:
		h.fail(w, r, err)
		return
	}
	v := h.awardView(p, pa)
	p.Title = v.OG.Title
	p.Data = &awardPublicPage{View: v, Claim: true, Token: r.PathValue("token")}
	h.render(w, r, http.StatusOK, "claim", p)
}

// claimKeep takes the award of a claim link into the signed-in visitor's
// wallet. Anonymous visitors sign in first and come back to the link.
func (h *Handler) claimKeep(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	if visitorFrom(r).account == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/claim/"+tok), http.StatusSeeOther)
		return
	}
	if _, err := h.svc.ClaimAward(r.Context(), tok); err != nil {
		h.claimProblem(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet", false, "wallet.claimed")
}

// claimAccount creates a wallet account for the award's address, claims
// the badge into it and signs the new account in.
func (h *Handler) claimAccount(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	tok := r.PathValue("token")
	p := h.newPage(w, r, "claim.title")
	p.Form.Set("name", form.Get("name"))
	p.Form.Set("password", form.Get("password"))
	ok = checkShape(p, rule{name: "name", required: true, max: badge.MaxNameLen}, rule{name: "password", required: true, max: 1024})
	p.Form.Set("password", "")
	var st *service.SessionToken
	var err error
	if ok {
		st, err = h.svc.ClaimWithNewAccount(r.Context(), tok, service.ClaimAccount{Name: p.Form.Get("name"),
			Password: form.Get("password"), Locale: string(p.Lang), IP: clientIP(r), UserAgent: r.UserAgent()})
	}
	switch code := badge.ErrorCode(err); {
	case ok && err == nil:
		h.setSession(w, r, st.Token)
		h.redirect(w, r, "/wallet", false, "wallet.claimed")
		return
	case code == badge.CodeNotFound || badge.ErrorKey(err) == "claim.revoked" || badge.ErrorKey(err) == "claim.expired":
		h.claimProblem(w, r, err)
		return
	case err != nil:
		p.showError(err, "name", "password")
	}
	// Show the form again with what went wrong, under the badge.
	pa, oerr := h.svc.OpenClaim(r.Context(), tok)
	if oerr != nil {
		h.claimProblem(w, r, oerr)
		return
	}
	v := h.awardView(p, pa)
	p.Data = &awardPublicPage{View: v, Claim: true, Token: tok}
	status := http.StatusBadRequest
	if err != nil {
		status = httpx.Status(err)
	}
	h.render(w, r, status, "claim", p)
}

// claimProblem shows why a claim link does not work.
func (h *Handler) claimProblem(w http.ResponseWriter, r *http.Request, err error) {
	switch badge.ErrorCode(err) {
	case badge.CodeNotFound, badge.CodeInvalid:
		p := h.newPage(w, r, "claim.title")
		p.Data = &awardPublicPage{Claim: true, Problem: p.errorText(err)}
		h.render(w, r, httpx.Status(err), "claim", p)
	default:
		h.fail(w, r, err)
	}
}
