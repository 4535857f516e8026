// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"fmt"
	"time"
)

// label holds the certificate's fixed texts in one language. The page is
// a document, not an application screen, so its few texts live here
// rather than in the message catalogue.
type label struct {
	lang                               string
	title, subtitle, certifies, earned string
	issuer, issued, expires, none      string
	criteria, verify, verifyHow        string
}

func labels(lang string) label {
	if lang == "en" {
		return label{lang: "en",
			title: "Certificate of Achievement", subtitle: "デジタルバッジ証明書 — Open Badges",
			certifies: "This is to certify that", earned: "has earned the badge",
			issuer: "Issued by", issued: "Issued on", expires: "Valid until", none: "No expiry",
			criteria: "Criteria",
			verify:   "Verify this certificate",
			verifyHow: "Scan the QR code or open the address below. The signed credential is attached to this PDF " +
				"(credential.json); any change to this file is detected.",
		}
	}
	return label{lang: "ja",
		title: "デジタルバッジ証明書", subtitle: "Certificate of Achievement — Open Badges",
		certifies: "下記の者は", earned: "次のバッジを取得したことを証明します",
		issuer: "発行者", issued: "発行日", expires: "有効期限", none: "なし",
		criteria: "取得基準",
		verify:   "この証明書の検証",
		verifyHow: "QRコードを読み取るか、下のアドレスを開いてください。署名された資格情報がこのPDFに添付されており" +
			"（credential.json）、ファイルの変更は検出されます。",
	}
}

// date formats a date in the label's language (in UTC, the credential's
// time zone).
func (l label) date(t time.Time) string {
	t = t.UTC()
	if l.lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
