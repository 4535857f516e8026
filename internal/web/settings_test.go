// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSettings: the form shows the values, bad ones are explained next to
// their field with what was entered kept, good ones are saved.
func TestSettings(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.signIn(demoEmail, demoPassword)
	ok := form("name", "明石大学", "url", "https://akashi.example.ac.jp", "contact_email", "office@akashi.example.ac.jp", "default_locale", "en", "awards_private", "1")
	bad := func(k, v string) map[string][]string {
		f := form("name", "明石大学", "url", "", "contact_email", "", "default_locale", "ja")
		f.Set(k, v)
		return f
	}
	b.run([]step{
		{name: "form", path: "/console/settings", status: 200, want: []string{`value="明石デモ大学 / Akashi Demo University"`, `value="ja" selected`, "新しい授与を非公開にする"},
			notWant: []string{`value="1" checked`}},
		{name: "name required", method: "POST", path: "/console/settings", form: bad("name", " "), status: 400,
			want: []string{`id="f-name-error"`, "この項目は必須です"}},
		{name: "name too long", method: "POST", path: "/console/settings", form: bad("name", strings.Repeat("x", 201)), status: 400,
			want: []string{"200文字以内で入力してください"}},
		{name: "not a URL", method: "POST", path: "/console/settings", form: bad("url", "akashi.example"), status: 400,
			want: []string{`id="f-url-error"`, "https:// または http:// から始まるURL", `value="akashi.example"`}},
		{name: "not an address", method: "POST", path: "/console/settings", form: bad("contact_email", "office"), status: 400,
			want: []string{`id="f-contact_email-error"`, "メールアドレスの形式が正しくありません"}},
		{name: "no such language", method: "POST", path: "/console/settings", form: bad("default_locale", "fr"), status: 400,
			want: []string{`id="f-default_locale-error"`, "日本語または英語を選択してください"}},
		{name: "save", method: "POST", path: "/console/settings", form: ok, status: 303, location: "/console/settings"},
		{name: "saved", path: "/console/settings", status: 200,
			want: []string{"組織の設定を保存しました", `value="明石大学"`, `value="https://akashi.example.ac.jp"`, `value="en" selected`, `name="awards_private" value="1" checked`}},
	})
	o, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil || o.Name != "明石大学" || o.DefaultLocale != "en" || !o.AwardsPrivate {
		t.Errorf("organisation after saving = %+v, %v", o, err)
	}
}

// TestLogo: a PNG logo is saved and served; a file that is not an image is
// refused; the logo can be removed.
func TestLogo(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.signIn(demoEmail, demoPassword)
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{39, 70, 110, 255})
	var pngData bytes.Buffer
	png.Encode(&pngData, img)

	if st, loc := b.upload(t, "/console/settings/logo", "logo", "logo.png", pngData.Bytes(), nil); st != 303 || loc != "/console/settings" {
		t.Fatalf("upload PNG = %d %q", st, loc)
	}
	b.check(step{name: "saved", path: "/console/settings", status: 200, want: []string{"ロゴを保存しました", `src="/console/settings/logo"`}})
	r := b.check(step{name: "served", path: "/console/settings/logo", status: 200})
	if r.body != pngData.String() || r.header.Get("Content-Type") != "image/png" {
		t.Errorf("logo = %d bytes %q, want the PNG", len(r.body), r.header.Get("Content-Type"))
	}
	if st, _ := b.upload(t, "/console/settings/logo", "logo", "logo.png", []byte("<script>alert(1)</script>"), nil); st != 303 {
		t.Fatalf("upload non-image = %d", st)
	}
	b.check(step{name: "refused", path: "/console/settings", status: 200, want: []string{"PNGまたはSVG形式の画像を指定してください"}})
	if st, _ := b.upload(t, "/console/settings/logo", "logo", "big.png", make([]byte, 600<<10), nil); st != 303 {
		t.Fatalf("upload too large = %d", st)
	}
	b.check(step{name: "too large", path: "/console/settings", status: 200, want: []string{"512 KBまで"}})
	if st, _ := b.upload(t, "/console/settings/logo", "", "", nil, map[string]string{"remove": "1"}); st != 303 {
		t.Fatalf("remove = %d", st)
	}
	b.check(step{name: "removed", path: "/console/settings", status: 200, want: []string{"ロゴを削除しました"}, notWant: []string{`src="/console/settings/logo"`}})
	b.check(step{name: "no logo", path: "/console/settings/logo", status: 404})
}

// upload posts a multipart form with one file (when field is set) and
// values, and returns the status and redirect.
func (b *browser) upload(t *testing.T, path, field, name string, data []byte, values map[string]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range values {
		mw.WriteField(k, v)
	}
	if field != "" {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestAPIClients: a new client's secret is shown once; the list shows the
// client; revoking it marks it revoked.
func TestAPIClients(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.signIn(demoEmail, demoPassword)
	b.check(step{name: "name required", method: "POST", path: "/console/api-clients", form: form("name", ""), status: 400,
		want: []string{"この項目は必須です"}})
	r := b.check(step{name: "create", method: "POST", path: "/console/api-clients", form: form("name", "Moodle 4.5"), status: 201,
		want: []string{"APIクライアント「Moodle 4.5」を作成しました", "表示されるのは今回だけです", "akc_"}})
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("secret page Cache-Control = %q, want no-store", r.header.Get("Cache-Control"))
	}
	m := regexpSecret.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no secret on the page:\n%s", mainOf(r.body))
	}
	list := b.check(step{name: "list", path: "/console/api-clients", status: 200, want: []string{"Moodle 4.5", "demo"}})
	if strings.Contains(list.body, m[2]) {
		t.Error("the list shows the secret again")
	}
	c, err := s.m.Store.FindAPIClientByClientID(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	b.run([]step{
		{name: "revoke", method: "POST", path: "/console/api-clients/" + itoa(c.ID) + "/revoke", form: form("name", "Moodle 4.5"), status: 303},
		{name: "revoked", path: "/console/api-clients", status: 200, want: []string{"APIクライアント「Moodle 4.5」を無効にしました", "無効"}},
	})
}

var regexpSecret = regexp.MustCompile(`(?s)class="copyable">(akc_[^<]+)</code>.*?class="copyable">([^<]+)</code>`)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
