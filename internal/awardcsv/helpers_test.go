// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// testNow is "today" in the tests: 1 June 2026, noon in Japan.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, jst)

func testOptions() Options { return Options{Now: testNow} }

// day is midnight in Japan on the given date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, jst) }

func shiftJIS(t testing.TB, s string) []byte {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encoding %q as Shift_JIS: %v", s, err)
	}
	return []byte(b)
}

func utf16WithBOM(t testing.TB, order unicode.Endianness, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encoding %q as UTF-16: %v", s, err)
	}
	return []byte(b)
}

func withBOM(s string) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, s...) }

// parse parses data, fails the test on an error and checks the invariants
// that hold for every result.
func parse(t testing.TB, data []byte, opt Options) *Result {
	t.Helper()
	res, err := Parse(bytes.NewReader(data), opt)
	if err != nil {
		t.Fatalf("Parse: unexpected error %v", err)
	}
	checkInvariants(t, data, res)
	return res
}

// checkInvariants fails when res breaks a promise of [Parse] for input data.
func checkInvariants(t testing.TB, data []byte, res *Result) {
	t.Helper()
	// Each line is ended by "\n", "\r\n" or a lone "\r"; in every encoding
	// that Parse accepts, each of those contains one 0x0A or 0x0D byte.
	maxLine := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
	badLines := map[int]bool{}
	prev := 0
	for _, p := range res.Problems {
		if p.Line < 1 || p.Line > maxLine {
			t.Errorf("problem %+v: Line outside 1..%d", p, maxLine)
		}
		if p.SheetRow < 1 || p.SheetRow > p.Line {
			t.Errorf("problem %+v: SheetRow outside 1..Line", p)
		}
		if p.Line < prev {
			t.Errorf("problem %+v: not in line order (after line %d)", p, prev)
		}
		prev = p.Line
		// Every placeholder of the message has a value (a value may itself
		// hold braces: the cell is quoted as it was written).
		if name := unfilled(p.Key, p.Args); name != "" {
			t.Errorf("problem %+v: placeholder {%s} has no value", p, name)
		}
		if _, ok := english[p.Key]; !ok {
			t.Errorf("problem %+v: unknown key", p)
		}
		if !p.Warning {
			badLines[p.Line] = true
		}
	}
	prev = 0
	for _, r := range res.Rows {
		if r.Line <= prev || r.Line > maxLine {
			t.Errorf("row %+v: Line not increasing within 1..%d", r, maxLine)
		}
		prev = r.Line
		if badLines[r.Line] {
			t.Errorf("row %+v: returned as good but has problems", r)
		}
		if r.SheetRow < 1 || r.SheetRow > r.Line {
			t.Errorf("row %+v: SheetRow outside 1..Line", r)
		}
	}
	if n := len(res.Rows) + len(badLines); n > maxLine {
		t.Errorf("%d rows + %d bad lines > %d lines", len(res.Rows), len(badLines), maxLine)
	}
	if res.OK() != (len(badLines) == 0) {
		t.Errorf("OK() = %v with %d bad lines", res.OK(), len(badLines))
	}
}

// problemList renders problems as "line field key" strings for comparison.
func problemList(ps []Problem) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		s := fmt.Sprintf("%d %s %s", p.Line, p.Field, p.Key)
		if p.Warning {
			s += " (warning)"
		}
		out = append(out, s)
	}
	return out
}

// fileErr parses data and returns the *FileError, failing otherwise.
func fileErr(t *testing.T, data []byte, opt Options) *FileError {
	t.Helper()
	res, err := Parse(bytes.NewReader(data), opt)
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("Parse = %+v, %v; want a *FileError", res, err)
	}
	if res != nil {
		t.Errorf("Parse returned a result with the error %v", err)
	}
	return fe
}

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// unfilled returns a placeholder of key's English text that args give no
// value for, or "".
func unfilled(key string, args []any) string {
	for _, m := range placeholderRE.FindAllStringSubmatch(english[key], -1) {
		found := false
		for i := 0; i+1 < len(args); i += 2 {
			if fmt.Sprint(args[i]) == m[1] {
				found = true
			}
		}
		if !found {
			return m[1]
		}
	}
	return ""
}
