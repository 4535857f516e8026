// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"

	"github.com/akashi-badges/akashi/internal/badge"
)

// invitationShow is where an invitation mail's link leads. A signed-in
// visitor gets a button to accept; others are offered to sign in or create
// an account, and come back here afterwards.
func (h *Handler) invitationShow(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		h.fail(w, r, badge.NotFound("auth.link_invalid", "No token."))
		return
	}
	p := h.newPage(w, r, "invitation.title")
	p.Form.Set("token", tok)
	back := url.QueryEscape(r.URL.RequestURI())
	p.Data = map[string]string{"Login": "/login?next=" + back, "Signup": "/signup?next=" + back}
	h.render(w, r, http.StatusOK, "invitation", p)
}

// invitationAccept makes the signed-in visitor a member of the inviting
// organisation.
func (h *Handler) invitationAccept(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	tok := form.Get("token")
	if visitorFrom(r).account == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/invitations/accept?token="+url.QueryEscape(tok)), http.StatusSeeOther)
		return
	}
	if _, err := h.svc.AcceptInvitation(r.Context(), tok); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/console", false, "invitation.accepted")
}
