// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"slices"
	"time"
)

// States of a [WalletImport], decided from its latest verification report.
const (
	ImportValid   = "valid"   // every check that ran passed
	ImportInvalid = "invalid" // a check failed (a bad signature, say)
	ImportRevoked = "revoked" // the issuer revoked or suspended it
	ImportExpired = "expired" // past its expiry date
)

// ImportStates lists the states of imported badges.
var ImportStates = []string{ImportValid, ImportInvalid, ImportRevoked, ImportExpired}

// Limits of imported badges and collections.
const (
	// MaxImportBytes bounds an imported credential as given (a baked
	// image, a JSON or JWT file, or what a URL answered).
	MaxImportBytes = 5 << 20
	// MaxImportImageBytes bounds the image kept beside a JSON or JWT
	// credential (the achievement's image given as a data: URI).
	MaxImportImageBytes = 1 << 20
	// MaxReportBytes bounds the kept verification report (JSON).
	MaxReportBytes = 1 << 20
	// MaxWalletImports bounds the badges one account may import.
	MaxWalletImports = 500
	// MaxCollections bounds the collections of one account, and
	// MaxCollectionItems the badges of one collection.
	MaxCollections     = 100
	MaxCollectionItems = 500
)

// WalletImport is a badge a recipient imported into their wallet from
// elsewhere: any Open Badges 2.0 or 3.0 credential from any issuer, kept as
// given, with what it states of itself and the report of its latest
// verification. Nothing it states is trusted: the report says what holds.
type WalletImport struct {
	ID        int64
	AccountID int64
	// Digest is the SHA-256 of Credential: one account imports a
	// credential once.
	Digest []byte
	// Credential is the input as given: a baked PNG or SVG image, a JSON
	// document, a compact JWS, or what SourceURL answered.
	Credential []byte
	// Kind is the form of Credential: "png", "svg", "json" or "jwt".
	Kind string
	// SourceURL is the address it was fetched from, or "".
	SourceURL string
	// Format is the verification report's format (such as "ob3-di",
	// "ob2-hosted"), or "unknown".
	Format string
	// Image is the badge image kept beside a JSON or JWT credential, nil
	// when there is none or when the credential is itself the image.
	// ImageType is the media type of the image to show (Image's, or the
	// credential's when it is a baked image), "" when there is none.
	Image     []byte
	ImageType string

	// What the credential states, unchecked.
	Name            string
	Description     string
	IssuerName      string
	IssuerID        string
	IssuerURL       string // https only
	ImageURL        string // the image's http(s) address, never fetched by us
	Recipient       string // the recipient's name or identifier as stated in clear
	RecipientHashed bool   // the recipient is named only by a hash
	IssuedOn        *time.Time
	ExpiresAt       *time.Time

	// Report is the JSON of the latest verification report
	// (internal/report), State what it decided, CheckedAt when it ran.
	Report    []byte
	State     string
	CheckedAt time.Time

	Private   bool // never shown publicly; true unless the owner says otherwise
	CreatedAt time.Time
}

// Validate checks the fields a caller sets.
func (w *WalletImport) Validate() error {
	err := firstErr(
		positive("account_id", w.AccountID),
		tokenHash("digest", w.Digest),
		maxBytes("credential", w.Credential, MaxImportBytes),
		maxBytes("image", w.Image, MaxImportImageBytes),
		maxBytes("report", w.Report, MaxReportBytes),
		httpURL("source_url", w.SourceURL),
		text("format", w.Format, MaxShortLen),
		text("name", w.Name, MaxNameLen),
		multiline("description", w.Description, MaxDescriptionLen),
		text("issuer_name", w.IssuerName, MaxNameLen),
		text("issuer_id", w.IssuerID, MaxURLLen),
		httpURL("issuer_url", w.IssuerURL),
		httpURL("image_url", w.ImageURL),
		text("recipient", w.Recipient, MaxNameLen),
	)
	if err != nil {
		return err
	}
	switch {
	case len(w.Credential) == 0:
		return Invalid("credential", KeyRequired, "credential is required.")
	case !slices.Contains([]string{"png", "svg", "json", "jwt"}, w.Kind):
		return Invalid("kind", KeyKind, "kind must be png, svg, json or jwt.")
	case !slices.Contains([]string{"", "image/png", "image/svg+xml"}, w.ImageType):
		return Invalid("image_type", KeyImageType, "image_type must be image/png or image/svg+xml.")
	case !slices.Contains(ImportStates, w.State):
		return Invalid("state", KeyKind, "state must be valid, invalid, revoked or expired.")
	case len(w.Report) > 0 && jsonText("report", string(w.Report), MaxReportBytes) != nil:
		return Invalid("report", KeyJSON, "report must be JSON.")
	case w.CheckedAt.IsZero():
		return Invalid("checked_at", KeyRequired, "checked_at is required.")
	}
	return nil
}

// Collection is a named group of badges of one wallet — its own awards and
// its imports — with a public page at /c/{Slug}. The page lists only the
// badges that are public; a private badge in a collection is never shown
// there.
type Collection struct {
	ID        int64
	AccountID int64
	// Slug is the collection's address: chosen by its owner, or random.
	// It is unique across the instance.
	Slug        string
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// MaxCollectionSlugLen bounds a collection's slug.
const MaxCollectionSlugLen = 64

// Validate checks the fields a caller sets.
func (c *Collection) Validate() error {
	err := firstErr(
		positive("account_id", c.AccountID),
		requiredText("name", c.Name, MaxNameLen),
		multiline("description", c.Description, MaxDescriptionLen),
	)
	if err == nil && (len(c.Slug) < 3 || len(c.Slug) > MaxCollectionSlugLen || !slugRE.MatchString(c.Slug)) {
		err = Invalid("slug", KeySlug, "slug must be 3 to 64 lower-case letters, digits or hyphens, not starting or ending with a hyphen.")
	}
	return err
}

// CollectionItem is one badge of a collection: an award in the owner's
// wallet (AwardID) or one of their imports (ImportID), never both.
type CollectionItem struct {
	CollectionID int64
	AwardID      int64
	ImportID     int64
	AddedAt      time.Time
}

// Validate checks the fields a caller sets.
func (it *CollectionItem) Validate() error {
	err := firstErr(positive("collection_id", it.CollectionID), notNegative("award_id", it.AwardID),
		notNegative("import_id", it.ImportID))
	if err == nil && (it.AwardID == 0) == (it.ImportID == 0) {
		err = Invalid("badge", KeyReference, "a collection item is either an award or an import.")
	}
	return err
}
