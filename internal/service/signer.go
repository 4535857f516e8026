// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/store"
)

// signers caches each organisation's opened signing keys: opening a sealed
// key and parsing an RSA key costs more than signing a badge, and a bulk
// award signs thousands in a row. An entry is keyed by the ids of the keys
// it holds, so a rotated key is picked up on the next lookup.
type signers struct {
	mu sync.Mutex
	m  map[int64]*orgSigner
}

type orgSigner struct {
	edKeyID, rsaKeyID int64
	ed                ed25519.PrivateKey
	rsa               *rsa.PrivateKey
}

// URLs of an organisation's public documents, under the instance's base URL.
func (s *Service) orgURL(o *badge.Organization) string { return s.BaseURL + "/orgs/" + o.Slug }

// IssuerProfileURL is the OB 2.0 issuer Profile of o.
func (s *Service) IssuerProfileURL(o *badge.Organization) string { return s.orgURL(o) + "/issuer" }

// RevocationListURL is o's OB 2.0 revocation list.
func (s *Service) RevocationListURL(o *badge.Organization) string {
	return s.orgURL(o) + "/revocations"
}

// StatusListURL is the BitstringStatusList credential of one of o's lists.
func (s *Service) StatusListURL(o *badge.Organization, listID int64) string {
	return fmt.Sprintf("%s/status/%d", s.orgURL(o), listID)
}

// ImageURL is where a badge image is served.
func (s *Service) ImageURL(o *badge.Organization, img *badge.BadgeImage) string {
	ext := ".png"
	if img.MediaType == "image/svg+xml" {
		ext = ".svg"
	}
	return fmt.Sprintf("%s/images/%x%s", s.orgURL(o), img.SHA256, ext)
}

// AchievementURL is one revision of a badge class: the OB 3.0 Achievement
// id and the OB 2.0 BadgeClass document.
func (s *Service) AchievementURL(b *badge.BadgeClass, rev int) string {
	return fmt.Sprintf("%s/badges/%s/v%d", s.BaseURL, b.PublicID, rev)
}

// AwardURL is an award's public page, which is also its OB 2.0 hosted
// assertion by content negotiation.
func (s *Service) AwardURL(a *badge.Award) string { return s.BaseURL + "/awards/" + a.PublicID }

// issuer returns the organisation as an [issuing.Issuer], with its current
// keys opened.
func (s *Service) issuer(ctx context.Context, r store.Repos, o *badge.Organization) (*issuing.Issuer, error) {
	ks, _, err := r.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &o.ID, Retired: new(false)})
	if err != nil {
		return nil, err
	}
	var ed, rs *badge.SigningKey
	for _, k := range ks {
		switch {
		case k.Kind == badge.KeyKindEd25519 && ed == nil:
			ed = k
		case k.Kind == badge.KeyKindRSA && rs == nil:
			rs = k
		}
	}
	if ed == nil || rs == nil {
		return nil, badge.Internal(errors.New("service: organisation lacks a current signing key"))
	}
	sg, err := s.openSigner(o.ID, ed, rs)
	if err != nil {
		return nil, err
	}
	pub := sg.ed.Public().(ed25519.PublicKey)
	iss := &issuing.Issuer{
		Name: o.Name, URL: o.URL, Email: o.ContactEmail,
		Ed25519:           sg.ed,
		ProfileURL:        s.IssuerProfileURL(o),
		RSAKey:            sg.rsa,
		RSAKeyURL:         fmt.Sprintf("%s/keys/%d", s.orgURL(o), rs.ID),
		RevocationListURL: s.RevocationListURL(o),
	}
	if iss.URL == "" {
		iss.URL = s.orgURL(o)
	}
	if len(o.LogoImage) > 0 || o.LogoType != "" {
		iss.ImageURL = s.orgURL(o) + "/logo"
	}
	if strings.HasPrefix(s.BaseURL, "https://") {
		if iss.ID, err = did.WebDID(s.orgURL(o)); err != nil {
			return nil, badge.Internal(err)
		}
		iss.VerificationMethod = did.WebKeyID(iss.ID, pub)
	} else {
		iss.ID = did.KeyDID(pub)
		iss.VerificationMethod = did.KeyID(pub)
	}
	return iss, nil
}

func (s *Service) openSigner(orgID int64, ed, rs *badge.SigningKey) (*orgSigner, error) {
	s.signers.mu.Lock()
	defer s.signers.mu.Unlock()
	if sg := s.signers.m[orgID]; sg != nil && sg.edKeyID == ed.ID && sg.rsaKeyID == rs.ID {
		return sg, nil
	}
	edPriv, err := keys.OpenPrivateKey(s.MasterKey, ed.PrivateKeyEnc, keyAD(orgID, badge.KeyKindEd25519))
	if err != nil {
		return nil, badge.Internal(err)
	}
	rsaPriv, err := keys.OpenPrivateKey(s.MasterKey, rs.PrivateKeyEnc, keyAD(orgID, badge.KeyKindRSA))
	if err != nil {
		return nil, badge.Internal(err)
	}
	sg := &orgSigner{edKeyID: ed.ID, rsaKeyID: rs.ID}
	var ok1, ok2 bool
	sg.ed, ok1 = edPriv.(ed25519.PrivateKey)
	sg.rsa, ok2 = rsaPriv.(*rsa.PrivateKey)
	if !ok1 || !ok2 {
		return nil, badge.Internal(errors.New("service: signing key of the wrong kind"))
	}
	if s.signers.m == nil {
		s.signers.m = map[int64]*orgSigner{}
	}
	s.signers.m[orgID] = sg
	return sg, nil
}

// KeySigner signs W3C credentials for the VC-API with an organisation's
// current Ed25519 key as a did:key (the VC-API test suites resolve issuers
// offline, so did:key whatever the base URL).
type KeySigner struct {
	did, vm string
	key     ed25519.PrivateKey
}

// IssuerID is the did:key.
func (k *KeySigner) IssuerID() string { return k.did }

// SignDataIntegrity adds an eddsa-rdfc-2022 proof.
func (k *KeySigner) SignDataIntegrity(ctx context.Context, cred map[string]any) (map[string]any, error) {
	return proof.Default.SignDataIntegrity(cred, k.key, proof.Options{VerificationMethod: k.vm})
}

// VCAPISigner returns the signer of the organisation an API token belongs
// to; the token needs the issue scope.
func (s *Service) VCAPISigner(ctx context.Context, t *badge.AccessToken) (*KeySigner, error) {
	if !t.HasScope(ScopeIssue) {
		return nil, badge.Forbidden("insufficient_scope", "The token lacks the scope "+ScopeIssue+".")
	}
	o, err := s.Store.FindOrganizationByID(ctx, t.OrgID)
	if err != nil {
		return nil, err
	}
	iss, err := s.issuer(ctx, s.Store, o)
	if err != nil {
		return nil, err
	}
	pub := iss.Ed25519.Public().(ed25519.PublicKey)
	return &KeySigner{did: did.KeyDID(pub), vm: did.KeyID(pub), key: iss.Ed25519}, nil
}
