// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/web"
)

// TestSignUpVerifySignIn: sign up, the confirmation mail is in the outbox,
// its link confirms the address, sign in, the console.
func TestSignUpVerifySignIn(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.run([]step{
		{name: "sign-up form", path: "/signup", status: 200, want: []string{`<html lang="ja">`, "アカウント登録", `name="password"`, "10文字以上"}},
		{name: "sign up", method: "POST", path: "/signup", form: form("name", "佐藤 花子", "email", "Hanako@Example.ac.jp", "password", "correct horse battery"),
			status: 303, location: "/login?email=hanako%40example.ac.jp"},
		{name: "sign-in form says the mail was sent and keeps the address", path: "/login?email=hanako%40example.ac.jp", status: 200,
			want: []string{"hanako@example.ac.jp宛てに確認用のリンク", `value="hanako@example.ac.jp"`}},
	})
	mail := s.mailTo("hanako@example.ac.jp")
	link := s.linkIn(mail, "/verify-email?token=")
	b.run([]step{
		{name: "the link shows a button", path: link, status: 200, want: []string{"メールアドレスの確認", `action="/verify-email"`}},
		{name: "confirm", method: "POST", path: "/verify-email", form: form("token", strings.TrimPrefix(link, "/verify-email?token=")), status: 303, location: "/login"},
		{name: "confirmed", path: "/login", status: 200, want: []string{"メールアドレスの確認が完了しました"}},
		{name: "the link is used up", method: "POST", path: "/verify-email", form: form("token", strings.TrimPrefix(link, "/verify-email?token=")), status: 404,
			want: []string{"有効期限が切れているか、すでに使用されています"}},
	})
	a, err := s.m.Store.FindAccountByEmail(context.Background(), "hanako@example.ac.jp")
	if err != nil || a.EmailVerifiedAt == nil {
		t.Fatalf("account after confirming = %+v, %v; want verified", a, err)
	}
	b.signIn("hanako@example.ac.jp", "correct horse battery")
	b.check(step{name: "console without an organisation", path: "/console", status: 200,
		want: []string{"佐藤 花子", "まだどの組織にも所属していません"}, notWant: []string{`action="/console/switch"`}})
	b.check(step{name: "members needs an organisation", path: "/console/members", status: 303, location: "/console"})
}

// TestSignUpBadInput: each bad form is shown again with the message next to
// the field, what was entered kept (never the password), and no account.
func TestSignUpBadInput(t *testing.T) {
	s := start(t)
	b := s.browser()
	long := strings.Repeat("長", 201)
	tests := []struct {
		name, fullName, email, password string
		status                          int
		want                            []string
	}{
		{"all missing", "", "", "", 400, []string{"この項目は必須です", `id="f-name-error"`, `id="f-email-error"`, `id="f-password-error"`}},
		{"name too long", long, "long@example.jp", "correct horse battery", 400, []string{"200文字以内で入力してください", `aria-invalid="true"`, `value="long@example.jp"`}},
		{"address too long", "Long", strings.Repeat("a", 250) + "@example.jp", "correct horse battery", 400, []string{"254文字以内で入力してください"}},
		{"invalid address", "Bad", "not-an-address", "correct horse battery", 400, []string{"メールアドレスの形式が正しくありません", `id="f-email-error"`, `value="not-an-address"`}},
		{"address without a dotted domain", "Bad", "a@localhost", "correct horse battery", 400, []string{"メールアドレスの形式が正しくありません"}},
		{"password too short", "Short", "short@example.jp", "tiny", 400, []string{"パスワードは10文字以上で入力してください", `id="f-password-error"`, `value="Short"`}},
		{"address taken", "Dup", demoEmail, "correct horse battery", 409, []string{"このメールアドレスはすでに登録されています", `id="f-email-error"`}},
	}
	for _, tt := range tests {
		r := b.check(step{name: tt.name, method: "POST", path: "/signup", form: form("name", tt.fullName, "email", tt.email, "password", tt.password),
			status: tt.status, want: append(tt.want, `role="alert"`)})
		if tt.password != "" && strings.Contains(r.body, tt.password) {
			t.Errorf("%s: the page shows the password", tt.name)
		}
		if tt.email != "" && tt.email != demoEmail {
			if _, err := s.m.Store.FindAccountByEmail(context.Background(), tt.email); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: FindAccountByEmail(%q) = %v, want ErrNotFound", tt.name, tt.email, err)
			}
		}
	}
	b.acceptLanguage = "en"
	b.check(step{name: "English messages", method: "POST", path: "/signup", form: form("name", "Bad", "email", "bad", "password", "correct horse battery"),
		status: 400, want: []string{"Please enter a valid e-mail address", `<html lang="en">`}})
}

// TestSignInWrongPassword: wrong passwords get a clear message, and after
// five the sign-in is refused whatever the password.
func TestSignInWrongPassword(t *testing.T) {
	s := start(t)
	b := s.browser()
	for i := range 5 {
		r := b.check(step{name: "wrong password", method: "POST", path: "/login", form: form("email", demoEmail, "password", "wrong password"),
			status: http.StatusUnauthorized, want: []string{"メールアドレスまたはパスワードが正しくありません", `value="` + demoEmail + `"`}})
		if i == 0 && strings.Contains(r.body, "wrong password") {
			t.Error("the page shows the password")
		}
	}
	b.check(step{name: "sixth try, right password", method: "POST", path: "/login", form: form("email", demoEmail, "password", demoPassword),
		status: http.StatusTooManyRequests, want: []string{"ログインの試行回数が上限を超えました"}})
	b.check(step{name: "still signed out", path: "/console", status: 303, location: "/login?next=%2Fconsole"})
	b.check(step{name: "empty form", method: "POST", path: "/login", form: form("email", "", "password", ""), status: 400,
		want: []string{"この項目は必須です"}})
}

// TestSessionCookie: the cookie's attributes, and signing out ends the
// session on the server too.
func TestSessionCookie(t *testing.T) {
	s := start(t)
	b := s.browser()
	r := b.do(step{method: "POST", path: "/login", form: form("email", demoEmail, "password", demoPassword, "next", "/console/members")})
	if r.status != 303 || r.location != "/console/members" {
		t.Fatalf("sign in with next = %d %q, want 303 /console/members", r.status, r.location)
	}
	var token string
	for _, c := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "akashi_session=") {
			token = c
		}
	}
	for _, attr := range []string{"Path=/", "Max-Age=1209600", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(token, attr) {
			t.Errorf("Set-Cookie %q lacks %s", token, attr)
		}
	}
	if strings.Contains(token, "Secure") {
		t.Errorf("Set-Cookie %q is Secure on plain http", token)
	}
	stolen := s.browser()
	for _, c := range b.c.Jar.Cookies(mustURL(s.URL)) {
		stolen.c.Jar.SetCookies(mustURL(s.URL), []*http.Cookie{c})
	}
	b.run([]step{
		{name: "signed in", path: "/console", status: 200, want: []string{"ログアウト"}},
		{name: "the sign-in page goes on", path: "/login?next=/console/settings", status: 303, location: "/console/settings"},
		{name: "sign out", method: "POST", path: "/logout", status: 303, location: "/login"},
		{name: "signed out", path: "/login", status: 200, want: []string{"ログアウトしました"}},
		{name: "console wants sign-in", path: "/console/audit?page=2", status: 303, location: "/login?next=%2Fconsole%2Faudit%3Fpage%3D2"},
	})
	stolen.check(step{name: "the old cookie no longer works", path: "/console", status: 303, location: "/login?next=%2Fconsole"})
}

// TestPasswordReset: the reset mail's link sets a new password.
func TestPasswordReset(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.run([]step{
		{name: "form", path: "/forgot-password", status: 200, want: []string{"パスワードの再設定"}},
		{name: "unknown address says the same", method: "POST", path: "/forgot-password", form: form("email", "nobody@example.jp"), status: 303, location: "/forgot-password"},
		{name: "request", method: "POST", path: "/forgot-password", form: form("email", demoEmail), status: 303, location: "/forgot-password"},
		{name: "sent", path: "/forgot-password", status: 200, want: []string{demoEmail + "のアカウントが登録されている場合は"}},
	})
	link := s.linkIn(s.mailTo(demoEmail), "/reset-password?token=")
	tok := strings.TrimPrefix(link, "/reset-password?token=")
	b.run([]step{
		{name: "reset form", path: link, status: 200, want: []string{"新しいパスワード", `name="token"`}},
		{name: "too short", method: "POST", path: "/reset-password", form: form("token", tok, "password", "short"), status: 400,
			want: []string{"パスワードは10文字以上で入力してください"}},
		{name: "reset", method: "POST", path: "/reset-password", form: form("token", tok, "password", "a brand new passphrase"), status: 303, location: "/login"},
		{name: "done", path: "/login", status: 200, want: []string{"パスワードを変更しました"}},
		{name: "link used up", method: "POST", path: "/reset-password", form: form("token", tok, "password", "another new passphrase"), status: 404},
		{name: "no token", path: "/reset-password", status: 404},
	})
	b.signIn(demoEmail, "a brand new passphrase")
}

// TestSecureCookie: behind an https base URL (TLS ended by a proxy) the
// session cookie is Secure even on a plain-http request.
func TestSecureCookie(t *testing.T) {
	s := start(t)
	svc := s.m.Service()
	svc.BaseURL = "https://badges.example.ac.jp"
	h := web.New(svc, nil)
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form("email", demoEmail, "password", demoPassword).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 303 {
		t.Fatalf("POST /login = %d, want 303", rec.Code)
	}
	if c := rec.Header().Get("Set-Cookie"); !strings.Contains(c, "akashi_session=") || !strings.Contains(c, "; Secure") {
		t.Errorf("Set-Cookie = %q, want a Secure session cookie", c)
	}
}
