// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Sentinel errors. Every file-level failure of [Parse] is a [*FileError]
// that unwraps to exactly one of these, so callers can test with
// errors.Is and still show the precise message key.
var (
	// ErrTooLarge: the upload is bigger than [Options.MaxBytes].
	ErrTooLarge = errors.New("awardcsv: file too large")
	// ErrNotCSV: the upload is binary data or a spreadsheet workbook.
	ErrNotCSV = errors.New("awardcsv: not a CSV file")
	// ErrEncoding: the bytes are not valid text in the detected encoding.
	ErrEncoding = errors.New("awardcsv: unreadable character encoding")
	// ErrEmpty: the file has no header or no data rows.
	ErrEmpty = errors.New("awardcsv: no recipients")
	// ErrHeader: the header row is missing, incomplete, ambiguous or unreadable.
	ErrHeader = errors.New("awardcsv: bad header row")
	// ErrTooManyRows: more data rows than [Options.MaxRows].
	ErrTooManyRows = errors.New("awardcsv: too many rows")
)

// Message keys, meant to be keys of the application's i18n catalogs too; the
// English text here is what [Problem.Message] and [FileError.Message] carry.
// Placeholders are {name}, filled from the Args of the problem or error.
const (
	KeyFileTooLarge     = "csv.file_too_large"
	KeyFileEmpty        = "csv.file_empty"
	KeyFileBinary       = "csv.file_binary"
	KeyFileWorkbook     = "csv.file_workbook"
	KeyFileEncoding     = "csv.file_encoding"
	KeyNoRows           = "csv.no_rows"
	KeyTooManyRows      = "csv.too_many_rows"
	KeyHeaderMissing    = "csv.header_missing"
	KeyHeaderNoColumns  = "csv.header_no_columns"
	KeyHeaderNoEmail    = "csv.header_no_email"
	KeyHeaderNoName     = "csv.header_no_name"
	KeyHeaderDuplicate  = "csv.header_duplicate"
	KeyColumnUnknown    = "csv.column_unknown"
	KeyColumnUnnamed    = "csv.column_unnamed"
	KeyQuoteBare        = "csv.quote_bare"
	KeyQuoteInvalid     = "csv.quote_invalid"
	KeyCellsTooFew      = "csv.cells_too_few"
	KeyCellsTooMany     = "csv.cells_too_many"
	KeyEmailMissing     = "csv.email_missing"
	KeyEmailInvalid     = "csv.email_invalid"
	KeyEmailTooLong     = "csv.email_too_long"
	KeyEmailDuplicate   = "csv.email_duplicate"
	KeyNameMissing      = "csv.name_missing"
	KeyNameTooLong      = "csv.name_too_long"
	KeyNameControl      = "csv.name_control"
	KeyURLInvalid       = "csv.url_invalid"
	KeyURLTooLong       = "csv.url_too_long"
	KeyNarrativeTooLong = "csv.narrative_too_long"
	KeyDateInvalid      = "csv.date_invalid"
	KeyDateFuture       = "csv.date_future"
	KeyDateTooEarly     = "csv.date_too_early"
)

// english holds the English text of every key.
var english = map[string]string{
	KeyFileTooLarge:     "The file is too large. The limit is {max}.",
	KeyFileEmpty:        "The file is empty.",
	KeyFileBinary:       "The file is not a CSV file: it contains binary data.",
	KeyFileWorkbook:     "This is a spreadsheet workbook, not a CSV file. In Excel, use “Save As” with the type “CSV UTF-8 (comma delimited)” and upload that file.",
	KeyFileEncoding:     "The file could not be read as {encoding}: line {line} contains bytes that are not valid text. Save it as “CSV UTF-8 (comma delimited)” and upload it again.",
	KeyNoRows:           "The file has a header row but no recipients.",
	KeyTooManyRows:      "The file has more than {max} recipients. Split it into several files.",
	KeyHeaderMissing:    "The first row must be a header row naming the columns (for example “email,name”), but it looks like data.",
	KeyHeaderNoColumns:  "The header row must have an e-mail column and a name column (for example “email,name” or “メールアドレス,氏名”).",
	KeyHeaderNoEmail:    "The header row has no e-mail column (for example “email” or “メールアドレス”).",
	KeyHeaderNoName:     "The header row has no name column (for example “name” or “氏名”).",
	KeyHeaderDuplicate:  "The column “{column}” appears more than once in the header row.",
	KeyColumnUnknown:    "The column “{column}” is not used and will be ignored.",
	KeyColumnUnnamed:    "Column {index} has no name in the header row and will be ignored.",
	KeyQuoteBare:        "A double quote (\") appears inside a cell that does not start with one. Put the whole cell in double quotes and write the quote twice (\"\").",
	KeyQuoteInvalid:     "A quoted cell is not closed properly. Inside a quoted cell, write a double quote twice (\"\").",
	KeyCellsTooFew:      "This row has {count} cells but the header row has {expected}.",
	KeyCellsTooMany:     "This row has {count} cells but the header row has {expected}.",
	KeyEmailMissing:     "The e-mail address is missing.",
	KeyEmailInvalid:     "“{value}” is not a valid e-mail address.",
	KeyEmailTooLong:     "The e-mail address is longer than {max} characters.",
	KeyEmailDuplicate:   "This e-mail address already appears on line {line}.",
	KeyNameMissing:      "The name is missing.",
	KeyNameTooLong:      "The name is longer than {max} characters.",
	KeyNameControl:      "The name contains a line break, a tab or another control character.",
	KeyURLInvalid:       "“{value}” is not a valid evidence URL. It must start with http:// or https://.",
	KeyURLTooLong:       "The evidence URL is longer than {max} characters.",
	KeyNarrativeTooLong: "The narrative is longer than {max} characters.",
	KeyDateInvalid:      "“{value}” is not a date. Write it like 2026/4/1, 2026-04-01 or 2026年4月1日.",
	KeyDateFuture:       "The date {value} is in the future.",
	KeyDateTooEarly:     "The date {value} is before {min}.",
}

// Keys returns every message key this package can produce, sorted, so the
// i18n catalog tests can check each one is translated.
func Keys() []string {
	keys := make([]string, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Problem is one thing wrong with a row (or, for a warning about the header,
// with the header row). Key and Args are for the translated message:
// catalog.T(lang, p.Key, p.Args...).
type Problem struct {
	Line     int    `json:"line"`      // physical line where the row starts (1-based)
	SheetRow int    `json:"sheet_row"` // the row number a spreadsheet shows; see [Row.SheetRow]
	Field    string `json:"field"`     // "email", "name", "evidence_url", "narrative", "issued_on", or "" for the whole row
	Key      string `json:"key"`       // i18n message key, e.g. "csv.email_invalid"
	Message  string `json:"message"`   // the English message with Args filled in
	Args     []any  `json:"args"`      // placeholder names and values, alternating: "line", 3
	Warning  bool   `json:"warning"`   // true when the row or file can still be used as it is
}

// FileError reports a file that cannot be used at all. It unwraps to one of
// the Err sentinels ([ErrTooLarge], [ErrNotCSV], ...).
type FileError struct {
	Err     error  // the sentinel
	Line    int    // the line concerned, or 0
	Key     string // i18n message key, e.g. "csv.file_encoding"
	Message string // the English message with Args filled in
	Args    []any  // placeholder names and values, alternating
}

// Error returns "awardcsv: line N: message" (without the line when it is 0).
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("awardcsv: line %d: %s", e.Line, e.Message)
	}
	return "awardcsv: " + e.Message
}

// Unwrap returns the sentinel.
func (e *FileError) Unwrap() error { return e.Err }

func fileError(sentinel error, line int, key string, args ...any) *FileError {
	return &FileError{Err: sentinel, Line: line, Key: key, Message: render(key, args), Args: args}
}

// render fills the {name} placeholders of the English text of key.
func render(key string, args []any) string {
	msg, ok := english[key]
	if !ok {
		panic("awardcsv: no message for key " + key)
	}
	for i := 0; i+1 < len(args); i += 2 {
		msg = strings.ReplaceAll(msg, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return msg
}

// shown shortens a cell value for quoting in a message to 80 characters.
func shown(s string) string {
	const max = 80
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// sizeText writes a byte count the way people read limits: "32 MiB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
