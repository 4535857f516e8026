// SPDX-License-Identifier: Apache-2.0

// Package awardcsv reads the CSV files issuers upload to award a badge to a
// whole cohort, and writes CSV files that Excel opens correctly.
//
// # The upload format
//
// One header row, then one row per recipient. Columns may come in any
// order; the header names are matched without regard to case, full-width
// or half-width forms, spaces, "_", "-", a "*" or "※" mark, or a trailing
// note in parentheses ("氏名（必須）"):
//
//	field         required  header names
//	email         yes       email, e-mail, mail, email address, メールアドレス, メール, Eメール, 電子メール
//	name          yes       name, full name, recipient name, 氏名, 名前, お名前, 受領者名, 受講者名
//	evidence_url  no        evidence, evidence_url, エビデンス, エビデンスURL, 証跡, 証跡URL
//	narrative     no        narrative, 所見, 説明, コメント
//	issued_on     no        issued_on, issue_date, date_issued, date, 発行日, 授与日, 取得日
//
// Other columns are ignored with a warning (so "備考", where offices keep
// internal remarks, is never published on a badge).
//
// The file may be UTF-8 with or without a byte order mark, Shift_JIS
// (Windows-31J, what Excel writes for "CSV (comma delimited)" on a Japanese
// Windows), or UTF-16 with a byte order mark (Excel's "Unicode text"). The
// delimiter is a comma or, when the header row has more tabs than commas, a
// tab. Quoting follows RFC 4180: a quoted cell may hold commas, quotes
// written twice and line breaks. Lines may end in CRLF, LF or CR.
//
// Cells are read as follows:
//
//   - email: NFKC-normalised (full-width "ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ" becomes
//     ASCII), trimmed and lower-cased, then checked as RFC 5321 requires
//     (see [MaxEmailOctets]). An address repeated in the file is a problem on
//     every later row.
//   - name: kept exactly as written, except that ASCII white space and the
//     ideographic space U+3000 are trimmed from both ends ("山田　太郎" keeps
//     its inner space). At most [MaxNameChars] characters, no control or
//     bidirectional control characters.
//   - evidence_url: an absolute http or https URL, at most [MaxURLChars].
//   - narrative: free text, line breaks allowed, at most [MaxNarrativeChars].
//   - issued_on: a date such as 2026/4/1, 2026-04-01, 2026年4月1日 or
//     令和8年4月1日 (see [Options.Location]); not before 2000 and not after
//     the day of [Options.Now].
//
// Blank lines and rows whose cells are all blank are skipped. A row with
// fewer cells than the header row, or with non-blank cells beyond it, is a
// problem; blank cells beyond it (Excel's trailing commas) are not.
//
// # Problems and errors
//
// [Parse] reports everything wrong with the rows at once, as [Problem]
// values naming the line, the field and an i18n message key, so a preview
// can list every bad row before anything is issued. Good rows are returned
// even when others are bad; a caller that issues only when [Result.OK]
// never issues half a file by surprise. A file that cannot be used at all
// (too large, binary, unreadable encoding, no usable header, no rows, too
// many rows) is a [*FileError] instead.
//
// # Line numbers
//
// [Row.Line] and [Problem.Line] are physical line numbers, the header being
// line 1 when the file starts with it; a row spanning several lines (a
// quoted narrative with line breaks) has the line where it starts. Because
// a spreadsheet shows such a row as one row, [Row.SheetRow] gives the row
// number Excel shows as well; the two differ only after a multi-line row.
//
// # Writing
//
// [NewExcelWriter] writes CSV that Excel opens as UTF-8 (with a byte order
// mark, CRLF line ends), neutralising cells that Excel would run as
// formulas. [Template] is the downloadable example file.
package awardcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Defaults for [Options].
const (
	DefaultMaxRows  = 50000
	DefaultMaxBytes = 32 << 20
)

// jst is Japan Standard Time. Japan has no daylight saving time, so a fixed
// zone is exact and needs no time zone database.
var jst = time.FixedZone("JST", 9*60*60)

// Options limits and dates a [Parse]. The zero value is ready to use.
type Options struct {
	MaxRows  int       // data rows allowed; 0 means [DefaultMaxRows]
	MaxBytes int64     // file size allowed; 0 means [DefaultMaxBytes]
	Now      time.Time // "today" for the future-date check; zero means time.Now()
	// Location is the time zone the issue dates are written in and "today"
	// is taken in; nil means Japan Standard Time (UTC+9).
	Location *time.Location
}

func (o Options) withDefaults() Options {
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Location == nil {
		o.Location = jst
	}
	return o
}

// Row is one recipient read from the file.
type Row struct {
	Line        int       // physical line where the row starts, 1-based, header included
	SheetRow    int       // the row number a spreadsheet shows; differs from Line after a multi-line row
	Email       string    // normalised: NFKC, trimmed, lower case
	Name        string    // as written, trimmed of ASCII white space and U+3000 at both ends
	EvidenceURL string    // "" when absent
	Narrative   string    // "" when absent; may hold "\n"
	IssuedOn    time.Time // midnight in [Options.Location]; zero when absent
}

// Result is what [Parse] read from a file.
type Result struct {
	Rows      []Row     // the rows without problems, in file order
	Problems  []Problem // every problem, in line order; header warnings first
	Encoding  string    // EncodingUTF8, EncodingUTF8BOM, EncodingShiftJIS or EncodingUTF16
	Delimiter rune      // ',' or '\t'
	Columns   []string  // the fields found in the header, in file order
}

// OK reports whether the file has no problems other than warnings, i.e.
// every data row is in Rows.
func (r *Result) OK() bool {
	for _, p := range r.Problems {
		if !p.Warning {
			return false
		}
	}
	return true
}

// Parse reads an award CSV file from r.
//
// Problems with rows are reported in [Result.Problems], all of them, and
// never as an error. Parse returns a [*FileError] (unwrapping to
// [ErrTooLarge], [ErrNotCSV], [ErrEncoding], [ErrEmpty], [ErrHeader] or
// [ErrTooManyRows]) for a file that cannot be used at all, and another
// error only when reading r fails.
func Parse(r io.Reader, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fileError(ErrEmpty, 0, KeyFileEmpty)
	}
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	p := newParser(text, opt)
	res := &Result{Encoding: enc, Delimiter: p.cr.Comma}
	if err := p.readHeader(res); err != nil {
		return nil, err
	}
	if err := p.readRows(res, strings.Count(text, "\n")); err != nil {
		return nil, err
	}
	return res, nil
}

// parser holds the state of one [Parse].
type parser struct {
	cr    *csv.Reader
	opt   Options
	today time.Time
	hdr   *header
	extra int            // line breaks inside the records read so far
	first map[string]int // e-mail address -> line of its first row
}

func newParser(text string, opt Options) *parser {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1 // cell counts are checked per row, as problems
	cr.ReuseRecord = true
	now := opt.Now.In(opt.Location)
	return &parser{
		cr:    cr,
		opt:   opt,
		today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, opt.Location),
		first: make(map[string]int),
	}
}

// detectDelimiter picks tab over comma when the first non-blank line has
// more tabs than commas outside quotes: Excel's "Unicode text" and files
// pasted from a spreadsheet are tab-separated.
func detectDelimiter(text string) rune {
	text = strings.TrimLeft(text, "\n\r")
	commas, tabs, quoted := 0, 0, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			i = len(text)
		case c == ',':
			commas++
		case c == '\t':
			tabs++
		}
	}
	if tabs > commas {
		return '\t'
	}
	return ','
}

// record is one CSV record with where it sits in the file.
type record struct {
	cells    []string
	line     int
	sheetRow int
	err      *csv.ParseError // set when the record is malformed; cells is nil
}

// next returns the next record that has a non-blank cell, or io.EOF.
func (p *parser) next() (record, error) {
	for {
		cells, err := p.cr.Read()
		var perr *csv.ParseError
		switch {
		case err == io.EOF:
			return record{}, io.EOF
		case errors.As(err, &perr):
			rec := record{line: perr.StartLine, sheetRow: perr.StartLine - p.extra, err: perr}
			p.extra += perr.Line - perr.StartLine
			return rec, nil
		case err != nil:
			return record{}, fmt.Errorf("awardcsv: %w", err) // not reached: reading a string
		}
		line, _ := p.cr.FieldPos(0)
		last, _ := p.cr.FieldPos(len(cells) - 1)
		end := last + strings.Count(cells[len(cells)-1], "\n")
		rec := record{cells: cells, line: line, sheetRow: line - p.extra}
		p.extra += end - line
		if !allBlank(cells) {
			return rec, nil
		}
	}
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

func (p *parser) readHeader(res *Result) error {
	rec, err := p.next()
	if err == io.EOF {
		return fileError(ErrEmpty, 0, KeyFileEmpty)
	}
	if err != nil {
		return err
	}
	if rec.err != nil {
		return fileError(ErrHeader, rec.line, quoteKey(rec.err))
	}
	h, warnings, err := parseHeader(rec.cells, rec.line, rec.sheetRow)
	if err != nil {
		return err
	}
	p.hdr = h
	res.Columns = h.columns
	res.Problems = append(res.Problems, warnings...)
	return nil
}

func (p *parser) readRows(res *Result, lines int) error {
	res.Rows = make([]Row, 0, min(lines, p.opt.MaxRows))
	n := 0
	for {
		rec, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if n++; n > p.opt.MaxRows {
			return fileError(ErrTooManyRows, rec.line, KeyTooManyRows, "max", strconv.Itoa(p.opt.MaxRows))
		}
		row, problems := p.row(rec)
		if problems == nil {
			res.Rows = append(res.Rows, row)
		}
		res.Problems = append(res.Problems, problems...)
	}
	if n == 0 {
		return fileError(ErrEmpty, 0, KeyNoRows)
	}
	return nil
}

func quoteKey(err *csv.ParseError) string {
	if errors.Is(err, csv.ErrBareQuote) {
		return KeyQuoteBare
	}
	return KeyQuoteInvalid
}

// rowChecker gathers the problems of one row.
type rowChecker struct {
	rec      record
	problems []Problem
}

func (c *rowChecker) add(field, key string, args ...any) {
	c.problems = append(c.problems, Problem{
		Line: c.rec.line, SheetRow: c.rec.sheetRow, Field: field,
		Key: key, Message: render(key, args), Args: args,
	})
}

// row reads one record; problems is nil when the row is good.
func (p *parser) row(rec record) (Row, []Problem) {
	c := &rowChecker{rec: rec}
	if rec.err != nil {
		c.add("", quoteKey(rec.err))
		return Row{}, c.problems
	}
	width := len(p.hdr.fields)
	switch n := len(rec.cells); {
	case n < width:
		c.add("", KeyCellsTooFew, "count", strconv.Itoa(n), "expected", strconv.Itoa(width))
	case n > width && !allBlank(rec.cells[width:]):
		c.add("", KeyCellsTooMany, "count", strconv.Itoa(n), "expected", strconv.Itoa(width))
	}
	row := Row{Line: rec.line, SheetRow: rec.sheetRow}
	for i, f := range p.hdr.fields {
		if i >= len(rec.cells) {
			// Reported above as too few cells, not again as a missing
			// e-mail address or name: the cells may be shifted.
			break
		}
		p.cell(c, &row, f, rec.cells[i])
	}
	return row, c.problems
}

// cell checks one cell and stores it in row.
func (p *parser) cell(c *rowChecker, row *Row, field, v string) {
	switch field {
	case FieldEmail:
		p.email(c, row, v)
	case FieldName:
		row.Name = trimName(v)
		switch key := checkName(row.Name); key {
		case "":
		case KeyNameTooLong:
			c.add(field, key, "max", strconv.Itoa(MaxNameChars))
		default:
			c.add(field, key)
		}
	case FieldEvidenceURL:
		row.EvidenceURL = strings.TrimFunc(v, unicode.IsSpace)
		if row.EvidenceURL == "" {
			return
		}
		switch key := checkURL(row.EvidenceURL); key {
		case "":
		case KeyURLTooLong:
			c.add(field, key, "max", strconv.Itoa(MaxURLChars))
		default:
			c.add(field, key, "value", shown(row.EvidenceURL))
		}
	case FieldNarrative:
		row.Narrative = strings.TrimFunc(v, unicode.IsSpace)
		if len(row.Narrative) > MaxNarrativeChars && utf8.RuneCountInString(row.Narrative) > MaxNarrativeChars {
			c.add(field, KeyNarrativeTooLong, "max", strconv.Itoa(MaxNarrativeChars))
		}
	case FieldIssuedOn:
		p.date(c, row, strings.TrimFunc(v, unicode.IsSpace))
	}
}

func (p *parser) email(c *rowChecker, row *Row, v string) {
	email, key := normalizeEmail(v)
	row.Email = email
	switch key {
	case "":
	case KeyEmailInvalid:
		c.add(FieldEmail, key, "value", shown(strings.TrimSpace(v)))
		return
	case KeyEmailTooLong:
		c.add(FieldEmail, key, "max", strconv.Itoa(MaxEmailOctets))
		return
	default:
		c.add(FieldEmail, key)
		return
	}
	if first, dup := p.first[email]; dup {
		c.add(FieldEmail, KeyEmailDuplicate, "line", strconv.Itoa(first))
		return
	}
	p.first[email] = c.rec.line
}

func (p *parser) date(c *rowChecker, row *Row, v string) {
	if v == "" {
		return
	}
	t, ok := parseDate(v, p.opt.Location)
	switch {
	case !ok:
		c.add(FieldIssuedOn, KeyDateInvalid, "value", shown(v))
	case t.Year() < minIssuedYear:
		c.add(FieldIssuedOn, KeyDateTooEarly, "value", shown(v), "min", strconv.Itoa(minIssuedYear)+"-01-01")
	case t.After(p.today):
		c.add(FieldIssuedOn, KeyDateFuture, "value", shown(v))
	default:
		row.IssuedOn = t
	}
}
