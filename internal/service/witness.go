// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/witness"
)

// witnessTimeout bounds one round of asking the witnesses.
const witnessTimeout = 10 * time.Second

// witnessSizes remembers, per witness, the tree size it last cosigned, so
// the next request proves consistency from there (a witness that restarted
// or missed a round answers with its size, and Cosign retries from it).
type witnessSizes struct {
	mu sync.Mutex
	m  map[string]int64
}

// WitnessLog asks the log's witnesses to cosign the latest checkpoint and,
// once LogWitnessThreshold of them did, stores it cosigned: from then on
// it is the published checkpoint. It returns whether it published one; it
// does nothing without witnesses or when the latest is cosigned already.
func (s *Service) WitnessLog(ctx context.Context) (bool, error) {
	if len(s.LogWitnesses) == 0 {
		return false, nil
	}
	latest, err := s.Store.LatestLogCheckpoint(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || latest.Cosigned != nil {
		return false, err
	}
	c, err := tlog.ParseCheckpoint(noteText(latest.Note))
	if err != nil {
		return false, badge.Internal(err)
	}
	// Before any round, assume each witness saw the last published size.
	published := int64(0)
	if p, err := s.Store.FindLogCheckpoint(ctx, store.LogCheckpointQuery{Cosigned: true}); err == nil {
		if pc, err := tlog.ParseCheckpoint(noteText(p.Note)); err == nil {
			published = pc.Size
		}
	}
	ws := make([]witness.Witness, len(s.LogWitnesses))
	for i, w := range s.LogWitnesses {
		ws[i] = witness.Witness{Name: w.Name, URL: w.URL, VerifierKey: w.Key}
	}
	threshold := s.LogWitnessThreshold
	if threshold == 0 {
		threshold = len(ws)
	}
	sizes := &s.witnessSizes
	oldSize := func(w witness.Witness) int64 {
		sizes.mu.Lock()
		defer sizes.mu.Unlock()
		if n, ok := sizes.m[w.VerifierKey]; ok && n <= c.Size {
			return n
		}
		return published
	}
	r := hashReader(ctx, s.Store)
	prove := func(old int64) ([]tlog.Hash, error) { return tlog.ProveConsistency(c.Size, old, r) }
	ctx, cancel := context.WithTimeout(ctx, witnessTimeout)
	defer cancel()
	cosigned, _, err := witness.Cosign(ctx, s.witnessClient(), ws, threshold, oldSize, prove, latest.Note)
	if cosigned != nil {
		// Remember who cosigned this size, even below the threshold.
		if _, cs, verr := witness.VerifyCosigned(cosigned, s.logVKey(ctx), keysOf(ws), 0); verr == nil {
			sizes.mu.Lock()
			if sizes.m == nil {
				sizes.m = map[string]int64{}
			}
			for _, co := range cs {
				for _, w := range ws {
					if w.Name == co.Name {
						sizes.m[w.VerifierKey] = c.Size
					}
				}
			}
			sizes.mu.Unlock()
		}
	}
	if err != nil {
		return false, err
	}
	if err := s.Store.SetLogCheckpointCosigned(ctx, latest.Size, cosigned); err != nil {
		return false, err
	}
	return true, nil
}

func keysOf(ws []witness.Witness) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.VerifierKey
	}
	return out
}

// logVKey is the log's verifier key, or "" if it cannot be read.
func (s *Service) logVKey(ctx context.Context) string {
	_, vkey, err := s.logSignerFor(ctx)
	if err != nil {
		return ""
	}
	return vkey
}

// witnessClient is the HTTP client for witnesses: configured by the
// operator, so not the verifier's safe fetcher, but bounded in time.
func (s *Service) witnessClient() *http.Client {
	if s.WitnessHTTP != nil {
		return s.WitnessHTTP
	}
	return &http.Client{Timeout: witnessTimeout}
}
