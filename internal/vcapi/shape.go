// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/ldcontext"
)

// This file checks the members every credential and presentation must have
// (VC Data Model 2.0 §4, and 1.1 §4 for the older form) before any JSON-LD
// processing, so that bad input gets an error naming the member.

// dataModel is the VC Data Model version of a document, read from its first
// @context.
type dataModel int

const (
	dm11 dataModel = 11
	dm20 dataModel = 20
)

// Check ids (report.Check.ID) of the checks made here, beside those of
// internal/verify (format, context, schema, proof, issuer, validity, status).
const (
	idFormat      = "format"
	idContext     = "context"
	idSchema      = "schema"
	idProof       = "proof"
	idIssuer      = "issuer"
	idValidity    = "validity"
	idStatus      = "status"
	idPurpose     = "purpose"
	idChallenge   = "challenge"
	idDomain      = "domain"
	idHolder      = "holder"
	idCredentials = "credentials"
)

// shapeError is a failed structural check: the report check it belongs to
// and the error for the response.
type shapeError struct {
	check string
	err   error
}

func contextError(path, msg string) *shapeError {
	return &shapeError{idContext, invalid(path, keyMalformed, msg)}
}

func schemaError(path, msg string) *shapeError {
	return &shapeError{idSchema, invalid(path, keyMalformed, msg)}
}

// checkCredentialShape checks a credential's members. path names it in
// messages ("credential", "verifiableCredential"). When issuing, the VC 1.1
// issuanceDate may be absent (it is filled in).
func checkCredentialShape(doc map[string]any, path string, issuing bool) (dataModel, *shapeError) {
	dm, serr := checkContexts(doc["@context"], path+".@context")
	if serr != nil {
		return 0, serr
	}
	if serr := checkTypes(doc["type"], path+".type", "VerifiableCredential"); serr != nil {
		return 0, serr
	}
	if serr := checkID(doc, path); serr != nil {
		return 0, serr
	}
	if serr := validateIssuer(doc, path+".issuer"); serr != nil {
		return 0, serr
	}
	if serr := checkSubject(doc, path+".credentialSubject"); serr != nil {
		return 0, serr
	}
	if serr := checkDates(doc, dm, path, issuing); serr != nil {
		return 0, serr
	}
	return dm, nil
}

// checkPresentationShape checks a presentation's members; the credentials
// it contains are checked when they are verified.
func checkPresentationShape(doc map[string]any, path string) (dataModel, *shapeError) {
	dm, serr := checkContexts(doc["@context"], path+".@context")
	if serr != nil {
		return 0, serr
	}
	if serr := checkTypes(doc["type"], path+".type", "VerifiablePresentation"); serr != nil {
		return 0, serr
	}
	if serr := checkID(doc, path); serr != nil {
		return 0, serr
	}
	if _, present := doc["holder"]; present {
		if _, serr := objectID(doc["holder"], path+".holder"); serr != nil {
			return 0, serr
		}
	}
	for i, c := range embeddedCredentials(doc) {
		switch c.(type) {
		case map[string]any, string:
		default:
			return 0, schemaError(fmt.Sprintf("%s.verifiableCredential[%d]", path, i), "Each verifiableCredential must be a credential object or a VC-JWT string.")
		}
	}
	return dm, nil
}

// embeddedCredentials returns a presentation's verifiableCredential member
// as a list.
func embeddedCredentials(vp map[string]any) []any {
	switch v := vp["verifiableCredential"].(type) {
	case nil:
		return nil
	case []any:
		return v
	default:
		return []any{v}
	}
}

// checkContexts checks @context: an array whose first item is the VC 2.0
// or 1.1 base context and whose items are embedded context URLs or inline
// context objects. Contexts are never fetched, so an unknown URL is an error.
func checkContexts(v any, path string) (dataModel, *shapeError) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return 0, contextError(path, path+" must be an array whose first item is "+ldcontext.CredentialsV2+".")
	}
	var dm dataModel
	switch list[0] {
	case ldcontext.CredentialsV2:
		dm = dm20
	case ldcontext.CredentialsV1:
		dm = dm11
	default:
		return 0, contextError(path, fmt.Sprintf("The first item of %s must be %s (VC Data Model 2.0) or %s (1.1).", path, ldcontext.CredentialsV2, ldcontext.CredentialsV1))
	}
	for i, c := range list {
		switch x := c.(type) {
		case string:
			if !ldcontext.Known(x) {
				return 0, contextError(path, fmt.Sprintf("%s: %s is not a context Akashi knows; contexts are never fetched from the network.", path, x))
			}
		case map[string]any:
		default:
			return 0, contextError(path, fmt.Sprintf("%s[%d] must be a context URL or a context object.", path, i))
		}
	}
	return dm, nil
}

// checkTypes checks that type is a string or an array of strings that
// includes want.
func checkTypes(v any, path, want string) *shapeError {
	types, ok := stringList(v)
	if !ok {
		return contextError(path, path+" must be an array of strings.")
	}
	for _, t := range types {
		if t == want {
			return nil
		}
	}
	return contextError(path, fmt.Sprintf("%s must include %s.", path, want))
}

// stringList reads a string or an array of non-empty strings.
func stringList(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, x != ""
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok || s == "" {
				return nil, false
			}
			out = append(out, s)
		}
		return out, len(out) > 0
	}
	return nil, false
}

func checkID(doc map[string]any, path string) *shapeError {
	v, present := doc["id"]
	if !present {
		return nil
	}
	if s, ok := v.(string); !ok || !isURL(s) {
		return schemaError(path+".id", path+".id must be a URL.")
	}
	return nil
}

// validateIssuer checks issuer: a URL, or an object with a URL id. The
// vc-api issuer suite asserts 400 for a credential without one, on issue
// as on verify.
func validateIssuer(doc map[string]any, path string) *shapeError {
	v, present := doc["issuer"]
	if !present {
		return schemaError(path, "The credential must have an issuer.")
	}
	_, serr := objectID(v, path)
	return serr
}

// objectID reads a member that is a URL or an object with a URL id (issuer,
// holder).
func objectID(v any, path string) (string, *shapeError) {
	switch x := v.(type) {
	case string:
		if isURL(x) {
			return x, nil
		}
	case map[string]any:
		if s, ok := x["id"].(string); ok && isURL(s) {
			return s, nil
		}
		return "", schemaError(path+".id", path+".id must be a URL.")
	}
	return "", schemaError(path, path+" must be a URL or an object with an id.")
}

func checkSubject(doc map[string]any, path string) *shapeError {
	switch x := doc["credentialSubject"].(type) {
	case map[string]any:
		return nil
	case []any:
		for _, e := range x {
			if _, ok := e.(map[string]any); !ok {
				return schemaError(path, path+" must be an object or an array of objects.")
			}
		}
		if len(x) > 0 {
			return nil
		}
	case nil:
		if _, present := doc["credentialSubject"]; !present {
			return schemaError(path, "The credential must have a credentialSubject.")
		}
	}
	return schemaError(path, path+" must be an object or an array of objects.")
}

// validityMembers names the validity period members of a data model.
func validityMembers(dm dataModel) (from, until string) {
	if dm == dm11 {
		return "issuanceDate", "expirationDate"
	}
	return "validFrom", "validUntil"
}

// checkDates checks the validity period: XML Schema dateTimeStamp values
// (VC 2.0: with a time zone) with the start not after the end. VC 1.1 wants
// an issuanceDate (xsd:dateTime, time zone optional).
func checkDates(doc map[string]any, dm dataModel, path string, issuing bool) *shapeError {
	fromKey, untilKey := validityMembers(dm)
	var times [2]time.Time
	for i, key := range []string{fromKey, untilKey} {
		v, present := doc[key]
		if !present {
			if dm == dm11 && i == 0 && !issuing {
				return schemaError(path+"."+key, "A VC 1.1 credential must have an issuanceDate.")
			}
			continue
		}
		s, _ := v.(string)
		t, ok := parseDate(s, dm == dm20)
		if !ok {
			return schemaError(path+"."+key, fmt.Sprintf("%s.%s must be a date and time with a time zone, like 2026-04-01T00:00:00Z.", path, key))
		}
		times[i] = t
	}
	if !times[0].IsZero() && !times[1].IsZero() && times[1].Before(times[0]) {
		return &shapeError{idValidity, invalid(path+"."+untilKey, keyRange, fmt.Sprintf("%s.%s is before %s.", path, untilKey, fromKey))}
	}
	return nil
}

// dateTimeRE is the lexical form of xsd:dateTime (4-digit years), with an
// optional time zone.
var dateTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$`)

// parseDate reads an xsd:dateTime; needZone requires a time zone
// (xsd:dateTimeStamp). A value without one is read as UTC.
func parseDate(s string, needZone bool) (time.Time, bool) {
	m := dateTimeRE.FindStringSubmatch(s)
	if m == nil || needZone && m[2] == "" {
		return time.Time{}, false
	}
	layout := time.RFC3339Nano
	if m[2] == "" {
		layout = "2006-01-02T15:04:05.999999999"
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// isURL reports whether s is an absolute URL (a scheme, then something).
func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Opaque != "" || u.Host != "" || u.Path != "") && !strings.ContainsAny(s, " \t\n")
}
