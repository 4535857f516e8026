// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
)

// claimShow opens the link of an award e-mail: the recipient sees the
// badge with its files to download, and learns that the wallet will let
// them keep it in their account. A used, unknown or expired link, or a
// revoked badge, says so plainly.
func (h *Handler) claimShow(w http.ResponseWriter, r *http.Request) {
	pa, err := h.svc.OpenClaim(r.Context(), r.PathValue("token"))
	p := h.newPage(w, r, "claim.title")
	switch badge.ErrorCode(err) {
	case "":
	case badge.CodeNotFound, badge.CodeInvalid:
		p.Data = &awardPublicPage{Claim: true, Problem: p.errorText(err)}
		h.render(w, r, httpx.Status(err), "claim", p)
		return
	default:
		h.fail(w, r, err)
		return
	}
	v := h.awardView(p, pa)
	p.Title = v.OG.Title
	p.Data = &awardPublicPage{View: v, Claim: true}
	h.render(w, r, http.StatusOK, "claim", p)
}
