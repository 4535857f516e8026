// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Formats a badge class can be issued in.
const (
	FormatOB3DataIntegrity = "ob3-di"     // OB 3.0, eddsa-rdfc-2022 proof
	FormatOB3JWT           = "ob3-jwt"    // OB 3.0, VC-JWT (EdDSA)
	FormatOB2Hosted        = "ob2-hosted" // OB 2.0 hosted assertion
	FormatOB2Signed        = "ob2-signed" // OB 2.0 signed assertion (JWS RS256)
)

// AllFormats lists every format, in the order forms show them.
var AllFormats = []string{FormatOB3DataIntegrity, FormatOB3JWT, FormatOB2Hosted, FormatOB2Signed}

// AchievementTypes are the OB 3.0 achievementType values a badge may take
// (the 1EdTech vocabulary; "Badge" is the default).
var AchievementTypes = []string{
	"Badge", "Achievement", "Assessment", "Award", "Certificate", "CertificateOfCompletion",
	"Certification", "CoCurricular", "Competency", "Course", "Degree", "Diploma",
	"License", "Membership", "MicroCredential", "Assignment", "LearningProgram",
}

// Limits of badge classes.
const (
	MaxDescriptionLen = 5000      // characters
	MaxNarrativeLen   = 10000     // characters, criteria and award narratives
	MaxTags           = 30        // tags per badge
	MaxTagLen         = 50        // characters per tag
	MaxAlignments     = 20        // alignments per badge
	MaxBadgeImage     = 512 << 10 // octets of a badge image
	MaxExpiryDays     = 36500     // a period after award, in days
)

// Alignment ties a badge to a skill or competency in a framework.
type Alignment struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
	Framework   string `json:"framework,omitempty"`
	Code        string `json:"code,omitempty"`
}

// BadgeClass is an achievement an organisation awards. Every edit makes a
// new Revision; awards point at the revision they were issued from, so edits
// never change what was already issued.
type BadgeClass struct {
	ID                int64       `json:"id"`
	OrgID             int64       `json:"org_id"`
	PublicID          string      `json:"public_id"` // random, URL-safe; names the badge in public URLs
	Revision          int         `json:"revision"`  // 1 on creation, +1 on every update
	NameJA            string      `json:"name_ja"`
	NameEN            string      `json:"name_en"`
	DescriptionJA     string      `json:"description_ja"`
	DescriptionEN     string      `json:"description_en"`
	ImageID           int64       `json:"image_id"` // a BadgeImage of the same organisation
	CriteriaNarrative string      `json:"criteria_narrative"`
	CriteriaURL       string      `json:"criteria_url"`
	Alignments        []Alignment `json:"alignments"`
	Tags              []string    `json:"tags"`
	AchievementType   string      `json:"achievement_type"`
	ExpiryDate        *time.Time  `json:"expiry_date,omitempty"` // awards expire on this date, or
	ExpiryDays        int         `json:"expiry_days"`           // this many days after award (0 = never)
	Formats           []string    `json:"formats"`
	ArchivedAt        *time.Time  `json:"archived_at,omitempty"`
	CreatedAt         time.Time   `json:"created_at"`
	UpdatedAt         time.Time   `json:"updated_at"`
}

// Name returns the name in lang, falling back to the other language.
func (b *BadgeClass) Name(lang string) string {
	return pick(lang, b.NameJA, b.NameEN)
}

// Description returns the description in lang, falling back to the other language.
func (b *BadgeClass) Description(lang string) string {
	return pick(lang, b.DescriptionJA, b.DescriptionEN)
}

func pick(lang, ja, en string) string {
	if lang == LocaleEN && en != "" || ja == "" {
		return en
	}
	return ja
}

// ExpiresAt returns when an award issued at t expires, or nil.
func (b *BadgeClass) ExpiresAt(t time.Time) *time.Time {
	switch {
	case b.ExpiryDate != nil:
		e := *b.ExpiryDate
		return &e
	case b.ExpiryDays > 0:
		e := t.AddDate(0, 0, b.ExpiryDays)
		return &e
	}
	return nil
}

// HasFormat reports whether f is one of the badge's formats.
func (b *BadgeClass) HasFormat(f string) bool { return slices.Contains(b.Formats, f) }

// Snapshot is the JSON the store keeps of every revision.
func (b *BadgeClass) Snapshot() []byte {
	j, _ := json.Marshal(b) // plain data: cannot fail
	return j
}

// ParseBadgeClassSnapshot reads what [BadgeClass.Snapshot] wrote.
func ParseBadgeClassSnapshot(j []byte) (*BadgeClass, error) {
	var b BadgeClass
	if err := json.Unmarshal(j, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (b *BadgeClass) Validate() error {
	errs := []error{
		positive("org_id", b.OrgID),
		requiredText("public_id", b.PublicID, MaxShortLen),
		text("name_ja", b.NameJA, MaxNameLen),
		text("name_en", b.NameEN, MaxNameLen),
		multiline("description_ja", b.DescriptionJA, MaxDescriptionLen),
		multiline("description_en", b.DescriptionEN, MaxDescriptionLen),
		positive("image_id", b.ImageID),
		multiline("criteria_narrative", b.CriteriaNarrative, MaxNarrativeLen),
		httpURL("criteria_url", b.CriteriaURL),
	}
	if strings.TrimSpace(b.NameJA) == "" && strings.TrimSpace(b.NameEN) == "" {
		errs = append(errs, Invalid("name_ja", KeyRequired, "A name in Japanese or English is required."))
	}
	if strings.TrimSpace(b.DescriptionJA) == "" && strings.TrimSpace(b.DescriptionEN) == "" {
		errs = append(errs, Invalid("description_ja", KeyRequired, "A description in Japanese or English is required."))
	}
	if strings.TrimSpace(b.CriteriaNarrative) == "" && b.CriteriaURL == "" {
		errs = append(errs, Invalid("criteria_narrative", KeyRequired, "Criteria (a text or a URL) are required."))
	}
	errs = append(errs, b.validateLists()...)
	if !slices.Contains(AchievementTypes, b.AchievementType) {
		errs = append(errs, Invalid("achievement_type", KeyKind, "achievement_type is not an Open Badges 3.0 achievement type."))
	}
	if b.ExpiryDays < 0 || b.ExpiryDays > MaxExpiryDays {
		errs = append(errs, Invalid("expiry_days", KeyRange, "expiry_days must be between 0 and 36500."))
	}
	if b.ExpiryDate != nil && b.ExpiryDays > 0 {
		errs = append(errs, Invalid("expiry_days", KeyRange, "Give an expiry date or a period, not both."))
	}
	return firstErr(errs...)
}

func (b *BadgeClass) validateLists() []error {
	var errs []error
	if len(b.Formats) == 0 {
		errs = append(errs, Invalid("formats", KeyRequired, "Choose at least one format."))
	}
	for _, f := range b.Formats {
		if !slices.Contains(AllFormats, f) {
			errs = append(errs, Invalid("formats", KeyKind, "Unknown format "+f+"."))
		}
	}
	if len(b.Tags) > MaxTags {
		errs = append(errs, Invalid("tags", KeyTooLong, "Too many tags."))
	}
	for _, t := range b.Tags {
		errs = append(errs, requiredText("tags", t, MaxTagLen))
	}
	if len(b.Alignments) > MaxAlignments {
		errs = append(errs, Invalid("alignments", KeyTooLong, "Too many alignments."))
	}
	for _, a := range b.Alignments {
		errs = append(errs,
			requiredText("alignments.name", a.Name, MaxNameLen),
			required("alignments.url", a.URL), httpURL("alignments.url", a.URL),
			multiline("alignments.description", a.Description, MaxDescriptionLen),
			text("alignments.framework", a.Framework, MaxNameLen),
			text("alignments.code", a.Code, MaxShortLen))
	}
	return errs
}

// BadgeImage is an uploaded badge image, stored once per organisation per
// content (SHA-256), shared by the revisions that use it.
type BadgeImage struct {
	ID        int64
	OrgID     int64
	SHA256    []byte
	MediaType string // image/png or image/svg+xml
	Data      []byte
	CreatedAt time.Time
}

// Validate checks the fields a caller sets.
func (i *BadgeImage) Validate() error {
	err := firstErr(positive("org_id", i.OrgID), tokenHash("sha256", i.SHA256), requiredBytes("image", i.Data, MaxBadgeImage))
	if err == nil && i.MediaType != "image/png" && i.MediaType != "image/svg+xml" {
		err = Invalid("image", KeyImageType, "The badge image must be a PNG or SVG image.")
	}
	return err
}
