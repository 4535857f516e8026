// SPDX-License-Identifier: Apache-2.0

package ob3

import "errors"

// Errors returned by this package; each function says which one it wraps.
var (
	// ErrInput reports constructor input that cannot make a valid
	// credential (a required field is empty, a date is out of order).
	ErrInput = errors.New("ob3: invalid input")

	// ErrSchema reports a document that does not conform to the 1EdTech JSON
	// Schema; the error is a [*SchemaError] naming the failing locations.
	ErrSchema = errors.New("ob3: schema validation failed")

	// ErrVersion reports a document whose @context is not that of an Open
	// Badges 3.0 credential on VC DM 1.1 or 2.0, or whose shape contradicts
	// its context.
	ErrVersion = errors.New("ob3: unknown credential version")

	// ErrJWT reports a JWT that is not an OB 3.0 credential JWT: the
	// payload is not a JSON object, the credential is missing members the
	// claims are taken from, or it already has claims of its own.
	ErrJWT = errors.New("ob3: malformed credential JWT")

	// ErrClaims reports JWT header parameters or claims that contradict the
	// credential or the OB 3.0 rules. It means "checked and found invalid".
	ErrClaims = errors.New("ob3: JWT claims do not match the credential")
)
