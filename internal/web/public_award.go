// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/akashi-badges/akashi/internal/api"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
	"github.com/akashi-badges/akashi/internal/service"
)

// ogMeta is what link previews (Open Graph, X cards) show of a page.
type ogMeta struct {
	Title, Description string
	Image              string // absolute URL
	URL                string // absolute URL of the page
	Locale             string // ja_JP or en_US
}

// awardView is an award as the public pages show it: the public award
// page and the claim page.
type awardView struct {
	Award     *badge.Award
	Badge     *badge.BadgeClass // the revision the award was issued from
	Org       *badge.Organization
	ImagePath string // the badge image, on this site
	BadgePath string // the badge's public page, this revision
	PagePath  string // the award's public page
	State     string // badge.AwardRevoked, badge.AwardExpired, or "valid"
	IssuerDID string // the DID that signed the credential; "" for OB 2.0 only
	Downloads []download
	OG        ogMeta
	// VerifyPath is the public verifier's result for this award's
	// credential (/verify?url=…).
	VerifyPath string
	// QRPath is the QR code of the award's short verification link, the
	// one printed on its PDF certificate.
	QRPath string
	// QRSVGPath is the same QR code as SVG, for print.
	QRSVGPath string
}

// awardPublicPage is the data of the public award page and of the claim
// page.
type awardPublicPage struct {
	View    *awardView
	Claim   bool   // the claim page
	Problem string // translated; the claim link does not work
	Token   string // the claim link's token, for its forms
}

// awardView builds the view of pa for p.
func (h *Handler) awardView(p *page, pa *service.PublicAward) *awardView {
	a := pa.Award
	v := &awardView{Award: a, Badge: pa.Badge, Org: pa.Org, ImagePath: h.sitePath(pa.ImageURL),
		BadgePath: h.sitePath(pa.AchievementURL), PagePath: h.sitePath(pa.PageURL), State: "valid",
		IssuerDID: credentialIssuer(a)}
	switch st := a.State(h.now()); st {
	case badge.AwardRevoked, badge.AwardExpired:
		v.State = st
	}
	switch {
	case a.Private && a.ClaimedBy != 0 && a.ClaimedBy == p.AccountID():
		// The recipient's own private badge: downloads through the wallet,
		// which signs them in; nothing public to verify or scan.
		v.Downloads = awardDownloads(a, pa.Image.MediaType, string(p.Lang))
		for i := range v.Downloads {
			v.Downloads[i].Href = strings.Replace(v.Downloads[i].Href, "/awards/", "/wallet/files/", 1)
		}
	case !a.Private:
		v.Downloads = awardDownloads(a, pa.Image.MediaType, string(p.Lang))
		v.VerifyPath = "/verify?url=" + url.QueryEscape(credentialURL(a, pa.PageURL))
		v.QRPath = "/awards/" + a.PublicID + "/qr.png"
		v.QRSVGPath = "/awards/" + a.PublicID + "/qr.svg?download=1"
	}
	lang := string(p.Lang)
	v.OG = ogMeta{
		Title:       p.T("award.og_title", "badge", pa.Badge.Name(lang), "name", a.RecipientName),
		Description: summary(pa.Badge.Description(lang), 200),
		Image:       pa.ImageURL, URL: pa.PageURL, Locale: ogLocale(p.Lang),
	}
	return v
}

// publicAward is the public page of an award, for anyone: the recipient's
// badge with its issuer, dates, criteria, alignments and tags, what the
// issuer's records say of it (signed, valid, revoked with the reason, or
// expired), the files to download, and the tags link previews read. Software
// asking for JSON gets the OB 2.0 hosted assertion instead. A private
// award is not found, like a missing one.
func (h *Handler) publicAward(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept")
	if h.AwardJSON != nil && api.WantsJSON(r) {
		h.AwardJSON(w, r)
		return
	}
	pa, err := h.svc.PublicAward(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "award.public_title")
	v := h.awardView(p, pa)
	p.Title = v.OG.Title
	p.Data = &awardPublicPage{View: v}
	h.render(w, r, http.StatusOK, "public_award", p)
}

// publicBadgePage is the data of a badge's public page.
type publicBadgePage struct {
	Badge     *badge.BadgeClass
	Org       *badge.Organization
	ImagePath string
	OG        ogMeta
}

// publicBadge is the public page of one revision of a badge (/badges/{id}/v2):
// what it certifies and how it is earned. Software asking for JSON gets
// the OB 2.0 BadgeClass.
func (h *Handler) publicBadge(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept")
	if h.BadgeJSON != nil && api.WantsJSON(r) {
		h.BadgeJSON(w, r)
		return
	}
	rev, err := strconv.Atoi(strings.TrimPrefix(r.PathValue("rev"), "v"))
	if err != nil || rev < 1 || !strings.HasPrefix(r.PathValue("rev"), "v") {
		h.notFound(w, r)
		return
	}
	b, o, doc, err := h.svc.PublicBadgeClass(r.Context(), r.PathValue("id"), rev)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "badges.public_title")
	lang := string(p.Lang)
	// The image's address is in the badge class document the service made.
	img := documentImage(doc)
	p.Title = b.Name(lang)
	p.Data = &publicBadgePage{Badge: b, Org: o, ImagePath: h.sitePath(img), OG: ogMeta{
		Title: b.Name(lang), Description: summary(b.Description(lang), 200), Image: img,
		URL: h.svc.AchievementURL(b, rev), Locale: ogLocale(p.Lang),
	}}
	h.render(w, r, http.StatusOK, "public_badge", p)
}

// documentImage returns the image URL of an OB 2.0 document: "image" as
// a URL or as an Image object with an id.
func documentImage(doc []byte) string {
	var d struct {
		Image json.RawMessage `json:"image"`
	}
	if json.Unmarshal(doc, &d) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(d.Image, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	json.Unmarshal(d.Image, &o)
	return o.ID
}

// credentialIssuer returns the id of the issuer that signed the award's
// OB 3.0 credential (its DID), from the JSON or else the JWT; "" when only
// OB 2.0 was issued.
func credentialIssuer(a *badge.Award) string {
	doc := a.CredentialDI
	if len(doc) == 0 && a.CredentialJWT != "" {
		if parts := strings.Split(a.CredentialJWT, "."); len(parts) == 3 {
			if payload, err := base64.RawURLEncoding.DecodeString(parts[1]); err == nil {
				var claims struct {
					Iss string `json:"iss"`
				}
				if json.Unmarshal(payload, &claims) == nil && claims.Iss != "" {
					return claims.Iss
				}
				doc = payload
			}
		}
	}
	var c struct {
		Issuer json.RawMessage `json:"issuer"`
	}
	if json.Unmarshal(doc, &c) != nil || len(c.Issuer) == 0 {
		return ""
	}
	var id string
	if json.Unmarshal(c.Issuer, &id) == nil {
		return id
	}
	var o struct {
		ID string `json:"id"`
	}
	json.Unmarshal(c.Issuer, &o)
	return o.ID
}

// credentialURL is the address of the award's credential that the
// verifier checks: the OB 3.0 credential (JSON, else JWT), else the OB 2.0
// hosted assertion at the page's own address.
func credentialURL(a *badge.Award, pageURL string) string {
	switch {
	case len(a.CredentialDI) > 0:
		return pageURL + "/credential.json"
	case a.CredentialJWT != "":
		return pageURL + "/credential.jwt"
	}
	return pageURL
}

// summary returns s on one line, cut to at most n characters with "…".
func summary(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func ogLocale(l i18n.Lang) string {
	if l == i18n.English {
		return "en_US"
	}
	return "ja_JP"
}
