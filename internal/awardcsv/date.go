// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// minIssuedYear is the earliest year of issue accepted: earlier dates in an award
// file are typing mistakes (2206 for 2026 is caught by the future check).
const minIssuedYear = 2000

// parseDate reads the date forms Japanese offices and Excel produce, after
// NFKC (so full-width digits and "／" work):
//
//	2026-04-01  2026-4-1  2026/04/01  2026/4/1  2026.4.1  20260401
//	2026年4月1日  令和8年4月1日  令和元年5月1日  平成31年4月30日
//
// optionally followed by a time of day, which Excel adds to date-time cells
// ("2026/4/1 0:00") and which is dropped. It returns the date at midnight
// in loc.
func parseDate(cell string, loc *time.Location) (time.Time, bool) {
	s := strings.TrimSpace(norm.NFKC.String(cell))
	if i := strings.LastIndexByte(s, ' '); i >= 0 && isClock(s[i+1:]) {
		s = strings.TrimSpace(s[:i])
	}
	y, m, d, ok := splitDate(s)
	if !ok || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 2026/2/30 rolled over into March
		return time.Time{}, false
	}
	return t, true
}

// splitDate splits the date forms listed at [parseDate] into numbers.
func splitDate(s string) (y, m, d int, ok bool) {
	if era, first, last, found := cutEra(s); found {
		var n int
		n, m, d, ok = splitKanji(strings.TrimSpace(era), true)
		y = first + n - 1
		if !ok || n < 1 || !inEra(y, m, d, first, last) {
			return 0, 0, 0, false
		}
		return y, m, d, true
	}
	if len(s) == 8 && allDigits(s) {
		return atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]), true
	}
	if strings.Contains(s, "年") {
		y, m, d, ok = splitKanji(s, false)
		return y, m, d, ok && y >= 1000
	}
	// 2026-4-1, 2026/4/1 or 2026.4.1: the separator is the fifth byte.
	if len(s) < 8 || strings.IndexByte("-/.", s[4]) < 0 {
		return 0, 0, 0, false
	}
	ys, rest, _ := strings.Cut(s, s[4:5])
	ms, ds, _ := strings.Cut(rest, s[4:5])
	if len(ys) != 4 || !allDigits(ys) || !isNum(ms, 2) || !isNum(ds, 2) {
		return 0, 0, 0, false
	}
	return atoi(ys), atoi(ms), atoi(ds), true
}

// eras are the Japanese eras an award date (2000 or later) can fall in:
// name, first western year, and the last day of the era (zero if current).
var eras = []struct {
	name  string
	first int
	last  time.Time
}{
	{"令和", 2019, time.Time{}},
	{"平成", 1989, time.Date(2019, 4, 30, 0, 0, 0, 0, time.UTC)},
}

func cutEra(s string) (rest string, first int, last time.Time, found bool) {
	for _, e := range eras {
		if r, ok := strings.CutPrefix(s, e.name); ok {
			return r, e.first, e.last, true
		}
	}
	return "", 0, time.Time{}, false
}

// inEra reports whether the date lies in the era: 令和 began on 2019-05-01.
func inEra(y, m, d, first int, last time.Time) bool {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if first == 2019 && t.Before(time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)) {
		return false
	}
	return last.IsZero() || !t.After(last)
}

// splitKanji splits "2026年4月1日"; with era set, the year may be "元" (1).
func splitKanji(s string, era bool) (y, m, d int, ok bool) {
	ys, rest, ok1 := strings.Cut(s, "年")
	ms, rest, ok2 := strings.Cut(rest, "月")
	ds, rest, ok3 := strings.Cut(rest, "日")
	ys, ms, ds = strings.TrimSpace(ys), strings.TrimSpace(ms), strings.TrimSpace(ds)
	if !ok1 || !ok2 || !ok3 || rest != "" || !isNum(ms, 2) || !isNum(ds, 2) {
		return 0, 0, 0, false
	}
	switch {
	case era && ys == "元":
		y = 1
	case era && isNum(ys, 2), !era && isNum(ys, 4) && len(ys) == 4:
		y = atoi(ys)
	default:
		return 0, 0, 0, false
	}
	return y, atoi(ms), atoi(ds), true
}

// isClock reports whether s is a time of day: H:MM or H:MM:SS.
func isClock(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || !isNum(parts[0], 2) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 2 || !allDigits(p) {
			return false
		}
	}
	return true
}

// isNum reports whether s is 1 to max ASCII digits.
func isNum(s string, max int) bool {
	return len(s) >= 1 && len(s) <= max && allDigits(s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a string already known to be a few ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
