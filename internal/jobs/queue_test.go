// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/akashi-badges/akashi/internal/mail"
)

func testStopWaitsForInFlight(t *testing.T, o opener) {
	outbox := newMemOutbox()
	started, release := make(chan struct{}), make(chan struct{})
	ctxErr := make(chan error, 1)
	sender := &fakeSender{send: func(ctx context.Context, _ mail.Message) error {
		close(started)
		<-release
		ctxErr <- ctx.Err()
		return nil
	}}
	_, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	if err := q.Enqueue(t.Context(), SendMail{OutboxID: 9}); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	waitChan(t, "the send to start", started)

	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		stopped <- q.Stop(ctx)
	}()
	// Stop must not return while the send is blocked; a short look is
	// enough to catch a Stop that does not wait at all.
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while a job was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := waitValue(t, "Stop to return", stopped); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := <-ctxErr; err != nil {
		t.Errorf("the job's context ended during a graceful stop: %v", err)
	}
	if n := outbox.sentCount(9); n != 1 {
		t.Errorf("MarkSent(9) called %d times, want 1", n)
	}
	if n := countState(t, q, rivertype.JobStateCompleted); n != 1 {
		t.Errorf("%d completed jobs after Stop, want 1", n)
	}
}

func testStopDeadlineCancelsInFlight(t *testing.T, o opener) {
	outbox := newMemOutbox()
	started := make(chan struct{})
	sender := &fakeSender{send: func(ctx context.Context, _ mail.Message) error {
		close(started)
		<-ctx.Done()
		return &mail.TemporaryError{Err: ctx.Err()}
	}}
	_, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	if err := q.Enqueue(t.Context(), SendMail{OutboxID: 10}); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	waitChan(t, "the send to start", started)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := q.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop with a short deadline = %v, want context.DeadlineExceeded", err)
	}
	// The failed attempt is recorded although the job's context had ended.
	a := outbox.attemptsOf(10)
	if len(a) != 1 || a[0].N != 1 || a[0].LastErr != context.Canceled.Error() {
		t.Errorf("MarkAttempt(10) calls = %+v, want attempt 1 with %q", a, context.Canceled)
	}
	if n := outbox.sentCount(10); n != 0 {
		t.Errorf("MarkSent(10) called %d times, want 0", n)
	}
	// The job is not lost: it waits for the next run of the queue.
	if n := countState(t, q, rivertype.JobStateCompleted) + countState(t, q, rivertype.JobStateCancelled) + countState(t, q, rivertype.JobStateDiscarded); n != 0 {
		t.Errorf("%d jobs finalized after a cancelled send, want 0", n)
	}
}

func testExactlyOnceWithTwoClients(t *testing.T, o opener) {
	const jobs = 20
	outbox, sender := newMemOutbox(), &fakeSender{}
	w := Workers{Outbox: outbox, Sender: sender}
	// Two clients on pools of their own, as two server processes would be,
	// each working two jobs at a time.
	db := o.open(t)
	q := startQueue(t, db, o.dialect, w, 2)
	startQueue(t, o.open(t), o.dialect, w, 2)
	createAppTable(t, db)

	ids := make([]int64, jobs)
	for i := range ids {
		ids[i] = int64(100 + i)
	}
	storeAndEnqueue(t, db, q, true, ids...)
	waitState(t, q, jobs, rivertype.JobStateCompleted)

	for _, id := range ids {
		if n := sender.count(id); n != 1 {
			t.Errorf("mail %d sent %d times, want 1", id, n)
		}
		if n := outbox.sentCount(id); n != 1 {
			t.Errorf("MarkSent(%d) called %d times, want 1", id, n)
		}
	}
}

func testMigrateTwice(t *testing.T, o opener) {
	db := o.open(t)
	w := Workers{Outbox: newMemOutbox()}
	q := newQueue(t, db, o.dialect, w, 1)
	if err := q.Enqueue(t.Context(), SendMail{OutboxID: 11}); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	// A restart migrates again: nothing to do, and the queued job stays.
	q = newQueue(t, db, o.dialect, w, 1)
	if n := len(jobRows(t, q)); n != 1 {
		t.Errorf("%d jobs after a second New, want 1", n)
	}
}

// waitChan waits for ch to be closed or to deliver, failing t after
// waitLimit.
func waitChan[T any](t *testing.T, what string, ch <-chan T) {
	t.Helper()
	waitValue(t, what, ch)
}

// waitValue returns the next value from ch, failing t after waitLimit.
func waitValue[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitLimit):
		t.Fatalf("gave up after %v waiting for %s", waitLimit, what)
		panic("unreachable")
	}
}

func TestRetryDelay(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{
		{0, time.Minute}, // treated as the first failure
		{1, time.Minute},
		{2, 2 * time.Minute},
		{3, 4 * time.Minute},
		{9, 256 * time.Minute},
		{10, 6 * time.Hour},
		{11, 6 * time.Hour},
		{100, 6 * time.Hour},
	}
	for _, tt := range tests {
		lo, hi := tt.want-tt.want/10, tt.want+tt.want/10
		for range 20 {
			if d := retryDelay(time.Minute, tt.n); d < lo || d > hi {
				t.Errorf("retryDelay(1m, %d) = %v, want %v ±10%%", tt.n, d, tt.want)
				break
			}
		}
	}
}

// testScheduledJobRuns covers the path of real retries. A retry due within
// River's scheduler interval (5s, so every retry in the other tests) is
// made available at once; a longer one, as every retry in production, is
// left "retryable" for the elected leader's scheduler to make available
// when due, exactly as it does for a job scheduled in the future.
func testScheduledJobRuns(t *testing.T, o opener) {
	outbox, sender := newMemOutbox(), &fakeSender{}
	_, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	res, err := q.client.Insert(t.Context(), SendMail{OutboxID: 12}, &river.InsertOpts{ScheduledAt: time.Now().Add(500 * time.Millisecond)})
	if err != nil {
		t.Fatalf("Insert: %v", err)
	}
	if res.Job.State != rivertype.JobStateScheduled {
		t.Fatalf("job state after insert = %s, want %s", res.Job.State, rivertype.JobStateScheduled)
	}
	waitState(t, q, 1, rivertype.JobStateCompleted)
	if n := outbox.sentCount(12); n != 1 {
		t.Errorf("MarkSent(12) called %d times, want 1", n)
	}
}

func testConcurrentNew(t *testing.T, o opener) {
	if o.dialect == "sqlite" {
		t.Skip("SQLite serves one process, and River's migrations take no lock there: " +
			"two processes migrating a fresh file at the same moment fail once")
	}
	// Two servers starting together on a fresh database.
	w := Workers{Outbox: newMemOutbox()}
	dbs := []*sql.DB{o.open(t), o.open(t)}
	errs := make(chan error, len(dbs))
	for _, db := range dbs {
		go func() {
			_, err := New(t.Context(), db, o.dialect, w, Options{TestOnly: true, Logger: slog.New(slog.DiscardHandler)})
			errs <- err
		}()
	}
	for range dbs {
		if err := waitValue(t, "New to return", errs); err != nil {
			t.Errorf("New, concurrently with another: %v", err)
		}
	}
}
