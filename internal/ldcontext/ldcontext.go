// SPDX-License-Identifier: Apache-2.0

// Package ldcontext serves the JSON-LD contexts Akashi knows, embedded in the
// binary. No context is ever fetched from the network: a URL that is not in
// contexts/index.json is refused with [ErrUnknownContext]. Provenance of every
// file is in contexts/PROVENANCE.md.
package ldcontext

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

//go:embed contexts/*.json contexts/*.jsonld
var files embed.FS

// ErrUnknownContext is returned for a context URL that is not embedded.
var ErrUnknownContext = errors.New("ldcontext: unknown JSON-LD context (contexts are never fetched from the network)")

// Well-known context URLs.
const (
	CredentialsV2   = "https://www.w3.org/ns/credentials/v2"
	CredentialsV1   = "https://www.w3.org/2018/credentials/v1"
	OB303           = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	OBExtensions    = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
	OpenBadgesV2    = "https://w3id.org/openbadges/v2"
	DataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
	MultikeyV1      = "https://w3id.org/security/multikey/v1"
	Ed25519_2020    = "https://w3id.org/security/suites/ed25519-2020/v1"
	DIDV1           = "https://www.w3.org/ns/did/v1"
)

var index = func() map[string]string {
	raw, err := files.ReadFile("contexts/index.json")
	if err != nil {
		panic(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	return m
}()

// Bytes returns the raw document for a context URL, or an error wrapping
// [ErrUnknownContext].
func Bytes(url string) ([]byte, error) {
	name, ok := index[url]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownContext, url)
	}
	return files.ReadFile("contexts/" + name)
}

// URLs lists every context URL that is served, sorted.
func URLs() []string {
	out := make([]string, 0, len(index))
	for u := range index {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// Known reports whether a context URL is embedded, without reading it.
func Known(url string) bool {
	_, ok := index[url]
	return ok
}
