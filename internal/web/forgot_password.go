// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
)

// forgotPasswordShow asks for the address to send a reset link to.
func (h *Handler) forgotPasswordShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "auth.reset_password")
	h.render(w, r, http.StatusOK, "forgot_password", p)
}

// forgotPasswordSubmit mails a reset link when the address has an account,
// and says the same either way.
func (h *Handler) forgotPasswordSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "auth.reset_password")
	p.Form = form
	if !checkShape(p, rule{name: "email", required: true, max: badge.MaxEmailLen}) {
		h.render(w, r, http.StatusBadRequest, "forgot_password", p)
		return
	}
	if err := h.svc.RequestPasswordReset(r.Context(), form.Get("email")); err != nil {
		h.formError(w, r, "forgot_password", p, err)
		return
	}
	h.redirect(w, r, "/forgot-password", false, "auth.reset_password_sent", "email", form.Get("email"))
}
