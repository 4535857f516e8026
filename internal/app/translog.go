// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"time"
)

// logInterval is how often the sequencer integrates new log leaves.
const logInterval = time.Second

// sequenceLog is the transparency log's sequencer: it integrates the
// leaves awards appended, signs a new checkpoint and, with witnesses
// configured, has it cosigned before it is published, until ctx is done.
// Several servers may run it against one PostgreSQL database: one wins
// each round, the others' transactions conflict and change nothing.
func (m *Main) sequenceLog(ctx context.Context) {
	t := time.NewTicker(logInterval)
	defer t.Stop()
	for {
		for {
			n, err := m.Service().IntegrateLog(ctx)
			if err != nil && ctx.Err() == nil {
				m.Logger.Warn("transparency log: integrating", "err", err)
			}
			if err != nil || n == 0 {
				break
			}
		}
		if _, err := m.Service().WitnessLog(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Warn("transparency log: witnesses", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// anchorCheck is how often the anchoring loop looks for mined anchors and
// whether the next one is due.
const anchorCheck = time.Minute

// anchorLog anchors the latest published checkpoint once per
// --anchor-interval and records the blocks of mined anchors, until ctx is
// done. Without anchoring configured it returns at once.
func (m *Main) anchorLog(ctx context.Context) {
	if m.AnchorBackend == nil || m.AnchorKey == nil {
		return
	}
	every := anchorCheck
	if m.anchorCheck > 0 {
		every = m.anchorCheck
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		svc := m.Service()
		if _, err := svc.ConfirmLogAnchors(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Warn("transparency log: confirming anchors", "err", err)
		}
		last, err := svc.LastAnchorTime(ctx)
		if err == nil && time.Since(last) >= m.Config.AnchorInterval {
			if a, err := svc.AnchorLog(ctx); err != nil && ctx.Err() == nil {
				m.Logger.Warn("transparency log: anchoring", "err", err)
			} else if a != nil {
				m.Logger.Info("transparency log: anchored", "size", a.TreeSize, "chain", a.ChainID, "tx", a.TxHash)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
