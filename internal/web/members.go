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

// roleRights is what each role may do in its organisation, as the members
// page lists it. The service decides (service.authorize); the web tests
// check that every right listed here is granted and every other refused.
var roleRights = map[badge.Role][]string{
	badge.RoleViewer: {"view"},
	badge.RoleIssuer: {"view", "issue"},
	badge.RoleAdmin:  {"view", "issue", "members", "settings", "api_clients", "audit", "outbox"},
	badge.RoleOwner:  {"view", "issue", "members", "settings", "api_clients", "audit", "outbox", "owners"},
}

// RoleRights lists the rights of role r, each described by the message
// "right.<id>".
func (p *page) RoleRights(r badge.Role) []string { return roleRights[r] }

// GrantableRoles are the roles the visitor may give: owners any, admins up
// to admin.
func (p *page) GrantableRoles() []badge.Role {
	if p.Can("owner") {
		return p.Roles()
	}
	return p.Roles()[1:]
}
