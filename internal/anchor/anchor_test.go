// SPDX-License-Identifier: Apache-2.0

package anchor

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// failing is an account whose code is the INVALID opcode: any call to it
// is mined and fails.
var failing = common.HexToAddress("0x00000000000000000000000000000000000000fe")

type chain struct {
	sim *simulated.Backend
	b   Backend
	// keys are funded in the genesis block.
	keys []*ecdsa.PrivateKey
}

func newChain(t *testing.T, nkeys int) *chain {
	t.Helper()
	c := &chain{}
	alloc := types.GenesisAlloc{failing: {Code: []byte{0xfe}, Balance: new(big.Int)}}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	for range nkeys {
		k, err := GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		c.keys = append(c.keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: eth}
	}
	c.sim = simulated.NewBackend(alloc)
	t.Cleanup(func() { c.sim.Close() })
	c.b = c.sim.Client()
	return c
}

func checkpoint(size int64) []byte {
	return []byte(tlog.Checkpoint{
		Origin: "akashi.example/log",
		Size:   size,
		Root:   sha256.Sum256([]byte{byte(size)}),
	}.Text())
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// anchored sends and mines an anchor of body from key.
func (c *chain) anchored(t *testing.T, key *ecdsa.PrivateKey, body []byte) Record {
	t.Helper()
	ctx := ctxTimeout(t)
	a := newTestAnchorer(c.b, key)
	rec, err := a.Anchor(ctx, body)
	if err != nil {
		t.Fatalf("Anchor: %v", err)
	}
	c.sim.Commit()
	rec, err = a.Confirm(ctx, rec)
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	return rec
}

func TestAnchorRoundTrip(t *testing.T) {
	c := newChain(t, 1)
	ctx := ctxTimeout(t)
	body := checkpoint(42)
	a := newTestAnchorer(c.b, c.keys[0])
	start := time.Now().Add(-time.Second)

	rec, err := a.Anchor(ctx, body)
	if err != nil {
		t.Fatalf("Anchor: %v", err)
	}
	if rec.Confirmed() || rec.TreeSize != 42 || rec.ChainID != "1337" || rec.From != a.From() {
		t.Fatalf("Anchor = %+v, want pending record of size 42 on chain 1337 from %s", rec, a.From())
	}
	// A pending record publishes no block fields.
	j, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(j); strings.Contains(s, "block") {
		t.Errorf("pending record JSON = %s, want no block fields", s)
	}
	if _, err := Verify(ctx, c.b, rec, body); !errors.Is(err, ErrPending) {
		t.Errorf("Verify(pending) = %v, want ErrPending", err)
	}

	c.sim.Commit()
	rec, err = a.Confirm(ctx, rec)
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	if !rec.Confirmed() || rec.BlockNumber != 1 || rec.BlockTime.Before(start) || rec.BlockTime.After(time.Now().Add(time.Minute)) {
		t.Fatalf("Confirm = %+v, want block 1 with a current time", rec)
	}

	// What the server stores and publishes comes back intact.
	j, err = json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var back Record
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(rec, back); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}

	res, err := Verify(ctx, c.b, back, body)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	want := Result{BlockTime: rec.BlockTime, BlockNumber: 1, BlockHash: rec.BlockHash, Confirmations: 1, TreeSize: 42}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("Verify (-want +got):\n%s", d)
	}

	c.sim.Commit()
	c.sim.Commit()
	if res, err := Verify(ctx, c.b, rec, body); err != nil || res.Confirmations != 3 {
		t.Errorf("Verify after two more blocks = %+v, %v; want 3 confirmations", res, err)
	}

	// An unconfirmed copy of the record verifies against the chain's block.
	pending := rec
	pending.BlockNumber, pending.BlockHash, pending.BlockTime = 0, "", time.Time{}
	if res, err := Verify(ctx, c.b, pending, body); err != nil || res.BlockHash != rec.BlockHash {
		t.Errorf("Verify(unconfirmed record) = %+v, %v; want block %s", res, err, rec.BlockHash)
	}
}

func TestConfirmWaits(t *testing.T) {
	c := newChain(t, 1)
	ctx := ctxTimeout(t)
	a := newTestAnchorer(c.b, c.keys[0])
	a.PollInterval = 5 * time.Millisecond
	rec, err := a.Anchor(ctx, checkpoint(1))
	if err != nil {
		t.Fatal(err)
	}

	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, err := a.Confirm(short, rec); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Confirm before mining = %v, want context.DeadlineExceeded", err)
	}

	go func() {
		time.Sleep(20 * time.Millisecond)
		c.sim.Commit()
	}()
	rec, err = a.Confirm(ctx, rec)
	if err != nil || rec.BlockNumber != 1 {
		t.Fatalf("Confirm = %+v, %v; want block 1", rec, err)
	}
}

func TestVerifyFailures(t *testing.T) {
	c := newChain(t, 2)
	ctx := ctxTimeout(t)
	body := checkpoint(7)
	rec := c.anchored(t, c.keys[0], body)
	other := c.anchored(t, c.keys[1], body)

	// A transaction from the anchoring account that is not an anchor.
	a := newTestAnchorer(c.b, c.keys[0])
	chainID := big.NewInt(1337)
	tx, err := a.signedTx(ctx, chainID, a.from, []byte("hello"), 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.b.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	c.sim.Commit()
	notAnchor := rec
	notAnchor.TxHash = tx.Hash().Hex()
	notAnchor.BlockNumber, notAnchor.BlockHash = 0, ""

	tests := []struct {
		name string
		rec  func(r Record) Record
		body []byte
		want error
	}{
		{"other checkpoint", nil, checkpoint(8), ErrWrongData},
		{"tx of other checkpoint", func(r Record) Record {
			d := Digest(checkpoint(8))
			r.Digest, r.TreeSize = common.Bytes2Hex(d[:]), 8
			return r
		}, checkpoint(8), ErrWrongData},
		{"record of other checkpoint", func(r Record) Record { r.Digest = strings.Repeat("00", 32); return r }, nil, ErrWrongData},
		{"record of other size", func(r Record) Record { r.TreeSize++; return r }, nil, ErrWrongData},
		{"not an anchor", func(Record) Record { return notAnchor }, nil, ErrWrongData},
		{"other sender", func(r Record) Record { r.TxHash = other.TxHash; return r }, nil, ErrWrongSender},
		{"claims other sender", func(r Record) Record { r.From = other.From; return r }, nil, ErrWrongSender},
		{"wrong chain", func(r Record) Record { r.ChainID = "1"; return r }, nil, ErrWrongChain},
		{"unknown tx", func(r Record) Record { r.TxHash = common.Hash{1}.Hex(); return r }, nil, ErrNotFound},
		{"other block", func(r Record) Record { r.BlockHash = other.BlockHash; r.BlockNumber = other.BlockNumber; return r }, nil, ErrWrongBlock},
		{"malformed hash", func(r Record) Record { r.TxHash = "0x12"; return r }, nil, ErrMalformed},
		{"malformed chain", func(r Record) Record { r.ChainID = "0x539"; return r }, nil, ErrMalformed},
		{"malformed sender", func(r Record) Record { r.From = "alice"; return r }, nil, ErrMalformed},
		{"malformed body", nil, []byte("not a checkpoint"), ErrWrongData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, b := rec, body
			if tt.rec != nil {
				r = tt.rec(r)
			}
			if tt.body != nil {
				b = tt.body
			}
			_, err := Verify(ctx, c.b, r, b)
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalid) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFailedTransaction(t *testing.T) {
	c := newChain(t, 1)
	ctx := ctxTimeout(t)
	body := checkpoint(3)
	a := newTestAnchorer(c.b, c.keys[0])
	// The anchor payload sent to code that fails: mined, status 0. Gas is
	// fixed because estimation refuses a failing call.
	tx, err := a.signedTx(ctx, big.NewInt(1337), failing, Payload(body), 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.b.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	c.sim.Commit()
	d := Digest(body)
	rec := Record{ChainID: "1337", TxHash: tx.Hash().Hex(), From: a.From(), TreeSize: 3, Digest: common.Bytes2Hex(d[:])}
	rec, err = a.Confirm(ctx, rec)
	if !errors.Is(err, ErrTxFailed) || rec.BlockNumber != 1 {
		t.Fatalf("Confirm = %+v, %v; want ErrTxFailed in block 1", rec, err)
	}
	if _, err := Verify(ctx, c.b, rec, body); !errors.Is(err, ErrTxFailed) {
		t.Errorf("Verify = %v, want ErrTxFailed", err)
	}
}

func TestAnchorRejectsMalformedCheckpoint(t *testing.T) {
	c := newChain(t, 1)
	if _, err := newTestAnchorer(c.b, c.keys[0]).Anchor(ctxTimeout(t), []byte("origin\n12\n")); err == nil {
		t.Fatal("Anchor(malformed checkpoint) succeeded")
	}
}

func TestDial(t *testing.T) {
	ctx := ctxTimeout(t)
	// A port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	for _, u := range []string{
		"http://" + addr + "/v3/SECRETKEY",
		"ws://" + addr + "/?key=SECRETKEY",
		"gopher://SECRETKEY@example.invalid/",
	} {
		_, err := Dial(ctx, u)
		if err == nil {
			t.Errorf("Dial(%s) succeeded", u)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "anchor: ") || strings.Contains(msg, "SECRETKEY") {
			t.Errorf("Dial(%s) = %q, want an anchor error without the URL's secret", u, msg)
		}
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	text, err := EncodeKey(k)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{"plain": text, "0x": append([]byte("0x"), text...)} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := LoadKey(p)
		if err != nil || Address(got) != Address(k) {
			t.Errorf("LoadKey(%s) = %v, %v; want the key of %s", name, got, err, Address(k))
		}
	}

	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("zz-not-hex"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(bad); err == nil || !strings.Contains(err.Error(), "64 hex digits") || strings.Contains(err.Error(), "zz") {
		t.Errorf("LoadKey(bad) = %v, want a hint without the file's content", err)
	}
	if _, err := LoadKey(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadKey(missing) = %v, want os.ErrNotExist", err)
	}
}

func TestNoteText(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	cp := tlog.Checkpoint{Origin: "akashi.example/log", Size: 9}
	s, _, err := tlog.NewSigner(cp.Origin, priv)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := tlog.Sign(cp, s)
	if err != nil {
		t.Fatal(err)
	}
	// A cosignature added later leaves the anchored body unchanged.
	cosigned := append(append([]byte{}, signed...), []byte("— witness.example AAAA\n")...)
	for _, msg := range [][]byte{signed, cosigned} {
		got, err := NoteText(msg)
		if err != nil || string(got) != cp.Text() {
			t.Errorf("NoteText = %q, %v; want %q", got, err, cp.Text())
		}
	}
	if _, err := NoteText([]byte(cp.Text())); err == nil {
		t.Error("NoteText(unsigned) succeeded")
	}
}

func TestPayload(t *testing.T) {
	body := checkpoint(5)
	p := Payload(body)
	d := sha256.Sum256(body)
	if len(p) != PayloadSize || string(p[:16]) != "akashi-anchor/v1" || string(p[16:]) != string(d[:]) {
		t.Errorf("Payload = %x, want magic || SHA-256(body)", p)
	}
}

// newTestAnchorer is an Anchorer that records a block as soon as it holds
// the anchor (one commit), as most tests here mine one block.
func newTestAnchorer(b Backend, key *ecdsa.PrivateKey) *Anchorer {
	a := New(b, key)
	a.MinConfirmations = 1
	return a
}

// TestConfirmWaitsForConfirmations: with the default of two, Confirm does
// not record the block that holds the anchor until another is mined on it.
func TestConfirmWaitsForConfirmations(t *testing.T) {
	c := newChain(t, 1)
	a := New(c.b, c.keys[0])
	a.PollInterval = 10 * time.Millisecond
	rec, err := a.Anchor(ctxTimeout(t), checkpoint(7))
	if err != nil {
		t.Fatal(err)
	}
	c.sim.Commit()
	short, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if got, err := a.Confirm(short, rec); !errors.Is(err, context.DeadlineExceeded) || got.Confirmed() {
		t.Fatalf("Confirm with one block = %v, %v; want to keep waiting", got, err)
	}
	c.sim.Commit()
	got, err := a.Confirm(ctxTimeout(t), rec)
	if err != nil || got.BlockNumber != 1 {
		t.Fatalf("Confirm after a second block = %v, %v", got, err)
	}
	if _, err := Verify(ctxTimeout(t), c.b, got, checkpoint(7)); err != nil {
		t.Errorf("Verify = %v", err)
	}
}
