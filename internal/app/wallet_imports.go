// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"time"
)

// How imported wallet badges are verified again: every recheckInterval,
// those last checked more than recheckAge ago, recheckBatch at a time
// until none is left (so a revocation or an expiry shows within a day).
const (
	recheckInterval = time.Hour
	recheckAge      = 24 * time.Hour
	recheckBatch    = 50
)

// recheckImports re-verifies imported badges periodically until ctx is
// done. Several servers on one database may run it: at worst a badge is
// checked twice.
func (m *Main) recheckImports(ctx context.Context) {
	t := time.NewTicker(recheckInterval)
	defer t.Stop()
	for {
		for {
			n, err := m.Service().RecheckImports(ctx, recheckAge, recheckBatch)
			if err != nil && ctx.Err() == nil {
				m.Logger.Warn("wallet: re-checking imported badges", "err", err)
			}
			if err != nil || n < recheckBatch {
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
