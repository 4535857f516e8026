// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// States of an award, derived from its timestamps by [Award.State].
const (
	AwardIssued  = "issued"  // signed and stored; the e-mail not yet sent
	AwardSent    = "sent"    // the award e-mail went out
	AwardOpened  = "opened"  // the recipient opened the claim link
	AwardClaimed = "claimed" // the recipient took it into a wallet
	AwardBounced = "bounced" // the award e-mail could not be delivered
	AwardExpired = "expired" // past its expiry date
	AwardRevoked = "revoked" // revoked by the issuer
)

// AwardStates lists the states, in the order filters show them.
var AwardStates = []string{AwardIssued, AwardSent, AwardOpened, AwardClaimed, AwardBounced, AwardExpired, AwardRevoked}

// MaxIdempotencyKeyLen bounds [Award.IdempotencyKey].
const MaxIdempotencyKeyLen = 200

// Award is one badge issued to one person: the credentials signed at issue
// time (never re-signed), the status-list slot that can revoke them, and the
// claim link's state.
type Award struct {
	ID             int64
	OrgID          int64
	BadgeClassID   int64
	Revision       int    // the badge class revision it was issued from
	PublicID       string // a UUID: the credential is urn:uuid:PublicID; public URLs use it
	IdempotencyKey string // "" or unique within the organisation (API calls, CSV rows)
	BulkID         int64  // the CSV award it came from, or 0
	IssuedBy       int64  // the staff account, or 0 for an API client or the system

	RecipientEmail  string // normalised
	RecipientName   string // as written
	RecipientLocale string // the language of the award e-mail
	Salt            string // salt of the hashed recipient identity
	EvidenceURL     string
	Narrative       string

	IssuedAt  time.Time
	ExpiresAt *time.Time

	StatusListID int64
	StatusIndex  int

	// The signed artefacts, empty for formats not issued.
	CredentialDI  []byte // OB 3.0 JSON with a Data Integrity proof
	CredentialJWT string // OB 3.0 VC-JWT
	OB2Assertion  []byte // OB 2.0 hosted assertion JSON
	OB2Signed     string // OB 2.0 signed assertion (JWS)

	ClaimTokenHash []byte // SHA-256 of the single-use claim token, nil once used
	ClaimExpiresAt *time.Time
	ClaimedBy      int64 // the wallet account, or 0
	MailID         int64 // the latest award e-mail in the outbox, or 0
	Private        bool  // hidden from public pages and APIs

	SentAt    *time.Time
	OpenedAt  *time.Time
	ClaimedAt *time.Time
	BouncedAt *time.Time
	RevokedAt *time.Time
	// DeclinedAt is when the recipient declined the award or removed it
	// from their wallet: it is never shown in a wallet again.
	DeclinedAt       *time.Time
	RevocationReason string
	CreatedAt        time.Time
}

// State is the award's state at now: revoked, expired, claimed, opened,
// bounced, sent or issued, the first that applies.
func (a *Award) State(now time.Time) string {
	switch {
	case a.RevokedAt != nil:
		return AwardRevoked
	case a.ExpiresAt != nil && !now.Before(*a.ExpiresAt):
		return AwardExpired
	case a.ClaimedAt != nil:
		return AwardClaimed
	case a.OpenedAt != nil:
		return AwardOpened
	case a.BouncedAt != nil:
		return AwardBounced
	case a.SentAt != nil:
		return AwardSent
	}
	return AwardIssued
}

// Validate checks the fields a caller sets.
func (a *Award) Validate() error {
	err := firstErr(
		positive("org_id", a.OrgID),
		positive("badge_class_id", a.BadgeClassID),
		requiredText("public_id", a.PublicID, MaxShortLen),
		text("idempotency_key", a.IdempotencyKey, MaxIdempotencyKeyLen),
		notNegative("bulk_id", a.BulkID),
		notNegative("issued_by", a.IssuedBy),
		notNegative("mail_id", a.MailID),
		required("email", a.RecipientEmail),
		email("email", a.RecipientEmail),
		requiredText("name", a.RecipientName, MaxNameLen),
		locale("locale", a.RecipientLocale),
		httpURL("evidence_url", a.EvidenceURL),
		multiline("narrative", a.Narrative, MaxNarrativeLen),
		positive("status_list_id", a.StatusListID),
		multiline("revocation_reason", a.RevocationReason, MaxDescriptionLen),
	)
	if err == nil && a.Revision < 1 {
		err = Invalid("revision", KeyRange, "revision must be at least 1.")
	}
	if err == nil && a.StatusIndex < 0 {
		err = Invalid("status_index", KeyRange, "status_index must not be negative.")
	}
	if err == nil && a.IssuedAt.IsZero() {
		err = Invalid("issued_at", KeyRequired, "issued_at is required.")
	}
	if err == nil && a.ExpiresAt != nil && !a.ExpiresAt.After(a.IssuedAt) {
		err = Invalid("expires_at", KeyDate, "The expiry must be after the issue date.")
	}
	return err
}

// Purposes of a [StatusList].
const (
	StatusRevocation = "revocation"
	StatusSuspension = "suspension"
)

// StatusListSize is the number of entries of a status list: 131,072 bits,
// the minimum the BitstringStatusList spec recommends for herd privacy.
const StatusListSize = 131072

// StatusList is one BitstringStatusList of an organisation. Bits holds
// StatusListSize bits, most significant bit first (index 0 is the first
// byte's top bit), as the spec orders them. Credential caches the signed
// status list credential; nil means it must be signed again.
type StatusList struct {
	ID         int64
	OrgID      int64
	Purpose    string
	Bits       []byte
	NextIndex  int // the next unallocated index
	Credential []byte
	UpdatedAt  time.Time
	CreatedAt  time.Time
}

// States of a [BulkAward].
const (
	BulkPreview   = "preview"   // parsed, waiting for the issuer to confirm
	BulkQueued    = "queued"    // confirmed; the job will start
	BulkRunning   = "running"   // being issued
	BulkDone      = "done"      // every row handled
	BulkCancelled = "cancelled" // dropped at preview
)

// States of a [BulkAwardRow].
const (
	RowPending   = "pending"   // to be issued
	RowIssued    = "issued"    // AwardID is set
	RowDuplicate = "duplicate" // the recipient already holds the badge; skipped
	RowInvalid   = "invalid"   // failed validation at preview; never issued
	RowFailed    = "failed"    // issuing failed; Error says why
)

// BulkAward is a CSV award to a cohort.
type BulkAward struct {
	ID           int64
	OrgID        int64
	BadgeClassID int64
	CreatedBy    int64
	FileName     string
	Encoding     string
	State        string
	Total        int // data rows in the file
	Issued       int
	Skipped      int // duplicates
	Failed       int // invalid + failed
	CreatedAt    time.Time
	StartedAt    *time.Time
	FinishedAt   *time.Time
}

// Validate checks the fields a caller sets.
func (b *BulkAward) Validate() error {
	return firstErr(positive("org_id", b.OrgID), positive("badge_class_id", b.BadgeClassID),
		notNegative("created_by", b.CreatedBy), text("file_name", b.FileName, MaxNameLen))
}

// BulkAwardRow is one data row of a CSV award.
type BulkAwardRow struct {
	BulkID      int64
	Line        int // the line number in the file
	Email       string
	Name        string
	EvidenceURL string
	Narrative   string
	IssuedOn    *time.Time
	State       string
	Error       string // the reason, for invalid and failed rows
	AwardID     int64
}
