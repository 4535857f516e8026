// SPDX-License-Identifier: Apache-2.0

// Package keys generates the signing keys of organisations and keeps their
// private halves sealed at rest with the instance master key (DESIGN §4).
//
// # Master key
//
// The master key is 32 random bytes, read from AKASHI_MASTER_KEY (standard
// base64) or from the file master.key in the data directory, created with
// mode 0600 on first start (see [LoadOrCreateMasterKey]). Every node of an
// instance needs the same master key; copy the file's content into
// AKASHI_MASTER_KEY to share it. Losing it makes every sealed private key
// unreadable.
//
// # Sealed format
//
// [MasterKey.Seal] produces
//
//	version (1 byte, 0x01) || key id (4 bytes) || nonce (12 bytes) || ciphertext || tag (16 bytes)
//
// Version 1 is AES-256-GCM (NIST SP 800-38D) with a random nonce under a key
// derived from the master key with HKDF-SHA256 (RFC 5869), info
// "akashi keys seal v1". The key id is the first four bytes of another HKDF
// output of the master key, so that opening with the wrong master key is
// reported as [ErrWrongMasterKey] instead of as damage. The authenticated
// additional data is the version byte followed by the caller's additional
// data, which names the owner of the sealed value (for example
// "org:42:ed25519"): a sealed key copied to another row does not open.
//
// # Organisation keys
//
// Each organisation has an Ed25519 key for Open Badges 3.0 proofs and
// VC-JWT, and an RSA key for Open Badges 2.0 signed assertions (JWS RS256).
// [SealPrivateKey] seals a private key in PKCS #8 form and returns its public
// key in SPKI (PKIX) DER form for publishing.
package keys

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"io"
)

// Errors returned by [MasterKey.Open] and [OpenPrivateKey], wrapped with
// detail; test with errors.Is.
var (
	// ErrWrongMasterKey means the value was sealed under another master key:
	// AKASHI_MASTER_KEY or master.key is not the one the data was written with.
	ErrWrongMasterKey = errors.New("keys: sealed with a different master key")

	// ErrCorrupt means the sealed value is truncated, of an unknown format
	// version, altered, or sealed for different additional data.
	ErrCorrupt = errors.New("keys: sealed value is corrupt, altered or bound to another owner")
)

// Signer signs with a private key that the caller may never see. It has the
// method set of [crypto.Signer], so the keys [OpenPrivateKey] returns satisfy
// it; it exists as our own type because a second implementation is foreseen,
// a client of a key management service (cloud KMS or HSM) holding the
// private key outside the process. Code that signs badges depends on Signer,
// not on the concrete key types.
type Signer interface {
	// Public returns the public key: ed25519.PublicKey or *rsa.PublicKey.
	Public() crypto.PublicKey
	// Sign signs digest (for Ed25519 the whole message, with opts
	// crypto.Hash(0)) as crypto.Signer.Sign does, returning its errors.
	Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error)
}

// The key types this package generates are Signers.
var (
	_ Signer = ed25519.PrivateKey(nil)
	_ Signer = (*rsa.PrivateKey)(nil)
)
