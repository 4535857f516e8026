// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/riverqueue/river/rivertype"

	"github.com/akashi-badges/akashi/internal/mail"
)

func testRolledBackNeverRuns(t *testing.T, o opener) {
	outbox, sender := newMemOutbox(), &fakeSender{}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)

	storeAndEnqueue(t, db, q, false, 1)
	// The rolled-back job must have left no row (so it can never run); a
	// committed one after it shows that the queue works.
	storeAndEnqueue(t, db, q, true, 2)
	waitState(t, q, 1, rivertype.JobStateCompleted)

	if n := sender.count(1); n != 0 {
		t.Errorf("rolled-back mail 1 sent %d times, want 0", n)
	}
	if n := sender.count(2); n != 1 {
		t.Errorf("committed mail 2 sent %d times, want 1", n)
	}
	if n := len(jobRows(t, q)); n != 1 {
		t.Errorf("river_job has %d rows, want 1 (the committed job only)", n)
	}
	if n := countRows(t, db, "app_mail"); n != 1 {
		t.Errorf("app_mail has %d rows, want 1", n)
	}
}

func testCommittedRuns(t *testing.T, o opener) {
	outbox := newMemOutbox()
	var got []mail.Message
	var mu sync.Mutex
	sender := &fakeSender{send: func(_ context.Context, m mail.Message) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m)
		return nil
	}}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)

	before := time.Now()
	storeAndEnqueue(t, db, q, true, 7)
	waitState(t, q, 1, rivertype.JobStateCompleted)

	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]mail.Message{message(7)}, got); diff != "" {
		t.Errorf("messages sent (-want +got):\n%s", diff)
	}
	outbox.mu.Lock()
	defer outbox.mu.Unlock()
	if sent := outbox.sent[7]; len(sent) != 1 || sent[0].Before(before) {
		t.Errorf("MarkSent(7) times = %v, want one after %v", sent, before)
	}
	if diff := cmp.Diff([]attempt{{1, ""}}, outbox.attempts[7]); diff != "" {
		t.Errorf("MarkAttempt(7) calls (-want +got):\n%s", diff)
	}
}

func testEnqueueWithoutTx(t *testing.T, o opener) {
	outbox, sender := newMemOutbox(), &fakeSender{}
	_, q := start(t, o, Workers{Outbox: outbox, Sender: sender})

	if err := q.Enqueue(t.Context(), SendMail{OutboxID: 3}); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	waitState(t, q, 1, rivertype.JobStateCompleted)
	if n := outbox.sentCount(3); n != 1 {
		t.Errorf("MarkSent(3) called %d times, want 1", n)
	}
}

func testTemporaryFailureRetried(t *testing.T, o opener) {
	outbox := newMemOutbox()
	failures := 2
	sender := &fakeSender{}
	sender.send = func(context.Context, mail.Message) error {
		if sender.count(4) <= failures {
			return &mail.TemporaryError{Err: errors.New("421 4.7.0 try again later")}
		}
		return nil
	}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)

	storeAndEnqueue(t, db, q, true, 4)
	waitState(t, q, 1, rivertype.JobStateCompleted)

	want := []attempt{{1, "421 4.7.0 try again later"}, {2, "421 4.7.0 try again later"}, {3, ""}}
	if diff := cmp.Diff(want, outbox.attemptsOf(4)); diff != "" {
		t.Errorf("MarkAttempt(4) calls (-want +got):\n%s", diff)
	}
	if n := sender.count(4); n != 3 {
		t.Errorf("Send called %d times, want 3", n)
	}
	if n := outbox.sentCount(4); n != 1 {
		t.Errorf("MarkSent(4) called %d times, want 1", n)
	}
	if f := outbox.failure(4); f != "" {
		t.Errorf("a mail delivered on retry was marked failed: %q", f)
	}
}

func testPermanentFailureCancelled(t *testing.T, o opener) {
	outbox := newMemOutbox()
	sender := &fakeSender{send: func(context.Context, mail.Message) error {
		return errors.New("550 5.1.1 mailbox unavailable")
	}}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)

	storeAndEnqueue(t, db, q, true, 5)
	waitState(t, q, 1, rivertype.JobStateCancelled)

	if diff := cmp.Diff([]attempt{{1, "550 5.1.1 mailbox unavailable"}}, outbox.attemptsOf(5)); diff != "" {
		t.Errorf("MarkAttempt(5) calls (-want +got):\n%s", diff)
	}
	if n := sender.count(5); n != 1 {
		t.Errorf("Send called %d times, want 1", n)
	}
	if n := outbox.sentCount(5); n != 0 {
		t.Errorf("MarkSent(5) called %d times, want 0", n)
	}
	if f := outbox.failure(5); !strings.Contains(f, "550") {
		t.Errorf("MarkFailed(5) = %q, want the 550 error", f)
	}
	job := jobRows(t, q)[0]
	if job.Attempt != 1 || len(job.Errors) != 1 || !strings.Contains(job.Errors[0].Error, "550") {
		t.Errorf("job attempt %d, errors %+v; want attempt 1 with the 550 error", job.Attempt, job.Errors)
	}
}

func testAlreadySentNotResent(t *testing.T, o opener) {
	outbox, sender := newMemOutbox(), &fakeSender{}
	outbox.sent[6] = []time.Time{time.Now()}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)

	storeAndEnqueue(t, db, q, true, 6)
	waitState(t, q, 1, rivertype.JobStateCompleted)

	if n := sender.count(6); n != 0 {
		t.Errorf("already sent mail sent %d more times, want 0", n)
	}
	if a := outbox.attemptsOf(6); len(a) != 0 {
		t.Errorf("MarkAttempt(6) calls = %v, want none", a)
	}
}

func testNoSenderKeepsMail(t *testing.T, o opener) {
	outbox := newMemOutbox()
	db, q := start(t, o, Workers{Outbox: outbox})
	createAppTable(t, db)

	storeAndEnqueue(t, db, q, true, 8)
	waitState(t, q, 1, rivertype.JobStateCompleted)

	if n := outbox.loadCount(); n != 0 {
		t.Errorf("LoadMail called %d times without a sender, want 0", n)
	}
	if n := outbox.sentCount(8); n != 0 {
		t.Errorf("MarkSent(8) called %d times without a sender, want 0", n)
	}
}

// A batch sends each message once: one delivered at once, one refused for
// good (marked failed), one that fails for a while and is retried by a job
// of its own until delivered.
func testBatch(t *testing.T, o opener) {
	outbox := newMemOutbox()
	var tempFailures atomic.Int32
	sender := &fakeSender{send: func(_ context.Context, m mail.Message) error {
		switch outboxID(m) {
		case 21:
			return errors.New("550 5.1.1 mailbox unavailable")
		case 22:
			if tempFailures.Add(1) == 1 {
				return &mail.TemporaryError{Err: errors.New("421 4.7.0 try again later")}
			}
		}
		return nil
	}}
	db, q := start(t, o, Workers{Outbox: outbox, Sender: sender})
	createAppTable(t, db)
	tx, err := db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.EnqueueMailTx(t.Context(), tx, []int64{20, 21, 22}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "20 and 22 sent", func() bool { return outbox.sentCount(20) == 1 && outbox.sentCount(22) == 1 })
	if n := outbox.sentCount(21); n != 0 || !strings.Contains(outbox.failure(21), "550") {
		t.Errorf("21: sent %d times, failure %q; want none and the 550", n, outbox.failure(21))
	}
	if c := sender.count(20); c != 1 {
		t.Errorf("20 sent %d times, want 1", c)
	}
	if c := sender.count(22); c != 2 {
		t.Errorf("22 tried %d times, want 2 (a retry of its own)", c)
	}
	kinds := map[string]int{}
	for _, j := range jobRows(t, q) {
		kinds[j.Kind]++
	}
	if kinds["send_mail_batch"] != 1 || kinds["send_mail"] != 1 {
		t.Errorf("jobs = %v, want one batch and one retry", kinds)
	}
}
