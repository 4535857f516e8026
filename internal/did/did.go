// SPDX-License-Identifier: Apache-2.0

// Package did creates and resolves the decentralized identifiers Akashi uses
// for issuers (https://www.w3.org/TR/did-core/):
//
//   - did:key with Ed25519 Multikey (https://w3c-ccg.github.io/did-method-key/):
//     resolved offline, the key is in the identifier itself.
//   - did:web (https://w3c-ccg.github.io/did-method-web/): a DID document served
//     over https at a path derived from the identifier; resolved through the
//     caller's fetch function, which must be the safe fetcher.
package did

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/akashi-badges/akashi/internal/multikey"
)

// Errors returned by this package.
var (
	ErrUnsupported = errors.New("did: unsupported DID method or key type")
	ErrMalformed   = errors.New("did: malformed DID or DID document")
	ErrNotFound    = errors.New("did: verification method not found in the DID document")
)

// Contexts of a DID document with Multikey verification methods.
var documentContext = []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"}

// VerificationMethod is one key listed in a DID document.
type VerificationMethod struct {
	ID                 string         `json:"id"`
	Type               string         `json:"type"`
	Controller         string         `json:"controller"`
	PublicKeyMultibase string         `json:"publicKeyMultibase,omitempty"`
	PublicKeyJwk       map[string]any `json:"publicKeyJwk,omitempty"`
}

// Document is a DID document restricted to what issuers need.
type Document struct {
	Context            []string             `json:"@context"`
	ID                 string               `json:"id"`
	VerificationMethod []VerificationMethod `json:"verificationMethod"`
	Authentication     []string             `json:"authentication,omitempty"`
	AssertionMethod    []string             `json:"assertionMethod,omitempty"`
	CapabilityInvoke   []string             `json:"capabilityInvocation,omitempty"`
	CapabilityDelegate []string             `json:"capabilityDelegation,omitempty"`
}

// KeyDID returns the did:key identifier of an Ed25519 public key.
func KeyDID(pub ed25519.PublicKey) string { return "did:key:" + multikey.EncodePublic(pub) }

// WebKeyID returns the verification method id of key in a did:web document
// made by [WebDocument].
func WebKeyID(didWeb string, pub ed25519.PublicKey) string {
	return didWeb + "#" + multikey.EncodePublic(pub)
}

// KeyID returns the verification method id of a did:key (DID#fingerprint).
func KeyID(pub ed25519.PublicKey) string {
	mb := multikey.EncodePublic(pub)
	return "did:key:" + mb + "#" + mb
}

// KeyDocument returns the DID document of a did:key, built offline.
func KeyDocument(didKey string) (*Document, error) {
	mb, ok := strings.CutPrefix(didKey, "did:key:")
	if !ok || strings.ContainsAny(mb, "#/?") {
		return nil, fmt.Errorf("%w: %q is not a did:key", ErrMalformed, didKey)
	}
	if _, err := multikey.DecodePublic(mb); err != nil {
		return nil, fmt.Errorf("%w: %s: only Ed25519 did:key identifiers are supported", ErrUnsupported, didKey)
	}
	vm := VerificationMethod{ID: didKey + "#" + mb, Type: "Multikey", Controller: didKey, PublicKeyMultibase: mb}
	return newDocument(didKey, []VerificationMethod{vm}), nil
}

// WebDocument returns the DID document for a did:web identifier listing the
// given Ed25519 keys (current key first; older keys stay listed so badges they
// signed still verify). Each key's fragment is its Multikey fingerprint
// ("#z6Mk…"), so a key keeps its id whatever keys are added later.
func WebDocument(didWeb string, keys []ed25519.PublicKey) (*Document, error) {
	if _, err := WebURL(didWeb); err != nil {
		return nil, err
	}
	vms := make([]VerificationMethod, len(keys))
	for i, k := range keys {
		mb := multikey.EncodePublic(k)
		vms[i] = VerificationMethod{ID: didWeb + "#" + mb, Type: "Multikey", Controller: didWeb, PublicKeyMultibase: mb}
	}
	return newDocument(didWeb, vms), nil
}

func newDocument(id string, vms []VerificationMethod) *Document {
	d := &Document{Context: documentContext, ID: id, VerificationMethod: vms}
	for _, vm := range vms {
		d.Authentication = append(d.Authentication, vm.ID)
		d.AssertionMethod = append(d.AssertionMethod, vm.ID)
		d.CapabilityInvoke = append(d.CapabilityInvoke, vm.ID)
		d.CapabilityDelegate = append(d.CapabilityDelegate, vm.ID)
	}
	return d
}

// WebDID returns the did:web identifier for an https base URL
// ("https://badges.example.ac.jp/org/x" -> "did:web:badges.example.ac.jp:org:x").
func WebDID(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("%w: did:web needs an https URL, got %q", ErrMalformed, base)
	}
	id := "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg != "" {
			id += ":" + url.PathEscape(seg)
		}
	}
	return id, nil
}

// WebURL returns the https URL of a did:web identifier's DID document.
func WebURL(didWeb string) (string, error) {
	rest, ok := strings.CutPrefix(didWeb, "did:web:")
	if !ok || rest == "" || strings.ContainsAny(rest, "#?/") {
		return "", fmt.Errorf("%w: %q is not a did:web", ErrMalformed, didWeb)
	}
	parts := strings.Split(rest, ":")
	host, err := url.PathUnescape(parts[0])
	if err != nil || host == "" || strings.ContainsAny(host, "/@") {
		return "", fmt.Errorf("%w: bad host in %q", ErrMalformed, didWeb)
	}
	path := "/.well-known"
	if len(parts) > 1 {
		segs := make([]string, 0, len(parts)-1)
		for _, p := range parts[1:] {
			if p == "" || p == "." || p == ".." {
				return "", fmt.Errorf("%w: bad path in %q", ErrMalformed, didWeb)
			}
			segs = append(segs, p)
		}
		path = "/" + strings.Join(segs, "/")
	}
	return "https://" + host + path + "/did.json", nil
}

// ParseDocument decodes a DID document.
func ParseDocument(b []byte) (*Document, error) {
	var raw struct {
		ID                 string               `json:"id"`
		VerificationMethod []VerificationMethod `json:"verificationMethod"`
		AssertionMethod    []json.RawMessage    `json:"assertionMethod"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if raw.ID == "" {
		return nil, fmt.Errorf("%w: no id", ErrMalformed)
	}
	d := &Document{ID: raw.ID, VerificationMethod: raw.VerificationMethod}
	// assertionMethod entries are references or embedded methods.
	for _, am := range raw.AssertionMethod {
		var ref string
		if json.Unmarshal(am, &ref) == nil {
			d.AssertionMethod = append(d.AssertionMethod, ref)
			continue
		}
		var vm VerificationMethod
		if json.Unmarshal(am, &vm) == nil && vm.ID != "" {
			d.VerificationMethod = append(d.VerificationMethod, vm)
			d.AssertionMethod = append(d.AssertionMethod, vm.ID)
		}
	}
	return d, nil
}
