// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
)

// memberRemove removes a member from the current organisation.
func (h *Handler) memberRemove(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	err = h.svc.RemoveMember(r.Context(), visitorFrom(r).current.OrgID, id)
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, "/console/members", false, "members.removed", "name", form.Get("name"))
	case badge.CodeInvalid, badge.CodeConflict:
		h.redirect(w, r, "/console/members", true, badge.ErrorKey(err))
	default:
		h.fail(w, r, err)
	}
}
