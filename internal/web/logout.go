// SPDX-License-Identifier: Apache-2.0

package web

import "net/http"

// logout ends the session and removes its cookie.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	v := visitorFrom(r)
	if v.token != "" {
		if err := h.svc.SignOut(r.Context(), v.token); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.clearSession(w, r)
	h.redirect(w, r, "/login", false, "auth.signed_out")
}
