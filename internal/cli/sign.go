// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/keyfile"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
)

func runSign(e *env, args []string) int {
	fs := newFlags(e, "sign", "CREDENTIAL.json")
	keyPath := fs.String("key", "", "key file from 'akashi keys generate'")
	format := fs.String("format", "di", "di: embedded Data Integrity proof (eddsa-rdfc-2022); jwt: compact VC-JWT (EdDSA)")
	out := fs.String("out", "", "write the signed credential to this file instead of standard output")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if *keyPath == "" || fs.NArg() != 1 {
		return e.fail(exitUsage, errors.New("sign: need --key FILE and one CREDENTIAL.json"), "akashi sign --key issuer-key.json credential.json")
	}
	if *format != "di" && *format != "jwt" {
		return e.fail(exitUsage, fmt.Errorf("sign: --format must be di or jwt, not %q", *format), "")
	}
	key, err := keyfile.Read(*keyPath)
	if err != nil {
		return e.fail(exitUsage, err, "create one with 'akashi keys generate --out FILE'")
	}
	raw, err := readInput(e, fs.Arg(0))
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	signed, err := signCredential(raw, key, *format)
	if err != nil {
		return e.fail(exitFailed, err, "")
	}
	if err := writeOutput(e, *out, signed); err != nil {
		return e.fail(exitUsage, err, "")
	}
	return exitOK
}

// signCredential prepares (issuer, id) and signs a credential.
func signCredential(raw []byte, key *keyfile.Key, format string) ([]byte, error) {
	v, err := jsonld.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("sign: the credential is not valid JSON: %w", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("sign: the credential must be a JSON object")
	}
	if _, has := doc["proof"]; has {
		return nil, withHint(errors.New("sign: the credential already has a proof"), "remove the proof member to sign it again")
	}
	if err := setIssuer(doc, key.DID); err != nil {
		return nil, err
	}
	if _, has := doc["id"]; !has {
		doc["id"] = newURNUUID()
	}
	isBadge := isOpenBadge(doc)
	if format == "jwt" {
		if isBadge {
			if err := ob3.ValidateSchema(doc); err != nil {
				return nil, fmt.Errorf("sign: %w", err)
			}
		}
		credJSON, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		tok, err := ob3.EncodeJWT(credJSON, key.Private, key.VerificationMethod)
		if err != nil {
			return nil, fmt.Errorf("sign: %w", err)
		}
		return []byte(tok + "\n"), nil
	}
	signed, err := proof.Default.SignDataIntegrity(doc, key.Private, proof.Options{VerificationMethod: key.VerificationMethod})
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	if isBadge {
		if err := ob3.ValidateSchema(signed); err != nil {
			return nil, fmt.Errorf("sign: %w", err)
		}
	}
	return marshalJSON(signed)
}

// setIssuer fills in the issuer as the key's DID, or checks that it is.
func setIssuer(doc map[string]any, keyDID string) error {
	mismatch := func(got string) error {
		return withHint(fmt.Errorf("sign: the credential's issuer is %q but the key is %s", got, keyDID),
			"set the issuer id to the key's DID, or leave it out to have it filled in")
	}
	switch is := doc["issuer"].(type) {
	case nil:
		doc["issuer"] = keyDID
	case string:
		if is != keyDID {
			return mismatch(is)
		}
	case map[string]any:
		id, _ := is["id"].(string)
		switch {
		case id == "":
			is["id"] = keyDID
		case id != keyDID:
			return mismatch(id)
		}
	default:
		return errors.New("sign: issuer must be a string or an object")
	}
	return nil
}

func isOpenBadge(doc map[string]any) bool {
	types, _ := doc["type"].([]any)
	for _, t := range types {
		switch t {
		case "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential":
			return true
		}
	}
	return false
}

func newURNUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// marshalJSON indents without HTML escaping, ending in a newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
