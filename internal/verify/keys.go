// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/multikey"
)

// keyResolver dereferences the verification methods found in proofs:
// did:key offline, did:web and http(s) controller documents through the
// safe fetcher. A key named "<controller>#<publicKeyMultibase>" that cannot
// be fetched (the form 1EdTech's examples use) still yields its key, with no
// controller, so the signature is checked but the issuer binding is not
// confirmed.
type keyResolver struct {
	dids    *did.Resolver
	fetcher *fetch.Fetcher
}

func (k *keyResolver) Resolve(ctx context.Context, vm string) (*did.Key, error) {
	if strings.HasPrefix(vm, "did:") {
		return k.dids.Resolve(ctx, vm)
	}
	if !strings.HasPrefix(vm, "https://") && !strings.HasPrefix(vm, "http://") {
		return nil, fmt.Errorf("unsupported verification method %q", vm)
	}
	key, err := k.fromController(ctx, vm)
	if err == nil {
		return key, nil
	}
	if _, frag, ok := strings.Cut(vm, "#"); ok {
		if pub, perr := multikey.DecodePublic(frag); perr == nil {
			return &did.Key{ID: vm, Public: ed25519.PublicKey(pub)}, nil
		}
	}
	return nil, err
}

// fromController fetches an http(s) controller document and finds the
// verification method in it.
func (k *keyResolver) fromController(ctx context.Context, vm string) (*did.Key, error) {
	if k.fetcher == nil {
		return nil, fmt.Errorf("cannot fetch %s offline", vm)
	}
	docURL, _, _ := strings.Cut(vm, "#")
	resp, err := k.fetcher.Get(ctx, docURL, "application/ld+json, application/json")
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, fmt.Errorf("%s answered HTTP %d", docURL, resp.Status)
	}
	doc, err := did.ParseDocument(resp.Body)
	if err != nil {
		return nil, err
	}
	for _, m := range doc.VerificationMethod {
		if m.ID != vm {
			continue
		}
		pub, err := multikey.DecodePublic(m.PublicKeyMultibase)
		if err != nil {
			return nil, err
		}
		key := &did.Key{ID: vm, Controller: m.Controller, Public: ed25519.PublicKey(pub)}
		if m.Controller != doc.ID {
			key.Controller = ""
		}
		for _, am := range doc.AssertionMethod {
			key.AssertionMethod = key.AssertionMethod || am == vm
		}
		return key, nil
	}
	return nil, fmt.Errorf("%s is not listed in %s", vm, docURL)
}
