// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/mail"
)

// attempt is one MarkAttempt call.
type attempt struct {
	N       int
	LastErr string
}

// memOutbox is a MailOutbox in memory that records what the worker did.
// Every ID holds a message; an ID marked sent is ErrNothingToDo.
type memOutbox struct {
	mu       sync.Mutex
	loads    int
	sent     map[int64][]time.Time // MarkSent calls
	attempts map[int64][]attempt
	failed   map[int64]string // MarkFailed calls
}

func newMemOutbox() *memOutbox {
	return &memOutbox{sent: map[int64][]time.Time{}, attempts: map[int64][]attempt{}, failed: map[int64]string{}}
}

func (o *memOutbox) MarkFailed(_ context.Context, id int64, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failed[id] = reason
	return nil
}

func (o *memOutbox) failure(id int64) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed[id]
}

// message is the message stored under id.
func message(id int64) mail.Message {
	return mail.Message{
		To:      fmt.Sprintf("user%d@example.org", id),
		Subject: "Your badge",
		Text:    "Claim it.",
		Locale:  "en",
		Headers: map[string]string{"X-Outbox-Id": strconv.FormatInt(id, 10)},
	}
}

// outboxID is the outbox ID m was stored under.
func outboxID(m mail.Message) int64 {
	id, _ := strconv.ParseInt(m.Headers["X-Outbox-Id"], 10, 64)
	return id
}

func (o *memOutbox) LoadMail(_ context.Context, id int64) (mail.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.loads++
	if len(o.sent[id]) > 0 {
		return mail.Message{}, fmt.Errorf("outbox %d already sent: %w", id, ErrNothingToDo)
	}
	return message(id), nil
}

func (o *memOutbox) MarkSent(_ context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent[id] = append(o.sent[id], at)
	return nil
}

func (o *memOutbox) MarkAttempt(_ context.Context, id int64, n int, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.attempts[id] = append(o.attempts[id], attempt{n, lastErr})
	return nil
}

// sentCount is how many times id was marked sent.
func (o *memOutbox) sentCount(id int64) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent[id])
}

// attemptsOf returns the attempts recorded for id.
func (o *memOutbox) attemptsOf(id int64) []attempt {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]attempt(nil), o.attempts[id]...)
}

// loadCount is how many times LoadMail was called.
func (o *memOutbox) loadCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.loads
}

// fakeSender is a mail.Sender that counts the messages it was given per
// outbox ID and answers with send.
type fakeSender struct {
	send func(ctx context.Context, m mail.Message) error // nil: accept

	mu    sync.Mutex
	calls map[int64]int
}

func (s *fakeSender) Send(ctx context.Context, m mail.Message) error {
	s.mu.Lock()
	if s.calls == nil {
		s.calls = map[int64]int{}
	}
	s.calls[outboxID(m)]++
	s.mu.Unlock()
	if s.send == nil {
		return nil
	}
	return s.send(ctx, m)
}

// count is how many times the message with outbox ID id was sent.
func (s *fakeSender) count(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}
