// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/store"
)

// NewOrganization is the input of [Service.CreateOrganization].
type NewOrganization struct {
	Name, Slug, URL, ContactEmail, DefaultLocale string
	// OwnerID becomes the organisation's first owner.
	OwnerID int64
}

// CreateOrganization creates an organisation, its Ed25519 and RSA signing
// keys (sealed with the master key) and its owner's membership, in one
// transaction. An empty Slug is derived from the name.
func (s *Service) CreateOrganization(ctx context.Context, in NewOrganization) (*badge.Organization, error) {
	a := ActorFrom(ctx)
	if !a.System && (a.AccountID == 0 || a.AccountID != in.OwnerID) {
		return nil, badge.Forbidden("error.forbidden", "You can only create an organisation that you own.")
	}
	if in.Slug == "" {
		in.Slug = slugFrom(in.Name)
	}
	if in.DefaultLocale == "" {
		in.DefaultLocale = badge.LocaleJA
	}
	// Key generation (RSA especially) is slow: do it before the transaction.
	edKey, err := keys.GenerateEd25519()
	if err != nil {
		return nil, badge.Internal(err)
	}
	rsaKey, err := keys.GenerateRSA()
	if err != nil {
		return nil, badge.Internal(err)
	}
	o := &badge.Organization{Name: in.Name, Slug: in.Slug, URL: in.URL, ContactEmail: in.ContactEmail, DefaultLocale: in.DefaultLocale}
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if err := tx.CreateOrganization(ctx, o); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return badge.Conflict("slug", "validation.slug_taken", "This short name (slug) is already used by another organisation.")
			}
			return err
		}
		for _, k := range []crypto.Signer{edKey, rsaKey} {
			if err := s.storeKey(ctx, tx, o.ID, k); err != nil {
				return err
			}
		}
		if err := tx.CreateMembership(ctx, &badge.Membership{OrgID: o.ID, AccountID: in.OwnerID, Role: badge.RoleOwner}); err != nil {
			return err
		}
		return s.audit(ctx, tx, o.ID, "org.create", "organization", fmt.Sprint(o.ID), "")
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// keyAD binds a sealed key to its organisation and kind, so a row copied to
// another organisation cannot be opened.
func keyAD(orgID int64, kind string) []byte { return []byte(fmt.Sprintf("org:%d:%s", orgID, kind)) }

func (s *Service) storeKey(ctx context.Context, tx store.Tx, orgID int64, k crypto.Signer) error {
	kind := badge.KeyKindRSA
	if _, ok := k.(ed25519.PrivateKey); ok {
		kind = badge.KeyKindEd25519
	}
	pub, sealed, err := keys.SealPrivateKey(s.MasterKey, k, keyAD(orgID, kind))
	if err != nil {
		return badge.Internal(err)
	}
	return tx.CreateSigningKey(ctx, &badge.SigningKey{OrgID: orgID, Kind: kind, PublicKey: pub, PrivateKeyEnc: sealed})
}

// IssuerDID returns the organisation's issuer identifier: did:web under the
// instance's https base URL, else the did:key of its current Ed25519 key.
func (s *Service) IssuerDID(ctx context.Context, o *badge.Organization) (string, error) {
	if strings.HasPrefix(s.BaseURL, "https://") {
		return did.WebDID(s.BaseURL + "/orgs/" + o.Slug)
	}
	pub, err := s.currentEd25519(ctx, o.ID)
	if err != nil {
		return "", err
	}
	return did.KeyDID(pub), nil
}

func (s *Service) currentEd25519(ctx context.Context, orgID int64) (ed25519.PublicKey, error) {
	kind := badge.KeyKindEd25519
	ks, _, err := s.Store.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &orgID, Kind: &kind})
	if err != nil {
		return nil, err
	}
	for _, k := range ks {
		if k.RetiredAt == nil {
			pub, err := x509.ParsePKIXPublicKey(k.PublicKey)
			if err != nil {
				return nil, badge.Internal(err)
			}
			if ed, ok := pub.(ed25519.PublicKey); ok {
				return ed, nil
			}
		}
	}
	return nil, badge.Internal(errors.New("service: organisation has no current Ed25519 key"))
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugFrom derives a URL name from an organisation name: its ASCII letters
// and digits, or "org-" and random characters for a name without any
// (most Japanese names).
func slugFrom(name string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	if len(s) < 2 {
		b := make([]byte, 3)
		rand.Read(b)
		s = "org-" + hex.EncodeToString(b)
	}
	return s
}
