// SPDX-License-Identifier: Apache-2.0

package jose

import "errors"

// Errors returned by this package. Every error a function returns wraps
// exactly one of them, so callers can test with [errors.Is].
var (
	// ErrMalformed reports a compact JWS, header or JWK that does not follow
	// the format (see the package documentation for the rules).
	ErrMalformed = errors.New("jose: malformed")

	// ErrAlgorithm reports an algorithm that is refused ("none"), not
	// supported, or not the one the key must be used with.
	ErrAlgorithm = errors.New("jose: algorithm not allowed")

	// ErrKey reports a key that is not supported (type, curve, RSA modulus
	// shorter than 2048 bits) or not valid (point not on the curve, private
	// material where a public key is required).
	ErrKey = errors.New("jose: unsupported or invalid key")

	// ErrSignature reports a signature that does not verify. It is the only
	// error that means "checked and found false" rather than "could not
	// check".
	ErrSignature = errors.New("jose: signature does not verify")
)
