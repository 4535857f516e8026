// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	Entries []*badge.AuditEntry
	Pager   pager
}

// auditList shows the organisation's audit log, newest first, a page at a
// time; admins only (the service checks).
func (h *Handler) auditList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "audit.title")
	p.Nav = "audit"
	n, pg := pageOf(r)
	es, total, err := h.svc.AuditLog(r.Context(), p.Current.OrgID, pg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &auditPage{Entries: es, Pager: newPager("/console/audit", n, total)}
	h.render(w, r, http.StatusOK, "audit", p)
}

// Action is the translated description of an audit action, or the action
// itself when the catalogs do not describe it yet.
func (p *page) Action(action string) string {
	if key := "audit.action." + action; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return action
}

// Actor names who did an audited action.
func (p *page) Actor(e *badge.AuditEntry) string {
	switch {
	case e.ActorID == 0:
		return p.T("audit.actor.system")
	case p.Account != nil && e.ActorID == p.Account.ID:
		return p.T("audit.actor.you")
	}
	return p.T("audit.actor.account", "id", e.ActorID)
}

// Detail renders an audit entry's JSON detail as "name: value" pairs.
func (p *page) Detail(detail string) string {
	var m map[string]any
	if json.Unmarshal([]byte(detail), &m) != nil {
		return detail
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, _ := json.Marshal(m[k])
		parts[i] = k + ": " + strings.Trim(string(v), `"`)
	}
	return strings.Join(parts, ", ")
}
