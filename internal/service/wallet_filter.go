// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Values of [WalletFilter].
const (
	// States a wallet lists by, besides the import states.
	WalletStatePending = "pending"
	// Sources of the badges of a wallet.
	SourceAwarded  = "awarded"  // issued on this instance and accepted
	SourceImported = "imported" // imported from elsewhere
)

// WalletFilter selects what the wallet lists: Query as for
// [Service.WalletBadges], State one of "valid", "revoked", "expired",
// "invalid" (imports only) or "pending" (waiting to be accepted), Source
// [SourceAwarded] or [SourceImported]. Empty, or a value not listed,
// selects everything.
type WalletFilter struct {
	Query, State, Source string
}

// WalletView is what the wallet lists: the badges waiting for the account,
// its own badges, and the badges it imported.
type WalletView struct {
	Pending []*WalletBadge
	Badges  []*WalletBadge
	Imports []*ImportedBadge
}

// WalletStates lists the states the wallet filters by.
var WalletStates = []string{badge.ImportValid, badge.ImportRevoked, badge.ImportExpired, badge.ImportInvalid, WalletStatePending}

// WalletList returns the signed-in account's wallet, filtered by f.
func (s *Service) WalletList(ctx context.Context, f WalletFilter) (*WalletView, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	f = f.normalized()
	v := &WalletView{}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	awarded, imported := f.Source != SourceImported, f.Source != SourceAwarded
	if awarded && (f.State == "" || f.State == WalletStatePending) {
		pending, err := s.PendingBadges(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range pending {
			if q == "" || matches(q, b.Badge.NameJA, b.Badge.NameEN, b.Org.Name) {
				v.Pending = append(v.Pending, b)
			}
		}
	}
	if f.State == WalletStatePending {
		return v, nil
	}
	if awarded && f.State != badge.ImportInvalid {
		kept, err := s.WalletBadges(ctx, f.Query)
		if err != nil {
			return nil, err
		}
		for _, b := range kept {
			if f.State == "" || b.State == f.State {
				v.Badges = append(v.Badges, b)
			}
		}
	}
	if imported {
		im := store.WalletImportFilter{AccountID: &id, Query: strings.TrimSpace(f.Query)}
		if f.State != "" {
			im.State = &f.State
		}
		if v.Imports, err = s.importedBadges(ctx, im); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// normalized is f with the values it does not know cleared.
func (f WalletFilter) normalized() WalletFilter {
	known := func(v string, set ...string) string {
		for _, x := range set {
			if v == x {
				return v
			}
		}
		return ""
	}
	f.State = known(f.State, WalletStates...)
	f.Source = known(f.Source, SourceAwarded, SourceImported)
	return f
}
