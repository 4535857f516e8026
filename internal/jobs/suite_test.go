// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// runSuite runs every queue test on fresh databases from newDB, for one
// dialect.
func runSuite(t *testing.T, newDB func(t *testing.T) opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, o opener)
	}{
		{"RolledBackNeverRuns", testRolledBackNeverRuns},
		{"CommittedRuns", testCommittedRuns},
		{"EnqueueWithoutTx", testEnqueueWithoutTx},
		{"TemporaryFailureRetried", testTemporaryFailureRetried},
		{"PermanentFailureCancelled", testPermanentFailureCancelled},
		{"Batch", testBatch},
		{"AlreadySentNotResent", testAlreadySentNotResent},
		{"NoSenderKeepsMail", testNoSenderKeepsMail},
		{"StopWaitsForInFlight", testStopWaitsForInFlight},
		{"StopDeadlineCancelsInFlight", testStopDeadlineCancelsInFlight},
		{"ExactlyOnceWithTwoClients", testExactlyOnceWithTwoClients},
		{"MigrateTwice", testMigrateTwice},
		{"ScheduledJobRuns", testScheduledJobRuns},
		{"ConcurrentNew", testConcurrentNew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newDB(t))
		})
	}
}

// waitLimit bounds every wait: generous, since the machine may be busy.
const waitLimit = 30 * time.Second

// waitFor polls cond until it holds, failing t after waitLimit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", waitLimit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// newQueue builds a queue over db, not started.
func newQueue(t *testing.T, db *sql.DB, dialect string, w Workers, maxWorkers int) *Queue {
	t.Helper()
	q, err := New(t.Context(), db, dialect, w, Options{
		Logger:       slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		MaxWorkers:   maxWorkers,
		PollInterval: 20 * time.Millisecond,
		TestOnly:     true,
	})
	if err != nil {
		t.Fatalf("New(%s): %v", dialect, err)
	}
	return q
}

// startQueue builds and starts a queue over db, stopped when t ends.
func startQueue(t *testing.T, db *sql.DB, dialect string, w Workers, maxWorkers int) *Queue {
	t.Helper()
	q := newQueue(t, db, dialect, w, maxWorkers)
	if err := q.Start(t.Context()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return q
}

// start opens a database and starts a queue with one worker on it.
func start(t *testing.T, o opener, w Workers) (*sql.DB, *Queue) {
	t.Helper()
	db := o.open(t)
	return db, startQueue(t, db, o.dialect, w, 1)
}

// createAppTable creates a table standing for the application's data.
func createAppTable(t *testing.T, db *sql.DB) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), "CREATE TABLE app_mail (id bigint PRIMARY KEY)"); err != nil {
		t.Fatalf("create app_mail: %v", err)
	}
}

// storeAndEnqueue inserts app_mail rows and their SendMail jobs in one
// transaction, committed if commit is set and rolled back otherwise.
func storeAndEnqueue(t *testing.T, db *sql.DB, q *Queue, commit bool, ids ...int64) {
	t.Helper()
	ctx := t.Context()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO app_mail (id) VALUES (%d)", id)); err != nil {
			t.Fatalf("insert app_mail %d: %v", id, err)
		}
		if err := q.EnqueueTx(ctx, tx, SendMail{OutboxID: id}); err != nil {
			t.Fatalf("EnqueueTx(SendMail{%d}): %v", id, err)
		}
	}
	if !commit {
		return
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

// jobRows returns every job in the queue's table.
func jobRows(t *testing.T, q *Queue) []*rivertype.JobRow {
	t.Helper()
	res, err := q.client.JobList(context.WithoutCancel(t.Context()), river.NewJobListParams().First(1000))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	return res.Jobs
}

// countState is how many jobs are in state.
func countState(t *testing.T, q *Queue, state rivertype.JobState) int {
	t.Helper()
	n := 0
	for _, j := range jobRows(t, q) {
		if j.State == state {
			n++
		}
	}
	return n
}

// waitState waits until n jobs are in state.
func waitState(t *testing.T, q *Queue, n int, state rivertype.JobState) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d %s jobs", n, state), func() bool { return countState(t, q, state) == n })
}

// countRows is how many rows table has.
func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
