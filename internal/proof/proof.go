// SPDX-License-Identifier: Apache-2.0

// Package proof creates and verifies Data Integrity proofs on JSON-LD
// credentials (https://www.w3.org/TR/vc-data-integrity/):
//
//   - DataIntegrityProof with cryptosuite eddsa-rdfc-2022
//     (https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022): created and verified.
//     The deprecated name eddsa-2022 is accepted when verifying.
//   - Ed25519Signature2020 (https://w3c-ccg.github.io/lds-ed25519-2020/):
//     verified only, for older badges in people's wallets.
//
// Both sign SHA-256(canonical proof configuration) || SHA-256(canonical
// document), each canonicalized with JSON-LD to RDF then RDFC-1.0. JSON-LD
// processing is offline and in safe mode: a term no context defines makes the
// document unsignable and unverifiable rather than silently dropped.
package proof

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/rdfc"
)

// Errors. A verification that fails returns an error wrapping ErrSignature
// (the signature does not match) or ErrMalformed (the proof itself is not
// well formed); ErrCanonicalize means the document could not be turned into
// RDF (an unknown context, an undefined term).
var (
	ErrNoProof      = errors.New("proof: the document has no proof")
	ErrMalformed    = errors.New("proof: malformed proof")
	ErrUnsupported  = errors.New("proof: unsupported proof type or cryptosuite")
	ErrSignature    = errors.New("proof: signature does not match")
	ErrCanonicalize = errors.New("proof: cannot canonicalize")
	ErrKey          = errors.New("proof: verification key")
)

// Proof types and cryptosuites.
const (
	TypeDataIntegrity  = "DataIntegrityProof"
	TypeEd25519Sig2020 = "Ed25519Signature2020"
	SuiteEdDSARDFC2022 = "eddsa-rdfc-2022"
	suiteEdDSA2022     = "eddsa-2022" // deprecated name of the same suite
)

// Engine canonicalizes and hashes. Its JSON-LD processor caches processed
// contexts, so one Engine should serve the whole process.
type Engine struct {
	LD *jsonld.Processor
}

// Default is an Engine over the embedded contexts only.
var Default = &Engine{LD: jsonld.NewProcessor(jsonld.EmbeddedLoader)}

var safe = &jsonld.Options{SafeMode: true}

// Canonicalize returns the RDFC-1.0 canonical N-Quads of a JSON-LD document.
func (e *Engine) Canonicalize(doc map[string]any) ([]byte, error) {
	quads, err := e.LD.ToRDF(doc, safe)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCanonicalize, err)
	}
	out, err := rdfc.Canonicalize(quads, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCanonicalize, err)
	}
	return out, nil
}

// hashData returns SHA-256(canonical proof config) || SHA-256(canonical document).
func (e *Engine) hashData(proofConfig, unsecured map[string]any) ([]byte, error) {
	cp, err := e.Canonicalize(proofConfig)
	if err != nil {
		return nil, err
	}
	cd, err := e.Canonicalize(unsecured)
	if err != nil {
		return nil, err
	}
	h1 := sha256.Sum256(cp)
	h2 := sha256.Sum256(cd)
	out := make([]byte, 0, 64)
	out = append(out, h1[:]...)
	return append(out, h2[:]...), nil
}

// withoutProof returns a shallow copy of doc without its proof member.
func withoutProof(doc map[string]any) map[string]any {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "proof" {
			out[k] = v
		}
	}
	return out
}
