// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"errors"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/akashi-badges/akashi/internal/mail"
)

// Job is one kind of background work with its arguments, such as
// [SendMail]. Only this package's kinds are Jobs, since each needs a worker
// that [New] registers.
type Job interface {
	// Kind names the kind in the queue's table. It never changes once jobs
	// of the kind may exist.
	Kind() string
	isJob()
}

// ErrNothingToDo is wrapped by the errors a port returns when the work a job
// was for no longer needs doing: the mail was deleted, or already sent by an
// earlier run of the same job. The job then completes without retrying.
var ErrNothingToDo = errors.New("jobs: nothing to do")

// Workers holds the ports the job kinds need, implemented by the service
// layer.
type Workers struct {
	// Outbox is where [SendMail] jobs find their messages; it is required.
	Outbox MailOutbox
	// Sender delivers mail. Nil means no SMTP server is configured: the
	// SendMail jobs complete at once and the messages stay in the outbox,
	// where staff can read them in the console.
	Sender mail.Sender
	// Awarder runs [BulkAward] jobs. Nil leaves them unregistered (tests
	// of mail alone).
	Awarder BulkAwarder
}

// register adds a worker for every kind to ws.
func (w Workers) register(ws *river.Workers, log *slog.Logger) error {
	if w.Outbox == nil {
		return errors.New("Workers.Outbox is nil")
	}
	single := &sendMailWorker{outbox: w.Outbox, sender: w.Sender, log: log}
	if err := river.AddWorkerSafely(ws, single); err != nil {
		return err
	}
	if err := river.AddWorkerSafely(ws, &sendMailBatchWorker{single: single}); err != nil {
		return err
	}
	if w.Awarder != nil {
		return river.AddWorkerSafely(ws, &bulkAwardWorker{awarder: w.Awarder})
	}
	return nil
}
