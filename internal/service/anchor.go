// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"time"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/store"
)

// Anchoring the transparency log on a public chain (optional, off unless
// Service.Anchorer is set): the digest of the latest published checkpoint
// goes into a transaction (package anchor); the anchors are listed
// publicly so that anyone can check them against the chain.

// anchorConfirmWait bounds one look for an anchor's receipt; the app's
// loop looks again later.
const anchorConfirmWait = 5 * time.Second

// PublicAnchor is an anchor as /log/anchors lists it: the record, and the
// body of the checkpoint it anchors (whose SHA-256 is the record's digest).
type PublicAnchor struct {
	anchor.Record
	Checkpoint string `json:"checkpoint"`
}

// AnchorLog sends an anchor of the latest published checkpoint, unless it
// is anchored already. It returns the new anchor, or nil when there was
// nothing to do (anchoring off, nothing published, nothing new).
func (s *Service) AnchorLog(ctx context.Context) (*store.LogAnchor, error) {
	if s.Anchorer == nil {
		return nil, nil
	}
	cp, err := s.publishedCheckpoint(ctx, store.LogCheckpointQuery{})
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	last, err := s.Store.FindLogAnchors(ctx, 1)
	if err != nil {
		return nil, err
	}
	if len(last) == 1 && last[0].TreeSize == cp.Size {
		return nil, nil
	}
	body := noteText(cp.Note)
	rec, err := s.Anchorer.Anchor(ctx, []byte(body))
	if err != nil {
		return nil, err
	}
	a := &store.LogAnchor{TreeSize: rec.TreeSize, Digest: rec.Digest, Checkpoint: body, ChainID: rec.ChainID, TxHash: rec.TxHash, From: rec.From}
	if err := s.Store.CreateLogAnchor(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// LastAnchorTime is when the latest anchor was sent; zero when none was.
func (s *Service) LastAnchorTime(ctx context.Context) (time.Time, error) {
	last, err := s.Store.FindLogAnchors(ctx, 1)
	if err != nil || len(last) == 0 {
		return time.Time{}, err
	}
	return last[0].CreatedAt, nil
}

// ConfirmLogAnchors records the blocks of the recent anchors that were
// mined since they were sent, and returns how many it confirmed.
func (s *Service) ConfirmLogAnchors(ctx context.Context) (int, error) {
	if s.Anchorer == nil {
		return 0, nil
	}
	as, err := s.Store.FindLogAnchors(ctx, 20)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, a := range as {
		if a.BlockHash != "" {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, anchorConfirmWait)
		rec, err := s.Anchorer.Confirm(cctx, anchorRecord(a))
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			continue // not mined yet
		}
		if rec.BlockHash == "" {
			errs = append(errs, err)
			continue
		}
		// A mined but failed transaction is recorded too: the public list
		// shows it, and a verifier reports it failed.
		if err := s.Store.ConfirmLogAnchor(ctx, a.ID, rec.BlockNumber, rec.BlockHash, rec.BlockTime); err != nil {
			return n, err
		}
		n++
		if err != nil {
			errs = append(errs, err)
		}
	}
	return n, errors.Join(errs...)
}

func anchorRecord(a *store.LogAnchor) anchor.Record {
	r := anchor.Record{ChainID: a.ChainID, TxHash: a.TxHash, From: a.From, BlockNumber: a.BlockNumber,
		BlockHash: a.BlockHash, TreeSize: a.TreeSize, Digest: a.Digest}
	if a.BlockTime != nil {
		r.BlockTime = a.BlockTime.UTC()
	}
	return r
}

// LogAnchors returns up to limit anchors, newest first, each with the body
// of the checkpoint it anchors.
func (s *Service) LogAnchors(ctx context.Context, limit int) ([]PublicAnchor, error) {
	as, err := s.Store.FindLogAnchors(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]PublicAnchor, len(as))
	for i, a := range as {
		out[i] = PublicAnchor{Record: anchorRecord(a), Checkpoint: a.Checkpoint}
	}
	return out, nil
}
