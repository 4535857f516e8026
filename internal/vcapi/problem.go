// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Problem-details types: VC Data Model 2.0 §7.1, Data Integrity 1.0 §3.x,
// Bitstring Status List, and VCALM.
const (
	problemParsing       = "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"
	problemMalformed     = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
	problemRange         = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"
	problemCrypto        = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR"
	problemDataLoss      = "https://w3id.org/security#DATA_LOSS_DETECTION_ERROR"
	problemChallenge     = "https://w3id.org/security#INVALID_CHALLENGE_ERROR"
	problemDomain        = "https://w3id.org/security#INVALID_DOMAIN_ERROR"
	problemStatus        = "https://www.w3.org/ns/credentials/status#STATUS_VERIFICATION_ERROR"
	problemUnknownOption = "https://www.w3.org/TR/vcalm#UNKNOWN_OPTION_PROVIDED"
)

// Message keys of the errors made here (badge.Error.Key). Each has a
// problem type; surfaces may translate the key.
const (
	keyParsing        = "vcapi.parsing_error"
	keyMalformed      = "vcapi.malformed_value"
	keyRange          = "vcapi.range_error"
	keyDataLoss       = "vcapi.data_loss"
	keyUnknownOption  = "vcapi.unknown_option"
	keyIssuerMismatch = "vcapi.issuer_mismatch"
)

var keyProblems = map[string]string{
	keyParsing:        problemParsing,
	keyMalformed:      problemMalformed,
	keyRange:          problemRange,
	keyDataLoss:       problemDataLoss,
	keyUnknownOption:  problemUnknownOption,
	keyIssuerMismatch: problemMalformed,
}

// problemFor returns the problem type of an error response: "about:blank"
// (RFC 9457: the HTTP status says it all) for authorisation and internal
// errors, the type of the message key for bad input.
func problemFor(err error) string {
	switch badge.ErrorCode(err) {
	case badge.CodeInvalid:
		if t, ok := keyProblems[badge.ErrorKey(err)]; ok {
			return t
		}
		return problemMalformed
	}
	return "about:blank"
}

// checkProblems maps report check ids to problem types.
var checkProblems = map[string]string{
	"format":      problemParsing,
	"context":     problemMalformed,
	"version":     problemMalformed,
	"schema":      problemMalformed,
	"proof":       problemCrypto,
	"issuer":      problemCrypto,
	"holder":      problemCrypto,
	"purpose":     problemCrypto,
	"challenge":   problemChallenge,
	"domain":      problemDomain,
	"validity":    problemRange,
	"status":      problemStatus,
	"hosted":      problemCrypto,
	"credentials": problemCrypto,
}

func problemForCheck(id string) string {
	if t, ok := checkProblems[id]; ok {
		return t
	}
	return problemMalformed
}

// problemTitle is the fragment of a problem type, e.g. PARSING_ERROR.
func problemTitle(t string) string {
	if i := strings.LastIndexByte(t, '#'); i >= 0 {
		return t[i+1:]
	}
	return t
}

// invalid returns a badge.CodeInvalid error about field.
func invalid(field, key, msg string) *badge.Error {
	return badge.Invalid(field, key, msg)
}
