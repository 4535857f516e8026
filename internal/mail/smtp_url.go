// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// smtpServer is what an SMTP URL says: where to connect, how, as whom.
type smtpServer struct {
	host        string
	port        int
	implicitTLS bool
	user, pass  string
	redacted    string
}

// parseSMTPURL reads smtp://[user[:pass]@]host[:port] (port 587, STARTTLS
// when offered) or smtps://… (port 465, TLS from the first byte). The
// user name and password are percent-decoded. Errors never repeat the URL,
// which may hold a password.
func parseSMTPURL(raw string) (smtpServer, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return smtpServer{}, fmt.Errorf("mail: SMTP URL does not parse: %v", err)
	}
	var s smtpServer
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicitTLS = 465, true
	case "":
		return smtpServer{}, errors.New("mail: SMTP URL has no scheme; want smtp://host:port or smtps://host:port")
	default:
		return smtpServer{}, fmt.Errorf("mail: SMTP URL scheme %q is not supported; want smtp:// or smtps://", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return smtpServer{}, errors.New("mail: SMTP URL has no host; want smtp://host:port")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return smtpServer{}, fmt.Errorf("mail: SMTP URL port %q is not a port number", p)
		}
		s.port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return smtpServer{}, errors.New("mail: SMTP URL may not have a path, query or fragment; want smtp://user:pass@host:port")
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
		if s.user == "" {
			return smtpServer{}, errors.New("mail: SMTP URL has a password but no user name")
		}
	}
	s.redacted = u.Redacted()
	return s, nil
}
