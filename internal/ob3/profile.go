// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"encoding/json"
)

// Profile describes an issuer, creator or other party (OB 3.0 data model).
// Only ID and Type are required. It is always encoded as an object; when
// decoding, a bare IRI string (allowed for an issuer) gives a Profile with
// only ID set.
type Profile struct {
	ID               string            `json:"id"`
	Type             []string          `json:"type"`
	Name             string            `json:"name,omitempty"`
	URL              string            `json:"url,omitempty"`
	Email            string            `json:"email,omitempty"`
	Phone            string            `json:"phone,omitempty"`
	Description      string            `json:"description,omitempty"`
	Image            *Image            `json:"image,omitempty"`
	Address          *Address          `json:"address,omitempty"`
	OtherIdentifier  []IdentifierEntry `json:"otherIdentifier,omitempty"`
	Official         string            `json:"official,omitempty"`
	ParentOrg        *Profile          `json:"parentOrg,omitempty"`
	FamilyName       string            `json:"familyName,omitempty"`
	GivenName        string            `json:"givenName,omitempty"`
	AdditionalName   string            `json:"additionalName,omitempty"`
	PatronymicName   string            `json:"patronymicName,omitempty"`
	HonorificPrefix  string            `json:"honorificPrefix,omitempty"`
	HonorificSuffix  string            `json:"honorificSuffix,omitempty"`
	FamilyNamePrefix string            `json:"familyNamePrefix,omitempty"`
	DateOfBirth      string            `json:"dateOfBirth,omitempty"`
	Endorsement      []json.RawMessage `json:"endorsement,omitempty"`
	EndorsementJwt   []string          `json:"endorsementJwt,omitempty"`
}

// UnmarshalJSON accepts a Profile object or an IRI string.
func (p *Profile) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '"' {
		*p = Profile{}
		return json.Unmarshal(b, &p.ID)
	}
	type plain Profile
	return json.Unmarshal(b, (*plain)(p))
}

// Image is an image with an optional caption (OB 3.0 data model). The schema
// allows no other members; Type is always "Image".
type Image struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Caption string `json:"caption,omitempty"`
}

// Address is a postal address (OB 3.0 data model).
type Address struct {
	Type                []string        `json:"type"`
	AddressCountry      string          `json:"addressCountry,omitempty"`
	AddressCountryCode  string          `json:"addressCountryCode,omitempty"`
	AddressRegion       string          `json:"addressRegion,omitempty"`
	AddressLocality     string          `json:"addressLocality,omitempty"`
	StreetAddress       string          `json:"streetAddress,omitempty"`
	PostOfficeBoxNumber string          `json:"postOfficeBoxNumber,omitempty"`
	PostalCode          string          `json:"postalCode,omitempty"`
	Geo                 *GeoCoordinates `json:"geo,omitempty"`
}

// GeoCoordinates is a position; latitude and longitude are required.
type GeoCoordinates struct {
	Type      string  `json:"type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}
