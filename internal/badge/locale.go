// SPDX-License-Identifier: Apache-2.0

package badge

// The languages of the user interface and of e-mails.
const (
	LocaleJA = "ja"
	LocaleEN = "en"
)

// ValidLocale reports whether s is a supported locale.
func ValidLocale(s string) bool {
	return s == LocaleJA || s == LocaleEN
}

func locale(field, v string) error {
	if !ValidLocale(v) {
		return Invalid(field, KeyLocale, field+` must be "ja" or "en".`)
	}
	return nil
}
