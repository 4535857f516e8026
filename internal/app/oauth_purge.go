// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"time"
)

// oauthPurgeInterval is how often expired OAuth authorization codes and
// tokens are deleted.
const oauthPurgeInterval = time.Hour

// purgeOAuth deletes expired authorization codes and tokens as soon as the
// server starts and every oauthPurgeInterval after, until ctx is done.
// Several servers on one database may run it: the deletions do not clash.
func (m *Main) purgeOAuth(ctx context.Context) {
	t := time.NewTicker(oauthPurgeInterval)
	defer t.Stop()
	for {
		m.purgeOAuthOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeOAuthOnce runs one purge and returns how many codes and tokens it
// deleted; a failure is logged.
func (m *Main) purgeOAuthOnce(ctx context.Context) int {
	n, err := m.Service().PurgeExpiredOAuth(ctx)
	if err != nil && ctx.Err() == nil {
		m.Logger.Warn("oauth: purging expired codes and tokens", "err", err)
	}
	if n > 0 {
		m.Logger.Info("oauth: purged expired codes and tokens", "count", n)
	}
	return n
}
