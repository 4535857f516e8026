// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
)

// membersPage is the data of the members page.
type membersPage struct {
	Members []*badge.Membership
	Pending []*badge.Invitation
	Me      int64 // the visitor's account id
}

// membersList lists the members of the current organisation with their
// roles; admins also get the controls to invite, change roles and remove,
// and the invitations not yet accepted.
func (h *Handler) membersList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "members.title")
	p.Nav = "members"
	orgID := p.Current.OrgID
	ms, err := h.svc.Members(r.Context(), orgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := &membersPage{Members: ms, Me: p.Account.ID}
	if p.Can("admin") {
		if data.Pending, err = h.svc.PendingInvitations(r.Context(), orgID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "members", p)
}

// CanManage reports whether the page offers to change or remove member m:
// admins manage others, and only owners manage owners. The service checks
// again.
func (p *page) CanManage(m *badge.Membership) bool {
	if !p.Can("admin") || m.AccountID == p.Account.ID {
		return false
	}
	return m.Role != badge.RoleOwner || p.Can("owner")
}

// GrantableRoles are the roles the visitor may give: owners any, admins up
// to admin.
func (p *page) GrantableRoles() []badge.Role {
	if p.Can("owner") {
		return p.Roles()
	}
	return p.Roles()[1:]
}
