// SPDX-License-Identifier: Apache-2.0

package proof

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"reflect"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/multikey"
)

// KeyResolver dereferences a verification method id to its key.
type KeyResolver interface {
	Resolve(ctx context.Context, vmID string) (*did.Key, error)
}

// Result is the outcome of checking one proof of a document.
type Result struct {
	Type               string // "DataIntegrityProof" or "Ed25519Signature2020"
	Cryptosuite        string
	VerificationMethod string
	ProofPurpose       string
	Created            string
	Key                *did.Key // the resolved key, when resolution succeeded
	Err                error    // nil when the proof is valid
}

// Verify checks every proof on doc and returns one Result per proof. The
// returned error is ErrNoProof or ErrMalformed for a document whose proof
// member cannot be read at all.
func (e *Engine) Verify(ctx context.Context, doc map[string]any, keys KeyResolver) ([]Result, error) {
	var proofs []any
	switch p := doc["proof"].(type) {
	case nil:
		return nil, ErrNoProof
	case []any:
		proofs = p
	case map[string]any:
		proofs = []any{p}
	default:
		return nil, fmt.Errorf("%w: proof is neither an object nor an array", ErrMalformed)
	}
	if len(proofs) == 0 {
		return nil, ErrNoProof
	}
	unsecured := withoutProof(doc)
	results := make([]Result, 0, len(proofs))
	for _, p := range proofs {
		pm, ok := p.(map[string]any)
		if !ok {
			results = append(results, Result{Err: fmt.Errorf("%w: proof entry is not an object", ErrMalformed)})
			continue
		}
		results = append(results, e.verifyOne(ctx, doc, unsecured, pm, keys))
	}
	return results, nil
}

func (e *Engine) verifyOne(ctx context.Context, doc, unsecured, p map[string]any, keys KeyResolver) Result {
	r := Result{}
	r.Type, _ = p["type"].(string)
	r.Cryptosuite, _ = p["cryptosuite"].(string)
	r.VerificationMethod, _ = p["verificationMethod"].(string)
	r.ProofPurpose, _ = p["proofPurpose"].(string)
	r.Created, _ = p["created"].(string)
	switch {
	case r.Type == TypeDataIntegrity && (r.Cryptosuite == SuiteEdDSARDFC2022 || r.Cryptosuite == suiteEdDSA2022):
	case r.Type == TypeEd25519Sig2020:
	default:
		r.Err = fmt.Errorf("%w: %s %s", ErrUnsupported, r.Type, r.Cryptosuite)
		return r
	}
	if r.Err = checkProofShape(p, r); r.Err != nil {
		return r
	}
	sig, err := multikey.DecodeBase58btc(p["proofValue"].(string))
	if err != nil || len(sig) != ed25519.SignatureSize {
		r.Err = fmt.Errorf("%w: proofValue is not a base58btc Ed25519 signature", ErrMalformed)
		return r
	}
	config, err := proofConfig(doc, p)
	if err != nil {
		r.Err = err
		return r
	}
	data, err := e.hashData(config, unsecured)
	if err != nil {
		r.Err = err
		return r
	}
	key, err := keys.Resolve(ctx, r.VerificationMethod)
	if err != nil {
		r.Err = fmt.Errorf("%w: %w", ErrKey, err)
		return r
	}
	r.Key = key
	pub, ok := key.Public.(ed25519.PublicKey)
	if !ok {
		r.Err = fmt.Errorf("%w: %s is not an Ed25519 key", ErrKey, r.VerificationMethod)
		return r
	}
	if !ed25519.Verify(pub, data, sig) {
		r.Err = ErrSignature
	}
	return r
}

func checkProofShape(p map[string]any, r Result) error {
	if _, ok := p["proofValue"].(string); !ok {
		return fmt.Errorf("%w: no proofValue", ErrMalformed)
	}
	if r.VerificationMethod == "" {
		return fmt.Errorf("%w: no verificationMethod", ErrMalformed)
	}
	if r.ProofPurpose != "assertionMethod" {
		return fmt.Errorf("%w: proofPurpose is %q, want assertionMethod", ErrMalformed, r.ProofPurpose)
	}
	if r.Created != "" {
		if _, err := time.Parse(time.RFC3339, r.Created); err != nil {
			return fmt.Errorf("%w: created %q is not a date-time", ErrMalformed, r.Created)
		}
	}
	return nil
}

// proofConfig rebuilds the signed proof configuration: the proof without
// proofValue, carrying the document's @context (vc-di-eddsa §3.3.2: when
// the proof has its own @context, the document's must start with it).
func proofConfig(doc, p map[string]any) (map[string]any, error) {
	config := make(map[string]any, len(p)+1)
	for k, v := range p {
		if k != "proofValue" {
			config[k] = v
		}
	}
	docCtx := doc["@context"]
	if pc, ok := p["@context"]; ok {
		if !contextPrefix(docCtx, pc) {
			return nil, fmt.Errorf("%w: the proof's @context does not match the document's", ErrMalformed)
		}
		return config, nil
	}
	config["@context"] = docCtx
	return config, nil
}

func contextPrefix(doc, proof any) bool {
	d, _ := doc.([]any)
	if d == nil {
		d = []any{doc}
	}
	p, _ := proof.([]any)
	if p == nil {
		p = []any{proof}
	}
	if len(p) > len(d) {
		return false
	}
	for i := range p {
		if !reflect.DeepEqual(p[i], d[i]) {
			return false
		}
	}
	return true
}
