// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/akashi-badges/akashi/internal/mail"
)

// SendMailBatch sends many messages of the outbox, such as a CSV award's
// chunk of award e-mails: one job instead of hundreds keeps the award's
// transaction short. A message that fails for a while gets a [SendMail] job
// of its own, with its own retries; one that fails for good is marked
// failed. A batch interrupted half-way is run again and skips what was sent.
type SendMailBatch struct {
	OutboxIDs []int64 `json:"outbox_ids"`
}

// Kind implements [Job].
func (SendMailBatch) Kind() string { return "send_mail_batch" }

func (SendMailBatch) isJob() {}

// InsertOpts: the batch itself is retried only when the outbox cannot be
// read; its messages carry their own retries.
func (SendMailBatch) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10} }

// sendMailBatchWorker works [SendMailBatch] jobs.
type sendMailBatchWorker struct {
	river.WorkerDefaults[SendMailBatch]
	single *sendMailWorker
}

// Timeout implements river.Worker: a batch holds at most a few hundred
// messages, each bounded by the sender's own timeouts.
func (w *sendMailBatchWorker) Timeout(*river.Job[SendMailBatch]) time.Duration {
	return 30 * time.Minute
}

// Work implements river.Worker.
func (w *sendMailBatchWorker) Work(ctx context.Context, job *river.Job[SendMailBatch]) error {
	s := w.single
	if s.sender == nil {
		return nil
	}
	for _, id := range job.Args.OutboxIDs {
		if err := ctx.Err(); err != nil {
			return err // run again later; sent messages are skipped
		}
		m, err := s.outbox.LoadMail(ctx, id)
		if errors.Is(err, ErrNothingToDo) {
			continue
		}
		if err != nil {
			return fmt.Errorf("jobs: load mail %d: %w", id, err)
		}
		sendErr := s.sender.Send(ctx, m)
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
		err = w.record(rctx, id, sendErr)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// record writes down one message's outcome: sent, failed for good, or
// handed to a job of its own to be retried.
func (w *sendMailBatchWorker) record(ctx context.Context, id int64, sendErr error) error {
	s := w.single
	if sendErr == nil {
		return s.recordSent(ctx, id, 1)
	}
	if err := s.outbox.MarkAttempt(ctx, id, 1, sendErr.Error()); err != nil {
		return errors.Join(sendErr, err)
	}
	if !mail.IsTemporary(sendErr) {
		if err := s.outbox.MarkFailed(ctx, id, sendErr.Error()); err != nil {
			s.log.Error("recording a failed mail", "outbox_id", id, "err", err)
		}
		return nil
	}
	client := river.ClientFromContext[*sql.Tx](ctx)
	_, err := client.Insert(ctx, SendMail{OutboxID: id}, &river.InsertOpts{ScheduledAt: time.Now().Add(retryDelay(cmp.Or(testOnlyFirstRetry, firstRetry), 1))})
	return err
}
