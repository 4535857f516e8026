// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// MaxLastErrorLen bounds [OutboxMail.LastError]; callers truncate.
const MaxLastErrorLen = 2000

// OutboxMail is an e-mail to send, or already sent. Without SMTP the outbox
// is where staff read the mail the instance would have sent.
type OutboxMail struct {
	ID        int64
	OrgID     int64 // 0 = sent by the instance, not an organisation
	To        string
	Subject   string
	TextBody  string
	HTMLBody  string // may be empty
	Locale    string
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (m *OutboxMail) Validate() error {
	return firstErr(
		notNegative("org_id", m.OrgID),
		required("to", m.To),
		email("to", m.To),
		requiredText("subject", m.Subject, MaxSubjectLen),
		required("text_body", m.TextBody),
		maxChars("text_body", len(m.TextBody), MaxMailBodyLen, "bytes"),
		maxChars("html_body", len(m.HTMLBody), MaxMailBodyLen, "bytes"),
		locale("locale", m.Locale),
		maxChars("last_error", len(m.LastError), MaxLastErrorLen, "bytes"),
	)
}
