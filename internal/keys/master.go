// SPDX-License-Identifier: Apache-2.0

package keys

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvMasterKey is the environment variable that holds the master key.
const EnvMasterKey = "AKASHI_MASTER_KEY"

// MasterKeyFile is the name of the master key file in the data directory.
const MasterKeyFile = "master.key"

const (
	masterKeySize = 32
	versionAESGCM = 0x01
	keyIDSize     = 4
	headerSize    = 1 + keyIDSize
)

// MasterKey seals and opens values with the instance master key. It is safe
// for concurrent use. Its String method never shows key material.
type MasterKey struct {
	aead  cipher.AEAD
	keyID [keyIDSize]byte
}

// String returns a fixed text, so a MasterKey logged by mistake does not
// leak the key.
func (m *MasterKey) String() string { return "keys.MasterKey(redacted)" }

// newMasterKey derives the sealing key and key id from raw.
func newMasterKey(raw []byte) (*MasterKey, error) {
	if len(raw) != masterKeySize {
		return nil, fmt.Errorf("keys: master key is %d bytes, want %d", len(raw), masterKeySize)
	}
	// Derived keys, not raw itself, so the master key can later key other
	// things (cookies, tokens) without one key serving two algorithms.
	sealKey, err := hkdf.Key(sha256.New, raw, nil, "akashi keys seal v1", 32)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	id, err := hkdf.Key(sha256.New, raw, nil, "akashi keys key id", keyIDSize)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	m := &MasterKey{aead: aead}
	copy(m.keyID[:], id)
	return m, nil
}

// Seal encrypts and authenticates plaintext, binding it to additionalData,
// which must be given again to [MasterKey.Open]. The package comment
// describes the format. With the 96-bit random nonce, one master key must
// not seal more than 2^32 values, far beyond the keys of any instance.
func (m *MasterKey) Seal(plaintext, additionalData []byte) ([]byte, error) {
	out := make([]byte, headerSize, headerSize+len(plaintext)+m.aead.Overhead())
	out[0] = versionAESGCM
	copy(out[1:], m.keyID[:])
	return m.aead.Seal(out, nil, plaintext, aad(versionAESGCM, additionalData)), nil
}

// Open decrypts a value made by [MasterKey.Seal] with the same
// additionalData. It returns an error wrapping [ErrWrongMasterKey] when the
// key id in the value is not this master key's (sealed under another master
// key, or that header byte altered), and [ErrCorrupt] when the value is
// damaged, altered or additionalData differs.
func (m *MasterKey) Open(sealed, additionalData []byte) ([]byte, error) {
	if len(sealed) < headerSize+m.aead.Overhead() {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(sealed))
	}
	if sealed[0] != versionAESGCM {
		return nil, fmt.Errorf("%w: unknown format version %d", ErrCorrupt, sealed[0])
	}
	if !bytes.Equal(sealed[1:headerSize], m.keyID[:]) {
		return nil, fmt.Errorf("%w (key id %x, this master key is %x)", ErrWrongMasterKey, sealed[1:headerSize], m.keyID)
	}
	plain, err := m.aead.Open(nil, nil, sealed[headerSize:], aad(sealed[0], additionalData))
	if err != nil {
		return nil, ErrCorrupt
	}
	return plain, nil
}

// aad authenticates the version byte along with the caller's data.
func aad(version byte, additionalData []byte) []byte {
	return append([]byte{version}, additionalData...)
}

// LoadOrCreateMasterKey returns the instance master key. When getenv
// (os.Getenv in production) returns a value for AKASHI_MASTER_KEY, that
// value, standard base64 of 32 bytes, is the key and the data directory is
// not consulted. Otherwise the key is read from <dataDir>/master.key, which
// is created with mode 0600 (and dataDir with 0700) on first start. A file
// that group or others can read is refused, naming the chmod that fixes it.
func LoadOrCreateMasterKey(dataDir string, getenv func(string) string) (*MasterKey, error) {
	if v := getenv(EnvMasterKey); v != "" {
		raw, err := decodeMasterKey(v)
		if err != nil {
			return nil, fmt.Errorf("keys: %s: %w", EnvMasterKey, err)
		}
		return newMasterKey(raw)
	}
	path := filepath.Join(dataDir, MasterKeyFile)
	raw, err := readMasterKeyFile(path)
	if errors.Is(err, os.ErrNotExist) {
		raw, err = createMasterKeyFile(dataDir, path)
	}
	if err != nil {
		return nil, err
	}
	return newMasterKey(raw)
}

// decodeMasterKey reads base64 of 32 bytes, padded or not. Its errors never
// repeat the value, which is a secret even when malformed.
func decodeMasterKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, errors.New("not valid base64; generate a key with: head -c 32 /dev/urandom | base64")
	}
	if len(raw) != masterKeySize {
		return nil, fmt.Errorf("decodes to %d bytes, want %d; generate a key with: head -c 32 /dev/urandom | base64", len(raw), masterKeySize)
	}
	return raw, nil
}

// readMasterKeyFile reads an existing key file after checking that only its
// owner can read it. A missing file gives an error wrapping os.ErrNotExist.
func readMasterKeyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("keys: master key file %s is not a regular file", path)
	}
	// Windows has no Unix permission bits; os.Stat reports 0666 there.
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("keys: master key file %s can be read or changed by other users (mode %04o); fix with: chmod 600 %s", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	raw, err := decodeMasterKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("keys: master key file %s: %w", path, err)
	}
	return raw, nil
}

// createMasterKeyFile writes a new random key to path. The key is written to
// a temporary file first and hard-linked into place, so that two processes
// starting at once on a new data directory never see a partly written file:
// the one that loses the race reads the winner's key.
func createMasterKeyFile(dataDir, path string) ([]byte, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	raw := make([]byte, masterKeySize)
	rand.Read(raw)
	tmp, err := os.CreateTemp(dataDir, MasterKeyFile+".tmp*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("keys: writing master key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return readMasterKeyFile(path)
	} else if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return raw, nil
}
