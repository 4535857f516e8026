// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/store"
)

// maxCSVBytes is the largest CSV upload: the parser's limit.
const maxCSVBytes = awardcsv.DefaultMaxBytes

// bulkRowsPerPage is how many rows of a CSV award a page lists.
const bulkRowsPerPage = 100

// bulkRefreshSeconds is how often the progress page reloads itself.
const bulkRefreshSeconds = 2

// bulkNewPage is the data of the CSV upload page.
type bulkNewPage struct {
	Badge   *badge.BadgeClass
	MaxMB   int
	MaxRows int
}

// bulkNew shows the form to upload a cohort CSV for a badge, with the
// templates to download.
func (h *Handler) bulkNew(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "bulk.new")
	p.Nav = "awards"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	if !p.Can("issuer") {
		h.fail(w, r, badge.Forbidden("error.forbidden", "Your role does not allow awarding badges."))
		return
	}
	p.Data = &bulkNewPage{Badge: b, MaxMB: maxCSVBytes >> 20, MaxRows: awardcsv.DefaultMaxRows}
	h.render(w, r, http.StatusOK, "bulk_new", p)
}

// bulkUpload reads the uploaded CSV into a CSV award waiting for
// confirmation, and shows its preview. A file that cannot be used at all
// is explained on the upload form.
func (h *Handler) bulkUpload(w http.ResponseWriter, r *http.Request) {
	up, ok := h.readUpload(w, r, "file", maxCSVBytes, 1<<20)
	if !ok {
		return
	}
	p := h.newPage(w, r, "bulk.new")
	p.Nav = "awards"
	b, ok := h.orgBadge(w, r, p)
	if !ok {
		return
	}
	p.Data = &bulkNewPage{Badge: b, MaxMB: maxCSVBytes >> 20, MaxRows: awardcsv.DefaultMaxRows}
	switch {
	case up.TooLarge:
		p.Errors["file"] = p.T("bulk.file_too_large", "max_mb", maxCSVBytes>>20)
	case up.FileName == "" && len(up.File) == 0:
		p.Errors["file"] = p.T("validation.required")
	}
	if len(p.Errors) > 0 {
		p.Alert = p.T("error.invalid")
		h.render(w, r, http.StatusBadRequest, "bulk_new", p)
		return
	}
	pv, err := h.svc.PrepareBulkAward(r.Context(), p.Current.OrgID, b.ID, up.FileName, bytes.NewReader(up.File))
	switch badge.ErrorCode(err) {
	case "":
	case badge.CodeInvalid:
		if e, ok := asBadge(err); ok && e.Field == "file" {
			p.Errors["file"] = p.csvFileError(err)
			p.Alert = p.T("bulk.file_refused")
		} else {
			p.showError(err)
		}
		h.render(w, r, httpx.Status(err), "bulk_new", p)
		return
	default:
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, fmt.Sprintf("/console/bulk/%d", pv.Bulk.ID), false, "bulk.uploaded", "rows", strconv.Itoa(pv.Bulk.Total))
}

// csvFileError is the message of a file the CSV reader refused, with its
// details (a line, a limit) when the error carries them.
func (p *page) csvFileError(err error) string {
	var fe *awardcsv.FileError
	if errors.As(err, &fe) && p.cat.Has(p.Lang, fe.Key) {
		return p.T(fe.Key, fe.Args...)
	}
	if key := badge.ErrorKey(err); p.cat.Has(p.Lang, key) && !hasPlaceholder(p.cat.T(p.Lang, key)) {
		return p.T(key)
	}
	return p.T("bulk.file_unreadable")
}

// bulkTemplate serves the example CSV in Japanese or English (?lang=),
// ready to open in Excel.
func (h *Handler) bulkTemplate(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != badge.LocaleEN {
		lang = badge.LocaleJA
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="akashi-award-template-`+lang+`.csv"`)
	w.Write(awardcsv.Template(lang))
}

// bulkPage is the data of a CSV award's page: its preview, its progress,
// or what it did.
type bulkPage struct {
	Bulk  *badge.BulkAward
	Badge *badge.BadgeClass
	// Preview: the rows that will be issued, a sample of them, and the
	// rows with problems, a page at a time.
	Valid   int
	Sample  []*badge.BulkAwardRow
	Invalid []*badge.BulkAwardRow
	Pager   pager
	// Once confirmed: how far it got, and the rows not issued.
	Handled   int
	Percent   int
	NotIssued []*badge.BulkAwardRow // rows that failed, then duplicates skipped
	More      bool                  // more rows were not issued than are listed
}

// Running reports whether the rows are being issued.
func (d *bulkPage) Running() bool {
	return d.Bulk.State == badge.BulkQueued || d.Bulk.State == badge.BulkRunning
}

// Refresh is the reload interval of the progress page in seconds, 0 when
// there is nothing left to watch.
func (d *bulkPage) Refresh() int {
	if d.Running() {
		return bulkRefreshSeconds
	}
	return 0
}

// bulkShow shows a CSV award. In preview: the counts, every problem by
// line and reason, and the buttons to confirm or cancel. Once confirmed:
// a progress bar refreshed every two seconds while it runs, the counts,
// and the rows that failed or were skipped, with reasons.
func (h *Handler) bulkShow(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "bulk.title")
	p.Nav = "awards"
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, orgID := r.Context(), p.Current.OrgID
	bk, err := h.svc.BulkAward(ctx, orgID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := h.svc.BadgeClass(ctx, orgID, bk.BadgeClassID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := &bulkPage{Bulk: bk, Badge: b, Valid: bk.Total - bk.Failed, Handled: bk.Issued + bk.Skipped + bk.Failed}
	if bk.Total > 0 {
		data.Percent = data.Handled * 100 / bk.Total
	}
	rows := func(state string, pg store.Page) ([]*badge.BulkAwardRow, int, error) {
		return h.svc.BulkAwardRows(ctx, orgID, id, &state, pg)
	}
	n, pg := rowsPage(r)
	var total int
	if data.Invalid, total, err = rows(badge.RowInvalid, pg); err != nil {
		h.fail(w, r, err)
		return
	}
	data.Pager = rowsPager(r, n, total)
	if bk.State == badge.BulkPreview {
		if data.Sample, _, err = rows(badge.RowPending, store.Page{Limit: 5}); err != nil {
			h.fail(w, r, err)
			return
		}
	} else {
		failed, nf, err := rows(badge.RowFailed, store.Page{Limit: bulkRowsPerPage})
		var dups []*badge.BulkAwardRow
		var nd int
		if err == nil {
			dups, nd, err = rows(badge.RowDuplicate, store.Page{Limit: bulkRowsPerPage})
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		data.NotIssued = append(failed, dups...)
		data.More = nf > len(failed) || nd > len(dups)
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "bulk", p)
}

// rowsPage reads ?page=N for the rows of a CSV award.
func rowsPage(r *http.Request) (int, store.Page) {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		n = 1
	}
	return n, store.Page{Offset: (n - 1) * bulkRowsPerPage, Limit: bulkRowsPerPage}
}

// rowsPager is the pager of page n of total rows of a CSV award.
func rowsPager(r *http.Request, n, total int) pager {
	pg := pager{Page: n, Pages: max(1, (total+bulkRowsPerPage-1)/bulkRowsPerPage)}
	if n > 1 {
		pg.Prev = r.URL.Path + "?page=" + strconv.Itoa(min(n-1, pg.Pages))
	}
	if n < pg.Pages {
		pg.Next = r.URL.Path + "?page=" + strconv.Itoa(n+1)
	}
	return pg
}

// bulkConfirm starts issuing a previewed CSV award in the background and
// shows its progress.
func (h *Handler) bulkConfirm(w http.ResponseWriter, r *http.Request) {
	h.bulkDecide(w, r, true)
}

// bulkCancel drops a previewed CSV award; nothing is issued.
func (h *Handler) bulkCancel(w http.ResponseWriter, r *http.Request) {
	h.bulkDecide(w, r, false)
}

func (h *Handler) bulkDecide(w http.ResponseWriter, r *http.Request, confirm bool) {
	if _, ok := h.parseForm(w, r); !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID := visitorFrom(r).current.OrgID
	key := "bulk.cancelled"
	if confirm {
		key = "bulk.confirmed"
		_, err = h.svc.ConfirmBulkAward(r.Context(), orgID, id)
	} else {
		err = h.svc.CancelBulkAward(r.Context(), orgID, id)
	}
	back := fmt.Sprintf("/console/bulk/%d", id)
	switch badge.ErrorCode(err) {
	case "":
		h.redirect(w, r, back, false, key)
	case badge.CodeInvalid:
		h.redirect(w, r, back, true, badge.ErrorKey(err))
	default:
		h.fail(w, r, err)
	}
}

// bulkListPage is the data of the CSV award history.
type bulkListPage struct {
	Bulks []*badge.BulkAward
	names map[int64]*badge.BadgeClass
	Pager pager
}

// BadgeOf is the badge a CSV award is of.
func (d *bulkListPage) BadgeOf(b *badge.BulkAward) *badge.BadgeClass { return d.names[b.BadgeClassID] }

// bulkList lists the organisation's CSV awards, newest first.
func (h *Handler) bulkList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "bulk.history")
	p.Nav = "awards"
	n, pg := pageOf(r)
	bs, total, err := h.svc.BulkAwards(r.Context(), p.Current.OrgID, pg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, names, err := h.orgBadgeNames(r, p.Current.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &bulkListPage{Bulks: bs, names: names, Pager: newPager("/console/bulk", n, total)}
	h.render(w, r, http.StatusOK, "bulk_list", p)
}

// BulkState is the translated name of a CSV award's state.
func (p *page) BulkState(state string) string { return p.T("bulk.state." + state) }
