// SPDX-License-Identifier: Apache-2.0

package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
)

//go:embed static
var staticFiles embed.FS

// cssURL is the style sheet's address with a digest of its content, so a
// new release is fetched at once while browsers cache it for long.
var cssURL = func() string {
	b, err := staticFiles.ReadFile("static/akashi.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "/static/akashi.css?v=" + hex.EncodeToString(sum[:6])
}()

// staticHandler serves the embedded style sheet and icon.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/static/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
