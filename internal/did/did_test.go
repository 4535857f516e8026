// SPDX-License-Identifier: Apache-2.0

package did

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/multikey"
)

func TestKeyDocument(t *testing.T) {
	// Example from the did:key spec.
	const id = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	doc, err := KeyDocument(id)
	if err != nil {
		t.Fatal(err)
	}
	vm := doc.VerificationMethod[0]
	if vm.ID != id+"#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" || vm.Controller != id || vm.Type != "Multikey" {
		t.Errorf("verification method = %+v", vm)
	}
	if len(doc.AssertionMethod) != 1 || doc.AssertionMethod[0] != vm.ID {
		t.Errorf("assertionMethod = %v", doc.AssertionMethod)
	}
	k, err := (&Resolver{}).Resolve(context.Background(), vm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !k.AssertionMethod || k.Controller != id {
		t.Errorf("resolved %+v", k)
	}
	for _, bad := range []string{"did:key:", "did:key:zQ3s", "did:key:z6Mk", "did:example:123"} {
		if _, err := (&Resolver{}).Resolve(context.Background(), bad); err == nil {
			t.Errorf("Resolve(%q) succeeded", bad)
		}
	}
}

func TestKeyDIDRoundTrip(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	k, err := (&Resolver{}).Resolve(context.Background(), KeyID(pub))
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(k.Public) || k.Controller != KeyDID(pub) {
		t.Errorf("round trip lost the key: %+v", k)
	}
}

func TestWebURL(t *testing.T) {
	for _, tc := range []struct{ did, url string }{
		{"did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"},
		{"did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"},
		{"did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"},
	} {
		got, err := WebURL(tc.did)
		if err != nil || got != tc.url {
			t.Errorf("WebURL(%q) = %q, %v; want %q", tc.did, got, err, tc.url)
		}
	}
	for _, bad := range []string{"did:web:", "did:web:a:..:b", "did:web:a#x", "did:key:abc", "did:web:a%2Fb@c"} {
		if _, err := WebURL(bad); err == nil {
			t.Errorf("WebURL(%q) succeeded", bad)
		}
	}
	got, err := WebDID("https://badges.example.ac.jp:8443/org/x")
	if err != nil || got != "did:web:badges.example.ac.jp%3A8443:org:x" {
		t.Errorf("WebDID = %q, %v", got, err)
	}
	if _, err := WebDID("http://example.com"); err == nil {
		t.Error("WebDID accepted http")
	}
}

func TestWebResolve(t *testing.T) {
	pub1, _, _ := ed25519.GenerateKey(nil)
	pub2, _, _ := ed25519.GenerateKey(nil)
	const id = "did:web:badges.example.org:org:demo"
	doc, err := WebDocument(id, []ed25519.PublicKey{pub1, pub2})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(doc)
	var fetched string
	r := &Resolver{Get: func(_ context.Context, u string) ([]byte, error) { fetched = u; return body, nil }}
	k, err := r.Resolve(context.Background(), WebKeyID(id, pub2))
	if err != nil {
		t.Fatal(err)
	}
	if fetched != "https://badges.example.org/org/demo/did.json" {
		t.Errorf("fetched %s", fetched)
	}
	if !pub2.Equal(k.Public) || !k.AssertionMethod {
		t.Errorf("key-2 resolved to %+v", k)
	}
	if _, err := r.Resolve(context.Background(), id+"#z6MkNotThere"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing key: err = %v, want ErrNotFound", err)
	}
	// A document served for another DID is refused.
	other := strings.Replace(string(body), id, "did:web:evil.example", -1)
	r.Get = func(context.Context, string) ([]byte, error) { return []byte(other), nil }
	if _, err := r.Resolve(context.Background(), WebKeyID(id, pub1)); err == nil {
		t.Error("accepted a DID document whose id differs")
	}
	if _, err := (&Resolver{}).Resolve(context.Background(), WebKeyID(id, pub1)); err == nil {
		t.Error("resolved did:web with no fetcher")
	}
	_ = multikey.EncodePublic
}
