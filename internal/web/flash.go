// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"time"
)

// A flash is the message shown once on the page a form redirects to
// (post/redirect/get): a catalog key, its parameters, and whether it is a
// notice or an alert. It travels in a short-lived cookie.
type flash struct {
	Alert bool
	Text  string // translated
}

// redirect sends the browser to path with a flash message, key with args
// (alternating names and values, as for [i18n.Catalog.T]).
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, path string, alert bool, key string, args ...string) {
	v := url.Values{"k": {key}}
	if alert {
		v.Set("alert", "1")
	}
	for i := 0; i+1 < len(args); i += 2 {
		v.Set("a."+args[i], args[i+1])
	}
	http.SetCookie(w, h.cookie(r, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(v.Encode())), time.Minute))
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// takeFlash reads and removes the flash message of r. A cookie naming a key
// the catalog does not have is ignored.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request, p *page) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, h.cookie(r, flashCookie, "", 0))
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	v, err := url.ParseQuery(string(raw))
	key := v.Get("k")
	if err != nil || !h.cat.Has(p.Lang, key) {
		return nil
	}
	var args []any
	for name, vals := range v {
		if len(name) > 2 && name[:2] == "a." {
			args = append(args, name[2:], vals[0])
		}
	}
	return &flash{Alert: v.Get("alert") == "1", Text: p.T(key, args...)}
}
