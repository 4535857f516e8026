// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"fmt"
	"regexp"
)

// Version names the data models a credential is written against.
type Version struct {
	// VC is the W3C VC data model: "2.0" (first context
	// https://www.w3.org/ns/credentials/v2) or "1.1" (first context
	// https://www.w3.org/2018/credentials/v1).
	VC string
	// OB is the Open Badges context: "3.0.1", "3.0.2", "3.0.3", ... from
	// context-3.x.y.json, or "3.0" for the unversioned context.json.
	OB string
}

// Legacy reports whether the credential uses VC DM 1.1 (issuanceDate,
// expirationDate, and a "vc" claim in JWTs): an OB 3.0 badge issued before
// 1EdTech moved to VC DM 2.0, still found in wallets.
func (v Version) Legacy() bool { return v.VC == "1.1" }

// String returns, for example, "VC 2.0, OB 3.0.3".
func (v Version) String() string { return "VC " + v.VC + ", OB " + v.OB }

var obContext = regexp.MustCompile(`^https://purl\.imsglobal\.org/spec/ob/v3p0/context(?:-(3\.\d+\.\d+))?\.json$`)

// DetectVersion reads the versions from a credential's @context: the first
// entry must be the VC 1.1 or VC 2.0 context, and one entry must be an OB
// 3.0 context. The dates must fit the VC version: a VC 1.1 credential has
// issuanceDate; a VC 2.0 credential has neither issuanceDate nor
// expirationDate. Anything else gives [ErrVersion].
func DetectVersion(doc map[string]any) (Version, error) {
	v, err := contextVersion(doc)
	if err != nil {
		return Version{}, err
	}
	_, hasIssuance := doc["issuanceDate"]
	_, hasExpiration := doc["expirationDate"]
	switch {
	case v.Legacy() && !hasIssuance:
		return Version{}, fmt.Errorf("%w: VC 1.1 credential without issuanceDate", ErrVersion)
	case !v.Legacy() && (hasIssuance || hasExpiration):
		return Version{}, fmt.Errorf("%w: VC 2.0 credential with VC 1.1 issuanceDate/expirationDate", ErrVersion)
	}
	return v, nil
}

// contextVersion is DetectVersion without the checks on dates.
func contextVersion(doc map[string]any) (Version, error) {
	ctx, ok := doc["@context"].([]any)
	if !ok || len(ctx) == 0 {
		return Version{}, fmt.Errorf("%w: @context is not a non-empty array", ErrVersion)
	}
	var v Version
	switch ctx[0] {
	case ContextVC2:
		v.VC = "2.0"
	case ContextVC1:
		v.VC = "1.1"
	default:
		return Version{}, fmt.Errorf("%w: first @context %v is neither VC 1.1 nor VC 2.0", ErrVersion, ctx[0])
	}
	for _, c := range ctx[1:] {
		s, _ := c.(string)
		if m := obContext.FindStringSubmatch(s); m != nil {
			v.OB = m[1]
			if v.OB == "" {
				v.OB = "3.0"
			}
			break
		}
	}
	if v.OB == "" {
		return Version{}, fmt.Errorf("%w: no Open Badges 3.0 context", ErrVersion)
	}
	return v, nil
}
