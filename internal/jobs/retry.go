// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"cmp"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// Retry schedule: firstRetry after the first failure, doubling after each
// further one, never more than maxRetryDelay.
const (
	firstRetry    = time.Minute
	maxRetryDelay = 6 * time.Hour
)

// testOnlyFirstRetry replaces firstRetry in tests, which cannot wait a
// minute for a retry. It is set before any queue is built.
var testOnlyFirstRetry time.Duration

// backoff is the queue's retry policy (a river.ClientRetryPolicy).
type backoff struct{}

// NextRetry returns when the job, which has just failed, runs again.
func (backoff) NextRetry(job *rivertype.JobRow) time.Time {
	// job.Errors holds the earlier failures, not this one.
	return time.Now().Add(retryDelay(cmp.Or(testOnlyFirstRetry, firstRetry), len(job.Errors)+1))
}

// retryDelay is the wait after the n-th failure (n ≥ 1), ±10%, when the
// first retry is base after the failure.
func retryDelay(base time.Duration, n int) time.Duration {
	n = max(n, 1)
	d := maxRetryDelay
	// The shift is bounded so that it cannot overflow; 2^20 minutes is far
	// past the cap anyway.
	if n <= 20 && base<<(n-1) < maxRetryDelay {
		d = base << (n - 1)
	}
	jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(d))
	return d + jitter
}
