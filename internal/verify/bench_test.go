// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"testing"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
)

// The benchmarks, on a realistic ~3 KB AchievementCredential
// (testdata/credentials/achievement-unsigned.json, Japanese and English text,
// two alignments, evidence, a hashed e-mail identifier). Run with
//
//	go test -run '^$' -bench . -benchmem -cpu 1 -count 5 ./internal/verify/

type benchFixture struct {
	raw    []byte         // unsigned credential JSON with the issuer set
	doc    map[string]any // the same, parsed
	key    ed25519.PrivateKey
	vm     string
	signed []byte // DI-signed JSON
	jwt    string
}

func newBenchFixture(b *testing.B) *benchFixture {
	b.Helper()
	raw, err := os.ReadFile("../../testdata/credentials/achievement-unsigned.json")
	if err != nil {
		b.Fatal(err)
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	f := &benchFixture{key: priv, vm: did.KeyID(pub)}
	v, _ := jsonld.ParseJSON(raw)
	f.doc = v.(map[string]any)
	f.doc["issuer"].(map[string]any)["id"] = did.KeyDID(pub)
	f.raw, _ = json.Marshal(f.doc)
	signed, err := proof.Default.SignDataIntegrity(f.doc, priv, proof.Options{VerificationMethod: f.vm})
	if err != nil {
		b.Fatal(err)
	}
	f.signed, _ = json.Marshal(signed)
	if f.jwt, err = ob3.EncodeJWT(f.raw, priv, f.vm); err != nil {
		b.Fatal(err)
	}
	return f
}

// Issue: the credential (as the server holds it, parsed) to signed JSON bytes.
func BenchmarkSignOB3DataIntegrity(b *testing.B) {
	f := newBenchFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		signed, err := proof.Default.SignDataIntegrity(f.doc, f.key, proof.Options{VerificationMethod: f.vm})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(signed); err != nil {
			b.Fatal(err)
		}
	}
}

// Verify: signed JSON bytes to a checked proof (did:key resolved offline).
func BenchmarkVerifyOB3DataIntegrity(b *testing.B) {
	f := newBenchFixture(b)
	keys := &keyResolver{dids: &did.Resolver{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v, err := jsonld.ParseJSON(f.signed)
		if err != nil {
			b.Fatal(err)
		}
		res, err := proof.Default.Verify(context.Background(), v.(map[string]any), keys)
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res)
		}
	}
}

// The whole report (context, JSON Schema, proof, issuer, validity, status).
func BenchmarkVerifyReportOB3DataIntegrity(b *testing.B) {
	f := newBenchFixture(b)
	v := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := v.Verify(context.Background(), "bench", f.signed); !r.Valid {
			b.Fatal(r.Checks)
		}
	}
}

func BenchmarkSignOB3JWT(b *testing.B) {
	f := newBenchFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ob3.EncodeJWT(f.raw, f.key, f.vm); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyOB3JWT(b *testing.B) {
	f := newBenchFixture(b)
	keys := &keyResolver{dids: &did.Resolver{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d, err := ob3.DecodeJWT(f.jwt)
		if err != nil {
			b.Fatal(err)
		}
		k, err := keys.Resolve(context.Background(), d.JWS.Header.Kid)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.JWS.Verify(k.Public); err != nil {
			b.Fatal(err)
		}
		if err := ob3.CheckJWTClaims(d); err != nil {
			b.Fatal(err)
		}
	}
}

// Baselines: bare Ed25519 over the same credential bytes.
func BenchmarkEd25519SignBaseline(b *testing.B) {
	f := newBenchFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ed25519.Sign(f.key, f.raw)
	}
}

func BenchmarkEd25519VerifyBaseline(b *testing.B) {
	f := newBenchFixture(b)
	sig := ed25519.Sign(f.key, f.raw)
	pub := f.key.Public().(ed25519.PublicKey)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if !ed25519.Verify(pub, f.raw, sig) {
			b.Fatal("bad")
		}
	}
}
