// SPDX-License-Identifier: Apache-2.0

// Package keyfile reads and writes the key files of `akashi keys generate`:
// a JSON object holding an Ed25519 key pair in Multikey form and its did:key,
//
//	{"type":"Ed25519","id":"did:key:z6Mk…#z6Mk…","controller":"did:key:z6Mk…",
//	 "publicKeyMultibase":"z6Mk…","secretKeyMultibase":"z3u2…"}
//
// the same fields Digital Bazaar's ed25519-multikey exports, so the interop
// tests can hand one file to both implementations.
package keyfile

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/multikey"
)

// File is the JSON form of a key file.
type File struct {
	Type               string `json:"type"`
	ID                 string `json:"id"`
	Controller         string `json:"controller"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
	SecretKeyMultibase string `json:"secretKeyMultibase"`
}

// Key is a loaded key pair.
type Key struct {
	Private            ed25519.PrivateKey
	Public             ed25519.PublicKey
	DID                string // did:key:z6Mk…
	VerificationMethod string // did:key:z6Mk…#z6Mk…
}

// Generate makes a new Ed25519 key.
func Generate() (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return FromPrivate(priv), nil
}

// FromPrivate wraps an existing Ed25519 private key.
func FromPrivate(priv ed25519.PrivateKey) *Key {
	pub := priv.Public().(ed25519.PublicKey)
	return &Key{Private: priv, Public: pub, DID: did.KeyDID(pub), VerificationMethod: did.KeyID(pub)}
}

// Marshal returns the key file JSON.
func (k *Key) Marshal() ([]byte, error) {
	return json.MarshalIndent(File{
		Type: "Ed25519", ID: k.VerificationMethod, Controller: k.DID,
		PublicKeyMultibase: multikey.EncodePublic(k.Public), SecretKeyMultibase: multikey.EncodeSecret(k.Private),
	}, "", "  ")
}

// Write saves the key to path with mode 0600, refusing to overwrite a file.
func (k *Key) Write(path string) error {
	b, err := k.Marshal()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("keyfile: %w", err)
	}
	return f.Close()
}

// Parse decodes a key file and checks that its parts agree.
func Parse(b []byte) (*Key, error) {
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("keyfile: not a key file: %v", err)
	}
	if f.Type != "Ed25519" {
		return nil, fmt.Errorf("keyfile: unsupported key type %q (want Ed25519)", f.Type)
	}
	priv, err := multikey.DecodeSecret(f.SecretKeyMultibase)
	if err != nil {
		return nil, fmt.Errorf("keyfile: secretKeyMultibase: %w", err)
	}
	k := FromPrivate(priv)
	if f.PublicKeyMultibase != "" && f.PublicKeyMultibase != multikey.EncodePublic(k.Public) {
		return nil, errors.New("keyfile: publicKeyMultibase does not belong to the secret key")
	}
	if f.Controller != "" && f.Controller != k.DID {
		return nil, errors.New("keyfile: controller is not the key's did:key")
	}
	return k, nil
}

// Read loads a key file from disk.
func Read(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	return Parse(b)
}
