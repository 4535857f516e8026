// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/status"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/verify"
)

// MaxRevokeBatch bounds how many awards one call revokes.
const MaxRevokeBatch = 10000

// Revoke revokes awards with a reason: each award's status bit is set, so
// its BitstringStatusList (and the OB 2.0 revocation list) say revoked, and
// the lists are signed again. Already revoked awards are left as they are.
// It returns how many awards it revoked.
func (s *Service) Revoke(ctx context.Context, orgID int64, awardIDs []int64, reason string) (int, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, badge.Invalid("reason", badge.KeyRequired, "Give a reason for the revocation; verifiers show it.")
	}
	if len(awardIDs) == 0 {
		return 0, badge.Invalid("awards", badge.KeyRequired, "Choose the awards to revoke.")
	}
	if len(awardIDs) > MaxRevokeBatch {
		return 0, badge.Invalid("awards", badge.KeyRange, fmt.Sprintf("Revoke at most %d awards at a time.", MaxRevokeBatch))
	}
	n := 0
	lists := map[int64][]int{}
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		now := s.now()
		for _, id := range awardIDs {
			a, err := s.orgAward(ctx, tx, orgID, id)
			if err != nil {
				return err
			}
			if a.RevokedAt != nil {
				continue
			}
			if _, err := tx.UpdateAward(ctx, id, store.AwardUpdate{RevokedAt: &now, RevocationReason: &reason}); err != nil {
				return err
			}
			lists[a.StatusListID] = append(lists[a.StatusListID], a.StatusIndex)
			if err := s.audit(ctx, tx, orgID, "award.revoke", "award", fmt.Sprint(id), detail("reason", reason)); err != nil {
				return err
			}
			n++
		}
		for id, idx := range lists {
			if err := tx.SetStatusBits(ctx, id, idx, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// Sign the changed lists now, so the first verifier does not wait; a
	// failure here is not the revocation's: the list is signed on its next
	// request.
	for id := range lists {
		s.statusListCredential(ctx, orgID, id)
	}
	return n, nil
}

// PublicStatusList returns the signed BitstringStatusList credential of one
// of an organisation's lists, signing it first if its bits changed.
func (s *Service) PublicStatusList(ctx context.Context, slug string, listID int64) ([]byte, error) {
	o, err := s.Store.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, badge.NotFound("error.not_found", "No such status list.")
	}
	return s.statusListCredential(ctx, o.ID, listID)
}

func (s *Service) statusListCredential(ctx context.Context, orgID, listID int64) ([]byte, error) {
	l, err := s.Store.FindStatusList(ctx, listID)
	if errors.Is(err, store.ErrNotFound) || err == nil && l.OrgID != orgID {
		return nil, badge.NotFound("error.not_found", "No such status list.")
	}
	if err != nil {
		return nil, err
	}
	if l.Credential != nil {
		return l.Credential, nil
	}
	o, err := s.Store.FindOrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	iss, err := s.issuer(ctx, s.Store, o)
	if err != nil {
		return nil, err
	}
	cred, err := issuing.StatusListCredential(proof.Default, iss, s.StatusListURL(o, l.ID), l.Purpose, status.FromBytes(l.Bits), l.UpdatedAt)
	if err != nil {
		return nil, badge.Internal(err)
	}
	leaf, err := statusListLeaf(cred, iss)
	if err != nil {
		return nil, err
	}
	// The version is stored and logged in one transaction: a status list a
	// verifier can fetch is always in the log. A version stored by a
	// concurrent request (same bits, same digest) is logged by it instead.
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if err := tx.SetStatusListCredential(ctx, l.ID, cred, l.UpdatedAt); err != nil {
			return err
		}
		now, err := tx.FindStatusList(ctx, l.ID)
		if err != nil || !bytes.Equal(now.Credential, cred) {
			return err
		}
		return tx.AppendLogLeaves(ctx, []*store.LogLeaf{leaf})
	})
	if err != nil {
		return nil, err
	}
	return cred, nil
}

// statusListLeaf is the log leaf of one signed status-list version: its
// digest is that of the credential's canonical form without proof, as for
// a Data Integrity badge.
func statusListLeaf(cred []byte, iss *issuing.Issuer) (*store.LogLeaf, error) {
	l, err := verify.LogLeaf(proof.Default, cred)
	if err != nil {
		return nil, badge.Internal(fmt.Errorf("service: status list leaf: %w", err))
	}
	l.Kind = tlog.KindStatusList
	if l.IssuerID == "" {
		l.IssuerID = iss.ID
	}
	if err := l.Validate(); err != nil {
		return nil, badge.Internal(err)
	}
	return &store.LogLeaf{Kind: l.Kind, Data: l.Marshal()}, nil
}

// PublicRevocationList returns the organisation's OB 2.0 revocation list:
// every revoked award, by its hosted assertion URL, with the reason.
func (s *Service) PublicRevocationList(ctx context.Context, slug string) ([]byte, error) {
	o, err := s.Store.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, badge.NotFound("error.not_found", "No such issuer.")
	}
	as, _, err := s.Store.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID, Revoked: new(true)})
	if err != nil {
		return nil, err
	}
	iss, err := s.issuer(ctx, s.Store, o)
	if err != nil {
		return nil, err
	}
	rs := make([]issuing.Revoked, 0, len(as))
	for _, a := range as {
		rs = append(rs, issuing.Revoked{AssertionURL: s.AwardURL(a), Reason: a.RevocationReason})
	}
	out, err := issuing.OB2RevocationList(iss, s.RevocationListURL(o), rs)
	if err != nil {
		return nil, badge.Internal(err)
	}
	return out, nil
}
