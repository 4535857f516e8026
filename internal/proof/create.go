// SPDX-License-Identifier: Apache-2.0

package proof

import (
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/multikey"
)

// Options for creating a proof.
type Options struct {
	// VerificationMethod is the key's id, e.g. "did:key:z6Mk…#z6Mk…".
	VerificationMethod string
	// Created is the proof's creation time; zero means now. Written in UTC
	// with second precision, as the Data Integrity examples do.
	Created time.Time
	// ProofPurpose defaults to "assertionMethod".
	ProofPurpose string
	// DocumentDigest, when set, receives the SHA-256 of the document's
	// canonical form without its proof — half of what the proof signs, and
	// what the transparency log records, so that issuing canonicalizes once.
	DocumentDigest *[32]byte
}

// CreateDataIntegrity returns the eddsa-rdfc-2022 proof object for doc
// (doc itself is not changed; any existing proof is ignored, as in a proof set).
func (e *Engine) CreateDataIntegrity(doc map[string]any, key ed25519.PrivateKey, opts Options) (map[string]any, error) {
	if opts.VerificationMethod == "" {
		return nil, fmt.Errorf("%w: no verification method", ErrMalformed)
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	purpose := opts.ProofPurpose
	if purpose == "" {
		purpose = "assertionMethod"
	}
	ctx, ok := doc["@context"]
	if !ok {
		return nil, fmt.Errorf("%w: the document has no @context", ErrCanonicalize)
	}
	config := map[string]any{
		"@context":           ctx,
		"type":               TypeDataIntegrity,
		"cryptosuite":        SuiteEdDSARDFC2022,
		"created":            created.UTC().Format(time.RFC3339),
		"verificationMethod": opts.VerificationMethod,
		"proofPurpose":       purpose,
	}
	data, err := e.hashData(config, withoutProof(doc))
	if err != nil {
		return nil, err
	}
	if opts.DocumentDigest != nil {
		copy(opts.DocumentDigest[:], data[32:])
	}
	sig := ed25519.Sign(key, data)
	delete(config, "@context")
	config["proofValue"] = multikey.EncodeBase58btc(sig)
	return config, nil
}

// SignDataIntegrity returns a copy of doc with an eddsa-rdfc-2022 proof
// added to its proof array (an existing proof is kept: a proof set).
func (e *Engine) SignDataIntegrity(doc map[string]any, key ed25519.PrivateKey, opts Options) (map[string]any, error) {
	p, err := e.CreateDataIntegrity(doc, key, opts)
	if err != nil {
		return nil, err
	}
	out := withoutProof(doc)
	var proofs []any
	switch old := doc["proof"].(type) {
	case nil:
	case []any:
		proofs = append(proofs, old...)
	default:
		proofs = append(proofs, old)
	}
	out["proof"] = append(proofs, p)
	return out, nil
}
