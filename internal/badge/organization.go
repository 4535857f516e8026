// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// Logo media types an organisation may upload.
var logoTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/svg+xml": true}

// Organization is an issuer: a university office, an association, an
// agency. Slug is unique and names it in URLs.
type Organization struct {
	ID            int64
	Slug          string // [a-z0-9-], 2 to 63 octets, no hyphen at either end
	Name          string
	URL           string // the organisation's web site, http or https; may be empty
	ContactEmail  string // may be empty
	DefaultLocale string // LocaleJA or LocaleEN
	LogoImage     []byte // nil when there is no logo
	LogoType      string // media type of LogoImage: image/png, image/jpeg or image/svg+xml
	// AwardsPrivate makes new awards private until each recipient
	// publishes theirs; false (the default) makes them public.
	AwardsPrivate bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (o *Organization) Validate() error {
	return firstErr(
		slug("slug", o.Slug),
		requiredText("name", o.Name, MaxNameLen),
		httpURL("url", o.URL),
		email("contact_email", o.ContactEmail),
		locale("default_locale", o.DefaultLocale),
		o.validateLogo(),
	)
}

func (o *Organization) validateLogo() error {
	if len(o.LogoImage) == 0 && o.LogoType == "" {
		return nil
	}
	if len(o.LogoImage) == 0 || !logoTypes[o.LogoType] {
		return Invalid("logo", KeyImageType, "logo must be a PNG, JPEG or SVG image.")
	}
	return maxBytes("logo", o.LogoImage, MaxLogoBytes)
}
