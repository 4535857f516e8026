// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"time"
)

// logInterval is how often the sequencer integrates new log leaves.
const logInterval = time.Second

// sequenceLog is the transparency log's sequencer: it integrates the
// leaves awards appended and signs a new checkpoint, until ctx is done.
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
