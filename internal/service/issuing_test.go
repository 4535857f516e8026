// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/verify"
)

// testPNG is a small valid badge image.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 {
		img.Set(i, i, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// issuingFixture is an organisation with an owner, an issuer, a viewer, an
// outsider with an organisation of their own, and one badge.
type issuingFixture struct {
	s                               *Service
	org, other                      *badge.Organization
	owner, issuer, viewer, outsider *badge.Account
	class                           *badge.BadgeClass
}

func newIssuingFixture(t *testing.T, s *Service) *issuingFixture {
	t.Helper()
	f := &issuingFixture{s: s}
	f.owner = mustAccount(t, s, "owner@example.ac.jp")
	f.issuer = mustAccount(t, s, "issuer@example.ac.jp")
	f.viewer = mustAccount(t, s, "viewer@example.ac.jp")
	f.outsider = mustAccount(t, s, "outsider@example.ac.jp")
	var err error
	if f.org, err = s.CreateOrganization(as(f.owner.ID), NewOrganization{Name: "千葉大学 Chiba", Slug: "chiba", OwnerID: f.owner.ID, ContactEmail: "badges@chiba.example.ac.jp"}); err != nil {
		t.Fatal(err)
	}
	if f.other, err = s.CreateOrganization(as(f.outsider.ID), NewOrganization{Name: "Other", Slug: "other", OwnerID: f.outsider.ID}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		a    *badge.Account
		role badge.Role
	}{{f.issuer, badge.RoleIssuer}, {f.viewer, badge.RoleViewer}} {
		if err := s.Store.CreateMembership(context.Background(), &badge.Membership{OrgID: f.org.ID, AccountID: m.a.ID, Role: m.role}); err != nil {
			t.Fatal(err)
		}
	}
	f.class, err = s.CreateBadgeClass(as(f.issuer.ID), f.org.ID, BadgeInput{
		NameJA: "データサイエンス基礎", NameEN: "Data Science Basics",
		DescriptionJA: "統計とプログラミングの基礎を修めた。", CriteriaNarrative: "全8回の講義に出席し、最終課題に合格すること。",
		Alignments: []badge.Alignment{{Name: "数理・データサイエンス・AI教育プログラム", URL: "https://www.mext.go.jp/a_menu/koutou/suuri_datascience_ai/00001.htm", Code: "DS-1"}},
		Tags:       []string{"データ", "AI", "データ"}, ExpiryDays: 365, Image: testPNG(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *issuingFixture) award(t *testing.T, email, name, key string) *badge.Award {
	t.Helper()
	r, err := f.s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID, Email: email, Name: name, IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return r.Award
}

func TestBadgeClassLifecycle(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		b := f.class
		if b.Revision != 1 || len(b.Tags) != 2 || b.AchievementType != "Badge" || len(b.Formats) != 4 {
			t.Errorf("created badge = %+v", b)
		}
		// Bad input: a clear error naming the field, nothing stored.
		for name, tc := range map[string]struct {
			in    BadgeInput
			field string
		}{
			"no image":    {BadgeInput{NameJA: "x", DescriptionJA: "x", CriteriaNarrative: "x"}, "image"},
			"no name":     {BadgeInput{DescriptionJA: "x", CriteriaNarrative: "x", Image: testPNG(t)}, "name_ja"},
			"no criteria": {BadgeInput{NameJA: "x", DescriptionJA: "x", Image: testPNG(t)}, "criteria_narrative"},
			"bad format":  {BadgeInput{NameJA: "x", DescriptionJA: "x", CriteriaNarrative: "x", Formats: []string{"ob1"}, Image: testPNG(t)}, "formats"},
			"long name":   {BadgeInput{NameJA: strings.Repeat("長", 201), DescriptionJA: "x", CriteriaNarrative: "x", Image: testPNG(t)}, "name_ja"},
			"not image":   {BadgeInput{NameJA: "x", DescriptionJA: "x", CriteriaNarrative: "x", Image: []byte("<svg><script>alert(1)</script></svg>")}, "image"},
			"bad expiry":  {BadgeInput{NameJA: "x", DescriptionJA: "x", CriteriaNarrative: "x", ExpiryDays: -1, Image: testPNG(t)}, "expiry_days"},
		} {
			_, err := s.CreateBadgeClass(as(f.issuer.ID), f.org.ID, tc.in)
			be, ok := asError(err)
			if !ok || be.Code != badge.CodeInvalid || be.Field != tc.field {
				t.Errorf("%s: err = %v, want invalid %s", name, err, tc.field)
			}
		}
		if _, n, _ := s.BadgeClasses(as(f.viewer.ID), f.org.ID, store.BadgeClassFilter{}); n != 1 {
			t.Errorf("badges after refused creations = %d, want 1", n)
		}

		a := f.award(t, "hanako@example.ac.jp", "山田　花子", "")
		up, err := s.UpdateBadgeClass(as(f.issuer.ID), f.org.ID, b.ID, BadgeInput{NameJA: "データサイエンス基礎（改訂）", DescriptionJA: "改訂", CriteriaNarrative: "新基準"})
		if err != nil || up.Revision != 2 || up.ImageID != b.ImageID {
			t.Fatalf("update = %+v, %v", up, err)
		}
		// The award still shows the badge as issued.
		pa, err := s.PublicAward(context.Background(), a.PublicID)
		if err != nil || pa.Badge.NameJA != "データサイエンス基礎" || pa.Badge.Revision != 1 {
			t.Errorf("public award after edit: %+v, %v", pa, err)
		}
		// Viewers and outsiders cannot design badges; outsiders cannot even see them.
		if _, err := s.UpdateBadgeClass(as(f.viewer.ID), f.org.ID, b.ID, BadgeInput{NameJA: "x", DescriptionJA: "x", CriteriaNarrative: "x"}); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("viewer update: %v", err)
		}
		if _, err := s.BadgeClass(as(f.outsider.ID), f.org.ID, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider read: %v", err)
		}
		if _, err := s.BadgeClass(as(f.outsider.ID), f.other.ID, b.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider read through own org: %v", err)
		}
		// Archived badges cannot be awarded.
		if _, err := s.ArchiveBadgeClass(as(f.issuer.ID), f.org.ID, b.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: b.ID, Email: "x@example.ac.jp", Name: "x"}); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("award of archived badge: %v", err)
		}
	})
}

func asError(err error) (*badge.Error, bool) {
	if err == nil {
		return nil, false
	}
	be, ok := err.(*badge.Error)
	return be, ok
}

func TestAwardIdempotencyMailAndAccess(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		a := f.award(t, " Hanako@Example.AC.JP ", "山田　花子", "hr-42")
		if a.RecipientEmail != "hanako@example.ac.jp" || a.RecipientName != "山田　花子" || a.State(time.Now()) != badge.AwardSent {
			t.Errorf("award = %+v", a)
		}
		if a.ExpiresAt == nil || a.ExpiresAt.Sub(a.IssuedAt) != 365*24*time.Hour {
			t.Errorf("expiry = %v", a.ExpiresAt)
		}
		full, err := s.AwardDetail(as(f.viewer.ID), f.org.ID, a.ID)
		if err != nil || len(full.CredentialDI) == 0 || full.CredentialJWT == "" || len(full.OB2Assertion) == 0 || full.OB2Signed == "" {
			t.Fatalf("artefacts missing: %v", err)
		}
		var cred map[string]any
		if err := json.Unmarshal(full.CredentialDI, &cred); err != nil || cred["id"] != "urn:uuid:"+a.PublicID {
			t.Errorf("credential id = %v, %v", cred["id"], err)
		}
		// The same idempotency key returns the first award, not a second.
		again, err := s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID, Email: "hanako@example.ac.jp", Name: "山田　花子", IdempotencyKey: "hr-42"})
		if err != nil || again.Created || again.Award.ID != a.ID {
			t.Errorf("retry = %+v, %v", again, err)
		}
		if _, err := s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID, Email: "other@example.ac.jp", Name: "x", IdempotencyKey: "hr-42"}); badge.ErrorCode(err) != badge.CodeConflict {
			t.Errorf("key reused for another award: %v", err)
		}
		// The award mail is in the outbox, in the organisation's language, with a claim link.
		mails, _, err := s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{OrgID: &f.org.ID})
		if err != nil || len(mails) != 1 || !strings.Contains(mails[0].TextBody, "/claim/") || mails[0].Locale != badge.LocaleJA {
			t.Fatalf("outbox = %+v, %v", mails, err)
		}
		// A recipient with an account gets the mail in their own language.
		if _, err := s.CreateAccount(system, NewAccount{Email: "kate@example.ac.jp", Name: "Kate", Password: "correct horse battery", Locale: badge.LocaleEN}); err != nil {
			t.Fatal(err)
		}
		f.award(t, "Kate@example.ac.jp", "Kate Smith", "")
		mails, _, _ = s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{OrgID: &f.org.ID, To: new("kate@example.ac.jp")})
		if len(mails) != 1 || mails[0].Locale != badge.LocaleEN || !strings.Contains(mails[0].Subject, "Data Science Basics") {
			t.Errorf("mail to an English-speaking account = %+v", mails)
		}
		// Access: viewers cannot award; outsiders see nothing.
		if _, err := s.Award(as(f.viewer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID, Email: "v@example.ac.jp", Name: "v"}); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("viewer award: %v", err)
		}
		if _, err := s.AwardDetail(as(f.outsider.ID), f.other.ID, a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider read: %v", err)
		}
		if _, err := s.Award(as(f.outsider.ID), f.other.ID, AwardInput{BadgeClassID: f.class.ID, Email: "v@example.ac.jp", Name: "v"}); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider awarding another organisation's badge: %v", err)
		}
		if _, err := s.Revoke(as(f.outsider.ID), f.other.ID, []int64{a.ID}, "x"); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider revoke: %v", err)
		}
		// Bad recipients are refused before anything is signed.
		for _, in := range []AwardInput{
			{BadgeClassID: f.class.ID, Email: "not-an-address", Name: "x"},
			{BadgeClassID: f.class.ID, Email: "a@example.ac.jp", Name: ""},
			{BadgeClassID: f.class.ID, Email: "a@example.ac.jp", Name: "x", EvidenceURL: "javascript:alert(1)"},
		} {
			if _, err := s.Award(as(f.issuer.ID), f.org.ID, in); badge.ErrorCode(err) != badge.CodeInvalid {
				t.Errorf("award %+v: %v", in, err)
			}
		}
		if n, _ := s.Store.CountAwards(context.Background(), store.AwardFilter{OrgID: &f.org.ID}); n != 2 {
			t.Errorf("awards = %d, want 2", n)
		}
		// Private awards do not leak.
		p, err := s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID, Email: "p@example.ac.jp", Name: "p", Private: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublicAward(context.Background(), p.Award.PublicID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("private award is public: %v", err)
		}
	})
}

func TestRevokeAndStatusList(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		a := f.award(t, "a@example.ac.jp", "A", "")
		b := f.award(t, "b@example.ac.jp", "B", "")
		if a.StatusListID != b.StatusListID || a.StatusIndex == b.StatusIndex {
			t.Fatalf("slots: %d/%d and %d/%d", a.StatusListID, a.StatusIndex, b.StatusListID, b.StatusIndex)
		}
		if _, err := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{a.ID}, ""); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("revoke without reason: %v", err)
		}
		n, err := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{a.ID}, "成績の誤り")
		if err != nil || n != 1 {
			t.Fatalf("revoke = %d, %v", n, err)
		}
		if n, _ := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{a.ID}, "again"); n != 0 {
			t.Errorf("revoking twice counted %d", n)
		}
		l, err := s.Store.FindStatusList(context.Background(), a.StatusListID)
		if err != nil {
			t.Fatal(err)
		}
		bit := func(i int) bool { return l.Bits[i/8]&(0x80>>(i%8)) != 0 }
		if !bit(a.StatusIndex) || bit(b.StatusIndex) {
			t.Errorf("bits: a %v, b %v", bit(a.StatusIndex), bit(b.StatusIndex))
		}
		cred, err := s.PublicStatusList(context.Background(), "chiba", a.StatusListID)
		if err != nil || !bytes.Contains(cred, []byte("BitstringStatusListCredential")) {
			t.Fatalf("status list = %s, %v", cred, err)
		}
		// The signed version is in the log, once, with the digest a
		// verifier computes from the credential; serving it again adds
		// nothing.
		again, _ := s.PublicStatusList(context.Background(), "chiba", a.StatusListID)
		want, err := verify.LogLeaf(nil, again)
		if err != nil || !bytes.Equal(again, cred) {
			t.Fatalf("status list again: %v (same bytes %v)", err, bytes.Equal(again, cred))
		}
		if n := countStatusLeaves(t, s, want.Digest); n != 1 {
			t.Errorf("%d log leaves of the status list version, want 1", n)
		}
		c := f.award(t, "c@example.ac.jp", "C", "")
		if _, err := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{c.ID}, "二重登録"); err != nil {
			t.Fatal(err)
		}
		cred2, _ := s.PublicStatusList(context.Background(), "chiba", a.StatusListID)
		want2, _ := verify.LogLeaf(nil, cred2)
		if n := countStatusLeaves(t, s, want2.Digest); n != 1 || want2.Digest == want.Digest {
			t.Errorf("second version: %d leaves (digest changed %v)", n, want2.Digest != want.Digest)
		}
		if _, err := s.PublicStatusList(context.Background(), "other", a.StatusListID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("status list under another issuer: %v", err)
		}
		rl, err := s.PublicRevocationList(context.Background(), "chiba")
		if err != nil || !bytes.Contains(rl, []byte(a.PublicID)) || bytes.Contains(rl, []byte(b.PublicID)) || !bytes.Contains(rl, []byte(c.PublicID)) || !strings.Contains(string(rl), "成績の誤り") {
			t.Errorf("revocation list = %s, %v", rl, err)
		}
		if err := s.ResendAward(as(f.issuer.ID), f.org.ID, a.ID); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("resend of revoked: %v", err)
		}
	})
}

func TestClaimLink(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		a := f.award(t, "a@example.ac.jp", "A", "")
		mails, _, _ := s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{OrgID: &f.org.ID})
		tok := claimToken(t, mails[0].TextBody)
		pa, err := s.OpenClaim(context.Background(), tok)
		if err != nil || pa.Award.ID != a.ID || pa.Award.OpenedAt == nil {
			t.Fatalf("open claim = %+v, %v", pa, err)
		}
		if _, err := s.OpenClaim(context.Background(), "no-such-token"); badge.ErrorKey(err) != "claim.unknown" {
			t.Errorf("unknown token: %v", err)
		}
		// Resending replaces the link: the old one stops working.
		if err := s.ResendAward(as(f.issuer.ID), f.org.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenClaim(context.Background(), tok); badge.ErrorKey(err) != "claim.unknown" {
			t.Errorf("old token after resend: %v", err)
		}
		mails, _, _ = s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{OrgID: &f.org.ID})
		tok2 := claimToken(t, mails[0].TextBody)
		if _, err := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{a.ID}, "mistake"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenClaim(context.Background(), tok2); badge.ErrorKey(err) != "claim.revoked" {
			t.Errorf("claim of revoked: %v", err)
		}
		// An expired link says so.
		b := f.award(t, "b@example.ac.jp", "B", "")
		mails, _, _ = s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{OrgID: &f.org.ID})
		tok3 := claimToken(t, mails[0].TextBody)
		_ = b
		s.Now = func() time.Time { return time.Now().Add(ClaimLinkLifetime + time.Hour) }
		if _, err := s.OpenClaim(context.Background(), tok3); badge.ErrorKey(err) != "claim.expired" {
			t.Errorf("expired claim: %v", err)
		}
	})
}

func claimToken(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "/claim/")
	if i < 0 {
		t.Fatalf("no claim link in %q", body)
	}
	tok := body[i+len("/claim/"):]
	if j := strings.IndexAny(tok, " \r\n\t"); j >= 0 {
		tok = tok[:j]
	}
	return tok
}

func TestBulkAwardResumesWithoutIssuingTwice(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		f.award(t, "dup@example.ac.jp", "既に保有", "")
		var csv strings.Builder
		csv.WriteString("email,name,narrative\r\n")
		for i := range 450 {
			fmt.Fprintf(&csv, "student%03d@example.ac.jp,学生　%03d,\r\n", i, i)
		}
		csv.WriteString("dup@example.ac.jp,既に保有,\r\n")
		csv.WriteString("not-an-address,悪い行,\r\n")
		p, err := s.PrepareBulkAward(as(f.issuer.ID), f.org.ID, f.class.ID, "cohort.csv", strings.NewReader(csv.String()))
		if err != nil {
			t.Fatal(err)
		}
		if p.Valid != 451 || len(p.Problems) != 1 || p.Problems[0].Line != 453 {
			t.Fatalf("preview: valid %d, problems %+v", p.Valid, p.Problems)
		}
		// Nothing is issued at preview.
		if n, _ := s.Store.CountAwards(context.Background(), store.AwardFilter{OrgID: &f.org.ID}); n != 1 {
			t.Fatalf("awards after preview = %d", n)
		}
		if _, err := s.ConfirmBulkAward(as(f.viewer.ID), f.org.ID, p.Bulk.ID); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("viewer confirm: %v", err)
		}
		if _, err := s.ConfirmBulkAward(as(f.issuer.ID), f.org.ID, p.Bulk.ID); err != nil {
			t.Fatal(err)
		}
		// Simulate a crash after the first chunk: run one chunk by hand,
		// then run the whole thing again, twice.
		b, _ := s.Store.FindBulkAward(context.Background(), p.Bulk.ID)
		ctx := WithActor(context.Background(), Actor{AccountID: f.issuer.ID, System: true})
		if _, err := s.runBulkChunk(ctx, b); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Store.CountAwards(context.Background(), store.AwardFilter{OrgID: &f.org.ID}); n != 1+bulkChunk {
			t.Fatalf("awards after one chunk = %d", n)
		}
		if err := s.RunBulkAward(context.Background(), p.Bulk.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RunBulkAward(context.Background(), p.Bulk.ID); err != nil {
			t.Fatal(err)
		}
		b, _ = s.Store.FindBulkAward(context.Background(), p.Bulk.ID)
		if b.State != badge.BulkDone || b.Issued != 450 || b.Skipped != 1 || b.Failed != 1 {
			t.Errorf("bulk = %+v", b)
		}
		if n, _ := s.Store.CountAwards(context.Background(), store.AwardFilter{OrgID: &f.org.ID}); n != 451 {
			t.Errorf("awards = %d, want 451 (1 + 450, none twice)", n)
		}
		rows, _, _ := s.BulkAwardRows(as(f.viewer.ID), f.org.ID, p.Bulk.ID, new(badge.RowDuplicate), store.Page{})
		if len(rows) != 1 || rows[0].Line != 452 {
			t.Errorf("duplicate rows = %+v", rows)
		}
		// Names are kept as written, full-width space and all.
		as_, _, _ := s.Store.FindAwards(context.Background(), store.AwardFilter{OrgID: &f.org.ID, Query: "student007"})
		if len(as_) != 1 || as_[0].RecipientName != "学生　007" {
			t.Errorf("row 7 = %+v", as_)
		}
		if _, err := s.ConfirmBulkAward(as(f.issuer.ID), f.org.ID, p.Bulk.ID); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("second confirm: %v", err)
		}
	})
}

// Calls racing with one idempotency key make one award, and every call
// answers with it.
func TestAwardIdempotencyRace(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		const n = 8
		results := make([]*AwardResult, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				results[i], errs[i] = s.Award(as(f.issuer.ID), f.org.ID, AwardInput{BadgeClassID: f.class.ID,
					Email: "race@example.ac.jp", Name: "競争 太郎", IdempotencyKey: "lms-race"})
			})
		}
		wg.Wait()
		created := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("call %d: %v", i, errs[i])
			}
			if results[i].Created {
				created++
			}
			if results[i].Award.ID != results[0].Award.ID {
				t.Errorf("call %d got award %d, call 0 got %d", i, results[i].Award.ID, results[0].Award.ID)
			}
		}
		if created != 1 {
			t.Errorf("%d calls created an award, want 1", created)
		}
	})
}

// No issuing method lets one organisation read or change another's
// badges, awards, images or CSV awards: through the other's id, or through
// its own id with the other's object ids. Either way: not found.
func TestIssuingCrossOrganization(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		a := f.award(t, "victim@example.ac.jp", "被害 者", "")
		p, err := s.PrepareBulkAward(as(f.issuer.ID), f.org.ID, f.class.ID, "c.csv", strings.NewReader("email,name\nx@example.ac.jp,X\n"))
		if err != nil {
			t.Fatal(err)
		}
		me := as(f.outsider.ID)
		in := BadgeInput{NameJA: "乗っ取り", DescriptionJA: "x", CriteriaNarrative: "x"}
		csv := func() *strings.Reader { return strings.NewReader("email,name\ny@example.ac.jp,Y\n") }
		for _, org := range []int64{f.org.ID, f.other.ID} {
			calls := map[string]func() error{
				"BadgeClass":        func() error { _, err := s.BadgeClass(me, org, f.class.ID); return err },
				"UpdateBadgeClass":  func() error { _, err := s.UpdateBadgeClass(me, org, f.class.ID, in); return err },
				"ArchiveBadgeClass": func() error { _, err := s.ArchiveBadgeClass(me, org, f.class.ID, true); return err },
				"BadgeImage":        func() error { _, err := s.BadgeImage(me, org, f.class.ImageID); return err },
				"Award": func() error {
					_, err := s.Award(me, org, AwardInput{BadgeClassID: f.class.ID, Email: "z@example.ac.jp", Name: "Z"})
					return err
				},
				"AwardDetail":      func() error { _, err := s.AwardDetail(me, org, a.ID); return err },
				"ResendAward":      func() error { return s.ResendAward(me, org, a.ID) },
				"Revoke":           func() error { _, err := s.Revoke(me, org, []int64{a.ID}, "x"); return err },
				"PrepareBulkAward": func() error { _, err := s.PrepareBulkAward(me, org, f.class.ID, "c.csv", csv()); return err },
				"ConfirmBulkAward": func() error { _, err := s.ConfirmBulkAward(me, org, p.Bulk.ID); return err },
				"CancelBulkAward":  func() error { return s.CancelBulkAward(me, org, p.Bulk.ID) },
				"BulkAward":        func() error { _, err := s.BulkAward(me, org, p.Bulk.ID); return err },
				"BulkAwardRows":    func() error { _, _, err := s.BulkAwardRows(me, org, p.Bulk.ID, nil, store.Page{}); return err },
			}
			if org == f.org.ID {
				calls["BadgeClasses"] = func() error { _, _, err := s.BadgeClasses(me, org, store.BadgeClassFilter{}); return err }
				calls["Awards"] = func() error { _, _, err := s.Awards(me, org, store.AwardFilter{}); return err }
				calls["BulkAwards"] = func() error { _, _, err := s.BulkAwards(me, org, store.Page{}); return err }
			}
			for name, call := range calls {
				if err := call(); badge.ErrorCode(err) != badge.CodeNotFound {
					t.Errorf("%s (org %d): err = %v, want not found", name, org, err)
				}
			}
		}
		// Listing through one's own organisation shows only one's own.
		if _, n, _ := s.Awards(me, f.other.ID, store.AwardFilter{}); n != 0 {
			t.Errorf("outsider's own award list shows %d awards", n)
		}
		// Nothing changed.
		b, _ := s.BadgeClass(as(f.issuer.ID), f.org.ID, f.class.ID)
		got, _ := s.AwardDetail(as(f.issuer.ID), f.org.ID, a.ID)
		bulk, _ := s.BulkAward(as(f.issuer.ID), f.org.ID, p.Bulk.ID)
		if b.Revision != 1 || b.ArchivedAt != nil || got.RevokedAt != nil || bulk.State != badge.BulkPreview {
			t.Errorf("after the attempts: badge rev %d archived %v, award revoked %v, bulk %s", b.Revision, b.ArchivedAt, got.RevokedAt, bulk.State)
		}
	})
}

// countStatusLeaves counts the unintegrated and integrated status-list
// leaves whose digest is d.
func countStatusLeaves(t *testing.T, s *Service, d [32]byte) int {
	t.Helper()
	if _, err := s.IntegrateLog(context.Background()); err != nil {
		t.Fatal(err)
	}
	cp, err := s.Store.LatestLogCheckpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := tlog.ParseCheckpoint(noteText(cp.Note))
	leaves, err := s.Store.FindLogLeavesByIndex(context.Background(), 0, c.Size)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range leaves {
		pl, err := tlog.ParseLeaf(l.Data)
		if err == nil && pl.Kind == tlog.KindStatusList && pl.Digest == d {
			n++
		}
	}
	return n
}

// TestOrganizationAwardPrivacy: an organisation whose awards are private
// by default issues private awards (their public pages are not found)
// until it turns the setting off; only admins change it.
func TestOrganizationAwardPrivacy(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		settings := OrganizationSettings{Name: f.org.Name, ContactEmail: f.org.ContactEmail, DefaultLocale: f.org.DefaultLocale, AwardsPrivate: true}
		if _, err := s.UpdateOrganization(as(f.issuer.ID), f.org.ID, settings); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("an issuer changes the settings: %v", err)
		}
		o, err := s.UpdateOrganization(as(f.owner.ID), f.org.ID, settings)
		if err != nil || !o.AwardsPrivate {
			t.Fatalf("UpdateOrganization = %+v, %v", o, err)
		}
		if o, _ := s.Store.FindOrganizationByID(context.Background(), f.org.ID); !o.AwardsPrivate {
			t.Error("the setting was not stored")
		}
		a := f.award(t, "private@example.ac.jp", "非公開", "")
		if !a.Private {
			t.Error("an award of an organisation with private awards is public")
		}
		if _, err := s.PublicAward(context.Background(), a.PublicID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("public page of a private award: %v", err)
		}
		settings.AwardsPrivate = false
		if _, err := s.UpdateOrganization(as(f.owner.ID), f.org.ID, settings); err != nil {
			t.Fatal(err)
		}
		if b := f.award(t, "public@example.ac.jp", "公開", ""); b.Private {
			t.Error("an award after the setting was turned off is private")
		}
	})
}
