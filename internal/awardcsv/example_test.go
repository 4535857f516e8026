// SPDX-License-Identifier: Apache-2.0

package awardcsv_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/awardcsv"
)

func ExampleParse() {
	upload := "メールアドレス,氏名,発行日\r\n" +
		"ＹＡＭＡＤＡ＠ｅｘａｍｐｌｅ．ｊｐ,山田　太郎,2026/4/1\r\n" +
		"tanaka@example,田中 花子,2026/4/1\r\n" +
		"yamada@example.jp,山田 次郎,2026/4/1\r\n"
	res, err := awardcsv.Parse(strings.NewReader(upload), awardcsv.Options{
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Rows {
		fmt.Printf("line %d: %s %s %s\n", r.Line, r.Email, r.Name, r.IssuedOn.Format("2006-01-02"))
	}
	for _, p := range res.Problems {
		fmt.Printf("line %d: %s: %s (%s)\n", p.Line, p.Field, p.Message, p.Key)
	}
	fmt.Println("ready to issue:", res.OK())
	// Output:
	// line 2: yamada@example.jp 山田　太郎 2026-04-01
	// line 3: email: “tanaka@example” is not a valid e-mail address. (csv.email_invalid)
	// line 4: email: This e-mail address already appears on line 2. (csv.email_duplicate)
	// ready to issue: false
}

func ExampleNewExcelWriter() {
	var out bytes.Buffer
	w := awardcsv.NewExcelWriter(&out)
	w.Write([]string{"email", "name", "note"})
	w.Write([]string{"a@example.jp", "=1+1", "-"})
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%q\n", out.String())
	// Output:
	// "\ufeffemail,name,note\r\na@example.jp,'=1+1,'-\r\n"
}
