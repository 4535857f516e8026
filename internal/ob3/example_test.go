// SPDX-License-Identifier: Apache-2.0

package ob3_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/ob3"
)

func Example() {
	cred, err := ob3.NewCredential(ob3.Input{
		ID:     "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
		Issuer: ob3.Profile{ID: "https://example.edu/issuers/1", Name: "Example University"},
		Achievement: ob3.Achievement{
			ID:          "https://example.edu/achievements/teamwork",
			Name:        "Teamwork",
			Description: "Works well in a team.",
			Criteria:    ob3.Criteria{Narrative: "Nominated by peers."},
		},
		RecipientID: "did:example:ebfeb1f712ebc6f1c276e12ec21",
		ValidFrom:   time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ob3.ValidateSchema(cred))

	b, err := json.Marshal(cred)
	if err != nil {
		panic(err)
	}
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	token, err := ob3.EncodeJWT(b, key, "https://example.edu/issuers/1#key-1")
	if err != nil {
		panic(err)
	}

	d, err := ob3.DecodeJWT(token)
	if err != nil {
		panic(err)
	}
	// The caller resolves the key from d.JWS.Header.Kid (or .JWK).
	fmt.Println(d.JWS.Verify(key.Public()), ob3.CheckJWTClaims(d))
	fmt.Println(d.Claims["iss"], d.Claims["nbf"], d.Claims["sub"])
	// Output:
	// <nil>
	// <nil> <nil>
	// https://example.edu/issuers/1 1743465600 did:example:ebfeb1f712ebc6f1c276e12ec21
}
