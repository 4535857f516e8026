// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/akashi-badges/akashi/internal/service"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	Entries []*service.AuditRecord
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

// Actor names who did an audited action: the account's name (or address),
// or the system.
func (p *page) Actor(e *service.AuditRecord) string {
	switch {
	case e.Actor != nil:
		return p.PersonName(e.Actor.Name, e.Actor.Email)
	case e.ActorID == 0:
		return p.T("audit.actor.system")
	}
	return p.T("audit.actor.account", "id", e.ActorID) // deleted while the page was made
}

// Target names what an audited action was done to: an account by name,
// the organisation by its name, anything else by its kind and number.
func (p *page) Target(e *service.AuditRecord) string {
	switch {
	case e.Target != nil:
		return p.PersonName(e.Target.Name, e.Target.Email)
	case e.TargetType == "organization" && p.Current != nil && e.TargetID == fmt.Sprint(p.Current.OrgID):
		return p.Current.OrgName
	case e.TargetType == "":
		return ""
	}
	kind := e.TargetType
	if key := "audit.target." + kind; p.cat.Has(p.Lang, key) {
		kind = p.T(key)
	}
	return kind + " #" + e.TargetID
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
