// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"time"

	"github.com/akashi-badges/akashi/internal/service"
)

// Cookie names.
const (
	sessionCookie = "akashi_session"
	langCookie    = "akashi_lang"
	flashCookie   = "akashi_flash"
)

// langCookieAge is how long the language choice is remembered.
const langCookieAge = 365 * 24 * time.Hour

// cookie returns a cookie of ours: whole site, HttpOnly, SameSite=Lax, and
// Secure when the request came over https or the instance is served so.
func (h *Handler) cookie(r *http.Request, name, value string, age time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: h.secure || r.TLS != nil}
	if age > 0 {
		c.MaxAge = int(age / time.Second)
		c.Expires = time.Now().Add(age)
	} else {
		c.MaxAge = -1
	}
	return c
}

// setSession stores a new session token in the browser for the session's
// lifetime.
func (h *Handler) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, h.cookie(r, sessionCookie, token, service.SessionLifetime))
}

// clearSession removes the session cookie.
func (h *Handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, h.cookie(r, sessionCookie, "", 0))
}
