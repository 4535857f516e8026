// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"flag"
	"fmt"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// synthetic is a minimal file in the shape Render writes: one file
// specification and its embedded file, whose stream inflates to data but
// declares size.
func synthetic(data []byte, size int) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	sum := md5.Sum(data)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /EmbeddedFile /Length %d /Filter /FlateDecode /Params << /CheckSum <%x> /Size %d >> >>\n\nstream\n", z.Len(), sum, size)
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n3 0 obj\n<< /Type /Filespec /F () /UF (\xfe\xff\x00c\x00.\x00j\x00s\x00o\x00n) /EF << /F 2 0 R >> /Desc ()\n>>\nendobj\n")
	return b.Bytes()
}

// FuzzOpen: Open never panics, and never returns more than the limits
// allow, whatever the input.
func FuzzOpen(f *testing.F) {
	f.Add(synthetic([]byte(`{"id":"x"}`), 10))
	f.Add([]byte("%PDF-1.7\n%AKASHI-SEAL a.b.c\nstartxref\n9\n%%EOF\n"))
	f.Add([]byte("%PDF-1.7\n<< /Type /Filespec /F () /UF (\\(\\\\) /EF << /F 99999999999 0 R >>"))
	if fontErr == nil {
		if font := func() (b []byte) {
			defer func() { recover() }()
			return testFont(f)
		}(); font != nil {
			f.Add(sealed(f))
		}
	}
	f.Fuzz(func(t *testing.T, pdf []byte) {
		atts, seal, err := Open(pdf)
		if err != nil && atts != nil {
			t.Fatalf("Open returned attachments with error %v", err)
		}
		if len(atts) > MaxAttachments {
			t.Fatalf("%d attachments", len(atts))
		}
		for _, a := range atts {
			if len(a.Data) > MaxAttachmentSize {
				t.Fatalf("attachment of %d bytes", len(a.Data))
			}
		}
		if seal != nil && seal.Err == nil && seal.jws == nil {
			t.Fatal("a well-formed seal without its JWS")
		}
	})
}
