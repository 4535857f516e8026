// SPDX-License-Identifier: Apache-2.0

package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
)

// logoShow serves the current organisation's logo for the settings page.
// An SVG logo passed the service's check for active content; the policy
// here keeps it inert even if opened on its own.
func (h *Handler) logoShow(w http.ResponseWriter, r *http.Request) {
	img, typ, err := h.svc.Logo(r.Context(), visitorFrom(r).current.OrgSlug)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(img)
}

// logoSave replaces the logo with the uploaded image, or removes it.
func (h *Handler) logoSave(w http.ResponseWriter, r *http.Request) {
	orgID := visitorFrom(r).current.OrgID
	r.Body = http.MaxBytesReader(w, r.Body, badge.MaxLogoBytes+16<<10)
	if r.FormValue("remove") != "" {
		if err := h.svc.SetLogo(r.Context(), orgID, nil); err != nil {
			h.logoFailed(w, r, err)
			return
		}
		h.redirect(w, r, "/console/settings", false, "org.logo_removed")
		return
	}
	f, _, err := r.FormFile("logo")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.redirect(w, r, "/console/settings", true, "error.too_large", "max_kb", strconv.Itoa(badge.MaxLogoBytes>>10))
			return
		}
		h.redirect(w, r, "/console/settings", true, "validation.image")
		return
	}
	defer f.Close()
	img, err := io.ReadAll(f)
	if err != nil {
		h.fail(w, r, badge.Internal(err))
		return
	}
	if err := h.svc.SetLogo(r.Context(), orgID, img); err != nil {
		h.logoFailed(w, r, err)
		return
	}
	h.redirect(w, r, "/console/settings", false, "org.logo_saved")
}

// logoFailed returns to the settings page with the reason, or shows the
// error page when it is not about the image.
func (h *Handler) logoFailed(w http.ResponseWriter, r *http.Request, err error) {
	if badge.ErrorCode(err) == badge.CodeInvalid {
		h.redirect(w, r, "/console/settings", true, "validation.image")
		return
	}
	h.fail(w, r, err)
}
