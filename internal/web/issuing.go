// SPDX-License-Identifier: Apache-2.0

package web

// Helpers shared by the issuing pages: the console's badges, awards, CSV
// awards and history, and the public award, badge and claim pages.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// issuingCSSURL is the issuing pages' style sheet (forms with text areas,
// dates and check boxes, thumbnails, progress, the public award page),
// with a digest of its content like [cssURL].
var issuingCSSURL = func() string {
	b, err := staticFiles.ReadFile("static/issuing.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "/static/issuing.css?v=" + hex.EncodeToString(sum[:6])
}()

// IssuingCSS is the address of the issuing pages' style sheet.
func (p *page) IssuingCSS() string { return issuingCSSURL }

// pathID reads the positive number in the path segment name; anything
// else is an address with no page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, badge.NotFound("error.not_found", "No such page.")
	}
	return id, nil
}

// now is the service's clock, so pages agree with what the service decides.
func (h *Handler) now() time.Time {
	if h.svc.Now != nil {
		return h.svc.Now()
	}
	return time.Now()
}

// maxUploadText bounds the text fields of a multipart form together: the
// badge form has two descriptions and criteria of thousands of characters.
const maxUploadText = 256 << 10

// upload is a multipart form with one file.
type upload struct {
	Form     url.Values
	File     []byte
	FileName string
	// TooLarge: the file was larger than allowed and was dropped; the rest
	// of the form was kept, so the page can say so next to what was typed.
	TooLarge bool
}

// readUpload reads a multipart form whose file field may hold at most
// maxFile octets. The body may be larger than that (up to slack more), so
// an oversized file is reported as such with the other fields kept; a body
// larger still stops reading there. A form that cannot be read at all
// renders the error page and returns false.
func (h *Handler) readUpload(w http.ResponseWriter, r *http.Request, fileField string, maxFile, slack int64) (*upload, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+slack+maxUploadText)
	mr, err := r.MultipartReader()
	if err != nil {
		h.fail(w, r, badge.Invalid("", "error.invalid", "The form could not be read."))
		return nil, false
	}
	up := &upload{Form: url.Values{}}
	text := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return up, true
		}
		if tooLarge(err) {
			up.TooLarge = true
			return up, true
		}
		if err != nil {
			h.fail(w, r, badge.Invalid("", "error.invalid", "The form could not be read."))
			return nil, false
		}
		name := part.FormName()
		if part.FileName() != "" || name == fileField {
			if name != fileField {
				continue // another file: not ours to read
			}
			data, err := io.ReadAll(io.LimitReader(part, maxFile+1))
			switch {
			case tooLarge(err) || int64(len(data)) > maxFile:
				up.TooLarge = true
			case err != nil:
				h.fail(w, r, badge.Invalid("", "error.invalid", "The form could not be read."))
				return nil, false
			default:
				up.File, up.FileName = data, part.FileName()
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, int64(maxUploadText-text+1)))
		text += len(v)
		if err != nil || text > maxUploadText {
			h.fail(w, r, badge.Invalid("", "error.invalid", "The form could not be read."))
			return nil, false
		}
		up.Form.Add(name, string(v))
	}
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// Day formats a date (a time.Time or a *time.Time; nil is "") for the
// page, in Japan time: "2026年4月1日" or "1 April 2026".
func (p *page) Day(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	}
	if t.IsZero() {
		return ""
	}
	t = t.In(tokyo)
	if p.Lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2006年1月2日")
}

// BadgeName is the badge's name in the page's language, else the other.
func (p *page) BadgeName(b *badge.BadgeClass) string {
	if b == nil {
		return ""
	}
	return b.Name(string(p.Lang))
}

// BadgeDescription is the badge's description in the page's language, else
// the other.
func (p *page) BadgeDescription(b *badge.BadgeClass) string {
	if b == nil {
		return ""
	}
	return b.Description(string(p.Lang))
}

// AwardState is the translated name of an award state.
func (p *page) AwardState(state string) string { return p.T("award.state." + state) }

// AwardStates lists the states the history filters by.
func (p *page) AwardStates() []string { return badge.AwardStates }

// statePill is an award state as a labelled pill.
type statePill struct{ State, Label string }

// StatePill is the pill of an award state.
func (p *page) StatePill(state string) statePill {
	return statePill{State: state, Label: p.AwardState(state)}
}

// awardRow is an award in a list with its state now.
type awardRow struct {
	*badge.Award
	Status string // the award's state when the page was made
}

func awardRows(as []*badge.Award, now time.Time) []awardRow {
	rows := make([]awardRow, len(as))
	for i, a := range as {
		rows[i] = awardRow{Award: a, Status: a.State(now)}
	}
	return rows
}

// ExpiryText says when awards of the badge expire.
func (p *page) ExpiryText(b *badge.BadgeClass) string {
	switch {
	case b.ExpiryDate != nil:
		return p.T("badges.expiry_on", "date", p.Day(b.ExpiryDate))
	case b.ExpiryDays > 0:
		return p.T("badges.expiry_after", "days", b.ExpiryDays)
	}
	return p.T("badges.expiry_never")
}

// FormAt is the i-th value sent for the form field name (repeated fields:
// the alignment rows), or "".
func (p *page) FormAt(name string, i int) string {
	if vs := p.Form[name]; i < len(vs) {
		return vs[i]
	}
	return ""
}

// FormHas reports whether value is among those of the form field name
// (check boxes).
func (p *page) FormHas(name, value string) bool {
	for _, v := range p.Form[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Lines splits a multi-line text (a narrative) into its lines, so the
// page can show the breaks.
func (p *page) Lines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// listPager is a pager whose links keep the list's filters.
func listPager(path string, q url.Values, n, total int) pager {
	pg := newPager(path, n, total)
	link := func(page int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" {
				v[k] = vs
			}
		}
		v.Set("page", strconv.Itoa(page))
		return path + "?" + v.Encode()
	}
	if pg.Prev != "" {
		pg.Prev = link(min(n-1, pg.Pages))
	}
	if pg.Next != "" {
		pg.Next = link(n + 1)
	}
	return pg
}

// parseDay reads a date the way a date input sends it (2026-04-01) as that
// day's midnight in Japan.
func parseDay(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, tokyo)
}

// sitePath returns the path of an absolute URL of this instance, so pages
// load images from their own origin (the policy allows no other); other
// URLs are returned as they are.
func (h *Handler) sitePath(u string) string {
	if base := h.svc.BaseURL; base != "" && strings.HasPrefix(u, base+"/") {
		return strings.TrimPrefix(u, base)
	}
	return u
}
