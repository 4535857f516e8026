// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"encoding/json"
)

// AchievementCredential is an OpenBadgeCredential (class
// AchievementCredential of the OB 3.0 data model; either type name is
// accepted). Marshalled with
// encoding/json it emits no empty members. Endorsement and Proof keep the
// exact JSON of each item, because a signed endorsement or an embedded proof
// must not be re-encoded.
type AchievementCredential struct {
	Context           []any              `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Issuer            Profile            `json:"issuer"`
	Name              string             `json:"name,omitempty"`
	Description       string             `json:"description,omitempty"`
	Image             *Image             `json:"image,omitempty"`
	ValidFrom         string             `json:"validFrom"`
	ValidUntil        string             `json:"validUntil,omitempty"`
	AwardedDate       string             `json:"awardedDate,omitempty"`
	CredentialSubject AchievementSubject `json:"credentialSubject"`
	CredentialStatus  any                `json:"credentialStatus,omitempty"` // *CredentialStatus, []CredentialStatus or decoded JSON
	CredentialSchema  []CredentialSchema `json:"credentialSchema,omitempty"`
	RefreshService    *RefreshService    `json:"refreshService,omitempty"`
	TermsOfUse        []TermsOfUse       `json:"termsOfUse,omitempty"`
	Evidence          []Evidence         `json:"evidence,omitempty"`
	Endorsement       []json.RawMessage  `json:"endorsement,omitempty"`
	EndorsementJwt    []string           `json:"endorsementJwt,omitempty"`
	Proof             []json.RawMessage  `json:"proof,omitempty"`
}

// UnmarshalJSON decodes a credential, also accepting a single proof object
// where the OB 3.0 schema wants an array (VC DM 2.0 allows both); Proof is
// always a slice afterwards, so the credential re-encodes with an array.
func (c *AchievementCredential) UnmarshalJSON(b []byte) error {
	type plain AchievementCredential
	aux := struct {
		*plain
		Proof json.RawMessage `json:"proof,omitempty"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	proofs, err := proofList(aux.Proof)
	c.Proof = proofs
	return err
}

// EndorsementCredential is an OB 3.0 EndorsementCredential: a claim by a
// third party about a credential, achievement or profile.
type EndorsementCredential struct {
	Context           []any              `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Name              string             `json:"name"`
	Description       string             `json:"description,omitempty"`
	Issuer            Profile            `json:"issuer"`
	ValidFrom         string             `json:"validFrom"`
	ValidUntil        string             `json:"validUntil,omitempty"`
	AwardedDate       string             `json:"awardedDate,omitempty"`
	CredentialSubject EndorsementSubject `json:"credentialSubject"`
	CredentialStatus  any                `json:"credentialStatus,omitempty"`
	CredentialSchema  []CredentialSchema `json:"credentialSchema,omitempty"`
	RefreshService    *RefreshService    `json:"refreshService,omitempty"`
	TermsOfUse        []TermsOfUse       `json:"termsOfUse,omitempty"`
	Proof             []json.RawMessage  `json:"proof,omitempty"`
}

// UnmarshalJSON accepts a single proof object as [AchievementCredential]
// does.
func (c *EndorsementCredential) UnmarshalJSON(b []byte) error {
	type plain EndorsementCredential
	aux := struct {
		*plain
		Proof json.RawMessage `json:"proof,omitempty"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	proofs, err := proofList(aux.Proof)
	c.Proof = proofs
	return err
}

func proofList(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
		return nil, nil
	case raw[0] == '[':
		var list []json.RawMessage
		err := json.Unmarshal(raw, &list)
		return list, err
	default:
		return []json.RawMessage{raw}, nil
	}
}

// EndorsementSubject is the credentialSubject of an EndorsementCredential:
// the id of the endorsed entity and the endorser's comment.
type EndorsementSubject struct {
	ID                 string   `json:"id"`
	Type               []string `json:"type"`
	EndorsementComment string   `json:"endorsementComment,omitempty"`
}

// CredentialSchema names a JSON Schema the credential conforms to, for
// example {id: [SchemaAchievementCredential], type: [TypeJSONSchemaValidator]}.
type CredentialSchema struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// CredentialStatus says where to check revocation: type
// [TypeRevocationList] with the list URL as id, or a W3C
// BitstringStatusListEntry with the status list members.
type CredentialStatus struct {
	ID                   string `json:"id,omitempty"`
	Type                 string `json:"type"`
	StatusPurpose        string `json:"statusPurpose,omitempty"`
	StatusListIndex      string `json:"statusListIndex,omitempty"`
	StatusListCredential string `json:"statusListCredential,omitempty"`
}

// RefreshService says where a newer version of the credential can be
// fetched (type [TypeCredentialRefresh]).
type RefreshService struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// TermsOfUse is a policy under which the credential was issued.
type TermsOfUse struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type"`
}
