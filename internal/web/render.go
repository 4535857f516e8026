// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parseTemplates returns one template set per page: the layout and
// partials, and the page's file defining "content". The files are embedded,
// so a broken template is a bug caught by every test: panic.
func parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("").ParseFS(templateFiles, "templates/_*.html"))
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFiles, n))
	}
	return pages
}

// render writes page name with status. The page is rendered to a buffer
// first, so a template error becomes a clean error page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := h.pages[name]
	if !ok {
		h.fail(w, r, badge.Internal(errors.New("web: no template "+name)))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		if name == "error" {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		h.fail(w, r, badge.Internal(err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show personal data and forms: not for shared caches, and not
	// for the back button after signing out.
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	Message   string
	RequestID string // shown for internal errors, to quote when asking for help
}

// fail renders the error page for err with the status httpx chooses. A
// visitor who is not signed in is sent to sign in first, and comes back.
// Errors that are not application errors are logged with the request id
// and shown as a generic message with that id.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && visitorFrom(r).account == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := h.newPage(w, r, "error.title")
	data := &errorPage{}
	if status == http.StatusInternalServerError {
		data.RequestID = httpx.RequestID(r.Context())
		h.log.Error("page failed", "request_id", data.RequestID, "method", r.Method, "path", r.URL.Path, "err", err)
		data.Message = p.T(badge.KeyInternal)
	} else {
		data.Message = p.errorText(err)
	}
	p.Data = data
	h.render(w, r, status, "error", p)
}

// notFound is the page for addresses that have none.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, badge.NotFound("error.not_found", "No such page."))
}

// crossOriginDenied answers a state-changing request sent from another
// site (a forged form): 403, nothing changed.
func (h *Handler) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, badge.Forbidden("error.cross_origin", "Cross-origin request refused."))
}

// asBadge returns the application error in err's chain.
func asBadge(err error) (*badge.Error, bool) { return errors.AsType[*badge.Error](err) }
