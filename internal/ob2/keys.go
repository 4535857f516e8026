// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// parsePublicKeyPEM reads the publicKeyPem of a CryptographicKey: a PEM
// "PUBLIC KEY" (SubjectPublicKeyInfo) block as the spec says, or the
// "RSA PUBLIC KEY" (PKCS #1) form some issuers publish.
func parsePublicKeyPEM(text string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, fmt.Errorf("%w: publicKeyPem holds no PEM block", ErrKey)
	}
	switch block.Type {
	case "PUBLIC KEY":
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKey, err)
		}
		rsaPub, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("%w: %T is not an RSA key", ErrKey, pub)
		}
		return sizedKey(rsaPub)
	case "RSA PUBLIC KEY":
		pub, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKey, err)
		}
		return sizedKey(pub)
	}
	return nil, fmt.Errorf("%w: PEM block %q", ErrKey, block.Type)
}

func sizedKey(pub *rsa.PublicKey) (*rsa.PublicKey, error) {
	if err := checkRSAKey(pub); err != nil {
		return nil, err
	}
	return pub, nil
}
