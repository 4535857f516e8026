// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
)

// console wraps the handler of a console page: the visitor must be signed
// in (else they are sent to sign in and come back), and the page shows the
// organisations they belong to with the current one selected: the
// session's, or the first. When needOrg and there is none, the visitor is
// sent to the console home, which explains what to do.
func (h *Handler) console(next http.HandlerFunc, needOrg bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := visitorFrom(r)
		if v.account == nil {
			target := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				target = "/console"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(target), http.StatusSeeOther)
			return
		}
		ms, err := h.svc.MyMemberships(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v.memberships = ms
		for _, m := range ms {
			if m.OrgID == v.session.OrgID {
				v.current = m
			}
		}
		if v.current == nil && len(ms) > 0 {
			v.current = ms[0]
		}
		if needOrg && v.current == nil {
			http.Redirect(w, r, "/console", http.StatusSeeOther)
			return
		}
		next(w, r)
	})
}
