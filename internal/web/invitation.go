// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// invitationPage is the data of the invitation page.
type invitationPage struct {
	*service.InvitationPreview
	Login, Signup string // where a signed-out visitor goes, and comes back from
}

// invitationShow is where an invitation mail's link leads: which
// organisation invites, with which role, before anything is accepted. A
// signed-in visitor gets a button to accept; others are offered to sign in
// or create an account, and come back here afterwards. A used, expired or
// mistyped link says which.
func (h *Handler) invitationShow(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		h.fail(w, r, badge.NotFound("auth.link_invalid", "No token."))
		return
	}
	preview, err := h.svc.PreviewInvitation(r.Context(), tok)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "invitation.title")
	p.Form.Set("token", tok)
	back := url.QueryEscape(r.URL.RequestURI())
	p.Data = &invitationPage{InvitationPreview: preview, Login: "/login?next=" + back, Signup: "/signup?next=" + back}
	h.render(w, r, http.StatusOK, "invitation", p)
}

// invitationAccept makes the signed-in visitor a member of the inviting
// organisation and shows its console.
func (h *Handler) invitationAccept(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	tok := form.Get("token")
	v := visitorFrom(r)
	if v.account == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/invitations/accept?token="+url.QueryEscape(tok)), http.StatusSeeOther)
		return
	}
	m, err := h.svc.AcceptInvitation(r.Context(), tok, v.token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/console", false, "members.invitation_accepted", "org", m.OrgName)
}
