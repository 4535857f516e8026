// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
)

// Formats selects the artefacts [Issue] makes.
type Formats struct{ DataIntegrity, JWT, OB2Hosted, OB2Signed bool }

// AllFormats asks for every artefact.
var AllFormats = Formats{DataIntegrity: true, JWT: true, OB2Hosted: true, OB2Signed: true}

// Signed holds the artefacts of one award; a format not requested is empty.
type Signed struct {
	DataIntegrity []byte // OB 3.0 credential JSON with an eddsa-rdfc-2022 proof
	JWT           string // OB 3.0 VC-JWT (EdDSA), compact
	OB2Assertion  []byte // OB 2.0 hosted assertion JSON, served at Award.AssertionURL
	OB2Signed     string // OB 2.0 signed assertion, compact JWS (RS256)
	// DataIntegrityDigest is the SHA-256 of the Data Integrity credential's
	// canonical form without its proof (zero without that format): what the
	// transparency log records of it.
	DataIntegrityDigest [32]byte
}

// Issue makes and signs every artefact f asks for. e nil means
// [proof.Default]. The Data Integrity proof's created is Award.IssuedAt
// (now when zero); all artefacts share the issue time and the recipient
// salt. Bad input gives [ErrInput] before anything is signed.
func Issue(e *proof.Engine, iss *Issuer, a *Achievement, w *Award, f Formats) (*Signed, error) {
	if f == (Formats{}) {
		return nil, fmt.Errorf("%w: no format requested", ErrInput)
	}
	if w == nil {
		return nil, missing("award")
	}
	if e == nil {
		e = proof.Default
	}
	w = w.withDefaults()
	out := &Signed{}
	if f.DataIntegrity || f.JWT {
		if err := out.signOB3(e, iss, a, w, f); err != nil {
			return nil, err
		}
	}
	if f.OB2Hosted {
		b, err := assertion(iss, a, w, false)
		if err != nil {
			return nil, err
		}
		out.OB2Assertion = b
	}
	if f.OB2Signed {
		b, err := assertion(iss, a, w, true)
		if err != nil {
			return nil, err
		}
		if out.OB2Signed, err = ob2.SignAssertion(b, iss.RSAKey); err != nil {
			return nil, fmt.Errorf("issuing: %w", err)
		}
	}
	return out, nil
}

func (s *Signed) signOB3(e *proof.Engine, iss *Issuer, a *Achievement, w *Award, f Formats) error {
	cred, raw, err := credential(iss, a, w)
	if err != nil {
		return err
	}
	if f.DataIntegrity {
		signed, err := e.SignDataIntegrity(cred, iss.Ed25519, proof.Options{
			VerificationMethod: iss.VerificationMethod, Created: w.IssuedAt,
			DocumentDigest: &s.DataIntegrityDigest,
		})
		if err != nil {
			return fmt.Errorf("issuing: %w", err)
		}
		if s.DataIntegrity, err = marshal(signed); err != nil {
			return err
		}
	}
	if f.JWT {
		if s.JWT, err = ob3.EncodeJWT(raw, iss.Ed25519, iss.VerificationMethod); err != nil {
			return fmt.Errorf("issuing: %w", err)
		}
	}
	return nil
}

// assertion returns the OB 2.0 assertion JSON: hosted, or signed with a
// verification block naming the RSA key.
func assertion(iss *Issuer, a *Achievement, w *Award, signed bool) ([]byte, error) {
	if err := checkAssertion(iss, a, w, signed); err != nil {
		return nil, err
	}
	asrt := ob2.Assertion{
		Context: ob2.Context,
		Type:    ob2.OneOrMany[string]{"Assertion"},
		ID:      w.AssertionURL,
		// The same normalisation and salt as the OB 3.0 emailAddress
		// identity, so one recipient check serves both versions.
		Recipient: &ob2.IdentityObject{
			Type: "email", Hashed: true, Salt: w.Salt,
			Identity: ob2.HashIdentity(normalEmail(w.RecipientEmail), w.Salt),
		},
		Badge:        ob2.Ref[ob2.BadgeClass]{ID: a.OB2BadgeURL},
		Verification: &ob2.VerificationObject{Type: "hosted"},
		IssuedOn:     timestamp(w.IssuedAt),
	}
	if signed {
		asrt.Verification = &ob2.VerificationObject{Type: "signed", Creator: iss.RSAKeyURL}
	}
	if w.ValidUntil != nil {
		asrt.Expires = timestamp(*w.ValidUntil)
	}
	if w.EvidenceURL != "" || w.Narrative != "" {
		asrt.Evidence = ob2.OneOrMany[ob2.Evidence]{{ID: w.EvidenceURL, Narrative: w.Narrative}}
	}
	return marshal(asrt)
}

func checkAssertion(iss *Issuer, a *Achievement, w *Award, signed bool) error {
	err := errors.Join(iss.checkOB2(), a.check(), w.check())
	switch {
	case err != nil:
		return err
	case a.OB2BadgeURL == "":
		return missing("achievement OB2BadgeURL")
	case !isHTTPURL(w.AssertionURL):
		return missing("award AssertionURL (an http(s) URL)")
	case signed:
		return iss.checkRSA()
	case !sameOrigin(w.AssertionURL, iss.ProfileURL):
		// The issuer Profile sets no verification policy, so OB 2.0
		// verifiers accept hosted assertions on its own origin only.
		return fmt.Errorf("%w: the hosted AssertionURL %s is not on the origin of the issuer ProfileURL %s", ErrInput, w.AssertionURL, iss.ProfileURL)
	}
	return nil
}

// normalEmail is the address as [ob3.NewCredential] hashes it: trimmed and
// lower-cased.
func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
