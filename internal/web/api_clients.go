// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// apiClientsPage is the data of the API clients page.
type apiClientsPage struct {
	Clients []*badge.APIClient
	// Created is the client just created with its secret, shown this once.
	Created *service.CreatedAPIClient
}

// apiClientsList lists the organisation's API clients with the form to
// create one; admins only (the service checks).
func (h *Handler) apiClientsList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "api_clients.title")
	p.Nav = "api-clients"
	cs, err := h.svc.APIClients(r.Context(), p.Current.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &apiClientsPage{Clients: cs}
	h.render(w, r, http.StatusOK, "api_clients", p)
}

// apiClientCreate creates a client and shows its secret, once: the page is
// the answer to the POST, never stored or cached, so the secret is gone
// when the visitor leaves it.
func (h *Handler) apiClientCreate(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "api_clients.title")
	p.Nav = "api-clients"
	p.Form = form
	p.Data = &apiClientsPage{}
	if !checkShape(p, rule{name: "name", required: true, max: badge.MaxNameLen}) {
		h.render(w, r, http.StatusBadRequest, "api_clients", p)
		return
	}
	c, err := h.svc.CreateAPIClient(r.Context(), service.NewAPIClient{OrgID: p.Current.OrgID, Name: form.Get("name")})
	if err != nil {
		h.formError(w, r, "api_clients", p, err)
		return
	}
	p.Form.Del("name")
	p.Data = &apiClientsPage{Created: c}
	h.render(w, r, http.StatusCreated, "api_clients", p)
}

// apiClientRevoke revokes a client; systems using it can no longer call
// the API.
func (h *Handler) apiClientRevoke(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	if err := h.svc.RevokeAPIClient(r.Context(), visitorFrom(r).current.OrgID, id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/console/api-clients", false, "api_clients.revoked", "name", form.Get("name"))
}
