// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"strings"
	"testing"
	"time"
)

func TestNewSMTPSenderBadURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want string // in the error text
	}{
		{"http://mail.example.jp", `scheme "http" is not supported`},
		{"smtps+starttls://mail.example.jp", `scheme "smtps+starttls" is not supported`},
		{"localhost:25", `scheme "localhost" is not supported`},
		{"mail.example.jp", "no scheme"},
		{"", "no scheme"},
		{"smtp://", "no host"},
		{"smtp:///path", "no host"},
		{"smtp://user:s3cret@:25", "no host"},
		{"smtp:mail.example.jp:25", "no host"},
		{"smtp://mail.example.jp:0", `port "0"`},
		{"smtp://mail.example.jp:70000", `port "70000"`},
		{"smtp://user:s3cret@mail.example.jp:smtp", "does not parse"},
		{"smtp://mail.example.jp/relay", "may not have a path"},
		{"smtp://mail.example.jp?starttls=no", "may not have a path, query"},
		{"smtp://:s3cret@mail.example.jp", "no user name"},
		{"smtp://user:s3cret%zz@mail.example.jp", "does not parse"},
	} {
		_, err := NewSMTPSender(tc.url, SMTPOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mail: ") {
			t.Errorf("NewSMTPSender(%q) = %v, want an error about %q", tc.url, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("NewSMTPSender(%q) error %q shows the password", tc.url, err)
		}
	}
}

func TestNewSMTPSenderBadOptions(t *testing.T) {
	if _, err := NewSMTPSender("smtp://mail.example.jp", SMTPOptions{From: "no address here"}); err == nil || !strings.Contains(err.Error(), "default From") {
		t.Errorf("NewSMTPSender with a bad From = %v, want an error about the default From", err)
	}
	if _, err := NewSMTPSender("smtp://mail.example.jp", SMTPOptions{Timeout: -time.Second}); err == nil {
		t.Error("NewSMTPSender with a negative timeout = nil error")
	}
}

func TestNewSMTPSenderDefaults(t *testing.T) {
	for _, tc := range []struct {
		url, host string
		port      int
		tls       bool
		user      string
		pass      string
	}{
		{"smtp://mail.example.jp", "mail.example.jp", 587, false, "", ""},
		{"smtp://mail.example.jp:25", "mail.example.jp", 25, false, "", ""},
		{"smtps://mail.example.jp", "mail.example.jp", 465, true, "", ""},
		{"smtp://[::1]:2525", "::1", 2525, false, "", ""},
		{"smtp://noreply%40example.jp:p%2Fw@mail.example.jp/", "mail.example.jp", 587, false, "noreply@example.jp", "p/w"},
	} {
		s, err := NewSMTPSender(tc.url, SMTPOptions{})
		if err != nil {
			t.Errorf("NewSMTPSender(%q) = %v", tc.url, err)
			continue
		}
		got := s.server
		if got.host != tc.host || got.port != tc.port || got.implicitTLS != tc.tls || got.user != tc.user || got.pass != tc.pass {
			t.Errorf("NewSMTPSender(%q) = %s:%d tls=%v user=%q pass=%q, want %s:%d tls=%v user=%q pass=%q", tc.url,
				got.host, got.port, got.implicitTLS, got.user, got.pass, tc.host, tc.port, tc.tls, tc.user, tc.pass)
		}
		if s.opts.Timeout != DefaultTimeout {
			t.Errorf("NewSMTPSender(%q).Timeout = %v, want %v", tc.url, s.opts.Timeout, DefaultTimeout)
		}
	}
}

func TestSMTPSenderString(t *testing.T) {
	s, err := NewSMTPSender("smtps://akashi:s3cret@mail.example.jp:465", SMTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), "smtps://akashi:xxxxx@mail.example.jp:465"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
