// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const (
	awardColsHead = `id, org_id, badge_class_id, revision, public_id, idempotency_key, bulk_id, issued_by,
	recipient_email, recipient_name, recipient_locale, salt, evidence_url, narrative, issued_at, expires_at,
	status_list_id, status_index, `
	awardColsTail = `, claim_token_hash, claim_expires_at, claimed_by,
	private, sent_at, opened_at, claimed_at, bounced_at, revoked_at, revocation_reason, created_at, mail_id, declined_at`
	awardCols = awardColsHead + `credential_di, credential_jwt, ob2_assertion, ob2_signed` + awardColsTail
	// Listings leave the signed artefacts out: they are most of an award's size.
	awardListCols = awardColsHead + `NULL, '', NULL, ''` + awardColsTail
)

func scanAward(s scanner) (*badge.Award, error) {
	var a badge.Award
	err := s.Scan(&a.ID, &a.OrgID, &a.BadgeClassID, &a.Revision, &a.PublicID, &a.IdempotencyKey,
		idDest{&a.BulkID}, idDest{&a.IssuedBy}, &a.RecipientEmail, &a.RecipientName, &a.RecipientLocale,
		&a.Salt, &a.EvidenceURL, &a.Narrative, timeDest{&a.IssuedAt}, nullTimeDest{&a.ExpiresAt},
		&a.StatusListID, &a.StatusIndex, &a.CredentialDI, &a.CredentialJWT, &a.OB2Assertion, &a.OB2Signed,
		&a.ClaimTokenHash, nullTimeDest{&a.ClaimExpiresAt}, idDest{&a.ClaimedBy}, &a.Private,
		nullTimeDest{&a.SentAt}, nullTimeDest{&a.OpenedAt}, nullTimeDest{&a.ClaimedAt},
		nullTimeDest{&a.BouncedAt}, nullTimeDest{&a.RevokedAt}, &a.RevocationReason, timeDest{&a.CreatedAt}, idDest{&a.MailID}, nullTimeDest{&a.DeclinedAt})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// checkStatusIndex refuses an index past the end of a status list.
func checkStatusIndex(i int) error {
	if i < 0 || i >= badge.StatusListSize {
		return badge.Invalid("status_index", badge.KeyRange, "status_index is outside the status list.")
	}
	return nil
}

// CreateAward implements [store.Awards].
func (c *conn) CreateAward(ctx context.Context, a *badge.Award) error {
	a.RecipientEmail = badge.NormalizeEmail(a.RecipientEmail)
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkStatusIndex(a.StatusIndex); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO awards (org_id, badge_class_id, revision, public_id, idempotency_key,
		bulk_id, issued_by, recipient_email, recipient_name, recipient_locale, salt, evidence_url, narrative,
		issued_at, expires_at, status_list_id, status_index, credential_di, credential_jwt, ob2_assertion,
		ob2_signed, claim_token_hash, claim_expires_at, claimed_by, private, sent_at, opened_at, claimed_at,
		bounced_at, revoked_at, revocation_reason, created_at, mail_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		a.OrgID, a.BadgeClassID, a.Revision, a.PublicID, a.IdempotencyKey, nullID(a.BulkID), nullID(a.IssuedBy),
		a.RecipientEmail, a.RecipientName, a.RecipientLocale, a.Salt, a.EvidenceURL, a.Narrative,
		c.d.ts(a.IssuedAt), c.d.nullTS(a.ExpiresAt), a.StatusListID, a.StatusIndex,
		nullText(a.CredentialDI), a.CredentialJWT, nullText(a.OB2Assertion), a.OB2Signed,
		nullBytes(a.ClaimTokenHash), c.d.nullTS(a.ClaimExpiresAt), nullID(a.ClaimedBy), a.Private,
		c.d.nullTS(a.SentAt), c.d.nullTS(a.OpenedAt), c.d.nullTS(a.ClaimedAt), c.d.nullTS(a.BouncedAt),
		c.d.nullTS(a.RevokedAt), a.RevocationReason, c.d.ts(now), nullID(a.MailID),
	).Scan(&a.ID)
	if err != nil {
		return err
	}
	a.CreatedAt, a.IssuedAt, a.ExpiresAt, a.ClaimExpiresAt = now, norm(a.IssuedAt), normPtr(a.ExpiresAt), normPtr(a.ClaimExpiresAt)
	a.SentAt, a.OpenedAt, a.ClaimedAt = normPtr(a.SentAt), normPtr(a.OpenedAt), normPtr(a.ClaimedAt)
	a.BouncedAt, a.RevokedAt = normPtr(a.BouncedAt), normPtr(a.RevokedAt)
	a.CredentialDI, a.OB2Assertion, a.ClaimTokenHash = nilIfEmpty(a.CredentialDI), nilIfEmpty(a.OB2Assertion), nilIfEmpty(a.ClaimTokenHash)
	return nil
}

// FindAwardByID implements [store.Awards].
func (c *conn) FindAwardByID(ctx context.Context, id int64) (*badge.Award, error) {
	return scanAward(c.row(ctx, `SELECT `+awardCols+` FROM awards WHERE id = ?`, id))
}

// FindAwardByPublicID implements [store.Awards].
func (c *conn) FindAwardByPublicID(ctx context.Context, publicID string) (*badge.Award, error) {
	return scanAward(c.row(ctx, `SELECT `+awardCols+` FROM awards WHERE public_id = ?`, publicID))
}

// FindAwardByIdempotencyKey implements [store.Awards].
func (c *conn) FindAwardByIdempotencyKey(ctx context.Context, orgID int64, key string) (*badge.Award, error) {
	if key == "" {
		return nil, store.ErrNotFound
	}
	// "<> ''" repeats the partial index's condition, so that SQLite uses it.
	return scanAward(c.row(ctx, `SELECT `+awardCols+` FROM awards
		WHERE org_id = ? AND idempotency_key = ? AND idempotency_key <> ''`, orgID, key))
}

// FindAwardByClaimToken implements [store.Awards].
func (c *conn) FindAwardByClaimToken(ctx context.Context, hash []byte) (*badge.Award, error) {
	if len(hash) == 0 {
		return nil, store.ErrNotFound
	}
	return scanAward(c.row(ctx, `SELECT `+awardCols+` FROM awards WHERE claim_token_hash = ?`, hash))
}

func (c *conn) awardWhere(f store.AwardFilter) *where {
	var w where
	if f.OrgID != nil {
		w.add("org_id = ?", *f.OrgID)
	}
	if f.BadgeClassID != nil {
		w.add("badge_class_id = ?", *f.BadgeClassID)
	}
	if f.BulkID != nil {
		w.nullable("bulk_id", *f.BulkID)
	}
	if f.RecipientEmail != nil {
		w.add("recipient_email = ?", badge.NormalizeEmail(*f.RecipientEmail))
	}
	if f.RecipientEmails != nil {
		c.anyEmail(&w, f.RecipientEmails)
	}
	if f.ClaimedBy != nil {
		w.nullable("claimed_by", *f.ClaimedBy)
	}
	if f.Claimed != nil {
		w.isNull("claimed_at", !*f.Claimed)
	}
	if f.Declined != nil {
		w.isNull("declined_at", !*f.Declined)
	}
	if f.Revoked != nil {
		w.isNull("revoked_at", !*f.Revoked)
	}
	if f.StatusListID != nil {
		w.add("status_list_id = ?", *f.StatusListID)
	}
	if f.MailID != nil {
		w.add("mail_id = ?", *f.MailID)
	}
	if f.Query != "" {
		w.contains(f.Query, "recipient_name", "recipient_email")
	}
	if f.State != nil {
		c.awardState(&w, *f.State)
	}
	return &w
}

// anyEmail adds "recipient_email IN (...)"; no address matches nothing.
func (c *conn) anyEmail(w *where, emails []string) {
	if len(emails) == 0 {
		w.add("1 = 0")
		return
	}
	marks := make([]string, len(emails))
	args := make([]any, len(emails))
	for i, e := range emails {
		marks[i], args[i] = "?", badge.NormalizeEmail(e)
	}
	w.add("recipient_email IN ("+strings.Join(marks, ", ")+")", args...)
}

// awardState selects the awards whose [badge.Award.State] is state now:
// the same precedence, as SQL.
func (c *conn) awardState(w *where, state string) {
	now := c.d.ts(c.clock())
	live := "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
	switch state {
	case badge.AwardRevoked:
		w.add("revoked_at IS NOT NULL")
	case badge.AwardExpired:
		w.add("revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ?", now)
	case badge.AwardClaimed:
		w.add(live+" AND claimed_at IS NOT NULL", now)
	case badge.AwardOpened:
		w.add(live+" AND claimed_at IS NULL AND opened_at IS NOT NULL", now)
	case badge.AwardBounced:
		w.add(live+" AND claimed_at IS NULL AND opened_at IS NULL AND bounced_at IS NOT NULL", now)
	case badge.AwardSent:
		w.add(live+" AND claimed_at IS NULL AND opened_at IS NULL AND bounced_at IS NULL AND sent_at IS NOT NULL", now)
	case badge.AwardIssued:
		w.add(live+" AND claimed_at IS NULL AND opened_at IS NULL AND bounced_at IS NULL AND sent_at IS NULL", now)
	default:
		w.add("1 = 0") // an unknown state matches nothing
	}
}

// FindAwards implements [store.Awards].
func (c *conn) FindAwards(ctx context.Context, f store.AwardFilter) ([]*badge.Award, int, error) {
	lq := listQuery{cols: awardListCols, from: "awards", order: "id DESC"}
	return findPage(ctx, c, lq, c.awardWhere(f), f.Page, scanAward)
}

// CountAwards implements [store.Awards].
func (c *conn) CountAwards(ctx context.Context, f store.AwardFilter) (int, error) {
	w := c.awardWhere(f)
	var n int
	err := c.row(ctx, `SELECT COUNT(*) FROM awards`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// UpdateAward implements [store.Awards].
func (c *conn) UpdateAward(ctx context.Context, id int64, upd store.AwardUpdate) (*badge.Award, error) {
	var a *badge.Award
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if a, err = c.FindAwardByID(ctx, id); err != nil {
			return err
		}
		set := c.applyAwardUpdate(a, upd)
		if err := a.Validate(); err != nil {
			return err
		}
		if len(set.terms) == 0 {
			return nil
		}
		// Only the changed columns, so that concurrent updates of different
		// fields (the mail sent, the link opened) do not undo each other.
		a, err = scanAward(c.row(ctx, `UPDATE awards SET `+set.sql()+` WHERE id = ? RETURNING `+awardCols,
			append(set.args, id)...))
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// applyAwardUpdate applies upd to a and returns the assignments that store it.
func (c *conn) applyAwardUpdate(a *badge.Award, upd store.AwardUpdate) *assignments {
	var s assignments
	setTime := func(col string, dst **time.Time, v *time.Time) {
		if v != nil {
			*dst = normPtr(v)
			s.add(col, c.d.ts(*v))
		}
	}
	setTime("sent_at", &a.SentAt, upd.SentAt)
	setTime("opened_at", &a.OpenedAt, upd.OpenedAt)
	setTime("claimed_at", &a.ClaimedAt, upd.ClaimedAt)
	setTime("bounced_at", &a.BouncedAt, upd.BouncedAt)
	setTime("revoked_at", &a.RevokedAt, upd.RevokedAt)
	setTime("claim_expires_at", &a.ClaimExpiresAt, upd.ClaimExpiresAt)
	setTime("declined_at", &a.DeclinedAt, upd.DeclinedAt)
	if upd.Unclaim {
		a.ClaimedBy, a.ClaimedAt = 0, nil
		s.add("claimed_by", nil)
		s.add("claimed_at", c.d.nullTS(nil))
	}
	if upd.ClaimedBy != nil {
		a.ClaimedBy = *upd.ClaimedBy
		s.add("claimed_by", nullID(a.ClaimedBy))
	}
	if upd.RevocationReason != nil {
		a.RevocationReason = *upd.RevocationReason
		s.add("revocation_reason", a.RevocationReason)
	}
	if upd.ClaimTokenHash != nil {
		a.ClaimTokenHash = nilIfEmpty(*upd.ClaimTokenHash)
		s.add("claim_token_hash", nullBytes(a.ClaimTokenHash))
	}
	if upd.Private != nil {
		a.Private = *upd.Private
		s.add("private", a.Private)
	}
	if upd.MailID != nil {
		a.MailID = *upd.MailID
		s.add("mail_id", nullID(a.MailID))
	}
	if upd.RecipientLocale != nil {
		a.RecipientLocale = *upd.RecipientLocale
		s.add("recipient_locale", a.RecipientLocale)
	}
	return &s
}
