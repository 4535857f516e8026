// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
	"github.com/akashi-badges/akashi/internal/service"
)

// page is what every template gets: the shell (language, account,
// organisations, flash) and the page's own form and data.
type page struct {
	cat *i18n.Catalog

	Lang  i18n.Lang
	Title string // translated
	// Here is where the language and organisation switchers come back to.
	Here        string
	CSS         string
	Nav         string // the console section shown, for aria-current
	Wallet      bool   // a wallet page (shows the unconfirmed-address banner)
	Account     *badge.Account
	Memberships []*badge.Membership
	Current     *badge.Membership
	Flash       *flash

	Form   url.Values
	Errors map[string]string // field name → translated message
	Alert  string            // a problem not about one field
	Data   any
}

// newPage starts the page titled by key for r, taking its flash message.
func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, titleKey string) *page {
	v := visitorFrom(r)
	here := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		// The page answers a form: the switchers come back to the form,
		// with the link's token for the pages that have one.
		here = r.URL.Path
		if tok := r.PostForm.Get("token"); tok != "" {
			here += "?token=" + url.QueryEscape(tok)
		}
	}
	p := &page{cat: h.cat, Lang: v.lang, Here: here, CSS: cssURL, Account: v.account,
		Memberships: v.memberships, Current: v.current, Form: url.Values{}, Errors: map[string]string{}}
	p.Title = p.T(titleKey)
	p.Flash = h.takeFlash(w, r, p)
	return p
}

// T translates key into the page's language.
func (p *page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// RoleName is the translated name of a role.
func (p *page) RoleName(r badge.Role) string { return p.T("role." + string(r)) }

// Roles lists the roles, most powerful first.
func (p *page) Roles() []badge.Role {
	return []badge.Role{badge.RoleOwner, badge.RoleAdmin, badge.RoleIssuer, badge.RoleViewer}
}

// Can reports whether the visitor's role in the current organisation is at
// least role. It only decides which controls to show: the service decides
// what is allowed.
func (p *page) Can(role string) bool {
	return p.Current != nil && p.Current.Role.AtLeast(badge.Role(role))
}

// Langs lists the languages of the switcher.
func (p *page) Langs() []i18n.Lang { return i18n.Supported }

// LangName is a language's name in that language.
func (p *page) LangName(l i18n.Lang) string { return p.T("lang." + string(l)) }

// PasswordMin is the shortest password the service accepts.
func (p *page) PasswordMin() int { return service.MinPasswordLen }

// tokyo is the time zone pages show times in: the users are in Japan, and
// mail from the service shows deadlines in it too.
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*3600)
}()

// Time formats t for the page, in Japan time.
func (p *page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tokyo).Format("2006-01-02 15:04")
}

// PersonName is how an account is named: its name, else its address.
func (p *page) PersonName(name, email string) string {
	if name != "" {
		return name
	}
	return email
}

// AccountID is the signed-in account's id, or 0.
func (p *page) AccountID() int64 {
	if p.Account == nil {
		return 0
	}
	return p.Account.ID
}
