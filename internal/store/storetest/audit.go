// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var auditTests = []test{
	{"Audit/CreateFind", testAuditCreateFind},
	{"Audit/Refused", testAuditRefused},
}

func testAuditCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o1, o2 := newOrg(t, s, "o1"), newOrg(t, s, "o2")
	a, b := newAccount(t, s, "a@example.com"), newAccount(t, s, "b@example.com")
	start := time.Now().Add(-time.Minute)
	first := newAudit(t, s, o1.ID, a.ID, "member.invited")
	newAudit(t, s, o1.ID, b.ID, "member.role_changed")
	last := newAudit(t, s, o1.ID, a.ID, "member.invited")
	newAudit(t, s, o2.ID, a.ID, "org.updated")
	system := newAudit(t, s, 0, 0, "instance.started")
	id := func(e *badge.AuditEntry) int64 { return e.ID }

	items, total, err := s.FindAuditEntries(ctx, store.AuditFilter{OrgID: &o1.ID})
	wantTotal(t, "FindAuditEntries{o1}", items, total, err, 3, 3)
	if len(items) == 3 {
		wantSame(t, "FindAuditEntries{o1}[0] (newest first)", items[0], last)
	}
	items, total, err = s.FindAuditEntries(ctx, store.AuditFilter{OrgID: &o1.ID, ActorID: &a.ID, Action: ptr("member.invited")})
	wantTotal(t, "FindAuditEntries{o1, actor a, member.invited}", items, total, err, 2, 2)
	wantSame(t, "FindAuditEntries{o1, actor a, member.invited} ids", ids(items, id), []int64{last.ID, first.ID})
	items, total, err = s.FindAuditEntries(ctx, store.AuditFilter{TargetType: ptr("account"), TargetID: ptr("0")})
	wantTotal(t, "FindAuditEntries{target account 0}", items, total, err, 1, 1)
	items, total, err = s.FindAuditEntries(ctx, store.AuditFilter{OrgID: ptr(int64(0))})
	wantTotal(t, "FindAuditEntries{instance}", items, total, err, 1, 1)
	if len(items) == 1 {
		wantSame(t, "FindAuditEntries{instance}[0]", items[0], system)
	}
	items, total, err = s.FindAuditEntries(ctx, store.AuditFilter{Since: &start, Until: ptr(time.Now().Add(hour)),
		Page: store.Page{Limit: 2}})
	wantTotal(t, "FindAuditEntries{Since, Until, Limit 2}", items, total, err, 2, 5)
	items, total, err = s.FindAuditEntries(ctx, store.AuditFilter{Since: ptr(time.Now().Add(hour))})
	wantTotal(t, "FindAuditEntries{Since later}", items, total, err, 0, 0)
}

func testAuditRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	e := &badge.AuditEntry{Action: "x", Detail: "{not json"}
	wantInvalid(t, "CreateAuditEntry(bad JSON)", s.CreateAuditEntry(ctx, e), "detail")
	e = &badge.AuditEntry{Action: ""}
	wantInvalid(t, "CreateAuditEntry(no action)", s.CreateAuditEntry(ctx, e), "action")
	e = &badge.AuditEntry{OrgID: 31337, Action: "x"}
	wantErr(t, "CreateAuditEntry(missing org)", s.CreateAuditEntry(ctx, e), store.ErrNotFound)
}
