// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"math/big"
)

// Verify checks the signature with pub (an ed25519.PublicKey, a P-256
// *ecdsa.PublicKey or an *rsa.PublicKey of at least [MinRSABits]). The
// header alg must be the one [AlgorithmFor] gives for pub, else
// [ErrAlgorithm]; an unsupported key gives [ErrKey]; a signature that does
// not verify gives [ErrSignature].
func (j *JWS) Verify(pub crypto.PublicKey) error {
	alg, err := AlgorithmFor(pub)
	if err != nil {
		return err
	}
	if j.Header.Alg != alg {
		return fmt.Errorf("%w: header alg %q with a %s key", ErrAlgorithm, j.Header.Alg, alg)
	}
	if s, ok := pub.(crypto.Signer); ok {
		pub = s.Public()
	}
	input := []byte(j.SigningInput)
	var ok bool
	switch k := pub.(type) {
	case ed25519.PublicKey:
		ok = len(j.Signature) == ed25519.SignatureSize && ed25519.Verify(k, input, j.Signature)
	case *ecdsa.PublicKey:
		digest := sha256.Sum256(input)
		ok = len(j.Signature) == 2*p256FieldSize && ecdsa.Verify(k, digest[:],
			new(big.Int).SetBytes(j.Signature[:p256FieldSize]), new(big.Int).SetBytes(j.Signature[p256FieldSize:]))
	case *rsa.PublicKey:
		digest := sha256.Sum256(input)
		ok = len(j.Signature) == k.Size() && rsa.VerifyPKCS1v15(k, crypto.SHA256, digest[:], j.Signature) == nil
	}
	if !ok {
		return ErrSignature
	}
	return nil
}
