// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// maxFormBytes bounds a form body (the logo upload has its own limit).
const maxFormBytes = 64 << 10

// parseForm reads a POST form of at most maxFormBytes. On a body too large
// or malformed it renders the error page and returns false.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badge.Invalid("", "error.invalid", "The form could not be read."))
		return nil, false
	}
	return r.PostForm, true
}

// rule is the shape a form field must have before a service is called.
type rule struct {
	name     string
	required bool
	max      int // characters; 0 = no limit here
}

// checkShape records in p.Errors the first problem of each field ruled,
// trimming spaces around values except passwords. It reports whether the
// form passed.
func checkShape(p *page, rules ...rule) bool {
	for _, ru := range rules {
		v := p.Form.Get(ru.name)
		if ru.name != "password" {
			v = strings.TrimSpace(v)
			p.Form.Set(ru.name, v)
		}
		switch {
		case ru.required && v == "":
			p.Errors[ru.name] = p.T("validation.required")
		case ru.max > 0 && utf8.RuneCountInString(v) > ru.max:
			p.Errors[ru.name] = p.T("validation.too_long", "max", ru.max)
		}
	}
	if len(p.Errors) > 0 {
		p.Alert = p.T("error.invalid")
		return false
	}
	return true
}

// showError puts err on the page: next to its field when the form has a
// control of that name, and at the top otherwise.
func (p *page) showError(err error, fields ...string) {
	msg := p.errorText(err)
	if e, ok := asBadge(err); ok && e.Field != "" {
		for _, f := range fields {
			if f == e.Field {
				p.Errors[f] = msg
				p.Alert = p.T("error.invalid")
				return
			}
		}
	}
	p.Alert = msg
}

// errorText is the message of err in the page's language. Messages with a
// limit get it filled in: the password's minimum, or the maximum length of
// the field named.
func (p *page) errorText(err error) string {
	key := badge.ErrorKey(err)
	if !p.cat.Has(p.Lang, key) {
		// A key the catalogs lack still gets a message in the right
		// language; the catalog test lists the keys the services use.
		key = "error." + badge.ErrorCode(err)
	}
	field := ""
	if e, ok := asBadge(err); ok {
		field = e.Field
	}
	return p.T(key, "min", service.MinPasswordLen, "max", maxLen(field))
}

// maxLen is the longest value the domain accepts in field.
func maxLen(field string) int {
	switch field {
	case "email", "contact_email":
		return badge.MaxEmailLen
	case "url":
		return badge.MaxURLLen
	case "password":
		return 1024
	}
	return badge.MaxNameLen
}

// safeNext returns s if it is a path on this site to come back to after
// signing in or switching language, and "" otherwise: no scheme, no host,
// no "//" or "/\" that a browser would read as another host.
func safeNext(s string) string {
	if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return s
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// formError shows err on the form page name, next to the field it is about
// or at the top, with what was entered kept. Errors that are not about what
// was entered (forbidden, not found, internal) get the error page instead.
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, name string, p *page, err error) {
	switch badge.ErrorCode(err) {
	case badge.CodeInvalid, badge.CodeConflict, badge.CodeUnauthorized, badge.CodeRateLimited:
		fields := make([]string, 0, len(p.Form))
		for f := range p.Form {
			fields = append(fields, f)
		}
		p.showError(err, fields...)
		h.render(w, r, httpx.Status(err), name, p)
	default:
		h.fail(w, r, err)
	}
}
