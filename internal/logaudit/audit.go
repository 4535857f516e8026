// SPDX-License-Identifier: Apache-2.0

// Package logaudit audits an Akashi transparency log from the outside,
// trusting nothing the log serves but its signature: it fetches the
// signed checkpoint (C2SP tlog-checkpoint) and every C2SP tlog-tiles
// resource under it, rebuilds the RFC 6962 tree from the leaves, and
// reports where what the log serves disagrees with what it signed.
//
// The log is read under BASE/log: "checkpoint", "key" (the signed-note
// verifier key) and "tile/...". A remembered checkpoint is checked to be
// a prefix of the current tree from the data itself (the recomputed root
// at the old size), not from a consistency proof the log supplies.
package logaudit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	mtlog "golang.org/x/mod/sumdb/tlog"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// Finding codes.
const (
	CodeSignature       = "signature"        // the checkpoint (or the remembered one) does not verify with the log key
	CodeWitness         = "witness"          // too few witness cosignatures
	CodeFetch           = "fetch"            // a tile the checkpoint commits to is not served
	CodeEntryBundle     = "entry-bundle"     // an entry bundle is malformed or holds the wrong number of entries
	CodeLeafUnparseable = "leaf-unparseable" // a leaf is not an Akashi log leaf
	CodeEntryHash       = "entry-hash"       // a leaf does not hash to the log's own hash for it
	CodeRootMismatch    = "root-mismatch"    // the leaves' tree is not the checkpoint's
	CodeTileMismatch    = "tile-mismatch"    // a hash tile differs from the tree the leaves make
	CodeShrank          = "shrank"           // the tree is smaller than the remembered checkpoint's
	CodeInconsistent    = "inconsistent"     // the remembered checkpoint's tree is not a prefix of this one
)

// Options configure an audit.
type Options struct {
	// LogKey is the log's pinned note verifier key ("origin+hash+key").
	// Empty fetches BASE/log/key: trust on first use.
	LogKey string
	// Previous is a signed checkpoint of the same log seen before; the
	// current tree must extend it.
	Previous []byte
	// WitnessKeys and Threshold: at least Threshold of the witnesses must
	// have cosigned the checkpoint, as counted by Cosigned (by default
	// [NoteCosigned] of WitnessKeys).
	WitnessKeys []string
	Threshold   int
	Cosigned    func(note []byte) (int, error)
	// Workers is the number of parallel fetches (default 4); FetchTimeout
	// bounds each fetch (default one minute).
	Workers      int
	FetchTimeout time.Duration
	// Anchors, when set, is a node of the chain the log anchors its
	// checkpoints in: every anchor BASE/log/anchors lists is checked on it
	// and against the rebuilt tree.
	Anchors anchor.Backend
}

// A Finding is one way the log disagrees with itself.
type Finding struct {
	Code    string
	Message string
}

// Result is what an audit found.
type Result struct {
	Origin     string
	Size       int64
	Root       tlog.Hash
	Checkpoint []byte // the signed checkpoint audited, to remember for the next audit
	LogKey     string
	KeyPinned  bool
	// PreviousSize is the remembered checkpoint's size, or -1.
	PreviousSize int64
	// Kinds counts the leaves that parse, by kind.
	Kinds    map[string]int64
	Notes    []string
	Findings []Finding
	// Anchors are the anchors checked on the chain (with Options.Anchors).
	Anchors []AnchorResult
}

// Clean reports whether the audit found nothing wrong.
func (r *Result) Clean() bool { return len(r.Findings) == 0 }

// Size limits: a checkpoint or key is a few lines; an entry bundle holds
// at most 256 entries of at most 64 KiB (their uint16 lengths).
const (
	maxNote       = 64 << 10
	maxKey        = 4 << 10
	maxEntryBytes = 2 + 0xffff
	tileWidth     = 1 << tlog.TileHeight
	hashSize      = len(tlog.Hash{})
)

// Audit audits the log of the instance at base (its base URL, or the
// log's URL ending in /log). It returns an error only when it could not
// audit: a bad option, or the checkpoint, the key or a tile could not be
// fetched for another reason than the log not serving it; the result is
// then nil. Everything else the log does wrong is a [Finding].
func Audit(ctx context.Context, client *http.Client, base string, opts Options) (*Result, error) {
	logURL, err := LogURL(base)
	if err != nil {
		return nil, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = time.Minute
	}
	cosigned := opts.Cosigned
	if opts.Threshold > 0 && cosigned == nil {
		if cosigned, err = NoteCosigned(opts.WitnessKeys); err != nil {
			return nil, err
		}
	}
	a := &auditor{f: &fetcher{client: client, base: logURL + "/", timeout: opts.FetchTimeout}, opts: opts,
		res: &Result{PreviousSize: -1, Kinds: map[string]int64{}}, found: map[string]int{}}
	if err := a.run(ctx, cosigned); err != nil {
		return nil, err
	}
	a.finish()
	return a.res, nil
}

func (a *auditor) run(ctx context.Context, cosigned func([]byte) (int, error)) error {
	c, ok, err := a.checkpoint(ctx)
	if err != nil || !ok {
		return err
	}
	if a.opts.Threshold > 0 {
		a.witnesses(cosigned)
	}
	prev, hasPrev := a.previous(c)
	if !a.res.KeyPinned {
		if a.res.PreviousSize >= 0 {
			a.note("key not pinned: it is the one that signed the remembered checkpoint")
		} else {
			a.note("key not pinned: trust on first use")
		}
	}
	mem, ok, err := a.rebuild(ctx, c.Size)
	if err != nil {
		return err
	}
	if !ok {
		a.note("the tree could not be rebuilt: its root, hash tiles and consistency are not checked")
		return nil
	}
	root, err := tlog.TreeHash(c.Size, mem)
	if err != nil {
		return err
	}
	rootOK := root == c.Root
	if !rootOK {
		a.add(CodeRootMismatch, "the leaves make the root %s at size %d, the checkpoint signs %s", b64(root), c.Size, b64(c.Root))
	}
	a.levelZero(rootOK)
	if !rootOK {
		// Which of leaves and tiles is right is unknown: the upper tiles'
		// differences would only repeat the root's.
		if hasPrev {
			a.note("consistency with the remembered checkpoint not checked: the leaves are not the checkpoint's tree")
		}
		return nil
	}
	if hasPrev {
		old, err := tlog.TreeHash(prev.Size, mem)
		if err != nil {
			return err
		}
		if old != prev.Root {
			a.add(CodeInconsistent, "the tree's first %d leaves make the root %s, the remembered checkpoint signs %s: the log rewrote its history",
				prev.Size, b64(old), b64(prev.Root))
		}
	}
	if err := a.hashTiles(ctx, c.Size, mem); err != nil {
		return err
	}
	if a.opts.Anchors != nil {
		return a.anchors(ctx, c.Size, mem)
	}
	return nil
}

// LogURL is the log's URL, without a trailing slash, for an instance's
// base URL or the log's own.
func LogURL(base string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("logaudit: %q is not an http(s) URL of an instance or its /log", base)
	}
	p := strings.TrimSuffix(strings.TrimRight(u.EscapedPath(), "/"), "/log")
	return u.Scheme + "://" + u.Host + p + "/log", nil
}

// NoteCosigned returns a counter of the witnesses among keys whose
// Ed25519 signed-note signatures are on a checkpoint. (Witnesses signing
// C2SP tlog-cosignature need a Cosigned of their own.)
func NoteCosigned(keys []string) (func([]byte) (int, error), error) {
	vs := make([]note.Verifier, len(keys))
	for i, k := range keys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return nil, fmt.Errorf("logaudit: witness key %d: %w", i+1, err)
		}
		vs[i] = v
	}
	return func(msg []byte) (int, error) {
		n, err := note.Open(msg, note.VerifierList(vs...))
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		seen := map[uint32]bool{}
		for _, s := range n.Sigs {
			seen[s.Hash] = true
		}
		return len(seen), nil
	}, nil
}

type auditor struct {
	f     *fetcher
	opts  Options
	res   *Result
	found map[string]int // findings by code, shown or not
	order []string       // codes in order of first finding
	// Level-0 hash tiles that differ from the leaves, and the first
	// leaves that do.
	diffs      []tileDiff
	firstDiffs []leafDiff
	diffLeaves int64
}

// Each code shows at most this many findings, then a count: a rewritten
// log could otherwise make millions.
const maxShown = 20

func (a *auditor) add(code, format string, args ...any) {
	if a.found[code] == 0 {
		a.order = append(a.order, code)
	}
	a.found[code]++
	if a.found[code] <= maxShown {
		a.res.Findings = append(a.res.Findings, Finding{code, fmt.Sprintf(format, args...)})
	}
}

func (a *auditor) note(format string, args ...any) {
	a.res.Notes = append(a.res.Notes, fmt.Sprintf(format, args...))
}

func (a *auditor) finish() {
	for _, code := range a.order {
		if n := a.found[code]; n > maxShown {
			a.res.Findings = append(a.res.Findings, Finding{code, fmt.Sprintf("%d more %s findings not shown", n-maxShown, code)})
		}
	}
}

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

// checkpoint fetches the key (unless pinned) and the checkpoint, and
// verifies it; ok is false after a signature finding.
func (a *auditor) checkpoint(ctx context.Context) (c tlog.Checkpoint, ok bool, err error) {
	vkey := a.opts.LogKey
	a.res.KeyPinned = vkey != ""
	if vkey == "" {
		b, err := a.f.get(ctx, "key", maxKey)
		if err != nil {
			return c, false, fmt.Errorf("logaudit: the log key: %w", err)
		}
		vkey = strings.TrimSpace(string(b))
	}
	if _, err := note.NewVerifier(vkey); err != nil {
		return c, false, fmt.Errorf("logaudit: log key %q: %w", vkey, err)
	}
	a.res.LogKey = vkey
	msg, err := a.f.get(ctx, "checkpoint", maxNote)
	if err != nil {
		return c, false, fmt.Errorf("logaudit: the checkpoint: %w", err)
	}
	a.res.Checkpoint = msg
	c, err = tlog.OpenCheckpoint(msg, vkey)
	if err != nil {
		a.add(CodeSignature, "the checkpoint does not verify with the log key: %v", err)
		return c, false, nil
	}
	a.res.Origin, a.res.Size, a.res.Root = c.Origin, c.Size, c.Root
	return c, true, nil
}

func (a *auditor) witnesses(cosigned func([]byte) (int, error)) {
	n, err := cosigned(a.res.Checkpoint)
	switch {
	case err != nil:
		a.add(CodeWitness, "witness cosignatures: %v", err)
	case n < a.opts.Threshold:
		a.add(CodeWitness, "%d of the %d witness cosignatures needed", n, a.opts.Threshold)
	}
}

// previous opens the remembered checkpoint; ok is false if there is none
// or it cannot be compared.
func (a *auditor) previous(c tlog.Checkpoint) (prev tlog.Checkpoint, ok bool) {
	if a.opts.Previous == nil {
		return prev, false
	}
	prev, err := tlog.OpenCheckpoint(a.opts.Previous, a.res.LogKey)
	if err != nil {
		// With the key not pinned this is what catches a log that
		// changed its key to sign a new history.
		a.add(CodeSignature, "the remembered checkpoint does not verify with the log key: %v", err)
		return prev, false
	}
	a.res.PreviousSize = prev.Size
	if prev.Size > c.Size {
		a.add(CodeShrank, "the log shrank from %d leaves (remembered checkpoint) to %d", prev.Size, c.Size)
		return prev, false
	}
	return prev, true
}

// memHashes is the recomputed tree's stored hashes, by storage index:
// 64 bytes a leaf.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("logaudit: no hash %d", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

// bundle is one entry bundle's leaf hashes and the level-0 hash tile the
// log serves for them; the leaves themselves are dropped once hashed.
type bundle struct {
	n        int64
	hashes   []tlog.Hash
	served   []byte // nil when not served or of the wrong size
	findings []Finding
	kinds    map[string]int64
	stop     bool // the tree cannot be rebuilt past this bundle
	err      error
}

type tileDiff struct {
	path   string
	leaves []int64 // the first few
	n      int
}

type leafDiff struct {
	leaf int64
	path string
}

// rebuild fetches every entry bundle and its level-0 hash tile and
// recomputes the tree; ok is false when a bundle is missing or malformed.
func (a *auditor) rebuild(ctx context.Context, size int64) (memHashes, bool, error) {
	mem := memHashes{}
	var err error
	ok := true
	n := size >> tlog.TileHeight
	if size%tileWidth != 0 {
		n++
	}
	inOrder(ctx, a.opts.Workers, n, func(ctx context.Context, i int64) *bundle {
		return a.fetchBundle(ctx, size, i)
	}, func(b *bundle) bool {
		if b.err != nil {
			err = b.err
			return false
		}
		for _, f := range b.findings {
			a.add(f.Code, "%s", f.Message)
		}
		if b.stop {
			ok = false
			return false
		}
		for k, v := range b.kinds {
			a.res.Kinds[k] += v
		}
		hs, e := tlog.Append(b.n<<tlog.TileHeight, b.hashes, mem)
		if e != nil {
			err = e
			return false
		}
		mem = append(mem, hs...)
		a.compareLevelZero(b)
		return true
	})
	if err != nil {
		return nil, false, err
	}
	if ok && ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	if ok && int64(len(mem)) != mtlog.StoredHashCount(size) {
		return nil, false, errors.New("logaudit: the rebuilt tree has the wrong number of hashes")
	}
	return mem, ok, nil
}

func (a *auditor) fetchBundle(ctx context.Context, size, n int64) *bundle {
	w := int(min(tileWidth, size-n<<tlog.TileHeight))
	b := &bundle{n: n, kinds: map[string]int64{}}
	path := tlog.TilePath(mtlog.Tile{H: tlog.TileHeight, L: -1, N: n, W: w})
	data, err := a.f.get(ctx, path, int64(w)*maxEntryBytes)
	if err != nil {
		b.err, b.stop = err, true
		if isNotServed(err) {
			b.err, b.findings = nil, []Finding{{CodeFetch, err.Error()}}
		}
		return b
	}
	entries, err := splitBundle(data)
	if err == nil && len(entries) != w {
		err = fmt.Errorf("holds %d entries, want %d", len(entries), w)
	}
	if err != nil {
		b.findings, b.stop = []Finding{{CodeEntryBundle, path + ": " + err.Error()}}, true
		return b
	}
	b.hashes = make([]tlog.Hash, w)
	for i, e := range entries {
		b.hashes[i] = tlog.RecordHash(e)
		l, err := tlog.ParseLeaf(e)
		if err != nil {
			b.findings = append(b.findings, Finding{CodeLeafUnparseable, fmt.Sprintf("leaf %d: %v", n<<tlog.TileHeight+int64(i), err)})
			continue
		}
		b.kinds[l.Kind]++
	}
	b.served, err = a.hashTile(ctx, mtlog.Tile{H: tlog.TileHeight, L: 0, N: n, W: w})
	if err != nil {
		b.err = err
		if f, ok := err.(findingError); ok {
			b.err, b.findings = nil, append(b.findings, Finding(f))
		}
	}
	return b
}

// splitBundle reads a C2SP tlog-tiles entry bundle: big-endian uint16
// lengths, each followed by that many bytes.
func splitBundle(b []byte) ([][]byte, error) {
	var out [][]byte
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, errors.New("truncated entry length")
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, fmt.Errorf("entry %d is truncated", len(out))
		}
		out, b = append(out, b[2:2+n]), b[2+n:]
	}
	return out, nil
}

// A findingError is a finding met while fetching.
type findingError Finding

func (e findingError) Error() string { return e.Message }

// hashTile fetches a hash tile: a findingError when it is not served or
// not of its width's size.
func (a *auditor) hashTile(ctx context.Context, t mtlog.Tile) ([]byte, error) {
	path := tlog.TilePath(t)
	want := int64(t.W * hashSize)
	b, err := a.f.get(ctx, path, want)
	if isNotServed(err) {
		return nil, findingError{CodeFetch, err.Error()}
	}
	if err != nil {
		return nil, err
	}
	if int64(len(b)) != want {
		return nil, findingError{CodeTileMismatch, fmt.Sprintf("%s: %d bytes, want %d", path, len(b), want)}
	}
	return b, nil
}

// compareLevelZero notes where the log's level-0 hash tile differs from
// the leaves' hashes; whether the tile or the leaves are wrong is known
// once the root is.
func (a *auditor) compareLevelZero(b *bundle) {
	if b.served == nil {
		return
	}
	d := tileDiff{path: tlog.TilePath(mtlog.Tile{H: tlog.TileHeight, L: 0, N: b.n, W: len(b.hashes)})}
	for i, h := range b.hashes {
		if bytes.Equal(b.served[i*hashSize:(i+1)*hashSize], h[:]) {
			continue
		}
		leaf := b.n<<tlog.TileHeight + int64(i)
		if d.n++; len(d.leaves) < 5 {
			d.leaves = append(d.leaves, leaf)
		}
		if a.diffLeaves++; len(a.firstDiffs) < maxShown {
			a.firstDiffs = append(a.firstDiffs, leafDiff{leaf, d.path})
		}
	}
	if d.n > 0 {
		a.diffs = append(a.diffs, d)
	}
}

// levelZero reports the level-0 differences: with the root right, the
// tiles are wrong; with it wrong, the leaves that differ from the log's
// own hashes are the likely culprits.
func (a *auditor) levelZero(rootOK bool) {
	if rootOK {
		for _, d := range a.diffs {
			a.add(CodeTileMismatch, "%s differs from the leaves' hashes (%d of them: leaves %s)", d.path, d.n, list(d.leaves, d.n))
		}
		return
	}
	for _, d := range a.firstDiffs {
		a.add(CodeEntryHash, "leaf %d does not hash to the log's hash for it in %s", d.leaf, d.path)
	}
	if n := a.diffLeaves - int64(len(a.firstDiffs)); n > 0 {
		// Counted in leaves, not findings: appended past the cap.
		a.res.Findings = append(a.res.Findings, Finding{CodeEntryHash, fmt.Sprintf("%d more leaves do not hash to the log's hashes for them", n)})
	}
}

func list(xs []int64, n int) string {
	s := strings.Trim(fmt.Sprint(xs), "[]")
	if n > len(xs) {
		s += " …"
	}
	return s
}

// hashTiles fetches the hash tiles above level 0 and compares them with
// the recomputed tree's.
func (a *auditor) hashTiles(ctx context.Context, size int64, mem memHashes) error {
	var tiles []mtlog.Tile
	for l := 1; size>>(tlog.TileHeight*l) > 0; l++ {
		count := size >> (tlog.TileHeight * l) // complete subtrees: the level's hashes
		for n := int64(0); n*tileWidth < count; n++ {
			tiles = append(tiles, mtlog.Tile{H: tlog.TileHeight, L: l, N: n, W: int(min(tileWidth, count-n*tileWidth))})
		}
	}
	type got struct {
		t    mtlog.Tile
		data []byte
		err  error
	}
	var err error
	inOrder(ctx, a.opts.Workers, int64(len(tiles)), func(ctx context.Context, i int64) got {
		b, err := a.hashTile(ctx, tiles[i])
		return got{tiles[i], b, err}
	}, func(g got) bool {
		if f, ok := g.err.(findingError); ok {
			a.add(f.Code, "%s", f.Message)
			return true
		}
		if g.err != nil {
			err = g.err
			return false
		}
		want, e := tlog.ReadTile(g.t, mem)
		if e != nil {
			err = e
			return false
		}
		if !bytes.Equal(g.data, want) {
			a.add(CodeTileMismatch, "%s differs from the tree the leaves make", tlog.TilePath(g.t))
		}
		return true
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}
