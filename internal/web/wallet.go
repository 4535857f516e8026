// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// walletOnly requires a signed-in visitor: others go to sign in, and come
// back to the page they asked for.
func (h *Handler) walletOnly(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if visitorFrom(r).account == nil {
			target := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				target = "/wallet"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(target), http.StatusSeeOther)
			return
		}
		next(w, r)
	})
}

// walletCard is one badge of the wallet page.
type walletCard struct {
	*service.WalletBadge
	View  *awardView
	Share []shareLink // empty while private
	// Embed is the HTML snippet that shows the public badge on another
	// site (its image, linking to its page); empty while private.
	Embed string
}

// shareLink is a plain link to a network's share or "add" page.
type shareLink struct {
	Key, URL string
}

// walletPage is the data of /wallet.
type walletPage struct {
	Query   string
	Pending []*walletCard
	Badges  []*walletCard
	// The filters chosen (see service.WalletFilter), and the badges
	// imported from elsewhere that pass them.
	State, Source string
	Imports       []*service.ImportedBadge
}

// walletShow is the wallet: the badges waiting for the account to accept
// or decline them, and the badges it keeps, searchable by name or issuer
// and filtered by state and source (?state=, ?source=), each with its
// privacy switch, downloads and share links; then the badges it imported.
func (h *Handler) walletShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "wallet.title")
	p.Wallet = true
	q := r.URL.Query().Get("q")
	f := service.WalletFilter{Query: q, State: r.URL.Query().Get("state"), Source: r.URL.Query().Get("source")}
	list, err := h.svc.WalletList(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := &walletPage{Query: q, State: f.State, Source: f.Source, Imports: list.Imports}
	for _, b := range list.Pending {
		data.Pending = append(data.Pending, &walletCard{WalletBadge: b, View: h.awardView(p, b.PublicAward)})
	}
	for _, b := range list.Badges {
		data.Badges = append(data.Badges, h.walletCard(p, b))
	}
	p.Form.Set("q", q)
	p.Data = data
	h.render(w, r, http.StatusOK, "wallet", p)
}

// walletCard builds the card of a kept badge.
func (h *Handler) walletCard(p *page, b *service.WalletBadge) *walletCard {
	c := &walletCard{WalletBadge: b, View: h.awardView(p, b.PublicAward)}
	if !b.Award.Private {
		c.Share = shareLinks(b.PublicAward, p.BadgeName(b.Badge))
		c.Embed = embedSnippet(b.PublicAward, p.BadgeName(b.Badge))
	}
	return c
}

// embedSnippet is the HTML a recipient pastes into a site or a blog: the
// badge image linking to its public page, where anyone can verify it.
// The values are escaped; the template shows the snippet as text.
func embedSnippet(pa *service.PublicAward, name string) string {
	alt := name + " — " + pa.Org.Name
	return fmt.Sprintf(`<a href="%s"><img src="%s" alt="%s" width="120" height="120"></a>`,
		html.EscapeString(pa.PageURL), html.EscapeString(pa.ImageURL), html.EscapeString(alt))
}

// shareLinks are the share links of a public badge: LinkedIn's "add to
// profile" with the certificate's fields, and the share pages of
// LinkedIn, X and Facebook for its public page.
func shareLinks(pa *service.PublicAward, name string) []shareLink {
	page := pa.PageURL
	add := url.Values{
		"startTask":        {"CERTIFICATION_NAME"},
		"name":             {name},
		"organizationName": {pa.Org.Name},
		"issueYear":        {strconv.Itoa(pa.Award.IssuedAt.Year())},
		"issueMonth":       {strconv.Itoa(int(pa.Award.IssuedAt.Month()))},
		"certUrl":          {page},
		"certId":           {pa.Award.PublicID},
	}
	if e := pa.Award.ExpiresAt; e != nil {
		add.Set("expirationYear", strconv.Itoa(e.Year()))
		add.Set("expirationMonth", strconv.Itoa(int(e.Month())))
	}
	return []shareLink{
		{"wallet.share.linkedin_add", "https://www.linkedin.com/profile/add?" + add.Encode()},
		{"wallet.share.linkedin", "https://www.linkedin.com/sharing/share-offsite/?" + url.Values{"url": {page}}.Encode()},
		{"wallet.share.x", "https://x.com/intent/post?" + url.Values{"url": {page}, "text": {name}}.Encode()},
		{"wallet.share.facebook", "https://www.facebook.com/sharer/sharer.php?" + url.Values{"u": {page}}.Encode()},
	}
}

// awardID is the {id} of the path, or 0.
func awardID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// walletAccept takes a pending badge into the wallet.
func (h *Handler) walletAccept(w http.ResponseWriter, r *http.Request) {
	if _, err := h.svc.AcceptPending(r.Context(), awardID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet", false, "wallet.accepted")
}

// walletDecline hides a pending badge for good.
func (h *Handler) walletDecline(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.DeclinePending(r.Context(), awardID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet", false, "wallet.declined")
}

// walletPrivacy makes a badge private (private=1) or public.
func (h *Handler) walletPrivacy(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	private := form.Get("private") == "1"
	if _, err := h.svc.SetBadgePrivate(r.Context(), awardID(r), private); err != nil {
		h.fail(w, r, err)
		return
	}
	key := "wallet.made_public"
	if private {
		key = "wallet.made_private"
	}
	h.redirect(w, r, "/wallet#badge-"+r.PathValue("id"), false, key)
}

// walletRemoveShow asks to confirm deleting a badge from the wallet.
func (h *Handler) walletRemoveShow(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.WalletBadge(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "wallet.remove_title")
	p.Data = h.walletCard(p, b)
	h.render(w, r, http.StatusOK, "wallet_remove", p)
}

// walletRemove deletes a badge from the wallet.
func (h *Handler) walletRemove(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.RemoveFromWallet(r.Context(), awardID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet", false, "wallet.removed")
}

// accountDeleteShow warns about deleting the account and asks for the password.
func (h *Handler) accountDeleteShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "wallet.delete_account_title")
	h.render(w, r, http.StatusOK, "wallet_delete_account", p)
}

// accountDelete deletes the signed-in account and signs out.
func (h *Handler) accountDelete(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "wallet.delete_account_title")
	p.Form = url.Values{"password": {""}} // never shown again
	p.Form.Set("password", form.Get("password"))
	ok = checkShape(p, rule{name: "password", required: true, max: 1024})
	p.Form.Set("password", "")
	if !ok {
		h.render(w, r, http.StatusBadRequest, "wallet_delete_account", p)
		return
	}
	if err := h.svc.DeleteMyAccount(r.Context(), form.Get("password")); err != nil {
		h.formError(w, r, "wallet_delete_account", p, err)
		return
	}
	h.clearSession(w, r)
	h.redirect(w, r, "/login", false, "wallet.account_deleted")
}

// emailsPage is the data of /wallet/emails.
type emailsPage struct {
	Emails []*badge.AccountEmail
}

// emailsShow lists the account's addresses with the forms to add one,
// remove one and choose the primary one.
func (h *Handler) emailsShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "wallet.emails_title")
	h.renderEmails(w, r, p, http.StatusOK)
}

func (h *Handler) renderEmails(w http.ResponseWriter, r *http.Request, p *page, status int) {
	es, err := h.svc.MyEmails(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &emailsPage{Emails: es}
	h.render(w, r, status, "wallet_emails", p)
}

// emailAdd adds an address and mails it a confirmation link.
func (h *Handler) emailAdd(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	p := h.newPage(w, r, "wallet.emails_title")
	p.Form = form
	if !checkShape(p, rule{name: "email", required: true, max: badge.MaxEmailLen}) {
		h.renderEmails(w, r, p, http.StatusBadRequest)
		return
	}
	e, err := h.svc.AddEmail(r.Context(), form.Get("email"))
	if err != nil {
		p.showError(err, "email")
		h.renderEmails(w, r, p, httpx.Status(err))
		return
	}
	h.redirect(w, r, "/wallet/emails", false, "wallet.email_added", "email", e.Email)
}

// emailRemove removes a secondary address.
func (h *Handler) emailRemove(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	if err := h.svc.RemoveEmail(r.Context(), form.Get("email")); err != nil {
		h.redirect(w, r, "/wallet/emails", true, badge.ErrorKey(err))
		return
	}
	h.redirect(w, r, "/wallet/emails", false, "wallet.email_removed", "email", form.Get("email"))
}

// emailPrimary makes a verified address the primary one.
func (h *Handler) emailPrimary(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	if err := h.svc.MakePrimaryEmail(r.Context(), form.Get("email")); err != nil {
		h.redirect(w, r, "/wallet/emails", true, badge.ErrorKey(err))
		return
	}
	h.redirect(w, r, "/wallet/emails", false, "wallet.email_primary", "email", form.Get("email"))
}

// walletFile serves one of the signed-in recipient's own badge files
// (credential, baked image, PDF certificate, QR code) through the public
// file handler, which lets the recipient who claimed a badge have it even
// while it is private. Never cached by anyone else.
func (h *Handler) walletFile(w http.ResponseWriter, r *http.Request) {
	if h.AwardFile == nil {
		h.notFound(w, r)
		return
	}
	h.AwardFile(privateCache{w}, r)
}

// privateCache forbids shared caches to keep what it writes.
type privateCache struct{ http.ResponseWriter }

func (p privateCache) WriteHeader(code int) {
	p.Header().Set("Cache-Control", "private, no-store")
	p.ResponseWriter.WriteHeader(code)
}

func (p privateCache) Write(b []byte) (int, error) {
	if p.Header().Get("Cache-Control") != "private, no-store" {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}
