// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/akashi-badges/akashi/internal/report"
)

var ob2Contexts = map[string]bool{
	"https://w3id.org/openbadges/v2":             true,
	"https://openbadgespec.org/v2/context.json":  true,
	"https://w3id.org/openbadges/v1":             true,
	"https://openbadgespec.org/v1/context.json":  true,
	"https://w3id.org/openbadges/v2#":            true,
	"https://openbadgespec.org/v2/context.json#": true,
}

// IsOB2 reports whether a JSON object is an Open Badges 2.0 (or 1.x) assertion.
func IsOB2(m map[string]any) bool { return isOB2(m) }

// IsOB2JWS reports whether a compact JWS carries an OB 2.0 assertion.
func IsOB2JWS(token string) bool { return jwsIsOB2(token) }

func isOB2(m map[string]any) bool {
	switch c := m["@context"].(type) {
	case string:
		return ob2Contexts[c]
	case []any:
		for _, x := range c {
			if s, ok := x.(string); ok && ob2Contexts[s] {
				return true
			}
		}
	}
	t, _ := m["type"].(string)
	return t == "Assertion"
}

// jwsIsOB2 reports whether a compact JWS carries an OB 2.0 assertion
// (a badge and recipient), rather than an OB 3.0 VC-JWT.
func jwsIsOB2(token string) bool {
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	if isOB2(m) {
		return true
	}
	_, badge := m["badge"]
	_, recipient := m["recipient"]
	return badge && recipient
}

func (v *Verifier) verifyOB2(ctx context.Context, input []byte, container string, r *report.Report) {
	if err := v.ob2.Verify(ctx, input, r); err != nil {
		r.Add("hosted", report.Fail, "Could not verify: "+err.Error())
	}
	if container != "" && len(r.Checks) > 0 && r.Checks[0].ID == "format" {
		r.Checks[0].Message = strings.TrimSuffix(r.Checks[0].Message, ".") + baked(container) + "."
	}
}

func (v *Verifier) verifyHostedURL(ctx context.Context, url, container string, r *report.Report) {
	if v.fetcher == nil {
		r.Add("format", report.Fail, "The image holds only the URL of a hosted badge ("+url+"), which cannot be fetched offline.")
		return
	}
	resp, err := v.fetcher.Get(ctx, url, "application/ld+json, application/json")
	if err != nil {
		r.Add("format", report.Fail, "The image points at a hosted badge that could not be fetched: "+err.Error())
		return
	}
	v.verifyOB2(ctx, resp.Body, container, r)
}
