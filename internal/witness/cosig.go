// SPDX-License-Identifier: Apache-2.0

// Package witness implements both sides of the C2SP tlog-witness protocol
// (https://c2sp.org/tlog-witness) for Akashi's transparency log: a witness
// that cosigns checkpoints it has checked for consistency, and the log-side
// client that asks witnesses for cosignatures and the verifier that counts
// them.
//
// # Cosignatures
//
// A cosignature is a C2SP tlog-cosignature/v1 Ed25519 cosignature
// (https://c2sp.org/tlog-cosignature), signature type 0x04 of C2SP
// signed-note. It is a note signature line
//
//	— <witness name> base64(key ID || timestamp || signature)
//
// where the key ID is SHA-256(name || 0x0A || 0x04 || public key)[:4], the
// timestamp is the big-endian uint64 POSIX time of signing, and the
// signature is Ed25519 over
//
//	cosignature/v1
//	time <timestamp in decimal>
//	<the checkpoint's note text, extension lines included>
//
// [Cosigner] and [CosignatureVerifier] are a note.Signer and a
// note.Verifier, so golang.org/x/mod/sumdb/note signs and opens cosigned
// checkpoints. Keys are written in the signed-note forms: the verifier key
// "name+hash+base64(0x04 || public key)" and the private key
// "PRIVATE+KEY+name+hash+base64(0x04 || seed)".
//
// # The add-checkpoint call
//
// A log submits a checkpoint with POST <prefix>/add-checkpoint, the body
// being the old size the log believes the witness has, a consistency proof
// from that size, a blank line and the signed checkpoint (see
// [AddCheckpointRequest]). [Server] answers it; [AddCheckpoint] and
// [Cosign] call it; [VerifyCosigned] checks the result.
package witness

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// algCosignatureV1 is the signed-note signature type of Ed25519
// cosignature/v1.
const algCosignatureV1 = 0x04

const (
	timestampSize  = 8
	cosigSize      = timestampSize + ed25519.SignatureSize
	cosigLineBytes = 4 + cosigSize // key ID, timestamp, signature
)

var (
	errKey       = errors.New("witness: malformed cosignature key")
	errKeyHash   = errors.New("witness: cosignature key hash does not match the key")
	errKeyType   = errors.New("witness: not an Ed25519 cosignature/v1 key (type 0x04)")
	errKeyName   = errors.New("witness: key name must be non-empty, without spaces or '+'")
	errNotCosig  = errors.New("witness: not an Ed25519 cosignature/v1 signature")
	errTimestamp = errors.New("witness: cosignature timestamp out of range")
)

// Cosigner makes cosignature/v1 cosignatures. It is a note.Signer: pass it
// to note.Sign with a checkpoint's text.
type Cosigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
	now  func() time.Time // the clock; tests set it
}

// GenerateKey returns a new cosigner key named name: the private key skey,
// to keep secret (read it back with [NewCosigner]), and the verifier key
// vkey to publish (read it with [NewCosignatureVerifier]).
func GenerateKey(name string) (skey, vkey string, err error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	s, err := newCosigner(name, priv)
	if err != nil {
		return "", "", err
	}
	return s.privateKey(), s.VerifierKey(), nil
}

// NewCosigner reads a private key made by [GenerateKey].
func NewCosigner(skey string) (*Cosigner, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(skey), "PRIVATE+KEY+")
	if !ok {
		return nil, errKey
	}
	name, hash, key, err := parseKey(rest)
	if err != nil {
		return nil, err
	}
	if len(key) != ed25519.SeedSize {
		return nil, errKey
	}
	s, err := newCosigner(name, ed25519.NewKeyFromSeed(key))
	if err != nil {
		return nil, err
	}
	// The hash names the public key, so it is checked once that is derived.
	if s.hash != hash {
		return nil, errKeyHash
	}
	return s, nil
}

func newCosigner(name string, key ed25519.PrivateKey) (*Cosigner, error) {
	if !validName(name) {
		return nil, errKeyName
	}
	pub := key.Public().(ed25519.PublicKey)
	return &Cosigner{name: name, hash: keyHash(name, pub), key: key, now: time.Now}, nil
}

// Name is the witness's name, the key name of its signature lines.
func (s *Cosigner) Name() string { return s.name }

// KeyHash is the key ID: SHA-256(name || 0x0A || 0x04 || public key)[:4].
func (s *Cosigner) KeyHash() uint32 { return s.hash }

// Sign cosigns msg, a checkpoint's note text, at the current time. It
// returns the timestamp followed by the Ed25519 signature, the form
// note.Sign puts after the key ID. It refuses text that is not a
// checkpoint, so that the key signs nothing else.
func (s *Cosigner) Sign(msg []byte) ([]byte, error) {
	if _, err := tlog.ParseCheckpoint(string(msg)); err != nil {
		return nil, fmt.Errorf("witness: will only cosign a checkpoint: %w", err)
	}
	t := s.now().Unix()
	if t < 0 {
		return nil, errTimestamp
	}
	sig := binary.BigEndian.AppendUint64(make([]byte, 0, cosigSize), uint64(t))
	return append(sig, ed25519.Sign(s.key, signedMessage(uint64(t), msg))...), nil
}

// VerifierKey is the cosigner's verifier key, "name+hash+base64(0x04||key)".
func (s *Cosigner) VerifierKey() string {
	return formatKey(s.name, s.hash, s.key.Public().(ed25519.PublicKey))
}

// Verifier returns the verifier of the cosigner's signatures.
func (s *Cosigner) Verifier() *CosignatureVerifier {
	return &CosignatureVerifier{name: s.name, hash: s.hash, pub: s.key.Public().(ed25519.PublicKey)}
}

func (s *Cosigner) privateKey() string {
	return "PRIVATE+KEY+" + formatKey(s.name, s.hash, s.key.Seed())
}

// CosignatureVerifier checks cosignature/v1 cosignatures of one witness.
// It is a note.Verifier.
type CosignatureVerifier struct {
	name string
	hash uint32
	pub  ed25519.PublicKey
}

// NewCosignatureVerifier reads a verifier key of signature type 0x04,
// "name+hash+base64(0x04 || 32-byte public key)". The hash must be the
// key ID the key implies.
func NewCosignatureVerifier(vkey string) (*CosignatureVerifier, error) {
	name, hash, key, err := parseKey(vkey)
	if err != nil {
		return nil, err
	}
	if len(key) != ed25519.PublicKeySize {
		return nil, errKey
	}
	if keyHash(name, key) != hash {
		return nil, errKeyHash
	}
	return &CosignatureVerifier{name: name, hash: hash, pub: ed25519.PublicKey(key)}, nil
}

// Name is the witness's name.
func (v *CosignatureVerifier) Name() string { return v.name }

// KeyHash is the key ID.
func (v *CosignatureVerifier) KeyHash() uint32 { return v.hash }

// Verify reports whether sig (timestamp and signature, without the key ID)
// cosigns msg, a note text.
func (v *CosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != cosigSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	if t > math.MaxInt64 {
		return false
	}
	return ed25519.Verify(v.pub, signedMessage(t, msg), sig[timestampSize:])
}

// String is the verifier key.
func (v *CosignatureVerifier) String() string { return formatKey(v.name, v.hash, v.pub) }

// CosignatureTime returns the time at which a cosignature/v1 signature was
// made, as its signer claims. It does not verify the signature.
func CosignatureTime(sig note.Signature) (time.Time, error) {
	b, err := base64.StdEncoding.DecodeString(sig.Base64)
	if err != nil || len(b) != cosigLineBytes {
		return time.Time{}, errNotCosig
	}
	t := binary.BigEndian.Uint64(b[4:])
	if t > math.MaxInt64 {
		return time.Time{}, errTimestamp
	}
	return time.Unix(int64(t), 0).UTC(), nil
}

// signedMessage is what a cosignature/v1 signs: a header for domain
// separation, the time, and the whole note text.
func signedMessage(t uint64, text []byte) []byte {
	m := fmt.Appendf(nil, "cosignature/v1\ntime %d\n", t)
	return append(m, text...)
}

func keyHash(name string, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', algCosignatureV1})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func formatKey(name string, hash uint32, key []byte) string {
	return fmt.Sprintf("%s+%08x+%s", name, hash, base64.StdEncoding.EncodeToString(append([]byte{algCosignatureV1}, key...)))
}

// parseKey reads "name+hash+base64(0x04 || key)". The base64 may itself
// hold '+', so only the first two are separators.
func parseKey(s string) (name string, hash uint32, key []byte, err error) {
	name, rest, _ := strings.Cut(s, "+")
	hash16, key64, _ := strings.Cut(rest, "+")
	h, err1 := strconv.ParseUint(hash16, 16, 32)
	b, err2 := base64.StdEncoding.Strict().DecodeString(key64)
	// The decoder skips newlines; a key is one line.
	if len(hash16) != 8 || err1 != nil || err2 != nil || len(b) == 0 || strings.ContainsAny(key64, "\r\n") {
		return "", 0, nil, errKey
	}
	if !validName(name) {
		return "", 0, nil, errKeyName
	}
	if b[0] != algCosignatureV1 {
		return "", 0, nil, errKeyType
	}
	return name, uint32(h), b[1:], nil
}

// validName is signed-note's rule for key names.
func validName(name string) bool {
	return name != "" && utf8.ValidString(name) && strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "+")
}
