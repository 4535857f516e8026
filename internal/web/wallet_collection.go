// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// collectionsPage is the data of /wallet/collections.
type collectionsPage struct {
	Collections []*badge.Collection
}

// collectionsShow lists the wallet's collections with the form to create one.
func (h *Handler) collectionsShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "collection.list_title")
	p.Wallet = true
	h.renderCollections(w, r, p, http.StatusOK)
}

func (h *Handler) renderCollections(w http.ResponseWriter, r *http.Request, p *page, status int) {
	cs, err := h.svc.Collections(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &collectionsPage{Collections: cs}
	h.render(w, r, status, "wallet_collections", p)
}

// collectionRules are the shapes of the collection form's fields.
var collectionRules = []rule{
	{name: "name", required: true, max: badge.MaxNameLen},
	{name: "slug", max: badge.MaxCollectionSlugLen},
	{name: "description", max: badge.MaxDescriptionLen},
}

// collectionCreate creates a collection and opens it.
func (h *Handler) collectionCreate(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "collection.list_title")
	p.Wallet = true
	p.Form = form
	if !checkShape(p, collectionRules...) {
		h.renderCollections(w, r, p, http.StatusBadRequest)
		return
	}
	c, err := h.svc.CreateCollection(r.Context(), service.CollectionInput{Name: form.Get("name"),
		Slug: form.Get("slug"), Description: form.Get("description")})
	if err != nil {
		if code := badge.ErrorCode(err); code != badge.CodeInvalid && code != badge.CodeConflict {
			h.fail(w, r, err)
			return
		}
		p.showError(err, "name", "slug", "description")
		h.renderCollections(w, r, p, httpx.Status(err))
		return
	}
	h.redirect(w, r, collectionPath(c.ID), false, "collection.created")
}

func collectionPath(id int64) string { return "/wallet/collections/" + strconv.FormatInt(id, 10) }

// collectionPage is the data of a collection's page in the wallet.
type collectionPage struct {
	*service.CollectionView
	Cards []*walletCard
}

// collectionShow is one collection for its owner: its badges (each
// marked public or private: only public ones are on its public page), the
// wallet's other badges to add, and the forms to rename and delete it.
func (h *Handler) collectionShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "collection.title")
	p.Wallet = true
	h.renderCollection(w, r, p, http.StatusOK)
}

func (h *Handler) renderCollection(w http.ResponseWriter, r *http.Request, p *page, status int) {
	v, err := h.svc.Collection(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Title = v.Name
	if len(p.Form) == 0 {
		p.Form.Set("name", v.Name)
		p.Form.Set("slug", v.Slug)
		p.Form.Set("description", v.Description)
	}
	data := &collectionPage{CollectionView: v}
	for _, b := range v.Badges {
		data.Cards = append(data.Cards, h.walletCard(p, b))
	}
	p.Data = data
	h.render(w, r, status, "wallet_collection", p)
}

// collectionUpdate renames a collection (and changes its address when a
// new one is given).
func (h *Handler) collectionUpdate(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "collection.title")
	p.Wallet = true
	p.Form = form
	if !checkShape(p, collectionRules...) {
		h.renderCollection(w, r, p, http.StatusBadRequest)
		return
	}
	_, err := h.svc.UpdateCollection(r.Context(), awardID(r), service.CollectionInput{Name: form.Get("name"),
		Slug: form.Get("slug"), Description: form.Get("description")})
	if err != nil {
		if code := badge.ErrorCode(err); code != badge.CodeInvalid && code != badge.CodeConflict {
			h.fail(w, r, err)
			return
		}
		p.showError(err, "name", "slug", "description")
		h.renderCollection(w, r, p, httpx.Status(err))
		return
	}
	h.redirect(w, r, collectionPath(awardID(r)), false, "collection.renamed")
}

// collectionDelete deletes a collection; its badges stay in the wallet.
func (h *Handler) collectionDelete(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.DeleteCollection(r.Context(), awardID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet/collections", false, "collection.deleted")
}

// badgeRef reads the badge a form names: award=ID or import=ID.
func badgeRef(form map[string][]string) service.BadgeRef {
	get := func(k string) int64 {
		if v := form[k]; len(v) > 0 {
			id, _ := strconv.ParseInt(v[0], 10, 64)
			return id
		}
		return 0
	}
	return service.BadgeRef{AwardID: get("award"), ImportID: get("import")}
}

// collectionAdd puts a badge of the wallet into the collection.
func (h *Handler) collectionAdd(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	if err := h.svc.AddToCollection(r.Context(), awardID(r), badgeRef(form)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, collectionPath(awardID(r)), false, "collection.added")
}

// collectionRemove takes a badge out of the collection.
func (h *Handler) collectionRemove(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	if err := h.svc.RemoveFromCollection(r.Context(), awardID(r), badgeRef(form)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, collectionPath(awardID(r)), false, "collection.removed")
}

// publicCollectionPage is the data of a collection's public page.
type publicCollectionPage struct {
	*service.CollectionView
	Views []*awardView
	OG    ogMeta
}

// publicCollection is a collection's public page, for anyone: its public
// badges only. The owner's private badges are never listed.
func (h *Handler) publicCollection(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.PublicCollection(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "collection.public_title")
	p.Title = v.Name
	data := &publicCollectionPage{CollectionView: v}
	data.OG = ogMeta{Title: v.Name, Description: summary(v.Description, 200),
		URL: h.svc.BaseURL + "/c/" + v.Slug, Locale: ogLocale(p.Lang)}
	for _, b := range v.Badges {
		data.Views = append(data.Views, h.awardView(p, b.PublicAward))
		if data.OG.Image == "" {
			data.OG.Image = b.ImageURL
		}
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "public_collection", p)
}

// publicCollectionImage serves the image of a public imported badge of a
// collection.
func (h *Handler) publicCollectionImage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	img, mt, err := h.svc.PublicCollectionImage(r.Context(), r.PathValue("slug"), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	serveForeignImage(w, mt, img)
}
