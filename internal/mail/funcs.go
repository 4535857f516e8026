// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"errors"
	"fmt"
	"time"
)

// funcsFor returns the template functions for one locale:
//
//	lang            the locale itself, for <html lang>
//	datetime TIME   a date and time as people write it in that language
//	role ROLE       an organisation role's name ("issuer" -> 発行担当者, "an issuer")
func funcsFor(locale string) map[string]any {
	return map[string]any{
		"lang":     func() string { return locale },
		"datetime": func(t time.Time) (string, error) { return formatDateTime(locale, t) },
		"role":     func(r string) (string, error) { return roleName(locale, r) },
	}
}

var weekdaysJa = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// formatDateTime writes t in its own zone: "2025年5月31日（土）23:59 JST" in
// Japanese, "Saturday, 31 May 2025, 23:59 JST" in English (day before
// month, so no reader mistakes it for 5 March).
func formatDateTime(locale string, t time.Time) (string, error) {
	if t.IsZero() {
		return "", errors.New("datetime of the zero time")
	}
	if locale == "ja" {
		return t.Format("2006年1月2日") + "（" + weekdaysJa[t.Weekday()] + "）" + t.Format("15:04 MST"), nil
	}
	return t.Format("Monday, 2 January 2006, 15:04 MST"), nil
}

var roleNames = map[string]map[string]string{
	"ja": {"owner": "オーナー", "admin": "管理者", "issuer": "発行担当者", "viewer": "閲覧者"},
	"en": {"owner": "an owner", "admin": "an administrator", "issuer": "an issuer", "viewer": "a viewer"},
}

// roleName names an organisation role; an unknown role is an error rather
// than a raw code in someone's inbox.
func roleName(locale, role string) (string, error) {
	name, ok := roleNames[locale][role]
	if !ok {
		return "", fmt.Errorf("unknown role %q", role)
	}
	return name, nil
}
