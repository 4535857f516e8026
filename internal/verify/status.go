// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/status"
)

// checkStatus looks up every credentialStatus entry: BitstringStatusList
// (W3C) and 1EdTechRevocationList. With no network it warns and moves on:
// the rest of the report still stands, but revocation is unknown.
func (v *Verifier) checkStatus(ctx context.Context, m map[string]any, r *report.Report) {
	var entries []map[string]any
	switch cs := m["credentialStatus"].(type) {
	case nil:
		r.Add("status", report.Skip, "The issuer publishes no revocation status for this credential.")
		return
	case map[string]any:
		entries = append(entries, cs)
	case []any:
		for _, e := range cs {
			if em, ok := e.(map[string]any); ok {
				entries = append(entries, em)
			}
		}
	}
	if len(entries) == 0 {
		r.Add("status", report.Fail, "credentialStatus is malformed.")
		return
	}
	if v.fetcher == nil {
		r.Add("status", report.Warn, "Revocation was not checked: the verifier is offline.")
		return
	}
	credID, _ := m["id"].(string)
	var notes []string
	for _, e := range entries {
		t, _ := e["type"].(string)
		var msg string
		var st report.Status
		var params map[string]string
		switch t {
		case "BitstringStatusListEntry":
			st, msg, params = v.bitstringStatus(ctx, e)
		case "1EdTechRevocationList":
			st, msg, params = v.revocationListStatus(ctx, e, credID)
		default:
			st, msg = report.Warn, fmt.Sprintf("The status method %q is not supported; revocation was not checked.", t)
		}
		if st != report.Pass {
			r.Add("status", st, msg).Params = params
			return
		}
		notes = append(notes, msg)
	}
	r.Add("status", report.Pass, strings.Join(notes, " "))
}

func (v *Verifier) fetchJSON(ctx context.Context, url string) (map[string]any, error) {
	body, err := v.getJSON(ctx, url)
	if err != nil {
		return nil, err
	}
	doc, err := jsonld.ParseJSON(body)
	if err != nil {
		return nil, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}

func unreachable(err error) (report.Status, string, map[string]string) {
	if errors.Is(err, fetch.ErrOffline) {
		return report.Warn, "Revocation was not checked: the verifier is offline.", nil
	}
	return report.Warn, "Revocation could not be checked: " + err.Error(), map[string]string{"problem": "unreachable"}
}

// bitstringStatus checks a BitstringStatusListEntry. The status check's
// parameters: "purpose" is revocation or suspension
// when the issuer marks the credential, "reason" the issuer's reason when
// the status method carries one, "problem" is "unreachable" when the list
// could not be fetched.
func (v *Verifier) bitstringStatus(ctx context.Context, e map[string]any) (st report.Status, msg string, params map[string]string) {
	listURL, _ := e["statusListCredential"].(string)
	purpose, _ := e["statusPurpose"].(string)
	idx, err := status.ParseIndex(e["statusListIndex"])
	if listURL == "" || err != nil {
		return report.Fail, "The status entry is malformed (statusListCredential or statusListIndex).", nil
	}
	list, err := v.fetchJSON(ctx, listURL)
	if err != nil {
		return unreachable(err)
	}
	// The list is itself a credential: its proof must verify.
	res, err := v.engine.Verify(ctx, list, v.keys)
	if err != nil || !anyValid(res) {
		return report.Fail, "The status list " + listURL + " is not validly signed, so the status cannot be trusted.", nil
	}
	if !contains(stringList(list["type"]), "BitstringStatusListCredential") {
		return report.Fail, "The status list is not a BitstringStatusListCredential.", nil
	}
	subject, _ := list["credentialSubject"].(map[string]any)
	if !contains(stringList(subject["statusPurpose"]), purpose) {
		return report.Fail, fmt.Sprintf("The status list is for %v, not %q (STATUS_VERIFICATION_ERROR).", subject["statusPurpose"], purpose), nil
	}
	encoded, _ := subject["encodedList"].(string)
	bits, err := status.Decode(encoded)
	if err != nil {
		return report.Fail, "The status list cannot be read: " + err.Error(), nil
	}
	on, err := bits.Get(idx)
	if err != nil {
		return report.Fail, err.Error(), nil
	}
	switch {
	case !on:
		return report.Pass, "Not " + purposeWord(purpose) + " (checked against the issuer's status list).", nil
	case purpose == "revocation":
		return report.Fail, "The issuer has revoked this credential.", map[string]string{"purpose": purpose}
	case purpose == "suspension":
		return report.Fail, "The issuer has suspended this credential.", map[string]string{"purpose": purpose}
	default:
		return report.Warn, fmt.Sprintf("The issuer's status list marks this credential (%s).", purpose), nil
	}
}

func purposeWord(p string) string {
	if p == "suspension" {
		return "suspended"
	}
	return "revoked"
}

func anyValid(res []proof.Result) bool {
	for _, r := range res {
		if r.Err == nil {
			return true
		}
	}
	return false
}

// revocationListStatus follows the 1EdTech Revocation List status method:
// the list names revoked credential ids (field name as 1EdTech's validator reads it).
func (v *Verifier) revocationListStatus(ctx context.Context, e map[string]any, credID string) (st report.Status, msg string, params map[string]string) {
	listURL, _ := e["id"].(string)
	if listURL == "" {
		return report.Fail, "The 1EdTechRevocationList entry has no id.", nil
	}
	list, err := v.fetchJSON(ctx, listURL)
	if err != nil {
		return unreachable(err)
	}
	for _, field := range []string{"revokedCredentials", "revokedCredential"} {
		entries, _ := list[field].([]any)
		for _, x := range entries {
			em, _ := x.(map[string]any)
			if id, _ := em["id"].(string); id != credID {
				continue
			}
			if revoked, isBool := em["revoked"].(bool); isBool && !revoked {
				continue
			}
			reason, _ := em["revocationReason"].(string)
			params := map[string]string{"purpose": "revocation"}
			if reason != "" {
				params["reason"] = reason
				return report.Fail, "The issuer has revoked this credential: " + reason, params
			}
			return report.Fail, "The issuer has revoked this credential.", params
		}
	}
	return report.Pass, "Not revoked (checked against the issuer's revocation list).", nil
}
