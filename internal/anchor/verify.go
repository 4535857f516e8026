// SPDX-License-Identifier: Apache-2.0

package anchor

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// Result is what a verified anchor shows.
type Result struct {
	// BlockTime is the timestamp of the block holding the anchor: the
	// checkpoint existed no later than this.
	BlockTime   time.Time
	BlockNumber uint64
	BlockHash   string
	// Confirmations counts the blocks from the anchor's to the latest,
	// both included: 1 right after it is mined.
	Confirmations uint64
	TreeSize      int64
}

// Verify checks that rec anchors checkpointBody on the chain b serves: the
// chain id is the record's, the transaction is signed by rec.From, its
// data is exactly [Payload](checkpointBody), and it was mined successfully
// in the recorded block. A record not yet confirmed (no block hash)
// verifies against the block the chain has it in.
//
// A failed check returns an error wrapping [ErrInvalid] and, more
// precisely, one of [ErrMalformed], [ErrWrongChain], [ErrNotFound],
// [ErrPending], [ErrWrongSender], [ErrWrongData], [ErrTxFailed] or
// [ErrWrongBlock]. Any other error means the check could not be made.
func Verify(ctx context.Context, b Backend, rec Record, checkpointBody []byte) (Result, error) {
	want, err := parseRecord(rec)
	if err != nil {
		return Result{}, err
	}
	cp, err := tlog.ParseCheckpoint(string(checkpointBody))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrWrongData, err)
	}
	d := Digest(checkpointBody)
	if rec.Digest != hex.EncodeToString(d[:]) || rec.TreeSize != cp.Size {
		return Result{}, fmt.Errorf("%w: the record is of another checkpoint (size %d, digest %s)", ErrWrongData, rec.TreeSize, rec.Digest)
	}

	chainID, err := b.ChainID(ctx)
	if err != nil {
		return Result{}, backendErr("chain id", err)
	}
	if chainID.Cmp(want.chainID) != 0 {
		return Result{}, fmt.Errorf("%w: the node serves chain %s, the record is of chain %s", ErrWrongChain, chainID, rec.ChainID)
	}

	tx, pending, err := b.TransactionByHash(ctx, want.txHash)
	if errors.Is(err, ethereum.NotFound) {
		return Result{}, fmt.Errorf("%w: %s on chain %s", ErrNotFound, rec.TxHash, rec.ChainID)
	}
	if err != nil {
		return Result{}, backendErr("transaction "+rec.TxHash, err)
	}
	// Recompute what the node could misreport: the hash, the signer, the data.
	if tx.Hash() != want.txHash {
		return Result{}, fmt.Errorf("anchor: node returned transaction %s for %s", tx.Hash().Hex(), rec.TxHash)
	}
	if pending {
		return Result{}, fmt.Errorf("%w: %s", ErrPending, rec.TxHash)
	}
	if tx.Protected() && tx.ChainId().Cmp(want.chainID) != 0 {
		return Result{}, fmt.Errorf("%w: transaction signed for chain %s", ErrWrongChain, tx.ChainId())
	}
	sender, err := types.Sender(types.LatestSignerForChainID(want.chainID), tx)
	if err != nil {
		return Result{}, fmt.Errorf("%w: transaction signature: %v", ErrWrongSender, err)
	}
	if sender != want.from {
		return Result{}, fmt.Errorf("%w: sent by %s, the record says %s", ErrWrongSender, sender.Hex(), want.from.Hex())
	}
	if data := tx.Data(); !bytes.Equal(data, Payload(checkpointBody)) {
		if len(data) == PayloadSize && bytes.HasPrefix(data, []byte(Magic)) {
			return Result{}, fmt.Errorf("%w: it anchors the checkpoint with digest %x", ErrWrongData, data[len(Magic):])
		}
		return Result{}, fmt.Errorf("%w: not an anchor transaction", ErrWrongData)
	}

	r, err := b.TransactionReceipt(ctx, want.txHash)
	if errors.Is(err, ethereum.NotFound) {
		// Mined per TransactionByHash, but no receipt: a node that has
		// pruned or not yet indexed it cannot show the anchor.
		return Result{}, fmt.Errorf("%w: no receipt for %s", ErrNotFound, rec.TxHash)
	}
	if err != nil {
		return Result{}, backendErr("receipt of "+rec.TxHash, err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return Result{}, fmt.Errorf("%w: %s", ErrTxFailed, rec.TxHash)
	}
	// The node's transaction index follows the canonical chain, so a
	// receipt in the recorded block also says that block is canonical.
	if r.BlockNumber == nil {
		return Result{}, fmt.Errorf("anchor: node returned a receipt without block for %s", rec.TxHash)
	}
	number := r.BlockNumber.Uint64()
	if rec.Confirmed() && (r.BlockHash != want.blockHash || number != rec.BlockNumber) {
		return Result{}, fmt.Errorf("%w: it is in block %d (%s), the record says %d (%s)", ErrWrongBlock, number, r.BlockHash.Hex(), rec.BlockNumber, rec.BlockHash)
	}
	head, err := b.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		return Result{}, backendErr("block "+r.BlockHash.Hex(), err)
	}
	if head.Number == nil || head.Number.Uint64() != number {
		return Result{}, fmt.Errorf("anchor: node returned block %v for %s", head.Number, r.BlockHash.Hex())
	}
	latest, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return Result{}, backendErr("latest block", err)
	}
	var conf uint64
	if n := latest.Number.Uint64(); n >= number {
		conf = n - number + 1
	}
	return Result{
		BlockTime:     time.Unix(int64(head.Time), 0).UTC(),
		BlockNumber:   number,
		BlockHash:     r.BlockHash.Hex(),
		Confirmations: conf,
		TreeSize:      cp.Size,
	}, nil
}

type parsedRecord struct {
	chainID   *big.Int
	txHash    common.Hash
	from      common.Address
	blockHash common.Hash
}

func parseRecord(rec Record) (parsedRecord, error) {
	var p parsedRecord
	id, ok := new(big.Int).SetString(rec.ChainID, 10)
	if !ok || id.Sign() <= 0 || id.String() != rec.ChainID {
		return p, fmt.Errorf("%w: chain id %q", ErrMalformed, rec.ChainID)
	}
	p.chainID = id
	var err error
	if p.txHash, err = parseHash(rec.TxHash); err != nil {
		return p, err
	}
	if !common.IsHexAddress(rec.From) || len(rec.From) != 2+2*common.AddressLength {
		return p, fmt.Errorf("%w: sender %q", ErrMalformed, rec.From)
	}
	p.from = common.HexToAddress(rec.From)
	if rec.BlockHash == "" {
		return p, nil // not confirmed yet: Verify takes the chain's block
	}
	if p.blockHash, err = parseHash(rec.BlockHash); err != nil {
		return p, err
	}
	return p, nil
}

func parseHash(s string) (common.Hash, error) {
	b, err := hexutil.Decode(s)
	if err != nil || len(b) != common.HashLength {
		return common.Hash{}, fmt.Errorf("%w: hash %q", ErrMalformed, s)
	}
	return common.BytesToHash(b), nil
}
