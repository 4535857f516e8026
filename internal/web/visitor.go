// SPDX-License-Identifier: Apache-2.0

package web

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
	"github.com/akashi-badges/akashi/internal/service"
)

// visitor is who is asking: the page language and, when signed in, the
// session. Console pages add the memberships.
type visitor struct {
	lang    i18n.Lang
	token   string
	session *badge.Session
	account *badge.Account

	memberships []*badge.Membership
	current     *badge.Membership // the organisation the console shows; nil if none
}

type visitorKey struct{}

// visitorFrom returns the visitor [Handler.withVisitor] put in r.
func visitorFrom(r *http.Request) *visitor {
	if v, ok := r.Context().Value(visitorKey{}).(*visitor); ok {
		return v
	}
	return &visitor{lang: i18n.Japanese}
}

// withVisitor picks the language, loads the session of the cookie (if any)
// and puts the visitor, and the service actor, in the request context. An
// unknown or expired session cookie is removed. A signed-in visitor sees
// the account's language.
func (h *Handler) withVisitor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		v := &visitor{lang: requestLang(r)}
		ctx := r.Context()
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, acct, err := h.svc.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				v.token, v.session, v.account = c.Value, sess, acct
				ctx = service.WithActor(ctx, service.Actor{AccountID: acct.ID})
				// Signed in, the account's language wins: it is what the
				// switcher saved, on this browser or another.
				if l, ok := i18n.ParseLang(acct.Locale); ok {
					v.lang = l
				}
			case badge.ErrorCode(err) == badge.CodeUnauthorized:
				h.clearSession(w, r)
			default:
				h.fail(w, r.WithContext(context.WithValue(ctx, visitorKey{}, v)), err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, visitorKey{}, v)))
	})
}

// requestLang is the language of the switcher's cookie, else of the
// browser, else Japanese.
func requestLang(r *http.Request) i18n.Lang {
	var chosen string
	if c, err := r.Cookie(langCookie); err == nil {
		chosen = c.Value
	}
	return i18n.Negotiate(chosen, r.Header.Get("Accept-Language"), i18n.Japanese)
}

// clientIP is the address sign-in attempts are counted under.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
