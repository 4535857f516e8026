// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/unicode"
)

// The cohort every encoding test carries: Japanese header, a full-width
// address, a name with an ideographic space, a name with spaces to trim, a
// CP932-only character (①, ㈱) and a quoted comma.
const cohortJA = "メールアドレス,氏名,所見,発行日\n" +
	"ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ,山田　太郎,①基礎課程 修了,2026/4/1\n" +
	"tanaka@example.jp,  Tanaka Hanako ,\"㈱明石, 研修\",2026年4月1日\n"

var cohortRows = []Row{
	{Line: 2, SheetRow: 2, Email: "abc@example.jp", Name: "山田　太郎", Narrative: "①基礎課程 修了", IssuedOn: day(2026, 4, 1)},
	{Line: 3, SheetRow: 3, Email: "tanaka@example.jp", Name: "Tanaka Hanako", Narrative: "㈱明石, 研修", IssuedOn: day(2026, 4, 1)},
}

func TestParseEncodings(t *testing.T) {
	crlf := strings.ReplaceAll(cohortJA, "\n", "\r\n")
	tabs := strings.ReplaceAll(strings.ReplaceAll(cohortJA, ",", "\t"), "㈱明石\t 研修", "㈱明石, 研修")
	cr := strings.ReplaceAll(cohortJA, "\n", "\r")
	tests := []struct {
		name      string
		data      []byte
		wantEnc   string
		wantDelim rune
	}{
		{"UTF-8 LF", []byte(cohortJA), EncodingUTF8, ','},
		{"UTF-8 CRLF", []byte(crlf), EncodingUTF8, ','},
		{"UTF-8 CR (Excel for Mac)", []byte(cr), EncodingUTF8, ','},
		{"UTF-8 BOM CRLF", withBOM(crlf), EncodingUTF8BOM, ','},
		{"Shift_JIS CRLF", shiftJIS(t, crlf), EncodingShiftJIS, ','},
		{"Shift_JIS LF", shiftJIS(t, cohortJA), EncodingShiftJIS, ','},
		{"UTF-16LE tab CRLF", utf16WithBOM(t, unicode.LittleEndian, strings.ReplaceAll(tabs, "\n", "\r\n")), EncodingUTF16, '\t'},
		{"UTF-16BE tab", utf16WithBOM(t, unicode.BigEndian, tabs), EncodingUTF16, '\t'},
		{"UTF-8 tab", []byte(tabs), EncodingUTF8, '\t'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := parse(t, tt.data, testOptions())
			if res.Encoding != tt.wantEnc || res.Delimiter != tt.wantDelim {
				t.Errorf("Encoding, Delimiter = %q, %q; want %q, %q", res.Encoding, res.Delimiter, tt.wantEnc, tt.wantDelim)
			}
			if len(res.Problems) != 0 {
				t.Errorf("Problems = %v; want none", problemList(res.Problems))
			}
			if diff := cmp.Diff(cohortRows, res.Rows); diff != "" {
				t.Errorf("Rows (-want +got):\n%s", diff)
			}
			want := []string{FieldEmail, FieldName, FieldNarrative, FieldIssuedOn}
			if diff := cmp.Diff(want, res.Columns); diff != "" {
				t.Errorf("Columns (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseMultiLineAndQuoting(t *testing.T) {
	data := "email,name,narrative,evidence_url\r\n" +
		"a@example.jp,\"Yamada, Taro\",\"line one\r\nline \"\"two\"\"\r\n\r\nline four\",https://example.jp/a\r\n" +
		"\r\n" + // blank line: skipped, but Excel shows it as a row
		",,,\r\n" + // all cells empty: skipped
		" ,\u3000, , \r\n" + // blank cells: skipped
		"b@example.jp,Bob,,\r\n" +
		"c@example.jp,\"C\r\nD\",,\r\n"
	res := parse(t, []byte(data), testOptions())
	want := []Row{
		{Line: 2, SheetRow: 2, Email: "a@example.jp", Name: "Yamada, Taro",
			Narrative: "line one\nline \"two\"\n\nline four", EvidenceURL: "https://example.jp/a"},
		{Line: 9, SheetRow: 6, Email: "b@example.jp", Name: "Bob"},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("Rows (-want +got):\n%s", diff)
	}
	// A name with a line break is a problem on the line where it starts.
	wantP := []string{"10 name csv.name_control"}
	if diff := cmp.Diff(wantP, problemList(res.Problems)); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
	if res.Problems[0].SheetRow != 7 {
		t.Errorf("SheetRow of the bad row = %d; want 7", res.Problems[0].SheetRow)
	}
}

func TestParseNames(t *testing.T) {
	tests := []struct {
		cell, want string
	}{
		{"山田　太郎", "山田　太郎"},
		{"\u3000山田　太郎\u3000", "山田　太郎"},
		{"  Tanaka Hanako ", "Tanaka Hanako"},
		{"\tＴａｎａｋａ  Hanako", "Ｔａｎａｋａ  Hanako"},   // full width and double space kept
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ﾀﾛｳ"},                 // half-width katakana kept
		{"\u00a0Nbsp\u00a0", "\u00a0Nbsp\u00a0"}, // only ASCII space and U+3000 are trimmed
	}
	for _, tt := range tests {
		data := "email,name\na@example.jp,\"" + tt.cell + "\"\n"
		res := parse(t, []byte(data), testOptions())
		if len(res.Rows) != 1 || res.Rows[0].Name != tt.want {
			t.Errorf("name cell %q: rows %+v, problems %v; want Name %q", tt.cell, res.Rows, problemList(res.Problems), tt.want)
		}
	}
}

func TestParseEmails(t *testing.T) {
	tests := []struct {
		cell    string
		want    string // normalised address, or "" when a problem is wanted
		wantKey string
	}{
		{"ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ", "abc@example.jp", ""},
		{" Taro.Yamada@Example.AC.JP\u3000", "taro.yamada@example.ac.jp", ""},
		{"o'brien+badges@mail.example.jp", "o'brien+badges@mail.example.jp", ""},
		{"a@b.co", "a@b.co", ""},
		{"", "", KeyEmailMissing},
		{"\u3000", "", KeyEmailMissing},
		{"taro", "", KeyEmailInvalid},
		{"taro@@example.jp", "", KeyEmailInvalid},
		{"a@b@example.jp", "", KeyEmailInvalid},
		{"taro@localhost", "", KeyEmailInvalid},
		{"taro@example..jp", "", KeyEmailInvalid},
		{"taro@-example.jp", "", KeyEmailInvalid},
		{"taro@example.jp.", "", KeyEmailInvalid},
		{"taro@127.0.0.1", "", KeyEmailInvalid},
		{"taro..yamada@docomo.ne.jp", "", KeyEmailInvalid},
		{".taro@example.jp", "", KeyEmailInvalid},
		{"taro yamada@example.jp", "", KeyEmailInvalid},
		{"Taro <taro@example.jp>", "", KeyEmailInvalid},
		{"山田@example.jp", "", KeyEmailInvalid},
		{"taro@例え.jp", "", KeyEmailInvalid},
		{"a@example.jp; b@example.jp", "", KeyEmailInvalid},
		{strings.Repeat("a", 65) + "@example.jp", "", KeyEmailInvalid},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".jp",
			strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".jp", ""}, // 254 octets
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 59) + ".jp", "", KeyEmailTooLong}, // 255
	}
	for _, tt := range tests {
		data := "name,email\nTaro,\"" + tt.cell + "\"\n"
		res := parse(t, []byte(data), testOptions())
		if tt.wantKey == "" {
			if len(res.Rows) != 1 || res.Rows[0].Email != tt.want {
				t.Errorf("e-mail cell %q: rows %+v, problems %v; want Email %q", tt.cell, res.Rows, problemList(res.Problems), tt.want)
			}
			continue
		}
		want := []string{"2 email " + tt.wantKey}
		if diff := cmp.Diff(want, problemList(res.Problems)); diff != "" || len(res.Rows) != 0 {
			t.Errorf("e-mail cell %q: rows %+v, problems (-want +got):\n%s", tt.cell, res.Rows, diff)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		header       string
		wantColumns  []string
		wantWarnings []string
	}{
		{"email,name", []string{"email", "name"}, nil},
		{"E-Mail,Name", []string{"email", "name"}, nil},
		{"MAIL,NAME,EVIDENCE,NARRATIVE,DATE", []string{"email", "name", "evidence_url", "narrative", "issued_on"}, nil},
		{"name,e-mail,evidence_url,issue_date", []string{"name", "email", "evidence_url", "issued_on"}, nil},
		{"Ｅｍａｉｌ Address,Full Name,Issued On", []string{"email", "name", "issued_on"}, nil},
		{"メールアドレス,氏名,エビデンスURL,所見,発行日", []string{"email", "name", "evidence_url", "narrative", "issued_on"}, nil},
		{"Ｅメール,名前,証跡ＵＲＬ,説明,授与日", []string{"email", "name", "evidence_url", "narrative", "issued_on"}, nil},
		{"ﾒｰﾙ,受領者名,ｴﾋﾞﾃﾞﾝｽ,ｺﾒﾝﾄ,取得日", []string{"email", "name", "evidence_url", "narrative", "issued_on"}, nil},
		{"メールアドレス（必須）,氏名(必須),発行日(YYYY/MM/DD)", []string{"email", "name", "issued_on"}, nil},
		{"*メール,※氏名", []string{"email", "name"}, nil},
		{"メール・アドレス,氏　名", []string{"email", "name"}, nil},
		{"学籍番号,氏名,メール,備考", []string{"name", "email"},
			[]string{"1  csv.column_unknown (warning)", "1  csv.column_unknown (warning)"}},
		{"email,,name,,", []string{"email", "name"}, []string{"1  csv.column_unnamed (warning)"}},
	}
	for _, tt := range tests {
		width := len(strings.Split(tt.header, ","))
		row := make([]string, width)
		for i := range row {
			row[i] = "x"
		}
		for i, f := range strings.Split(tt.header, ",") {
			switch headerNames[headerKey(f)] {
			case FieldEmail:
				row[i] = "a@example.jp"
			case FieldEvidenceURL:
				row[i] = "https://example.jp/"
			case FieldIssuedOn:
				row[i] = "2026/4/1"
			case "":
				row[i] = ""
			}
		}
		data := tt.header + "\n" + strings.Join(row, ",") + "\n"
		res := parse(t, []byte(data), testOptions())
		if diff := cmp.Diff(tt.wantColumns, res.Columns); diff != "" {
			t.Errorf("header %q: Columns (-want +got):\n%s", tt.header, diff)
		}
		if diff := cmp.Diff(tt.wantWarnings, problemList(res.Problems), cmpEmpty); diff != "" {
			t.Errorf("header %q: Problems (-want +got):\n%s", tt.header, diff)
		}
		if len(res.Rows) != 1 {
			t.Errorf("header %q: %d rows; want 1", tt.header, len(res.Rows))
		}
	}
}

var cmpEmpty = cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

func TestParseUnknownColumnWarningOnce(t *testing.T) {
	data := "\n\n学籍番号,email,name\n1,a@example.jp,A\n2,b@example.jp,B\n"
	res := parse(t, []byte(data), testOptions())
	want := []string{"3  csv.column_unknown (warning)"}
	if diff := cmp.Diff(want, problemList(res.Problems)); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
	if got := res.Problems[0].Message; got != "The column “学籍番号” is not used and will be ignored." {
		t.Errorf("Message = %q", got)
	}
	if !res.OK() || len(res.Rows) != 2 || res.Rows[0].Line != 4 {
		t.Errorf("OK() = %v, rows %+v; want OK with 2 rows from line 4", res.OK(), res.Rows)
	}
}

// TestParseProblems puts every kind of row problem in one file and checks
// each is reported on its own line, all of them, with the good rows kept.
func TestParseProblems(t *testing.T) {
	long := func(n int) string { return strings.Repeat("あ", n) }
	lines := []string{
		"email,name,evidence_url,narrative,issued_on",                    // 1
		"good1@example.jp,Good One,https://example.jp/e/1,fine,2026/4/1", // 2
		",No Mail,,,",                                  // 3
		"not-an-address,Bad Mail,,,",                   // 4
		"nameless@example.jp,,,,",                      // 5
		"long@example.jp," + long(201) + ",,,",         // 6
		"ok200@example.jp," + long(200) + ",,,",        // 7 (good: exactly the limit)
		"tab@example.jp,\"A\tB\",,,",                   // 8
		"url@example.jp,URL,ftp://example.jp/x,,",      // 9
		"url2@example.jp,URL2,example.jp/x,,",          // 10
		"date@example.jp,Date,,,2026/13/1",             // 11
		"future@example.jp,Future,,,2026/6/2",          // 12
		"old@example.jp,Old,,,1999/12/31",              // 13
		"few@example.jp,Few",                           // 14
		"many@example.jp,Many,,,,extra",                // 15
		"narr@example.jp,Narr,," + long(10001) + ",",   // 16
		"narr2@example.jp,Narr2,," + long(10000) + ",", // 17 (good)
		"GOOD1@EXAMPLE.JP,Again,,,",                    // 18 duplicate of 2
		"bare@example.jp,Ba\"re,,,",                    // 19
		"two@example.jp,Two,,,",                        // 20
		"bad@,,javascript:alert(1),,tomorrow",          // 21: several problems in one row
		"trail@example.jp,Trailing empties,,,,,,",      // 22 (good: extra cells are empty)
		"today@example.jp,Today,,,2026-06-01",          // 23 (good)
	}
	data := strings.Join(lines, "\r\n") + "\r\n"
	res := parse(t, []byte(data), testOptions())
	want := []string{
		"3 email csv.email_missing",
		"4 email csv.email_invalid",
		"5 name csv.name_missing",
		"6 name csv.name_too_long",
		"8 name csv.name_control",
		"9 evidence_url csv.url_invalid",
		"10 evidence_url csv.url_invalid",
		"11 issued_on csv.date_invalid",
		"12 issued_on csv.date_future",
		"13 issued_on csv.date_too_early",
		"14  csv.cells_too_few",
		"15  csv.cells_too_many",
		"16 narrative csv.narrative_too_long",
		"18 email csv.email_duplicate",
		"19  csv.quote_bare",
		"21 email csv.email_invalid",
		"21 name csv.name_missing",
		"21 evidence_url csv.url_invalid",
		"21 issued_on csv.date_invalid",
	}
	if diff := cmp.Diff(want, problemList(res.Problems)); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
	var goodLines []int
	for _, r := range res.Rows {
		goodLines = append(goodLines, r.Line)
	}
	if diff := cmp.Diff([]int{2, 7, 17, 20, 22, 23}, goodLines); diff != "" {
		t.Errorf("lines of good rows (-want +got):\n%s", diff)
	}
	if res.OK() {
		t.Error("OK() = true with problems")
	}
	messages := map[string]string{}
	for _, p := range res.Problems {
		messages[p.Key] = p.Message
	}
	for key, want := range map[string]string{
		KeyEmailDuplicate:   "This e-mail address already appears on line 2.",
		KeyEmailInvalid:     "“bad@” is not a valid e-mail address.",
		KeyNameTooLong:      "The name is longer than 200 characters.",
		KeyCellsTooFew:      "This row has 2 cells but the header row has 5.",
		KeyCellsTooMany:     "This row has 6 cells but the header row has 5.",
		KeyDateFuture:       "The date 2026/6/2 is in the future.",
		KeyDateTooEarly:     "The date 1999/12/31 is before 2000-01-01.",
		KeyURLInvalid:       "“javascript:alert(1)” is not a valid evidence URL. It must start with http:// or https://.",
		KeyNarrativeTooLong: "The narrative is longer than 10000 characters.",
	} {
		if messages[key] != want {
			t.Errorf("Message for %s = %q; want %q", key, messages[key], want)
		}
	}
}

func TestParseDuplicates(t *testing.T) {
	data := "email,name\n" +
		"a@example.jp,A\n" + // 2
		"b@example.jp,B\n" + // 3
		"Ａ@example.jp,A again\n" + // 4: full-width, still the same address
		"B@EXAMPLE.JP,B again\n" + // 5
		" a@example.jp ,A third time\n" // 6
	res := parse(t, []byte(data), testOptions())
	want := []struct {
		line, first int
	}{{4, 2}, {5, 3}, {6, 2}}
	if len(res.Problems) != len(want) {
		t.Fatalf("Problems = %v; want %d duplicates", problemList(res.Problems), len(want))
	}
	for i, w := range want {
		p := res.Problems[i]
		wantArgs := []any{"line", strconv.Itoa(w.first)}
		if p.Line != w.line || p.Key != KeyEmailDuplicate || !cmp.Equal(p.Args, wantArgs) {
			t.Errorf("problem %d = %+v; want line %d duplicate of line %d", i, p, w.line, w.first)
		}
	}
	if len(res.Rows) != 2 {
		t.Errorf("%d rows; want the 2 first occurrences", len(res.Rows))
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		cell string
		want time.Time // zero: not a date
	}{
		{"2026-04-01", day(2026, 4, 1)},
		{"2026-4-1", day(2026, 4, 1)},
		{"2026/04/01", day(2026, 4, 1)},
		{"2026/4/1", day(2026, 4, 1)},
		{"2026.4.1", day(2026, 4, 1)},
		{"20260401", day(2026, 4, 1)},
		{"2026年4月1日", day(2026, 4, 1)},
		{"2026年 4月 1日", day(2026, 4, 1)},
		{"２０２６年４月１日", day(2026, 4, 1)},
		{"２０２６／４／１", day(2026, 4, 1)},
		{"2026/4/1 0:00", day(2026, 4, 1)},
		{"2026/04/01 09:30:00", day(2026, 4, 1)},
		{"令和8年4月1日", day(2026, 4, 1)},
		{"令和元年5月1日", day(2019, 5, 1)},
		{"令和1年5月1日", day(2019, 5, 1)},
		{"平成31年4月30日", day(2019, 4, 30)},
		{"平成12年1月1日", day(2000, 1, 1)},
		{"2024/2/29", day(2024, 2, 29)},
		{"2025/2/29", time.Time{}},
		{"2026/2/30", time.Time{}},
		{"2026/0/1", time.Time{}},
		{"2026/4/0", time.Time{}},
		{"26/4/1", time.Time{}},
		{"4/1/2026", time.Time{}},
		{"2026/4/1 noon", time.Time{}},
		{"2026-04", time.Time{}},
		{"2026年4月", time.Time{}},
		{"46113", time.Time{}}, // an Excel serial number
		{"令和元年4月30日", time.Time{}},
		{"平成31年5月1日", time.Time{}},
		{"平成元年1月8日", day(1989, 1, 8)},
		{"昭和50年1月1日", time.Time{}},
		{"2026-04-01T00:00:00Z", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.cell, jst)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.cell, got, ok, tt.want)
		}
		if ok && got.Location() != jst {
			t.Errorf("parseDate(%q) in %v; want JST", tt.cell, got.Location())
		}
	}
}

// TestParseDateToday checks that "today" is the day in Options.Location: at
// 00:30 on 1 June in Japan it is still 31 May in UTC.
func TestParseDateToday(t *testing.T) {
	data := []byte("email,name,issued_on\na@example.jp,A,2026/6/1\n")
	now := time.Date(2026, 6, 1, 0, 30, 0, 0, jst)
	res := parse(t, data, Options{Now: now})
	if len(res.Rows) != 1 || !res.Rows[0].IssuedOn.Equal(day(2026, 6, 1)) {
		t.Errorf("JST: rows %+v, problems %v; want one row issued 2026-06-01 JST", res.Rows, problemList(res.Problems))
	}
	res = parse(t, data, Options{Now: now, Location: time.UTC})
	if diff := cmp.Diff([]string{"2 issued_on csv.date_future"}, problemList(res.Problems)); diff != "" {
		t.Errorf("UTC: Problems (-want +got):\n%s", diff)
	}
	// West of Greenwich, "today" is still the day it is there.
	hawaii := time.FixedZone("HST", -10*60*60)
	res = parse(t, []byte("email,name,issued_on\na@example.jp,A,2026/5/31\n"), Options{Now: now, Location: hawaii})
	if len(res.Rows) != 1 || !res.Rows[0].IssuedOn.Equal(time.Date(2026, 5, 31, 0, 0, 0, 0, hawaii)) {
		t.Errorf("HST: rows %+v, problems %v; want one row issued 2026-05-31 HST", res.Rows, problemList(res.Problems))
	}
}

func TestResultOKWithWarningsOnly(t *testing.T) {
	res := &Result{Problems: []Problem{{Line: 1, Key: KeyColumnUnknown, Warning: true}}}
	if !res.OK() {
		t.Error("OK() = false with only a warning")
	}
	res.Problems = append(res.Problems, Problem{Line: 2, Key: KeyNameMissing})
	if res.OK() {
		t.Error("OK() = true with an error")
	}
}
