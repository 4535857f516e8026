// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
)

// Limits of [Open].
const (
	// MaxSize is the largest PDF Open reads, in bytes.
	MaxSize = 8 << 20
	// MaxAttachments is the most attachments Open accepts: the four
	// credential forms and the transparency-log receipt.
	MaxAttachments = 5
	// MaxAttachmentSize bounds one attachment once inflated, in bytes.
	MaxAttachmentSize = 2 << 20
	// maxName bounds an attachment's name as written (escaped UTF-16).
	maxName = 512
	// maxDict bounds an embedded file's stream dictionary.
	maxDict = 512
)

// Errors of [Open].
var (
	// ErrTooLarge reports a PDF or an attachment over the limits.
	ErrTooLarge = errors.New("pdfbadge: too large")
	// ErrMalformed reports attachments that cannot be read.
	ErrMalformed = errors.New("pdfbadge: malformed attachment")
)

// Open reads the attachments and the seal of a certificate [Render] wrote
// and [Seal] sealed. The seal is nil when the file has none; a seal that
// is present but broken is returned with its Err set. The error is for a
// file that is not a PDF ([ErrNotPDF]), too large ([ErrTooLarge]), or
// whose attachments cannot be read ([ErrMalformed]); the seal is returned
// with that last error too, so a verifier can report both.
func Open(pdf []byte) ([]Attachment, *SealInfo, error) {
	if len(pdf) > MaxSize {
		return nil, nil, fmt.Errorf("%w: the PDF is larger than %d bytes", ErrTooLarge, MaxSize)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, nil, ErrNotPDF
	}
	seal := readSeal(pdf)
	atts, err := attachments(pdf)
	return atts, seal, err
}

// attachments finds the file specifications the writer puts in the file,
// in order, and reads the embedded files they name.
func attachments(pdf []byte) ([]Attachment, error) {
	const spec = "<< /Type /Filespec /F () /UF "
	var out []Attachment
	total := 0
	for rest, off := pdf, 0; ; {
		i := bytes.Index(rest, []byte(spec))
		if i < 0 {
			return out, nil
		}
		if len(out) == MaxAttachments {
			return nil, fmt.Errorf("%w: more than %d attachments", ErrTooLarge, MaxAttachments)
		}
		pos := off + i + len(spec)
		a, next, err := attachment(pdf, pos)
		if err != nil {
			return nil, err
		}
		if total += len(a.Data); total > 2*MaxAttachmentSize {
			return nil, fmt.Errorf("%w: the attachments are larger than %d bytes in all", ErrTooLarge, 2*MaxAttachmentSize)
		}
		out = append(out, a)
		rest, off = pdf[next:], next
	}
}

// attachment reads "(name) /EF << /F n 0 R >>" at pos and the embedded
// file object n. next is where the search for the next one resumes.
func attachment(pdf []byte, pos int) (a Attachment, next int, err error) {
	name, pos, err := literal(pdf, pos)
	if err != nil {
		return a, 0, err
	}
	a.Name = textString(name)
	const ef = " /EF << /F "
	if !bytes.HasPrefix(pdf[pos:], []byte(ef)) {
		return a, 0, fmt.Errorf("%w: file specification without an embedded file", ErrMalformed)
	}
	pos += len(ef)
	n, pos, ok := number(pdf, pos, 10)
	if !ok || !bytes.HasPrefix(pdf[pos:], []byte(" 0 R >>")) {
		return a, 0, fmt.Errorf("%w: bad embedded file reference", ErrMalformed)
	}
	a.Data, err = embeddedFile(pdf, n)
	return a, pos, err
}

// embeddedFile reads object n, an embedded file stream as the writer
// makes it: "<< /Type /EmbeddedFile /Length L /Filter /FlateDecode
// /Params << /CheckSum <md5> /Size S >> >>", then L bytes of zlib data
// that inflate to S bytes with that MD5.
func embeddedFile(pdf []byte, n int) ([]byte, error) {
	head := []byte("\n" + strconv.Itoa(n) + " 0 obj\n")
	i := bytes.Index(pdf, head)
	if i < 0 {
		return nil, fmt.Errorf("%w: object %d not found", ErrMalformed, n)
	}
	pos := i + len(head)
	const (
		start   = "<< /Type /EmbeddedFile /Length "
		filter  = " /Filter /FlateDecode /Params << /CheckSum <"
		size    = "> /Size "
		endDict = " >> >>\n\nstream\n"
	)
	var length, sz int
	var sum []byte
	ok := expect(pdf, &pos, start) &&
		readNumber(pdf, &pos, &length) && expect(pdf, &pos, filter) &&
		readHex(pdf, &pos, &sum, md5.Size) && expect(pdf, &pos, size) &&
		readNumber(pdf, &pos, &sz) && expect(pdf, &pos, endDict)
	if !ok || pos-i > maxDict {
		return nil, fmt.Errorf("%w: object %d is not an embedded file stream", ErrMalformed, n)
	}
	if sz > MaxAttachmentSize || length > MaxAttachmentSize {
		return nil, fmt.Errorf("%w: an attachment is larger than %d bytes", ErrTooLarge, MaxAttachmentSize)
	}
	if length > len(pdf)-pos || !bytes.HasPrefix(pdf[pos+length:], []byte("\nendstream")) {
		return nil, fmt.Errorf("%w: object %d's stream is cut short", ErrMalformed, n)
	}
	data, err := inflate(pdf[pos:pos+length], sz)
	if err != nil {
		return nil, fmt.Errorf("%w: object %d: %v", ErrMalformed, n, err)
	}
	if got := md5.Sum(data); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%w: object %d does not match its checksum", ErrMalformed, n)
	}
	return data, nil
}

// inflate decompresses zlib data that must inflate to exactly size bytes;
// it never holds more than size+1 bytes, whatever the input claims.
func inflate(z []byte, size int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	out := bytes.NewBuffer(make([]byte, 0, min(size, 64<<10)))
	if _, err := io.Copy(out, io.LimitReader(zr, int64(size)+1)); err != nil {
		return nil, err
	}
	if out.Len() != size {
		return nil, fmt.Errorf("inflates to more or fewer than the %d bytes declared", size)
	}
	return out.Bytes(), nil
}

func expect(pdf []byte, pos *int, s string) bool {
	if !bytes.HasPrefix(pdf[*pos:], []byte(s)) {
		return false
	}
	*pos += len(s)
	return true
}

func readNumber(pdf []byte, pos *int, n *int) bool {
	v, p, ok := number(pdf, *pos, 9)
	*pos, *n = p, v
	return ok
}

func readHex(pdf []byte, pos *int, out *[]byte, n int) bool {
	if len(pdf)-*pos < 2*n {
		return false
	}
	b, err := hex.DecodeString(string(pdf[*pos : *pos+2*n]))
	if err != nil {
		return false
	}
	*pos += 2 * n
	*out = b
	return true
}

// number reads a decimal of at most maxDigits digits at pos.
func number(pdf []byte, pos, maxDigits int) (n, next int, ok bool) {
	j := pos
	for j < len(pdf) && j-pos < maxDigits && pdf[j] >= '0' && pdf[j] <= '9' {
		n = n*10 + int(pdf[j]-'0')
		j++
	}
	return n, j, j > pos
}

// literal reads a PDF literal string "(...)" at pos, undoing the escapes
// the writer makes (\\, \(, \), \r) and the other single-character ones.
func literal(pdf []byte, pos int) ([]byte, int, error) {
	if pos >= len(pdf) || pdf[pos] != '(' {
		return nil, 0, fmt.Errorf("%w: expected a string", ErrMalformed)
	}
	var out []byte
	for j := pos + 1; j < len(pdf) && j-pos <= maxName; j++ {
		c := pdf[j]
		switch {
		case c == ')':
			return out, j + 1, nil
		case c == '(':
			return nil, 0, fmt.Errorf("%w: unescaped parenthesis in a string", ErrMalformed)
		case c == '\\' && j+1 < len(pdf):
			j++
			switch e := pdf[j]; e {
			case 'r':
				out = append(out, '\r')
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			default:
				out = append(out, e)
			}
		default:
			out = append(out, c)
		}
	}
	return nil, 0, fmt.Errorf("%w: string too long or not closed", ErrMalformed)
}

// textString decodes a PDF text string: UTF-16BE after a byte order mark,
// else taken byte for byte (ASCII names).
func textString(b []byte) string {
	if len(b) < 2 || b[0] != 0xFE || b[1] != 0xFF {
		return string(b)
	}
	b = b[2:]
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
