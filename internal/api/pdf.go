// SPDX-License-Identifier: Apache-2.0

package api

import (
	"net/http"
)

// Printable badges: the sealed PDF certificate, the QR code of the short
// verification link, and that link (/v/{id}?d=<digest>), which leads to
// the public verifier.

// awardPDF serves /awards/{id}/badge.pdf, rendered on request and sealed
// with the organisation's key; ?lang=ja|en picks the page's language.
func (a *API) awardPDF(w http.ResponseWriter, r *http.Request) {
	pdf, err := a.svc.AwardPDF(r.Context(), r.PathValue("id"), r.URL.Query().Get("lang"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	disposition := "inline"
	if r.URL.Query().Get("download") != "" {
		disposition = "attachment"
	}
	w.Header().Set("Content-Disposition", disposition+`; filename="`+r.PathValue("id")+`.pdf"`)
	writeRaw(w, "application/pdf", pdf)
}

// awardQR serves /awards/{id}/qr.png and qr.svg: a QR code of the short
// verification link.
func (a *API) awardQR(w http.ResponseWriter, r *http.Request) {
	get, ct := a.svc.AwardQR, "image/png"
	if r.PathValue("file") == "qr.svg" {
		get, ct = a.svc.AwardQRSVG, "image/svg+xml"
	}
	img, err := get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+r.PathValue("id")+"-"+r.PathValue("file")+`"`)
	}
	writeRaw(w, ct, img)
}

// shortVerify answers a scanned QR code, /v/{id}?d=<digest>, with a
// redirect to the verifier.
func (a *API) shortVerify(w http.ResponseWriter, r *http.Request) {
	target, err := a.svc.ShortVerifyTarget(r.Context(), r.PathValue("id"), r.URL.Query().Get("d"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusSeeOther)
}
