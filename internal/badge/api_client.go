// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"fmt"
	"regexp"
	"time"
)

// MaxScopes bounds the scopes of one client or token.
const MaxScopes = 32

// A scope token: letters, digits and the punctuation OAuth scope URIs use
// (e.g. "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly").
var scopeRE = regexp.MustCompile(`^[A-Za-z0-9:._/\-]{1,200}$`)

// APIClient is an OAuth 2.0 client (client-credentials grant) of one
// organisation. Only the SHA-256 of its secret is stored.
type APIClient struct {
	ID         int64
	OrgID      int64
	ClientID   string // public identifier, unique
	SecretHash []byte
	Name       string
	Scopes     []string
	CreatedBy  int64 // account id; 0 when created by the system or once that account is deleted
	CreatedAt  time.Time
	RevokedAt  *time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (c *APIClient) Validate() error {
	return firstErr(
		positive("org_id", c.OrgID),
		requiredText("client_id", c.ClientID, MaxShortLen),
		requiredBytes("secret_hash", c.SecretHash, 128),
		requiredText("name", c.Name, MaxNameLen),
		scopes("scopes", c.Scopes),
		notNegative("created_by", c.CreatedBy),
	)
}

// AccessToken is a bearer token issued to an [APIClient]. Only its SHA-256
// is stored. ClientID is the client's public ClientID.
type AccessToken struct {
	TokenHash []byte
	ClientID  string
	OrgID     int64
	Scopes    []string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (t *AccessToken) Validate() error {
	return firstErr(
		tokenHash("token_hash", t.TokenHash),
		requiredText("client_id", t.ClientID, MaxShortLen),
		positive("org_id", t.OrgID),
		scopes("scopes", t.Scopes),
		requiredTime("expires_at", t.ExpiresAt),
	)
}

// HasScope reports whether the token grants scope.
func (t *AccessToken) HasScope(scope string) bool {
	for _, s := range t.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

func scopes(field string, v []string) error {
	if len(v) > MaxScopes {
		return Invalid(field, KeyTooLong, fmt.Sprintf("%s must hold at most %d scopes.", field, MaxScopes))
	}
	for _, s := range v {
		if !scopeRE.MatchString(s) {
			return Invalid(field, KeyScope, fmt.Sprintf("%s: %q is not a valid scope.", field, s))
		}
	}
	return nil
}
