// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/store"
)

// ClaimLinkLifetime is how long an award e-mail's claim link works; staff
// can resend a fresh one.
const ClaimLinkLifetime = 60 * 24 * time.Hour

// AwardInput is one award to make.
type AwardInput struct {
	BadgeClassID int64
	Email, Name  string
	// Locale is the language of the award e-mail; empty means the
	// organisation's default.
	Locale      string
	EvidenceURL string
	Narrative   string
	// IssuedOn backdates the award (a CSV's issue date); zero means now.
	IssuedOn time.Time
	// IdempotencyKey makes a retried call return the award the first call
	// made instead of issuing twice.
	IdempotencyKey string
	// Private hides the award from public pages until the recipient
	// publishes it; an organisation whose awards are private by default
	// (badge.Organization.AwardsPrivate) makes every award so.
	Private bool
	// SkipMail issues without e-mailing the recipient.
	SkipMail bool
}

// AwardResult is an award and whether this call made it.
type AwardResult struct {
	Award   *badge.Award
	Created bool // false: an earlier call with the same idempotency key made it
}

// issueContext is what every award of one badge by one organisation
// shares: loaded once per call, or once per chunk of a bulk award.
type issueContext struct {
	org         *badge.Organization
	class       *badge.BadgeClass
	issuer      *issuing.Issuer
	achievement *issuing.Achievement
	formats     issuing.Formats
	// collectMail makes award mail wait in mailIDs for one batch enqueue.
	collectMail bool
	mailIDs     []int64
	logLeaves   []*store.LogLeaf // a chunk's log leaves, when collecting
}

func (s *Service) newIssueContext(ctx context.Context, r store.Repos, orgID, classID int64) (*issueContext, error) {
	o, err := r.FindOrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b, err := s.orgBadgeClass(ctx, r, orgID, classID)
	if err != nil {
		return nil, err
	}
	if b.ArchivedAt != nil {
		return nil, badge.Invalid("badge_class_id", "award.badge_archived", "This badge is archived; restore it before awarding it.")
	}
	img, err := r.FindBadgeImage(ctx, b.ImageID)
	if err != nil {
		return nil, err
	}
	iss, err := s.issuer(ctx, r, o)
	if err != nil {
		return nil, err
	}
	ach := s.achievement(o, b, img)
	f := issuing.Formats{
		DataIntegrity: b.HasFormat(badge.FormatOB3DataIntegrity),
		JWT:           b.HasFormat(badge.FormatOB3JWT),
		OB2Hosted:     b.HasFormat(badge.FormatOB2Hosted),
		OB2Signed:     b.HasFormat(badge.FormatOB2Signed),
	}
	if (f.OB2Hosted || f.OB2Signed) && o.ContactEmail == "" {
		return nil, badge.Invalid("formats", "award.ob2_needs_email", "Open Badges 2.0 issuers must publish a contact e-mail: set it in the organisation's settings, or issue this badge in Open Badges 3.0 formats only.")
	}
	return &issueContext{org: o, class: b, issuer: iss, achievement: ach, formats: f}, nil
}

// achievement is a badge-class revision as the credentials name it, in the
// organisation's default language.
func (s *Service) achievement(o *badge.Organization, b *badge.BadgeClass, img *badge.BadgeImage) *issuing.Achievement {
	lang := o.DefaultLocale
	ach := &issuing.Achievement{
		ID:                s.AchievementURL(b, b.Revision),
		OB2BadgeURL:       s.AchievementURL(b, b.Revision),
		Name:              b.Name(lang),
		Description:       b.Description(lang),
		Language:          lang,
		ImageURL:          s.ImageURL(o, img),
		ImageType:         img.MediaType,
		CriteriaNarrative: b.CriteriaNarrative,
		CriteriaURL:       b.CriteriaURL,
		Tags:              b.Tags,
		AchievementType:   b.AchievementType,
	}
	for _, a := range b.Alignments {
		ach.Alignments = append(ach.Alignments, issuing.Alignment{Name: a.Name, URL: a.URL, Description: a.Description, Framework: a.Framework, Code: a.Code})
	}
	return ach
}

// checkSchemaOnce validates a sample credential of the badge against the
// 1EdTech schema, so that a bulk award's rows can skip the check.
func (ic *issueContext) checkSchemaOnce() error {
	sample := &issuing.Award{CredentialID: "urn:uuid:00000000-0000-4000-8000-000000000000",
		AssertionURL: ic.achievement.OB2BadgeURL, RecipientEmail: "sample@example.org", RecipientName: "Sample", Salt: "sample",
		IssuedAt: time.Now(), EvidenceURL: "https://example.org/evidence", Narrative: "sample"}
	if _, err := issuing.Credential(ic.issuer, ic.achievement, sample); err != nil {
		if errors.Is(err, issuing.ErrInput) {
			return badge.Invalid("award", "award.cannot_issue", "The badge cannot be issued as it stands: "+err.Error())
		}
		return badge.Internal(err)
	}
	ic.achievement.SchemaChecked = true
	return nil
}

// Award issues one badge to one person: the signed credentials in the
// badge's formats, a revocation status entry, the award e-mail with a claim
// link, and an audit entry, all in one transaction. Issuers, admins and
// owners may award.
func (s *Service) Award(ctx context.Context, orgID int64, in AwardInput) (*AwardResult, error) {
	res, err := s.award(ctx, orgID, in)
	// Two calls with the same key at the same moment: the second one's
	// insert lost the race (its transaction is void); run it again, and it
	// finds and returns the first one's award.
	if be, ok := errors.AsType[*badge.Error](err); ok && be.Code == badge.CodeConflict && be.Key == keyIdempotencyRace {
		res, err = s.award(ctx, orgID, in)
	}
	return res, err
}

// keyIdempotencyRace marks the conflict of a concurrent call with the same
// idempotency key.
const keyIdempotencyRace = "award.idempotency_race"

func (s *Service) award(ctx context.Context, orgID int64, in AwardInput) (*AwardResult, error) {
	var res *AwardResult
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		if in.IdempotencyKey != "" {
			a, err := tx.FindAwardByIdempotencyKey(ctx, orgID, in.IdempotencyKey)
			if err == nil {
				if a.BadgeClassID != in.BadgeClassID || a.RecipientEmail != badge.NormalizeEmail(in.Email) {
					return badge.Conflict("idempotency_key", "award.idempotency_mismatch", "This idempotency key was already used for a different award.")
				}
				res = &AwardResult{Award: a}
				return nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		ic, err := s.newIssueContext(ctx, tx, orgID, in.BadgeClassID)
		if err != nil {
			return err
		}
		slots, err := tx.AllocateStatusSlots(ctx, orgID, badge.StatusRevocation, 1)
		if err != nil {
			return err
		}
		a, err := s.issueOne(ctx, tx, ic, in, slots[0], 0)
		if err != nil {
			return err
		}
		res = &AwardResult{Award: a, Created: true}
		return s.audit(ctx, tx, orgID, "award.create", "award", fmt.Sprint(a.ID), detail("badge", fmt.Sprint(in.BadgeClassID), "email", a.RecipientEmail))
	})
	return res, err
}

// issueOne signs and stores one award in tx and queues its e-mail.
func (s *Service) issueOne(ctx context.Context, tx store.Tx, ic *issueContext, in AwardInput, slot store.StatusSlot, bulkID int64) (*badge.Award, error) {
	p, err := s.newAward(ctx, tx, ic, in, slot, bulkID)
	if err != nil {
		return nil, err
	}
	if err := p.sign(s, ic); err != nil {
		return nil, err
	}
	return p.a, s.storeAward(ctx, tx, ic, p)
}

// pendingAward is an award between validation and storage: a bulk award
// validates its rows in order, signs them in parallel, stores them in order.
type pendingAward struct {
	a     *badge.Award
	w     *issuing.Award
	token string            // the claim link's token; "" sends no mail
	mail  *badge.OutboxMail // the award e-mail, rendered with the signing
	// leaves are the credentials' transparency-log records.
	leaves []*store.LogLeaf
}

// newAward builds and validates an award, so bad input costs no
// signature and the error names the field.
func (s *Service) newAward(ctx context.Context, r store.Repos, ic *issueContext, in AwardInput, slot store.StatusSlot, bulkID int64) (*pendingAward, error) {
	now := s.now()
	issued := in.IssuedOn
	if issued.IsZero() {
		issued = now
	}
	if issued.After(now) {
		return nil, badge.Invalid("issued_on", badge.KeyDate, "The issue date must not be in the future.")
	}
	issued = issued.UTC().Truncate(time.Second)
	// The e-mail's language: as asked, else the recipient's own choice if
	// they have an account, else the organisation's.
	locale := in.Locale
	if !badge.ValidLocale(locale) {
		locale = ic.org.DefaultLocale
		if acct, err := r.FindAccountByEmail(ctx, in.Email); err == nil && badge.ValidLocale(acct.Locale) {
			locale = acct.Locale
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	a := &badge.Award{
		OrgID: ic.org.ID, BadgeClassID: ic.class.ID, Revision: ic.class.Revision,
		PublicID: newTimeUUID(now), IdempotencyKey: in.IdempotencyKey, BulkID: bulkID,
		IssuedBy:       ActorFrom(ctx).AccountID,
		RecipientEmail: badge.NormalizeEmail(in.Email), RecipientName: strings.TrimSpace(in.Name),
		RecipientLocale: locale, Salt: randomToken(16),
		EvidenceURL: strings.TrimSpace(in.EvidenceURL), Narrative: strings.TrimSpace(in.Narrative),
		IssuedAt: issued, ExpiresAt: ic.class.ExpiresAt(issued),
		StatusListID: slot.ListID, StatusIndex: slot.Index,
		Private: in.Private || ic.org.AwardsPrivate,
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	w := &issuing.Award{
		CredentialID:   "urn:uuid:" + a.PublicID,
		AssertionURL:   s.AwardURL(a),
		RecipientEmail: a.RecipientEmail, RecipientName: a.RecipientName, Salt: a.Salt,
		IssuedAt: a.IssuedAt, ValidUntil: a.ExpiresAt,
		EvidenceURL: a.EvidenceURL, Narrative: a.Narrative,
		Status: &issuing.StatusEntry{ListURL: s.StatusListURL(ic.org, slot.ListID), Index: slot.Index, Purpose: badge.StatusRevocation},
	}
	p := &pendingAward{a: a, w: w}
	if !in.SkipMail {
		p.token = randomToken(32)
		a.ClaimTokenHash = hashToken(p.token)
		a.ClaimExpiresAt = new(now.Add(ClaimLinkLifetime))
		a.SentAt = new(now)
	}
	return p, nil
}

// sign makes the award's credentials and renders its e-mail. It touches no
// shared state, so several may run at once.
func (p *pendingAward) sign(s *Service, ic *issueContext) error {
	if p.token != "" {
		m, err := s.renderAwardMail(ic, p.a, p.token)
		if err != nil {
			return err
		}
		p.mail = m
	}
	signed, err := issuing.Issue(proof.Default, ic.issuer, ic.achievement, p.w, ic.formats)
	if errors.Is(err, issuing.ErrInput) {
		return badge.Invalid("award", "award.cannot_issue", "The badge cannot be issued as it stands: "+err.Error())
	}
	if err != nil {
		return badge.Internal(err)
	}
	a := p.a
	a.CredentialDI, a.CredentialJWT, a.OB2Assertion, a.OB2Signed = signed.DataIntegrity, signed.JWT, signed.OB2Assertion, signed.OB2Signed
	if s.LogOff {
		return nil
	}
	p.leaves, err = awardLeaves(a, ic.issuer, signed.DataIntegrityDigest)
	return err
}

// storeAward stores a signed award and its e-mail, and queues the mail's
// delivery (or, when ic collects mail, leaves that to the caller, which
// queues a whole chunk's at once).
func (s *Service) storeAward(ctx context.Context, tx store.Tx, ic *issueContext, p *pendingAward) error {
	a := p.a
	// The mail first, so that the award can point at it (a delivery that
	// fails for good marks the award bounced).
	if p.mail != nil {
		if err := tx.CreateOutboxMail(ctx, p.mail); err != nil {
			return err
		}
		a.MailID = p.mail.ID
	}
	if err := tx.CreateAward(ctx, a); err != nil {
		if errors.Is(err, store.ErrConflict) && a.IdempotencyKey != "" {
			return badge.Conflict("idempotency_key", keyIdempotencyRace, "This idempotency key is being used by another call at the same moment.")
		}
		return err
	}
	if err := s.appendLog(ctx, tx, ic, p); err != nil {
		return err
	}
	if p.mail == nil {
		return nil
	}
	if ic.collectMail {
		ic.mailIDs = append(ic.mailIDs, p.mail.ID)
		return nil
	}
	if s.EnqueueMail != nil {
		return s.EnqueueMail(ctx, tx, p.mail.ID)
	}
	return nil
}

// renderAwardMail renders the award e-mail with its claim link, in the
// recipient's language.
func (s *Service) renderAwardMail(ic *issueContext, a *badge.Award, tok string) (*badge.OutboxMail, error) {
	subject, text, html, err := mail.Render(mail.KindAward, a.RecipientLocale, mail.AwardData{
		SiteName: siteName, RecipientName: a.RecipientName,
		BadgeName: ic.class.Name(a.RecipientLocale), IssuerName: ic.org.Name,
		ClaimURL: s.BaseURL + "/claim/" + tok, Expires: a.ClaimExpiresAt.In(tokyo),
	})
	if err != nil {
		return nil, badge.Internal(err)
	}
	return &badge.OutboxMail{OrgID: ic.org.ID, To: a.RecipientEmail, Subject: subject, TextBody: text, HTMLBody: html, Locale: a.RecipientLocale}, nil
}

// ResendAward sends the award e-mail again with a fresh claim link (the old
// link stops working).
func (s *Service) ResendAward(ctx context.Context, orgID, awardID int64) error {
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		a, err := s.orgAward(ctx, tx, orgID, awardID)
		if err != nil {
			return err
		}
		if a.RevokedAt != nil {
			return badge.Invalid("award", "award.revoked", "This award is revoked.")
		}
		ic, err := s.awardMailContext(ctx, tx, a)
		if err != nil {
			return err
		}
		now := s.now()
		tok := randomToken(32)
		exp := now.Add(ClaimLinkLifetime)
		h := hashToken(tok)
		if a, err = tx.UpdateAward(ctx, a.ID, store.AwardUpdate{ClaimTokenHash: &h, ClaimExpiresAt: &exp, SentAt: &now}); err != nil {
			return err
		}
		m, err := s.renderAwardMail(ic, a, tok)
		if err != nil {
			return err
		}
		if err := tx.CreateOutboxMail(ctx, m); err != nil {
			return err
		}
		if _, err := tx.UpdateAward(ctx, a.ID, store.AwardUpdate{MailID: &m.ID}); err != nil {
			return err
		}
		if s.EnqueueMail != nil {
			if err := s.EnqueueMail(ctx, tx, m.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, orgID, "award.resend", "award", fmt.Sprint(a.ID), detail("email", a.RecipientEmail))
	})
}

// awardMailContext is the little an award e-mail needs: the organisation
// and the badge as issued.
func (s *Service) awardMailContext(ctx context.Context, r store.Repos, a *badge.Award) (*issueContext, error) {
	o, err := r.FindOrganizationByID(ctx, a.OrgID)
	if err != nil {
		return nil, err
	}
	b, err := r.FindBadgeClassRevision(ctx, a.BadgeClassID, a.Revision)
	if err != nil {
		return nil, err
	}
	return &issueContext{org: o, class: b}, nil
}

// orgAward loads an award and checks it belongs to orgID.
func (s *Service) orgAward(ctx context.Context, r store.Repos, orgID, id int64) (*badge.Award, error) {
	a, err := r.FindAwardByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && a.OrgID != orgID {
		return nil, badge.NotFound("error.not_found", "No such award.")
	}
	return a, err
}

// AwardDetail returns one award with its signed artefacts, for staff.
func (s *Service) AwardDetail(ctx context.Context, orgID, id int64) (*badge.Award, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, err
	}
	return s.orgAward(ctx, s.Store, orgID, id)
}

// Awards lists the organisation's awards (the history), newest first.
func (s *Service) Awards(ctx context.Context, orgID int64, f store.AwardFilter) ([]*badge.Award, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, 0, err
	}
	f.OrgID = &orgID
	return s.Store.FindAwards(ctx, f)
}
