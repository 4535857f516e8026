// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	netmail "net/mail"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultTimeout bounds each step of an SMTP conversation (connect, each
// command, the message data) when [SMTPOptions.Timeout] is zero.
const DefaultTimeout = 30 * time.Second

// SMTPOptions tune an [SMTPSender]. The zero value is usable.
type SMTPOptions struct {
	// From is the sender for messages whose From is empty, for example
	// "Akashi <noreply@badges.example.ac.jp>".
	From string
	// Timeout bounds each step of the conversation; zero means
	// [DefaultTimeout]. A context deadline that comes sooner wins.
	Timeout time.Duration
	// TLSConfig is the starting point for STARTTLS and smtps connections;
	// nil means the system roots. ServerName defaults to the URL's host and
	// MinVersion to TLS 1.2. Tests set RootCAs to trust their own server.
	TLSConfig *tls.Config
	// LocalName is the name given in EHLO; empty means this host's name.
	LocalName string
}

// SMTPSender is a [Sender] that delivers through one SMTP server, opening a
// connection per message. It is safe for concurrent use.
type SMTPSender struct {
	server smtpServer
	opts   SMTPOptions
}

// NewSMTPSender returns a sender for the server at rawURL:
//
//	smtp://host:port            no authentication, STARTTLS when offered (port 587 by default)
//	smtp://user:pass@host:port  AUTH (PLAIN or LOGIN preferred), after STARTTLS
//	smtps://user:pass@host:port TLS from the first byte (port 465 by default)
//
// Credentials are only sent over TLS (or to a loopback address). Percent-
// encode reserved characters in the user name and password. It returns an
// error for an unknown scheme, a missing host, a bad port or a bad
// [SMTPOptions.From]; no connection is made until [SMTPSender.Send].
func NewSMTPSender(rawURL string, opts SMTPOptions) (*SMTPSender, error) {
	server, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	if opts.From != "" {
		if _, err := netmail.ParseAddress(opts.From); err != nil {
			return nil, fmt.Errorf("mail: default From %q: %v", opts.From, err)
		}
	}
	if opts.Timeout < 0 {
		return nil, fmt.Errorf("mail: negative SMTP timeout %v", opts.Timeout)
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	return &SMTPSender{server: server, opts: opts}, nil
}

// String returns the server URL with any password replaced by "xxxxx",
// for logs.
func (s *SMTPSender) String() string { return s.server.redacted }

// Send delivers m. See [Sender] for what its errors mean; when ctx ends
// before the server has accepted the message, the connection is dropped
// and the error is a [*TemporaryError] wrapping ctx.Err().
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := build(m, s.opts.From, time.Now())
	if err != nil {
		return err
	}
	timeout := s.opts.Timeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(deadline))
	}
	if err := ctx.Err(); err != nil || timeout <= 0 {
		return &TemporaryError{Err: fmt.Errorf("mail: send to %s: %w", m.To, context.Cause(ctx))}
	}
	var stop func() bool
	dial := func(dialCtx context.Context, network, _ string) (net.Conn, error) {
		conn, err := s.dial(dialCtx, network)
		if err == nil {
			// go-mail watches the context only while dialling; closing the
			// connection is what stops a conversation already under way.
			stop = context.AfterFunc(ctx, func() { conn.Close() })
		}
		return conn, err
	}
	client, err := s.client(timeout, dial)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if stop != nil {
		stop()
	}
	if err == nil || msg.IsDelivered() {
		// Once the server has taken the message, a failed QUIT is no
		// reason to send it again.
		return nil
	}
	if ctx.Err() != nil {
		// The error from the closed connection alone would not say why.
		err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	err = fmt.Errorf("mail: send to %s via %s: %w", m.To, s.server.redacted, err)
	if temporary(err) {
		return &TemporaryError{Err: err}
	}
	return err
}

// dial opens the TCP connection, with the TLS handshake first for smtps.
// Doing it here rather than in go-mail lets Send own the connection, a
// *tls.Conn from the start tells go-mail the channel is encrypted, and the
// address is joined properly for IPv6 (go-mail writes "host:port" as is).
func (s *SMTPSender) dial(ctx context.Context, network string) (net.Conn, error) {
	addr := net.JoinHostPort(s.server.host, strconv.Itoa(s.server.port))
	d := &net.Dialer{}
	if !s.server.implicitTLS {
		return d.DialContext(ctx, network, addr)
	}
	td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
	return td.DialContext(ctx, network, addr)
}

// client configures a go-mail client for one message.
func (s *SMTPSender) client(timeout time.Duration, dial gomail.DialContextFunc) (*gomail.Client, error) {
	opts := []gomail.Option{
		gomail.WithPort(s.server.port),
		gomail.WithTimeout(timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tlsConfig()),
		// Opportunistic: STARTTLS whenever the server offers it; on smtps
		// the channel is TLS already and servers do not offer it again.
		// (Not WithTLSPortPolicy: it would move an explicit port 25 to 587.)
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
		// One message per connection: no RSET after it, just QUIT.
		gomail.WithoutRset(),
	}
	if s.opts.LocalName != "" {
		opts = append(opts, gomail.WithHELO(s.opts.LocalName))
	}
	if s.server.user != "" {
		// PLAIN and LOGIN are what submission servers offer; go-mail
		// refuses both on an unencrypted non-loopback connection, and falls
		// back to discovering a challenge-response mechanism otherwise.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.server.user), gomail.WithPassword(s.server.pass))
	}
	return gomail.NewClient(s.server.host, opts...)
}

// tlsConfig returns a fresh copy of the configured TLS settings.
func (s *SMTPSender) tlsConfig() *tls.Config {
	cfg := &tls.Config{}
	if s.opts.TLSConfig != nil {
		cfg = s.opts.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.server.host
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg
}
