// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// BulkAward issues the pending rows of a confirmed CSV award. Enqueue it in
// the transaction that confirms the award. The work commits a chunk of rows
// at a time, so a job interrupted by a crash or a restart is simply run
// again and carries on where it stopped.
type BulkAward struct {
	BulkID int64 `json:"bulk_id"`
}

// Kind implements [Job].
func (BulkAward) Kind() string { return "bulk_award" }

func (BulkAward) isJob() {}

// InsertOpts: a bulk award is retried for a long while (the database may be
// briefly unavailable), and only one job per bulk award is ever queued.
func (BulkAward) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// BulkAwarder runs bulk awards; the service implements it.
type BulkAwarder interface {
	RunBulkAward(ctx context.Context, bulkID int64) error
}

// bulkAwardWait bounds one run; 10,000 rows take well under a minute, and
// an interrupted run resumes on retry.
const bulkAwardWait = 30 * time.Minute

type bulkAwardWorker struct {
	river.WorkerDefaults[BulkAward]
	awarder BulkAwarder
}

// Timeout implements river.Worker.
func (w *bulkAwardWorker) Timeout(*river.Job[BulkAward]) time.Duration { return bulkAwardWait }

// Work implements river.Worker.
func (w *bulkAwardWorker) Work(ctx context.Context, job *river.Job[BulkAward]) error {
	return w.awarder.RunBulkAward(ctx, job.Args.BulkID)
}
