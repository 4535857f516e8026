// SPDX-License-Identifier: Apache-2.0

package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// tokyo is the zone of the dates the API takes and gives (issue dates,
// expiry dates): Japanese institutions' calendar days.
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*3600)
}()

// maxJSONBody bounds request bodies of the REST API (a badge with its
// image, base64-encoded, fits).
const maxJSONBody = 1 << 20

// badgeJSON is a badge class in the REST API.
type badgeJSON struct {
	ID                int64             `json:"id"`
	PublicID          string            `json:"public_id"`
	Revision          int               `json:"revision"`
	NameJA            string            `json:"name_ja"`
	NameEN            string            `json:"name_en"`
	DescriptionJA     string            `json:"description_ja"`
	DescriptionEN     string            `json:"description_en"`
	AchievementURL    string            `json:"achievement_url"`
	CriteriaNarrative string            `json:"criteria_narrative"`
	CriteriaURL       string            `json:"criteria_url"`
	Alignments        []badge.Alignment `json:"alignments"`
	Tags              []string          `json:"tags"`
	AchievementType   string            `json:"achievement_type"`
	ExpiryDate        *string           `json:"expiry_date"`
	ExpiryDays        int               `json:"expiry_days"`
	Formats           []string          `json:"formats"`
	Archived          bool              `json:"archived"`
	CreatedAt         time.Time         `json:"created_at"`
	UpdatedAt         time.Time         `json:"updated_at"`
}

func (a *API) badgeOut(b *badge.BadgeClass) badgeJSON {
	out := badgeJSON{ID: b.ID, PublicID: b.PublicID, Revision: b.Revision, NameJA: b.NameJA, NameEN: b.NameEN,
		DescriptionJA: b.DescriptionJA, DescriptionEN: b.DescriptionEN, AchievementURL: a.svc.AchievementURL(b, b.Revision),
		CriteriaNarrative: b.CriteriaNarrative, CriteriaURL: b.CriteriaURL, Alignments: b.Alignments, Tags: b.Tags,
		AchievementType: b.AchievementType, ExpiryDays: b.ExpiryDays, Formats: b.Formats, Archived: b.ArchivedAt != nil,
		CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
	if out.Alignments == nil {
		out.Alignments = []badge.Alignment{}
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if b.ExpiryDate != nil {
		out.ExpiryDate = new(b.ExpiryDate.In(tokyo).Format(time.DateOnly))
	}
	return out
}

// badgeIn is the body of badge create and update: the editable fields and
// the image as base64 (PNG or SVG; optional on update).
type badgeIn struct {
	NameJA            string            `json:"name_ja"`
	NameEN            string            `json:"name_en"`
	DescriptionJA     string            `json:"description_ja"`
	DescriptionEN     string            `json:"description_en"`
	CriteriaNarrative string            `json:"criteria_narrative"`
	CriteriaURL       string            `json:"criteria_url"`
	Alignments        []badge.Alignment `json:"alignments"`
	Tags              []string          `json:"tags"`
	AchievementType   string            `json:"achievement_type"`
	ExpiryDate        string            `json:"expiry_date"`
	ExpiryDays        int               `json:"expiry_days"`
	Formats           []string          `json:"formats"`
	Image             string            `json:"image"`
}

func (in *badgeIn) input() (service.BadgeInput, error) {
	out := service.BadgeInput{NameJA: in.NameJA, NameEN: in.NameEN, DescriptionJA: in.DescriptionJA, DescriptionEN: in.DescriptionEN,
		CriteriaNarrative: in.CriteriaNarrative, CriteriaURL: in.CriteriaURL, Alignments: in.Alignments, Tags: in.Tags,
		AchievementType: in.AchievementType, ExpiryDays: in.ExpiryDays, Formats: in.Formats}
	if in.ExpiryDate != "" {
		d, err := time.ParseInLocation(time.DateOnly, in.ExpiryDate, tokyo)
		if err != nil {
			return out, badge.Invalid("expiry_date", badge.KeyDate, "expiry_date must be a date like 2027-03-31.")
		}
		// The last day the badge is valid, as the console and Japanese
		// certificates (有効期限) mean it: awards expire at its end, in Japan.
		end := d.AddDate(0, 0, 1).Add(-time.Second)
		out.ExpiryDate = &end
	}
	if in.Image != "" {
		img, err := base64.StdEncoding.DecodeString(in.Image)
		if err != nil {
			return out, badge.Invalid("image", badge.KeyImageType, "image must be base64 (standard alphabet, padded).")
		}
		out.Image = img
	}
	return out, nil
}

// decodeJSON reads a JSON body of at most maxJSONBody octets into v,
// refusing unknown fields so that typos are not silently ignored.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return badge.Invalid("body", badge.KeyTooLong, "The request body is too large.")
		}
		return badge.Invalid("body", badge.KeyJSON, "The request body is not valid JSON for this endpoint: "+err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return badge.Invalid("body", badge.KeyJSON, "The request body holds more than one JSON value.")
	}
	return nil
}

// pathID reads a numeric path parameter.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, badge.NotFound("error.not_found", "No such object.")
	}
	return id, nil
}

// page reads offset and limit (at most 500, default 50).
func page(r *http.Request) store.Page {
	p := store.Page{Limit: 50}
	if v, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && v > 0 {
		p.Limit = min(v, 500)
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("offset")); err == nil && v > 0 {
		p.Offset = v
	}
	return p
}

type listJSON[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func (a *API) listBadges(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	f := store.BadgeClassFilter{Query: r.URL.Query().Get("q"), Page: page(r)}
	if v := r.URL.Query().Get("archived"); v != "" {
		f.Archived = new(v == "true")
	}
	bs, n, err := a.svc.BadgeClasses(r.Context(), t.OrgID, f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := listJSON[badgeJSON]{Items: []badgeJSON{}, Total: n}
	for _, b := range bs {
		out.Items = append(out.Items, a.badgeOut(b))
	}
	writeJSON(w, http.StatusOK, "", out)
}

func (a *API) getBadge(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	if err == nil {
		var b *badge.BadgeClass
		if b, err = a.svc.BadgeClass(r.Context(), t.OrgID, id); err == nil {
			writeJSON(w, http.StatusOK, "", a.badgeOut(b))
			return
		}
	}
	writeError(w, r, err)
}

func (a *API) createBadge(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	var in badgeIn
	err := decodeJSON(w, r, &in)
	if err == nil {
		var bi service.BadgeInput
		if bi, err = in.input(); err == nil {
			var b *badge.BadgeClass
			if b, err = a.svc.CreateBadgeClass(r.Context(), t.OrgID, bi); err == nil {
				w.Header().Set("Location", "/api/v1/badges/"+strconv.FormatInt(b.ID, 10))
				writeJSON(w, http.StatusCreated, "", a.badgeOut(b))
				return
			}
		}
	}
	writeError(w, r, err)
}

func (a *API) updateBadge(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	id, err := pathID(r, "id")
	var in badgeIn
	if err == nil {
		err = decodeJSON(w, r, &in)
	}
	if err == nil {
		var bi service.BadgeInput
		if bi, err = in.input(); err == nil {
			var b *badge.BadgeClass
			if b, err = a.svc.UpdateBadgeClass(r.Context(), t.OrgID, id, bi); err == nil {
				writeJSON(w, http.StatusOK, "", a.badgeOut(b))
				return
			}
		}
	}
	writeError(w, r, err)
}

func (a *API) archiveBadge(archived bool) func(http.ResponseWriter, *http.Request, *badge.AccessToken) {
	return func(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
		id, err := pathID(r, "id")
		if err == nil {
			var b *badge.BadgeClass
			if b, err = a.svc.ArchiveBadgeClass(r.Context(), t.OrgID, id, archived); err == nil {
				writeJSON(w, http.StatusOK, "", a.badgeOut(b))
				return
			}
		}
		writeError(w, r, err)
	}
}
