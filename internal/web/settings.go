// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// settingsShow shows the organisation's settings: a form for admins, the
// values for everyone else.
func (h *Handler) settingsShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "org.settings")
	p.Nav = "settings"
	org, _, err := h.svc.Organization(r.Context(), p.Current.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = org
	p.Form.Set("name", org.Name)
	p.Form.Set("url", org.URL)
	p.Form.Set("contact_email", org.ContactEmail)
	p.Form.Set("default_locale", org.DefaultLocale)
	if org.AwardsPrivate {
		p.Form.Set("awards_private", "1")
	}
	h.render(w, r, http.StatusOK, "settings", p)
}

// settingsSave changes the settings; admins only (the service checks).
func (h *Handler) settingsSave(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "org.settings")
	p.Nav = "settings"
	p.Form = form
	p.Data = &badge.Organization{ID: p.Current.OrgID, Name: p.Current.OrgName, Slug: p.Current.OrgSlug}
	if !checkShape(p, rule{name: "name", required: true, max: badge.MaxNameLen}, rule{name: "url", max: badge.MaxURLLen},
		rule{name: "contact_email", max: badge.MaxEmailLen}, rule{name: "default_locale", required: true}) {
		h.render(w, r, http.StatusBadRequest, "settings", p)
		return
	}
	_, err := h.svc.UpdateOrganization(r.Context(), p.Current.OrgID, service.OrganizationSettings{Name: form.Get("name"),
		URL: form.Get("url"), ContactEmail: form.Get("contact_email"), DefaultLocale: form.Get("default_locale"),
		AwardsPrivate: form.Get("awards_private") == "1"})
	if err != nil {
		h.formError(w, r, "settings", p, err)
		return
	}
	h.redirect(w, r, "/console/settings", false, "org.updated")
}
