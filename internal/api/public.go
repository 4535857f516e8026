// SPDX-License-Identifier: Apache-2.0

package api

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
)

// Public documents: what verifiers, wallets and link previews fetch. None
// needs a token; a private award answers 404 everywhere.

// WantsJSON reports whether the client asked for JSON rather than a page:
// an Accept header naming a JSON type before (or without) text/html.
func WantsJSON(r *http.Request) bool {
	acc := r.Header.Get("Accept")
	j := min(idx(acc, "application/ld+json"), idx(acc, "application/json"))
	return j < idx(acc, "text/html")
}

func idx(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	return len(s) + 1
}

// publicCache lets shared caches keep public documents briefly: a revoked
// award's documents must not be served stale for long.
func publicCache(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func writeRaw(w http.ResponseWriter, contentType string, body []byte) {
	publicCache(w)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(body)
}

// AwardAssertion serves an award's OB 2.0 hosted assertion (the JSON
// answer of /awards/{id}).
func (a *API) AwardAssertion(w http.ResponseWriter, r *http.Request) {
	pa, err := a.svc.PublicAward(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	if len(pa.Award.OB2Assertion) == 0 {
		writeError(w, r, badge.NotFound("error.not_found", "This badge was not issued as an Open Badges 2.0 hosted assertion; see credential.json."))
		return
	}
	if aw := pa.Award; aw.RevokedAt != nil {
		// OB 2.0 hosted verification: a revoked assertion answers 410 Gone
		// with the document marked revoked and the reason.
		var doc map[string]any
		if err := json.Unmarshal(aw.OB2Assertion, &doc); err != nil {
			writeError(w, r, badge.Internal(err))
			return
		}
		doc["revoked"], doc["revocationReason"] = true, aw.RevocationReason
		body, _ := json.Marshal(doc)
		publicCache(w)
		w.Header().Set("Content-Type", negotiateLD(r))
		w.WriteHeader(http.StatusGone)
		w.Write(body)
		return
	}
	writeRaw(w, negotiateLD(r), pa.Award.OB2Assertion)
}

// AwardFile serves one of an award's files; the wallet serves a
// recipient's own private badges through it.
func (a *API) AwardFile(w http.ResponseWriter, r *http.Request) { a.awardFile(w, r) }

// awardFile serves one of an award's signed artefacts.
func (a *API) awardFile(w http.ResponseWriter, r *http.Request) {
	pa, err := a.svc.PublicAward(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	aw := pa.Award
	var body []byte
	var ct string
	switch r.PathValue("file") {
	case "credential.json":
		body, ct = aw.CredentialDI, "application/vc+ld+json"
		if strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "ld+json") {
			ct = "application/json"
		}
	case "credential.jwt":
		body, ct = []byte(aw.CredentialJWT), "application/vc+jwt"
	case "assertion.json":
		body, ct = aw.OB2Assertion, negotiateLD(r)
	case "assertion.jws":
		body, ct = []byte(aw.OB2Signed), "application/jose"
	case "badge.pdf":
		a.awardPDF(w, r)
		return
	case "qr.png", "qr.svg":
		a.awardQR(w, r)
		return
	default:
		a.bakedImage(w, r, pa.Image, aw)
		return
	}
	if len(body) == 0 {
		writeError(w, r, badge.NotFound("error.not_found", "This badge was not issued in that format."))
		return
	}
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+aw.PublicID+"-"+r.PathValue("file")+`"`)
	}
	writeRaw(w, ct, body)
}

// bakedImage serves badge.png or badge.svg (whichever the badge image is)
// with a credential baked in: ?format=di (default), jwt, ob2 or ob2-signed.
func (a *API) bakedImage(w http.ResponseWriter, r *http.Request, img *badge.BadgeImage, aw *badge.Award) {
	file := r.PathValue("file")
	ext := ".png"
	if img.MediaType == "image/svg+xml" {
		ext = ".svg"
	}
	if file != "badge"+ext {
		writeError(w, r, badge.NotFound("error.not_found", "No such file."))
		return
	}
	var p bake.Payload
	switch r.URL.Query().Get("format") {
	case "", "di":
		p = bake.Payload{Version: bake.OB3, Data: aw.CredentialDI}
	case "jwt":
		p = bake.Payload{Version: bake.OB3, Data: []byte(aw.CredentialJWT)}
	case "ob2":
		p = bake.Payload{Version: bake.OB2, Data: aw.OB2Assertion, HostedURL: a.svc.AwardURL(aw)}
	case "ob2-signed":
		p = bake.Payload{Version: bake.OB2, Data: []byte(aw.OB2Signed)}
	}
	if len(p.Data) == 0 {
		writeError(w, r, badge.NotFound("error.not_found", "This badge was not issued in that format."))
		return
	}
	out, err := bake.Bake(img.Data, p, &bake.Limits{MaxPayloadBytes: 4 << 20})
	if err != nil {
		writeError(w, r, badge.Internal(err))
		return
	}
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+aw.PublicID+ext+`"`)
	}
	serveImage(w, img.MediaType, out)
}

// serveImage sends a badge image so that an SVG can never run script on
// our origin: a sandboxing CSP, no sniffing, and SVGs were already refused
// at upload if they held scripts or external references.
func serveImage(w http.ResponseWriter, mediaType string, data []byte) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	writeRaw(w, mediaType, data)
}

// image serves /orgs/{slug}/images/{sha256}.{png|svg}.
func (a *API) image(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	hexSum, _, _ := strings.Cut(name, ".")
	sum, err := hex.DecodeString(hexSum)
	if err != nil || len(sum) != 32 {
		writeError(w, r, badge.NotFound("error.not_found", "No such image."))
		return
	}
	img, err := a.svc.PublicImage(r.Context(), r.PathValue("slug"), sum)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // content-addressed
	serveImage(w, img.MediaType, img.Data)
}

// BadgeClassDocument serves one revision of a badge class as an OB 2.0
// BadgeClass (the JSON answer of /badges/{id}/v{rev}).
func (a *API) BadgeClassDocument(w http.ResponseWriter, r *http.Request) {
	rev, err := strconv.Atoi(strings.TrimPrefix(r.PathValue("rev"), "v"))
	if err != nil || !strings.HasPrefix(r.PathValue("rev"), "v") {
		writeError(w, r, badge.NotFound("error.not_found", "No such badge revision."))
		return
	}
	_, _, doc, err := a.svc.PublicBadgeClass(r.Context(), r.PathValue("id"), rev)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeRaw(w, negotiateLD(r), doc)
}

// statusList serves a BitstringStatusList credential.
func (a *API) statusList(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		var cred []byte
		if cred, err = a.svc.PublicStatusList(r.Context(), r.PathValue("slug"), id); err == nil {
			ct := "application/vc+ld+json"
			if !strings.Contains(r.Header.Get("Accept"), "ld+json") && strings.Contains(r.Header.Get("Accept"), "application/json") {
				ct = "application/json"
			}
			writeRaw(w, ct, cred)
			return
		}
	}
	writeError(w, r, err)
}

// revocationList serves the OB 2.0 RevocationList.
func (a *API) revocationList(w http.ResponseWriter, r *http.Request) {
	doc, err := a.svc.PublicRevocationList(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeRaw(w, negotiateLD(r), doc)
}
