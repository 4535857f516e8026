// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
)

// memberRole changes a member's role. A refusal by the rules (the last
// owner) returns to the members page with the reason; a role that may not
// do this gets the 403 page.
func (h *Handler) memberRole(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	v := visitorFrom(r)
	role := badge.Role(form.Get("role"))
	err = h.svc.ChangeRole(r.Context(), v.current.OrgID, id, role)
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, "/console/members", false, "members.role_changed", "name", form.Get("name"), "role", h.cat.T(v.lang, "role."+string(role)))
	case badge.CodeInvalid, badge.CodeConflict:
		h.redirect(w, r, "/console/members", true, badge.ErrorKey(err))
	default:
		h.fail(w, r, err)
	}
}
