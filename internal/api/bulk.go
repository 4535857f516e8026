// SPDX-License-Identifier: Apache-2.0

package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/badge"
)

// maxCSVUpload bounds a cohort CSV upload.
const maxCSVUpload = 32 << 20

type bulkJSON struct {
	ID         int64              `json:"id"`
	BadgeID    int64              `json:"badge_id"`
	FileName   string             `json:"file_name"`
	Encoding   string             `json:"encoding"`
	State      string             `json:"state"`
	Total      int                `json:"total"`
	Issued     int                `json:"issued"`
	Skipped    int                `json:"skipped"`
	Failed     int                `json:"failed"`
	CreatedAt  time.Time          `json:"created_at"`
	FinishedAt *time.Time         `json:"finished_at"`
	Problems   []awardcsv.Problem `json:"problems,omitempty"`
}

func bulkOut(b *badge.BulkAward) bulkJSON {
	return bulkJSON{ID: b.ID, BadgeID: b.BadgeClassID, FileName: b.FileName, Encoding: b.Encoding, State: b.State,
		Total: b.Total, Issued: b.Issued, Skipped: b.Skipped, Failed: b.Failed, CreatedAt: b.CreatedAt, FinishedAt: b.FinishedAt}
}

// createBulk takes a CSV (the raw body, Content-Type text/csv, with
// ?badge_id=) and answers the preview: every bad row by line and reason.
// Nothing is issued until the confirm call.
func (a *API) createBulk(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	classID, err := strconv.ParseInt(r.URL.Query().Get("badge_id"), 10, 64)
	if err != nil {
		writeError(w, r, badge.Invalid("badge_id", badge.KeyRequired, "badge_id is required."))
		return
	}
	p, err := a.svc.PrepareBulkAward(r.Context(), t.OrgID, classID, r.URL.Query().Get("file_name"), http.MaxBytesReader(w, r.Body, maxCSVUpload))
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := bulkOut(p.Bulk)
	out.Problems = p.Problems
	writeJSON(w, http.StatusCreated, "", out)
}

func (a *API) getBulk(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	if err == nil {
		var b *badge.BulkAward
		if b, err = a.svc.BulkAward(r.Context(), t.OrgID, id); err == nil {
			writeJSON(w, http.StatusOK, "", bulkOut(b))
			return
		}
	}
	writeError(w, r, err)
}

func (a *API) confirmBulk(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	if err == nil {
		var b *badge.BulkAward
		if b, err = a.svc.ConfirmBulkAward(r.Context(), t.OrgID, id); err == nil {
			writeJSON(w, http.StatusAccepted, "", bulkOut(b))
			return
		}
	}
	writeError(w, r, err)
}
