// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/store"
)

// Lifetimes and limits of the account flows.
const (
	SessionLifetime     = 14 * 24 * time.Hour
	VerifyEmailLifetime = 48 * time.Hour
	ResetLifetime       = time.Hour
	// SignInLimit failed attempts per SignInWindow, per e-mail address and
	// per client address, before sign-in is refused for the rest of the window.
	SignInLimit  = 5
	SignInWindow = 15 * time.Minute
	// VerifyResendInterval is the least time between two confirmation
	// mails to one account.
	VerifyResendInterval = time.Minute
)

// hashToken is how tokens sent to users are stored: only their SHA-256.
func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// SignUp creates an account and sends the e-mail verification link.
func (s *Service) SignUp(ctx context.Context, in NewAccount) (*badge.Account, error) {
	in.Verified = false
	var a *badge.Account
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var err error
		if a, err = s.createAccount(ctx, tx, in); err != nil {
			return err
		}
		return s.sendVerification(ctx, tx, a)
	})
	return a, err
}

// sendVerification mails a link that confirms the account's address, and
// notes the time for [Service.ResendVerification]'s limit.
func (s *Service) sendVerification(ctx context.Context, tx store.Tx, a *badge.Account) error {
	if err := tx.CreateLoginAttempt(ctx, &badge.LoginAttempt{Key: verifyMailKey(a.ID)}); err != nil {
		return err
	}
	tok := randomToken(43)
	exp := s.now().Add(VerifyEmailLifetime)
	if err := tx.CreateAccountToken(ctx, &badge.AccountToken{TokenHash: hashToken(tok), Kind: "verify_email", AccountID: a.ID, Email: a.Email, ExpiresAt: exp}); err != nil {
		return err
	}
	return s.queueMail(ctx, tx, 0, a.Email, a.Locale, mail.KindVerifyEmail, mail.VerifyEmailData{
		SiteName: siteName, Name: a.Name, URL: s.BaseURL + "/verify-email?token=" + tok, Expires: exp.In(tokyo)})
}

// verifyMailKey counts the confirmation mails sent to an account, in the
// store's sign-in throttle.
func verifyMailKey(accountID int64) string { return fmt.Sprintf("verify_mail:%d", accountID) }

// ResendVerification mails the signed-in account a new link to confirm its
// address, at most once per VerifyResendInterval (counting the mail sent at
// sign-up); sooner is a rate_limited error. An address already confirmed
// is a conflict error (auth.already_verified).
func (s *Service) ResendVerification(ctx context.Context) (*badge.Account, error) {
	id := ActorFrom(ctx).AccountID
	if id == 0 {
		return nil, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	var a *badge.Account
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var err error
		if a, err = tx.FindAccountByID(ctx, id); err != nil {
			return err
		}
		if a.EmailVerifiedAt != nil {
			return badge.Conflict("", "auth.already_verified", "Your e-mail address is already confirmed.")
		}
		n, err := tx.CountLoginAttempts(ctx, verifyMailKey(id), s.now().Add(-VerifyResendInterval))
		if err != nil {
			return err
		}
		if n > 0 {
			return badge.RateLimited("auth.resend_wait", "A confirmation e-mail was sent less than a minute ago. Please wait a moment before asking again.")
		}
		return s.sendVerification(ctx, tx, a)
	})
	return a, err
}

// VerifyEmail marks the address the token was sent to as verified. A used
// or expired token is a not_found error.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*badge.Account, error) {
	var a *badge.Account
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		t, err := tx.UseAccountToken(ctx, hashToken(token), "verify_email")
		if err != nil {
			return badge.NotFound("auth.link_invalid", "This link has expired or was already used.")
		}
		now := s.now()
		// A secondary address of the account (see [Service.AddEmail]) is
		// confirmed in place; otherwise the token confirms the account's own.
		if e, err := tx.FindAccountEmail(ctx, t.Email); err == nil && e.AccountID == t.AccountID && !e.Primary {
			if _, err := tx.VerifyAccountEmail(ctx, t.AccountID, t.Email, now); err != nil {
				return err
			}
			a, err = tx.FindAccountByID(ctx, t.AccountID)
			return err
		}
		a, err = tx.UpdateAccount(ctx, t.AccountID, store.AccountUpdate{Email: &t.Email, EmailVerifiedAt: &now})
		return err
	})
	return a, err
}

// SessionToken is a new session, the secret for its cookie, and the
// account signed in.
type SessionToken struct {
	Token   string
	Session *badge.Session
	Account *badge.Account
}

// SignIn checks the password and opens a session. Failed attempts are
// counted per e-mail and per client address; past the limit it answers
// rate_limited, whatever the password. Unknown e-mail and wrong password
// give the same error.
func (s *Service) SignIn(ctx context.Context, email, password, ip, userAgent string) (*SessionToken, error) {
	email = badge.NormalizeEmail(email)
	keys := []string{"email:" + email}
	if ip != "" {
		keys = append(keys, "ip:"+ip)
	}
	since := s.now().Add(-SignInWindow)
	for _, k := range keys {
		n, err := s.Store.CountLoginAttempts(ctx, k, since)
		if err != nil {
			return nil, err
		}
		if n >= SignInLimit {
			return nil, badge.RateLimited("auth.rate_limited", "Too many failed sign-in attempts. Try again in a few minutes.")
		}
	}
	a, err := s.Store.FindAccountByEmail(ctx, email)
	ok := false
	if err == nil {
		ok, _ = CheckPassword(a.PasswordHash, password)
	} else {
		// Spend the same time as a real check, so timing does not tell
		// which addresses have accounts.
		CheckPassword(dummyHash, password)
	}
	if !ok {
		for _, k := range keys {
			if err := s.Store.CreateLoginAttempt(ctx, &badge.LoginAttempt{Key: k}); err != nil {
				return nil, err
			}
		}
		return nil, badge.Unauthorized("auth.invalid_credentials", "The e-mail address or password is not correct.")
	}
	s.Store.DeleteLoginAttempts(ctx, "email:"+email)
	return s.newSession(ctx, a, ip, userAgent)
}

var dummyHash, _ = HashPassword("not a real password")

func (s *Service) newSession(ctx context.Context, a *badge.Account, ip, userAgent string) (*SessionToken, error) {
	tok := randomToken(43)
	if len(userAgent) > badge.MaxUserAgentLen {
		userAgent = userAgent[:badge.MaxUserAgentLen]
	}
	if len(ip) > badge.MaxIPLen {
		ip = ""
	}
	sess := &badge.Session{ID: hex.EncodeToString(hashToken(tok)), AccountID: a.ID, ExpiresAt: s.now().Add(SessionLifetime), UserAgent: userAgent, IP: ip}
	// Start in the first organisation the account belongs to, if any.
	if ms, _, err := s.Store.FindMemberships(ctx, store.MembershipFilter{AccountID: &a.ID, Page: store.Page{Limit: 1}}); err == nil && len(ms) == 1 {
		sess.OrgID = ms[0].OrgID
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	return &SessionToken{Token: tok, Session: sess, Account: a}, nil
}

// Authenticate returns the session and account of a cookie token, or an
// unauthorized error when it is unknown or expired.
func (s *Service) Authenticate(ctx context.Context, token string) (*badge.Session, *badge.Account, error) {
	if token == "" {
		return nil, nil, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	sess, err := s.Store.FindSessionByID(ctx, hex.EncodeToString(hashToken(token)))
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, badge.Unauthorized("error.unauthorized", "Your session has ended; sign in again.")
		}
		return nil, nil, err
	}
	a, err := s.Store.FindAccountByID(ctx, sess.AccountID)
	if err != nil {
		return nil, nil, err
	}
	// Record activity at most once a minute.
	if now := s.now(); now.Sub(sess.LastSeenAt) > time.Minute {
		s.Store.UpdateSession(ctx, sess.ID, store.SessionUpdate{LastSeenAt: &now})
	}
	return sess, a, nil
}

// SignOut ends the session of a cookie token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	err := s.Store.DeleteSession(ctx, hex.EncodeToString(hashToken(token)))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// RequestPasswordReset mails a reset link if the address has an account.
// It answers the same either way, so it cannot be used to find accounts.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	a, err := s.Store.FindAccountByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		tok := randomToken(43)
		exp := s.now().Add(ResetLifetime)
		if err := tx.CreateAccountToken(ctx, &badge.AccountToken{TokenHash: hashToken(tok), Kind: "reset_password", AccountID: a.ID, Email: a.Email, ExpiresAt: exp}); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, 0, a.Email, a.Locale, mail.KindResetPassword, mail.ResetPasswordData{
			SiteName: siteName, Name: a.Name, URL: s.BaseURL + "/reset-password?token=" + tok, Expires: exp.In(tokyo)})
	})
}

// ResetPassword sets a new password with a reset token and ends every
// session of the account. The link also proves the address, so it is
// marked verified.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	if len([]rune(password)) < MinPasswordLen {
		return badge.Invalid("password", "validation.password_short", "The password is too short.")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return badge.Internal(err)
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		t, err := tx.UseAccountToken(ctx, hashToken(token), "reset_password")
		if err != nil {
			return badge.NotFound("auth.link_invalid", "This link has expired or was already used.")
		}
		now := s.now()
		if _, err := tx.UpdateAccount(ctx, t.AccountID, store.AccountUpdate{PasswordHash: &hash, EmailVerifiedAt: &now}); err != nil {
			return err
		}
		_, err = tx.DeleteAccountSessions(ctx, t.AccountID, "")
		return err
	})
}
