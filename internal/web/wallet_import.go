// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// importFormPage is the data of /wallet/import.
type importFormPage struct {
	URL, Text string
	MaxSize   string
}

// walletImportShow is the form to import a badge from elsewhere: a file,
// a web address, or pasted badge data.
func (h *Handler) walletImportShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "wallet_import.title")
	p.Wallet = true
	p.Data = &importFormPage{MaxSize: "5 MiB"}
	h.render(w, r, http.StatusOK, "wallet_import", p)
}

// walletImportSubmit imports what the form gives (a file, else pasted
// text, else a URL) and shows the imported badge with its report; or the
// form again with why nothing was imported.
func (h *Handler) walletImportSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyForm)
	in, text, err := readVerifyForm(r)
	p := h.newPage(w, r, "wallet_import.title")
	p.Wallet = true
	data := &importFormPage{MaxSize: "5 MiB", URL: in.URL}
	if len(text) <= maxEchoText {
		data.Text = text
	}
	p.Data = data
	var b *service.ImportedBadge
	if err == nil {
		b, err = h.svc.ImportBadge(r.Context(), service.ImportInput{Data: in.Data, Filename: in.Name, URL: in.URL})
	}
	if err != nil {
		if badge.ErrorKey(err) == service.KeyVerifyTooLarge {
			err = service.ImportTooLarge("file")
		}
		status := httpx.Status(err)
		if badge.ErrorKey(err) == service.KeyImportTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		if status == http.StatusInternalServerError || status == http.StatusUnauthorized {
			h.fail(w, r, err)
			return
		}
		fields := []string{"url"}
		if in.Name != "pasted" {
			fields = append(fields, "file") // a problem of pasted text goes on top
		}
		p.showError(err, fields...)
		h.render(w, r, status, "wallet_import", p)
		return
	}
	key, alert := "wallet_import.imported", false
	switch {
	case b.Existing:
		key = "wallet_import.already"
	case b.State != badge.ImportValid:
		key, alert = "wallet_import.imported_problem", true
	}
	h.redirect(w, r, importPath(b.ID), alert, key)
}

func importPath(id int64) string { return "/wallet/imports/" + strconv.FormatInt(id, 10) }

// importPage is the data of an imported badge's page.
type importPage struct {
	Import *service.ImportedBadge
	// Result is the kept report as the verifier shows one.
	Result *verifyResult
	// ImagePath is the kept image, "" when there is none (then
	// Result.ImageSrc may be the credential's https image).
	ImagePath string
	// Warning is the message key of the warning an import that is not
	// valid (any more) carries, or "".
	Warning string
	Checked time.Time
}

// walletImportDetail shows an imported badge: what it states, the kept
// report of its latest verification in plain words, a warning when it is
// not valid (revoked, expired, failing), and its privacy switch.
func (h *Handler) walletImportDetail(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.ImportedBadge(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "wallet_import.detail_title")
	p.Wallet = true
	p.Title = or(b.Name, p.T("verify.unnamed"))
	data := &importPage{Import: b, Checked: b.CheckedAt}
	if b.Report != nil {
		data.Result = h.verifyResult(p, &service.Verification{Report: b.Report, Summary: b.Summary(), Kind: b.Kind})
	}
	if b.ImageType != "" {
		data.ImagePath = importPath(b.ID) + "/image"
	}
	if b.State != badge.ImportValid {
		data.Warning = "wallet_import.warning." + b.State
	}
	p.Data = data
	// The credential's own image may live on its issuer's site (https).
	w.Header().Set("Content-Security-Policy", verifyCSP)
	h.render(w, r, http.StatusOK, "wallet_import_show", p)
}

// walletImportImage serves the kept image of an imported badge to its owner.
func (h *Handler) walletImportImage(w http.ResponseWriter, r *http.Request) {
	img, mt, err := h.svc.ImportImage(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	serveForeignImage(w, mt, img)
}

// serveForeignImage sends an image from another issuer so that it can
// never run script on our origin, even opened on its own: a sandboxing
// policy and no sniffing (and SVGs that could were refused at import).
func serveForeignImage(w http.ResponseWriter, mediaType string, data []byte) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Type", mediaType)
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// walletImportFile lets the owner download an imported badge as it was
// imported.
func (h *Handler) walletImportFile(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.ImportedBadge(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ct := map[string]string{"png": "image/png", "svg": "image/svg+xml", "json": "application/json", "jwt": "application/jwt"}[b.Kind]
	hd := w.Header()
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Disposition", `attachment; filename="badge-`+strconv.FormatInt(b.ID, 10)+"."+b.Kind+`"`)
	serveForeignImage(w, ct, b.Credential)
}

// walletImportPrivacy makes an imported badge private (private=1) or public.
func (h *Handler) walletImportPrivacy(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	private := form.Get("private") == "1"
	if _, err := h.svc.SetImportPrivate(r.Context(), awardID(r), private); err != nil {
		h.fail(w, r, err)
		return
	}
	key := "wallet_import.made_public"
	if private {
		key = "wallet_import.made_private"
	}
	back := importPath(awardID(r))
	if next := safeNext(form.Get("next")); next != "" {
		back = next
	}
	h.redirect(w, r, back, false, key)
}

// walletImportRemoveShow asks to confirm deleting an imported badge.
func (h *Handler) walletImportRemoveShow(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.ImportedBadge(r.Context(), awardID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r, "wallet_import.remove_title")
	p.Wallet = true
	p.Data = b
	h.render(w, r, http.StatusOK, "wallet_import_remove", p)
}

// walletImportRemove deletes an imported badge.
func (h *Handler) walletImportRemove(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.RemoveImport(r.Context(), awardID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/wallet", false, "wallet_import.removed")
}

// walletExport downloads the whole wallet as a zip archive, streamed.
func (h *Handler) walletExport(w http.ResponseWriter, r *http.Request) {
	exp, err := h.svc.ExportWallet(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", `attachment; filename="`+exp.Filename()+`"`)
	hd.Set("Cache-Control", "private, no-store")
	if err := exp.Write(r.Context(), w); err != nil {
		// The archive is cut short; the status is sent already.
		h.log.Error("wallet export failed", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
}

// walletFilter is one choice of the wallet's filters.
type walletFilter struct {
	Value, Label string
	Selected     bool
}

// WalletStateFilters are the choices of the wallet's state filter.
func (p *page) WalletStateFilters(current string) []walletFilter {
	out := []walletFilter{{Value: "", Label: p.T("wallet_import.filter.all_states"), Selected: current == ""}}
	for _, s := range service.WalletStates {
		out = append(out, walletFilter{Value: s, Label: p.T("wallet_import.state." + s), Selected: s == current})
	}
	return out
}

// WalletSourceFilters are the choices of the wallet's source filter.
func (p *page) WalletSourceFilters(current string) []walletFilter {
	out := []walletFilter{{Value: "", Label: p.T("wallet_import.filter.all_sources"), Selected: current == ""}}
	for _, s := range []string{service.SourceAwarded, service.SourceImported} {
		out = append(out, walletFilter{Value: s, Label: p.T("wallet_import.source." + s), Selected: s == current})
	}
	return out
}

// ImportState is the translated name of an imported badge's state.
func (p *page) ImportState(state string) string { return p.T("wallet_import.state." + state) }

// ImportName is an imported badge's name, or a word for none.
func (p *page) ImportName(name string) string {
	if strings.TrimSpace(name) == "" {
		return p.T("verify.unnamed")
	}
	return name
}
