// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExcelWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewExcelWriter(&b)
	err := w.WriteAll([][]string{
		{"email", "name", "note"},
		{"a@example.jp", "山田　太郎", "=HYPERLINK(\"http://evil.example/\",\"click\")"},
		{"b@example.jp", "+81-3-1234-5678", "-2+3"},
		{"c@example.jp", "@SUM(A1)", "two\nlines"},
		{"d@example.jp", "\tTab", "\rCR"},
		{"e@example.jp", "a=b", ""},
	})
	if err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("output starts with % x; want the UTF-8 BOM", out[:min(3, len(out))])
	}
	if n := bytes.Count(out, []byte("\n")); n != bytes.Count(out, []byte("\r\n")) || n == 0 {
		t.Errorf("output has %d \\n but %d \\r\\n; want CRLF everywhere", n, bytes.Count(out, []byte("\r\n")))
	}
	want := "\ufeffemail,name,note\r\n" +
		"a@example.jp,山田　太郎,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"\r\n" +
		"b@example.jp,'+81-3-1234-5678,'-2+3\r\n" +
		"c@example.jp,'@SUM(A1),\"two\r\nlines\"\r\n" +
		"d@example.jp,'\tTab,\"'CR\"\r\n" + // csv.Writer with UseCRLF drops a lone CR
		"e@example.jp,a=b,\r\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestExcelWriterEmpty(t *testing.T) {
	var b bytes.Buffer
	w := NewExcelWriter(&b)
	w.Flush()
	if err := w.Error(); err != nil || b.String() != "\ufeff" {
		t.Errorf("empty export = %q, %v; want just the BOM", b.String(), err)
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx",
		"1=1": "1=1", "'=x": "'=x", "＝1+1": "＝1+1", "山田": "山田",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestTemplateRoundTrip(t *testing.T) {
	tests := []struct {
		lang       string
		wantHeader string
		wantName   string
	}{
		{"ja", "メールアドレス,氏名,エビデンスURL,所見,発行日\r\n", "山田　太郎"},
		{"en", "email,name,evidence_url,narrative,issued_on\r\n", "Hanako Tanaka"},
		{"fr", "email,name,evidence_url,narrative,issued_on\r\n", "Hanako Tanaka"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			data := Template(tt.lang)
			if !bytes.HasPrefix(data, append([]byte{0xEF, 0xBB, 0xBF}, tt.wantHeader...)) {
				t.Errorf("Template(%q) starts %q; want BOM then %q", tt.lang, data[:min(len(data), 60)], tt.wantHeader)
			}
			if bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
				t.Errorf("Template(%q) has a bare LF", tt.lang)
			}
			res := parse(t, data, Options{}) // the real clock: the example date must never be in the future
			if len(res.Problems) != 0 {
				t.Errorf("Problems = %v; want none", problemList(res.Problems))
			}
			if res.Encoding != EncodingUTF8BOM || len(res.Rows) != 1 || len(res.Columns) != 5 {
				t.Fatalf("Encoding %q, %d rows, columns %v; want utf-8-bom, 1 row, 5 columns", res.Encoding, len(res.Rows), res.Columns)
			}
			r := res.Rows[0]
			if r.Name != tt.wantName || r.IssuedOn.IsZero() || r.EvidenceURL == "" || !strings.Contains(r.Narrative, "\n") {
				t.Errorf("row %+v: want name %q, a date, a URL and a two-line narrative", r, tt.wantName)
			}
		})
	}
}
