// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// WalletBadge is a badge in a recipient's wallet, as they see it.
type WalletBadge struct {
	*PublicAward
	// State is badge.AwardRevoked, badge.AwardExpired or "valid".
	State string
}

// ClaimAccount is the input of [Service.ClaimWithNewAccount]: the wallet
// account a new recipient creates on the claim page.
type ClaimAccount struct {
	Name, Password, Locale string
	// IP and UserAgent describe the session opened for the new account.
	IP, UserAgent string
}

// walletActor returns the signed-in account's id, or an unauthorized error.
func walletActor(ctx context.Context) (int64, error) {
	id := ActorFrom(ctx).AccountID
	if id == 0 {
		return 0, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	return id, nil
}

// claimable finds the award of a claim link that can still be claimed: the
// same plain errors as [Service.OpenClaim].
func (s *Service) claimable(ctx context.Context, tx store.Tx, token string) (*badge.Award, error) {
	a, err := tx.FindAwardByClaimToken(ctx, hashToken(token))
	if err != nil {
		return nil, badge.NotFound("claim.unknown", "This claim link is not valid or was already used.")
	}
	switch {
	case a.RevokedAt != nil:
		return nil, badge.Invalid("claim", "claim.revoked", "This badge was revoked by its issuer.")
	case a.ClaimExpiresAt != nil && s.now().After(*a.ClaimExpiresAt):
		return nil, badge.Invalid("claim", "claim.expired", "This claim link has expired. Ask the issuer to send it again.")
	}
	return a, nil
}

// claim puts a into the account's wallet and uses up its claim link.
func (s *Service) claim(ctx context.Context, tx store.Tx, a *badge.Award, accountID int64) (*badge.Award, error) {
	now := s.now()
	none := []byte{}
	upd := store.AwardUpdate{ClaimedBy: &accountID, ClaimedAt: &now, ClaimTokenHash: &none}
	if a.OpenedAt == nil {
		upd.OpenedAt = &now
	}
	return tx.UpdateAward(ctx, a.ID, upd)
}

// ClaimAward takes the award of a claim link into the signed-in account's
// wallet; the link is single use. The link proves the recipient reads the
// award's address, so that address joins the account as a verified one
// when no account holds it yet: later badges sent to it land in the wallet.
func (s *Service) ClaimAward(ctx context.Context, token string) (*badge.Award, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *badge.Award
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		a, err := s.claimable(ctx, tx, token)
		if err != nil {
			return err
		}
		if out, err = s.claim(ctx, tx, a, id); err != nil {
			return err
		}
		return s.adoptAddress(ctx, tx, id, a.RecipientEmail)
	})
	return out, err
}

// adoptAddress adds email to the account as verified, unless some account
// already holds it (then the account keeps what it has).
func (s *Service) adoptAddress(ctx context.Context, tx store.Tx, accountID int64, email string) error {
	if _, err := tx.FindAccountEmail(ctx, email); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	es, err := tx.FindAccountEmails(ctx, accountID)
	if err != nil || len(es) >= badge.MaxAccountEmails {
		return err
	}
	now := s.now()
	return tx.CreateAccountEmail(ctx, &badge.AccountEmail{AccountID: accountID, Email: email, VerifiedAt: &now})
}

// ClaimWithNewAccount creates a wallet account for the award's address
// (verified: the link proves it) and claims the award into it. An address
// that already has an account is a conflict: sign in to claim instead.
// It returns a session for the new account.
func (s *Service) ClaimWithNewAccount(ctx context.Context, token string, in ClaimAccount) (*SessionToken, error) {
	var acc *badge.Account
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		a, err := s.claimable(ctx, tx, token)
		if err != nil {
			return err
		}
		name := strings.TrimSpace(in.Name)
		if name == "" {
			return badge.Invalid("name", badge.KeyRequired, "Enter your name.")
		}
		sys := WithActor(ctx, Actor{System: true}) // to mark the address verified
		acc, err = s.createAccount(sys, tx, NewAccount{Email: a.RecipientEmail, Name: name,
			Password: in.Password, Locale: in.Locale, Verified: true})
		if err != nil {
			if badge.ErrorKey(err) == "validation.email_taken" {
				return badge.Conflict("email", "wallet.sign_in_to_claim", "You already have an account with this address: sign in to keep the badge.")
			}
			return err
		}
		_, err = s.claim(ctx, tx, a, acc.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.newSession(ctx, acc, in.IP, in.UserAgent)
}

// walletBadge builds the wallet view of a.
func (s *Service) walletBadge(ctx context.Context, r store.Repos, a *badge.Award) (*WalletBadge, error) {
	pa, err := s.publicAward(ctx, r, a)
	if err != nil {
		return nil, err
	}
	st := "valid"
	switch x := a.State(s.now()); x {
	case badge.AwardRevoked, badge.AwardExpired:
		st = x
	}
	return &WalletBadge{PublicAward: pa, State: st}, nil
}

// WalletBadges returns the badges in the signed-in account's wallet, newest
// first; query keeps those whose name (in either language) or issuer
// contains it, ignoring case.
func (s *Service) WalletBadges(ctx context.Context, query string) ([]*WalletBadge, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	as, _, err := s.Store.FindAwards(ctx, store.AwardFilter{ClaimedBy: &id})
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(query))
	var out []*WalletBadge
	for _, a := range as {
		// Listings leave out the signed artefacts; the wallet offers them.
		if a, err = s.Store.FindAwardByID(ctx, a.ID); err != nil {
			return nil, err
		}
		wb, err := s.walletBadge(ctx, s.Store, a)
		if err != nil {
			return nil, err
		}
		if q == "" || matches(q, wb.Badge.NameJA, wb.Badge.NameEN, wb.Org.Name) {
			out = append(out, wb)
		}
	}
	return out, nil
}

func matches(q string, fields ...string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

// verifiedAddresses returns the account's verified addresses.
func verifiedAddresses(ctx context.Context, r store.Repos, accountID int64) ([]string, error) {
	es, err := r.FindAccountEmails(ctx, accountID)
	if err != nil {
		return nil, err
	}
	addrs := []string{}
	for _, e := range es {
		if e.VerifiedAt != nil {
			addrs = append(addrs, e.Email)
		}
	}
	return addrs, nil
}

// pendingFilter selects the awards waiting for the account: sent to one of
// its verified addresses, in no wallet, not declined, not revoked.
func pendingFilter(addrs []string) store.AwardFilter {
	no, zero := false, int64(0)
	return store.AwardFilter{RecipientEmails: addrs, ClaimedBy: &zero, Claimed: &no, Declined: &no, Revoked: &no}
}

// PendingBadges returns the badges awarded to the signed-in account's
// verified addresses that it has neither accepted nor declined.
func (s *Service) PendingBadges(ctx context.Context) ([]*WalletBadge, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	addrs, err := verifiedAddresses(ctx, s.Store, id)
	if err != nil {
		return nil, err
	}
	as, _, err := s.Store.FindAwards(ctx, pendingFilter(addrs))
	if err != nil {
		return nil, err
	}
	out := make([]*WalletBadge, 0, len(as))
	for _, a := range as {
		wb, err := s.walletBadge(ctx, s.Store, a)
		if err != nil {
			return nil, err
		}
		out = append(out, wb)
	}
	return out, nil
}

// pending returns the award if it is pending for the account, else a
// not-found error (the same for another's award: nothing leaks).
func (s *Service) pending(ctx context.Context, tx store.Tx, accountID, awardID int64) (*badge.Award, error) {
	notFound := badge.NotFound("error.not_found", "No such badge is waiting for you.")
	a, err := tx.FindAwardByID(ctx, awardID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	addrs, err := verifiedAddresses(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	ok := a.ClaimedBy == 0 && a.ClaimedAt == nil && a.DeclinedAt == nil && a.RevokedAt == nil
	if !ok || !contains(addrs, a.RecipientEmail) {
		return nil, notFound
	}
	return a, nil
}

// AcceptPending takes a pending badge into the signed-in account's wallet.
func (s *Service) AcceptPending(ctx context.Context, awardID int64) (*badge.Award, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *badge.Award
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		a, err := s.pending(ctx, tx, id, awardID)
		if err != nil {
			return err
		}
		out, err = s.claim(ctx, tx, a, id)
		return err
	})
	return out, err
}

// DeclinePending hides a pending badge: it is never shown in the wallet
// again. The credential stays valid at the issuer.
func (s *Service) DeclinePending(ctx context.Context, awardID int64) error {
	id, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		a, err := s.pending(ctx, tx, id, awardID)
		if err != nil {
			return err
		}
		now := s.now()
		_, err = tx.UpdateAward(ctx, a.ID, store.AwardUpdate{DeclinedAt: &now})
		return err
	})
}

// owned returns the award if it is in the account's wallet, else a
// not-found error (the same for another's badge).
func owned(ctx context.Context, r store.Repos, accountID, awardID int64) (*badge.Award, error) {
	a, err := r.FindAwardByID(ctx, awardID)
	if errors.Is(err, store.ErrNotFound) || err == nil && a.ClaimedBy != accountID {
		return nil, badge.NotFound("error.not_found", "No such badge in your wallet.")
	}
	return a, err
}

// WalletBadge returns one badge of the signed-in account's wallet, public
// or private.
func (s *Service) WalletBadge(ctx context.Context, awardID int64) (*WalletBadge, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	a, err := owned(ctx, s.Store, id, awardID)
	if err != nil {
		return nil, err
	}
	return s.walletBadge(ctx, s.Store, a)
}

// SetBadgePrivate makes a badge of the wallet private (no public page, no
// public document) or public again.
func (s *Service) SetBadgePrivate(ctx context.Context, awardID int64, private bool) (*badge.Award, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *badge.Award
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := owned(ctx, tx, id, awardID); err != nil {
			return err
		}
		out, err = tx.UpdateAward(ctx, awardID, store.AwardUpdate{Private: &private})
		return err
	})
	return out, err
}

// RemoveFromWallet deletes a badge from the wallet for good: it leaves the
// account, is never shown as pending again, and becomes private (its public
// page is gone). The credential itself stays valid at the issuer.
func (s *Service) RemoveFromWallet(ctx context.Context, awardID int64) error {
	id, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := owned(ctx, tx, id, awardID); err != nil {
			return err
		}
		now, yes := s.now(), true
		_, err := tx.UpdateAward(ctx, awardID, store.AwardUpdate{Unclaim: true, DeclinedAt: &now, Private: &yes})
		return err
	})
}

// DeleteMyAccount deletes the signed-in account after checking its
// password: its addresses, sessions and wallet go, and every badge it held
// or that waited for it becomes private, so no public page remains. A
// member of an organisation must leave it first (an organisation must not
// lose its last owner by accident).
func (s *Service) DeleteMyAccount(ctx context.Context, password string) error {
	id, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		acc, err := tx.FindAccountByID(ctx, id)
		if err != nil {
			return err
		}
		if ok, _ := CheckPassword(acc.PasswordHash, password); !ok {
			return badge.Invalid("password", "wallet.wrong_password", "The password is not right.")
		}
		if _, n, err := tx.FindMemberships(ctx, store.MembershipFilter{AccountID: &id, Page: store.Page{Limit: 1}}); err != nil || n > 0 {
			if err == nil {
				err = badge.Conflict("", "wallet.leave_orgs_first", "Leave your organisations before deleting your account.")
			}
			return err
		}
		if err := s.hideAll(ctx, tx, id); err != nil {
			return err
		}
		return tx.DeleteAccount(ctx, id)
	})
}

// hideAll makes private every award the account holds or that was sent to
// one of its addresses.
func (s *Service) hideAll(ctx context.Context, tx store.Tx, accountID int64) error {
	es, err := tx.FindAccountEmails(ctx, accountID)
	if err != nil {
		return err
	}
	addrs := make([]string, len(es))
	for i, e := range es {
		addrs[i] = e.Email
	}
	held, _, err := tx.FindAwards(ctx, store.AwardFilter{ClaimedBy: &accountID})
	if err != nil {
		return err
	}
	sent, _, err := tx.FindAwards(ctx, store.AwardFilter{RecipientEmails: addrs})
	if err != nil {
		return err
	}
	yes := true
	for _, a := range append(held, sent...) {
		if a.Private {
			continue
		}
		if _, err := tx.UpdateAward(ctx, a.ID, store.AwardUpdate{Private: &yes}); err != nil {
			return err
		}
	}
	return nil
}
