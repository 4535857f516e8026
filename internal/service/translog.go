// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/verify"
)

// The transparency log (issue 6). Each award's credentials are appended as
// leaves in the award's own transaction, next to its e-mail, so nothing is
// delivered unlogged; [Service.IntegrateLog], run by the app's sequencer,
// numbers them into the tree and signs a new checkpoint with the
// instance's log key; receipts exist once a leaf is integrated.

// integrateBatch is the most leaves one integration takes.
const integrateBatch = 10000

// logKeyAD binds the sealed log key to its use.
var logKeyAD = []byte("instance:log:ed25519")

// LogWitness is a witness of the transparency log (C2SP tlog-witness): its
// name, the URL of its add-checkpoint endpoint, and its cosignature
// verifier key.
type LogWitness struct {
	Name, URL, Key string
}

type logSigner struct {
	mu     sync.Mutex
	keyID  int64
	origin string
	signer note.Signer
	vkey   string
}

// LogOrigin is the log's name in checkpoints and its key: the instance's
// base URL without scheme, and "/log".
func (s *Service) LogOrigin() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" {
		return "akashi.invalid/log"
	}
	return strings.TrimSuffix(u.Host+u.Path, "/") + "/log"
}

// awardLeaves derives the log leaves of a signed award (run with the
// signing, in parallel for bulk awards).
func awardLeaves(a *badge.Award, iss *issuing.Issuer, diDigest [32]byte) ([]*store.LogLeaf, error) {
	issuerID := iss.ProfileURL
	var out []*store.LogLeaf
	if len(a.CredentialDI) > 0 {
		// The digest the signing computed: the same canonical form a
		// verifier's verify.LogLeaf computes (a test holds them equal).
		l := tlog.Leaf{Kind: tlog.KindOB3DI, CredentialID: "urn:uuid:" + a.PublicID, IssuerID: iss.ID, Digest: diDigest}
		if err := l.Validate(); err != nil {
			return nil, badge.Internal(err)
		}
		out = append(out, &store.LogLeaf{Kind: l.Kind, Data: l.Marshal()})
	}
	for _, cred := range [][]byte{[]byte(a.CredentialJWT), a.OB2Assertion, []byte(a.OB2Signed)} {
		if len(cred) == 0 {
			continue
		}
		l, err := verify.LogLeaf(proof.Default, cred)
		if err != nil {
			return nil, badge.Internal(fmt.Errorf("service: log leaf: %w", err))
		}
		if l.IssuerID == "" {
			l.IssuerID = issuerID
		}
		if err := l.Validate(); err != nil {
			return nil, badge.Internal(err)
		}
		out = append(out, &store.LogLeaf{Kind: l.Kind, Data: l.Marshal()})
	}
	return out, nil
}

// appendLog appends an award's leaves in tx, or, when ic collects them (a
// bulk chunk), keeps them for one batch insert.
func (s *Service) appendLog(ctx context.Context, tx store.Tx, ic *issueContext, p *pendingAward) error {
	for _, l := range p.leaves {
		l.AwardID = p.a.ID
	}
	if ic.collectMail {
		ic.logLeaves = append(ic.logLeaves, p.leaves...)
		return nil
	}
	return tx.AppendLogLeaves(ctx, p.leaves)
}

// flushLog appends a chunk's collected leaves.
func (s *Service) flushLog(ctx context.Context, tx store.Tx, ic *issueContext) error {
	if len(ic.logLeaves) == 0 {
		return nil
	}
	return tx.AppendLogLeaves(ctx, ic.logLeaves)
}

// logSignerFor opens (creating on first use) the instance's log key: an
// Ed25519 key with OrgID 0, sealed with the master key, never used for
// badges. With several keys (two first uses at once), the oldest wins.
func (s *Service) logSignerFor(ctx context.Context) (note.Signer, string, error) {
	ls := &s.logSigner
	ls.mu.Lock()
	defer ls.mu.Unlock()
	origin := s.LogOrigin()
	if ls.signer != nil && ls.origin == origin {
		return ls.signer, ls.vkey, nil
	}
	k, err := s.instanceLogKey(ctx)
	if err != nil {
		return nil, "", err
	}
	priv, err := keys.OpenPrivateKey(s.MasterKey, k.PrivateKeyEnc, logKeyAD)
	if err != nil {
		return nil, "", badge.Internal(err)
	}
	ed, ok := priv.(ed25519.PrivateKey)
	if !ok {
		return nil, "", badge.Internal(errors.New("service: the log key is not Ed25519"))
	}
	sg, vkey, err := tlog.NewSigner(origin, ed)
	if err != nil {
		return nil, "", badge.Internal(err)
	}
	ls.keyID, ls.origin, ls.signer, ls.vkey = k.ID, origin, sg, vkey
	return sg, vkey, nil
}

func (s *Service) instanceLogKey(ctx context.Context) (*badge.SigningKey, error) {
	find := func() (*badge.SigningKey, error) {
		var org int64
		kind := badge.KeyKindEd25519
		ks, _, err := s.Store.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &org, Kind: &kind, Retired: new(false)})
		if err != nil || len(ks) == 0 {
			return nil, err
		}
		return ks[len(ks)-1], nil // newest first: the last is the oldest
	}
	k, err := find()
	if err != nil || k != nil {
		return k, err
	}
	ed, err := keys.GenerateEd25519()
	if err != nil {
		return nil, badge.Internal(err)
	}
	pub, sealed, err := keys.SealPrivateKey(s.MasterKey, ed, logKeyAD)
	if err != nil {
		return nil, badge.Internal(err)
	}
	if err := s.Store.CreateSigningKey(ctx, &badge.SigningKey{Kind: badge.KeyKindEd25519, PublicKey: pub, PrivateKeyEnc: sealed}); err != nil {
		return nil, err
	}
	return find()
}

// LogKey returns the log's signed-note verifier key ("origin+hash+key").
func (s *Service) LogKey(ctx context.Context) (string, error) {
	_, vkey, err := s.logSignerFor(ctx)
	return vkey, err
}

// LogPublicKey returns the log key's DER public key, for pinning.
func (s *Service) LogPublicKey(ctx context.Context) (ed25519.PublicKey, error) {
	k, err := s.instanceLogKey(ctx)
	if err != nil {
		return nil, err
	}
	pub, err := x509.ParsePKIXPublicKey(k.PublicKey)
	if err != nil {
		return nil, badge.Internal(err)
	}
	ed, _ := pub.(ed25519.PublicKey)
	return ed, nil
}

// hashReader reads the tree's stored hashes from r.
func hashReader(ctx context.Context, r store.Repos) tlog.HashReader {
	return readerFunc(func(idx []int64) ([]tlog.Hash, error) {
		bs, err := r.ReadLogHashes(ctx, idx)
		if err != nil {
			return nil, err
		}
		hs := make([]tlog.Hash, len(bs))
		for i, b := range bs {
			if len(b) != len(tlog.Hash{}) {
				return nil, errors.New("service: bad stored log hash")
			}
			hs[i] = tlog.Hash(b)
		}
		return hs, nil
	})
}

type readerFunc func([]int64) ([]tlog.Hash, error)

func (f readerFunc) ReadHashes(idx []int64) ([]tlog.Hash, error) { return f(idx) }

// IntegrateLog is the sequencer's step: it numbers the leaves appended
// since the last checkpoint (up to a batch), stores the tree's new hashes
// and signs a new checkpoint, in one transaction, and returns how many
// leaves it integrated. The first call signs the empty tree. Two
// sequencers at once are safe: the loser's transaction conflicts and
// changes nothing.
func (s *Service) IntegrateLog(ctx context.Context) (int, error) {
	sg, _, err := s.logSignerFor(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var size int64
		cp, err := tx.LatestLogCheckpoint(ctx)
		switch {
		case err == nil:
			c, err := tlog.ParseCheckpoint(noteText(cp.Note))
			if err != nil {
				return badge.Internal(err)
			}
			size = c.Size
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		pending, err := tx.PendingLogLeaves(ctx, integrateBatch)
		if err != nil {
			return err
		}
		if cp != nil && len(pending) == 0 {
			return nil
		}
		hashes := make([]tlog.Hash, len(pending))
		for i, l := range pending {
			l.Index = size + int64(i)
			hashes[i] = tlog.Hash(recordHash(l.Data))
		}
		r := hashReader(ctx, tx)
		stored, err := tlog.Append(size, hashes, r)
		if err != nil {
			return err
		}
		first := tlog.StoredHashIndex(0, size)
		rows := make([]store.LogHash, len(stored))
		for i, h := range stored {
			rows[i] = store.LogHash{Index: first + int64(i), Hash: h[:]}
		}
		newSize := size + int64(len(pending))
		// The root reads the hashes just computed: overlay them.
		root, err := tlog.TreeHash(newSize, overlay(first, stored, r))
		if err != nil {
			return err
		}
		msg, err := tlog.Sign(tlog.Checkpoint{Origin: s.LogOrigin(), Size: newSize, Root: root}, sg)
		if err != nil {
			return badge.Internal(err)
		}
		n = len(pending)
		return tx.IntegrateLogLeaves(ctx, pending, rows, &store.LogCheckpoint{Size: newSize, Note: msg})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func recordHash(data []byte) tlog.Hash { return tlog.RecordHash(data) }

func overlay(first int64, hs []tlog.Hash, r tlog.HashReader) tlog.HashReader {
	return readerFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x >= first && x-first < int64(len(hs)) {
				out[i] = hs[x-first]
				continue
			}
			h, err := r.ReadHashes([]int64{x})
			if err != nil {
				return nil, err
			}
			out[i] = h[0]
		}
		return out, nil
	})
}

// noteText is the text of a signed note (before the signatures).
func noteText(msg []byte) string {
	s := string(msg)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return s[:i+1]
	}
	return s
}

// LogCheckpoint returns the latest published checkpoint: the latest
// signed one, or, with witnesses configured, the latest one enough
// witnesses cosigned (with their cosignatures). Before anything is
// published the empty tree is signed (and, with witnesses, an error says
// the log is waiting for them).
func (s *Service) LogCheckpoint(ctx context.Context) ([]byte, error) {
	cp, err := s.publishedCheckpoint(ctx, store.LogCheckpointQuery{})
	if errors.Is(err, store.ErrNotFound) {
		if _, err := s.IntegrateLog(ctx); err != nil {
			return nil, err
		}
		cp, err = s.publishedCheckpoint(ctx, store.LogCheckpointQuery{})
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotPublished
	}
	if err != nil {
		return nil, err
	}
	return cp.Note, nil
}

// errNotPublished: nothing is published yet (witnesses have not signed).
var errNotPublished = badge.NotFound("log.not_witnessed", "The transparency log has no checkpoint its witnesses signed yet; try again in a moment.")

// publishedCheckpoint finds a published checkpoint (see
// [Service.LogCheckpoint]); its Note is the form to publish.
func (s *Service) publishedCheckpoint(ctx context.Context, q store.LogCheckpointQuery) (*store.LogCheckpoint, error) {
	q.Cosigned = len(s.LogWitnesses) > 0
	cp, err := s.Store.FindLogCheckpoint(ctx, q)
	if err != nil {
		return nil, err
	}
	if q.Cosigned {
		cp.Note = cp.Cosigned
	}
	return cp, nil
}

var errNoTile = badge.NotFound("error.not_found", "No such tile.")

// LogTile returns a C2SP tlog-tiles resource: "tile/<L>/<N>[.p/<W>]" (the
// tree's hashes) or "tile/entries/<N>[.p/<W>]" (the leaves), within the
// latest checkpoint's tree.
func (s *Service) LogTile(ctx context.Context, path string) ([]byte, error) {
	t, err := tlog.ParseTilePath(path)
	if err != nil {
		return nil, errNoTile
	}
	cp, err := s.publishedCheckpoint(ctx, store.LogCheckpointQuery{})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoTile
	}
	if err != nil {
		return nil, err
	}
	c, err := tlog.ParseCheckpoint(noteText(cp.Note))
	if err != nil {
		return nil, badge.Internal(err)
	}
	// The tile must lie within the tree: its last record below c.Size.
	width := int64(1) << (tlog.TileHeight * max(t.L, 0))
	if (t.N*(1<<tlog.TileHeight)+int64(t.W))*width > c.Size {
		return nil, errNoTile
	}
	if t.L == -1 {
		from := t.N << tlog.TileHeight
		leaves, err := s.Store.FindLogLeavesByIndex(ctx, from, from+int64(t.W))
		if err != nil {
			return nil, err
		}
		if len(leaves) != t.W {
			return nil, errNoTile
		}
		entries := make([][]byte, len(leaves))
		for i, l := range leaves {
			entries[i] = l.Data
		}
		return tlog.EntryBundle(entries)
	}
	return tlog.ReadTile(t, hashReader(ctx, s.Store))
}

// AwardReceipt returns the C2SP tlog-proof receipt of one of a public
// award's credentials (kind "" means its first: Data Integrity, VC-JWT,
// OB 2.0 hosted, OB 2.0 signed), proving it included in the latest
// published checkpoint; NotFound until the sequencer has integrated it
// (and, with witnesses, until they signed a checkpoint that holds it).
func (s *Service) AwardReceipt(ctx context.Context, publicID, kind string) ([]byte, error) {
	pa, err := s.PublicAward(ctx, publicID)
	if err != nil {
		return nil, err
	}
	return s.awardReceipt(ctx, pa.Award.ID, kind, false)
}

// awardReceipt proves an award's leaf of kind included in the latest
// published checkpoint, or, first, in the first one that holds it: a
// receipt that never changes, for documents that must render to the same
// bytes (the PDF certificate).
func (s *Service) awardReceipt(ctx context.Context, awardID int64, kind string, first bool) ([]byte, error) {
	leaves, err := s.Store.FindLogLeavesByAward(ctx, awardID)
	if err != nil {
		return nil, err
	}
	var leaf *store.LogLeaf
	for _, l := range leaves {
		if kind == "" || l.Kind == kind {
			leaf = l
			break
		}
	}
	notYet := badge.NotFound("log.not_integrated", "This credential is not in the transparency log yet; try again in a moment.")
	if leaf == nil || leaf.Index < 0 {
		return nil, notYet
	}
	cp, err := s.publishedCheckpoint(ctx, store.LogCheckpointQuery{MinSize: leaf.Index + 1, Smallest: first})
	if errors.Is(err, store.ErrNotFound) {
		return nil, notYet
	}
	if err != nil {
		return nil, err
	}
	c, err := tlog.ParseCheckpoint(noteText(cp.Note))
	if err != nil {
		return nil, badge.Internal(err)
	}
	pr, err := tlog.ProveInclusion(c.Size, leaf.Index, hashReader(ctx, s.Store))
	if err != nil {
		return nil, err
	}
	rc := &tlog.Receipt{Leaf: leaf.Data, Index: leaf.Index, Proof: pr, Checkpoint: cp.Note}
	return rc.Marshal(), nil
}
