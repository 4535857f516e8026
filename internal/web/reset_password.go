// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
)

// resetPasswordShow is where the reset mail's link leads: the form for the
// new password.
func (h *Handler) resetPasswordShow(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		h.fail(w, r, badge.NotFound("auth.link_invalid", "No token."))
		return
	}
	p := h.newPage(w, r, "auth.reset_password")
	p.Form.Set("token", tok)
	h.render(w, r, http.StatusOK, "reset_password", p)
}

// resetPasswordSubmit sets the new password; every session of the account
// ends, so the visitor signs in again.
func (h *Handler) resetPasswordSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "auth.reset_password")
	p.Form = form
	if !checkShape(p, rule{name: "password", required: true, max: 1024}) {
		h.render(w, r, http.StatusBadRequest, "reset_password", p)
		return
	}
	if err := h.svc.ResetPassword(r.Context(), form.Get("token"), form.Get("password")); err != nil {
		h.formError(w, r, "reset_password", p, err)
		return
	}
	h.clearSession(w, r)
	h.redirect(w, r, "/login", false, "auth.reset_password_done")
}
