// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/akashi-badges/akashi/internal/mail"
)

// SendMail sends one message of the outbox. Enqueue it in the transaction
// that stores the message.
type SendMail struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind implements [Job].
func (SendMail) Kind() string { return "send_mail" }

func (SendMail) isJob() {}

// sendMailAttempts is how many times a message is tried, about 20 hours
// of the backoff schedule.
const sendMailAttempts = 12

// InsertOpts gives SendMail jobs their own number of attempts (River looks
// for this method).
func (SendMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: sendMailAttempts}
}

// MailOutbox is the stored mail that [SendMail] jobs deliver.
type MailOutbox interface {
	// LoadMail returns the message with the given outbox ID. It returns an
	// error wrapping [ErrNothingToDo] if there is no such message or it was
	// already sent; the job then completes. Any other error is retried.
	LoadMail(ctx context.Context, id int64) (mail.Message, error)
	// MarkSent records that the SMTP server accepted the message at at.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkAttempt records the outcome of a delivery attempt: attempt counts
	// from 1, and lastErr is why it failed, or empty if it succeeded.
	MarkAttempt(ctx context.Context, id int64, attempt int, lastErr string) error
	// MarkFailed records that delivery was given up: the server refused the
	// message for good, or every attempt failed.
	MarkFailed(ctx context.Context, id int64, reason string) error
}

// recordTimeout bounds the outbox writes after a send, which must happen
// even when the job's context has just ended.
const recordTimeout = 10 * time.Second

// sendWait bounds one delivery. A Sender bounds each SMTP step itself
// (mail.DefaultTimeout); this only stops a stuck conversation from holding
// a worker for ever.
const sendWait = 5 * time.Minute

// sendMailWorker works [SendMail] jobs.
type sendMailWorker struct {
	river.WorkerDefaults[SendMail]
	outbox MailOutbox
	sender mail.Sender // nil: keep the mail in the outbox
	log    *slog.Logger
}

// Timeout implements river.Worker.
func (w *sendMailWorker) Timeout(*river.Job[SendMail]) time.Duration { return sendWait }

// Work implements river.Worker: load, send, record.
func (w *sendMailWorker) Work(ctx context.Context, job *river.Job[SendMail]) error {
	if w.sender == nil {
		return nil
	}
	id := job.Args.OutboxID
	m, err := w.outbox.LoadMail(ctx, id)
	if errors.Is(err, ErrNothingToDo) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("jobs: load mail %d: %w", id, err)
	}
	sendErr := w.sender.Send(ctx, m)

	// Record what happened even if the job's context ended during the
	// send: the server may have accepted the message.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if sendErr == nil {
		return w.recordSent(rctx, id, job.Attempt)
	}
	if err := w.outbox.MarkAttempt(rctx, id, job.Attempt, sendErr.Error()); err != nil {
		// Retried either way, so that the failure gets recorded next time.
		return errors.Join(sendErr, err)
	}
	if !mail.IsTemporary(sendErr) || job.Attempt >= job.MaxAttempts {
		if err := w.outbox.MarkFailed(rctx, id, sendErr.Error()); err != nil {
			w.log.Error("recording a failed mail", "outbox_id", id, "err", err)
		}
		return river.JobCancel(sendErr)
	}
	return sendErr
}

// recordSent marks the message sent. If that fails the job is retried and
// the message sent again (see "Delivery" in the package documentation);
// failing to count the attempt is only logged.
func (w *sendMailWorker) recordSent(ctx context.Context, id int64, attempt int) error {
	if err := w.outbox.MarkSent(ctx, id, time.Now()); err != nil {
		return err
	}
	if err := w.outbox.MarkAttempt(ctx, id, attempt, ""); err != nil {
		w.log.WarnContext(ctx, "jobs: mail sent, but its attempt not recorded", "outbox_id", id, "err", err)
	}
	return nil
}
