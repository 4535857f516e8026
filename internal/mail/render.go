// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
)

// Kind names one of the platform's e-mails.
type Kind string

// The kinds of mail, each with the data type [Render] expects.
const (
	KindVerifyEmail   Kind = "verify_email"   // VerifyEmailData: confirm a new address
	KindResetPassword Kind = "reset_password" // ResetPasswordData: the password reset link
	KindInvitation    Kind = "invitation"     // InvitationData: join an organisation
	KindAward         Kind = "award"          // AwardData: a badge was issued, claim it
)

var (
	kinds   = []Kind{KindVerifyEmail, KindResetPassword, KindInvitation, KindAward}
	locales = []string{"ja", "en"}
)

// Kinds returns every kind of mail, in a fixed order.
func Kinds() []Kind { return slices.Clone(kinds) }

// Locales returns the languages every kind is written in, Japanese first.
func Locales() []string { return slices.Clone(locales) }

//go:embed templates
var templateFS embed.FS

// templateSet is one kind in one language: the text template (whose
// "subject" block is the subject line) and the HTML page.
type templateSet struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates parses every kind × locale once.
var templates = sync.OnceValues(func() (map[string]templateSet, error) {
	sets := make(map[string]templateSet)
	for _, kind := range kinds {
		for _, locale := range locales {
			set, err := parseSet(kind, locale)
			if err != nil {
				return nil, err
			}
			sets[string(kind)+"."+locale] = set
		}
	}
	return sets, nil
})

// parseSet parses the files of one kind in one locale. missingkey=error
// makes a map without a field fail like a struct without it does.
func parseSet(kind Kind, locale string) (templateSet, error) {
	name := string(kind) + "." + locale
	funcs := funcsFor(locale)
	text, err := texttemplate.New(name+".txt").Funcs(funcs).Option("missingkey=error").
		ParseFS(templateFS, "templates/common."+locale+".txt", "templates/"+name+".txt")
	if err != nil {
		return templateSet{}, fmt.Errorf("mail: parse %s: %w", name, err)
	}
	html, err := htmltemplate.New("layout.html").Funcs(funcs).Option("missingkey=error").
		ParseFS(templateFS, "templates/layout.html", "templates/common."+locale+".html", "templates/"+name+".html")
	if err != nil {
		return templateSet{}, fmt.Errorf("mail: parse %s: %w", name, err)
	}
	return templateSet{text: text, html: html}, nil
}

// Render writes the mail of the given kind in the given locale ("ja", "en";
// a region such as "ja-JP" is ignored). data holds the fields the kind
// needs (see [VerifyEmailData], [ResetPasswordData], [InvitationData],
// [AwardData]); a missing field is an error. The HTML escapes every value
// taken from data; the text does not, since it is not markup.
func Render(kind Kind, locale string, data any) (subject, text, html string, err error) {
	sets, err := templates()
	if err != nil {
		return "", "", "", err
	}
	lang := baseLanguage(locale)
	set, ok := sets[string(kind)+"."+lang]
	switch {
	case !slices.Contains(kinds, kind):
		return "", "", "", fmt.Errorf("mail: unknown kind %q", kind)
	case !ok:
		return "", "", "", fmt.Errorf("mail: no %s templates for locale %q; have %s", kind, locale, strings.Join(locales, ", "))
	}
	var subj, body, page bytes.Buffer
	if err := set.text.ExecuteTemplate(&subj, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("mail: render %s.%s subject: %w", kind, lang, err)
	}
	if err := set.text.Execute(&body, data); err != nil {
		return "", "", "", fmt.Errorf("mail: render %s.%s text: %w", kind, lang, err)
	}
	if err := set.html.Execute(&page, data); err != nil {
		return "", "", "", fmt.Errorf("mail: render %s.%s html: %w", kind, lang, err)
	}
	return oneLine(strings.TrimSpace(subj.String())), tidy(body.String()), tidy(page.String()), nil
}

// baseLanguage turns "ja-JP", "JA" or "en_US" into "ja" or "en".
func baseLanguage(locale string) string {
	lang, _, _ := strings.Cut(strings.ToLower(locale), "-")
	lang, _, _ = strings.Cut(lang, "_")
	return lang
}

var blankLines = regexp.MustCompile(`\n([ \t]*\n){2,}`)

// tidy removes what template actions leave behind: trailing spaces, runs of
// blank lines, blank lines at either end. Templates stay readable and the
// output stays neat.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	s = blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.Trim(s, "\n") + "\n"
}
