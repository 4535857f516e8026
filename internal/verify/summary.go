// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/ob3"
)

// Summary is what a credential says of itself: the badge, its issuer, its
// recipient and its dates, as stated, whether or not it verifies. It is for
// showing the badge next to its report; nothing in it is checked.
type Summary struct {
	BadgeName        string
	BadgeDescription string
	// ImageURL is the badge image when the credential gives it as an
	// http(s) URL (never another scheme: no data URLs).
	ImageURL   string
	IssuerName string
	IssuerID   string
	IssuerURL  string // the issuer's web site, https only
	// RecipientName is the recipient's name when the credential states it
	// in clear; RecipientID an identifier stated in clear (a URL, a DID,
	// an unhashed e-mail address). RecipientHashed is true when the
	// credential names its recipient only by a hash (a hashed e-mail
	// address), which is never shown.
	RecipientName   string
	RecipientID     string
	RecipientHashed bool
	// The dates stated (validFrom/issuedOn, validUntil/expires); zero when
	// absent or unreadable.
	IssuedOn, ValidUntil time.Time
}

// Fetch reads a URL for [Verifier.Verify] (and [Verifier.Describe]): a
// hosted badge, a credential or a baked image. A 410 Gone is read too (an
// OB 2.0 revoked hosted assertion says so with it).
func (v *Verifier) Fetch(ctx context.Context, url string) ([]byte, error) {
	if v.fetcher == nil {
		return nil, fmt.Errorf("verify: cannot fetch %s offline", url)
	}
	resp, err := v.fetcher.Get(ctx, url, "application/ld+json, application/json, application/vc+ld+json, text/plain;q=0.9, image/png;q=0.8, image/svg+xml;q=0.8")
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if resp.Status != 200 && resp.Status != 410 {
		return nil, fmt.Errorf("verify: %s answered HTTP %d", url, resp.Status)
	}
	return resp.Body, nil
}

// Describe reads what input (as for [Verifier.Verify]) states about the
// badge. It returns nil when no credential can be read from it. An OB 2.0
// badge class or issuer given only by URL is fetched through the safe
// fetcher, when there is one.
func (v *Verifier) Describe(ctx context.Context, input []byte) *Summary {
	switch Sniff(input) {
	case "png", "svg":
		p, err := bake.Unbake(input, nil)
		if err != nil {
			return nil
		}
		if len(p.Data) == 0 && p.HostedURL != "" {
			if v.fetcher == nil {
				return nil
			}
			resp, err := v.fetcher.Get(ctx, p.HostedURL, "application/ld+json, application/json")
			if err != nil {
				return nil
			}
			p.Data = resp.Body
		}
		input = p.Data
	case "pdf":
		// What the attached credential states; the seal says nothing of
		// the badge.
		cred, ok := PDFCredential(input)
		if !ok {
			return nil
		}
		input = cred
	case "json", "jwt":
	default:
		return nil
	}
	input = bytes.TrimSpace(input)
	var m map[string]any
	if isCompactJWS(input) {
		if jwsIsOB2(string(input)) {
			parts := strings.Split(string(input), ".")
			raw, err := base64.RawURLEncoding.DecodeString(parts[1])
			if err != nil || json.Unmarshal(raw, &m) != nil {
				return nil
			}
			return v.describeOB2(ctx, m)
		}
		d, err := ob3.DecodeJWT(string(input))
		if err != nil {
			return nil
		}
		return describeOB3(d.Credential)
	}
	if json.Unmarshal(input, &m) != nil || m == nil {
		return nil
	}
	if isOB2(m) {
		return v.describeOB2(ctx, m)
	}
	return describeOB3(m)
}

func describeOB3(m map[string]any) *Summary {
	s := &Summary{}
	subject := firstObject(m["credentialSubject"])
	ach, _ := subject["achievement"].(map[string]any)
	s.BadgeName = text(ach["name"])
	s.BadgeDescription = text(ach["description"])
	s.ImageURL = imageURL(ach["image"])
	if s.ImageURL == "" {
		s.ImageURL = imageURL(m["image"])
	}
	if s.BadgeName == "" {
		s.BadgeName = text(m["name"])
	}
	switch is := m["issuer"].(type) {
	case string:
		s.IssuerID = is
	case map[string]any:
		s.IssuerID = text(is["id"])
		s.IssuerName = text(is["name"])
		s.IssuerURL = httpsURL(text(is["url"]))
	}
	s.RecipientName = text(subject["name"])
	if id := text(subject["id"]); id != "" {
		s.RecipientID = id
	}
	for _, x := range objects(subject["identifier"]) {
		hash := text(x["identityHash"])
		if hashed, _ := x["hashed"].(bool); hashed || hash == "" {
			s.RecipientHashed = s.RecipientHashed || hashed
			continue
		}
		switch text(x["identityType"]) {
		case "name":
			if s.RecipientName == "" {
				s.RecipientName = hash
			}
		default:
			if s.RecipientID == "" {
				s.RecipientID = hash
			}
		}
	}
	from, until := text(m["validFrom"]), text(m["validUntil"])
	if from == "" {
		from, until = text(m["issuanceDate"]), text(m["expirationDate"])
	}
	s.IssuedOn, s.ValidUntil = dateOf(from), dateOf(until)
	return s
}

// describeOB2 reads an OB 2.0 assertion, fetching its badge class and
// issuer when they are given by URL.
func (v *Verifier) describeOB2(ctx context.Context, m map[string]any) *Summary {
	s := &Summary{IssuedOn: dateOf(text(m["issuedOn"])), ValidUntil: dateOf(text(m["expires"]))}
	if r, ok := m["recipient"].(map[string]any); ok {
		if hashed, _ := r["hashed"].(bool); hashed {
			s.RecipientHashed = true
		} else {
			s.RecipientID = text(r["identity"])
		}
	}
	badgeClass := v.objectOrFetch(ctx, m["badge"])
	s.BadgeName = text(badgeClass["name"])
	s.BadgeDescription = text(badgeClass["description"])
	s.ImageURL = imageURL(badgeClass["image"])
	if s.ImageURL == "" {
		s.ImageURL = imageURL(m["image"])
	}
	if id, ok := badgeClass["issuer"].(string); ok {
		s.IssuerID = id
	}
	issuer := v.objectOrFetch(ctx, badgeClass["issuer"])
	if s.IssuerID == "" {
		s.IssuerID = text(issuer["id"])
	}
	s.IssuerName = text(issuer["name"])
	s.IssuerURL = httpsURL(text(issuer["url"]))
	return s
}

// objectOrFetch returns x when it is an object, the JSON object at x when
// it is a URL (fetched through the safe fetcher), or nil.
func (v *Verifier) objectOrFetch(ctx context.Context, x any) map[string]any {
	switch t := x.(type) {
	case map[string]any:
		return t
	case string:
		if v.fetcher == nil || !strings.HasPrefix(t, "http") {
			return nil
		}
		m, err := v.fetchJSON(ctx, t)
		if err != nil {
			return nil
		}
		return m
	}
	return nil
}

// text returns a string value, or the first of a language map / list.
func text(x any) string {
	switch t := x.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return text(t[0])
		}
	case map[string]any:
		if v, ok := t["@value"]; ok {
			return text(v)
		}
	}
	return ""
}

func firstObject(x any) map[string]any {
	if os := objects(x); len(os) > 0 {
		return os[0]
	}
	return nil
}

func objects(x any) []map[string]any {
	switch t := x.(type) {
	case map[string]any:
		return []map[string]any{t}
	case []any:
		var out []map[string]any
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// imageURL returns the http(s) URL of an image given as a URL or an Image
// object; anything else (data URLs) is left out.
func imageURL(x any) string {
	var s string
	switch t := x.(type) {
	case string:
		s = t
	case map[string]any:
		s = text(t["id"])
	}
	if strings.HasPrefix(s, "http://") && len(s) <= 2048 {
		return s
	}
	return httpsURL(s)
}

func httpsURL(s string) string {
	if strings.HasPrefix(s, "https://") && len(s) <= 2048 {
		return s
	}
	return ""
}

func dateOf(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		t, _ = time.Parse(time.DateOnly, s)
	}
	return t
}
