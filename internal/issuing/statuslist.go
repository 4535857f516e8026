// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/ldcontext"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/status"
)

// StatusListCredential returns the BitstringStatusListCredential (W3C
// Bitstring Status List, VC Data Model 2.0) to host at listURL, carrying
// bits for purpose (PurposeRevocation or PurposeSuspension), signed with an
// eddsa-rdfc-2022 proof by the issuer's Ed25519 key. validFrom is also the
// proof's created; zero means now. e nil means [proof.Default].
//
// Its credentialSubject id is listURL + "#list"; its issuer is the issuer
// id alone, as verifiers only need it to match the signing key.
func StatusListCredential(e *proof.Engine, iss *Issuer, listURL, purpose string, bits *status.List, validFrom time.Time) ([]byte, error) {
	if err := iss.checkOB3(); err != nil {
		return nil, err
	}
	if err := checkPurpose(purpose); err != nil {
		return nil, err
	}
	switch {
	case listURL == "":
		return nil, missing("status list URL")
	case bits == nil:
		return nil, missing("status list bits")
	}
	if e == nil {
		e = proof.Default
	}
	if validFrom.IsZero() {
		validFrom = time.Now()
	}
	encoded, err := bits.Encode()
	if err != nil {
		return nil, fmt.Errorf("issuing: status list: %w", err)
	}
	doc := map[string]any{
		"@context":  []any{ldcontext.CredentialsV2},
		"id":        listURL,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    iss.ID,
		"validFrom": timestamp(validFrom),
		"credentialSubject": map[string]any{
			"id":            listURL + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": purpose,
			"encodedList":   encoded,
		},
	}
	signed, err := e.SignDataIntegrity(doc, iss.Ed25519, proof.Options{
		VerificationMethod: iss.VerificationMethod, Created: validFrom,
	})
	if err != nil {
		return nil, fmt.Errorf("issuing: %w", err)
	}
	return marshal(signed)
}
