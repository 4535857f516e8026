// SPDX-License-Identifier: Apache-2.0

// Package tlog is Akashi's transparency log engine: the leaves it records
// (one per issued credential, holding no personal data), the RFC 6962
// Merkle tree over them, checkpoints in the C2SP tlog-checkpoint format
// signed as signed notes, the C2SP tlog-tiles paths, and receipts in the
// C2SP tlog-proof format.
//
// The tree itself is golang.org/x/mod/sumdb/tlog, the code behind the Go
// checksum database: stored hashes, tiles, inclusion and consistency
// proofs. It was chosen over transparency-dev/tessera because Akashi keeps
// its state in SQL (SQLite or PostgreSQL): with the tree's hashes in the
// database, a credential's leaf is written in the same transaction as the
// credential and its award e-mail, on both databases, with no second store
// to keep in step (tessera's POSIX driver would only serve single-node
// SQLite set-ups). This package stores nothing: callers give it a
// [HashReader] over their own storage.
package tlog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	mtlog "golang.org/x/mod/sumdb/tlog"
)

// Hash is a node hash of the tree; HashReader reads stored hashes by their
// storage index (see golang.org/x/mod/sumdb/tlog.StoredHashIndex).
type (
	Hash       = mtlog.Hash
	HashReader = mtlog.HashReader
)

// Leaf kinds: the credential formats Akashi issues, and the status lists
// it publishes.
const (
	KindOB3DI      = "ob3-di"      // Data Integrity: SHA-256 of the RDFC-1.0 canonical form without proof
	KindOB3JWT     = "ob3-jwt"     // VC-JWT: SHA-256 of the JWS signing input
	KindOB2Hosted  = "ob2-hosted"  // OB 2.0 hosted: SHA-256 of the assertion JSON as served
	KindOB2Signed  = "ob2-signed"  // OB 2.0 signed: SHA-256 of the JWS signing input
	KindStatusList = "status-list" // a published status-list version
)

const leafHeader = "akashi.log/leaf/v1"

// Leaf is one record of the log. It names the credential and its issuer and
// holds the digest of the credential's canonical form; it holds nothing
// about the recipient.
type Leaf struct {
	Kind         string
	CredentialID string
	IssuerID     string
	Digest       [sha256.Size]byte
}

// Marshal returns the leaf's bytes, the record the tree hashes:
//
//	akashi.log/leaf/v1
//	kind ob3-jwt
//	id urn:uuid:…
//	issuer did:key:…
//	sha256 <64 hex digits>
func (l Leaf) Marshal() []byte {
	return fmt.Appendf(nil, "%s\nkind %s\nid %s\nissuer %s\nsha256 %x\n", leafHeader, l.Kind, l.CredentialID, l.IssuerID, l.Digest)
}

// Hash is the leaf's RFC 6962 hash, SHA-256(0x00 || leaf).
func (l Leaf) Hash() Hash { return mtlog.RecordHash(l.Marshal()) }

// RecordHash is the RFC 6962 hash of a leaf's bytes.
func RecordHash(data []byte) Hash { return mtlog.RecordHash(data) }

// Validate checks that the leaf can be marshalled and parsed back.
func (l Leaf) Validate() error {
	for _, f := range []string{l.Kind, l.CredentialID, l.IssuerID} {
		if f == "" || strings.ContainsAny(f, "\n\r") || strings.TrimSpace(f) != f {
			return errors.New("tlog: leaf fields must be non-empty single lines")
		}
	}
	return nil
}

// ParseLeaf reads a leaf's bytes.
func ParseLeaf(b []byte) (Leaf, error) {
	var l Leaf
	lines := strings.Split(string(b), "\n")
	if len(lines) != 6 || lines[0] != leafHeader || lines[5] != "" {
		return l, errors.New("tlog: not an Akashi log leaf")
	}
	vals := make([]string, 4)
	for i, k := range []string{"kind ", "id ", "issuer ", "sha256 "} {
		v, ok := strings.CutPrefix(lines[i+1], k)
		if !ok {
			return l, fmt.Errorf("tlog: leaf line %d is not %q", i+2, strings.TrimSpace(k))
		}
		vals[i] = v
	}
	d, err := hex.DecodeString(vals[3])
	if err != nil || len(d) != sha256.Size {
		return l, errors.New("tlog: bad leaf digest")
	}
	l.Kind, l.CredentialID, l.IssuerID = vals[0], vals[1], vals[2]
	copy(l.Digest[:], d)
	if !bytes.Equal(l.Marshal(), b) {
		return l, errors.New("tlog: leaf is not in canonical form")
	}
	return l, l.Validate()
}

// DigestJWS is the digest of a compact JWS's signing input (header and
// payload, without the signature): a VC-JWT or an OB 2.0 signed assertion.
func DigestJWS(token string) ([sha256.Size]byte, error) {
	token = strings.TrimSpace(token)
	i := strings.LastIndexByte(token, '.')
	if i < 0 || strings.Count(token, ".") != 2 {
		return [sha256.Size]byte{}, errors.New("tlog: not a compact JWS")
	}
	return sha256.Sum256([]byte(token[:i])), nil
}

// DigestBytes is the digest of a document taken as it is (an OB 2.0 hosted
// assertion as served, or a canonical form the caller computed).
func DigestBytes(b []byte) [sha256.Size]byte { return sha256.Sum256(b) }

// Append computes the hashes to store when leaves are appended to a tree
// of size n, read through r. The result is the hashes for the storage
// indexes StoredHashIndex(0, n) onwards, in order.
func Append(n int64, leaves []Hash, r HashReader) ([]Hash, error) {
	first := mtlog.StoredHashIndex(0, n)
	var out []Hash
	ov := mtlog.HashReaderFunc(func(idx []int64) ([]Hash, error) {
		hs := make([]Hash, len(idx))
		var miss []int64
		var at []int
		for i, x := range idx {
			if x >= first && x-first < int64(len(out)) {
				hs[i] = out[x-first]
			} else {
				miss, at = append(miss, x), append(at, i)
			}
		}
		if len(miss) > 0 {
			got, err := r.ReadHashes(miss)
			if err != nil {
				return nil, err
			}
			if len(got) != len(miss) {
				return nil, errors.New("tlog: hash reader returned a wrong count")
			}
			for j, i := range at {
				hs[i] = got[j]
			}
		}
		return hs, nil
	})
	for i, h := range leaves {
		hs, err := mtlog.StoredHashesForRecordHash(n+int64(i), h, ov)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	return out, nil
}

// TreeHash is the root hash of the tree of size n; the empty tree's is
// SHA-256 of nothing, as RFC 6962 says.
func TreeHash(n int64, r HashReader) (Hash, error) {
	if n == 0 {
		return Hash(sha256.Sum256(nil)), nil
	}
	return mtlog.TreeHash(n, r)
}

// StoredHashIndex is the storage index of the hash at level and position n.
func StoredHashIndex(level int, n int64) int64 { return mtlog.StoredHashIndex(level, n) }

// ProveInclusion returns the inclusion proof of record index in the tree
// of size size.
func ProveInclusion(size, index int64, r HashReader) ([]Hash, error) {
	return mtlog.ProveRecord(size, index, r)
}

// CheckInclusion checks that leaf is record index of the tree of size and
// root hash root.
func CheckInclusion(proof []Hash, size int64, root Hash, index int64, leaf []byte) error {
	return mtlog.CheckRecord(proof, size, root, index, mtlog.RecordHash(leaf))
}

// ProveConsistency returns the proof that the tree of size oldSize is a
// prefix of the tree of size size.
func ProveConsistency(size, oldSize int64, r HashReader) ([]Hash, error) {
	return mtlog.ProveTree(size, oldSize, r)
}

// CheckConsistency checks a consistency proof between two checkpoints.
func CheckConsistency(proof []Hash, size int64, root Hash, oldSize int64, oldRoot Hash) error {
	return mtlog.CheckTree(proof, size, root, oldSize, oldRoot)
}
