// SPDX-License-Identifier: Apache-2.0

// Package web is Akashi's server-rendered HTML surface: the pages to sign
// up, sign in and recover an account, and the issuer console (organisation
// home and switcher, members and roles, settings, audit log, outbox, API
// clients), and the issuing pages: badges, awards one by one and by CSV,
// the history; with the public award and badge pages and the claim links
// of award e-mails; and the public verifier (/verify). Templates and the
// style sheets are embedded; the pages need no JavaScript.
//
// Every page is rendered in Japanese or English: the language chosen with
// the switcher on each page (remembered in the akashi_lang cookie for a
// year), else the browser's Accept-Language, else Japanese.
//
// Handlers decode the form, check its shape (required fields, lengths),
// call one [service.Service] method and render; authorization and the rules
// live in the service. A signed-in browser holds the session token in the
// akashi_session cookie (HttpOnly, SameSite=Lax, Secure under https).
// Every state-changing request passes [http.CrossOriginProtection], and
// every response carries a strict Content-Security-Policy (no script at
// all), nosniff, Referrer-Policy same-origin and X-Frame-Options DENY.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/i18n"
	"github.com/akashi-badges/akashi/internal/service"
)

// Handler serves the HTML pages. Create it with [New].
type Handler struct {
	svc   *service.Service
	log   *slog.Logger
	cat   *i18n.Catalog
	pages map[string]*template.Template
	// secure marks cookies Secure whatever the request: the instance's
	// public URL is https (a proxy in front terminates TLS).
	secure bool
	mux    *http.ServeMux
	root   http.Handler

	// AwardJSON and BadgeJSON answer GET /awards/{id} and
	// /badges/{id}/{rev} when the client asks for JSON rather than a page
	// (the OB 2.0 hosted documents); when nil, the page answers.
	AwardJSON, BadgeJSON http.HandlerFunc
	// AwardFile serves an award's files, GET /awards/{id}/{file}: the
	// wallet serves a recipient's own through it.
	AwardFile http.HandlerFunc
}

// New returns the pages over svc, logging to log (nil discards).
func New(svc *service.Service, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{svc: svc, log: log, cat: i18n.Default(), pages: parseTemplates(),
		secure: strings.HasPrefix(svc.BaseURL, "https://")}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(h.crossOriginDenied))
	h.mux = h.routes()
	h.root = securityHeaders(h.withVisitor(cop.Handler(h.mux)))
	return h
}

// ServeHTTP serves a page, noting the pattern of its route for the
// metrics (the server mounts the pages at "/").
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := h.mux.Handler(r)
	httpx.SetRoute(r.Context(), pattern)
	h.root.ServeHTTP(w, r)
}

// routes lists the URL space of the pages.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /{$}", h.home)
	mux.HandleFunc("POST /lang", h.langSet)

	mux.HandleFunc("GET /login", h.loginShow)
	mux.HandleFunc("POST /login", h.loginSubmit)
	mux.HandleFunc("POST /logout", h.logout)
	mux.HandleFunc("GET /signup", h.signupShow)
	mux.HandleFunc("POST /signup", h.signupSubmit)
	mux.HandleFunc("GET /verify-email", h.verifyEmailShow)
	mux.HandleFunc("POST /verify-email", h.verifyEmailSubmit)
	mux.Handle("POST /verify-email/resend", h.console(h.verifyEmailResend, false))
	mux.HandleFunc("GET /forgot-password", h.forgotPasswordShow)
	mux.HandleFunc("POST /forgot-password", h.forgotPasswordSubmit)
	mux.HandleFunc("GET /reset-password", h.resetPasswordShow)
	mux.HandleFunc("POST /reset-password", h.resetPasswordSubmit)
	mux.HandleFunc("GET /invitations/accept", h.invitationShow)
	mux.HandleFunc("POST /invitations/accept", h.invitationAccept)

	mux.Handle("GET /console", h.console(h.consoleHome, false))
	mux.Handle("POST /console/switch", h.console(h.orgSwitch, false))
	mux.Handle("GET /console/members", h.console(h.membersList, true))
	mux.Handle("GET /console/members/invite", h.console(h.memberInviteShow, true))
	mux.Handle("POST /console/members/invite", h.console(h.memberInviteSubmit, true))
	mux.Handle("POST /console/members/{id}/role", h.console(h.memberRole, true))
	mux.Handle("POST /console/members/{id}/remove", h.console(h.memberRemove, true))
	mux.Handle("GET /console/settings", h.console(h.settingsShow, true))
	mux.Handle("POST /console/settings", h.console(h.settingsSave, true))
	mux.Handle("GET /console/settings/logo", h.console(h.logoShow, true))
	mux.Handle("POST /console/settings/logo", h.console(h.logoSave, true))
	mux.Handle("GET /console/audit", h.console(h.auditList, true))
	mux.Handle("GET /console/outbox", h.console(h.outboxList, true))
	mux.Handle("GET /console/outbox/instance", h.console(h.outboxInstance, false))
	mux.Handle("GET /console/api-clients", h.console(h.apiClientsList, true))
	mux.Handle("POST /console/api-clients", h.console(h.apiClientCreate, true))
	mux.Handle("POST /console/api-clients/{id}/revoke", h.console(h.apiClientRevoke, true))

	// Issuing: badges, awards one by one and by CSV, the history; the
	// public award and badge pages and the claim link of award e-mails.
	mux.Handle("GET /console/badges", h.console(h.badgesList, true))
	mux.Handle("GET /console/badges/new", h.console(h.badgeNew, true))
	mux.Handle("POST /console/badges/new", h.console(h.badgeCreate, true))
	mux.Handle("GET /console/badges/{id}", h.console(h.badgeShow, true))
	mux.Handle("GET /console/badges/{id}/edit", h.console(h.badgeEdit, true))
	mux.Handle("POST /console/badges/{id}/edit", h.console(h.badgeUpdate, true))
	mux.Handle("POST /console/badges/{id}/archive", h.console(h.badgeArchive(true), true))
	mux.Handle("POST /console/badges/{id}/restore", h.console(h.badgeArchive(false), true))
	mux.Handle("POST /console/badges/{id}/award", h.console(h.awardCreate, true))
	mux.Handle("GET /console/badges/{id}/bulk", h.console(h.bulkNew, true))
	mux.Handle("POST /console/badges/{id}/bulk", h.console(h.bulkUpload, true))
	mux.Handle("GET /console/images/{id}", h.console(h.badgeImage, true))
	mux.Handle("GET /console/bulk", h.console(h.bulkList, true))
	mux.Handle("GET /console/bulk/template.csv", h.console(h.bulkTemplate, true))
	mux.Handle("GET /console/bulk/{id}", h.console(h.bulkShow, true))
	mux.Handle("POST /console/bulk/{id}/confirm", h.console(h.bulkConfirm, true))
	mux.Handle("POST /console/bulk/{id}/cancel", h.console(h.bulkCancel, true))
	mux.Handle("GET /console/awards", h.console(h.awardsList, true))
	mux.Handle("GET /console/awards.csv", h.console(h.awardsExport, true))
	mux.Handle("POST /console/awards/revoke", h.console(h.awardsRevoke, true))
	mux.Handle("GET /console/awards/{id}", h.console(h.awardShow, true))
	mux.Handle("POST /console/awards/{id}/resend", h.console(h.awardResend, true))
	mux.Handle("POST /console/awards/{id}/revoke", h.console(h.awardRevoke, true))
	mux.HandleFunc("GET /awards/{id}", h.publicAward)
	mux.HandleFunc("GET /badges/{id}/{rev}", h.publicBadge)
	mux.HandleFunc("GET /claim/{token}", h.claimShow)
	mux.HandleFunc("POST /claim/{token}", h.claimKeep)
	mux.HandleFunc("POST /claim/{token}/account", h.claimAccount)

	// The recipient's wallet.
	mux.Handle("GET /wallet", h.walletOnly(h.walletShow))
	mux.Handle("GET /wallet/files/{id}/{file}", h.walletOnly(h.walletFile))
	mux.Handle("POST /wallet/pending/{id}/accept", h.walletOnly(h.walletAccept))
	mux.Handle("POST /wallet/pending/{id}/decline", h.walletOnly(h.walletDecline))
	mux.Handle("POST /wallet/badges/{id}/privacy", h.walletOnly(h.walletPrivacy))
	mux.Handle("GET /wallet/badges/{id}/delete", h.walletOnly(h.walletRemoveShow))
	mux.Handle("POST /wallet/badges/{id}/delete", h.walletOnly(h.walletRemove))
	mux.Handle("GET /wallet/emails", h.walletOnly(h.emailsShow))
	mux.Handle("POST /wallet/emails", h.walletOnly(h.emailAdd))
	mux.Handle("POST /wallet/emails/remove", h.walletOnly(h.emailRemove))
	mux.Handle("POST /wallet/emails/primary", h.walletOnly(h.emailPrimary))
	mux.Handle("GET /wallet/apps", h.walletOnly(h.walletAppsShow))
	mux.Handle("POST /wallet/apps/{id}/revoke", h.walletOnly(h.walletAppRevoke))
	mux.Handle("GET /wallet/account/delete", h.walletOnly(h.accountDeleteShow))
	mux.Handle("POST /wallet/account/delete", h.walletOnly(h.accountDelete))
	// Badges imported from elsewhere, the export, collections.
	mux.Handle("GET /wallet/import", h.walletOnly(h.walletImportShow))
	mux.Handle("POST /wallet/import", h.walletOnly(h.walletImportSubmit))
	mux.Handle("GET /wallet/imports/{id}", h.walletOnly(h.walletImportDetail))
	mux.Handle("GET /wallet/imports/{id}/image", h.walletOnly(h.walletImportImage))
	mux.Handle("GET /wallet/imports/{id}/file", h.walletOnly(h.walletImportFile))
	mux.Handle("POST /wallet/imports/{id}/privacy", h.walletOnly(h.walletImportPrivacy))
	mux.Handle("GET /wallet/imports/{id}/delete", h.walletOnly(h.walletImportRemoveShow))
	mux.Handle("POST /wallet/imports/{id}/delete", h.walletOnly(h.walletImportRemove))
	mux.Handle("GET /wallet/export", h.walletOnly(h.walletExport))
	mux.Handle("GET /wallet/collections", h.walletOnly(h.collectionsShow))
	mux.Handle("POST /wallet/collections", h.walletOnly(h.collectionCreate))
	mux.Handle("GET /wallet/collections/{id}", h.walletOnly(h.collectionShow))
	mux.Handle("POST /wallet/collections/{id}", h.walletOnly(h.collectionUpdate))
	mux.Handle("POST /wallet/collections/{id}/add", h.walletOnly(h.collectionAdd))
	mux.Handle("POST /wallet/collections/{id}/remove", h.walletOnly(h.collectionRemove))
	mux.Handle("POST /wallet/collections/{id}/delete", h.walletOnly(h.collectionDelete))
	mux.HandleFunc("GET /c/{slug}", h.publicCollection)
	mux.HandleFunc("GET /c/{slug}/imports/{id}/image", h.publicCollectionImage)

	// The OAuth 2.0 authorization endpoint: the consent page where a
	// wallet owner lets another system use their wallet (oauth_authorize.go).
	mux.HandleFunc("GET /oauth/authorize", h.oauthAuthorizeShow)
	mux.HandleFunc("POST /oauth/authorize", h.oauthAuthorizeSubmit)

	// The public verifier: a form for a file, pasted data or a URL, and
	// /verify?url= for links from badge pages.
	mux.HandleFunc("GET /verify", h.verifyShow)
	mux.HandleFunc("POST /verify", h.verifySubmit)

	mux.HandleFunc("/", h.notFound)
	return mux
}

// home sends staff to the console, recipients to their wallet, and
// visitors to sign in first.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	if visitorFrom(r).account != nil {
		http.Redirect(w, r, h.landing(r.Context()), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
