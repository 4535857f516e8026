// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Field names, as used in [Problem.Field] and [Result.Columns].
const (
	FieldEmail       = "email"
	FieldName        = "name"
	FieldEvidenceURL = "evidence_url"
	FieldNarrative   = "narrative"
	FieldIssuedOn    = "issued_on"
)

// headerNames maps a normalised header cell (see [headerKey]) to its field.
// 備考 ("remarks") is deliberately absent: offices keep internal notes there,
// and a narrative is published on the badge.
var headerNames = map[string]string{
	"email": FieldEmail, "mail": FieldEmail, "emailaddress": FieldEmail, "mailaddress": FieldEmail,
	"メールアドレス": FieldEmail, "メール": FieldEmail, "eメール": FieldEmail, "eメールアドレス": FieldEmail,
	"電子メール": FieldEmail, "電子メールアドレス": FieldEmail,

	"name": FieldName, "fullname": FieldName, "recipientname": FieldName,
	"氏名": FieldName, "名前": FieldName, "お名前": FieldName, "受領者名": FieldName, "受講者名": FieldName,

	"evidence": FieldEvidenceURL, "evidenceurl": FieldEvidenceURL,
	"エビデンス": FieldEvidenceURL, "エビデンスurl": FieldEvidenceURL, "証跡url": FieldEvidenceURL, "証跡": FieldEvidenceURL,

	"narrative": FieldNarrative,
	"所見":        FieldNarrative, "説明": FieldNarrative, "コメント": FieldNarrative,

	"issuedon": FieldIssuedOn, "issuedate": FieldIssuedOn, "dateissued": FieldIssuedOn, "date": FieldIssuedOn,
	"発行日": FieldIssuedOn, "授与日": FieldIssuedOn, "取得日": FieldIssuedOn,
}

// headerKey normalises a header cell so that "E-Mail", "ｅｍａｉｌ",
// "email_address ", "メールアドレス（必須）" and "ﾒｰﾙｱﾄﾞﾚｽ" all compare equal:
// NFKC (full-width and half-width forms to their usual form), lower case,
// without spaces, "_", "-", "・", a "*" or "※" mark, or a trailing
// parenthesised note such as "(必須)" or "(YYYY/MM/DD)".
func headerKey(cell string) string {
	s := strings.ToLower(norm.NFKC.String(cell))
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			s = s[:i]
		}
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '_', '-', '・', '*', '※', '\ufeff':
			return -1
		}
		return r
	}, s)
}

// header is the column layout read from the header row.
type header struct {
	line    int
	fields  []string // per column: a Field constant, or "" for an ignored column
	columns []string // the fields present, in file order
}

// parseHeader maps the header record. Unknown and unnamed columns become
// warnings; a missing e-mail or name column or a repeated field is a
// [*FileError] wrapping [ErrHeader].
func parseHeader(cells []string, line, sheetRow int) (*header, []Problem, error) {
	// Excel writes trailing empty cells when a column to the right was once
	// used; they are not columns.
	for len(cells) > 0 && isBlank(cells[len(cells)-1]) {
		cells = cells[:len(cells)-1]
	}
	h := &header{line: line, fields: make([]string, len(cells))}
	var warnings []Problem
	seen := map[string]bool{}
	for i, cell := range cells {
		f, ok := headerNames[headerKey(cell)]
		switch {
		case ok && seen[f]:
			return nil, nil, fileError(ErrHeader, line, KeyHeaderDuplicate, "column", strings.TrimSpace(cell))
		case ok:
			seen[f] = true
			h.fields[i] = f
			h.columns = append(h.columns, f)
		case isBlank(cell):
			warnings = append(warnings, warning(line, sheetRow, KeyColumnUnnamed, "index", strconv.Itoa(i+1)))
		default:
			warnings = append(warnings, warning(line, sheetRow, KeyColumnUnknown, "column", shown(strings.TrimSpace(cell))))
		}
	}
	switch {
	case !seen[FieldEmail] && !seen[FieldName] && looksLikeData(cells):
		return nil, nil, fileError(ErrHeader, line, KeyHeaderMissing)
	case !seen[FieldEmail] && !seen[FieldName]:
		return nil, nil, fileError(ErrHeader, line, KeyHeaderNoColumns)
	case !seen[FieldEmail]:
		return nil, nil, fileError(ErrHeader, line, KeyHeaderNoEmail)
	case !seen[FieldName]:
		return nil, nil, fileError(ErrHeader, line, KeyHeaderNoName)
	}
	return h, warnings, nil
}

// looksLikeData reports whether a would-be header row holds an e-mail
// address, i.e. the header row was left out.
func looksLikeData(cells []string) bool {
	for _, c := range cells {
		if _, key := normalizeEmail(c); key == "" {
			return true
		}
	}
	return false
}

func warning(line, sheetRow int, key string, args ...any) Problem {
	return Problem{Line: line, SheetRow: sheetRow, Key: key, Message: render(key, args), Args: args, Warning: true}
}
