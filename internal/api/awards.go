// SPDX-License-Identifier: Apache-2.0

package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// awardJSON is an award in the REST API.
type awardJSON struct {
	ID               int64      `json:"id"`
	PublicID         string     `json:"public_id"`
	BadgeID          int64      `json:"badge_id"`
	BadgeRevision    int        `json:"badge_revision"`
	RecipientEmail   string     `json:"recipient_email"`
	RecipientName    string     `json:"recipient_name"`
	State            string     `json:"state"`
	IssuedAt         time.Time  `json:"issued_at"`
	ExpiresAt        *time.Time `json:"expires_at"`
	RevokedAt        *time.Time `json:"revoked_at"`
	RevocationReason string     `json:"revocation_reason"`
	URL              string     `json:"url"`
	CredentialURL    string     `json:"credential_url"`
	BulkID           int64      `json:"bulk_id,omitempty"`
}

func (a *API) awardOut(aw *badge.Award) awardJSON {
	url := a.svc.AwardURL(aw)
	return awardJSON{ID: aw.ID, PublicID: aw.PublicID, BadgeID: aw.BadgeClassID, BadgeRevision: aw.Revision,
		RecipientEmail: aw.RecipientEmail, RecipientName: aw.RecipientName, State: aw.State(time.Now()),
		IssuedAt: aw.IssuedAt, ExpiresAt: aw.ExpiresAt, RevokedAt: aw.RevokedAt, RevocationReason: aw.RevocationReason,
		URL: url, CredentialURL: url + "/credential.json", BulkID: aw.BulkID}
}

// awardIn is the body of POST /api/v1/awards.
type awardIn struct {
	BadgeID     int64  `json:"badge_id"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Locale      string `json:"locale"`
	EvidenceURL string `json:"evidence_url"`
	Narrative   string `json:"narrative"`
	IssuedOn    string `json:"issued_on"`
	SendEmail   *bool  `json:"send_email"`
}

// createAward awards one badge. The Idempotency-Key header makes a retry
// return the first call's award (200) instead of issuing again (201).
func (a *API) createAward(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	var in awardIn
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	ai := service.AwardInput{BadgeClassID: in.BadgeID, Email: in.Email, Name: in.Name, Locale: in.Locale,
		EvidenceURL: in.EvidenceURL, Narrative: in.Narrative, IdempotencyKey: r.Header.Get("Idempotency-Key"),
		SkipMail: in.SendEmail != nil && !*in.SendEmail}
	if in.IssuedOn != "" {
		d, err := time.ParseInLocation(time.DateOnly, in.IssuedOn, tokyo)
		if err != nil {
			writeError(w, r, badge.Invalid("issued_on", badge.KeyDate, "issued_on must be a date like 2026-04-01."))
			return
		}
		ai.IssuedOn = d
	}
	res, err := a.svc.Award(r.Context(), t.OrgID, ai)
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/awards/"+strconv.FormatInt(res.Award.ID, 10))
	writeJSON(w, status, "", a.awardOut(res.Award))
}

func (a *API) listAwards(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	q := r.URL.Query()
	f := store.AwardFilter{Query: q.Get("q"), Page: page(r)}
	if v := q.Get("badge_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, r, badge.Invalid("badge_id", badge.KeyReference, "badge_id must be a badge's numeric id."))
			return
		}
		f.BadgeClassID = &id
	}
	if v := q.Get("email"); v != "" {
		f.RecipientEmail = &v
	}
	if v := q.Get("revoked"); v != "" {
		f.Revoked = new(v == "true")
	}
	if v := q.Get("state"); v != "" {
		f.State = &v
	}
	as, n, err := a.svc.Awards(r.Context(), t.OrgID, f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := listJSON[awardJSON]{Items: []awardJSON{}, Total: n}
	for _, aw := range as {
		out.Items = append(out.Items, a.awardOut(aw))
	}
	writeJSON(w, http.StatusOK, "", out)
}

func (a *API) getAward(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	if err == nil {
		var aw *badge.Award
		if aw, err = a.svc.AwardDetail(r.Context(), t.OrgID, id); err == nil {
			writeJSON(w, http.StatusOK, "", a.awardOut(aw))
			return
		}
	}
	writeError(w, r, err)
}

// revokeIn is the body of the revoke endpoints; ids only for the batch one.
type revokeIn struct {
	IDs    []int64 `json:"ids,omitempty"`
	Reason string  `json:"reason"`
}

func (a *API) revokeAward(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	var in revokeIn
	if err == nil {
		err = decodeJSON(w, r, &in)
	}
	if err == nil {
		if _, err = a.svc.Revoke(r.Context(), t.OrgID, []int64{id}, in.Reason); err == nil {
			var aw *badge.Award
			if aw, err = a.svc.AwardDetail(r.Context(), t.OrgID, id); err == nil {
				writeJSON(w, http.StatusOK, "", a.awardOut(aw))
				return
			}
		}
	}
	writeError(w, r, err)
}

func (a *API) revokeAwards(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	var in revokeIn
	err := decodeJSON(w, r, &in)
	if err == nil {
		var n int
		if n, err = a.svc.Revoke(r.Context(), t.OrgID, in.IDs, in.Reason); err == nil {
			writeJSON(w, http.StatusOK, "", map[string]int{"revoked": n})
			return
		}
	}
	writeError(w, r, err)
}

func (a *API) resendAward(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	if err == nil {
		if err = a.svc.ResendAward(r.Context(), t.OrgID, id); err == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	writeError(w, r, err)
}
