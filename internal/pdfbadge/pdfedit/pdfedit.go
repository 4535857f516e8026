// SPDX-License-Identifier: Apache-2.0

// Package pdfedit changes the printed text of a PDF certificate the way a
// PDF editor saves an edit: as an incremental update appended to the file
// (a new version of the page's content stream, a cross-reference section
// for it and a trailer pointing back at the previous one). The result is a
// well-formed PDF that readers show with the new text. It exists to test
// tamper detection (the verifier must report such a file as changed); it
// understands only the files internal/pdfbadge writes.
package pdfedit

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

var (
	contentsRef = regexp.MustCompile(`/Contents (\d+) 0 R`)
	lengthKey   = regexp.MustCompile(`/Length (\d+)`)
	trailerDict = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>`)
	startXref   = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF`)
	refKey      = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + ` (\d+ 0 R)`) }
	sizeKey     = regexp.MustCompile(`/Size (\d+)`)
)

// ReplaceText returns pdf with the first occurrence of old in the first
// page's text replaced by repl, as an incremental update. It fails when
// the page's text does not contain old.
func ReplaceText(pdf []byte, old, repl string) ([]byte, error) {
	m := contentsRef.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("pdfedit: no page contents")
	}
	obj := string(m[1])
	start := bytes.Index(pdf, []byte("\n"+obj+" 0 obj\n"))
	if start < 0 {
		return nil, fmt.Errorf("pdfedit: object %s not found", obj)
	}
	rest := pdf[start:]
	dictEnd := bytes.Index(rest, []byte(">>\nstream\n"))
	if dictEnd < 0 {
		return nil, fmt.Errorf("pdfedit: object %s is not a stream", obj)
	}
	dict := rest[:dictEnd]
	lm := lengthKey.FindSubmatch(dict)
	if lm == nil {
		return nil, fmt.Errorf("pdfedit: object %s has no /Length", obj)
	}
	n, _ := strconv.Atoi(string(lm[1]))
	data := rest[dictEnd+len(">>\nstream\n"):]
	if n > len(data) {
		return nil, fmt.Errorf("pdfedit: object %s is cut short", obj)
	}
	data = data[:n]
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("pdfedit: page contents: %w", err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("pdfedit: page contents: %w", err)
		}
	}
	from, to := Text(old), Text(repl)
	if !bytes.Contains(data, from) {
		return nil, fmt.Errorf("pdfedit: the page does not show %q", old)
	}
	data = bytes.Replace(data, from, to, 1)

	trailers := trailerDict.FindAllSubmatch(pdf, -1)
	xrefs := startXref.FindAllSubmatch(pdf, -1)
	if len(trailers) == 0 || len(xrefs) == 0 {
		return nil, errors.New("pdfedit: no trailer")
	}
	last := trailers[len(trailers)-1][1]
	size := sizeKey.FindSubmatch(last)
	root := refKey("Root").FindSubmatch(last)
	if size == nil || root == nil {
		return nil, errors.New("pdfedit: the trailer has no /Size or /Root")
	}
	trailer := "/Size " + string(size[1]) + " /Root " + string(root[1])
	if info := refKey("Info").FindSubmatch(last); info != nil {
		trailer += " /Info " + string(info[1])
	}
	trailer += " /Prev " + string(xrefs[len(xrefs)-1][1])

	out := bytes.Clone(pdf)
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	at := len(out)
	out = fmt.Appendf(out, "%s 0 obj\n<</Length %d>>\nstream\n", obj, len(data))
	out = append(out, data...)
	out = append(out, "\nendstream\nendobj\n"...)
	xref := len(out)
	out = fmt.Appendf(out, "xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \ntrailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n",
		obj, at, trailer, xref)
	return out, nil
}

// Text is how the PDF writer puts s in a content stream with a TrueType
// font: UTF-16BE, with \, ( and ) escaped (and a carriage return as \r).
func Text(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFFFF {
			r = 0xFFFD
		}
		for _, c := range []byte{byte(r >> 8), byte(r)} {
			if c == '\\' || c == '(' || c == ')' {
				b = append(b, '\\')
			}
			if c == '\r' {
				b = append(b, '\\')
				c = 'r'
			}
			b = append(b, c)
		}
	}
	return b
}
