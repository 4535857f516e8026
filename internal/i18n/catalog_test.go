// SPDX-License-Identifier: Apache-2.0

package i18n

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/akashi-badges/akashi/internal/awardcsv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testOnlyFix rewrites the message files in canonical form (sorted keys, one
// per line): go test ./internal/i18n -run TestCatalogFiles -fix
var testOnlyFix = flag.Bool("fix", false, "rewrite messages/*.json sorted, one key per line")

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// TestMissingTranslations fails for every key present in one language and not
// in another, for empty messages, and for a placeholder that one language
// uses and another does not.
func TestMissingTranslations(t *testing.T) {
	for _, p := range translationProblems(Default()) {
		t.Error(p)
	}
}

// TestTranslationProblems makes sure the check above names what is wrong.
func TestTranslationProblems(t *testing.T) {
	c := &Catalog{messages: map[Lang]map[string]string{
		English:  {"a": "A {x}", "b": "B", "c": " "},
		Japanese: {"a": "エー", "c": "シー", "d": "ディー"},
	}}
	want := []string{
		"keys in en.json missing from ja.json:\n\tb",
		"keys in ja.json missing from en.json:\n\td",
		`en.json: "c" is empty`,
		`"a": placeholders in ja are [], in en [{x}]`,
	}
	slices.Sort(want)
	got := translationProblems(c)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("translationProblems = %q, want %q", got, want)
	}
}

func translationProblems(c *Catalog) []string {
	var problems []string
	for _, a := range Supported {
		for _, b := range Supported {
			if a == b {
				continue
			}
			var missing []string
			for _, k := range c.Keys(a) {
				if !c.Has(b, k) {
					missing = append(missing, k)
				}
			}
			if len(missing) > 0 {
				problems = append(problems, fmt.Sprintf("keys in %s.json missing from %s.json:\n\t%s", a, b, strings.Join(missing, "\n\t")))
			}
		}
	}
	for _, l := range Supported {
		for _, k := range c.Keys(l) {
			if strings.TrimSpace(c.messages[l][k]) == "" {
				problems = append(problems, fmt.Sprintf("%s.json: %q is empty", l, k))
			}
		}
	}
	for _, k := range c.Keys(English) {
		want := placeholders(c.messages[English][k])
		for _, l := range Supported {
			if got := placeholders(c.messages[l][k]); l != English && c.Has(l, k) && !slices.Equal(got, want) {
				problems = append(problems, fmt.Sprintf("%q: placeholders in %s are %v, in en %v", k, l, got, want))
			}
		}
	}
	return problems
}

// placeholders returns the sorted, distinct {names} of msg.
func placeholders(msg string) []string {
	p := placeholder.FindAllString(msg, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// TestCatalogFiles checks that each file parses, has no duplicate keys (which
// json.Unmarshal would silently merge) and is in canonical form.
func TestCatalogFiles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("messages", "*.json"))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := keyOrder(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if dup := duplicates(keys); len(dup) > 0 {
			t.Errorf("%s: duplicate keys %v", path, dup)
		}
		want := canonical(t, data)
		if bytes.Equal(data, want) {
			continue
		}
		if *testOnlyFix {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is not sorted with one key per line near line %d; run: go test ./internal/i18n -run TestCatalogFiles -fix",
			path, firstDiffLine(data, want))
	}
}

// keyOrder returns the keys of the flat JSON object data in file order.
func keyOrder(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		keys = append(keys, k.(string))
	}
	return keys, nil
}

func duplicates(keys []string) []string {
	seen := map[string]bool{}
	var dup []string
	for _, k := range keys {
		if seen[k] {
			dup = append(dup, k)
		}
		seen[k] = true
	}
	return dup
}

// canonical re-encodes a message file: sorted keys, two-space indent, no
// HTML escaping, final newline.
func canonical(t *testing.T, data []byte) []byte {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestCheckMessages requires a title and a message for every status of every
// check internal/verify reports, under the keys internal/report gives them.
func TestCheckMessages(t *testing.T) {
	c := Default()
	ids := []string{"format", "context", "version", "schema", "proof", "issuer", "validity", "status", "hosted", "pdf"}
	for _, l := range Supported {
		for _, id := range ids {
			for _, s := range []string{"title", "pass", "fail", "warn", "skip"} {
				if k := "check." + id + "." + s; !c.Has(l, k) {
					t.Errorf("Has(%s, %q) = false, want true", l, k)
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	c := Default()
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{English, "auth.sign_in", nil, "Sign in"},
		{Japanese, "auth.sign_in", nil, "ログイン"},
		{Japanese, "lang.ja", nil, "日本語"},
		{English, "lang.en", nil, "English"},
		{English, "members.invited", []any{"email", "a@example.jp"}, "An invitation has been sent to a@example.jp."},
		{Japanese, "members.invited", []any{"email", "a@example.jp"}, "a@example.jp宛てに招待メールを送信しました。"},
		{English, "validation.too_long", []any{"max", 100}, "Please enter at most 100 characters."},
		{Japanese, "validation.password_short", []any{"min", 12}, "パスワードは12文字以上で入力してください。"},
		{English, "members.invited", nil, "An invitation has been sent to {email}."},
		{English, "members.invited", []any{"mail", "x"}, "An invitation has been sent to {email}."},
		{English, "members.invited", []any{"email"}, "An invitation has been sent to {email}."},
		{English, "members.role_changed", []any{"name", "Sato", "role", "Viewer"}, "The role of Sato is now Viewer."},
		{English, "members.role_changed", []any{"role", "Viewer"}, "The role of {name} is now Viewer."},
		{English, "check.proof.pass", nil, "The signature matches the issuer's published key."},
		{Japanese, "check.proof.pass", nil, "署名は発行者が公開している鍵と一致しています。"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestTMissingKey(t *testing.T) {
	c, err := load(messageFiles)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(English, "no.such.key"); got != "[no.such.key]" {
		t.Errorf(`T(en, "no.such.key") = %q, want "[no.such.key]"`, got)
	}
	if got := c.T("fr", "auth.sign_in"); got != "[auth.sign_in]" {
		t.Errorf(`T(fr, "auth.sign_in") = %q, want "[auth.sign_in]"`, got)
	}
	c.T(Japanese, "auth.sign_in")
	want := []string{"en:no.such.key", "fr:auth.sign_in"}
	if got := c.Missing(); !slices.Equal(got, want) {
		t.Errorf("Missing() = %v, want %v", got, want)
	}
}

func TestKeys(t *testing.T) {
	c := Default()
	en := c.Keys(English)
	if !slices.IsSorted(en) || len(en) == 0 {
		t.Errorf("Keys(en) not sorted or empty: %d keys", len(en))
	}
	if got := c.Keys("fr"); got != nil {
		t.Errorf("Keys(fr) = %v, want nil", got)
	}
}

// TestCSVKeys: every message the CSV reader can produce is translated.
func TestCSVKeys(t *testing.T) {
	c := Default()
	for _, k := range awardcsv.Keys() {
		for _, l := range Supported {
			if _, ok := c.messages[l][k]; !ok {
				t.Errorf("%s: CSV message %s missing", l, k)
			}
		}
	}
}
