// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/unicode"
)

func TestParseFileErrors(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	sjisBad := append(shiftJIS(t, "メール,氏名\r\na@example.jp,山田\r\n"), 0x82, 0x20, '\r', '\n')
	utf16Odd := append(utf16WithBOM(t, unicode.LittleEndian, "email\tname\r\na@example.jp\tA\r\n"), 'x')
	utf16Lone := append(utf16WithBOM(t, unicode.LittleEndian, "email\tname\r\nb@example.jp\t"), 0x00, 0xD8, 'A', 0)
	tests := []struct {
		name     string
		data     []byte
		sentinel error
		key      string
		line     int
	}{
		{"empty", nil, ErrEmpty, KeyFileEmpty, 0},
		{"only blank lines", []byte("\r\n\r\n \r\n"), ErrEmpty, KeyFileEmpty, 0},
		{"only BOM", withBOM(""), ErrEmpty, KeyFileEmpty, 0},
		{"only separators", []byte(",,,\n,,\n"), ErrEmpty, KeyFileEmpty, 0},
		{"header only", []byte("email,name\r\n"), ErrEmpty, KeyNoRows, 0},
		{"header and blank rows", []byte("email,name\r\n,\r\n\r\n"), ErrEmpty, KeyNoRows, 0},
		{"PNG image", png, ErrNotCSV, KeyFileBinary, 0},
		{"NUL in text", []byte("email,name\na@example.jp,A\x00\n"), ErrNotCSV, KeyFileBinary, 0},
		{"NUL in UTF-16", utf16WithBOM(t, unicode.LittleEndian, "email\tname\x00"), ErrNotCSV, KeyFileBinary, 0},
		{"BOM-less UTF-16", []byte("e\x00m\x00a\x00i\x00l\x00"), ErrNotCSV, KeyFileBinary, 0},
		{"xlsx workbook", []byte("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"), ErrNotCSV, KeyFileWorkbook, 0},
		{"xls workbook", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ErrNotCSV, KeyFileWorkbook, 0},
		{"bad Shift_JIS on line 3", sjisBad, ErrEncoding, KeyFileEncoding, 3},
		{"bad UTF-8 after BOM on line 2", withBOM("email,name\na@example.jp,\xff\n"), ErrEncoding, KeyFileEncoding, 2},
		{"UTF-16 odd byte on line 3", utf16Odd, ErrEncoding, KeyFileEncoding, 3},
		{"UTF-16 lone surrogate on line 2", utf16Lone, ErrEncoding, KeyFileEncoding, 2},
		{"no header", []byte("a@example.jp,Taro\nb@example.jp,Hanako\n"), ErrHeader, KeyHeaderMissing, 1},
		{"no header, full-width address", []byte("山田,ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ\n"), ErrHeader, KeyHeaderMissing, 1},
		{"header without the columns", []byte("\r\nid,score\r\n1,2\r\n"), ErrHeader, KeyHeaderNoColumns, 2},
		{"no e-mail column", []byte("氏名,所見\n山田,よい\n"), ErrHeader, KeyHeaderNoEmail, 1},
		{"no name column", []byte("メールアドレス,所見\na@example.jp,よい\n"), ErrHeader, KeyHeaderNoName, 1},
		{"e-mail column twice", []byte("email,name,メールアドレス\na@example.jp,A,b@example.jp\n"), ErrHeader, KeyHeaderDuplicate, 1},
		{"broken quote in header", []byte("email,\"name\nx\n"), ErrHeader, KeyQuoteInvalid, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := fileErr(t, tt.data, testOptions())
			if !errors.Is(fe, tt.sentinel) || fe.Key != tt.key || fe.Line != tt.line {
				t.Errorf("error %v: sentinel, Key, Line = %v, %q, %d; want %v, %q, %d",
					fe, fe.Err, fe.Key, fe.Line, tt.sentinel, tt.key, tt.line)
			}
			if fe.Message == "" || strings.ContainsAny(fe.Message, "{}") || !strings.HasPrefix(fe.Error(), "awardcsv: ") {
				t.Errorf("Message %q, Error() %q: want a filled message and the package prefix", fe.Message, fe.Error())
			}
		})
	}
}

func TestParseFileErrorMessages(t *testing.T) {
	fe := fileErr(t, append(shiftJIS(t, "email,name\n"), 0xFF), testOptions())
	want := "awardcsv: line 2: The file could not be read as Shift_JIS: line 2 contains bytes that are not valid text. Save it as “CSV UTF-8 (comma delimited)” and upload it again."
	if fe.Error() != want {
		t.Errorf("Error() = %q; want %q", fe.Error(), want)
	}
	fe = fileErr(t, []byte("email,name,Email\n"), testOptions())
	if fe.Message != "The column “Email” appears more than once in the header row." {
		t.Errorf("duplicate header: Message = %q", fe.Message)
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("connection reset")
	res, err := Parse(iotest.ErrReader(boom), testOptions())
	var fe *FileError
	if res != nil || !errors.Is(err, boom) || errors.As(err, &fe) {
		t.Errorf("Parse(failing reader) = %v, %v; want nil and the reader's error, not a *FileError", res, err)
	}
}

func TestParseLimits(t *testing.T) {
	file := func(rows int) []byte {
		var b bytes.Buffer
		b.WriteString("email,name\r\n")
		for i := range rows {
			fmt.Fprintf(&b, "user%d@example.jp,User %d\r\n", i, i)
			if i%3 == 0 {
				b.WriteString(",\r\n\r\n") // blank rows do not count
			}
		}
		return b.Bytes()
	}
	t.Run("rows at the limit", func(t *testing.T) {
		res := parse(t, file(10), Options{MaxRows: 10, Now: testNow})
		if len(res.Rows) != 10 {
			t.Errorf("%d rows; want 10", len(res.Rows))
		}
	})
	t.Run("one row over", func(t *testing.T) {
		fe := fileErr(t, file(11), Options{MaxRows: 10, Now: testNow})
		if !errors.Is(fe, ErrTooManyRows) || fe.Key != KeyTooManyRows || fe.Message != "The file has more than 10 recipients. Split it into several files." {
			t.Errorf("error %v (key %q); want too many rows, limit 10", fe, fe.Key)
		}
	})
	t.Run("default row limit", func(t *testing.T) {
		res := parse(t, file(DefaultMaxRows), Options{Now: testNow})
		if len(res.Rows) != DefaultMaxRows {
			t.Errorf("%d rows; want %d", len(res.Rows), DefaultMaxRows)
		}
		fe := fileErr(t, file(DefaultMaxRows+1), Options{Now: testNow})
		if !errors.Is(fe, ErrTooManyRows) || !strings.Contains(fe.Message, "50000") {
			t.Errorf("error %v; want too many rows naming 50000", fe)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		data := file(3)
		parse(t, data, Options{MaxBytes: int64(len(data)), Now: testNow})
		fe := fileErr(t, data, Options{MaxBytes: int64(len(data)) - 1, Now: testNow})
		if !errors.Is(fe, ErrTooLarge) || fe.Key != KeyFileTooLarge {
			t.Errorf("error %v; want too large", fe)
		}
	})
	t.Run("default byte limit", func(t *testing.T) {
		big := append([]byte("email,name\n"), bytes.Repeat([]byte("a"), DefaultMaxBytes)...)
		fe := fileErr(t, big, testOptions())
		if !errors.Is(fe, ErrTooLarge) || fe.Message != "The file is too large. The limit is 32 MiB." {
			t.Errorf("error %v; want too large, limit 32 MiB", fe)
		}
	})
}

func TestParseUnclosedQuote(t *testing.T) {
	data := "email,name,narrative\na@example.jp,A,ok\nb@example.jp,B,\"never closed\nc@example.jp,C,x\n"
	res := parse(t, []byte(data), testOptions())
	if diff := problemList(res.Problems); len(diff) != 1 || diff[0] != "3  csv.quote_invalid" {
		t.Errorf("Problems = %v; want one unclosed quote on line 3", diff)
	}
	if len(res.Rows) != 1 || res.Rows[0].Email != "a@example.jp" {
		t.Errorf("Rows = %+v; want only line 2", res.Rows)
	}
}

func TestKeys(t *testing.T) {
	keys := Keys()
	if len(keys) != len(english) || len(keys) < 30 {
		t.Fatalf("Keys() has %d keys; english has %d", len(keys), len(english))
	}
	for i, k := range keys {
		if !strings.HasPrefix(k, "csv.") || (i > 0 && keys[i-1] >= k) {
			t.Errorf("Keys()[%d] = %q: want sorted keys starting with csv.", i, k)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{32 << 20: "32 MiB", 512 << 10: "512 KiB", 1000: "1000 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestShown(t *testing.T) {
	long := strings.Repeat("あ", 81)
	if got, want := shown(long), strings.Repeat("あ", 80)+"…"; got != want {
		t.Errorf("shown(81 × あ) = %q; want 80 and an ellipsis", got)
	}
	if got := shown(long[:80*3]); got != long[:80*3] {
		t.Errorf("shown(80 × あ) = %q; want it unchanged", got)
	}
}
