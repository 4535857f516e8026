// SPDX-License-Identifier: Apache-2.0

package sqlite_test

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// benchBadgeClass opens a file store (WAL, as in production) holding an
// organisation and a badge class.
func benchBadgeClass(b *testing.B) (store.Store, *badge.BadgeClass) {
	b.Helper()
	ctx := b.Context()
	s := openFile(b, store.Options{})
	o := &badge.Organization{Slug: "bench", Name: "Bench", DefaultLocale: badge.LocaleJA}
	if err := s.CreateOrganization(ctx, o); err != nil {
		b.Fatal(err)
	}
	data := []byte("\x89PNG\r\n\x1a\nbench")
	sum := sha256.Sum256(data)
	img := &badge.BadgeImage{OrgID: o.ID, SHA256: sum[:], MediaType: "image/png", Data: data}
	if err := s.CreateBadgeImage(ctx, img); err != nil {
		b.Fatal(err)
	}
	bc := &badge.BadgeClass{OrgID: o.ID, PublicID: "bench", NameEN: "Bench", DescriptionEN: "d", ImageID: img.ID,
		CriteriaNarrative: "c", AchievementType: "Badge", Formats: []string{badge.FormatOB3DataIntegrity}}
	if err := s.CreateBadgeClass(ctx, bc); err != nil {
		b.Fatal(err)
	}
	return s, bc
}

// BenchmarkCreateAward stores one award (with a signed credential of
// typical size) per operation, its status entry allocated beforehand.
func BenchmarkCreateAward(b *testing.B) {
	ctx := b.Context()
	s, bc := benchBadgeClass(b)
	slots, err := s.AllocateStatusSlots(ctx, bc.OrgID, badge.StatusRevocation, b.N)
	if err != nil {
		b.Fatal(err)
	}
	cred := make([]byte, 3000)
	for i := range cred {
		cred[i] = 'x'
	}
	b.ResetTimer()
	for i := range b.N {
		a := &badge.Award{OrgID: bc.OrgID, BadgeClassID: bc.ID, Revision: 1, PublicID: fmt.Sprintf("urn-%d", i),
			RecipientEmail: fmt.Sprintf("r%d@example.com", i), RecipientName: "Recipient", RecipientLocale: badge.LocaleJA,
			IssuedAt: time.Now(), StatusListID: slots[i].ListID, StatusIndex: slots[i].Index, CredentialDI: cred}
		if err := s.CreateAward(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateBulkAward10000 stores a CSV award of 10,000 rows per
// operation.
func BenchmarkCreateBulkAward10000(b *testing.B) {
	const n = 10000
	ctx := b.Context()
	s, bc := benchBadgeClass(b)
	rows := make([]*badge.BulkAwardRow, n)
	for i := range rows {
		rows[i] = &badge.BulkAwardRow{Line: i + 2, Email: fmt.Sprintf("recipient%d@example.com", i),
			Name: fmt.Sprintf("受賞者 %d", i), State: badge.RowPending}
	}
	b.ResetTimer()
	for range b.N {
		ba := &badge.BulkAward{OrgID: bc.OrgID, BadgeClassID: bc.ID, FileName: "cohort.csv", State: badge.BulkPreview, Total: n}
		if err := s.CreateBulkAward(ctx, ba, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
