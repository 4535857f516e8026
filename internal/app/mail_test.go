// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// smtpSink is a real SMTP server on 127.0.0.1 that keeps what it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs [][]byte
}

type sinkSession struct{ sink *smtpSink }

func (s sinkSession) Mail(string, *smtp.MailOptions) error { return nil }

// Rcpt refuses mailboxes named "nobody" for good, as a real server does
// with an unknown address.
func (s sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody@") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	return nil
}
func (s sinkSession) Reset()        {}
func (s sinkSession) Logout() error { return nil }
func (s sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.sink.mu.Lock()
	s.sink.msgs = append(s.sink.msgs, b)
	s.sink.mu.Unlock()
	return err
}

func startSink(t *testing.T) (*smtpSink, string) {
	sink := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return sinkSession{sink}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); ln.Close() })
	return sink, ln.Addr().String()
}

// Mail flows end to end: a sign-up queues the verification mail in the
// same transaction, the job queue delivers it over SMTP, the outbox row is
// marked sent.
func TestMailDeliveredOverSMTP(t *testing.T) {
	sink, addr := startSink(t)
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.SMTPURL = "smtp://" + addr
	m.Config.MailFrom = "Akashi <no-reply@example.ac.jp>"
	m.Logger = nil
	m.pollInterval = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	stop, err := m.Start(ctx, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Service().SignUp(ctx, service.NewAccount{Email: "hanako@example.ac.jp", Name: "佐藤 花子", Password: "a long password", Locale: "ja"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var raw []byte
	for time.Now().Before(deadline) && raw == nil {
		sink.mu.Lock()
		if len(sink.msgs) > 0 {
			raw = sink.msgs[0]
		}
		sink.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	if raw == nil {
		t.Fatal("no mail reached the SMTP server")
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if msg.Header.Get("To") == "" || !strings.Contains(msg.Header.Get("From"), "no-reply@example.ac.jp") || !strings.ContainsAny(subject, "メールアドレス確認認証") {
		t.Errorf("delivered mail: To %q From %q Subject %q", msg.Header.Get("To"), msg.Header.Get("From"), subject)
	}
	// The outbox row is marked sent (the job does that right after SMTP accepted).
	sent := true
	for time.Now().Before(deadline) {
		ms, _, _ := m.Store.FindOutboxMails(ctx, store.OutboxFilter{Sent: &sent})
		if len(ms) == 1 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ms, _, _ := m.Store.FindOutboxMails(ctx, store.OutboxFilter{Sent: &sent}); len(ms) != 1 {
		t.Errorf("sent outbox mails = %d, want 1", len(ms))
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	m.Close()
}

// An award whose e-mail the server refuses for good is marked bounced;
// one delivered is not. The whole CSV award runs as a job of the queue.
func TestAwardMailBounce(t *testing.T) {
	sink, addr := startSink(t)
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.SMTPURL = "smtp://" + addr
	m.Logger = nil
	m.pollInterval = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	stop, err := m.Start(ctx, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := m.Store.FindOrganizationBySlug(ctx, demoSlug)
	admin, _ := m.Store.FindAccountByEmail(ctx, demoEmail)
	bs, _, _ := m.Store.FindBadgeClasses(ctx, store.BadgeClassFilter{OrgID: &o.ID})
	as := service.WithActor(ctx, service.Actor{AccountID: admin.ID})
	csv := "email,name\nnobody@example.ac.jp,届かない 人\nhanako@example.ac.jp,佐藤 花子\n"
	p, err := m.Service().PrepareBulkAward(as, o.ID, bs[0].ID, "cohort.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Service().ConfirmBulkAward(as, o.ID, p.Bulk.ID); err != nil {
		t.Fatal(err)
	}
	state := func(email string) string {
		aw, _, _ := m.Store.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID, RecipientEmail: &email})
		if len(aw) != 1 {
			return "missing"
		}
		return aw[0].State(time.Now())
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && state("nobody@example.ac.jp") != "bounced" {
		time.Sleep(50 * time.Millisecond)
	}
	if st := state("nobody@example.ac.jp"); st != "bounced" {
		t.Errorf("refused recipient's award = %s, want bounced", st)
	}
	if st := state("hanako@example.ac.jp"); st != "sent" {
		t.Errorf("delivered award = %s, want sent", st)
	}
	n := 0
	for time.Now().Before(deadline) && n == 0 {
		time.Sleep(20 * time.Millisecond)
		sink.mu.Lock()
		n = len(sink.msgs)
		sink.mu.Unlock()
	}
	if n != 1 {
		t.Errorf("messages delivered = %d, want 1", n)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	m.Close()
}
