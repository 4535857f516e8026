// SPDX-License-Identifier: Apache-2.0

// Package mail composes the platform's e-mails in Japanese and English and
// sends them over SMTP.
//
// # Composing
//
// [Render] turns a [Kind] (verify_email, reset_password, invitation, award),
// a locale ("ja" or "en") and the kind's data ([VerifyEmailData],
// [ResetPasswordData], [InvitationData], [AwardData]) into a subject, a
// plain-text body and an HTML body. The templates are embedded:
//
//	templates/layout.html           the HTML shell shared by every mail
//	templates/common.<locale>.*     phrases shared by every kind in a language
//	templates/<kind>.<locale>.txt   the subject (block "subject") and the text
//	templates/<kind>.<locale>.html  the blocks the layout fills in
//
// The HTML is built with html/template, so names, badge titles and links
// taken from the data are escaped; the text uses text/template. A field the
// templates need but the data lacks is an error, never "<no value>". Both
// languages of a kind use exactly the fields of its data type, so callers
// fill one struct whatever the recipient's language. The HTML is one column
// at most 600px wide with inline styles (mail clients drop style sheets), a
// large button for the main link, the link written out again for clients
// that block buttons, the organisation's name at the top and a footer that
// says why the mail was sent.
//
// To add a kind: a data type in data.go, a Kind constant, four template
// files, sample data in render_test.go, then go test -update to write its
// golden files under testdata/golden.
//
// # Message format
//
// [SMTPSender] writes an Internet Message Format message (RFC 5322) in
// UTF-8: the text and HTML as the two parts of a multipart/alternative body
// (RFC 2046 §5.1.4, text first), each base64-encoded; the subject and
// non-ASCII display names as RFC 2047 encoded-words; a Date and a random
// Message-ID on the sender's domain; "Auto-Submitted: auto-generated"
// (RFC 3834) and "X-Auto-Response-Suppress: All" so that vacation
// responders stay quiet; Content-Language from [Message.Locale].
//
// # Sending
//
// [Sender] is the seam the rest of the server uses: the SMTP sender here,
// the database outbox used when no SMTP server is configured, or any
// function through [Func]. An SMTP server is given as a URL:
//
//	smtp://host:port              STARTTLS when the server offers it
//	smtp://user:pass@host:port    AUTH PLAIN or LOGIN, only over TLS (or loopback)
//	smtps://user:pass@host:port   TLS from the first byte
//
// The SMTP conversation itself is github.com/wneessen/go-mail's.
//
// # Errors and retries
//
// [Sender.Send] says whether trying again may help: [IsTemporary] is true
// for a [*TemporaryError] (a 4xx reply, a refused, dropped or timed-out
// connection, a context that ended), and the job queue retries those with
// backoff. Anything else is permanent and retrying is pointless: a 5xx reply
// such as 550 mailbox unavailable, failed authentication, an untrusted
// certificate, or a message that wraps [ErrInvalidMessage].
package mail
