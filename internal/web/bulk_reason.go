// SPDX-License-Identifier: Apache-2.0

package web

import (
	"regexp"
	"strings"
	"sync"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
)

// A CSV award row keeps its reason as the English text the CSV reader
// wrote (awardcsv's Problem.Message): the message key and its values are
// not stored. The page shows it in the visitor's language by reading the
// key and values back out of that text with the English catalog, whose
// csv.* messages are awardcsv's English texts. A reason that matches no
// message (an issuing failure) is shown as stored, marked as English.

// reason is a row's reason as the page shows it.
type reason struct {
	Text string
	Lang string // the text's language when it is not the page's
}

// RowReason is why a row of a CSV award was not issued, in the page's
// language where the catalogs have the message.
func (p *page) RowReason(row *badge.BulkAwardRow) reason {
	switch {
	case row.State == badge.RowDuplicate:
		return reason{Text: p.T("bulk.row_duplicate")}
	case row.Error == "":
		return reason{Text: p.T("bulk.row_no_reason")}
	case p.cat.Has(p.Lang, row.Error):
		return reason{Text: p.T(row.Error)} // a bare message key
	}
	for _, cp := range csvPatterns(p.cat) {
		m := cp.re.FindStringSubmatch(row.Error)
		if m == nil || !p.cat.Has(p.Lang, cp.key) {
			continue
		}
		args := make([]any, 0, 2*len(cp.names))
		for i, name := range cp.names {
			args = append(args, name, m[i+1])
		}
		return reason{Text: p.T(cp.key, args...)}
	}
	return reason{Text: row.Error, Lang: string(i18n.English)}
}

// csvPattern matches the English text of one CSV message, capturing its
// placeholders' values.
type csvPattern struct {
	key   string
	re    *regexp.Regexp
	names []string
}

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

func hasPlaceholder(s string) bool { return placeholderRE.MatchString(s) }

var (
	csvPatternsOnce sync.Once
	csvPatternList  []csvPattern
)

// csvPatterns returns the patterns of awardcsv's messages, built once from
// the English catalog.
func csvPatterns(cat *i18n.Catalog) []csvPattern {
	csvPatternsOnce.Do(func() {
		for _, key := range awardcsv.Keys() {
			if !cat.Has(i18n.English, key) {
				continue
			}
			msg := cat.T(i18n.English, key)
			var b strings.Builder
			var names []string
			b.WriteString(`(?s)^`)
			last := 0
			for _, m := range placeholderRE.FindAllStringSubmatchIndex(msg, -1) {
				b.WriteString(regexp.QuoteMeta(msg[last:m[0]]))
				b.WriteString(`(.*?)`)
				names = append(names, msg[m[2]:m[3]])
				last = m[1]
			}
			b.WriteString(regexp.QuoteMeta(msg[last:]) + `$`)
			csvPatternList = append(csvPatternList, csvPattern{key: key, re: regexp.MustCompile(b.String()), names: names})
		}
	})
	return csvPatternList
}
