// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
)

// memberInviteShow shows the form to invite someone by e-mail.
func (h *Handler) memberInviteShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "members.invite")
	p.Nav = "members"
	p.Form.Set("role", string(badge.RoleIssuer))
	h.render(w, r, http.StatusOK, "member_invite", p)
}

// memberInviteSubmit mails the invitation (to the outbox when there is no
// mail server) and returns to the members page.
func (h *Handler) memberInviteSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "members.invite")
	p.Nav = "members"
	p.Form = form
	if !checkShape(p, rule{name: "email", required: true, max: badge.MaxEmailLen}, rule{name: "role", required: true}) {
		h.render(w, r, http.StatusBadRequest, "member_invite", p)
		return
	}
	inv, err := h.svc.Invite(r.Context(), p.Current.OrgID, form.Get("email"), badge.Role(form.Get("role")))
	if err != nil {
		h.formError(w, r, "member_invite", p, err)
		return
	}
	h.redirect(w, r, "/console/members", false, "members.invited", "email", inv.Email)
}
