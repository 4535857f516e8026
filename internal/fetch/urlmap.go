// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// LoadURLMap reads a URL map file: a JSON object {URL: file}. Relative file
// paths are resolved against the directory of the map file, so a map and its
// documents can be moved together.
func LoadURLMap(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fetch: reading URL map: %w", err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("fetch: URL map %s: %w", filepath.Base(path), err)
	}
	dir := filepath.Dir(path)
	for u, file := range m {
		if file == "" {
			return nil, fmt.Errorf("fetch: URL map %s: empty file for %s", filepath.Base(path), u)
		}
		if !filepath.IsAbs(file) {
			m[u] = filepath.Join(dir, filepath.FromSlash(file))
		}
	}
	return m, nil
}

// mapped looks u up in the URL map, as written and then without fragment.
func (f *Fetcher) mapped(u *url.URL) (string, bool) {
	if len(f.opts.URLMap) == 0 {
		return "", false
	}
	if p, ok := f.opts.URLMap[u.String()]; ok {
		return p, true
	}
	bare := *u
	bare.Fragment, bare.RawFragment = "", ""
	p, ok := f.opts.URLMap[bare.String()]
	return p, ok
}

// fromFile answers rawURL from a mapped file with status 200.
func (f *Fetcher) fromFile(rawURL, path string) (*Response, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fetch: URL map entry for %s: %w", rawURL, err)
	}
	defer file.Close()
	var size int64
	if st, err := file.Stat(); err == nil {
		size = st.Size()
	}
	body, err := readLimited(file, size, f.opts.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%w (URL map entry for %s)", err, rawURL)
	}
	return &Response{URL: rawURL, Status: http.StatusOK, ContentType: contentType(path, body), Body: body}, nil
}

// contentType guesses the media type of a mapped file from its extension,
// then from its content.
func contentType(path string, body []byte) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonld":
		return "application/ld+json"
	case ".json":
		return "application/json"
	case ".jwt", ".jws":
		return "application/jwt"
	}
	if t := mime.TypeByExtension(filepath.Ext(path)); t != "" {
		return t
	}
	return http.DetectContentType(body)
}
