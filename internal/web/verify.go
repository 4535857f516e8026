// SPDX-License-Identifier: Apache-2.0

package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/verify"
)

// verifyCSSURL is the verifier's style sheet, with a digest like [cssURL].
var verifyCSSURL = func() string {
	b, err := staticFiles.ReadFile("static/verify.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "/static/verify.css?v=" + hex.EncodeToString(sum[:6])
}()

// VerifyCSS is the address of the verifier's style sheet.
func (p *page) VerifyCSS() string { return verifyCSSURL }

// maxVerifyForm bounds the body of POST /verify: the largest input plus
// room for the other fields and the multipart framing.
const maxVerifyForm = service.MaxVerifyInput + 64<<10

// maxEchoText is the longest pasted text shown again in the form.
const maxEchoText = 64 << 10

// verifyPage is the data of the verifier page: the form, and the result
// once something was verified.
type verifyPage struct {
	URL, Text string
	// Digest is the digest a scanned QR code gave (/verify?url=…&digest=…):
	// 16 hex digits, or "".
	Digest  string
	MaxSize string
	Result  *verifyResult
	// Problem is why nothing could be verified (translated): the
	// "could not verify" verdict.
	Problem string
}

// verifyResult is a report as the page shows it.
type verifyResult struct {
	Verdict  string // "valid", "invalid" or "unknown" (could not verify)
	Input    string
	Format   string // translated
	Summary  *verify.Summary
	ImageSrc template.URL // the baked image (data URL) or the credential's https image
	Checks   []checkView
	// Headline is the first failure's specific message, if any, shown
	// with the verdict.
	Headline string
	// Permalink verifies the same URL again; "" for uploads.
	Permalink string
	// DigestMatch says whether what was fetched is what a scanned QR code
	// names: "match", "mismatch", or "" when no digest was given.
	DigestMatch string
}

// checkView is one check in plain words.
type checkView struct {
	ID, Status  string
	Title       string // what the check is
	StatusText  string // OK, Problem, Caution, Not checked
	Meaning     string // what this status of this check means
	Detail      string // the specific finding (expired on, revoked: reason), if any
	Technical   string // the engine's English message
	ShowTechRaw bool
}

// verifyShow is the verifier: the form, or with ?url= the result of
// verifying that address (public badge pages link here).
func (h *Handler) verifyShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "verify.title")
	data := &verifyPage{MaxSize: "5 MiB"}
	p.Data = data
	u := strings.TrimSpace(r.URL.Query().Get("url"))
	if u == "" {
		h.render(w, r, http.StatusOK, "verify", p)
		return
	}
	data.URL = u
	if d := strings.TrimSpace(r.URL.Query().Get("digest")); service.ValidDigest(d) {
		data.Digest = strings.ToLower(d)
	}
	res, err := h.svc.Verify(r.Context(), service.VerifyInput{URL: u})
	h.verifyRender(w, r, p, res, err)
}

// verifySubmit verifies what the form gives: a file, else pasted text,
// else a URL.
func (h *Handler) verifySubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyForm)
	in, text, perr := readVerifyForm(r)
	p := h.newPage(w, r, "verify.title")
	data := &verifyPage{MaxSize: "5 MiB", URL: in.URL}
	if len(text) <= maxEchoText {
		data.Text = text
	}
	p.Data = data
	if perr != nil {
		h.verifyRender(w, r, p, nil, perr)
		return
	}
	res, err := h.svc.Verify(r.Context(), in)
	h.verifyRender(w, r, p, res, err)
}

// readVerifyForm reads the verifier's form, multipart or urlencoded.
func readVerifyForm(r *http.Request) (in service.VerifyInput, text string, err error) {
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			return in, "", service.VerifyTooLarge("file")
		}
		return in, "", badge.Invalid("file", "verify.bad_form", "The form could not be read; please try again.")
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	text = r.PostFormValue("credential")
	in.URL = strings.TrimSpace(r.PostFormValue("url"))
	if f, hdr, ferr := r.FormFile("file"); ferr == nil {
		defer f.Close()
		data, rerr := readUpload(f, hdr)
		if rerr != nil {
			return in, text, rerr
		}
		if len(data) > 0 {
			return service.VerifyInput{Name: uploadName(hdr.Filename), Data: data}, text, nil
		}
	}
	if strings.TrimSpace(text) != "" {
		in.Data, in.Name, in.URL = []byte(strings.TrimSpace(text)), "pasted", ""
		if looksLikeURL(text) {
			in.Data, in.URL = nil, strings.TrimSpace(text)
		}
	}
	return in, text, nil
}

// readUpload reads an uploaded file up to the verifier's limit.
func readUpload(f multipart.File, hdr *multipart.FileHeader) ([]byte, error) {
	if hdr.Size > service.MaxVerifyInput {
		return nil, service.VerifyTooLarge("file")
	}
	data, err := io.ReadAll(io.LimitReader(f, service.MaxVerifyInput+1))
	if err != nil {
		return nil, badge.Invalid("file", "verify.bad_form", "The form could not be read; please try again.")
	}
	if len(data) > service.MaxVerifyInput {
		return nil, service.VerifyTooLarge("file")
	}
	return data, nil
}

func looksLikeURL(s string) bool {
	s = strings.TrimSpace(s)
	return !strings.ContainsAny(s, " \n\t") && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"))
}

// uploadName is the file name shown in the result: its base name, short.
func uploadName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = "upload"
	}
	return summary(name, 80)
}

// verifyCSP is the verifier page's policy: the site's, with badge images
// from any https site, since a badge's image lives on its issuer's site.
var verifyCSP = strings.Replace(contentSecurityPolicy, "img-src 'self' data:", "img-src 'self' data: https:", 1)

// verifyRender shows the result, or why nothing could be verified.
func (h *Handler) verifyRender(w http.ResponseWriter, r *http.Request, p *page, res *service.Verification, err error) {
	data := p.Data.(*verifyPage)
	w.Header().Set("Content-Security-Policy", verifyCSP)
	if err != nil {
		status := httpx.Status(err)
		if badge.ErrorKey(err) == service.KeyVerifyTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		if status == http.StatusInternalServerError {
			h.fail(w, r, err)
			return
		}
		data.Problem = p.errorText(err)
		h.render(w, r, status, "verify", p)
		return
	}
	data.Result = h.verifyResult(p, res)
	if strings.HasPrefix(res.Report.Input, "http") && data.URL != "" {
		data.Result.Permalink = "/verify?url=" + template.URLQueryEscaper(data.URL)
		if data.Digest != "" {
			data.Result.Permalink += "&digest=" + data.Digest
			data.Result.DigestMatch = "mismatch"
			if res.MatchesDigest(data.Digest) {
				data.Result.DigestMatch = "match"
			}
		}
	}
	h.render(w, r, http.StatusOK, "verify", p)
}

// verifyResult turns a verification into what the page shows.
func (h *Handler) verifyResult(p *page, res *service.Verification) *verifyResult {
	rep := res.Report
	v := &verifyResult{Input: rep.Input, Summary: res.Summary, Verdict: verdict(rep)}
	v.Format = p.T("verify.format_name." + strings.ReplaceAll(rep.Format, "-", "_"))
	if res.Kind == "pdf" {
		v.Format = p.T("verify.format_pdf", "format", v.Format)
	}
	switch {
	case len(res.Image) > 0 && len(res.Image) <= 1<<20:
		mt := "image/png"
		if res.Kind == "svg" {
			mt = "image/svg+xml"
		}
		// A data URL in an img element: an SVG shown this way runs no
		// script, and the CSP allows data: images only.
		v.ImageSrc = template.URL("data:" + mt + ";base64," + base64.StdEncoding.EncodeToString(res.Image))
	case res.Summary != nil && res.Summary.ImageURL != "":
		// Our own images by path; others over https only (the page's
		// CSP allows https images, see verifyCSP).
		if img := h.sitePath(res.Summary.ImageURL); strings.HasPrefix(img, "/") || strings.HasPrefix(img, "https://") {
			v.ImageSrc = template.URL(img)
		}
	}
	for _, c := range rep.Checks {
		cv := checkView{ID: c.ID, Status: string(c.Status), Title: p.T("check." + c.ID + ".title"),
			StatusText: p.T("verify.status." + string(c.Status)), Meaning: p.T("check." + c.ID + "." + string(c.Status)),
			Detail: p.checkDetail(c), Technical: c.Message}
		if !p.cat.Has(p.Lang, "check."+c.ID+".title") {
			cv.Title, cv.Meaning = c.ID, c.Message
		}
		if v.Headline == "" && c.Status == report.Fail {
			v.Headline = cv.Detail
			if v.Headline == "" {
				v.Headline = cv.Meaning
			}
		}
		v.Checks = append(v.Checks, cv)
	}
	return v
}

// verdict is the page's answer: valid; not valid (a check failed); or
// could not verify (nothing failed, but nothing established the badge).
func verdict(r *report.Report) string {
	switch {
	case r.Valid:
		return "valid"
	case r.Status("format") == report.Fail:
		return "invalid"
	}
	for _, c := range r.Checks {
		if c.Status == report.Fail {
			return "invalid"
		}
	}
	return "unknown"
}

// checkDetail is the specific finding of a check in the page's language,
// from the parameters the engine gives: revoked with the issuer's reason,
// expired on a date, not yet valid, changed after issue (a credential's
// signature, or a PDF certificate's seal).
func (p *page) checkDetail(c report.Check) string {
	pr := c.Params
	switch c.ID + "." + string(c.Status) {
	case "proof.fail":
		if pr["problem"] != "" {
			return p.T("verify.detail.proof." + strings.ReplaceAll(pr["problem"], "-", "_"))
		}
	case "status.fail":
		switch {
		case pr["purpose"] == "suspension":
			return p.T("verify.detail.status.suspended")
		case pr["reason"] != "":
			return p.T("verify.detail.status.revoked_reason", "reason", pr["reason"])
		case pr["purpose"] == "revocation":
			return p.T("verify.detail.status.revoked")
		}
	case "status.warn":
		if pr["problem"] == "unreachable" {
			return p.T("verify.detail.status.unreachable")
		}
	case "pdf.fail":
		if pr["problem"] != "" {
			return p.T("verify.detail.pdf." + strings.ReplaceAll(pr["problem"], "-", "_"))
		}
	case "pdf.warn":
		if pr["problem"] != "" {
			return p.T("verify.detail.pdf.warn_" + strings.ReplaceAll(pr["problem"], "-", "_"))
		}
	case "log.pass":
		if pr["date"] != "" {
			return p.T("verify.detail.log.entry_dated", "index", pr["index"], "origin", pr["origin"], "date", p.dateText(pr["date"]))
		}
		return p.T("verify.detail.log.entry", "index", pr["index"], "origin", pr["origin"])
	case "log.fail", "log.warn":
		if pr["problem"] != "" {
			return p.T("verify.detail.log."+pr["problem"], "origin", pr["origin"])
		}
	case "log-consistency.pass":
		return p.T("verify.detail.log_consistency.size", "size", pr["size"])
	case "log-consistency.fail":
		if pr["problem"] == "rewritten" {
			return p.T("verify.detail.log_consistency.rewritten")
		}
	case "log-anchor.pass":
		if pr["date"] != "" {
			return p.T("verify.detail.log_anchor.time", "date", p.dateText(pr["date"]))
		}
	case "log-witness.pass":
		return p.T("verify.detail.log_witness.count", "count", pr["count"], "total", pr["total"], "names", pr["names"])
	case "log-witness.warn":
		if pr["problem"] == "fewer" {
			return p.T("verify.detail.log_witness.fewer", "count", pr["count"], "total", pr["total"], "threshold", pr["threshold"])
		}
	case "validity.fail":
		switch {
		case pr["until"] != "":
			return p.T("verify.detail.validity.expired", "date", p.dateText(pr["until"]))
		case pr["from"] != "":
			return p.T("verify.detail.validity.not_yet", "date", p.dateText(pr["from"]))
		}
	case "validity.pass":
		switch {
		case pr["from"] != "" && pr["until"] != "":
			return p.T("verify.detail.validity.period", "from", p.dateText(pr["from"]), "until", p.dateText(pr["until"]))
		case pr["from"] != "":
			return p.T("verify.detail.validity.since", "from", p.dateText(pr["from"]))
		}
	}
	return ""
}

// dateText shows a YYYY-MM-DD date in the page's language.
func (p *page) dateText(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	if p.Lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2006年1月2日")
}
