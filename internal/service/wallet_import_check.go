// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

// importEngine is the engine imports are verified with: the public
// verifier's (its safe fetcher reaches status lists, did:web documents and
// hosted assertions), else an offline one. Not through the verifier's
// cache: a re-check must see a revocation made a minute ago.
func (s *Service) importEngine() (*verify.Verifier, time.Duration) {
	if s.Verifier != nil && s.Verifier.Engine != nil {
		t := s.Verifier.Timeout
		if t <= 0 {
			t = DefaultVerifyTimeout
		}
		return s.Verifier.Engine, t
	}
	return verify.New(verify.Options{Now: s.now}), DefaultVerifyTimeout
}

// sniffImport names the form of an input to import ("png", "svg", "json"
// or "jwt"), or returns the error that says why it cannot be imported.
func sniffImport(data []byte, field string) (string, error) {
	switch kind := verify.Sniff(data); kind {
	case "png", "svg", "json", "jwt":
		return kind, nil
	case "pdf":
		// A certificate with a credential attached was unwrapped before.
		return "", badge.Invalid(field, "wallet_import.pdf", "This PDF carries no Open Badge: import the badge image or the credential file that came with it.")
	}
	return "", notABadge(field)
}

func notABadge(field string) error {
	return badge.Invalid(field, "wallet_import.not_badge", "This is not an Open Badge: give a baked PNG or SVG badge image, or badge data in JSON or JWT form.")
}

// importCheck is the verification of an import: the report, what the
// credential states, and the state the report decides.
type importCheck struct {
	report  *report.Report
	summary *verify.Summary
	state   string
	json    []byte // the report as kept
}

// checkImport verifies data (labelled name in the report) with engine,
// within timeout. describe also reads what the credential states.
func checkImport(ctx context.Context, engine *verify.Verifier, timeout time.Duration, name string, data []byte, describe bool) (*importCheck, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &importCheck{report: engine.Verify(ctx, name, data)}
	if describe {
		c.summary = engine.Describe(ctx, data)
	}
	c.state = importState(c.report)
	b, err := json.Marshal(c.report)
	if err != nil {
		return nil, badge.Internal(err)
	}
	if len(b) > badge.MaxReportBytes {
		// A report is a few kilobytes; this one quotes something huge.
		// Keep the verdict, not the quote.
		short := *c.report
		short.Checks = nil
		for _, ch := range c.report.Checks {
			ch.Message = importText(ch.Message, 500)
			short.Checks = append(short.Checks, ch)
		}
		if b, err = json.Marshal(&short); err != nil {
			return nil, badge.Internal(err)
		}
	}
	c.json = b
	return c, nil
}

// importUnreadable reports whether the engine could not read a badge at all: the
// input is no credential (format), or not an Open Badge (context).
func importUnreadable(r *report.Report) bool {
	return r.Status("format") == report.Fail || r.Status("context") == report.Fail
}

// importState decides an import's state from its report: revoked (or
// suspended) by its issuer, expired, otherwise invalid when not valid.
func importState(r *report.Report) string {
	if r.Valid {
		return badge.ImportValid
	}
	expired := false
	for _, c := range r.Checks {
		if c.Status != report.Fail {
			continue
		}
		switch {
		case c.ID == "status" && (c.Params["purpose"] == "revocation" || c.Params["purpose"] == "suspension"):
			return badge.ImportRevoked
		case c.ID == "validity" && c.Params["until"] != "":
			expired = true
		}
	}
	if expired {
		return badge.ImportExpired
	}
	return badge.ImportInvalid
}

// describeInto copies what the credential states into w, cut to the
// lengths the store keeps and without control characters: the
// credential is anyone's.
func describeInto(w *badge.WalletImport, sum *verify.Summary) {
	if sum == nil {
		return
	}
	w.Name = importText(sum.BadgeName, badge.MaxNameLen)
	w.Description = importNote(sum.BadgeDescription, badge.MaxDescriptionLen)
	w.IssuerName = importText(sum.IssuerName, badge.MaxNameLen)
	w.IssuerID = importText(sum.IssuerID, badge.MaxURLLen)
	w.IssuerURL = importHTTPURL(sum.IssuerURL)
	w.ImageURL = importHTTPURL(sum.ImageURL)
	switch {
	case sum.RecipientName != "" && sum.RecipientID != "":
		w.Recipient = importText(sum.RecipientName+" ("+sum.RecipientID+")", badge.MaxNameLen)
	case sum.RecipientName != "":
		w.Recipient = importText(sum.RecipientName, badge.MaxNameLen)
	default:
		w.Recipient = importText(sum.RecipientID, badge.MaxNameLen)
	}
	w.RecipientHashed = sum.RecipientHashed
	if !sum.IssuedOn.IsZero() {
		t := sum.IssuedOn.UTC()
		w.IssuedOn = &t
	}
	if !sum.ValidUntil.IsZero() {
		t := sum.ValidUntil.UTC()
		w.ExpiresAt = &t
	}
}

// importText returns s on one line, without control characters, cut to max
// characters.
func importText(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return importCut(strings.TrimSpace(s), max)
}

// importNote is importText keeping line breaks.
func importNote(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return importCut(strings.TrimSpace(s), max)
}

func importCut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

// importHTTPURL returns u if it is a valid http(s) URL the store accepts, else "".
func importHTTPURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u) > badge.MaxURLLen {
		return ""
	}
	return u
}

// importImage returns the image to show beside an imported credential of
// kind: for a baked image, the image itself (img nil: the credential is
// the image); for JSON or JWT, the achievement's image when the credential
// carries it as a data: URI. Nothing is fetched. Only images that pass the
// checks applied to our own badge images are kept (a PNG, or an SVG that
// can run or load nothing), so none can harm a page that shows it.
func importImage(kind string, data []byte) (img []byte, mediaType string) {
	switch kind {
	case "png", "svg":
		mt, err := bake.CheckImage(data, nil)
		if err != nil {
			return nil, ""
		}
		return nil, mt
	case "json", "jwt":
		return dataImage(credentialObject(kind, data))
	}
	return nil, ""
}

// credentialID is what OB 3.0 §"Credential equality and comparison" compares
// of a credential: its id and its issuer's id, percent-decoded (RFC 3986)
// and trimmed. Both are "" when the credential (a JSON credential, a
// VC-JWT, or either baked in an image) cannot be read or states no issuer,
// as an OB 2.0 assertion does not.
type credentialID struct{ id, issuer string }

// credentialIdentity reads the [credentialID] of an import's data of kind
// ("json", "jwt", "png" or "svg").
func credentialIdentity(kind string, data []byte) credentialID {
	if kind == "png" || kind == "svg" {
		p, err := bake.Unbake(data, nil)
		if err != nil || len(p.Data) == 0 {
			return credentialID{}
		}
		data = bytes.TrimSpace(p.Data)
		kind = verify.Sniff(data)
	}
	var m, claims map[string]any
	switch kind {
	case "json":
		if json.Unmarshal(data, &m) != nil {
			return credentialID{}
		}
	case "jwt":
		parts := bytes.Split(bytes.TrimSpace(data), []byte("."))
		if len(parts) != 3 {
			return credentialID{}
		}
		raw, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
		if err != nil || json.Unmarshal(raw, &claims) != nil {
			return credentialID{}
		}
		m = claims
		if vc, ok := claims["vc"].(map[string]any); ok {
			m = vc // a VC-JWT of VCDM 1.1: jti and iss stand for id and issuer
		}
	}
	str := func(x any) string { s, _ := x.(string); return s }
	id, issuer := str(m["id"]), str(m["issuer"])
	if is, ok := m["issuer"].(map[string]any); ok {
		issuer = str(is["id"])
	}
	if id == "" {
		id = str(claims["jti"])
	}
	if issuer == "" {
		issuer = str(claims["iss"])
	}
	norm := func(s string) string {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		return strings.TrimSpace(s)
	}
	return credentialID{norm(id), norm(issuer)}
}

// credentialObject parses a JSON credential, or the payload of a compact
// JWS (its "vc" claim when it has one), as an object; nil when it is none.
func credentialObject(kind string, data []byte) map[string]any {
	data = bytes.TrimSpace(data)
	if kind == "jwt" {
		parts := bytes.Split(data, []byte("."))
		if len(parts) != 3 {
			return nil
		}
		raw, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
		if err != nil {
			return nil
		}
		data = raw
	}
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	if vc, ok := m["vc"].(map[string]any); ok {
		return vc
	}
	return m
}

// dataImage finds the badge image of a credential given as a data: URI:
// the OB 3.0 achievement's, the OB 2.0 embedded badge class's, or the
// credential's own.
func dataImage(m map[string]any) ([]byte, string) {
	if m == nil {
		return nil, ""
	}
	var candidates []any
	switch subj := m["credentialSubject"].(type) {
	case map[string]any:
		if ach, ok := subj["achievement"].(map[string]any); ok {
			candidates = append(candidates, ach["image"])
		}
	case []any:
		for _, x := range subj {
			if sm, ok := x.(map[string]any); ok {
				if ach, ok := sm["achievement"].(map[string]any); ok {
					candidates = append(candidates, ach["image"])
				}
			}
		}
	}
	if bc, ok := m["badge"].(map[string]any); ok {
		candidates = append(candidates, bc["image"])
	}
	candidates = append(candidates, m["image"])
	for _, c := range candidates {
		if img, mt := decodeDataImage(c); img != nil {
			return img, mt
		}
	}
	return nil, ""
}

// decodeDataImage decodes an image given as a data: URI (a string, or an
// Image object's id) holding a PNG or an SVG within the size kept.
func decodeDataImage(x any) ([]byte, string) {
	var s string
	switch t := x.(type) {
	case string:
		s = t
	case map[string]any:
		s, _ = t["id"].(string)
	}
	// base64 grows data by a third: anything longer is too large anyway.
	if !strings.HasPrefix(s, "data:") || len(s) > badge.MaxImportImageBytes*4/3+256 {
		return nil, ""
	}
	meta, payload, ok := strings.Cut(s[len("data:"):], ",")
	if !ok {
		return nil, ""
	}
	var data []byte
	var err error
	if strings.HasSuffix(meta, ";base64") {
		data, err = base64.StdEncoding.DecodeString(strings.TrimSpace(payload))
		if err != nil {
			data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(payload), "="))
		}
	} else {
		var text string
		text, err = url.PathUnescape(payload)
		data = []byte(text)
	}
	if err != nil || len(data) == 0 || len(data) > badge.MaxImportImageBytes {
		return nil, ""
	}
	mt, err := bake.CheckImage(data, nil)
	if err != nil {
		return nil, ""
	}
	return data, mt
}
