// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Encodings reported in [Result.Encoding].
const (
	EncodingUTF8     = "utf-8"
	EncodingUTF8BOM  = "utf-8-bom"
	EncodingShiftJIS = "shift_jis"
	EncodingUTF16    = "utf-16"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}

	// Workbooks uploaded by mistake: .xlsx/.ods are ZIP archives, .xls is an
	// OLE2 compound file.
	magicZIP  = []byte("PK\x03\x04")
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// readLimited reads all of r, failing with [ErrTooLarge] past max bytes.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	var buf bytes.Buffer
	// Uploads (multipart.File, bytes.Reader, strings.Reader) know their
	// size; reading into a buffer of that size saves the copies of growing.
	switch s := r.(type) {
	case interface{ Size() int64 }:
		buf.Grow(int(min(s.Size(), max) + 1))
	case interface{ Len() int }:
		buf.Grow(int(min(int64(s.Len()), max) + 1))
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, fmt.Errorf("awardcsv: reading the upload: %w", err)
	}
	if int64(buf.Len()) > max {
		return nil, fileError(ErrTooLarge, 0, KeyFileTooLarge, "max", sizeText(max))
	}
	return buf.Bytes(), nil
}

// decode detects the encoding of data and returns it as UTF-8 text with
// every line ending turned into "\n" (see [normalizeNewlines]).
func decode(data []byte) (string, string, error) {
	if bytes.HasPrefix(data, magicZIP) || bytes.HasPrefix(data, magicOLE2) {
		return "", "", fileError(ErrNotCSV, 0, KeyFileWorkbook)
	}
	var text, enc string
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		body := data[len(bomUTF8):]
		if !utf8.Valid(body) {
			return "", "", encodingError("UTF-8", string(body[:firstInvalidUTF8(body)]))
		}
		text, enc = string(body), EncodingUTF8BOM
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		t, err := decodeUTF16(data)
		if err != nil {
			return "", "", err
		}
		text, enc = t, EncodingUTF16
	case utf8.Valid(data):
		text, enc = string(data), EncodingUTF8
	default:
		t, err := decodeShiftJIS(data)
		if err != nil {
			return "", "", err
		}
		text, enc = t, EncodingShiftJIS
	}
	// Text never contains NUL; images, PDFs and BOM-less UTF-16 do.
	if strings.IndexByte(text, 0) >= 0 {
		return "", "", fileError(ErrNotCSV, 0, KeyFileBinary)
	}
	return normalizeNewlines(text), enc, nil
}

// decodeShiftJIS decodes Windows-31J (x/text's ShiftJIS includes the NEC and
// IBM extensions Excel writes, such as ① and ㈱). Shift_JIS cannot encode
// U+FFFD, so any U+FFFD in the output marks bytes that were not valid.
func decodeShiftJIS(data []byte) (string, error) {
	out, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
	if err != nil {
		return "", encodingError("Shift_JIS", "")
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return "", encodingError("Shift_JIS", string(out[:i]))
	}
	return string(out), nil
}

// decodeUTF16 decodes UTF-16 with a byte order mark, as Excel writes it for
// "Unicode text". An unpaired surrogate or an odd trailing byte is an
// encoding error (the decoder would silently turn it into U+FFFD).
func decodeUTF16(data []byte) (string, error) {
	order := unicode.LittleEndian
	if bytes.HasPrefix(data, bomUTF16BE) {
		order = unicode.BigEndian
	}
	body := data[2:]
	dec := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	if bad := firstInvalidUTF16(body, order); bad >= 0 {
		before, _ := dec.Bytes(body[:bad])
		return "", encodingError("UTF-16", string(before))
	}
	out, err := dec.Bytes(body)
	if err != nil {
		return "", encodingError("UTF-16", "")
	}
	return string(out), nil
}

// firstInvalidUTF16 returns the offset of the first code unit that is not
// part of a valid character, or -1.
func firstInvalidUTF16(body []byte, order unicode.Endianness) int {
	for i := 0; i < len(body); i += 2 {
		if i+1 >= len(body) {
			return i
		}
		u := unit(body[i:], order)
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+3 >= len(body) {
				return i
			}
			if v := unit(body[i+2:], order); v < 0xDC00 || v >= 0xE000 {
				return i
			}
			i += 2
		case u >= 0xDC00 && u < 0xE000:
			return i
		}
	}
	return -1
}

func unit(b []byte, order unicode.Endianness) uint16 {
	if order == unicode.LittleEndian {
		return uint16(b[0]) | uint16(b[1])<<8
	}
	return uint16(b[0])<<8 | uint16(b[1])
}

// encodingError reports bad bytes in the named encoding; before is the text
// decoded before the first bad byte, used to name its line.
func encodingError(name, before string) *FileError {
	line := strings.Count(before, "\n") + 1
	return fileError(ErrEncoding, line, KeyFileEncoding, "encoding", name, "line", line)
}

// firstInvalidUTF8 returns the offset of the first invalid byte, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// normalizeNewlines turns a lone "\r" (old Mac line ends, "CSV (Macintosh)"
// from Excel) into "\n" so encoding/csv, which only knows "\n" and "\r\n",
// counts the same lines a text editor shows. "\r\n" is left for encoding/csv.
func normalizeNewlines(s string) string {
	if !hasLoneCR(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' && (i+1 == len(s) || s[i+1] != '\n') {
			c = '\n'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hasLoneCR(s string) bool {
	for {
		i := strings.IndexByte(s, '\r')
		if i < 0 {
			return false
		}
		if i+1 == len(s) || s[i+1] != '\n' {
			return true
		}
		s = s[i+2:]
	}
}
