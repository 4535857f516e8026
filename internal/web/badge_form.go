// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// alignmentRows is how many skill alignments the badge form offers.
const alignmentRows = 5

// Expiry choices of the badge form.
const (
	expiryNone = "none"
	expiryDate = "date"
	expiryDays = "days"
)

// badgeFormPage is the data of the badge form (new and edit).
type badgeFormPage struct {
	Badge  *badge.BadgeClass // nil for a new badge
	Action string            // where the form posts
	Rows   []int             // the alignment rows, 0..alignmentRows-1
	// ImageDropped: an image was chosen but the form came back with a
	// problem; browsers do not keep files, so it must be chosen again.
	ImageDropped bool
}

func newBadgeFormPage(b *badge.BadgeClass, action string) *badgeFormPage {
	rows := make([]int, alignmentRows)
	for i := range rows {
		rows[i] = i
	}
	return &badgeFormPage{Badge: b, Action: action, Rows: rows}
}

// AchievementTypes lists the Open Badges 3.0 achievement types the form
// offers.
func (p *page) AchievementTypes() []string { return badge.AchievementTypes }

// Formats lists the formats a badge can be issued in.
func (p *page) Formats() []string { return badge.AllFormats }

// badgeFormValues fills a form with the badge's values, for editing; with
// b nil, the defaults of a new badge.
func badgeFormValues(b *badge.BadgeClass) url.Values {
	f := url.Values{}
	if b == nil {
		f.Set("achievement_type", "Badge")
		f.Set("expiry", expiryNone)
		f["formats"] = append([]string(nil), badge.AllFormats...)
		return f
	}
	f.Set("name_ja", b.NameJA)
	f.Set("name_en", b.NameEN)
	f.Set("description_ja", b.DescriptionJA)
	f.Set("description_en", b.DescriptionEN)
	f.Set("criteria_narrative", b.CriteriaNarrative)
	f.Set("criteria_url", b.CriteriaURL)
	for _, a := range b.Alignments {
		f.Add("alignment_name", a.Name)
		f.Add("alignment_url", a.URL)
		f.Add("alignment_framework", a.Framework)
		f.Add("alignment_code", a.Code)
	}
	f.Set("tags", strings.Join(b.Tags, ", "))
	f.Set("achievement_type", b.AchievementType)
	switch {
	case b.ExpiryDate != nil:
		f.Set("expiry", expiryDate)
		f.Set("expiry_date", b.ExpiryDate.In(tokyo).Format(time.DateOnly))
	case b.ExpiryDays > 0:
		f.Set("expiry", expiryDays)
		f.Set("expiry_days", strconv.Itoa(b.ExpiryDays))
	default:
		f.Set("expiry", expiryNone)
	}
	f["formats"] = append([]string(nil), b.Formats...)
	return f
}

// badgeShapeRules are the fields of the badge form checked before the
// service is called.
var badgeShapeRules = []rule{
	{name: "name_ja", max: badge.MaxNameLen}, {name: "name_en", max: badge.MaxNameLen},
	{name: "description_ja", max: badge.MaxDescriptionLen}, {name: "description_en", max: badge.MaxDescriptionLen},
	{name: "criteria_narrative", max: badge.MaxNarrativeLen}, {name: "criteria_url", max: badge.MaxURLLen},
	{name: "achievement_type", required: true},
}

// badgeInput reads the badge form into the service's input, recording in
// p.Errors what cannot be read (a date or a number). Empty alignment rows
// are left out.
func badgeInput(p *page, image []byte) service.BadgeInput {
	f := p.Form
	in := service.BadgeInput{
		NameJA: f.Get("name_ja"), NameEN: f.Get("name_en"),
		DescriptionJA: f.Get("description_ja"), DescriptionEN: f.Get("description_en"),
		CriteriaNarrative: f.Get("criteria_narrative"), CriteriaURL: f.Get("criteria_url"),
		Tags:            splitTags(f.Get("tags")),
		AchievementType: f.Get("achievement_type"),
		Formats:         f["formats"],
		Image:           image,
	}
	for i := range alignmentRows {
		a := badge.Alignment{
			Name: strings.TrimSpace(p.FormAt("alignment_name", i)), URL: strings.TrimSpace(p.FormAt("alignment_url", i)),
			Framework: strings.TrimSpace(p.FormAt("alignment_framework", i)), Code: strings.TrimSpace(p.FormAt("alignment_code", i)),
		}
		if a != (badge.Alignment{}) {
			in.Alignments = append(in.Alignments, a)
		}
	}
	switch f.Get("expiry") {
	case expiryDate:
		d, err := parseDay(strings.TrimSpace(f.Get("expiry_date")))
		if err != nil {
			p.Errors["expiry_date"] = p.T(badge.KeyDate)
			break
		}
		// An expiry date is the last day the badge is valid, as Japanese
		// certificates write 有効期限: the award expires at the end of it.
		end := d.AddDate(0, 0, 1).Add(-time.Second)
		in.ExpiryDate = &end
	case expiryDays:
		n, err := strconv.Atoi(strings.TrimSpace(f.Get("expiry_days")))
		if err != nil || n < 1 || n > badge.MaxExpiryDays {
			p.Errors["expiry_days"] = p.T("badges.expiry_days_range", "max", badge.MaxExpiryDays)
			break
		}
		in.ExpiryDays = n
	}
	return in
}

// splitTags splits the tags field at commas, including the Japanese 、
// and full-width ，, which people type without switching input modes.
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '、' || r == '，' })
}

// badgeFields are the badge form's controls that service errors can be
// shown next to.
var badgeFields = []string{"name_ja", "name_en", "description_ja", "description_en", "image", "criteria_narrative",
	"criteria_url", "tags", "achievement_type", "expiry_date", "expiry_days", "formats"}

// showBadgeError puts a service error on the badge form: next to its
// field, or next to the alignments for "alignments.*", else at the top.
func (p *page) showBadgeError(err error) {
	e, ok := asBadge(err)
	switch {
	case ok && strings.HasPrefix(e.Field, "alignments"):
		p.Errors["alignments"] = p.errorText(err)
	case ok && e.Field == "tags" && e.Code == badge.CodeInvalid:
		// The domain's messages about tags name no limit; these do.
		p.Errors["tags"] = p.T("badges.tags_invalid", "count", badge.MaxTags, "max", badge.MaxTagLen)
	default:
		p.showError(err, badgeFields...)
		return
	}
	p.Alert = p.T("error.invalid")
}
