// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// signupShow shows the form to create an account.
func (h *Handler) signupShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "auth.sign_up")
	p.Form.Set("next", safeNext(r.URL.Query().Get("next")))
	h.render(w, r, http.StatusOK, "signup", p)
}

// signupSubmit creates the account, in the page's language, and sends the
// confirmation mail; the visitor then signs in, and comes back to where
// they were going (an invitation, say).
func (h *Handler) signupSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "auth.sign_up")
	p.Form = form
	p.Form.Set("next", safeNext(form.Get("next")))
	if !checkShape(p, rule{name: "name", required: true, max: badge.MaxNameLen},
		rule{name: "email", required: true, max: badge.MaxEmailLen}, rule{name: "password", required: true, max: 1024}) {
		h.render(w, r, http.StatusBadRequest, "signup", p)
		return
	}
	a, err := h.svc.SignUp(r.Context(), service.NewAccount{Email: form.Get("email"), Name: form.Get("name"),
		Password: form.Get("password"), Locale: string(p.Lang)})
	if err != nil {
		h.formError(w, r, "signup", p, err)
		return
	}
	q := url.Values{"email": {a.Email}}
	if next := p.Form.Get("next"); next != "" {
		q.Set("next", next)
	}
	h.redirect(w, r, "/login?"+q.Encode(), false, "auth.verify_email_sent", "email", a.Email)
}
