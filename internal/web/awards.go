// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// awardFields are the controls of the award form that service errors can
// be shown next to.
var awardFields = []string{"name", "email", "locale", "evidence_url", "narrative", "issued_on"}

// awardCreate awards the badge to one person from the form on the badge's
// page: the credentials are signed, and the e-mail with the claim link is
// queued. A problem with what was entered is shown on the form.
func (h *Handler) awardCreate(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "badges.title")
	p.Nav = "badges"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	p.Here = fmt.Sprintf("/console/badges/%d", b.ID)
	p.Form = form
	checkShape(p, rule{name: "name", required: true, max: badge.MaxNameLen}, rule{name: "email", required: true, max: badge.MaxEmailLen},
		rule{name: "locale"}, rule{name: "evidence_url", max: badge.MaxURLLen}, rule{name: "narrative", max: badge.MaxNarrativeLen},
		rule{name: "issued_on"})
	in := service.AwardInput{BadgeClassID: b.ID, Name: form.Get("name"), Email: form.Get("email"), Locale: form.Get("locale"),
		EvidenceURL: form.Get("evidence_url"), Narrative: form.Get("narrative")}
	if d := form.Get("issued_on"); d != "" {
		t, err := parseDay(d)
		if err != nil {
			p.Errors["issued_on"] = p.T(badge.KeyDate)
		}
		in.IssuedOn = t
	}
	if len(p.Errors) > 0 {
		p.Alert = p.T("error.invalid")
		h.renderBadge(w, r, p, b, http.StatusBadRequest)
		return
	}
	res, err := h.svc.Award(r.Context(), p.Current.OrgID, in)
	switch badge.ErrorCode(err) {
	case "":
	case badge.CodeInvalid, badge.CodeConflict:
		p.showError(err, awardFields...)
		if e, ok := asBadge(err); ok && e.Field == "expires_at" {
			// The badge's fixed expiry date is not after the issue date.
			p.Alert = p.T("awards.expiry_before_issue", "date", p.Day(b.ExpiryDate))
		}
		h.renderBadge(w, r, p, b, httpx.Status(err))
		return
	default:
		h.fail(w, r, err)
		return
	}
	a := res.Award
	h.redirect(w, r, fmt.Sprintf("/console/awards/%d", a.ID), false, "awards.created", "name", a.RecipientName, "email", a.RecipientEmail)
}

// awardsFilter is the history's filter, as the page's query gives it.
type awardsFilter struct {
	Query string
	Badge int64
	Bulk  int64
	State string // "", "active" (not revoked) or "revoked"
}

func readAwardsFilter(q url.Values) awardsFilter {
	f := awardsFilter{Query: strings.TrimSpace(q.Get("q")), State: q.Get("state")}
	f.Badge, _ = strconv.ParseInt(q.Get("badge"), 10, 64)
	f.Bulk, _ = strconv.ParseInt(q.Get("bulk"), 10, 64)
	if f.State != "active" && !slices.Contains(badge.AwardStates, f.State) {
		f.State = ""
	}
	return f
}

// store returns the store filter of f.
func (f awardsFilter) store() store.AwardFilter {
	sf := store.AwardFilter{Query: f.Query}
	if f.Badge > 0 {
		sf.BadgeClassID = &f.Badge
	}
	if f.Bulk > 0 {
		sf.BulkID = &f.Bulk
	}
	switch f.State {
	case "":
	case "active":
		sf.Revoked = new(false)
	default:
		sf.State = new(f.State)
	}
	return sf
}

// query returns f as the history's query string.
func (f awardsFilter) query() url.Values {
	q := url.Values{}
	if f.Query != "" {
		q.Set("q", f.Query)
	}
	if f.Badge > 0 {
		q.Set("badge", strconv.FormatInt(f.Badge, 10))
	}
	if f.Bulk > 0 {
		q.Set("bulk", strconv.FormatInt(f.Bulk, 10))
	}
	if f.State != "" {
		q.Set("state", f.State)
	}
	return q
}

// awardsPage is the data of the history.
type awardsPage struct {
	Filter    awardsFilter
	Awards    []awardRow
	Badges    []*badge.BadgeClass
	names     map[int64]*badge.BadgeClass
	Total     int
	Pager     pager
	ExportURL string
	Back      string // this page's address, to return to after revoking
}

// BadgeOf is the badge an award is of.
func (d *awardsPage) BadgeOf(a awardRow) *badge.BadgeClass { return d.names[a.BadgeClassID] }

// awardsList is the history: every award, newest first, with its state;
// searchable by name or e-mail and filtered by badge, CSV award and
// revocation; issuers can revoke the awards they tick.
func (h *Handler) awardsList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "awards.title")
	p.Nav = "awards"
	f := readAwardsFilter(r.URL.Query())
	n, pg := pageOf(r)
	sf := f.store()
	sf.Page = pg
	as, total, err := h.svc.Awards(r.Context(), p.Current.OrgID, sf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	bs, names, err := h.orgBadgeNames(r, p.Current.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := f.query()
	data := &awardsPage{Filter: f, Awards: awardRows(as, h.now()), Badges: bs, names: names, Total: total,
		Pager: listPager("/console/awards", q, n, total), ExportURL: "/console/awards.csv", Back: r.URL.RequestURI()}
	if len(q) > 0 {
		data.ExportURL += "?" + q.Encode()
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "awards", p)
}

// orgBadgeNames returns every badge of the organisation, archived ones
// too, and the same by id.
func (h *Handler) orgBadgeNames(r *http.Request, orgID int64) ([]*badge.BadgeClass, map[int64]*badge.BadgeClass, error) {
	bs, _, err := h.svc.BadgeClasses(r.Context(), orgID, store.BadgeClassFilter{})
	if err != nil {
		return nil, nil, err
	}
	m := make(map[int64]*badge.BadgeClass, len(bs))
	for _, b := range bs {
		m[b.ID] = b
	}
	return bs, m, nil
}

// download is one of an award's files offered for download.
type download struct {
	Label string // message key
	Href  string
}

// awardDownloads lists the files of an award that were issued: the badge
// image with the credential baked in, and the credential and assertion
// documents, and the printable PDF certificate. imageType is the badge
// image's media type; lang the language of the certificate (the page's).
func awardDownloads(a *badge.Award, imageType, lang string) []download {
	base := "/awards/" + a.PublicID + "/"
	img := "badge.png"
	if imageType == "image/svg+xml" {
		img = "badge.svg"
	}
	var ds []download
	switch {
	case len(a.CredentialDI) > 0:
		ds = append(ds, download{"award.download.image", base + img + "?download=1"})
	case a.CredentialJWT != "":
		ds = append(ds, download{"award.download.image", base + img + "?format=jwt&download=1"})
	case len(a.OB2Assertion) > 0:
		ds = append(ds, download{"award.download.image", base + img + "?format=ob2&download=1"})
	}
	if len(a.CredentialDI) > 0 {
		ds = append(ds, download{"award.download.json", base + "credential.json?download=1"})
	}
	if a.CredentialJWT != "" {
		ds = append(ds, download{"award.download.jwt", base + "credential.jwt?download=1"})
	}
	if len(a.OB2Assertion) > 0 {
		ds = append(ds, download{"award.download.ob2", base + "assertion.json?download=1"})
	}
	if len(ds) > 0 {
		// The printable certificate, in the language of the page.
		ds = append(ds, download{"award.download.pdf", base + "badge.pdf?lang=" + url.QueryEscape(lang) + "&download=1"})
	}
	return ds
}

// awardPage is the data of an award's page in the console.
type awardPage struct {
	Award     *badge.Award
	Badge     *badge.BadgeClass // the badge now; the award keeps its revision
	State     string
	PublicURL string // "" when the recipient keeps the award private
	Downloads []download
}

// awardShow shows one award: the recipient, the badge and revision, the
// dates and state, the public page and files, and for issuers the buttons
// to send the e-mail again and to revoke.
func (h *Handler) awardShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "awards.detail")
	p.Nav = "awards"
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.svc.AwardDetail(r.Context(), p.Current.OrgID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := h.svc.BadgeClass(r.Context(), p.Current.OrgID, a.BadgeClassID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := &awardPage{Award: a, Badge: b, State: a.State(h.now())}
	if !a.Private {
		// The public files are served from the revision's image; the
		// public view has it.
		if pa, err := h.svc.PublicAward(r.Context(), a.PublicID); err == nil {
			data.PublicURL = h.sitePath(pa.PageURL)
			data.Downloads = awardDownloads(a, pa.Image.MediaType, string(p.Lang))
		}
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "award", p)
}

// awardResend sends the award e-mail again with a new claim link.
func (h *Handler) awardResend(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.parseForm(w, r); !ok {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = h.svc.ResendAward(r.Context(), visitorFrom(r).current.OrgID, id)
	}
	back := fmt.Sprintf("/console/awards/%d", id)
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, back, false, "awards.resent")
	case badge.CodeInvalid:
		h.redirect(w, r, back, true, badge.ErrorKey(err))
	default:
		h.fail(w, r, err)
	}
}

// awardRevoke revokes one award with the reason given.
func (h *Handler) awardRevoke(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.revoke(w, r, []int64{id}, form.Get("reason"), fmt.Sprintf("/console/awards/%d", id))
}

// awardsRevoke revokes the awards ticked in the history, with one reason,
// and returns to the history as it was.
func (h *Handler) awardsRevoke(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	back := safeNext(form.Get("back"))
	if back != "/console/awards" && !strings.HasPrefix(back, "/console/awards?") {
		back = "/console/awards"
	}
	var ids []int64
	for _, v := range form["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			h.fail(w, r, badge.Invalid("id", "error.invalid", "Not an award."))
			return
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		h.redirect(w, r, back, true, "awards.revoke_none")
		return
	}
	h.revoke(w, r, ids, form.Get("reason"), back)
}

// revoke revokes ids with reason and returns to back saying how many.
func (h *Handler) revoke(w http.ResponseWriter, r *http.Request, ids []int64, reason, back string) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		h.redirect(w, r, back, true, "awards.revoke_reason_required")
		return
	case len([]rune(reason)) > badge.MaxDescriptionLen:
		h.redirect(w, r, back, true, "awards.revoke_reason_long", "max", strconv.Itoa(badge.MaxDescriptionLen))
		return
	}
	n, err := h.svc.Revoke(r.Context(), visitorFrom(r).current.OrgID, ids, reason)
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, back, false, "awards.revoked", "count", strconv.Itoa(n))
	case badge.CodeInvalid:
		h.redirect(w, r, back, true, badge.ErrorKey(err))
	default:
		h.fail(w, r, err)
	}
}
