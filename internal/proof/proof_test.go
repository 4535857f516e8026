// SPDX-License-Identifier: Apache-2.0

package proof

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/multikey"
)

const w3c = "../../testdata/vectors/w3c-vc-di-eddsa"

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readJSON(t testing.TB, path string) map[string]any {
	t.Helper()
	return parse(t, readFile(t, path))
}

func parse(t testing.TB, b []byte) map[string]any {
	t.Helper()
	v, err := jsonld.ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any)
}

func w3cKey(t testing.TB) ed25519.PrivateKey {
	var kp struct{ PrivateKeyMultibase string }
	if err := json.Unmarshal(readFile(t, filepath.Join(w3c, "keyPair.json")), &kp); err != nil {
		t.Fatal(err)
	}
	k, err := multikey.DecodeSecret(kp.PrivateKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// didKeys resolves did:key offline; http(s) controllers are answered from a fixed map.
type staticKeys map[string]ed25519.PublicKey

func (s staticKeys) Resolve(ctx context.Context, vm string) (*did.Key, error) {
	if pub, ok := s[vm]; ok {
		ctrl, _, _ := strings.Cut(vm, "#")
		return &did.Key{ID: vm, Controller: ctrl, Public: pub, AssertionMethod: true}, nil
	}
	return (&did.Resolver{}).Resolve(ctx, vm)
}

// The W3C vc-di-eddsa eddsa-rdfc-2022 vector, step by step, byte for byte.
func TestW3CEdDSARDFC2022Vector(t *testing.T) {
	dir := filepath.Join(w3c, "eddsa-rdfc-2022")
	unsigned := readJSON(t, filepath.Join(w3c, "unsigned.json"))
	config := readJSON(t, filepath.Join(dir, "proofConfigDataInt.json"))

	canonDoc, err := Default.Canonicalize(unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if want := readFile(t, filepath.Join(dir, "canonDocDataInt.txt")); !bytes.Equal(bytes.TrimSpace(canonDoc), bytes.TrimSpace(want)) {
		t.Errorf("canonical document:\n%s\nwant:\n%s", canonDoc, want)
	}
	canonProof, err := Default.Canonicalize(config)
	if err != nil {
		t.Fatal(err)
	}
	if want := readFile(t, filepath.Join(dir, "proofCanonDataInt.txt")); !bytes.Equal(bytes.TrimSpace(canonProof), bytes.TrimSpace(want)) {
		t.Errorf("canonical proof config:\n%s\nwant:\n%s", canonProof, want)
	}
	data, err := Default.hashData(config, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(data), strings.TrimSpace(string(readFile(t, filepath.Join(dir, "combinedHashDataInt.txt")))); got != want {
		t.Errorf("combined hash = %s, want %s", got, want)
	}

	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	signed, err := Default.SignDataIntegrity(unsigned, w3cKey(t), Options{
		VerificationMethod: config["verificationMethod"].(string), Created: created})
	if err != nil {
		t.Fatal(err)
	}
	want := readJSON(t, filepath.Join(dir, "signedDataInt.json"))
	gotPV := signed["proof"].([]any)[0].(map[string]any)["proofValue"]
	if wantPV := want["proof"].(map[string]any)["proofValue"]; gotPV != wantPV {
		t.Errorf("proofValue = %v, want %v", gotPV, wantPV)
	}

	res, err := Default.Verify(context.Background(), want, staticKeys{})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify(signedDataInt.json) = %+v, %v", res, err)
	}
}

// Ed25519Signature2020 from the same vector set verifies.
func TestW3CEd25519Signature2020(t *testing.T) {
	doc := readJSON(t, filepath.Join(w3c, "Ed25519Signature2020", "signedEdSig.json"))
	res, err := Default.Verify(context.Background(), doc, staticKeys{})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify = %+v, %v", res, err)
	}
	doc["name"] = "Alumni Credential!"
	res, _ = Default.Verify(context.Background(), doc, staticKeys{})
	if !errors.Is(res[0].Err, ErrSignature) {
		t.Errorf("tampered Ed25519Signature2020: err = %v, want ErrSignature", res[0].Err)
	}
}

type ob3Vector struct {
	KeyPair struct {
		PrivateKeyHex, ID string
	}
	UnsignedCredential json.RawMessage
	ProofConfig        json.RawMessage
	DocumentHashHex    string
	ProofHashHex       string
	ProofValue         string
	SignedCredential   json.RawMessage
}

// The Open Badges 3.0 implementation guide's eddsa-rdfc-2022 vector.
func TestOB3Vector(t *testing.T) {
	const dir = "../../testdata/vectors/ob3-spec-ldp"
	var v ob3Vector
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "obv3p0-eddsa-rdfc-2022-vector.json")), &v); err != nil {
		t.Fatal(err)
	}
	unsigned := parse(t, v.UnsignedCredential)
	canon, err := Default.Canonicalize(unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if want := readFile(t, filepath.Join(dir, "obv3p0-document-canon.txt")); !bytes.Equal(canon, want) {
		t.Errorf("canonical credential:\n%s\nwant:\n%s", canon, want)
	}
	config := parse(t, v.ProofConfig)
	config["@context"] = unsigned["@context"]
	canonProof, err := Default.Canonicalize(config)
	if err != nil {
		t.Fatal(err)
	}
	if want := readFile(t, filepath.Join(dir, "obv3p0-proof-canon.txt")); !bytes.Equal(canonProof, want) {
		t.Errorf("canonical proof:\n%s\nwant:\n%s", canonProof, want)
	}
	priv, _ := hex.DecodeString(v.KeyPair.PrivateKeyHex)
	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	p, err := Default.CreateDataIntegrity(unsigned, ed25519.PrivateKey(priv), Options{
		VerificationMethod: config["verificationMethod"].(string), Created: created})
	if err != nil {
		t.Fatal(err)
	}
	if p["proofValue"] != v.ProofValue {
		t.Errorf("proofValue = %v, want %v", p["proofValue"], v.ProofValue)
	}
	signed := parse(t, v.SignedCredential)
	keys := staticKeys{v.KeyPair.ID: ed25519.PrivateKey(priv).Public().(ed25519.PublicKey)}
	res, err := Default.Verify(context.Background(), signed, keys)
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify = %+v, %v", res, err)
	}
}

func TestSignVerifyTamper(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	doc := readJSON(t, filepath.Join(w3c, "unsigned.json"))
	doc["issuer"] = did.KeyDID(pub)
	signed, err := Default.SignDataIntegrity(doc, priv, Options{VerificationMethod: did.KeyID(pub)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(signed)
	res, err := Default.Verify(context.Background(), parse(t, b), staticKeys{})
	if err != nil || res[0].Err != nil {
		t.Fatalf("Verify = %+v, %v", res, err)
	}
	for name, edit := range map[string]func(m map[string]any){
		"subject":   func(m map[string]any) { m["credentialSubject"].(map[string]any)["alumniOf"] = "The School of Exampled" },
		"validFrom": func(m map[string]any) { m["validFrom"] = "2023-01-01T00:00:01Z" },
		"created": func(m map[string]any) {
			m["proof"].([]any)[0].(map[string]any)["created"] = "2001-01-01T00:00:00Z"
		},
		"undefined term": func(m map[string]any) { m["favouriteColour"] = "blue" },
	} {
		m := parse(t, b)
		edit(m)
		res, err := Default.Verify(context.Background(), m, staticKeys{})
		if err != nil || res[0].Err == nil {
			t.Errorf("%s: tampered copy verified (%+v, %v)", name, res, err)
		}
	}
	// Wrong key: the signature was made by priv, the proof names another key.
	other, _, _ := ed25519.GenerateKey(nil)
	m := parse(t, b)
	m["proof"].([]any)[0].(map[string]any)["verificationMethod"] = did.KeyID(other)
	res, _ = Default.Verify(context.Background(), m, staticKeys{})
	if !errors.Is(res[0].Err, ErrSignature) {
		t.Errorf("wrong key: err = %v, want ErrSignature", res[0].Err)
	}
}

func TestVerifyMalformed(t *testing.T) {
	for name, in := range map[string]string{
		"no proof":      `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential"}`,
		"proof string":  `{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":"x"}`,
		"unknown suite": `{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":{"type":"DataIntegrityProof","cryptosuite":"ecdsa-rdfc-2019","proofValue":"z1","verificationMethod":"did:key:z6Mk","proofPurpose":"assertionMethod"}}`,
		"bad purpose":   `{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofValue":"z1","verificationMethod":"did:key:z6Mk","proofPurpose":"authentication"}}`,
		"bad value":     `{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofValue":"abc","verificationMethod":"did:key:z6Mk","proofPurpose":"assertionMethod"}}`,
	} {
		res, err := Default.Verify(context.Background(), parse(t, []byte(in)), staticKeys{})
		if err == nil && (len(res) == 0 || res[0].Err == nil) {
			t.Errorf("%s: verified", name)
		}
	}
}
