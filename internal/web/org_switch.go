// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
)

// orgSwitch selects the organisation the console shows, for this session,
// and returns to the console page it was chosen on.
func (h *Handler) orgSwitch(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(form.Get("org"), 10, 64)
	if err != nil {
		h.fail(w, r, badge.Invalid("org", "validation.choice", "Choose an organisation."))
		return
	}
	if err := h.svc.SwitchOrganization(r.Context(), visitorFrom(r).token, id); err != nil {
		h.fail(w, r, err)
		return
	}
	next := safeNext(form.Get("next"))
	if !strings.HasPrefix(next, "/console") {
		next = "/console"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
