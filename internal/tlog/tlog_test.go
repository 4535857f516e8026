// SPDX-License-Identifier: Apache-2.0

package tlog

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// memLog is a tree kept in memory, as the service keeps it in SQL.
type memLog struct {
	leaves [][]byte
	hashes []Hash
}

func (m *memLog) ReadHashes(idx []int64) ([]Hash, error) {
	out := make([]Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(m.hashes)) {
			return nil, fmt.Errorf("no hash %d", x)
		}
		out[i] = m.hashes[x]
	}
	return out, nil
}

func (m *memLog) append(t testing.TB, leaves ...[]byte) {
	t.Helper()
	hs := make([]Hash, len(leaves))
	for i, l := range leaves {
		hs[i] = RecordHash(l)
	}
	st, err := Append(int64(len(m.leaves)), hs, m)
	if err != nil {
		t.Fatal(err)
	}
	m.leaves = append(m.leaves, leaves...)
	m.hashes = append(m.hashes, st...)
}

func (m *memLog) root(t testing.TB) Hash {
	h, err := TreeHash(int64(len(m.leaves)), m)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func testLeaf(i int) Leaf {
	return Leaf{Kind: KindOB3JWT, CredentialID: fmt.Sprintf("urn:uuid:%08d-0000-4000-8000-000000000000", i),
		IssuerID: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", Digest: sha256.Sum256([]byte(fmt.Sprint(i)))}
}

func TestLeafVectors(t *testing.T) {
	// RFC 6962 §2.1: the hash of the empty leaf, and of the empty tree.
	if got := hex.EncodeToString(func() []byte { h := RecordHash(nil); return h[:] }()); got != "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" {
		t.Errorf("empty leaf hash = %s", got)
	}
	if h, _ := TreeHash(0, nil); hex.EncodeToString(h[:]) != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty tree hash = %x", h)
	}
	d, _ := DigestJWS("eyJhbGciOiJFZERTQSJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2ln")
	l := Leaf{Kind: KindOB3JWT, CredentialID: "urn:uuid:1", IssuerID: "did:key:z6Mk", Digest: d}
	want := "akashi.log/leaf/v1\nkind ob3-jwt\nid urn:uuid:1\nissuer did:key:z6Mk\nsha256 " +
		hex.EncodeToString(func() []byte {
			s := sha256.Sum256([]byte("eyJhbGciOiJFZERTQSJ9.eyJpZCI6InVybjp1dWlkOjEifQ"))
			return s[:]
		}()) + "\n"
	if string(l.Marshal()) != want {
		t.Fatalf("leaf = %q, want %q", l.Marshal(), want)
	}
	h := l.Hash()
	if got := hex.EncodeToString(h[:]); got != "8f05102637fb84ef7d4bea0614ecf32f0792e58dd9856e2ce8346384e7a3a92f" {
		t.Errorf("leaf hash = %s", got)
	}
	sum := sha256.Sum256(append([]byte{0}, []byte(want)...))
	if h != Hash(sum) {
		t.Errorf("leaf hash is not SHA-256(0x00 || leaf)")
	}
	back, err := ParseLeaf(l.Marshal())
	if err != nil || back != l {
		t.Errorf("ParseLeaf = %+v, %v", back, err)
	}
	for _, bad := range []string{"", strings.Replace(want, "kind", "kine", 1), strings.Replace(want, "sha256 ", "sha256 zz", 1), want + "x"} {
		if _, err := ParseLeaf([]byte(bad)); err == nil {
			t.Errorf("ParseLeaf(%q) succeeded", bad)
		}
	}
	if (Leaf{Kind: "x", CredentialID: "a\nb", IssuerID: "i"}).Validate() == nil {
		t.Error("a leaf field with a newline validated")
	}
}

func newSigner(t testing.TB) (signer interface{ Name() string }, sign func(Checkpoint) []byte, vkey string) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	s, vkey, err := NewSigner("example.org/log", key)
	if err != nil {
		t.Fatal(err)
	}
	return s, func(c Checkpoint) []byte {
		b, err := Sign(c, s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}, vkey
}

func TestRoundTrip(t *testing.T) {
	_, sign, vkey := newSigner(t)
	m := &memLog{}
	for n := range 300 {
		m.append(t, testLeaf(n).Marshal())
	}
	m.append(t, testLeaf(300).Marshal(), testLeaf(301).Marshal(), testLeaf(302).Marshal()) // a batch
	size := int64(len(m.leaves))
	cp := Checkpoint{Origin: "example.org/log", Size: size, Root: m.root(t)}
	note := sign(cp)
	if !strings.HasPrefix(string(note), cp.Text()+"\n— example.org/log ") {
		t.Fatalf("note = %q", note)
	}
	got, err := OpenCheckpoint(note, vkey)
	if err != nil || got != cp {
		t.Fatalf("OpenCheckpoint = %+v, %v", got, err)
	}
	for _, idx := range []int64{0, 1, 255, 256, 301, size - 1} {
		p, err := ProveInclusion(size, idx, m)
		if err != nil {
			t.Fatal(err)
		}
		rc := &Receipt{Leaf: m.leaves[idx], Index: idx, Proof: p, Checkpoint: note}
		back, err := ParseReceipt(rc.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := back.Verify(vkey, m.leaves[idx]); err != nil {
			t.Errorf("receipt %d: %v", idx, err)
		}
		if _, err := back.Verify(vkey, m.leaves[(idx+1)%size]); err == nil {
			t.Errorf("receipt %d verified another leaf", idx)
		}
	}
	// Every byte of a receipt matters: flip each (past the header) and see
	// parsing or verification fail.
	p, _ := ProveInclusion(size, 7, m)
	text := (&Receipt{Index: 7, Proof: p, Checkpoint: note}).Marshal()
	for i := len("c2sp.org/tlog-proof@v1\n"); i < len(text); i++ {
		b := []byte(string(text))
		b[i] ^= 1
		rc, err := ParseReceipt(b)
		if err == nil {
			_, err = rc.Verify(vkey, m.leaves[7])
		}
		if err == nil {
			t.Errorf("receipt with byte %d (%q) flipped verified", i, text[i])
		}
	}
	// Another key does not verify.
	_, other, _ := ed25519.GenerateKey(nil)
	_, vkey2, _ := NewSigner("example.org/log", other)
	if _, err := OpenCheckpoint(note, vkey2); err == nil {
		t.Error("checkpoint opened with another key")
	}
}

// A log that rewrites a leaf cannot prove its new tree consistent with the
// old checkpoint, and old receipts fail against the new checkpoint.
func TestRewrittenLogCaught(t *testing.T) {
	m := &memLog{}
	for n := range 40 {
		m.append(t, testLeaf(n).Marshal())
	}
	oldSize, oldRoot := int64(40), m.root(t)
	oldProof, _ := ProveInclusion(oldSize, 3, m)
	// The forger rebuilds the tree with leaf 3 changed, then grows it.
	f := &memLog{}
	for n := range 40 {
		l := testLeaf(n)
		if n == 3 {
			l.Digest[0] ^= 1
		}
		f.append(t, l.Marshal())
	}
	for n := 40; n < 50; n++ {
		f.append(t, testLeaf(n).Marshal())
		m.append(t, testLeaf(n).Marshal())
	}
	p, err := ProveConsistency(50, oldSize, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckConsistency(p, 50, f.root(t), oldSize, oldRoot); err == nil {
		t.Error("rewritten log proved consistent with the old checkpoint")
	}
	// The honest log is consistent.
	p, _ = ProveConsistency(50, oldSize, m)
	if err := CheckConsistency(p, 50, m.root(t), oldSize, oldRoot); err != nil {
		t.Errorf("honest log: %v", err)
	}
	if err := CheckInclusion(oldProof, oldSize, oldRoot, 3, f.leaves[3]); err == nil {
		t.Error("rewritten leaf verified against the old checkpoint")
	}
}

func TestTilePaths(t *testing.T) {
	for _, p := range []string{"tile/0/000", "tile/0/x001/234.p/5", "tile/1/000.p/17", "tile/entries/000", "tile/entries/x001/234.p/200"} {
		tl, err := ParseTilePath(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if TilePath(tl) != p {
			t.Errorf("TilePath(%s) = %s", p, TilePath(tl))
		}
	}
	for _, p := range []string{"tile/8/0/000", "tile/0/1", "tile/0/000.p/0", "tile/entries/000.p/256", "x"} {
		if _, err := ParseTilePath(p); err == nil {
			t.Errorf("%s parsed", p)
		}
	}
	m := &memLog{}
	for n := range 260 {
		m.append(t, testLeaf(n).Marshal())
	}
	tl, _ := ParseTilePath("tile/0/000")
	data, err := ReadTile(tl, m)
	if err != nil || len(data) != 256*32 {
		t.Fatalf("tile: %d bytes, %v", len(data), err)
	}
	if h := RecordHash(m.leaves[255]); string(data[255*32:]) != string(h[:]) {
		t.Error("tile's last hash is not leaf 255's")
	}
	b, _ := EntryBundle(m.leaves[:2])
	if len(b) != 4+len(m.leaves[0])+len(m.leaves[1]) || int(b[0])<<8|int(b[1]) != len(m.leaves[0]) {
		t.Error("entry bundle framing")
	}
}

func BenchmarkAppend(b *testing.B) {
	m := &memLog{}
	leaf := testLeaf(1).Marshal()
	b.ReportAllocs()
	for b.Loop() {
		m.append(b, leaf)
	}
}

func BenchmarkVerifyInclusion(b *testing.B) {
	_, sign, vkey := newSigner(b)
	m := &memLog{}
	for n := range 100000 {
		m.append(b, testLeaf(n).Marshal())
	}
	size := int64(len(m.leaves))
	note := sign(Checkpoint{Origin: "example.org/log", Size: size, Root: m.root(b)})
	p, _ := ProveInclusion(size, 12345, m)
	text := (&Receipt{Leaf: m.leaves[12345], Index: 12345, Proof: p, Checkpoint: note}).Marshal()
	b.ReportAllocs()
	for b.Loop() {
		rc, err := ParseReceipt(text)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rc.Verify(vkey, m.leaves[12345]); err != nil {
			b.Fatal(err)
		}
	}
}
