// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// badgesPage is the data of the badge list.
type badgesPage struct {
	Badges   []*badge.BadgeClass
	Pager    pager
	Query    string
	Archived string // "" (in use), "1" (archived) or "all"
	Total    int
	// ArchivedOnly counts the archived badges when none is in use.
	ArchivedOnly int
}

// badgesList lists the organisation's badges with their images, newest
// first: those in use, the archived ones, or all; searchable by name and
// tag.
func (h *Handler) badgesList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "badges.title")
	p.Nav = "badges"
	q := r.URL.Query()
	n, pg := pageOf(r)
	data := &badgesPage{Query: strings.TrimSpace(q.Get("q")), Archived: q.Get("archived")}
	f := store.BadgeClassFilter{Query: data.Query, Page: pg}
	switch data.Archived {
	case "1":
		f.Archived = new(true)
	case "all":
	default:
		data.Archived = ""
		f.Archived = new(false)
	}
	bs, total, err := h.svc.BadgeClasses(r.Context(), p.Current.OrgID, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data.Badges, data.Total = bs, total
	if total == 0 && data.Query == "" && data.Archived == "" {
		// None in use: say whether there are archived ones.
		if _, data.ArchivedOnly, err = h.svc.BadgeClasses(r.Context(), p.Current.OrgID, store.BadgeClassFilter{Page: store.Page{Limit: 1}}); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	data.Pager = listPager("/console/badges", q, n, total)
	p.Data = data
	h.render(w, r, http.StatusOK, "badges", p)
}

// badgeNew shows the form to design a badge; issuers and above.
func (h *Handler) badgeNew(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "badges.new")
	p.Nav = "badges"
	if !p.Can("issuer") {
		h.fail(w, r, badge.Forbidden("error.forbidden", "Your role does not allow designing badges."))
		return
	}
	p.Form = badgeFormValues(nil)
	p.Data = newBadgeFormPage(nil, "/console/badges/new")
	h.render(w, r, http.StatusOK, "badge_form", p)
}

// badgeCreate creates the badge from the form and its uploaded image.
func (h *Handler) badgeCreate(w http.ResponseWriter, r *http.Request) {
	up, ok := h.readUpload(w, r, "image", badge.MaxBadgeImage, 8<<20)
	if !ok {
		return
	}
	p := h.newPage(w, r, "badges.new")
	p.Nav = "badges"
	p.Form = up.Form
	p.Data = newBadgeFormPage(nil, "/console/badges/new")
	if len(up.File) == 0 && !up.TooLarge {
		p.Errors["image"] = p.T("validation.required")
	}
	in, ok := readBadgeForm(p, up)
	if !ok {
		h.render(w, r, http.StatusBadRequest, "badge_form", p)
		return
	}
	b, err := h.svc.CreateBadgeClass(r.Context(), p.Current.OrgID, in)
	if err != nil {
		h.badgeFormError(w, r, p, err, len(up.File) > 0)
		return
	}
	h.redirect(w, r, fmt.Sprintf("/console/badges/%d", b.ID), false, "badges.created", "name", b.Name(string(p.Lang)))
}

// readBadgeForm checks the shape of the badge form and reads it; on a
// problem the page says what, and that the image must be chosen again.
func readBadgeForm(p *page, up *upload) (service.BadgeInput, bool) {
	checkShape(p, badgeShapeRules...)
	if up.TooLarge {
		p.Errors["image"] = p.T("error.too_large", "max_kb", badge.MaxBadgeImage>>10)
	}
	in := badgeInput(p, up.File)
	if len(p.Errors) > 0 {
		p.Alert = p.T("error.invalid")
		p.Data.(*badgeFormPage).ImageDropped = len(up.File) > 0
		return in, false
	}
	return in, true
}

// badgeFormError shows a refusal of the service on the badge form, or the
// error page when it is not about what was entered.
func (h *Handler) badgeFormError(w http.ResponseWriter, r *http.Request, p *page, err error, hadImage bool) {
	switch badge.ErrorCode(err) {
	case badge.CodeInvalid, badge.CodeConflict:
		p.showBadgeError(err)
		p.Data.(*badgeFormPage).ImageDropped = hadImage
		h.render(w, r, httpx.Status(err), "badge_form", p)
	default:
		h.fail(w, r, err)
	}
}

// badgeEdit shows the badge form filled with the badge.
func (h *Handler) badgeEdit(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "badges.edit")
	p.Nav = "badges"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	if !p.Can("issuer") {
		h.fail(w, r, badge.Forbidden("error.forbidden", "Your role does not allow editing badges."))
		return
	}
	p.Form = badgeFormValues(b)
	p.Data = newBadgeFormPage(b, fmt.Sprintf("/console/badges/%d/edit", b.ID))
	h.render(w, r, http.StatusOK, "badge_form", p)
}

// badgeUpdate saves the form as the badge's next revision; without a new
// image the current one stays.
func (h *Handler) badgeUpdate(w http.ResponseWriter, r *http.Request) {
	up, ok := h.readUpload(w, r, "image", badge.MaxBadgeImage, 8<<20)
	if !ok {
		return
	}
	p := h.newPage(w, r, "badges.edit")
	p.Nav = "badges"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	p.Form = up.Form
	p.Data = newBadgeFormPage(b, fmt.Sprintf("/console/badges/%d/edit", b.ID))
	in, ok := readBadgeForm(p, up)
	if !ok {
		h.render(w, r, http.StatusBadRequest, "badge_form", p)
		return
	}
	nb, err := h.svc.UpdateBadgeClass(r.Context(), p.Current.OrgID, b.ID, in)
	if err != nil {
		h.badgeFormError(w, r, p, err, len(up.File) > 0)
		return
	}
	h.redirect(w, r, fmt.Sprintf("/console/badges/%d", nb.ID), false, "badges.saved",
		"name", nb.Name(string(p.Lang)), "revision", strconv.Itoa(nb.Revision))
}

// orgBadge loads the badge of the path's id for p, or renders the error
// page and returns false.
func (h *Handler) orgBadge(w http.ResponseWriter, r *http.Request, p *page) (*badge.BadgeClass, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var b *badge.BadgeClass
		if b, err = h.svc.BadgeClass(r.Context(), p.Current.OrgID, id); err == nil {
			return b, true
		}
	}
	h.fail(w, r, err)
	return nil, false
}

// badgePage is the data of a badge's page in the console.
type badgePage struct {
	Badge     *badge.BadgeClass
	PublicURL string // the badge's public page, this revision
	Recent    []awardRow
	Awarded   int // awards of this badge, all revisions
	Locales   []string
}

// badgeShow shows a badge: what it says, its revision and public page,
// the latest awards, and for issuers the form to award it to one person
// and the ways to award a cohort, edit and archive it.
func (h *Handler) badgeShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "badges.title")
	p.Nav = "badges"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	h.renderBadge(w, r, p, b, http.StatusOK)
}

// renderBadge renders the badge page with status, keeping what p's award
// form holds.
func (h *Handler) renderBadge(w http.ResponseWriter, r *http.Request, p *page, b *badge.BadgeClass, status int) {
	as, total, err := h.svc.Awards(r.Context(), p.Current.OrgID, store.AwardFilter{BadgeClassID: &b.ID, Page: store.Page{Limit: 5}})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Title = b.Name(string(p.Lang))
	p.Data = &badgePage{Badge: b, PublicURL: h.sitePath(h.svc.AchievementURL(b, b.Revision)), Recent: awardRows(as, h.now()), Awarded: total,
		Locales: []string{badge.LocaleJA, badge.LocaleEN}}
	h.render(w, r, status, "badge", p)
}

// badgeArchive archives (no new awards; those issued stay valid) or
// restores a badge.
func (h *Handler) badgeArchive(archived bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := h.parseForm(w, r); !ok {
			return
		}
		id, err := pathID(r, "id")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		b, err := h.svc.ArchiveBadgeClass(r.Context(), visitorFrom(r).current.OrgID, id, archived)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		key := "badges.restored"
		if archived {
			key = "badges.archived"
		}
		h.redirect(w, r, fmt.Sprintf("/console/badges/%d", b.ID), false, key, "name", b.Name(string(visitorFrom(r).lang)))
	}
}

// badgeImage serves one of the organisation's badge images to its staff.
// Images are stored once per content, so a given id never changes. An SVG
// passed the service's check for active content; the policy here keeps it
// inert even if opened on its own.
func (h *Handler) badgeImage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	img, err := h.svc.BadgeImage(r.Context(), visitorFrom(r).current.OrgID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	hd.Set("Content-Type", img.MediaType)
	hd.Set("Cache-Control", "private, max-age=86400")
	w.Write(img.Data)
}
