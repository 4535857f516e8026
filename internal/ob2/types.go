// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"encoding/json"
	"strings"
)

// ContextURL is the JSON-LD context of Open Badges 2.0.
const ContextURL = "https://w3id.org/openbadges/v2"

// Context is the @context value of documents this package writes.
var Context = json.RawMessage(`"` + ContextURL + `"`)

// Assertion is an awarded badge (OB 2.0 #Assertion). Verification also
// receives the 1.x property "verify".
type Assertion struct {
	Context          json.RawMessage     `json:"@context,omitempty"`
	Type             OneOrMany[string]   `json:"type,omitempty"`
	ID               string              `json:"id"`
	Recipient        *IdentityObject     `json:"recipient,omitempty"`
	Badge            Ref[BadgeClass]     `json:"badge,omitzero"`
	Verification     *VerificationObject `json:"verification,omitempty"`
	IssuedOn         string              `json:"issuedOn,omitempty"`
	Image            *Image              `json:"image,omitempty"`
	Evidence         OneOrMany[Evidence] `json:"evidence,omitempty"`
	Narrative        string              `json:"narrative,omitempty"`
	Expires          string              `json:"expires,omitempty"`
	Revoked          bool                `json:"revoked,omitempty"`
	RevocationReason string              `json:"revocationReason,omitempty"`
	// UID is the deprecated 1.x identifier, still matched by revocation lists.
	UID string `json:"uid,omitempty"`
}

// UnmarshalJSON decodes an assertion, taking "verify" when "verification"
// is absent.
func (a *Assertion) UnmarshalJSON(b []byte) error {
	type plain Assertion
	// Decoding through a pointer to *a keeps the fields b does not set, so
	// an assertion can be decoded property by property.
	aux := struct {
		*plain
		Verify *VerificationObject `json:"verify"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if a.Verification == nil {
		a.Verification = aux.Verify
	}
	return nil
}

// BadgeClass describes an achievement (OB 2.0 #BadgeClass).
type BadgeClass struct {
	Context     json.RawMessage      `json:"@context,omitempty"`
	Type        OneOrMany[string]    `json:"type,omitempty"`
	ID          string               `json:"id"`
	Name        string               `json:"name,omitempty"`
	Description string               `json:"description,omitempty"`
	Image       *Image               `json:"image,omitempty"`
	Criteria    *Criteria            `json:"criteria,omitempty"`
	Issuer      Ref[Profile]         `json:"issuer,omitzero"`
	Alignment   OneOrMany[Alignment] `json:"alignment,omitempty"`
	Tags        OneOrMany[string]    `json:"tags,omitempty"`
}

// Profile is an issuer (or recipient) profile (OB 2.0 #Profile).
type Profile struct {
	Context        json.RawMessage                  `json:"@context,omitempty"`
	Type           OneOrMany[string]                `json:"type,omitempty"`
	ID             string                           `json:"id"`
	Name           string                           `json:"name,omitempty"`
	URL            string                           `json:"url,omitempty"`
	Email          string                           `json:"email,omitempty"`
	Telephone      string                           `json:"telephone,omitempty"`
	Description    string                           `json:"description,omitempty"`
	Image          *Image                           `json:"image,omitempty"`
	PublicKey      OneOrMany[Ref[CryptographicKey]] `json:"publicKey,omitempty"`
	Verification   *VerificationObject              `json:"verification,omitempty"`
	RevocationList Ref[RevocationList]              `json:"revocationList,omitzero"`
}

// CryptographicKey is an issuer's public key (OB 2.0 #CryptographicKey).
type CryptographicKey struct {
	Context      json.RawMessage   `json:"@context,omitempty"`
	Type         OneOrMany[string] `json:"type,omitempty"`
	ID           string            `json:"id"`
	Owner        string            `json:"owner,omitempty"`
	PublicKeyPem string            `json:"publicKeyPem,omitempty"`
}

// RevocationList lists the revoked signed assertions of an issuer
// (OB 2.0 #RevocationList).
type RevocationList struct {
	Context           json.RawMessage    `json:"@context,omitempty"`
	Type              OneOrMany[string]  `json:"type,omitempty"`
	ID                string             `json:"id"`
	Issuer            Ref[Profile]       `json:"issuer,omitzero"`
	RevokedAssertions []RevokedAssertion `json:"revokedAssertions,omitempty"`
}

// RevokedAssertion is one entry of a revocation list: an id string, or an
// object with id (or 1.x uid) and a reason. Revoked defaults to true.
type RevokedAssertion struct {
	ID               string `json:"id,omitempty"`
	UID              string `json:"uid,omitempty"`
	Revoked          *bool  `json:"revoked,omitempty"`
	RevocationReason string `json:"revocationReason,omitempty"`
}

// UnmarshalJSON accepts an id string or an object.
func (e *RevokedAssertion) UnmarshalJSON(b []byte) error {
	type plain RevokedAssertion
	return unmarshalIRIOrObject(b, &e.ID, (*plain)(e))
}

// IdentityObject identifies the recipient (OB 2.0 #IdentityObject).
type IdentityObject struct {
	Type     string `json:"type"`
	Identity string `json:"identity"`
	Hashed   bool   `json:"hashed"`
	Salt     string `json:"salt,omitempty"`
}

// Verification types (OB 2.0 #VerificationObject), with their short aliases.
const (
	HostedBadge = "HostedBadge"
	SignedBadge = "SignedBadge"
)

// VerificationObject says how to verify an assertion (in an Assertion) or
// which assertions an issuer vouches for (in a Profile).
type VerificationObject struct {
	Type                 string            `json:"type,omitempty"`
	VerificationProperty string            `json:"verificationProperty,omitempty"`
	StartsWith           OneOrMany[string] `json:"startsWith,omitempty"`
	AllowedOrigins       OneOrMany[string] `json:"allowedOrigins,omitempty"`
	Creator              string            `json:"creator,omitempty"`
}

// Hosted reports whether the type is HostedBadge (or its alias "hosted").
func (v *VerificationObject) Hosted() bool {
	return v != nil && (strings.EqualFold(v.Type, HostedBadge) || strings.EqualFold(v.Type, "hosted"))
}

// Signed reports whether the type is SignedBadge (or its alias "signed").
func (v *VerificationObject) Signed() bool {
	return v != nil && (strings.EqualFold(v.Type, SignedBadge) || strings.EqualFold(v.Type, "signed"))
}

// Image is an image IRI or an ImageObject.
type Image struct {
	ID      string `json:"id,omitempty"`
	Type    string `json:"type,omitempty"`
	Caption string `json:"caption,omitempty"`
	Author  string `json:"author,omitempty"`
}

// UnmarshalJSON accepts an IRI (or data URI) string or an object.
func (i *Image) UnmarshalJSON(b []byte) error {
	type plain Image
	return unmarshalIRIOrObject(b, &i.ID, (*plain)(i))
}

// Criteria is a criteria IRI or a Criteria object with a narrative.
type Criteria struct {
	ID        string `json:"id,omitempty"`
	Type      string `json:"type,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

// UnmarshalJSON accepts an IRI string or an object.
func (c *Criteria) UnmarshalJSON(b []byte) error {
	type plain Criteria
	return unmarshalIRIOrObject(b, &c.ID, (*plain)(c))
}

// Evidence is an evidence IRI or an Evidence object.
type Evidence struct {
	ID          string `json:"id,omitempty"`
	Type        string `json:"type,omitempty"`
	Narrative   string `json:"narrative,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Genre       string `json:"genre,omitempty"`
	Audience    string `json:"audience,omitempty"`
}

// UnmarshalJSON accepts an IRI string or an object.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	type plain Evidence
	return unmarshalIRIOrObject(b, &e.ID, (*plain)(e))
}

// Alignment links a badge to an educational standard (OB 2.0 #Alignment).
type Alignment struct {
	TargetName        string `json:"targetName,omitempty"`
	TargetURL         string `json:"targetUrl,omitempty"`
	TargetDescription string `json:"targetDescription,omitempty"`
	TargetFramework   string `json:"targetFramework,omitempty"`
	TargetCode        string `json:"targetCode,omitempty"`
}
