// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
)

func TestSignAssertion(t *testing.T) {
	key, _ := testKeys(t)
	in := []byte(`{
		"@context": "https://w3id.org/openbadges/v2",
		"id": "urn:uuid:1",
		"verification": {"type": "SignedBadge", "creator": "https://issuer.test/key"}
	}`)
	s, err := SignAssertion(in, key)
	if err != nil {
		t.Fatalf("SignAssertion: %v", err)
	}
	parts := strings.Split(s, ".")
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if string(header) != `{"alg":"RS256","typ":"JWT"}` {
		t.Errorf("header = %s, want {\"alg\":\"RS256\",\"typ\":\"JWT\"}", header)
	}
	wantPayload := `{"@context":"https://w3id.org/openbadges/v2","id":"urn:uuid:1","verification":{"type":"SignedBadge","creator":"https://issuer.test/key"}}`
	if string(payload) != wantPayload {
		t.Errorf("payload = %s, want %s", payload, wantPayload)
	}
	j, err := parseJWS(s)
	if err != nil {
		t.Fatalf("parseJWS(SignAssertion output): %v", err)
	}
	if err := j.verify(&key.PublicKey); err != nil {
		t.Errorf("verify(SignAssertion output) = %v", err)
	}
}

func TestSignAssertionErrors(t *testing.T) {
	key, _ := testKeys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	signed := []byte(`{"id":"urn:uuid:1","verify":{"type":"signed"}}`)
	tests := []struct {
		name  string
		input []byte
		key   *rsa.PrivateKey
		want  error
	}{
		{"hosted", []byte(`{"id":"x","verification":{"type":"HostedBadge"}}`), key, ErrNotSignedBadge},
		{"no verification", []byte(`{"id":"x"}`), key, ErrNotSignedBadge},
		{"null", []byte(`null`), key, ErrNotSignedBadge},
		{"small key", signed, small, ErrKey},
		{"nil key", signed, nil, ErrKey},
	}
	for _, tt := range tests {
		if _, err := SignAssertion(tt.input, tt.key); !errors.Is(err, tt.want) {
			t.Errorf("%s: SignAssertion error = %v, want %v", tt.name, err, tt.want)
		}
	}
	for _, bad := range []string{`{"id":`, `[1]`, ``} {
		if _, err := SignAssertion([]byte(bad), key); err == nil {
			t.Errorf("SignAssertion(%q) = nil error, want error", bad)
		}
	}
	if _, err := SignAssertion(signed, key); err != nil {
		t.Errorf("SignAssertion(1.x verify alias) = %v, want nil", err)
	}
}

func TestPublicKeyPEM(t *testing.T) {
	key, _ := testKeys(t)
	text, err := PublicKeyPEM(&key.PublicKey)
	if err != nil {
		t.Fatalf("PublicKeyPEM: %v", err)
	}
	if !strings.HasPrefix(text, "-----BEGIN PUBLIC KEY-----\n") {
		t.Errorf("PublicKeyPEM = %q, want a PUBLIC KEY block", text)
	}
	pub, err := parsePublicKeyPEM(text)
	if err != nil || !pub.Equal(&key.PublicKey) {
		t.Errorf("parsePublicKeyPEM(PublicKeyPEM(k)) = %v, %v; want k", pub, err)
	}
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)}))
	if pub, err := parsePublicKeyPEM(pkcs1); err != nil || !pub.Equal(&key.PublicKey) {
		t.Errorf("parsePublicKeyPEM(PKCS #1) = %v, %v; want the key", pub, err)
	}
	if _, err := PublicKeyPEM(nil); !errors.Is(err, ErrKey) {
		t.Errorf("PublicKeyPEM(nil) = %v, want ErrKey", err)
	}
}

func TestParsePublicKeyPEMRejects(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	smallDER, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	tests := map[string]string{
		"not PEM":       "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
		"EC key":        string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
		"1024 bits":     string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: smallDER})),
		"certificate":   string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		"garbage DER":   string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte("x")})),
		"garbage PKCS1": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: []byte("x")})),
	}
	for name, text := range tests {
		if _, err := parsePublicKeyPEM(text); !errors.Is(err, ErrKey) {
			t.Errorf("%s: parsePublicKeyPEM error = %v, want ErrKey", name, err)
		}
	}
}
