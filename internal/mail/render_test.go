// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
	"time"
)

// jst is Japan time without depending on the machine's zone database.
var jst = time.FixedZone("JST", 9*60*60)

// sampleData returns realistic data for kind: Japanese names for "ja",
// English ones otherwise; the links are the same in both.
func sampleData(kind Kind, locale string) any {
	expires := time.Date(2025, 5, 31, 23, 59, 0, 0, jst)
	site, person, inviter, org, badge := "Akashi", "山田 太郎", "佐藤 花子", "千葉大学", "データサイエンス基礎"
	if locale != "ja" {
		person, inviter, org, badge = "Taro Yamada", "Hanako Sato", "Chiba University", "Data Science Basics"
	}
	switch kind {
	case KindVerifyEmail:
		return VerifyEmailData{SiteName: site, Name: person,
			URL: "https://badges.example.ac.jp/verify/7d1e0b", Expires: expires}
	case KindResetPassword:
		return ResetPasswordData{SiteName: site, Name: person,
			URL: "https://badges.example.ac.jp/reset/91c4aa", Expires: expires}
	case KindInvitation:
		return InvitationData{SiteName: site, OrgName: org, InviterName: inviter, Role: "issuer",
			URL: "https://badges.example.ac.jp/invite/5be210", Expires: expires}
	case KindAward:
		return AwardData{SiteName: site, RecipientName: person, BadgeName: badge,
			IssuerName: org, ClaimURL: "https://badges.example.ac.jp/claim/3f2a9c?src=mail&v=1", Expires: expires}
	}
	panic("no sample data for " + kind)
}

// sampleURL is the link in kind's sample data.
func sampleURL(kind Kind) string {
	v := reflect.ValueOf(sampleData(kind, "ja"))
	if f := v.FieldByName("ClaimURL"); f.IsValid() {
		return f.String()
	}
	return v.FieldByName("URL").String()
}

// toMap turns a data struct into the equivalent map.
func toMap(data any) map[string]any {
	v := reflect.ValueOf(data)
	m := make(map[string]any)
	for i := range v.NumField() {
		m[v.Type().Field(i).Name] = v.Field(i).Interface()
	}
	return m
}

func TestKindsAndLocales(t *testing.T) {
	wantKinds := []Kind{"verify_email", "reset_password", "invitation", "award"}
	if got := Kinds(); !slices.Equal(got, wantKinds) {
		t.Errorf("Kinds() = %q, want %q", got, wantKinds)
	}
	if got := Locales(); !slices.Equal(got, []string{"ja", "en"}) {
		t.Errorf("Locales() = %q, want [ja en]", got)
	}
	Kinds()[0] = "changed"
	if Kinds()[0] != KindVerifyEmail {
		t.Error("Kinds() returns the package's own slice")
	}
}

func TestRenderEveryKindAndLocale(t *testing.T) {
	wantDate := map[string]string{"ja": "2025年5月31日（土）23:59 JST", "en": "Saturday, 31 May 2025, 23:59 JST"}
	for _, kind := range Kinds() {
		for _, locale := range Locales() {
			t.Run(string(kind)+"."+locale, func(t *testing.T) {
				subject, text, html, err := Render(kind, locale, sampleData(kind, locale))
				if err != nil {
					t.Fatalf("Render() = %v", err)
				}
				if subject == "" || strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject = %q, want one non-empty line", subject)
				}
				url := sampleURL(kind)
				if !strings.Contains(text, "\n"+url+"\n") {
					t.Errorf("text lacks the link %s on a line of its own:\n%s", url, text)
				}
				escaped := strings.ReplaceAll(url, "&", "&amp;")
				if strings.Count(html, `href="`+escaped+`"`) != 2 || !strings.Contains(html, ">"+escaped+"</a>") {
					t.Errorf("HTML should have the link %s as a button, as a written-out link and as its text", url)
				}
				for _, want := range []string{`<html lang="` + locale + `">`, `role="presentation"`, `name="viewport"`, "max-width:600px"} {
					if !strings.Contains(html, want) {
						t.Errorf("HTML lacks %q", want)
					}
				}
				if !strings.Contains(text, wantDate[locale]) || !strings.Contains(html, wantDate[locale]) {
					t.Errorf("text or HTML lacks the expiry %q", wantDate[locale])
				}
				if strings.Contains(text+html, "<no value>") {
					t.Error("output contains <no value>")
				}
			})
		}
	}
}

// TestRenderJapanese checks the wording Japanese users know from the claim
// mails they already receive.
func TestRenderJapanese(t *testing.T) {
	for kind, want := range map[Kind][]string{
		KindAward: {"【千葉大学】デジタルバッジ「データサイエンス基礎」が発行されました", "山田 太郎 様",
			"千葉大学から「データサイエンス基礎」のデジタルバッジが発行されました。", "バッジを受け取る", "有効期限", "お受け取りください"},
		KindVerifyEmail:   {"【Akashi】メールアドレスのご確認", "メールアドレスを確認する", "有効期限"},
		KindResetPassword: {"【Akashi】パスワード再設定のご案内", "パスワードを再設定する", "パスワードは変更されません"},
		KindInvitation:    {"【千葉大学】Akashiへの招待のお知らせ", "佐藤 花子さんから", "発行担当者として参加できます", "招待を承諾する"},
	} {
		subject, text, html, err := Render(kind, "ja", sampleData(kind, "ja"))
		if err != nil {
			t.Fatalf("Render(%s, ja) = %v", kind, err)
		}
		all := subject + "\n" + text + "\n" + html
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("Render(%s, ja) lacks %q", kind, w)
			}
		}
	}
}

func TestRenderLocaleForms(t *testing.T) {
	for _, locale := range []string{"ja-JP", "JA", "ja_JP"} {
		_, text, _, err := Render(KindAward, locale, sampleData(KindAward, "ja"))
		if err != nil || !strings.Contains(text, "バッジを受け取る") {
			t.Errorf("Render(award, %q) = %v, want the Japanese mail", locale, err)
		}
	}
	for _, locale := range []string{"", "fr", "zh-TW"} {
		if _, _, _, err := Render(KindAward, locale, sampleData(KindAward, "ja")); err == nil {
			t.Errorf("Render(award, %q) = nil error, want unknown locale", locale)
		}
	}
	if _, _, _, err := Render("welcome", "ja", sampleData(KindAward, "ja")); err == nil || !strings.Contains(err.Error(), "unknown kind") {
		t.Errorf("Render(welcome) = %v, want unknown kind", err)
	}
}

// templateFields lists the data fields a template set refers to.
func templateFields(t *testing.T, trees []*parse.Tree) []string {
	t.Helper()
	seen := make(map[string]bool)
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			seen[n.Ident[0]] = true
		case *parse.ChainNode:
			walk(n.Node)
		}
	}
	for _, tree := range trees {
		if tree != nil {
			walk(tree.Root)
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// TestTemplatesUseTheSameFields checks that the text and HTML templates of
// a kind, in every locale, use exactly the fields of its data type: a
// caller's data works whatever the recipient's language, and no field is
// silently dropped from one version.
func TestTemplatesUseTheSameFields(t *testing.T) {
	sets, err := templates()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds() {
		typ := reflect.TypeOf(sampleData(kind, "ja"))
		var want []string
		for i := range typ.NumField() {
			want = append(want, typ.Field(i).Name)
		}
		slices.Sort(want)
		for _, locale := range Locales() {
			set := sets[string(kind)+"."+locale]
			var textTrees, htmlTrees []*parse.Tree
			for _, tt := range set.text.Templates() {
				textTrees = append(textTrees, tt.Tree)
			}
			for _, ht := range set.html.Templates() {
				htmlTrees = append(htmlTrees, ht.Tree)
			}
			if got := templateFields(t, textTrees); !slices.Equal(got, want) {
				t.Errorf("%s.%s.txt uses %q, want %s's fields %q", kind, locale, got, typ.Name(), want)
			}
			if got := templateFields(t, htmlTrees); !slices.Equal(got, want) {
				t.Errorf("%s.%s.html uses %q, want %s's fields %q", kind, locale, got, typ.Name(), want)
			}
		}
	}
}

func TestRenderMissingField(t *testing.T) {
	for _, kind := range Kinds() {
		for _, locale := range Locales() {
			full := toMap(sampleData(kind, locale))
			s1, t1, h1, err := Render(kind, locale, full)
			s2, t2, h2, _ := Render(kind, locale, sampleData(kind, locale))
			if err != nil || s1 != s2 || t1 != t2 || h1 != h2 {
				t.Errorf("Render(%s, %s) from a map = %v, want the same mail as from the struct", kind, locale, err)
			}
			for field := range full {
				data := maps.Clone(full)
				delete(data, field)
				if _, _, _, err := Render(kind, locale, data); err == nil {
					t.Errorf("Render(%s, %s) without %s = nil error, want an error", kind, locale, field)
				}
			}
		}
		if _, _, _, err := Render(kind, "ja", struct{ SiteName string }{"Akashi"}); err == nil {
			t.Errorf("Render(%s) with the wrong struct = nil error", kind)
		}
	}
}

func TestRenderEscapesHTML(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	data := sampleData(KindAward, "ja").(AwardData)
	data.RecipientName = evil
	data.BadgeName = evil + " & <b>"
	data.IssuerName = `"><img src=x onerror=alert(1)>`
	for _, locale := range Locales() {
		_, text, html, err := Render(KindAward, locale, data)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, "<script>") || strings.Contains(html, "<img") || strings.Contains(html, "<b>") {
			t.Errorf("%s HTML lets markup from the data through", locale)
		}
		if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s HTML lacks the escaped name", locale)
		}
		if !strings.Contains(text, evil) {
			t.Errorf("%s text should show the name as written", locale)
		}
	}
	data = sampleData(KindAward, "ja").(AwardData)
	data.ClaimURL = "javascript:alert(1)"
	_, _, html, err := Render(KindAward, "en", data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, `href="javascript:`) || !strings.Contains(html, `href="#ZgotmplZ"`) {
		t.Error("a javascript: link reached an href")
	}
}

func TestRenderOptionalParts(t *testing.T) {
	award := sampleData(KindAward, "ja").(AwardData)
	award.Expires = time.Time{}
	award.RecipientName = ""
	for _, locale := range Locales() {
		_, text, html, err := Render(KindAward, locale, award)
		if err != nil {
			t.Fatalf("Render(award, %s) without expiry = %v", locale, err)
		}
		for _, no := range []string{"有効期限", "Claim by", " 様", "0001"} {
			if strings.Contains(text, no) || strings.Contains(html, no) {
				t.Errorf("Render(award, %s) without expiry or name still says %q", locale, no)
			}
		}
	}
	verify := sampleData(KindVerifyEmail, "ja").(VerifyEmailData)
	verify.Expires = time.Time{}
	if _, _, _, err := Render(KindVerifyEmail, "ja", verify); err == nil {
		t.Error("Render(verify_email) with no expiry = nil error, want an error: its link always expires")
	}
	invite := sampleData(KindInvitation, "en").(InvitationData)
	invite.Role = "superuser"
	if _, _, _, err := Render(KindInvitation, "en", invite); err == nil || !strings.Contains(err.Error(), "superuser") {
		t.Errorf("Render(invitation) with role superuser = %v, want an unknown role error", err)
	}
}

func TestRenderSubjectOneLine(t *testing.T) {
	data := sampleData(KindAward, "ja").(AwardData)
	data.BadgeName = "データ\nサイエンス"
	subject, _, _, err := Render(KindAward, "ja", data)
	if err != nil || subject != "【千葉大学】デジタルバッジ「データ サイエンス」が発行されました" {
		t.Errorf("Render() subject = %q, %v; want the newline folded into a space", subject, err)
	}
}
