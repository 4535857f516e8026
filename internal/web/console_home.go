// SPDX-License-Identifier: Apache-2.0

package web

import "net/http"

// consoleHome shows the current organisation and the way to each part of
// the console the visitor's role opens; with no organisation yet, what to
// do about it.
func (h *Handler) consoleHome(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "nav.console")
	p.Nav = "home"
	if p.Current != nil {
		org, _, err := h.svc.Organization(r.Context(), p.Current.OrgID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p.Data = org
	}
	h.render(w, r, http.StatusOK, "console_home", p)
}
