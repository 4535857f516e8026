// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// DefaultMaxWorkers is how many jobs a [Queue] works at once when
// [Options.MaxWorkers] is zero.
const DefaultMaxWorkers = 10

// stopCancelWait bounds how long [Queue.Stop] waits for jobs to return
// after it has cancelled them.
const stopCancelWait = 10 * time.Second

// Options tune a [Queue]. The zero value is usable.
type Options struct {
	// Logger receives the queue's logs; nil means slog.Default().
	Logger *slog.Logger
	// MaxWorkers is how many jobs this process works at once; zero means
	// DefaultMaxWorkers.
	MaxWorkers int
	// PollInterval is how often the workers look for jobs they were not
	// told about; zero means River's default, one second. Tests shorten it.
	PollInterval time.Duration
	// TestOnly skips River's production niceties that slow tests down,
	// such as the random delay before maintenance starts.
	TestOnly bool
}

// Queue enqueues jobs and works them. It is safe for concurrent use.
type Queue struct {
	client *river.Client[*sql.Tx]
	log    *slog.Logger
}

// New returns the queue over db, whose dialect is "sqlite" or "postgres"
// (see the package documentation for what each needs of db's driver).
// It creates or upgrades River's tables first, which is idempotent; the
// application calls it after its own migrations. The queue works nothing
// until [Queue.Start], but can enqueue at once.
func New(ctx context.Context, db *sql.DB, dialect string, w Workers, opts Options) (*Queue, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	driver, err := newDriver(db, dialect)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, db, dialect, driver, slog.New(warnOnly{log.Handler()})); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	if err := w.register(workers, log); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	client, err := river.NewClient(driver, config(workers, log, opts))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client, log: log}, nil
}

// newDriver returns River's database/sql driver for dialect.
func newDriver(db *sql.DB, dialect string) (riverdriver.Driver[*sql.Tx], error) {
	switch dialect {
	case "sqlite":
		return riversqlite.New(db), nil
	case "postgres":
		return riverdatabasesql.New(db), nil
	}
	return nil, fmt.Errorf("jobs: unknown dialect %q (want sqlite or postgres)", dialect)
}

// config is River's configuration for opts.
func config(workers *river.Workers, log *slog.Logger, opts Options) *river.Config {
	maxWorkers := opts.MaxWorkers
	if maxWorkers <= 0 {
		maxWorkers = DefaultMaxWorkers
	}
	c := &river.Config{
		// River reports its routine (migrations applied, client started) at
		// info level; only its warnings and errors belong in our log.
		Logger:      slog.New(warnOnly{log.Handler()}),
		Queues:      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}},
		RetryPolicy: backoff{},
		TestOnly:    opts.TestOnly,
		Workers:     workers,
	}
	if opts.PollInterval > 0 {
		c.FetchPollInterval = opts.PollInterval
		// River refuses a poll interval shorter than the cooldown between
		// fetches, whose default is 100ms.
		c.FetchCooldown = min(opts.PollInterval, 100*time.Millisecond)
	}
	return c
}

// Start starts working jobs in the background and returns. The jobs'
// contexts carry ctx's values but not its cancellation or deadline, so that
// an application shutting down on a cancelled context still lets the jobs
// in flight finish: only [Queue.Stop] ends the queue.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the jobs in flight to finish.
// If ctx ends first, Stop cancels those jobs' contexts, waits a few seconds
// more for them to return, and returns ctx's error; a cancelled job is
// retried by whichever process works the queue next.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return wrap("stop", err)
	}
	q.log.WarnContext(ctx, "jobs: stop timed out; cancelling the jobs in flight", "err", err)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopCancelWait)
	defer cancel()
	return wrap("stop", errors.Join(err, q.client.StopAndCancel(cctx)))
}

// EnqueueTx adds job in tx, the caller's transaction: the job exists, and
// will run, if and only if tx commits.
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, job Job) error {
	_, err := q.client.InsertTx(ctx, tx, job, nil)
	return wrap("enqueue "+job.Kind(), err)
}

// EnqueueMailTx queues the delivery of outbox messages in tx: a [SendMail]
// job for one message, a [SendMailBatch] for several (a CSV award queues a
// chunk's award e-mails at once).
func (q *Queue) EnqueueMailTx(ctx context.Context, tx *sql.Tx, outboxIDs []int64) error {
	switch len(outboxIDs) {
	case 0:
		return nil
	case 1:
		return q.EnqueueTx(ctx, tx, SendMail{OutboxID: outboxIDs[0]})
	}
	return q.EnqueueTx(ctx, tx, SendMailBatch{OutboxIDs: outboxIDs})
}

// Enqueue adds job in a transaction of its own.
func (q *Queue) Enqueue(ctx context.Context, job Job) error {
	_, err := q.client.Insert(ctx, job, nil)
	return wrap("enqueue "+job.Kind(), err)
}

// wrap prefixes a non-nil err with the package and operation.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("jobs: %s: %w", op, err)
}

// warnOnly passes on records of level warn and above.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(as)} }

func (h warnOnly) WithGroup(name string) slog.Handler { return warnOnly{h.Handler.WithGroup(name)} }
