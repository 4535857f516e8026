// SPDX-License-Identifier: Apache-2.0

package awardcsv

import "bytes"

// Template returns the example file offered for download: UTF-8 with a byte
// order mark and CRLF line ends (see [ExcelWriter]), a header row in
// Japanese for lang "ja" and in English otherwise, and one example row
// showing each column, including a narrative with a line break. The
// example addresses are in example.jp, which is reserved for examples.
func Template(lang string) []byte {
	var records [][]string
	if lang == "ja" {
		records = [][]string{
			{"メールアドレス", "氏名", "エビデンスURL", "所見", "発行日"},
			{"yamada.taro@example.jp", "山田　太郎", "https://example.jp/portfolio/yamada",
				"データサイエンス基礎を修了しました。\n最終課題：地域の人口推計", "2025/4/1"},
		}
	} else {
		records = [][]string{
			{"email", "name", "evidence_url", "narrative", "issued_on"},
			{"hanako.tanaka@example.jp", "Hanako Tanaka", "https://example.jp/portfolio/tanaka",
				"Completed Foundations of Data Science.\nFinal project: a regional population forecast.", "2025-04-01"},
		}
	}
	var b bytes.Buffer
	w := NewExcelWriter(&b)
	if err := w.WriteAll(records); err != nil {
		panic("awardcsv: writing the template: " + err.Error()) // writing to memory cannot fail
	}
	return b.Bytes()
}
