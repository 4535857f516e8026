// SPDX-License-Identifier: Apache-2.0

package logaudit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// Finding codes of the anchor check.
const (
	CodeAnchor         = "anchor"          // the chain does not hold the anchor as listed
	CodeAnchorMismatch = "anchor-mismatch" // an anchored checkpoint is not this log's tree at its size
)

// maxAnchors bounds the anchor list's size: 100 anchors of a few hundred bytes.
const maxAnchors = 1 << 20

// AnchorResult is one anchor the audit checked on the chain.
type AnchorResult struct {
	TreeSize  int64
	TxHash    string
	BlockTime time.Time // the checkpoint existed no later than this
}

// publicAnchor is an entry of BASE/log/anchors.
type publicAnchor struct {
	anchor.Record
	Checkpoint string `json:"checkpoint"`
}

// anchors checks the log's published anchors: each anchored checkpoint
// must be the rebuilt tree at its size (the log's own history), and the
// chain must hold its transaction (package anchor's Verify).
func (a *auditor) anchors(ctx context.Context, size int64, mem memHashes) error {
	b, err := a.f.get(ctx, "anchors", maxAnchors)
	if isNotServed(err) {
		a.note("the log publishes no anchors")
		return nil
	}
	if err != nil {
		return fmt.Errorf("logaudit: the anchors: %w", err)
	}
	var list struct {
		Anchors []publicAnchor `json:"anchors"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		a.add(CodeAnchor, "the anchor list cannot be read: %v", err)
		return nil
	}
	if len(list.Anchors) == 0 {
		a.note("the log lists no anchors")
	}
	for _, pa := range list.Anchors {
		c, err := tlog.ParseCheckpoint(pa.Checkpoint)
		if err != nil || c.Size != pa.TreeSize {
			a.add(CodeAnchorMismatch, "anchor %s: its checkpoint cannot be read or is not of size %d", pa.TxHash, pa.TreeSize)
			continue
		}
		if c.Size > size || c.Origin != a.res.Origin {
			a.add(CodeAnchorMismatch, "anchor %s: checkpoint of %q size %d is not of this log (%q, %d leaves)", pa.TxHash, c.Origin, c.Size, a.res.Origin, size)
			continue
		}
		root, err := tlog.TreeHash(c.Size, mem)
		if err != nil {
			return err
		}
		if root != c.Root {
			a.add(CodeAnchorMismatch, "anchor %s: the log's first %d leaves make the root %s, the anchored checkpoint says %s: the log rewrote its history since",
				pa.TxHash, c.Size, b64(root), b64(c.Root))
			continue
		}
		res, err := anchor.Verify(ctx, a.opts.Anchors, pa.Record, []byte(pa.Checkpoint))
		switch {
		case errors.Is(err, anchor.ErrInvalid):
			a.add(CodeAnchor, "anchor %s: %v", pa.TxHash, err)
		case err != nil:
			return fmt.Errorf("logaudit: checking anchor %s: %w", pa.TxHash, err)
		default:
			a.res.Anchors = append(a.res.Anchors, AnchorResult{TreeSize: c.Size, TxHash: pa.TxHash, BlockTime: res.BlockTime})
		}
	}
	return nil
}
