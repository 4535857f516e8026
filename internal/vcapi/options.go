// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"fmt"
	"sort"

	"github.com/akashi-badges/akashi/internal/proof"
)

// issueOptions checks the options of an issue request: credentialId (a
// string, accepted but not stored: Akashi keeps no credential by that name
// here) and cryptosuite, which can only be eddsa-rdfc-2022.
func issueOptions(v any) error {
	opts, err := optionsObject(v)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(opts) {
		switch k {
		case "credentialId":
			if _, ok := opts[k].(string); !ok {
				return invalid("options.credentialId", keyMalformed, "options.credentialId must be a string.")
			}
		case "cryptosuite":
			if opts[k] != proof.SuiteEdDSARDFC2022 {
				return invalid("options.cryptosuite", keyMalformed, "options.cryptosuite must be "+proof.SuiteEdDSARDFC2022+", the only suite this issuer signs with.")
			}
		case "mandatoryPointers":
			return invalid("options.mandatoryPointers", keyMalformed, "options.mandatoryPointers is for selective disclosure, which eddsa-rdfc-2022 does not do.")
		default:
			return unknownOption(k)
		}
	}
	return nil
}

// verifyOptions are the options of the verify endpoints.
type verifyOptions struct {
	challenge            string
	domain               string
	expectedProofPurpose string
	returnCredential     bool
	returnPresentation   bool
}

// parseVerifyOptions reads the options of a verify request. checks (the
// older VC-API list of checks to run) and returnProblemDetails are
// accepted and change nothing: every check runs and problem details are
// always returned.
func parseVerifyOptions(v any) (verifyOptions, error) {
	var o verifyOptions
	opts, err := optionsObject(v)
	if err != nil {
		return o, err
	}
	for _, k := range sortedKeys(opts) {
		var ok bool
		switch k {
		case "challenge":
			o.challenge, ok = opts[k].(string)
		case "domain":
			o.domain, ok = opts[k].(string)
		case "expectedProofPurpose":
			o.expectedProofPurpose, ok = opts[k].(string)
		case "returnCredential":
			o.returnCredential, ok = opts[k].(bool)
		case "returnPresentation":
			o.returnPresentation, ok = opts[k].(bool)
		case "returnProblemDetails":
			_, ok = opts[k].(bool)
		case "checks":
			_, ok = stringList(opts[k])
			ok = ok || isEmptyArray(opts[k])
		default:
			return o, unknownOption(k)
		}
		if !ok {
			return o, invalid("options."+k, keyMalformed, fmt.Sprintf("options.%s has the wrong type.", k))
		}
	}
	return o, nil
}

func optionsObject(v any) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return x, nil
	}
	return nil, invalid("options", keyMalformed, "options must be an object.")
}

func unknownOption(k string) error {
	return invalid("options."+k, keyUnknownOption, fmt.Sprintf("options.%s is not an option this endpoint knows.", k))
}

func isEmptyArray(v any) bool {
	a, ok := v.([]any)
	return ok && len(a) == 0
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
