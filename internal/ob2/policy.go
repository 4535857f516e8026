// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"fmt"
	"net/url"
	"strings"
)

// checkPolicy checks the hosted assertion id against the issuer Profile's
// verification policy (OB 2.0 #VerificationObject): startsWith prefixes,
// allowedOrigins host names, or by default the origin of the Profile id.
func (st *run) checkPolicy() {
	var o outcome
	id := st.hosted.url
	var rule string
	switch {
	case !isHTTPURL(id):
		o.fail("The assertion id %q is not an HTTP(S) URL, so no issuer can vouch for it by hosting it.", id)
	case !st.issuer.ok || !st.issuer.trusted():
		st.issuerUnavailable(&o, "its verification policy was not checked")
	default:
		var problem string
		rule, problem = hostedPolicy(id, &st.issuer.val)
		if problem != "" {
			o.fail("%s", problem)
		}
	}
	o.emit(st.r, "issuer", fmt.Sprintf("The assertion id %s is within the issuer's verification policy (%s).", id, rule))
}

// issuerUnavailable reports that the issuer Profile was not obtained from
// its own origin, or that the issuer is not even known because the
// BadgeClass is missing; a warning when only because the fetcher is offline.
func (st *run) issuerUnavailable(o *outcome, consequence string) {
	b, p := &st.badge, &st.issuer
	switch {
	case b.raw == nil && b.offline():
		o.warn("The BadgeClass %s could not be retrieved (offline), so the issuer is unknown and %s.", b.ref, consequence)
	case b.raw == nil:
		o.fail("The BadgeClass could not be retrieved, so the issuer is unknown and %s.", consequence)
	case p.ref == "" && p.raw == nil:
		o.fail("The BadgeClass names no issuer, so %s.", consequence)
	case p.offline():
		o.warn("The issuer Profile %s could not be fetched (offline), so %s.", p.ref, consequence)
	default:
		o.fail("The issuer Profile %s could not be fetched from its id (%s), so %s.", p.ref, notTrustedReason(p.err), consequence)
	}
}

// hostedPolicy returns the rule applied to assertionID and, when the id
// breaks it, a sentence saying how.
func hostedPolicy(assertionID string, p *Profile) (rule, problem string) {
	v := p.Verification
	if v == nil || (len(v.StartsWith) == 0 && len(v.AllowedOrigins) == 0) {
		if !sameOrigin(assertionID, p.ID) {
			return "same origin", fmt.Sprintf("The assertion id %s is not on the origin of the issuer Profile %s, and the Profile allows no other.", assertionID, p.ID)
		}
		return "same origin as " + origin(p.ID), ""
	}
	if v.VerificationProperty != "" && v.VerificationProperty != "id" {
		return "verificationProperty", fmt.Sprintf("The issuer's verificationProperty %q is not supported (only \"id\").", v.VerificationProperty)
	}
	var rules []string
	if len(v.StartsWith) > 0 {
		rules = append(rules, "startsWith")
		if !hasAnyPrefix(assertionID, v.StartsWith) {
			problem = fmt.Sprintf("The assertion id %s does not start with any of the issuer's startsWith prefixes %q.", assertionID, []string(v.StartsWith))
		}
	}
	if len(v.AllowedOrigins) > 0 {
		rules = append(rules, "allowedOrigins")
		if !hostAllowed(assertionID, v.AllowedOrigins) && problem == "" {
			problem = fmt.Sprintf("The host of the assertion id %s is not among the issuer's allowedOrigins %q.", assertionID, []string(v.AllowedOrigins))
		}
	}
	return strings.Join(rules, " and "), problem
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hostAllowed compares the host of rawURL, with and without its port, to
// the allowed host names (RFC 3986 reg-name, compared without case).
func hostAllowed(rawURL string, allowed []string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	for _, a := range allowed {
		if strings.EqualFold(a, u.Host) || strings.EqualFold(a, u.Hostname()) {
			return true
		}
	}
	return false
}

// notTrustedReason says why a document that was obtained is not trusted:
// the error of fetching it from its id, or else its origin.
func notTrustedReason(err error) string {
	if err == nil {
		return "it is not served from its own origin"
	}
	return err.Error()
}
