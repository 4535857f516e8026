// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var outboxTests = []test{
	{"Outbox/CreateFind", testOutboxCreateFind},
	{"Outbox/UpdateDelete", testOutboxUpdateDelete},
	{"Outbox/Find", testOutboxFind},
	{"Outbox/Refused", testOutboxRefused},
}

func testOutboxCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	m := newMail(t, s, o.ID, "Recipient@Example.com")
	if m.ID <= 0 || m.To != "recipient@example.com" || m.CreatedAt.IsZero() || m.SentAt != nil {
		t.Errorf("CreateOutboxMail set %+v", m)
	}
	got, err := s.FindOutboxMailByID(ctx, m.ID)
	wantOK(t, "FindOutboxMailByID", err)
	wantSame(t, "FindOutboxMailByID", got, m)
	_, err = s.FindOutboxMailByID(ctx, m.ID+1)
	wantErr(t, "FindOutboxMailByID(missing)", err, store.ErrNotFound)
}

func testOutboxUpdateDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	m := newMail(t, s, 0, "r@example.com")
	got, err := s.UpdateOutboxMail(ctx, m.ID, store.OutboxUpdate{Attempts: ptr(1), LastError: ptr("421 try later")})
	if err != nil || got.Attempts != 1 || got.LastError != "421 try later" || got.SentAt != nil {
		t.Errorf("UpdateOutboxMail(failure) = %+v, %v", got, err)
	}
	sent := time.Now()
	got, err = s.UpdateOutboxMail(ctx, m.ID, store.OutboxUpdate{SentAt: &sent, Attempts: ptr(2), LastError: ptr("")})
	wantOK(t, "UpdateOutboxMail(sent)", err)
	found, err := s.FindOutboxMailByID(ctx, m.ID)
	wantOK(t, "FindOutboxMailByID", err)
	wantSame(t, "FindOutboxMailByID after update", found, got)
	if found.SentAt == nil || found.Attempts != 2 {
		t.Errorf("mail after sending = %+v, want sent, 2 attempts", found)
	}
	_, err = s.UpdateOutboxMail(ctx, m.ID, store.OutboxUpdate{LastError: ptr(long(badge.MaxLastErrorLen + 1))})
	wantInvalid(t, "UpdateOutboxMail(long error)", err, "last_error")
	_, err = s.UpdateOutboxMail(ctx, m.ID+1, store.OutboxUpdate{Attempts: ptr(1)})
	wantErr(t, "UpdateOutboxMail(missing)", err, store.ErrNotFound)
	wantOK(t, "DeleteOutboxMail", s.DeleteOutboxMail(ctx, m.ID))
	wantErr(t, "DeleteOutboxMail(again)", s.DeleteOutboxMail(ctx, m.ID), store.ErrNotFound)
}

func testOutboxFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	newMail(t, s, o.ID, "a@example.com")
	sent := newMail(t, s, o.ID, "b@example.com")
	last := newMail(t, s, 0, "a@example.com")
	_, err := s.UpdateOutboxMail(ctx, sent.ID, store.OutboxUpdate{SentAt: ptr(time.Now())})
	wantOK(t, "UpdateOutboxMail", err)
	items, total, err := s.FindOutboxMails(ctx, store.OutboxFilter{})
	wantTotal(t, "FindOutboxMails{}", items, total, err, 3, 3)
	if len(items) == 3 && items[0].ID != last.ID {
		t.Errorf("FindOutboxMails{}[0] = %d, want the newest, %d", items[0].ID, last.ID)
	}
	items, total, err = s.FindOutboxMails(ctx, store.OutboxFilter{OrgID: &o.ID, Sent: ptr(false)})
	wantTotal(t, "FindOutboxMails{org, unsent}", items, total, err, 1, 1)
	items, total, err = s.FindOutboxMails(ctx, store.OutboxFilter{OrgID: ptr(int64(0))})
	wantTotal(t, "FindOutboxMails{instance}", items, total, err, 1, 1)
	items, total, err = s.FindOutboxMails(ctx, store.OutboxFilter{To: ptr("A@example.com"), Page: store.Page{Limit: 1}})
	wantTotal(t, "FindOutboxMails{To, Limit 1}", items, total, err, 1, 2)
}

func testOutboxRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	m := &badge.OutboxMail{To: "nobody", Subject: "s", TextBody: "b", Locale: badge.LocaleEN}
	wantInvalid(t, "CreateOutboxMail(bad address)", s.CreateOutboxMail(ctx, m), "to")
	m = &badge.OutboxMail{To: "a@example.com", Subject: long(badge.MaxSubjectLen + 1), TextBody: "b", Locale: badge.LocaleEN}
	wantInvalid(t, "CreateOutboxMail(long subject)", s.CreateOutboxMail(ctx, m), "subject")
	m = &badge.OutboxMail{OrgID: 404, To: "a@example.com", Subject: "s", TextBody: "b", Locale: badge.LocaleEN}
	wantErr(t, "CreateOutboxMail(missing org)", s.CreateOutboxMail(ctx, m), store.ErrNotFound)
}
