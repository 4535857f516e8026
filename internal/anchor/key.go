// SPDX-License-Identifier: Apache-2.0

package anchor

import (
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"
)

// LoadKey reads the anchoring account's key: a file holding a secp256k1
// private key as 64 hex digits (an optional 0x and surrounding white space
// are allowed), the form geth and most wallets export.
func LoadKey(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("anchor: read key: %w", err)
	}
	s := strings.TrimPrefix(strings.TrimSpace(string(b)), "0x")
	// The parser's own messages may quote the key's characters: say what
	// was wanted instead.
	k, err := crypto.HexToECDSA(s)
	if err != nil {
		return nil, fmt.Errorf("anchor: key file %s: want a secp256k1 private key as 64 hex digits", path)
	}
	return k, nil
}

// GenerateKey makes a new secp256k1 key for an anchoring account.
func GenerateKey() (*ecdsa.PrivateKey, error) {
	return crypto.GenerateKey()
}

// EncodeKey is the key file text of key, which [LoadKey] reads. The file
// holds a secret: write it with mode 0600.
func EncodeKey(key *ecdsa.PrivateKey) ([]byte, error) {
	if key == nil || key.D == nil {
		return nil, errors.New("anchor: no key")
	}
	return []byte(hex.EncodeToString(crypto.FromECDSA(key)) + "\n"), nil
}

// Address is the account address of key, EIP-55 checksummed.
func Address(key *ecdsa.PrivateKey) string {
	return crypto.PubkeyToAddress(key.PublicKey).Hex()
}
