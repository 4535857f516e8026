// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"encoding/json"
	"fmt"

	"github.com/akashi-badges/akashi/internal/ob2"
)

// OB2BadgeClass returns the OB 2.0 BadgeClass JSON to host at
// Achievement.OB2BadgeURL, naming Issuer.ProfileURL as its issuer. OB 2.0
// requires an image, so an empty ImageURL gives [ErrInput].
func OB2BadgeClass(iss *Issuer, a *Achievement) ([]byte, error) {
	if err := iss.checkOB2(); err != nil {
		return nil, err
	}
	if err := a.check(); err != nil {
		return nil, err
	}
	switch {
	case a.OB2BadgeURL == "":
		return nil, missing("achievement OB2BadgeURL")
	case a.ImageURL == "":
		return nil, missing("achievement ImageURL (OB 2.0 requires an image)")
	}
	bc := badgeClass{
		Context:     ob2.Context,
		Type:        "BadgeClass",
		ID:          a.OB2BadgeURL,
		Name:        a.Name,
		Description: a.Description,
		Image:       a.ImageURL,
		Criteria:    ob2.Criteria{ID: a.CriteriaURL, Narrative: a.CriteriaNarrative},
		Issuer:      iss.ProfileURL,
		Tags:        a.Tags,
	}
	for _, al := range a.Alignments {
		bc.Alignment = append(bc.Alignment, ob2.Alignment{
			TargetName: al.Name, TargetURL: al.URL, TargetDescription: al.Description,
			TargetFramework: al.Framework, TargetCode: al.Code,
		})
	}
	return marshal(bc)
}

// OB2IssuerProfile returns the OB 2.0 issuer Profile JSON to host at
// Issuer.ProfileURL. It lists RSAKeyURL as publicKey when the issuer has an
// RSA key, and RevocationListURL when set: signed assertions are verified
// against both.
func OB2IssuerProfile(iss *Issuer) ([]byte, error) {
	if err := iss.checkOB2(); err != nil {
		return nil, err
	}
	p := issuerProfile{
		Context: ob2.Context, Type: "Issuer", ID: iss.ProfileURL,
		Name: iss.Name, URL: iss.URL, Email: iss.Email, Description: iss.Description,
		Image: iss.ImageURL, RevocationList: iss.RevocationListURL,
	}
	if iss.RSAKey != nil && iss.RSAKeyURL != "" {
		p.PublicKey = iss.RSAKeyURL
	}
	return marshal(p)
}

// OB2CryptographicKey returns the OB 2.0 CryptographicKey JSON to host at
// Issuer.RSAKeyURL: the RSA public key as PEM, owned by Issuer.ProfileURL.
func OB2CryptographicKey(iss *Issuer) ([]byte, error) {
	if err := iss.checkOB2(); err != nil {
		return nil, err
	}
	if err := iss.checkRSA(); err != nil {
		return nil, err
	}
	pemText, err := ob2.PublicKeyPEM(&iss.RSAKey.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return marshal(ob2.CryptographicKey{
		Context: ob2.Context, Type: ob2.OneOrMany[string]{"CryptographicKey"},
		ID: iss.RSAKeyURL, Owner: iss.ProfileURL, PublicKeyPem: pemText,
	})
}

// Revoked is one revoked OB 2.0 assertion.
type Revoked struct{ AssertionURL, Reason string }

// OB2RevocationList returns the OB 2.0 RevocationList JSON to host at
// listURL (empty means Issuer.RevocationListURL). Entries name the
// assertion by its id, Award.AssertionURL, which both OB 2.0 forms share.
func OB2RevocationList(iss *Issuer, listURL string, revoked []Revoked) ([]byte, error) {
	if err := iss.checkOB2(); err != nil {
		return nil, err
	}
	if listURL == "" {
		listURL = iss.RevocationListURL
	}
	if !isHTTPURL(listURL) {
		return nil, missing("revocation list URL (an http(s) URL)")
	}
	entries := make([]ob2.RevokedAssertion, 0, len(revoked))
	for i, r := range revoked {
		if r.AssertionURL == "" {
			return nil, fmt.Errorf("%w: revoked entry %d has no AssertionURL", ErrInput, i)
		}
		entries = append(entries, ob2.RevokedAssertion{ID: r.AssertionURL, RevocationReason: r.Reason})
	}
	return marshal(revocationList{
		Context: ob2.Context, Type: "RevocationList", ID: listURL, Issuer: iss.ProfileURL,
		RevokedAssertions: entries,
	})
}

// The documents as written here. The [ob2] types read every shape found in
// the wild, so writing with them gives objects where OB 2.0 consumers most
// often expect plain IRIs (image), and a bare value for one tag; these
// write the common shape: IRIs as strings, lists as arrays, and
// revokedAssertions always present, so an empty list plainly says "nothing
// revoked".
type (
	badgeClass struct {
		Context     json.RawMessage `json:"@context"`
		Type        string          `json:"type"`
		ID          string          `json:"id"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Image       string          `json:"image"`
		Criteria    ob2.Criteria    `json:"criteria"`
		Issuer      string          `json:"issuer"`
		Alignment   []ob2.Alignment `json:"alignment,omitempty"`
		Tags        []string        `json:"tags,omitempty"`
	}
	issuerProfile struct {
		Context        json.RawMessage `json:"@context"`
		Type           string          `json:"type"`
		ID             string          `json:"id"`
		Name           string          `json:"name"`
		URL            string          `json:"url"`
		Email          string          `json:"email"`
		Description    string          `json:"description,omitempty"`
		Image          string          `json:"image,omitempty"`
		PublicKey      string          `json:"publicKey,omitempty"`
		RevocationList string          `json:"revocationList,omitempty"`
	}
	revocationList struct {
		Context           json.RawMessage        `json:"@context"`
		Type              string                 `json:"type"`
		ID                string                 `json:"id"`
		Issuer            string                 `json:"issuer"`
		RevokedAssertions []ob2.RevokedAssertion `json:"revokedAssertions"`
	}
)
