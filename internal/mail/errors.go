// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"syscall"

	gomail "github.com/wneessen/go-mail"
)

// ErrInvalidMessage is wrapped by the errors [Sender.Send] returns when the
// [Message] itself cannot be sent: no recipient, an address that does not
// parse, a header name or value that would break the header block. Sending
// it again will not help.
var ErrInvalidMessage = errors.New("mail: invalid message")

// TemporaryError wraps a failure that may go away if the same message is
// sent again later: a 4xx reply, a refused, dropped or timed-out connection,
// or a context that ended before the server accepted the message. Test for
// it with [IsTemporary]; every other error from [Sender.Send] is permanent.
type TemporaryError struct {
	Err error
}

// Error returns the wrapped error's message.
func (e *TemporaryError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TemporaryError) Unwrap() error { return e.Err }

// IsTemporary reports whether err, or an error it wraps, is a
// [*TemporaryError], that is whether retrying the send may succeed. It is
// false for nil and for permanent failures (5xx replies, bad addresses,
// failed authentication, an untrusted certificate).
func IsTemporary(err error) bool {
	var t *TemporaryError
	return errors.As(err, &t)
}

// temporary reports whether a failure from the SMTP client is worth a retry.
// The SMTP reply code decides when there is one (RFC 5321 §4.2.1: 4yz is
// transient, 5yz permanent); without one, network trouble is transient and
// anything else (configuration, certificates, bad input) is not.
func temporary(err error) bool {
	if code, ok := replyCode(err); ok {
		return code >= 400 && code < 500
	}
	var certErr *tls.CertificateVerificationError
	var hostErr x509.HostnameError
	var authErr x509.UnknownAuthorityError
	switch {
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &authErr):
		return false
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.Is(err, gomail.ErrNoActiveConnection), errors.Is(err, gomail.ErrDeadlineExtendFailed):
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) {
		// go-mail's SendError does not unwrap to its cause; without a reply
		// code, a failure while talking to the server (as opposed to one
		// while reading the message's own addresses) is a transport failure.
		switch sendErr.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			return false
		}
		return true
	}
	return false
}

// replyCode finds the SMTP reply code in err, if the server sent one.
func replyCode(err error) (int, bool) {
	var tpErr *textproto.Error
	if errors.As(err, &tpErr) {
		return tpErr.Code, true
	}
	// errors.Join keeps every SendError reachable, but SendError itself
	// hides its cause, so ask it for the code it parsed.
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) && sendErr.ErrorCode() != 0 {
		return sendErr.ErrorCode(), true
	}
	return 0, false
}
