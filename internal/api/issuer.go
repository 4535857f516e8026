// SPDX-License-Identifier: Apache-2.0

package api

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/ob2"
)

// didDocument serves an organisation's did:web document. It exists only
// when the instance has an https base URL (did:web requires https).
func (a *API) didDocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*") // verifiers in browsers fetch it
	if !strings.HasPrefix(a.svc.BaseURL, "https://") {
		writeError(w, r, badge.NotFound("error.not_found", "did:web needs an https base URL; this instance's issuers use did:key."))
		return
	}
	o, ks, err := a.svc.PublicIssuer(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	id, err := did.WebDID(a.svc.BaseURL + "/orgs/" + o.Slug)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var pubs []ed25519.PublicKey
	for _, k := range ks {
		if k.Kind != badge.KeyKindEd25519 {
			continue
		}
		if pub, err := x509.ParsePKIXPublicKey(k.PublicKey); err == nil {
			if ed, ok := pub.(ed25519.PublicKey); ok {
				pubs = append(pubs, ed)
			}
		}
	}
	doc, err := did.WebDocument(id, pubs)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, "application/did+json", doc)
}

// issuerProfile serves the Open Badges 2.0 issuer Profile, listing the
// organisation's RSA keys (current and retired) as CryptographicKeys.
func (a *API) issuerProfile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*") // verifiers in browsers fetch it
	o, ks, err := a.svc.PublicIssuer(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	base := a.svc.BaseURL + "/orgs/" + o.Slug
	var keys []string
	for _, k := range ks {
		if k.Kind == badge.KeyKindRSA {
			keys = append(keys, fmt.Sprintf("%s/keys/%d", base, k.ID))
		}
	}
	p := map[string]any{"@context": ob2.ContextURL, "type": "Issuer", "id": base + "/issuer", "name": o.Name, "publicKey": keys,
		// Signed assertions are checked against this list (OB 2.0 #RevocationList).
		"revocationList": a.svc.RevocationListURL(o)}
	if o.URL != "" {
		p["url"] = o.URL
	} else {
		p["url"] = base
	}
	if o.ContactEmail != "" {
		p["email"] = o.ContactEmail
	}
	writeJSON(w, http.StatusOK, negotiateLD(r), p)
}

// cryptographicKey serves one RSA public key as an OB 2.0 CryptographicKey.
func (a *API) cryptographicKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*") // verifiers in browsers fetch it
	o, ks, err := a.svc.PublicIssuer(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, k := range ks {
		if k.ID != id || k.Kind != badge.KeyKindRSA {
			continue
		}
		pub, err := x509.ParsePKIXPublicKey(k.PublicKey)
		rsaPub, ok := pub.(*rsa.PublicKey)
		if err != nil || !ok {
			break
		}
		pemText, err := ob2.PublicKeyPEM(rsaPub)
		if err != nil {
			break
		}
		base := a.svc.BaseURL + "/orgs/" + o.Slug
		writeJSON(w, http.StatusOK, negotiateLD(r), map[string]any{
			"@context": ob2.ContextURL, "type": "CryptographicKey", "id": fmt.Sprintf("%s/keys/%d", base, k.ID),
			"owner": base + "/issuer", "publicKeyPem": pemText,
		})
		return
	}
	writeError(w, r, badge.NotFound("error.not_found", "No such key."))
}

// negotiateLD answers application/ld+json unless the client accepts only
// application/json (OB 2.0 "Setting Content-Type").
func negotiateLD(r *http.Request) string {
	acc := r.Header.Get("Accept")
	if strings.Contains(acc, "application/json") && !strings.Contains(acc, "application/ld+json") {
		return "application/json"
	}
	return "application/ld+json"
}
