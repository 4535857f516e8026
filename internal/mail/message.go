// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail ready to send. [Render] fills Subject, Text and
// HTML; the caller adds the addresses.
type Message struct {
	// To is one address or a comma-separated list (RFC 5322 address-list);
	// display names may be Japanese: "山田 太郎 <taro@example.jp>".
	To string
	// From is the sender; empty means the sender's default
	// (see [SMTPOptions.From]).
	From    string
	Subject string
	// Text is the text/plain part; it is required.
	Text string
	// HTML is the text/html part; when set the message is
	// multipart/alternative with Text first, as RFC 2046 §5.1.4 orders them.
	HTML string
	// Locale is the language of the content ("ja", "en"), sent as
	// Content-Language.
	Locale string
	// Headers are extra header fields such as Reply-To or List-Id. They may
	// not replace the fields the sender writes itself (From, To, Subject,
	// Date, Message-ID, MIME and Content- fields).
	Headers map[string]string
}

// Sender delivers a message.
type Sender interface {
	// Send delivers m or returns why it could not. An error wrapping
	// [ErrInvalidMessage] means the message itself is unusable; a
	// [*TemporaryError] (see [IsTemporary]) means a later retry may succeed;
	// any other error is permanent (a 5xx reply, failed authentication).
	Send(ctx context.Context, m Message) error
}

// Func adapts a function to [Sender], for the outbox, for tests that only
// need to see that a mail was queued, and for wrapping another Sender.
type Func func(ctx context.Context, m Message) error

// Send calls f(ctx, m).
func (f Func) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// reservedHeaders are written by [build]; Message.Headers may not set them.
var reservedHeaders = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Subject": true, "Date": true,
	"Message-Id": true, "Mime-Version": true, "Content-Type": true,
	"Content-Transfer-Encoding": true, "Content-Language": true, "Auto-Submitted": true,
}

// build turns m into a go-mail message with a generated Message-ID and the
// Date now. defaultFrom is used when m.From is empty.
func build(m Message, defaultFrom string, now time.Time) (*gomail.Msg, error) {
	from := m.From
	if from == "" {
		from = defaultFrom
	}
	fromAddr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("%w: From %q: %v", ErrInvalidMessage, from, err)
	}
	to, err := netmail.ParseAddressList(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: To %q: %v", ErrInvalidMessage, m.To, err)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: no text part", ErrInvalidMessage)
	}
	// Base64 keeps Japanese text compact and every line short, whatever
	// the template produced; the subject gets RFC 2047 B encoded-words.
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64),
		gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(fromAddr)
	msg.ToMailAddress(to...)
	msg.Subject(oneLine(m.Subject))
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(messageID(fromAddr.Address))
	// RFC 3834 §5: machine-generated, so vacation responders stay quiet;
	// Exchange and Outlook read their own header for the same purpose.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	if m.Locale != "" {
		if !isToken(m.Locale) {
			return nil, fmt.Errorf("%w: locale %q", ErrInvalidMessage, m.Locale)
		}
		msg.SetGenHeader(gomail.HeaderContentLang, m.Locale)
	}
	if err := setHeaders(msg, m.Headers); err != nil {
		return nil, err
	}
	msg.SetBodyString(gomail.TypeTextPlain, crlf(m.Text))
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, crlf(m.HTML))
	}
	return msg, nil
}

// setHeaders copies the caller's extra header fields onto msg.
func setHeaders(msg *gomail.Msg, headers map[string]string) error {
	for name, value := range headers {
		canonical := textproto.CanonicalMIMEHeaderKey(name)
		switch {
		case !isToken(name):
			return fmt.Errorf("%w: header name %q", ErrInvalidMessage, name)
		case reservedHeaders[canonical]:
			return fmt.Errorf("%w: header %s is set by the sender", ErrInvalidMessage, name)
		case strings.ContainsAny(value, "\r\n"):
			return fmt.Errorf("%w: header %s has a line break", ErrInvalidMessage, name)
		case canonical == "Reply-To":
			addrs, err := netmail.ParseAddressList(value)
			if err != nil {
				return fmt.Errorf("%w: Reply-To %q: %v", ErrInvalidMessage, value, err)
			}
			msg.ReplyToMailAddress(addrs...)
		default:
			msg.SetGenHeader(gomail.Header(canonical), value)
		}
	}
	return nil
}

// messageID returns a fresh Message-ID (RFC 5322 §3.6.4) on the sender's
// domain, so it does not reveal this machine's host name.
func messageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return hex.EncodeToString(b[:]) + "@" + domain
}

// oneLine folds any control characters a template let through (a badge
// name with a newline) into spaces: a subject is a single line.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f
	}), " ")
}

// crlf gives text its canonical MIME form (RFC 2045 §2.10): CRLF line ends.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// isToken reports whether s is a non-empty run of letters, digits and '-',
// enough for header field names and language tags.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
