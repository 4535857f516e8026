// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
)

// verifyEmailShow is where the confirmation mail's link leads: a button
// that confirms. Opening the link changes nothing, so mail scanners that
// fetch links do not use it up.
func (h *Handler) verifyEmailShow(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		h.fail(w, r, badge.NotFound("auth.link_invalid", "No token."))
		return
	}
	p := h.newPage(w, r, "auth.verify_email")
	p.Form.Set("token", tok)
	h.render(w, r, http.StatusOK, "verify_email", p)
}

// verifyEmailResend mails the signed-in visitor a new confirmation link
// (the console's banner offers it until the address is confirmed) and
// returns to the page it was asked from. The service allows one a minute.
func (h *Handler) verifyEmailResend(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	next := safeNext(form.Get("next"))
	if !strings.HasPrefix(next, "/console") {
		next = "/console"
	}
	a, err := h.svc.ResendVerification(r.Context())
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, next, false, "auth.verify_email_resent", "email", a.Email)
	case badge.CodeRateLimited:
		h.redirect(w, r, next, true, "auth.resend_wait")
	case badge.CodeConflict:
		h.redirect(w, r, next, false, "auth.already_verified")
	default:
		h.fail(w, r, err)
	}
}

// verifyEmailSubmit marks the address confirmed.
func (h *Handler) verifyEmailSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	if _, err := h.svc.VerifyEmail(r.Context(), form.Get("token")); err != nil {
		h.fail(w, r, err)
		return
	}
	if visitorFrom(r).account != nil {
		h.redirect(w, r, "/console", false, "auth.email_confirmed")
		return
	}
	h.redirect(w, r, "/login", false, "auth.email_verified")
}
