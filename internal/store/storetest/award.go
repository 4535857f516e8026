// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var awardTests = []test{
	{"Award/CreateFind", testAwardCreateFind},
	{"Award/Refused", testAwardRefused},
	{"Award/Update", testAwardUpdate},
	{"Award/ListingsLeaveArtefactsOut", testAwardListing},
	{"Award/StateFilter", testAwardState},
	{"Award/FindCount", testAwardFind},
}

// fullAward returns an award of b in slot with every field set.
func fullAward(b *badge.BadgeClass, slot store.StatusSlot, issuer *badge.Account) *badge.Award {
	a := awardFor(b, slot, " Ann.Lee@Example.COM ", "urn-1")
	issued := time.Date(2030, 4, 1, 9, 0, 0, 999999999, time.FixedZone("JST", 9*3600))
	a.IdempotencyKey, a.IssuedBy, a.RecipientName, a.RecipientLocale = "csv-42", issuer.ID, "李 アン", badge.LocaleEN
	a.Salt, a.EvidenceURL, a.Narrative = "pepper", "https://example.com/evidence", "Line one.\nLine two."
	a.IssuedAt, a.ExpiresAt = issued, ptr(issued.AddDate(1, 0, 0))
	a.CredentialDI = []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":{"type":"DataIntegrityProof"}}`)
	a.CredentialJWT = "eyJhbGciOiJFZERTQSJ9.e30.c2ln"
	a.OB2Assertion = []byte(`{"type":"Assertion","verify":{"type":"hosted"}}`)
	a.OB2Signed = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"
	a.ClaimTokenHash, a.ClaimExpiresAt = digest("claim"), ptr(issued.AddDate(0, 0, 30))
	a.SentAt, a.Private = ptr(issued.Add(time.Minute)), true
	return a
}

func testAwardCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	issuer := newAccount(t, s, "issuer@example.com")
	b := newBadgeClass(t, s, o.ID, "b-1")
	a := fullAward(b, newSlot(t, s, o.ID), issuer)
	wantOK(t, "CreateAward", s.CreateAward(ctx, a))
	if a.ID <= 0 || a.CreatedAt.IsZero() || a.RecipientEmail != "ann.lee@example.com" {
		t.Errorf("CreateAward set ID %d, CreatedAt %v, RecipientEmail %q; want an id, now, the address normalised",
			a.ID, a.CreatedAt, a.RecipientEmail)
	}
	if want := time.Date(2030, 4, 1, 0, 0, 0, 999999000, time.UTC); !a.IssuedAt.Equal(want) || a.IssuedAt.Location() != time.UTC {
		t.Errorf("IssuedAt = %v, want %v (UTC, microseconds)", a.IssuedAt, want)
	}
	got, err := s.FindAwardByID(ctx, a.ID)
	wantOK(t, "FindAwardByID", err)
	wantSame(t, "FindAwardByID", got, a)
	got, err = s.FindAwardByPublicID(ctx, "urn-1")
	wantOK(t, "FindAwardByPublicID", err)
	wantSame(t, "FindAwardByPublicID", got, a)
	got, err = s.FindAwardByIdempotencyKey(ctx, o.ID, "csv-42")
	wantOK(t, "FindAwardByIdempotencyKey", err)
	wantSame(t, "FindAwardByIdempotencyKey", got, a)
	got, err = s.FindAwardByClaimToken(ctx, digest("claim"))
	wantOK(t, "FindAwardByClaimToken", err)
	wantSame(t, "FindAwardByClaimToken", got, a)

	plain := newAward(t, s, b, "bob@example.com", "urn-2")
	got, err = s.FindAwardByID(ctx, plain.ID)
	wantOK(t, "FindAwardByID(plain)", err)
	wantSame(t, "FindAwardByID(plain)", got, plain)
	if got.CredentialDI != nil || got.ClaimTokenHash != nil || got.BulkID != 0 || got.IssuedBy != 0 || got.Private {
		t.Errorf("plain award = %+v, want no artefacts, token, bulk award or issuer", got)
	}

	_, err = s.FindAwardByID(ctx, plain.ID+1)
	wantErr(t, "FindAwardByID(missing)", err, store.ErrNotFound)
	_, err = s.FindAwardByPublicID(ctx, "urn-3")
	wantErr(t, "FindAwardByPublicID(unknown)", err, store.ErrNotFound)
	_, err = s.FindAwardByIdempotencyKey(ctx, other.ID, "csv-42")
	wantErr(t, "FindAwardByIdempotencyKey(another organisation)", err, store.ErrNotFound)
	_, err = s.FindAwardByIdempotencyKey(ctx, o.ID, "")
	wantErr(t, "FindAwardByIdempotencyKey(empty key)", err, store.ErrNotFound)
	_, err = s.FindAwardByClaimToken(ctx, digest("other"))
	wantErr(t, "FindAwardByClaimToken(unknown)", err, store.ErrNotFound)
	_, err = s.FindAwardByClaimToken(ctx, nil)
	wantErr(t, "FindAwardByClaimToken(nil)", err, store.ErrNotFound)
}

func testAwardRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	b, theirs := newBadgeClass(t, s, o.ID, "b-1"), newBadgeClass(t, s, other.ID, "b-2")
	taken := newAward(t, s, b, "a@example.com", "urn-taken")
	_, err := s.UpdateAward(ctx, taken.ID, store.AwardUpdate{ClaimTokenHash: ptr(digest("t"))})
	wantOK(t, "UpdateAward(claim token)", err)
	keyed := awardFor(b, newSlot(t, s, o.ID), "k@example.com", "urn-keyed")
	keyed.IdempotencyKey = "key-1"
	wantOK(t, "CreateAward(keyed)", s.CreateAward(ctx, keyed))

	try := func(what string, change func(a *badge.Award)) error {
		t.Helper()
		a := awardFor(b, newSlot(t, s, o.ID), "new@example.com", "urn-new")
		change(a)
		err := s.CreateAward(ctx, a)
		if err != nil && a.ID != 0 {
			t.Errorf("%s: refused CreateAward set ID %d", what, a.ID)
		}
		return err
	}
	wantInvalid(t, "CreateAward(bad e-mail)", try("", func(a *badge.Award) { a.RecipientEmail = "nobody" }), "email")
	wantInvalid(t, "CreateAward(no name)", try("", func(a *badge.Award) { a.RecipientName = " " }), "name")
	wantInvalid(t, "CreateAward(index past the list)", try("", func(a *badge.Award) { a.StatusIndex = badge.StatusListSize }), "status_index")
	wantInvalid(t, "CreateAward(expiry before issue)", try("", func(a *badge.Award) { a.ExpiresAt = ptr(a.IssuedAt.Add(-hour)) }), "expires_at")
	wantErr(t, "CreateAward(missing org)", try("missing org", func(a *badge.Award) { a.OrgID = other.ID + 1 }), store.ErrNotFound)
	wantErr(t, "CreateAward(missing badge class)", try("missing badge class", func(a *badge.Award) { a.BadgeClassID = theirs.ID + 1 }), store.ErrNotFound)
	wantErr(t, "CreateAward(badge class of another organisation)", try("their badge class", func(a *badge.Award) { a.BadgeClassID = theirs.ID }), store.ErrNotFound)
	wantErr(t, "CreateAward(revision not made)", try("missing revision", func(a *badge.Award) { a.Revision = 2 }), store.ErrNotFound)
	theirSlot := newSlot(t, s, other.ID)
	wantErr(t, "CreateAward(status list of another organisation)", try("their list", func(a *badge.Award) { a.StatusListID = theirSlot.ListID }), store.ErrNotFound)
	wantErr(t, "CreateAward(missing status list)", try("missing list", func(a *badge.Award) { a.StatusListID = theirSlot.ListID + 1 }), store.ErrNotFound)
	wantErr(t, "CreateAward(missing bulk award)", try("missing bulk", func(a *badge.Award) { a.BulkID = 99 }), store.ErrNotFound)
	wantErr(t, "CreateAward(missing issuer)", try("missing issuer", func(a *badge.Award) { a.IssuedBy = 99 }), store.ErrNotFound)
	wantErr(t, "CreateAward(taken public id)", try("public id", func(a *badge.Award) { a.PublicID = taken.PublicID }), store.ErrConflict)
	wantErr(t, "CreateAward(taken idempotency key)", try("key", func(a *badge.Award) { a.IdempotencyKey = "key-1" }), store.ErrConflict)
	wantErr(t, "CreateAward(taken status entry)", try("slot", func(a *badge.Award) {
		a.StatusListID, a.StatusIndex = taken.StatusListID, taken.StatusIndex
	}), store.ErrConflict)
	wantErr(t, "CreateAward(taken claim token)", try("token", func(a *badge.Award) { a.ClaimTokenHash = digest("t") }), store.ErrConflict)

	_, total, err := s.FindAwards(ctx, store.AwardFilter{})
	if err != nil || total != 2 {
		t.Errorf("awards after refused creates = %d, %v; want 2", total, err)
	}
	// The same key in another organisation, and many awards without a key, are fine.
	theirs2 := awardFor(theirs, theirSlot, "k@example.com", "urn-theirs")
	theirs2.IdempotencyKey = "key-1"
	wantOK(t, "CreateAward(key used by another organisation)", s.CreateAward(ctx, theirs2))
	newAward(t, s, b, "x@example.com", "urn-x")
	newAward(t, s, b, "y@example.com", "urn-y")
}

func testAwardUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	wallet := newAccount(t, s, "ann@example.com")
	a := fullAward(newBadgeClass(t, s, o.ID, "b-1"), newSlot(t, s, o.ID), newAccount(t, s, "issuer@example.com"))
	wantOK(t, "CreateAward", s.CreateAward(ctx, a))

	now := time.Now().UTC().Truncate(time.Microsecond)
	got, err := s.UpdateAward(ctx, a.ID, store.AwardUpdate{OpenedAt: &now, RecipientLocale: ptr(badge.LocaleJA)})
	wantOK(t, "UpdateAward(opened)", err)
	want := *a
	want.OpenedAt, want.RecipientLocale = &now, badge.LocaleJA
	wantSame(t, "UpdateAward(opened)", got, &want)

	got, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{ClaimedAt: &now, ClaimedBy: &wallet.ID, ClaimTokenHash: &[]byte{}})
	wantOK(t, "UpdateAward(claimed)", err)
	want.ClaimedAt, want.ClaimedBy, want.ClaimTokenHash = &now, wallet.ID, nil
	wantSame(t, "UpdateAward(claimed)", got, &want)
	_, err = s.FindAwardByClaimToken(ctx, digest("claim"))
	wantErr(t, "FindAwardByClaimToken(used token)", err, store.ErrNotFound)
	// Cleared tokens are no token at all, so they never collide.
	second := newAward(t, s, newBadgeClass(t, s, o.ID, "b-2"), "bob@example.com", "urn-2")
	_, err = s.UpdateAward(ctx, second.ID, store.AwardUpdate{ClaimTokenHash: ptr(digest("second"))})
	wantOK(t, "UpdateAward(second, token)", err)
	cleared, err := s.UpdateAward(ctx, second.ID, store.AwardUpdate{ClaimTokenHash: &[]byte{}})
	if err != nil || cleared.ClaimTokenHash != nil {
		t.Errorf("UpdateAward(second, clear token) = token %x, %v; want none", cleared.ClaimTokenHash, err)
	}

	later := now.Add(hour)
	got, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{RevokedAt: &later, RevocationReason: ptr("Issued in error."),
		Private: ptr(false), BouncedAt: &now, ClaimExpiresAt: &later, SentAt: &later})
	wantOK(t, "UpdateAward(revoked)", err)
	want.RevokedAt, want.RevocationReason, want.Private, want.BouncedAt = &later, "Issued in error.", false, &now
	want.ClaimExpiresAt, want.SentAt = &later, &later
	wantSame(t, "UpdateAward(revoked)", got, &want)
	// The award e-mail: set, found by, and gone with the mail.
	m := &badge.OutboxMail{OrgID: o.ID, To: a.RecipientEmail, Subject: "バッジ", TextBody: "claim", Locale: badge.LocaleJA}
	wantOK(t, "CreateOutboxMail", s.CreateOutboxMail(ctx, m))
	got, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{MailID: &m.ID})
	wantOK(t, "UpdateAward(mail)", err)
	want.MailID = m.ID
	wantSame(t, "UpdateAward(mail)", got, &want)
	byMail, n, err := s.FindAwards(ctx, store.AwardFilter{MailID: &m.ID})
	if err != nil || n != 1 || byMail[0].ID != a.ID {
		t.Errorf("FindAwards(MailID) = %d awards, %v; want the award", n, err)
	}
	_, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{MailID: ptr(m.ID + 1000)})
	wantErr(t, "UpdateAward(missing mail)", err, store.ErrNotFound)
	wantOK(t, "DeleteOutboxMail", s.DeleteOutboxMail(ctx, m.ID))
	want.MailID = 0
	found, err := s.FindAwardByID(ctx, a.ID)
	wantOK(t, "FindAwardByID", err)
	wantSame(t, "FindAwardByID after updates", found, &want)
	got, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{})
	wantOK(t, "UpdateAward(nothing)", err)
	wantSame(t, "UpdateAward(nothing)", got, &want)

	_, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{RecipientLocale: ptr("fr")})
	wantInvalid(t, "UpdateAward(unknown locale)", err, "locale")
	_, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{RevocationReason: ptr(long(badge.MaxDescriptionLen + 1))})
	wantInvalid(t, "UpdateAward(long reason)", err, "revocation_reason")
	_, err = s.UpdateAward(ctx, a.ID, store.AwardUpdate{ClaimedBy: ptr(wallet.ID + 100)})
	wantErr(t, "UpdateAward(missing wallet account)", err, store.ErrNotFound)
	_, err = s.UpdateAward(ctx, second.ID+1, store.AwardUpdate{SentAt: &now})
	wantErr(t, "UpdateAward(missing)", err, store.ErrNotFound)
	found, err = s.FindAwardByID(ctx, a.ID)
	wantOK(t, "FindAwardByID", err)
	wantSame(t, "FindAwardByID after refused updates", found, &want)
}

func testAwardListing(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	a := fullAward(newBadgeClass(t, s, o.ID, "b-1"), newSlot(t, s, o.ID), newAccount(t, s, "issuer@example.com"))
	wantOK(t, "CreateAward", s.CreateAward(ctx, a))
	items, total, err := s.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID})
	wantTotal(t, "FindAwards", items, total, err, 1, 1)
	want := *a
	want.CredentialDI, want.CredentialJWT, want.OB2Assertion, want.OB2Signed = nil, "", nil, ""
	if len(items) == 1 {
		wantSame(t, "FindAwards[0]", items[0], &want)
	}
	found, err := s.FindAwardByID(ctx, a.ID)
	if err != nil || string(found.CredentialDI) != string(a.CredentialDI) || found.OB2Signed != a.OB2Signed {
		t.Errorf("FindAwardByID after listing = %+v, %v; want the signed artefacts", found, err)
	}
}

func testAwardFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	b1, b2 := newBadgeClass(t, s, o.ID, "b-1"), newBadgeClass(t, s, o.ID, "b-2")
	bulk := &badge.BulkAward{OrgID: o.ID, BadgeClassID: b2.ID, State: badge.BulkRunning}
	wantOK(t, "CreateBulkAward", s.CreateBulkAward(ctx, bulk, nil))

	ann := newAward(t, s, b1, "ann@example.com", "u-ann")
	bob := awardFor(b1, newSlot(t, s, o.ID), "bob_smith@example.com", "u-bob")
	bob.RecipientName = "Bob Smith"
	wantOK(t, "CreateAward(bob)", s.CreateAward(ctx, bob))
	pct := awardFor(b2, newSlot(t, s, o.ID), "carol@example.org", "u-pct")
	pct.RecipientName, pct.BulkID = "Carol Abbs 100%", bulk.ID // "bbs" and "%" tell escaped patterns from bare ones
	wantOK(t, "CreateAward(carol)", s.CreateAward(ctx, pct))
	jp := awardFor(b2, newSlot(t, s, o.ID), "ann@example.com", "u-jp")
	jp.RecipientName, jp.BulkID = "山田 花子", bulk.ID
	wantOK(t, "CreateAward(hanako)", s.CreateAward(ctx, jp))
	theirs := newAward(t, s, newBadgeClass(t, s, other.ID, "b-3"), "ann@example.com", "u-theirs")
	_, err := s.UpdateAward(ctx, bob.ID, store.AwardUpdate{RevokedAt: ptr(time.Now())})
	wantOK(t, "UpdateAward(revoke)", err)

	byID := func(a *badge.Award) int64 { return a.ID }
	find := func(what string, f store.AwardFilter, want ...*badge.Award) {
		t.Helper()
		items, total, err := s.FindAwards(ctx, f)
		if err != nil || total != len(want) {
			t.Errorf("FindAwards(%s) = total %d, %v; want %d", what, total, err, len(want))
		}
		wantSame(t, "FindAwards("+what+") ids", ids(items, byID), ids(want, byID))
		n, err := s.CountAwards(ctx, f)
		if err != nil || n != len(want) {
			t.Errorf("CountAwards(%s) = %d, %v; want %d", what, n, err, len(want))
		}
	}
	find("{}", store.AwardFilter{}, theirs, jp, pct, bob, ann)
	find("{org}", store.AwardFilter{OrgID: &o.ID}, jp, pct, bob, ann)
	find("{badge class}", store.AwardFilter{BadgeClassID: &b1.ID}, bob, ann)
	find("{org, bulk}", store.AwardFilter{OrgID: &o.ID, BulkID: &bulk.ID}, jp, pct)
	find("{org, not from a bulk award}", store.AwardFilter{OrgID: &o.ID, BulkID: ptr(int64(0))}, bob, ann)
	find("{e-mail}", store.AwardFilter{RecipientEmail: ptr(" ANN@example.com")}, theirs, jp, ann)
	find("{org, badge class, e-mail}", store.AwardFilter{OrgID: &o.ID, BadgeClassID: &b2.ID, RecipientEmail: ptr("ann@example.com")}, jp)
	find("{revoked}", store.AwardFilter{Revoked: ptr(true)}, bob)
	find("{org, not revoked}", store.AwardFilter{OrgID: &o.ID, Revoked: ptr(false)}, jp, pct, ann)
	find("{status list}", store.AwardFilter{StatusListID: &ann.StatusListID}, jp, pct, bob, ann)
	find("{status list of other}", store.AwardFilter{StatusListID: &theirs.StatusListID}, theirs)
	find("{query name}", store.AwardFilter{Query: "SMITH"}, bob)
	find("{query e-mail}", store.AwardFilter{OrgID: &o.ID, Query: "Example.ORG"}, pct)
	find("{query japanese}", store.AwardFilter{Query: "花子"}, jp)
	find("{query %}", store.AwardFilter{Query: "%"}, pct)
	find("{query _}", store.AwardFilter{Query: "b_s"}, bob)
	find("{query no match}", store.AwardFilter{Query: "zed"})

	items, total, err := s.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID, Page: store.Page{Offset: 1, Limit: 2}})
	wantTotal(t, "FindAwards{org, Offset 1, Limit 2}", items, total, err, 2, 4)
	wantSame(t, "FindAwards{org, Offset 1, Limit 2} ids", ids(items, byID), []int64{pct.ID, bob.ID})
	if n, err := s.CountAwards(ctx, store.AwardFilter{OrgID: &o.ID, Page: store.Page{Limit: 1}}); err != nil || n != 4 {
		t.Errorf("CountAwards{org, Limit 1} = %d, %v; want 4 (the page is ignored)", n, err)
	}
}

// The State filter agrees with badge.Award.State for an award in each state.
func testAwardState(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	b := newBadgeClass(t, s, o.ID, "b-1")
	now := time.Now().UTC().Truncate(time.Microsecond)
	past, future := now.Add(-hour), now.Add(hour)
	updates := map[string]store.AwardUpdate{
		badge.AwardIssued:  {},
		badge.AwardSent:    {SentAt: &past},
		badge.AwardBounced: {SentAt: &past, BouncedAt: &past},
		badge.AwardOpened:  {SentAt: &past, BouncedAt: &past, OpenedAt: &past},
		badge.AwardClaimed: {SentAt: &past, OpenedAt: &past, ClaimedAt: &past},
		badge.AwardRevoked: {SentAt: &past, ClaimedAt: &past, RevokedAt: &past, RevocationReason: ptr("mistake")},
	}
	ids := map[string]int64{}
	for state, upd := range updates {
		a := newAward(t, s, b, state+"@example.com", "urn-"+state)
		_, err := s.UpdateAward(ctx, a.ID, upd)
		wantOK(t, "UpdateAward("+state+")", err)
		ids[state] = a.ID
	}
	// Expired: past its expiry, claimed or not; one expiring later is not.
	exp := awardFor(b, newSlot(t, s, o.ID), "expired@example.com", "urn-expired")
	exp.IssuedAt, exp.ExpiresAt = past.Add(-hour), &past
	wantOK(t, "CreateAward(expired)", s.CreateAward(ctx, exp))
	ids[badge.AwardExpired] = exp.ID
	later := awardFor(b, newSlot(t, s, o.ID), "later@example.com", "urn-later")
	later.ExpiresAt = &future
	later.IssuedAt = past
	wantOK(t, "CreateAward(later)", s.CreateAward(ctx, later))
	for _, state := range badge.AwardStates {
		items, _, err := s.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID, State: ptr(state)})
		wantOK(t, "FindAwards("+state+")", err)
		var got []int64
		for _, a := range items {
			got = append(got, a.ID)
			if a.State(time.Now()) != state {
				t.Errorf("FindAwards(%s) returned an award in state %s", state, a.State(time.Now()))
			}
		}
		want := 1
		if state == badge.AwardIssued {
			want = 2 // and the one that expires later
		}
		if len(got) != want || !slicesContains(got, ids[state]) {
			t.Errorf("FindAwards(State %s) = %v, want %d including %d", state, got, want, ids[state])
		}
	}
	if items, _, _ := s.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID, State: ptr("lost")}); len(items) != 0 {
		t.Errorf("FindAwards(unknown state) = %d awards", len(items))
	}
}

func slicesContains(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
