// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"math/big"
)

// JWK is a JSON Web Key (RFC 7517) of one of the three supported kinds:
// kty "OKP" with crv "Ed25519" and x (RFC 8037 §2); kty "EC" with crv
// "P-256", x and y (RFC 7518 §6.2); kty "RSA" with n and e (RFC 7518 §6.3).
// All binary members are base64url without padding. D holds the private
// part of an OKP or EC key and is empty in a public key. Members not listed
// here are ignored when decoding.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	D   string `json:"d,omitempty"`
	Kid string `json:"kid,omitempty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

const p256FieldSize = 32

// NewJWK returns the public JWK of pub: an ed25519.PublicKey, a P-256
// *ecdsa.PublicKey or an *rsa.PublicKey of at least [MinRSABits]. A private
// key (crypto.Signer) is reduced to its public half; D is never set. The
// result carries only the key members (no kid, alg or use). Other keys give
// [ErrKey].
func NewJWK(pub crypto.PublicKey) (*JWK, error) {
	if s, ok := pub.(crypto.Signer); ok {
		pub = s.Public()
	}
	if _, err := AlgorithmFor(pub); err != nil {
		return nil, err
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return &JWK{Kty: "OKP", Crv: "Ed25519", X: encodeSegment(k)}, nil
	case *ecdsa.PublicKey:
		raw, err := k.Bytes()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKey, err)
		}
		// raw is 0x04 || X || Y, each coordinate padded to the field size.
		return &JWK{Kty: "EC", Crv: "P-256", X: encodeSegment(raw[1 : 1+p256FieldSize]), Y: encodeSegment(raw[1+p256FieldSize:])}, nil
	default:
		k2 := pub.(*rsa.PublicKey)
		return &JWK{Kty: "RSA", N: encodeSegment(k2.N.Bytes()), E: encodeSegment(big.NewInt(int64(k2.E)).Bytes())}, nil
	}
}

// PublicKey returns the public key the JWK describes: an ed25519.PublicKey,
// a P-256 *ecdsa.PublicKey or an *rsa.PublicKey. It returns [ErrKey] for an
// unsupported kty or crv, a member of the wrong length, a point not on the
// curve, a "use" other than "sig", or an "alg" other than the one the key
// must be used with.
func (k *JWK) PublicKey() (crypto.PublicKey, error) {
	if k.Use != "" && k.Use != "sig" {
		return nil, fmt.Errorf("%w: use %q is not \"sig\"", ErrKey, k.Use)
	}
	pub, err := k.publicKey()
	if err != nil {
		return nil, err
	}
	alg, err := AlgorithmFor(pub)
	if err != nil {
		return nil, err
	}
	if k.Alg != "" && k.Alg != alg {
		return nil, fmt.Errorf("%w: JWK alg %q does not fit a %s key", ErrKey, k.Alg, alg)
	}
	return pub, nil
}

func (k *JWK) publicKey() (crypto.PublicKey, error) {
	switch {
	case k.Kty == "OKP" && k.Crv == "Ed25519":
		x, err := keyMember("x", k.X, ed25519.PublicKeySize)
		if err != nil {
			return nil, err
		}
		return ed25519.PublicKey(x), nil
	case k.Kty == "EC" && k.Crv == "P-256":
		return k.ecdsaPublic()
	case k.Kty == "RSA":
		return k.rsaPublic()
	default:
		return nil, fmt.Errorf("%w: kty %q crv %q", ErrKey, k.Kty, k.Crv)
	}
}

func (k *JWK) ecdsaPublic() (*ecdsa.PublicKey, error) {
	x, err := keyMember("x", k.X, p256FieldSize)
	if err != nil {
		return nil, err
	}
	y, err := keyMember("y", k.Y, p256FieldSize)
	if err != nil {
		return nil, err
	}
	point := append(append([]byte{4}, x...), y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	return pub, nil
}

func (k *JWK) rsaPublic() (*rsa.PublicKey, error) {
	n, err := keyMember("n", k.N, 0)
	if err != nil {
		return nil, err
	}
	e, err := keyMember("e", k.E, 0)
	if err != nil {
		return nil, err
	}
	// RFC 7518 §6.3.1: minimal big-endian octets, so no leading zero.
	if len(n) == 0 || n[0] == 0 || len(e) == 0 || e[0] == 0 || len(e) > 4 {
		return nil, fmt.Errorf("%w: RSA n or e is not a minimal positive integer", ErrKey)
	}
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() > 1<<31-1 || exp.Int64() < 3 || exp.Bit(0) == 0 {
		return nil, fmt.Errorf("%w: RSA exponent %v", ErrKey, exp)
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
}

// keyMember decodes a base64url key member; size > 0 demands that length.
func keyMember(name, s string, size int) ([]byte, error) {
	b, err := decodeSegment("jwk "+name, s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	if size > 0 && len(b) != size {
		return nil, fmt.Errorf("%w: jwk %s is %d bytes, want %d", ErrKey, name, len(b), size)
	}
	return b, nil
}
