// SPDX-License-Identifier: Apache-2.0

package did

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/multikey"
)

// Key is a resolved verification method: the public key and who controls it.
type Key struct {
	ID         string
	Controller string
	Public     crypto.PublicKey
	// AssertionMethod is true when the DID document lists the key for
	// issuing credentials (proofPurpose assertionMethod).
	AssertionMethod bool
}

// GetFunc fetches a URL; the verifier passes its safe fetcher here.
type GetFunc func(ctx context.Context, url string) ([]byte, error)

// Resolver dereferences verification method ids (DID URLs).
type Resolver struct {
	// Get fetches did:web documents. Nil means did:web cannot be resolved
	// (offline): Resolve returns an error saying so.
	Get GetFunc
	// JWKKey converts a publicKeyJwk member; nil means JWK keys are refused.
	JWKKey func(jwk map[string]any) (crypto.PublicKey, error)
}

// Resolve returns the key named by a verification method id such as
// "did:key:z6Mk…#z6Mk…" or "did:web:example.org#key-1". A bare DID resolves
// to its first assertion method.
func (r *Resolver) Resolve(ctx context.Context, vmID string) (*Key, error) {
	didPart, _, _ := strings.Cut(vmID, "#")
	var doc *Document
	var err error
	switch {
	case strings.HasPrefix(didPart, "did:key:"):
		doc, err = KeyDocument(didPart)
	case strings.HasPrefix(didPart, "did:web:"):
		doc, err = r.fetchWeb(ctx, didPart)
	default:
		return nil, fmt.Errorf("%w: %q", ErrUnsupported, vmID)
	}
	if err != nil {
		return nil, err
	}
	return r.pick(doc, vmID)
}

func (r *Resolver) fetchWeb(ctx context.Context, didWeb string) (*Document, error) {
	u, err := WebURL(didWeb)
	if err != nil {
		return nil, err
	}
	if r.Get == nil {
		return nil, fmt.Errorf("did: cannot resolve %s offline", didWeb)
	}
	body, err := r.Get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("did: resolving %s: %w", didWeb, err)
	}
	doc, err := ParseDocument(body)
	if err != nil {
		return nil, err
	}
	if doc.ID != didWeb {
		return nil, fmt.Errorf("%w: document at %s has id %q, want %q", ErrMalformed, u, doc.ID, didWeb)
	}
	return doc, nil
}

func (r *Resolver) pick(doc *Document, vmID string) (*Key, error) {
	want := vmID
	if !strings.Contains(vmID, "#") {
		if len(doc.AssertionMethod) == 0 {
			return nil, fmt.Errorf("%w: %s lists no assertion method", ErrNotFound, vmID)
		}
		want = doc.AssertionMethod[0]
	}
	for _, vm := range doc.VerificationMethod {
		id := vm.ID
		if strings.HasPrefix(id, "#") {
			id = doc.ID + id
		}
		if id != want {
			continue
		}
		if vm.Controller != doc.ID {
			return nil, fmt.Errorf("%w: %s is controlled by %q, not by %s", ErrNotFound, want, vm.Controller, doc.ID)
		}
		pub, err := r.publicKey(vm)
		if err != nil {
			return nil, err
		}
		k := &Key{ID: id, Controller: vm.Controller, Public: pub}
		for _, am := range doc.AssertionMethod {
			if am == id || (strings.HasPrefix(am, "#") && doc.ID+am == id) {
				k.AssertionMethod = true
			}
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrNotFound, want)
}

func (r *Resolver) publicKey(vm VerificationMethod) (crypto.PublicKey, error) {
	switch {
	case vm.PublicKeyMultibase != "" && (vm.Type == "Multikey" || vm.Type == "Ed25519VerificationKey2020"):
		pub, err := multikey.DecodePublic(vm.PublicKeyMultibase)
		if err != nil {
			return nil, err
		}
		return ed25519.PublicKey(pub), nil
	case vm.PublicKeyJwk != nil && r.JWKKey != nil:
		return r.JWKKey(vm.PublicKeyJwk)
	}
	return nil, fmt.Errorf("%w: verification method %s of type %q", ErrUnsupported, vm.ID, vm.Type)
}
