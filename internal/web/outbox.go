// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"regexp"

	"github.com/akashi-badges/akashi/internal/badge"
)

// outboxPage is the data of the outbox pages.
type outboxPage struct {
	Mails []*badge.OutboxMail
	Pager pager
	// Instance: the mail the instance sent itself (address confirmations,
	// password resets), not the organisation's.
	Instance bool
}

// outboxList shows the mail the organisation sent or would have sent, a
// page at a time, each readable in full; admins only (the service checks).
// With no mail server configured this is how staff read the mail.
func (h *Handler) outboxList(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "outbox.title")
	p.Nav = "outbox"
	n, pg := pageOf(r)
	ms, total, err := h.svc.Outbox(r.Context(), p.Current.OrgID, pg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &outboxPage{Mails: ms, Pager: newPager("/console/outbox", n, total)}
	h.render(w, r, http.StatusOK, "outbox", p)
}

// outboxInstance shows the mail the instance sent itself, not on behalf
// of an organisation: without a mail server, this is where a new account's
// confirmation link can be read. Instance administrators only (the service
// checks); it needs no organisation.
func (h *Handler) outboxInstance(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r, "outbox.instance_title")
	p.Nav = "outbox"
	n, pg := pageOf(r)
	ms, total, err := h.svc.InstanceOutbox(r.Context(), pg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Data = &outboxPage{Mails: ms, Pager: newPager("/console/outbox/instance", n, total), Instance: true}
	h.render(w, r, http.StatusOK, "outbox", p)
}

// textPart is a run of a mail's text body: plain text, or a link.
type textPart struct {
	Text string
	Link bool
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// MailParts splits a text body into text and http(s) links, so the page
// can make the links clickable; html/template escapes every part.
func (p *page) MailParts(body string) []textPart {
	var parts []textPart
	last := 0
	for _, loc := range linkRE.FindAllStringIndex(body, -1) {
		if loc[0] > last {
			parts = append(parts, textPart{Text: body[last:loc[0]]})
		}
		parts = append(parts, textPart{Text: body[loc[0]:loc[1]], Link: true})
		last = loc[1]
	}
	if last < len(body) {
		parts = append(parts, textPart{Text: body[last:]})
	}
	return parts
}
