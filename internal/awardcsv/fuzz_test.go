// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(cohortJA))
	f.Add(withBOM(strings.ReplaceAll(cohortJA, "\n", "\r\n")))
	f.Add(shiftJIS(f, cohortJA))
	f.Add(utf16WithBOM(f, unicode.LittleEndian, strings.ReplaceAll(cohortJA, ",", "\t")))
	f.Add(utf16WithBOM(f, unicode.BigEndian, "email\tname\r\na@example.jp\tA\r\n"))
	f.Add(Template("ja"))
	f.Add(Template("en"))
	f.Add([]byte("email,name,narrative\na@example.jp,A,\"x\ny\"\n\n,,\nA@example.jp,B,\"\n"))
	f.Add([]byte("email,name\rb@x.jp,\"a\"b\"\rc@x.jp,C,D\r"))
	f.Add([]byte("a@example.jp,A\n"))
	f.Add([]byte(""))
	opt := Options{MaxRows: 200, MaxBytes: 1 << 16, Now: testNow}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(bytes.NewReader(data), opt)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse: %v is not a *FileError", err)
			}
			if _, ok := english[fe.Key]; !ok || fe.Err == nil || unfilled(fe.Key, fe.Args) != "" {
				t.Fatalf("FileError %+v: unknown key, no sentinel or unfilled message", fe)
			}
			return
		}
		checkInvariants(t, data, res)
		if len(res.Rows)+len(res.Problems) == 0 {
			t.Fatalf("Parse returned neither rows nor problems nor an error")
		}
		for _, r := range res.Rows {
			if _, key := normalizeEmail(r.Email); key != "" || r.Email != strings.ToLower(r.Email) {
				t.Fatalf("row %+v: e-mail not valid or not normalised", r)
			}
			if checkName(r.Name) != "" || trimName(r.Name) != r.Name {
				t.Fatalf("row %+v: name not valid or not trimmed", r)
			}
		}
	})
}

// benchFile is a 10,000-row upload as Excel writes it on a Japanese
// Windows: BOM, CRLF, Japanese header and names, every column filled, every
// tenth narrative on two lines.
func benchFile(rows int) []byte {
	var b bytes.Buffer
	w := NewExcelWriter(&b)
	w.Write([]string{"メールアドレス", "氏名", "エビデンスURL", "所見", "発行日"})
	for i := range rows {
		narrative := "データサイエンス基礎を修了しました。"
		if i%10 == 0 {
			narrative += "\n最終課題：地域の人口推計"
		}
		w.Write([]string{
			fmt.Sprintf("Student.%05d@Example.AC.JP", i),
			fmt.Sprintf("山田　太郎%d", i),
			fmt.Sprintf("https://example.ac.jp/portfolio/%d", i),
			narrative,
			time.Date(2025, 4, 1+i%28, 0, 0, 0, 0, time.UTC).Format("2006/1/2"),
		})
	}
	w.Flush()
	return b.Bytes()
}

func BenchmarkParse10000(b *testing.B) {
	data := benchFile(10000)
	opt := Options{Now: testNow}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Parse(bytes.NewReader(data), opt)
		if err != nil || len(res.Rows) != 10000 {
			b.Fatalf("Parse: %v", err)
		}
	}
}

func BenchmarkParse10000ShiftJIS(b *testing.B) {
	text := string(benchFile(10000)[3:])
	data := shiftJIS(b, text)
	opt := Options{Now: testNow}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Parse(bytes.NewReader(data), opt)
		if err != nil || len(res.Rows) != 10000 {
			b.Fatalf("Parse: %v", err)
		}
	}
}
