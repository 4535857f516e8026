// SPDX-License-Identifier: Apache-2.0

package web

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
)

// TestRowReason: the reason a CSV award row keeps (the CSV reader's
// English message) is shown in Japanese with its values, for every kind of
// row problem; this fails if the English catalog drifts from awardcsv's
// texts. Duplicates and unknown texts are handled too.
func TestRowReason(t *testing.T) {
	file := "email,name,evidence_url,narrative,issued_on\n" +
		"ok@example.jp,OK,,,\n" +
		"not-an-address,A,,,\n" +
		",B,,,\n" +
		"ok@example.jp,C,,,\n" +
		"c@example.jp,,,,\n" +
		"d@example.jp,D,ftp://x,,\n" +
		"e@example.jp,E,,,2026/13/40\n" +
		"f@example.jp,F,,,2099/1/1\n" +
		"g@example.jp,G,,,1999/1/1\n" +
		"h@example.jp,H\n" +
		"i@example.jp,I,,,,extra\n" +
		"j@example.jp," + strings.Repeat("名", 201) + ",,,\n" +
		"k@example.jp,K,,\"a\"b\",\n"
	res, err := awardcsv.Parse(strings.NewReader(file), awardcsv.Options{Now: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	cat := i18n.Default()
	p := &page{cat: cat, Lang: i18n.Japanese}
	var keys []string
	for _, pr := range res.Problems {
		if pr.Warning {
			continue
		}
		keys = append(keys, pr.Key)
		got := p.RowReason(&badge.BulkAwardRow{Line: pr.Line, State: badge.RowInvalid, Error: pr.Message})
		want := cat.T(i18n.Japanese, pr.Key, pr.Args...)
		if got.Text != want || got.Lang != "" {
			t.Errorf("line %d %s: RowReason(%q) = %+v, want %q", pr.Line, pr.Key, pr.Message, got, want)
		}
	}
	for _, k := range []string{awardcsv.KeyEmailInvalid, awardcsv.KeyEmailMissing, awardcsv.KeyEmailDuplicate, awardcsv.KeyNameMissing,
		awardcsv.KeyURLInvalid, awardcsv.KeyDateInvalid, awardcsv.KeyDateFuture, awardcsv.KeyDateTooEarly, awardcsv.KeyCellsTooFew,
		awardcsv.KeyCellsTooMany, awardcsv.KeyNameTooLong, awardcsv.KeyQuoteInvalid} {
		if !slices.Contains(keys, k) {
			t.Errorf("the file produced no %s problem; problems: %v", k, keys)
		}
	}
	if got := p.RowReason(&badge.BulkAwardRow{State: badge.RowDuplicate, Error: "This recipient already holds the badge."}); got.Text != "この受領者はすでにこのバッジを持っています。" {
		t.Errorf("duplicate: %+v", got)
	}
	if got := p.RowReason(&badge.BulkAwardRow{State: badge.RowFailed, Error: "Something unforeseen."}); got.Text != "Something unforeseen." || got.Lang != "en" {
		t.Errorf("unknown reason: %+v", got)
	}
	if m := cat.Missing(); len(m) > 0 {
		t.Errorf("missing messages: %v", m)
	}
}
