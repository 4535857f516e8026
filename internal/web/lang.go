// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
)

// langSet remembers the language chosen with the switcher for a year and
// returns to the page it was chosen on (a path on this site only). A
// signed-in visitor's account keeps the choice too, so that it follows
// them to other browsers and into the mail they are sent.
func (h *Handler) langSet(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	l, ok := i18n.ParseLang(form.Get("lang"))
	if !ok {
		h.fail(w, r, badge.Invalid("lang", "validation.choice", "Choose ja or en."))
		return
	}
	if visitorFrom(r).account != nil {
		if _, err := h.svc.SetMyLocale(r.Context(), string(l)); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, h.cookie(r, langCookie, string(l), langCookieAge))
	http.Redirect(w, r, or(safeNext(form.Get("next")), "/"), http.StatusSeeOther)
}
