// SPDX-License-Identifier: Apache-2.0

package tlog

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	mtlog "golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is the body of a C2SP tlog-checkpoint: the log's origin, the
// tree size and its root hash.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   Hash
}

// Text is the checkpoint's note text.
func (c Checkpoint) Text() string {
	return fmt.Sprintf("%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root[:]))
}

// ParseCheckpoint reads a checkpoint's note text (extension lines after
// the root hash are allowed and ignored).
func ParseCheckpoint(text string) (Checkpoint, error) {
	var c Checkpoint
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 || lines[0] == "" {
		return c, errors.New("tlog: malformed checkpoint")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return c, errors.New("tlog: malformed checkpoint size")
	}
	h, err := strict.DecodeString(lines[2])
	if err != nil || len(h) != len(c.Root) {
		return c, errors.New("tlog: malformed checkpoint root hash")
	}
	c.Origin, c.Size = lines[0], n
	copy(c.Root[:], h)
	return c, nil
}

// NewSigner returns a signed-note signer for a log named origin with key,
// and the verifier key that checks its signatures ("origin+hash+key", the
// form note.NewVerifier reads and operators pin).
func NewSigner(origin string, key ed25519.PrivateKey) (note.Signer, string, error) {
	vkey, err := note.NewEd25519VerifierKey(origin, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, "", err
	}
	// vkey is name+hash+base64(alg||pub); the signer key is the same with
	// the seed in place of the public key.
	parts := strings.Split(vkey, "+")
	skey := "PRIVATE+KEY+" + parts[0] + "+" + parts[1] + "+" + base64.StdEncoding.EncodeToString(append([]byte{1}, key.Seed()...))
	s, err := note.NewSigner(skey)
	return s, vkey, err
}

// Sign returns the checkpoint as a signed note.
func Sign(c Checkpoint, s note.Signer) ([]byte, error) {
	return note.Sign(&note.Note{Text: c.Text()}, s)
}

// OpenCheckpoint verifies a signed checkpoint with the verifier key vkey
// and returns it. The note's origin must be the key's name.
func OpenCheckpoint(msg []byte, vkey string) (Checkpoint, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("tlog: bad log key: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint signature: %w", err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return c, err
	}
	if c.Origin != v.Name() {
		return c, fmt.Errorf("tlog: checkpoint of log %q, key of %q", c.Origin, v.Name())
	}
	return c, nil
}

// TileHeight is the C2SP tlog-tiles height: 256 hashes a tile.
const TileHeight = 8

// ParseTilePath reads a C2SP tlog-tiles path, "tile/<L>/<N>[.p/<W>]" or
// "tile/entries/<N>[.p/<W>]" (L is then -1).
func ParseTilePath(p string) (mtlog.Tile, error) {
	rest, ok := strings.CutPrefix(p, "tile/")
	if !ok {
		return mtlog.Tile{}, errors.New("tlog: not a tile path")
	}
	if e, ok := strings.CutPrefix(rest, "entries/"); ok {
		rest = "data/" + e
	}
	return mtlog.ParseTilePath(fmt.Sprintf("tile/%d/%s", TileHeight, rest))
}

// TilePath is the C2SP tlog-tiles path of t.
func TilePath(t mtlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", TileHeight))
	if e, ok := strings.CutPrefix(p, "data/"); ok {
		return "tile/entries/" + e
	}
	return "tile/" + p
}

// TileForIndex is the full-width level-0 tile holding record index.
func TileForIndex(index int64) mtlog.Tile {
	return mtlog.TileForIndex(TileHeight, StoredHashIndex(0, index))
}

// ReadTile returns the hashes of a (level ≥ 0) tile.
func ReadTile(t mtlog.Tile, r HashReader) ([]byte, error) { return mtlog.ReadTileData(t, r) }

// EntryBundle encodes entries as a C2SP tlog-tiles entry bundle: each one
// a big-endian uint16 length and the bytes.
func EntryBundle(entries [][]byte) ([]byte, error) {
	var b []byte
	for _, e := range entries {
		if len(e) > 0xffff {
			return nil, errors.New("tlog: entry too long")
		}
		b = binary.BigEndian.AppendUint16(b, uint16(len(e)))
		b = append(b, e...)
	}
	return b, nil
}

// strict refuses base64 with non-zero padding bits, so that every byte of
// a receipt or checkpoint matters.
var strict = base64.StdEncoding.Strict()

const receiptHeader = "c2sp.org/tlog-proof@v1"

// Receipt is a C2SP tlog-proof: the record's index, its inclusion proof,
// and the signed checkpoint the proof leads to. Akashi puts the leaf in
// the extra data, so that a verifier can compare it with the credential in
// hand.
type Receipt struct {
	Leaf       []byte
	Index      int64
	Proof      []Hash
	Checkpoint []byte // a signed note
}

// Marshal returns the receipt's text:
//
//	c2sp.org/tlog-proof@v1
//	extra <base64 leaf>
//	index <N>
//	<base64 hash>…
//
//	<signed checkpoint>
func (r *Receipt) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nextra %s\nindex %d\n", receiptHeader, base64.StdEncoding.EncodeToString(r.Leaf), r.Index)
	for _, h := range r.Proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	b.WriteString("\n")
	b.Write(r.Checkpoint)
	return b.Bytes()
}

// ParseReceipt reads a receipt's text.
func ParseReceipt(b []byte) (*Receipt, error) {
	head, cp, ok := bytes.Cut(b, []byte("\n\n"))
	if !ok {
		return nil, errors.New("tlog: receipt has no checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != receiptHeader {
		return nil, errors.New("tlog: not a c2sp.org/tlog-proof@v1 receipt")
	}
	r := &Receipt{Checkpoint: cp}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		leaf, err := strict.DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			return nil, errors.New("tlog: receipt: bad extra data")
		}
		r.Leaf, lines = leaf, lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return nil, errors.New("tlog: receipt has no index")
	}
	idx, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || idx < 0 {
		return nil, errors.New("tlog: receipt: bad index")
	}
	r.Index = idx
	for _, l := range lines[1:] {
		h, err := strict.DecodeString(l)
		if err != nil || len(h) != len(Hash{}) {
			return nil, errors.New("tlog: receipt: bad proof hash")
		}
		r.Proof = append(r.Proof, Hash(h))
	}
	return r, nil
}

// Verify checks the receipt against the log key vkey: the checkpoint's
// signature, then that leaf is the record at the receipt's index of the
// checkpoint's tree. It returns the checkpoint.
func (r *Receipt) Verify(vkey string, leaf []byte) (Checkpoint, error) {
	c, err := OpenCheckpoint(r.Checkpoint, vkey)
	if err != nil {
		return c, err
	}
	if r.Index >= c.Size {
		return c, errors.New("tlog: receipt index beyond the checkpoint")
	}
	if err := CheckInclusion(r.Proof, c.Size, c.Root, r.Index, leaf); err != nil {
		return c, fmt.Errorf("tlog: inclusion proof: %w", err)
	}
	return c, nil
}
