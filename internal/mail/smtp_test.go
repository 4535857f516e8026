// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// awardMessage renders the Japanese award mail into a Message.
func awardMessage(t *testing.T) Message {
	t.Helper()
	subject, text, html, err := Render(KindAward, "ja", sampleData(KindAward, "ja"))
	if err != nil {
		t.Fatal(err)
	}
	return Message{
		To:      "山田 太郎 <taro@example.ac.jp>",
		From:    "千葉大学 <noreply@badges.example.ac.jp>",
		Subject: subject, Text: text, HTML: html, Locale: "ja",
		Headers: map[string]string{"Reply-To": "教務課 <kyomu@example.ac.jp>", "X-Akashi-Kind": "award"},
	}
}

// newSender builds an SMTPSender for the test server or fails the test.
func newSender(t *testing.T, rawURL string, opts SMTPOptions) *SMTPSender {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	s, err := NewSMTPSender(rawURL, opts)
	if err != nil {
		t.Fatalf("NewSMTPSender(%q) = %v", rawURL, err)
	}
	return s
}

// trusting returns a TLS config that trusts the test certificate.
func trusting(pool *x509.CertPool) *tls.Config { return &tls.Config{RootCAs: pool} }

// parsedMail is a received message taken apart with net/mail and
// mime/multipart, as a mail client would.
type parsedMail struct {
	Header         netmail.Header
	Subject        string
	PartTypes      []string
	Text, HTML     string
	TextCTE, HTMLE string
}

func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail.ReadMessage: %v\n%s", err, data)
	}
	p := parsedMail{Header: msg.Header}
	p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode Subject %q: %v", msg.Header.Get("Subject"), err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next MIME part: %v", err)
		}
		body := decodePart(t, part)
		ct := part.Header.Get("Content-Type")
		p.PartTypes = append(p.PartTypes, ct)
		switch mt, _, _ := mime.ParseMediaType(ct); mt {
		case "text/plain":
			p.Text, p.TextCTE = body, part.Header.Get("Content-Transfer-Encoding")
		case "text/html":
			p.HTML, p.HTMLE = body, part.Header.Get("Content-Transfer-Encoding")
		}
	}
	return p
}

// decodePart reads a part's body, undoing base64 (mime/multipart only
// undoes quoted-printable itself), and turns CRLF back into LF.
func decodePart(t *testing.T, part *multipart.Part) string {
	t.Helper()
	var r io.Reader = part
	if strings.EqualFold(part.Header.Get("Content-Transfer-Encoding"), "base64") {
		r = base64.NewDecoder(base64.StdEncoding, part)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s part: %v", part.Header.Get("Content-Type"), err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// checkDelivered asserts that the server got m intact.
func checkDelivered(t *testing.T, got received, m Message) {
	t.Helper()
	if got.From != "noreply@badges.example.ac.jp" || len(got.To) != 1 || got.To[0] != "taro@example.ac.jp" {
		t.Errorf("envelope = MAIL FROM %q RCPT TO %q, want noreply@badges.example.ac.jp and [taro@example.ac.jp]", got.From, got.To)
	}
	p := parseMail(t, got.Data)
	if p.Subject != m.Subject {
		t.Errorf("decoded Subject = %q, want %q", p.Subject, m.Subject)
	}
	if raw := p.Header.Get("Subject"); !strings.Contains(strings.ToLower(raw), "=?utf-8?b?") {
		t.Errorf("raw Subject = %q, want RFC 2047 B encoded-words", raw)
	}
	wantHeaders := map[string]string{
		"Mime-Version":             "1.0",
		"Auto-Submitted":           "auto-generated",
		"X-Auto-Response-Suppress": "All",
		"Content-Language":         "ja",
		"X-Akashi-Kind":            "award",
	}
	for name, want := range wantHeaders {
		if got := p.Header.Get(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"From": m.From, "To": m.To, "Reply-To": "教務課 <kyomu@example.ac.jp>"} {
		addr, err := p.Header.AddressList(name)
		wantAddr, _ := netmail.ParseAddress(want)
		if err != nil || len(addr) != 1 || *addr[0] != *wantAddr {
			t.Errorf("header %s = %v (%v), want %v", name, addr, err, wantAddr)
		}
	}
	if date, err := p.Header.Date(); err != nil || time.Since(date).Abs() > time.Minute {
		t.Errorf("Date = %q (%v), want about now", p.Header.Get("Date"), err)
	}
	if id := p.Header.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@badges\.example\.ac\.jp>$`).MatchString(id) {
		t.Errorf("Message-ID = %q, want <32 hex digits@badges.example.ac.jp>", id)
	}
	if len(p.PartTypes) != 2 || !strings.HasPrefix(p.PartTypes[0], "text/plain") || !strings.HasPrefix(p.PartTypes[1], "text/html") {
		t.Errorf("parts = %q, want text/plain then text/html", p.PartTypes)
	}
	for _, ct := range p.PartTypes {
		if _, params, _ := mime.ParseMediaType(ct); !strings.EqualFold(params["charset"], "utf-8") {
			t.Errorf("part Content-Type %q, want charset UTF-8", ct)
		}
	}
	if p.Text != m.Text {
		t.Errorf("text part differs from what was sent:\n got %q\nwant %q", p.Text, m.Text)
	}
	if p.HTML != m.HTML {
		t.Errorf("HTML part differs from what was sent")
	}
	const link = "https://badges.example.ac.jp/claim/3f2a9c?src=mail&v=1"
	if !strings.Contains(p.Text, link) || !strings.Contains(p.HTML, `href="https://badges.example.ac.jp/claim/3f2a9c?src=mail&amp;v=1"`) {
		t.Errorf("claim link %s missing from the text or the HTML button", link)
	}
	if !strings.Contains(p.Text, "「データサイエンス基礎」のデジタルバッジが発行されました") {
		t.Errorf("text part lacks the award sentence:\n%s", p.Text)
	}
}

func TestSendPlain(t *testing.T) {
	srv := startServer(t, serverConfig{})
	m := awardMessage(t)
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{LocalName: "akashi.test"})
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	if msgs[0].TLS || msgs[0].AuthUser != "" {
		t.Errorf("plain server: TLS=%v AuthUser=%q, want neither", msgs[0].TLS, msgs[0].AuthUser)
	}
	checkDelivered(t, msgs[0], m)
}

func TestSendIPv6(t *testing.T) {
	if l, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	} else {
		l.Close()
	}
	srv := startServer(t, serverConfig{listen: "[::1]:0"})
	m := awardMessage(t)
	if err := newSender(t, "smtp://"+srv.Addr, SMTPOptions{}).Send(t.Context(), m); err != nil {
		t.Fatalf("Send() to %s = %v", srv.Addr, err)
	}
	checkDelivered(t, srv.Messages()[0], m)
}

func TestSendSTARTTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, tc := range []struct {
		name, url, wantUser, wantPass string
		cfg                           serverConfig
	}{
		{"no auth", "smtp://ADDR", "", "", serverConfig{cert: cert}},
		// The password holds a reserved character, percent-encoded in the URL.
		{"AUTH PLAIN", "smtp://akashi:p%40ss%3Aword@ADDR", "akashi", "p@ss:word",
			serverConfig{cert: cert, user: "akashi", pass: "p@ss:word"}},
		{"implicit TLS with AUTH PLAIN", "smtps://akashi:secret@ADDR", "akashi", "secret",
			serverConfig{cert: cert, implicitTLS: true, user: "akashi", pass: "secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.cfg)
			m := awardMessage(t)
			s := newSender(t, strings.Replace(tc.url, "ADDR", srv.Addr, 1), SMTPOptions{TLSConfig: trusting(pool)})
			if err := s.Send(t.Context(), m); err != nil {
				t.Fatalf("Send() = %v", err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server received %d messages, want 1", len(msgs))
			}
			got := msgs[0]
			if !got.TLS || got.AuthUser != tc.wantUser || got.AuthPass != tc.wantPass {
				t.Errorf("TLS=%v user=%q pass=%q, want TLS and %q/%q", got.TLS, got.AuthUser, got.AuthPass, tc.wantUser, tc.wantPass)
			}
			checkDelivered(t, got, m)
		})
	}
}

func TestSendDefaultFrom(t *testing.T) {
	srv := startServer(t, serverConfig{})
	m := awardMessage(t)
	m.From = ""
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{From: "千葉大学 <noreply@badges.example.ac.jp>"})
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	m.From = "千葉大学 <noreply@badges.example.ac.jp>"
	checkDelivered(t, srv.Messages()[0], m)
}

func TestSendConcurrent(t *testing.T) {
	srv := startServer(t, serverConfig{})
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{})
	m := awardMessage(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() { errs <- s.Send(t.Context(), m) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Send() = %v", err)
		}
	}
	if got := len(srv.Messages()); got != n {
		t.Errorf("server received %d messages, want %d", got, n)
	}
}

func TestSendServerReplies(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, tc := range []struct {
		name      string
		url       string
		cfg       serverConfig
		temporary bool
		want      string // in the error text
	}{
		{"451 on RCPT", "smtp://ADDR", serverConfig{rcptErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}}, true, "451"},
		{"452 on DATA", "smtp://ADDR", serverConfig{dataErr: &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 3, 1}, Message: "Insufficient storage"}}, true, "452"},
		{"550 on RCPT", "smtp://ADDR", serverConfig{rcptErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}}, false, "550"},
		{"554 on DATA", "smtp://ADDR", serverConfig{dataErr: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Rejected as spam"}}, false, "554"},
		{"535 wrong password", "smtp://akashi:wrong@ADDR", serverConfig{cert: cert, user: "akashi", pass: "right"}, false, "535"},
		{"530 auth required", "smtp://ADDR", serverConfig{cert: cert, user: "akashi", pass: "right"}, false, "Please authenticate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.cfg)
			s := newSender(t, strings.Replace(tc.url, "ADDR", srv.Addr, 1), SMTPOptions{TLSConfig: trusting(pool)})
			err := s.Send(t.Context(), awardMessage(t))
			if err == nil {
				t.Fatal("Send() = nil, want an error")
			}
			t.Logf("Send() = %v", err)
			if IsTemporary(err) != tc.temporary || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Send() = %v; IsTemporary = %v, want %v and %q in the text", err, IsTemporary(err), tc.temporary, tc.want)
			}
			if strings.Contains(err.Error(), "wrong") {
				t.Errorf("Send() error %q shows the password", err)
			}
			if got := len(srv.Messages()); got != 0 {
				t.Errorf("server stored %d messages, want 0", got)
			}
		})
	}
}

// TestSendAcceptedThenHangUp checks that a message the server accepted
// counts as sent even when the connection breaks before QUIT: reporting an
// error would make the job queue send it twice.
func TestSendAcceptedThenHangUp(t *testing.T) {
	srv := startServer(t, serverConfig{hangUp: true})
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{})
	if err := s.Send(t.Context(), awardMessage(t)); err != nil {
		t.Errorf("Send() = %v, want nil: the server accepted the message", err)
	}
	if got := len(srv.Messages()); got != 1 {
		t.Errorf("server received %d messages, want 1", got)
	}
}

func TestSendUntrustedCertificate(t *testing.T) {
	cert, _ := selfSigned(t)
	srv := startServer(t, serverConfig{cert: cert, user: "akashi", pass: "secret"})
	s := newSender(t, "smtp://akashi:secret@"+srv.Addr, SMTPOptions{})
	err := s.Send(t.Context(), awardMessage(t))
	t.Logf("Send() = %v", err)
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) || IsTemporary(err) {
		t.Errorf("Send() to a server with an untrusted certificate = %v (temporary %v), want a permanent certificate error", err, IsTemporary(err))
	}
	if got := len(srv.Messages()); got != 0 {
		t.Errorf("server stored %d messages, want 0", got)
	}
}

func TestSendTimeout(t *testing.T) {
	addr := silentServer(t)
	const timeout = 300 * time.Millisecond
	s := newSender(t, "smtp://"+addr, SMTPOptions{Timeout: timeout})
	start := time.Now()
	err := s.Send(t.Context(), awardMessage(t))
	elapsed := time.Since(start)
	t.Logf("Send() = %v after %v", err, elapsed)
	var netErr net.Error
	if !IsTemporary(err) || !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("Send() to a silent server = %v, want a temporary timeout", err)
	}
	if elapsed < timeout || elapsed > timeout+2*time.Second {
		t.Errorf("Send() to a silent server took %v, want about the %v timeout", elapsed, timeout)
	}
}

func TestSendContextDeadline(t *testing.T) {
	addr := silentServer(t)
	s := newSender(t, "smtp://"+addr, SMTPOptions{Timeout: time.Minute})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, awardMessage(t))
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Send() took %v, want the context's 200ms deadline to stop it", elapsed)
	}
	if !IsTemporary(err) {
		t.Errorf("Send() past the context deadline = %v, want a temporary error", err)
	}
}

func TestSendContextCanceledMidway(t *testing.T) {
	addr := silentServer(t)
	s := newSender(t, "smtp://"+addr, SMTPOptions{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err := s.Send(ctx, awardMessage(t))
	t.Logf("Send() = %v", err)
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Send() took %v after cancel, want it to stop at once", elapsed)
	}
	if !IsTemporary(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("Send() with a canceled context = %v, want a temporary error wrapping context.Canceled", err)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := newSender(t, "smtp://"+addr, SMTPOptions{})
	if err := s.Send(t.Context(), awardMessage(t)); !IsTemporary(err) {
		t.Errorf("Send() to a closed port = %v, want a temporary error", err)
	}
}

func TestSendInvalidMessage(t *testing.T) {
	srv := startServer(t, serverConfig{})
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{})
	for _, tc := range []struct {
		name string
		edit func(*Message)
	}{
		{"no recipient", func(m *Message) { m.To = "" }},
		{"bad recipient", func(m *Message) { m.To = "taro at example" }},
		{"no sender", func(m *Message) { m.From = "" }},
		{"no text", func(m *Message) { m.Text = " \n" }},
		{"header with a line break", func(m *Message) { m.Headers = map[string]string{"X-Note": "a\r\nBcc: x@example.com"} }},
		{"header set by the sender", func(m *Message) { m.Headers = map[string]string{"message-id": "<x@y>"} }},
		{"bad header name", func(m *Message) { m.Headers = map[string]string{"X Note": "a"} }},
		{"bad Reply-To", func(m *Message) { m.Headers = map[string]string{"Reply-To": "nobody"} }},
		{"bad locale", func(m *Message) { m.Locale = "ja\r\nX: y" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := awardMessage(t)
			tc.edit(&m)
			err := s.Send(t.Context(), m)
			t.Logf("Send() = %v", err)
			if !errors.Is(err, ErrInvalidMessage) || IsTemporary(err) {
				t.Errorf("Send() = %v, want a permanent error wrapping ErrInvalidMessage", err)
			}
		})
	}
	if got := len(srv.Messages()); got != 0 {
		t.Errorf("server received %d messages, want 0", got)
	}
}

func TestSendSubjectStaysOneLine(t *testing.T) {
	srv := startServer(t, serverConfig{})
	s := newSender(t, "smtp://"+srv.Addr, SMTPOptions{})
	m := awardMessage(t)
	m.Subject = "バッジ\r\nBcc: evil@example.com"
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	p := parseMail(t, srv.Messages()[0].Data)
	if p.Subject != "バッジ Bcc: evil@example.com" || p.Header.Get("Bcc") != "" {
		t.Errorf("Subject = %q, Bcc = %q; want the line break folded into a space and no Bcc", p.Subject, p.Header.Get("Bcc"))
	}
}

func TestFunc(t *testing.T) {
	var got Message
	var s Sender = Func(func(_ context.Context, m Message) error {
		got = m
		return &TemporaryError{Err: errors.New("mail: outbox busy")}
	})
	err := s.Send(t.Context(), Message{To: "a@example.jp"})
	if got.To != "a@example.jp" || !IsTemporary(err) {
		t.Errorf("Func.Send: got message to %q and error %v, want a@example.jp and a temporary error", got.To, err)
	}
}

func TestIsTemporary(t *testing.T) {
	wrapped := fmt.Errorf("job: %w", &TemporaryError{Err: errors.New("mail: 421 closing")})
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("mail: 550"), false},
		{&TemporaryError{Err: io.EOF}, true},
		{wrapped, true},
	} {
		if got := IsTemporary(tc.err); got != tc.want {
			t.Errorf("IsTemporary(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
