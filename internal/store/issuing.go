// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// BadgeClasses stores [badge.BadgeClass]es, every revision of each, and
// their images.
type BadgeClasses interface {
	// CreateBadgeImage validates img and stores it, setting img.ID and
	// img.CreatedAt; if the organisation already has an image with the same
	// SHA256 it sets img.ID (and CreatedAt) to that one's and stores nothing.
	// It returns ErrNotFound if the organisation does not exist.
	CreateBadgeImage(ctx context.Context, img *badge.BadgeImage) error
	// FindBadgeImage returns ErrNotFound if there is no such image.
	FindBadgeImage(ctx context.Context, id int64) (*badge.BadgeImage, error)
	// FindBadgeImageBySHA256 returns the organisation's image with that
	// digest, or ErrNotFound.
	FindBadgeImageBySHA256(ctx context.Context, orgID int64, sum []byte) (*badge.BadgeImage, error)

	// CreateBadgeClass sets b.Revision to 1, validates b and inserts it and
	// its first revision, setting b.ID, b.CreatedAt and b.UpdatedAt. It
	// returns a *badge.Error if b is invalid, ErrNotFound if the
	// organisation or image does not exist (or the image belongs to another
	// organisation) and ErrConflict if the public id is taken.
	CreateBadgeClass(ctx context.Context, b *badge.BadgeClass) error
	// FindBadgeClassByID returns the current revision, or ErrNotFound.
	FindBadgeClassByID(ctx context.Context, id int64) (*badge.BadgeClass, error)
	// FindBadgeClassByPublicID returns the current revision, or ErrNotFound.
	FindBadgeClassByPublicID(ctx context.Context, publicID string) (*badge.BadgeClass, error)
	// FindBadgeClassRevision returns the badge class as it was at revision
	// rev (ArchivedAt and UpdatedAt as of that revision), or ErrNotFound.
	FindBadgeClassRevision(ctx context.Context, id int64, rev int) (*badge.BadgeClass, error)
	// FindBadgeClasses returns the badge classes matching f, newest first,
	// and their total.
	FindBadgeClasses(ctx context.Context, f BadgeClassFilter) ([]*badge.BadgeClass, int, error)
	// UpdateBadgeClass replaces the badge class's editable fields with those
	// of b (everything but ID, OrgID, PublicID, Revision, ArchivedAt and the
	// times), validates the result, increments Revision, stores the new
	// revision and returns the badge class. It returns ErrNotFound or a
	// *badge.Error.
	UpdateBadgeClass(ctx context.Context, id int64, b *badge.BadgeClass) (*badge.BadgeClass, error)
	// SetBadgeClassArchived archives (at = now) or restores (nil) a badge
	// class without making a revision. It returns ErrNotFound.
	SetBadgeClassArchived(ctx context.Context, id int64, at *time.Time) (*badge.BadgeClass, error)
}

// BadgeClassFilter selects badge classes; nil fields match everything.
type BadgeClassFilter struct {
	OrgID    *int64
	Archived *bool
	Query    string // matched case-insensitively against the names and tags
	Page
}

// Awards stores [badge.Award]s.
type Awards interface {
	// CreateAward normalises a.RecipientEmail, validates a and inserts it,
	// setting a.ID and a.CreatedAt. It returns a *badge.Error if a is
	// invalid, ErrNotFound if the organisation, badge class, status list or
	// bulk award does not exist, and ErrConflict if the public id, the
	// (organisation, idempotency key) pair or the (status list, index) pair
	// is taken.
	CreateAward(ctx context.Context, a *badge.Award) error
	// FindAwardByID returns ErrNotFound if there is no such award.
	FindAwardByID(ctx context.Context, id int64) (*badge.Award, error)
	// FindAwardByPublicID returns ErrNotFound if there is no such award.
	FindAwardByPublicID(ctx context.Context, publicID string) (*badge.Award, error)
	// FindAwardByIdempotencyKey returns the organisation's award made with
	// key, or ErrNotFound.
	FindAwardByIdempotencyKey(ctx context.Context, orgID int64, key string) (*badge.Award, error)
	// FindAwardByClaimToken returns the award whose claim token hashes to
	// hash, whether or not it has expired (the caller says which), or ErrNotFound.
	FindAwardByClaimToken(ctx context.Context, hash []byte) (*badge.Award, error)
	// FindAwards returns the awards matching f, newest first, and their
	// total. The signed artefacts (CredentialDI, CredentialJWT, OB2Assertion,
	// OB2Signed) are left empty in listings; use FindAwardByID for them.
	FindAwards(ctx context.Context, f AwardFilter) ([]*badge.Award, int, error)
	// UpdateAward applies upd and returns the award. It returns ErrNotFound
	// or a *badge.Error if the result is invalid.
	UpdateAward(ctx context.Context, id int64, upd AwardUpdate) (*badge.Award, error)
	// CountAwards returns how many awards match f (ignoring f.Page).
	CountAwards(ctx context.Context, f AwardFilter) (int, error)
}

// AwardFilter selects awards; nil and empty fields match everything.
type AwardFilter struct {
	OrgID          *int64
	BadgeClassID   *int64
	BulkID         *int64
	RecipientEmail *string // exact, after normalising
	// RecipientEmails matches any of the addresses (after normalising); an
	// empty non-nil slice matches nothing.
	RecipientEmails []string
	ClaimedBy       *int64 // the wallet account; 0 matches awards no account holds
	Claimed         *bool  // whether ClaimedAt is set
	Declined        *bool  // whether DeclinedAt is set
	Revoked         *bool
	StatusListID    *int64
	MailID          *int64  // the award whose latest e-mail this outbox mail is
	State           *string // one of badge.AwardStates, as [badge.Award.State] gives it now
	Query           string  // matched case-insensitively against recipient name and e-mail
	Page
}

// AwardUpdate changes the non-nil fields of an award. The signed
// artefacts never change after issue.
type AwardUpdate struct {
	SentAt           *time.Time
	OpenedAt         *time.Time
	ClaimedAt        *time.Time
	ClaimedBy        *int64
	BouncedAt        *time.Time
	RevokedAt        *time.Time
	RevocationReason *string
	ClaimTokenHash   *[]byte // an empty slice clears it (the token was used)
	ClaimExpiresAt   *time.Time
	Private          *bool
	DeclinedAt       *time.Time
	// Unclaim clears ClaimedBy and ClaimedAt (the recipient removed the
	// badge from their wallet).
	Unclaim         bool
	RecipientLocale *string
	MailID          *int64
}

// StatusSlot is one allocated status-list entry.
type StatusSlot struct {
	ListID int64
	Index  int
}

// StatusLists stores [badge.StatusList]s.
type StatusLists interface {
	// AllocateStatusSlots reserves n consecutive-or-not entries in the
	// organisation's status lists of purpose, opening a new list (all bits
	// clear) when the current one is full. Allocated slots are never handed
	// out twice, even across concurrent transactions. It returns ErrNotFound
	// if the organisation does not exist.
	AllocateStatusSlots(ctx context.Context, orgID int64, purpose string, n int) ([]StatusSlot, error)
	// FindStatusList returns ErrNotFound if there is no such list.
	FindStatusList(ctx context.Context, id int64) (*badge.StatusList, error)
	// FindStatusLists returns the organisation's lists, oldest first.
	FindStatusLists(ctx context.Context, orgID int64) ([]*badge.StatusList, error)
	// SetStatusBits sets (value true) or clears the bits at indexes of the
	// list and clears its cached Credential. It returns ErrNotFound, or a
	// *badge.Error if an index is out of range.
	SetStatusBits(ctx context.Context, listID int64, indexes []int, value bool) error
	// SetStatusListCredential caches the signed credential of the list,
	// unless its bits changed since updatedAt (then it stores nothing and
	// returns nil, so a stale signature never overwrites a newer state).
	SetStatusListCredential(ctx context.Context, listID int64, cred []byte, updatedAt time.Time) error
}

// BulkAwards stores [badge.BulkAward]s and their rows.
type BulkAwards interface {
	// CreateBulkAward validates b and inserts it with its rows (each row's
	// BulkID is set), setting b.ID and b.CreatedAt. Rows are written in
	// batches, so thousands are fine. It returns a *badge.Error or ErrNotFound.
	CreateBulkAward(ctx context.Context, b *badge.BulkAward, rows []*badge.BulkAwardRow) error
	// FindBulkAward returns ErrNotFound if there is no such bulk award.
	FindBulkAward(ctx context.Context, id int64) (*badge.BulkAward, error)
	// FindBulkAwards returns the bulk awards matching f, newest first, and their total.
	FindBulkAwards(ctx context.Context, f BulkAwardFilter) ([]*badge.BulkAward, int, error)
	// FindBulkAwardRows returns the rows of a bulk award matching f, in line
	// order, and their total.
	FindBulkAwardRows(ctx context.Context, f BulkAwardRowFilter) ([]*badge.BulkAwardRow, int, error)
	// UpdateBulkAward applies upd and returns the bulk award; ErrNotFound.
	UpdateBulkAward(ctx context.Context, id int64, upd BulkAwardUpdate) (*badge.BulkAward, error)
	// UpdateBulkAwardRow sets the state, error and award of one row; ErrNotFound.
	UpdateBulkAwardRow(ctx context.Context, bulkID int64, line int, state, errText string, awardID int64) error
}

// BulkAwardFilter selects bulk awards.
type BulkAwardFilter struct {
	OrgID *int64
	State *string
	Page
}

// BulkAwardRowFilter selects the rows of one bulk award.
type BulkAwardRowFilter struct {
	BulkID int64
	State  *string
	Page
}

// BulkAwardUpdate changes the non-nil fields of a bulk award.
type BulkAwardUpdate struct {
	State      *string
	Issued     *int
	Skipped    *int
	Failed     *int
	StartedAt  *time.Time
	FinishedAt *time.Time
}
