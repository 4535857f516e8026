// SPDX-License-Identifier: Apache-2.0

package web

import (
	"context"
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
	"github.com/akashi-badges/akashi/internal/service"
)

// loginShow shows the sign-in form; a signed-in visitor goes on at once.
func (h *Handler) loginShow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	next := safeNext(q.Get("next"))
	if visitorFrom(r).account != nil {
		http.Redirect(w, r, or(next, h.landing(r.Context())), http.StatusSeeOther)
		return
	}
	p := h.newPage(w, r, "auth.sign_in")
	p.Form.Set("next", next)
	p.Form.Set("email", q.Get("email"))
	h.render(w, r, http.StatusOK, "login", p)
}

// loginSubmit signs in and opens a session, then goes on to the page the
// visitor came for, in the account's language (remembered in the browser
// too, for after signing out). Wrong credentials and too many attempts show
// on the form, with the address kept.
func (h *Handler) loginSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "auth.sign_in")
	p.Form = form
	p.Form.Set("next", safeNext(form.Get("next")))
	if !checkShape(p, rule{name: "email", required: true, max: badge.MaxEmailLen}, rule{name: "password", required: true, max: 1024}) {
		h.render(w, r, http.StatusBadRequest, "login", p)
		return
	}
	tok, err := h.svc.SignIn(r.Context(), form.Get("email"), form.Get("password"), clientIP(r), r.UserAgent())
	if err != nil {
		h.formError(w, r, "login", p, err)
		return
	}
	h.setSession(w, r, tok.Token)
	if l, ok := i18n.ParseLang(tok.Account.Locale); ok {
		http.SetCookie(w, h.cookie(r, langCookie, string(l), langCookieAge))
	}
	ctx := service.WithActor(r.Context(), service.Actor{AccountID: tok.Account.ID})
	http.Redirect(w, r, or(p.Form.Get("next"), h.landing(ctx)), http.StatusSeeOther)
}

// landing is where a signed-in account (the actor of ctx) starts: the
// console for staff of an organisation, the wallet for everyone else.
func (h *Handler) landing(ctx context.Context) string {
	if ms, err := h.svc.MyMemberships(ctx); err == nil && len(ms) == 0 {
		return "/wallet"
	}
	return "/console"
}
