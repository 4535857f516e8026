// SPDX-License-Identifier: Apache-2.0

// Package anchor writes the digest of a transparency-log checkpoint into a
// transaction on an Ethereum-compatible chain, and checks such an anchor.
//
// An anchor bounds the log's history in time: whoever holds a checkpoint
// and its anchor [Record] can show, without trusting the log operator, that
// the checkpoint existed no later than the block's timestamp. Split views
// are caught as well: two different checkpoints of the same size cannot
// both match a published anchor.
//
// # The anchor transaction
//
// The anchoring account sends a transaction to itself with value zero. Its
// data is exactly 48 bytes:
//
//	"akashi-anchor/v1" (16 ASCII bytes) || SHA-256(checkpoint body) (32 bytes)
//
// The checkpoint body is the text of the C2SP tlog-checkpoint signed note
// (origin, tree size, root hash and any extension lines, each ending in a
// newline), without the blank line and the signature lines that follow it.
// The body, and not the whole signed note, is hashed because signatures
// are added after the fact (witness cosignatures, a second log key during
// rotation), and each would otherwise give the same checkpoint a new
// digest. The body alone fixes the tree; the log's signature over it is
// checked separately by the verifier (package tlog). [NoteText] extracts
// the body from a signed note.
//
// The transaction is an EIP-1559 dynamic-fee transaction signed for the
// chain's id (EIP-155 replay protection), so the chain id and the sender
// are part of what is verified.
//
// # Trust
//
// [Verify] trusts the JSON-RPC endpoint it is given to report the chain
// faithfully: it recomputes the transaction hash, the sender and the data
// locally, but takes inclusion, block number and timestamp from the node.
// A verifier that cares runs, or picks, its own node.
package anchor

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// Magic starts every anchor transaction's data; the version lets a later
// format coexist on the same account.
const Magic = "akashi-anchor/v1"

// PayloadSize is the length of an anchor transaction's data.
const PayloadSize = len(Magic) + sha256.Size

// Backend is the part of an Ethereum JSON-RPC client that anchoring and
// verification use. Both *ethclient.Client (see [Dial]) and the client of
// go-ethereum's simulated backend satisfy it.
//
// Lookups of a missing transaction, receipt or block return
// ethereum.NotFound.
type Backend interface {
	ChainID(ctx context.Context) (*big.Int, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	EstimateGas(ctx context.Context, call ethereum.CallMsg) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
	// HeaderByNumber with a nil number returns the latest header.
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error)
}

var _ Backend = (*ethclient.Client)(nil)

// Verification failures. Each wraps [ErrInvalid], so a caller can tell "the
// anchor does not hold" (errors.Is(err, ErrInvalid)) from "could not check"
// (any other error: network, node, context).
var (
	ErrInvalid = errors.New("anchor: invalid anchor")

	// ErrNotFound: the chain has no transaction with the record's hash.
	ErrNotFound = fmt.Errorf("%w: transaction not found", ErrInvalid)
	// ErrPending: the transaction is known but not yet in a block.
	ErrPending = fmt.Errorf("%w: transaction not yet mined", ErrInvalid)
	// ErrWrongData: the transaction is not the anchor of this checkpoint
	// (another checkpoint's, or no anchor at all), or the record's digest
	// or tree size do not match the checkpoint.
	ErrWrongData = fmt.Errorf("%w: transaction does not anchor this checkpoint", ErrInvalid)
	// ErrTxFailed: the transaction was mined but failed.
	ErrTxFailed = fmt.Errorf("%w: transaction failed", ErrInvalid)
	// ErrWrongChain: the node serves another chain than the record's.
	ErrWrongChain = fmt.Errorf("%w: wrong chain", ErrInvalid)
	// ErrWrongSender: the transaction was signed by another account.
	ErrWrongSender = fmt.Errorf("%w: wrong sender", ErrInvalid)
	// ErrWrongBlock: the transaction is in another block than the record
	// says, usually after a reorganisation.
	ErrWrongBlock = fmt.Errorf("%w: transaction not in the recorded block", ErrInvalid)
	// ErrMalformed: a record field does not parse.
	ErrMalformed = fmt.Errorf("%w: malformed record", ErrInvalid)
)

// ErrNoDynamicFees is returned by [Anchorer.Anchor] on a chain without
// EIP-1559 (its blocks have no base fee).
var ErrNoDynamicFees = errors.New("anchor: chain does not support EIP-1559 transactions")

// Record is an anchor as the server stores and publishes it. The block
// fields are zero until [Anchorer.Confirm] has seen the transaction mined.
type Record struct {
	ChainID     string    `json:"chainId"`              // decimal, e.g. "1"
	TxHash      string    `json:"txHash"`               // 0x + 64 hex digits
	From        string    `json:"from"`                 // 0x + 40 hex digits, EIP-55 checksummed
	BlockNumber uint64    `json:"blockNumber,omitzero"` // 0 until mined
	BlockHash   string    `json:"blockHash,omitzero"`   // 0x + 64 hex digits
	BlockTime   time.Time `json:"blockTime,omitzero"`   // the block's timestamp, UTC
	TreeSize    int64     `json:"treeSize"`             // of the anchored checkpoint
	Digest      string    `json:"digest"`               // hex SHA-256 of the checkpoint body
}

// Confirmed reports whether the record carries the block it was mined in.
func (r Record) Confirmed() bool { return r.BlockHash != "" }

// String is for logs: "chain 1 tx 0x… block 123".
func (r Record) String() string {
	s := "chain " + r.ChainID + " tx " + r.TxHash
	if r.Confirmed() {
		s += " block " + strconv.FormatUint(r.BlockNumber, 10)
	}
	return s
}

// Digest is the SHA-256 of a checkpoint body, the value an anchor commits to.
func Digest(checkpointBody []byte) [sha256.Size]byte { return sha256.Sum256(checkpointBody) }

// Payload is the data of the anchor transaction for checkpointBody.
func Payload(checkpointBody []byte) []byte {
	d := Digest(checkpointBody)
	return append([]byte(Magic), d[:]...)
}

// NoteText returns the text (the checkpoint body) of a signed note: what
// precedes the blank line before the signatures, as sumdb/note splits it.
// It does not check any signature.
func NoteText(signedNote []byte) ([]byte, error) {
	i := bytes.LastIndex(signedNote, []byte("\n\n"))
	if i < 0 {
		return nil, errors.New("anchor: malformed signed note")
	}
	return signedNote[:i+1], nil
}

// Anchorer sends anchor transactions from one account.
type Anchorer struct {
	b    Backend
	key  *ecdsa.PrivateKey
	from common.Address

	// PollInterval is the first wait between receipt lookups in
	// [Anchorer.Confirm]; it doubles up to MaxPollInterval.
	PollInterval    time.Duration
	MaxPollInterval time.Duration
	// MinConfirmations is how many blocks, the anchor's included, must be
	// on the chain before [Anchorer.Confirm] records the block: a block
	// seen only at the tip may still be replaced. Default 2.
	MinConfirmations uint64
}

// New returns an Anchorer that sends from the account of key through b.
func New(b Backend, key *ecdsa.PrivateKey) *Anchorer {
	return &Anchorer{
		b:                b,
		key:              key,
		from:             crypto.PubkeyToAddress(key.PublicKey),
		PollInterval:     2 * time.Second,
		MaxPollInterval:  time.Minute,
		MinConfirmations: 2,
	}
}

// From is the anchoring account's address, the one to fund.
func (a *Anchorer) From() string { return a.from.Hex() }

// Anchor sends the anchor transaction of checkpointBody (see [NoteText])
// and returns its record, not yet confirmed: pass it to [Anchorer.Confirm].
// The body must parse as a checkpoint.
func (a *Anchorer) Anchor(ctx context.Context, checkpointBody []byte) (Record, error) {
	cp, err := tlog.ParseCheckpoint(string(checkpointBody))
	if err != nil {
		return Record{}, fmt.Errorf("anchor: %w", err)
	}
	chainID, err := a.b.ChainID(ctx)
	if err != nil {
		return Record{}, backendErr("chain id", err)
	}
	data := Payload(checkpointBody)
	gas, err := a.b.EstimateGas(ctx, ethereum.CallMsg{From: a.from, To: &a.from, Data: data})
	if err != nil {
		return Record{}, backendErr("estimate gas", err)
	}
	tx, err := a.signedTx(ctx, chainID, a.from, data, gas)
	if err != nil {
		return Record{}, err
	}
	if err := a.b.SendTransaction(ctx, tx); err != nil {
		return Record{}, backendErr("send transaction from "+a.from.Hex(), err)
	}
	d := Digest(checkpointBody)
	return Record{
		ChainID:  chainID.String(),
		TxHash:   tx.Hash().Hex(),
		From:     a.from.Hex(),
		TreeSize: cp.Size,
		Digest:   hex.EncodeToString(d[:]),
	}, nil
}

// signedTx builds and signs a dynamic-fee transaction of value zero.
func (a *Anchorer) signedTx(ctx context.Context, chainID *big.Int, to common.Address, data []byte, gas uint64) (*types.Transaction, error) {
	nonce, err := a.b.PendingNonceAt(ctx, a.from)
	if err != nil {
		return nil, backendErr("nonce of "+a.from.Hex(), err)
	}
	tip, err := a.b.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, backendErr("gas tip", err)
	}
	head, err := a.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, backendErr("latest block", err)
	}
	if head.BaseFee == nil {
		return nil, ErrNoDynamicFees
	}
	// Twice the base fee leaves room for six full blocks of base-fee rises
	// (12.5% each) before the transaction stops being includable; only the
	// fee actually charged is paid. go-ethereum's own bindings do the same.
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID:   chainID,
		Nonce:     nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       gas,
		To:        &to,
		Value:     new(big.Int),
		Data:      data,
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(chainID), a.key)
	if err != nil {
		return nil, fmt.Errorf("anchor: sign transaction: %w", err)
	}
	return signed, nil
}

// Confirm waits until the record's transaction is mined and returns the
// record with its block number, hash and time. It polls with a growing
// interval until ctx is done; it may be called again on the same record
// (after a restart, say). A mined but failed transaction gives
// [ErrTxFailed], with the block fields filled in.
func (a *Anchorer) Confirm(ctx context.Context, rec Record) (Record, error) {
	h, err := parseHash(rec.TxHash)
	if err != nil {
		return rec, err
	}
	wait := a.PollInterval
	for {
		r, err := a.b.TransactionReceipt(ctx, h)
		if err == nil {
			if ok, err := a.settled(ctx, r); err != nil {
				return rec, err
			} else if ok {
				return a.confirmed(ctx, rec, r)
			}
		}
		// Anything but "not mined yet" (a dead node, a wrong URL) is for the
		// caller to see now rather than after ctx runs out.
		if err != nil && !errors.Is(err, ethereum.NotFound) && !indexing(err) {
			return rec, backendErr("receipt of "+rec.TxHash, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return rec, fmt.Errorf("anchor: waiting for %s: %w", rec.TxHash, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, max(a.MaxPollInterval, a.PollInterval))
	}
}

// settled reports whether the receipt's block is on the canonical chain
// with at least MinConfirmations blocks from it to the tip.
func (a *Anchorer) settled(ctx context.Context, r *types.Receipt) (bool, error) {
	if r.BlockNumber == nil {
		return false, nil
	}
	head, err := a.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return false, backendErr("latest block", err)
	}
	n := r.BlockNumber.Uint64()
	if head.Number.Uint64() < n || head.Number.Uint64()-n+1 < max(a.MinConfirmations, 1) {
		return false, nil
	}
	canon, err := a.b.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		return false, backendErr("block "+r.BlockNumber.String(), err)
	}
	return canon.Hash() == r.BlockHash, nil
}

func (a *Anchorer) confirmed(ctx context.Context, rec Record, r *types.Receipt) (Record, error) {
	head, err := a.b.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		return rec, backendErr("block "+r.BlockHash.Hex(), err)
	}
	rec.BlockNumber = r.BlockNumber.Uint64()
	rec.BlockHash = r.BlockHash.Hex()
	rec.BlockTime = time.Unix(int64(head.Time), 0).UTC()
	if r.Status != types.ReceiptStatusSuccessful {
		return rec, fmt.Errorf("%w: %s in block %d", ErrTxFailed, rec.TxHash, rec.BlockNumber)
	}
	return rec, nil
}

// Dial connects to a JSON-RPC endpoint (http, https, ws, wss or an IPC
// path) and checks that it answers by asking its chain id. Errors name
// only the URL's scheme and host, as RPC URLs often carry an API key.
func Dial(ctx context.Context, rawURL string) (*ethclient.Client, error) {
	c, err := ethclient.DialContext(ctx, rawURL)
	if err != nil {
		return nil, backendErr("connect to "+redact(rawURL), err)
	}
	if _, err := c.ChainID(ctx); err != nil {
		c.Close()
		return nil, backendErr("JSON-RPC endpoint "+redact(rawURL)+" does not answer", err)
	}
	return c, nil
}

func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		if err == nil && u.Scheme == "" {
			return rawURL // an IPC socket path holds no secret
		}
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host
}

// backendErr wraps an error from the node. Errors of net/http carry the
// full endpoint URL, and with it any API key in its path or query: keep
// only scheme and host. (The *url.Error is fresh per request, so editing
// it in place harms no one.)
func backendErr(what string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redact(ue.URL)
	}
	return fmt.Errorf("anchor: %s: %w", what, err)
}

// indexing reports geth's "transaction indexing is in progress": the node
// cannot tell yet whether it has the receipt, so ask again later. Its type
// is internal to go-ethereum; the error data is what it exports.
func indexing(err error) bool {
	var de rpc.DataError
	return errors.As(err, &de) && de.ErrorData() == "transaction indexing is in progress"
}
