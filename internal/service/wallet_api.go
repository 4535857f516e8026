// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/verify"
)

// The use cases of the Open Badges APIs (OB 3.0 API, OB 2.1 Badge
// Connect), for the wallet owner a bearer token acts for.

// WalletDocument is one credential of a wallet as the Open Badges APIs give
// it: JSON (an OB 3.0 credential with an embedded proof, an OB 2.0 hosted
// assertion) or a compact JWS (an OB 3.0 VC-JWT, an OB 2.0 signed
// assertion), exactly one of the two.
type WalletDocument struct {
	JSON     json.RawMessage
	JWS      string
	IssuedAt time.Time
}

// Versions of Open Badges a [WalletDocument] list is for.
const (
	OB3 = 3
	OB2 = 2
)

// WalletDocuments returns the signed-in wallet's credentials of Open
// Badges version ob ([OB3] or [OB2]), newest first, with the total before
// paging: the awards it holds (an award issued in both OB 3.0 forms
// appears once, with its embedded proof) and the badges it imported. A
// non-zero since keeps those issued after it.
func (s *Service) WalletDocuments(ctx context.Context, ob int, since time.Time, page store.Page) ([]*WalletDocument, int, error) {
	awards, err := s.WalletBadges(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	var docs []*WalletDocument
	for _, wb := range awards {
		if d := awardDocument(wb.Award, ob); d != nil {
			docs = append(docs, d)
		}
	}
	imports, err := s.ImportedBadges(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, ib := range imports {
		d, err := s.importDocument(ctx, ib, ob)
		if err != nil {
			return nil, 0, err
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	if !since.IsZero() {
		docs = slices.DeleteFunc(docs, func(d *WalletDocument) bool { return !d.IssuedAt.After(since) })
	}
	slices.SortStableFunc(docs, func(a, b *WalletDocument) int { return b.IssuedAt.Compare(a.IssuedAt) })
	total := len(docs)
	docs = docs[min(page.Offset, total):]
	if page.Limit > 0 && len(docs) > page.Limit {
		docs = docs[:page.Limit]
	}
	return docs, total, nil
}

// awardDocument is an award's credential of version ob, or nil when it was
// not issued in that version.
func awardDocument(a *badge.Award, ob int) *WalletDocument {
	d := &WalletDocument{IssuedAt: a.IssuedAt}
	switch {
	case ob == OB3 && len(a.CredentialDI) > 0:
		d.JSON = a.CredentialDI
	case ob == OB3 && a.CredentialJWT != "":
		d.JWS = a.CredentialJWT
	case ob == OB2 && len(a.OB2Assertion) > 0:
		d.JSON = a.OB2Assertion
	case ob == OB2 && a.OB2Signed != "":
		d.JWS = a.OB2Signed
	default:
		return nil
	}
	return d
}

// importDocument is an import's credential when it is of version ob (a
// baked image gives what is baked in it), or nil.
func (s *Service) importDocument(ctx context.Context, ib *ImportedBadge, ob int) (*WalletDocument, error) {
	want := []string{verify.FormatOB3DI, verify.FormatOB3JWT}
	if ob == OB2 {
		want = []string{verify.FormatOB2Hosted, verify.FormatOB2Signed}
	}
	if !slices.Contains(want, ib.Format) {
		return nil, nil
	}
	full, err := s.ImportedBadge(ctx, ib.ID) // listings leave the credential out
	if err != nil {
		return nil, err
	}
	data := full.Credential
	if full.Kind == "png" || full.Kind == "svg" {
		p, err := bake.Unbake(data, nil)
		if err != nil || len(p.Data) == 0 {
			return nil, nil // a legacy image holding only a URL
		}
		data = p.Data
	}
	d := &WalletDocument{IssuedAt: full.CreatedAt}
	if full.IssuedOn != nil {
		d.IssuedAt = *full.IssuedOn
	}
	data = bytes.TrimSpace(data)
	if verify.Sniff(data) == "jwt" {
		d.JWS = string(data)
	} else if json.Valid(data) {
		d.JSON = data
	} else {
		return nil, nil
	}
	return d, nil
}

// PushedBadge is the input of [Service.PushBadge]: a credential as JSON or
// as a compact JWS, or the URL of a hosted OB 2.0 assertion.
type PushedBadge struct {
	Data []byte
	URL  string
}

// PushBadge stores a credential another system sends into the signed-in
// wallet — an OB 3.0 upsert or an OB 2.1 assertion push — through the
// wallet's import (verified at once, kept private). ob is the version the
// endpoint takes: a JSON or JWS credential of the other version is an
// invalid error. An OB 3.0 credential equal to one the wallet imported
// (the same id and issuer id) replaces it, keeping its privacy and
// collections ([ImportInput.Replace]). created is false when the wallet
// already held these very bytes (the same credential pushed again) or the
// credential replaced an equal one.
func (s *Service) PushBadge(ctx context.Context, ob int, in PushedBadge) (b *ImportedBadge, created bool, err error) {
	if _, err := walletActor(ctx); err != nil {
		return nil, false, err
	}
	if len(in.Data) > 0 {
		in.Data = bytes.TrimSpace(in.Data)
		if err := checkPushedVersion(in.Data, ob); err != nil {
			return nil, false, err
		}
	}
	name := "pushed.json"
	if verify.Sniff(in.Data) == "jwt" {
		name = "pushed.jwt"
	}
	b, err = s.ImportBadge(ctx, ImportInput{Data: in.Data, Filename: name, URL: in.URL, Replace: ob == OB3})
	if err != nil {
		return nil, false, err
	}
	created = !b.Existing && !b.Replaced
	if ob == OB2 {
		if err := s.checkPushedRecipient(ctx, b); err != nil {
			if created {
				if rerr := s.RemoveImport(ctx, b.ID); rerr != nil {
					return nil, false, rerr
				}
			}
			return nil, false, err
		}
	}
	return b, created, nil
}

// KeyPushRecipientMismatch is the message key of an OB 2.0 assertion pushed
// to a wallet none of whose verified addresses is its recipient (OB 2.1's
// RECIPIENT_PROFILE_MISMATCH).
const KeyPushRecipientMismatch = "oauth.push_recipient_mismatch"

// checkPushedRecipient refuses an OB 2.0 assertion pushed by another system
// whose recipient is an e-mail address that is not one of the wallet's
// verified addresses: a system must not fill a wallet with someone else's
// badges. Other identity types (a URL, a telephone number) cannot be
// compared with the wallet, and pass.
func (s *Service) checkPushedRecipient(ctx context.Context, b *ImportedBadge) error {
	id, ok := pushedRecipient(b.Credential)
	if !ok || !strings.EqualFold(id.Type, "email") {
		return nil
	}
	accountID, err := walletActor(ctx)
	if err != nil {
		return err
	}
	addrs, err := verifiedAddresses(ctx, s.Store, accountID)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if ob2.MatchIdentity(id, a) {
			return nil
		}
	}
	return badge.Invalid("assertion", KeyPushRecipientMismatch,
		"This badge was awarded to an e-mail address that is not one of this wallet's verified addresses: add and confirm that address in the wallet first.")
}

// pushedRecipient reads the recipient of an OB 2.0 assertion, JSON or the
// payload of a signed assertion.
func pushedRecipient(data []byte) (ob2.IdentityObject, bool) {
	data = bytes.TrimSpace(data)
	if verify.Sniff(data) == "jwt" {
		parts := strings.Split(string(data), ".")
		if len(parts) != 3 {
			return ob2.IdentityObject{}, false
		}
		p, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			return ob2.IdentityObject{}, false
		}
		data = p
	}
	var a struct {
		Recipient *ob2.IdentityObject `json:"recipient"`
	}
	if json.Unmarshal(data, &a) != nil || a.Recipient == nil {
		return ob2.IdentityObject{}, false
	}
	return *a.Recipient, true
}

// checkPushedVersion refuses a credential of the other Open Badges version
// than ob, and what is neither JSON nor a compact JWS.
func checkPushedVersion(data []byte, ob int) error {
	var isOB2 bool
	switch verify.Sniff(data) {
	case "json":
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			return badge.Invalid("credential", KeyPushNotJSON, "The credential is not a JSON object.")
		}
		isOB2 = verify.IsOB2(m)
	case "jwt":
		isOB2 = verify.IsOB2JWS(string(data))
	default:
		return badge.Invalid("credential", KeyPushNotJSON, "Send the credential as JSON or as a compact JWS.")
	}
	switch {
	case ob == OB3 && isOB2:
		return badge.Invalid("credential", KeyPushWrongVersion, "This is an Open Badges 2.0 assertion: send it to the Open Badges 2.1 API.")
	case ob == OB2 && !isOB2:
		return badge.Invalid("credential", KeyPushWrongVersion, "This is not an Open Badges 2.0 assertion: send Open Badges 3.0 credentials to the Open Badges 3.0 API.")
	}
	return nil
}

// Message keys of [Service.PushBadge]'s own errors.
const (
	KeyPushNotJSON      = "oauth.push_not_json"
	KeyPushWrongVersion = "oauth.push_wrong_version"
)

// WalletProfile is the wallet owner as the Open Badges APIs describe
// them: a Profile whose id is their primary address as a mailto: URI.
type WalletProfile struct {
	ID    string
	Name  string
	Email string
}

// MyProfile returns the signed-in wallet owner's profile.
func (s *Service) MyProfile(ctx context.Context) (*WalletProfile, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.Store.FindAccountByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return walletProfile(a), nil
}

func walletProfile(a *badge.Account) *WalletProfile {
	return &WalletProfile{ID: "mailto:" + a.Email, Name: a.Name, Email: a.Email}
}

// SetMyName changes the signed-in wallet owner's name, the one part of
// the profile the APIs may change: addresses are confirmed by mail, in
// the wallet.
func (s *Service) SetMyName(ctx context.Context, name string) (*WalletProfile, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, badge.Invalid("name", badge.KeyRequired, "name is required.")
	}
	a, err := s.Store.UpdateAccount(ctx, id, store.AccountUpdate{Name: &name})
	if err != nil {
		return nil, err
	}
	return walletProfile(a), nil
}
