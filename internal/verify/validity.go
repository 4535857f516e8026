// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/report"
)

// parseTime reads an XML Schema dateTime as credentials write it.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time", s)
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// checkValidity compares validFrom/validUntil (VC 1.1: issuanceDate and
// expirationDate) with the clock.
func (v *Verifier) checkValidity(m map[string]any, legacy bool, r *report.Report) {
	fromKey, untilKey := "validFrom", "validUntil"
	if legacy {
		fromKey, untilKey = "issuanceDate", "expirationDate"
	}
	now := v.now()
	from, _ := m[fromKey].(string)
	until, _ := m[untilKey].(string)
	if from == "" {
		r.Add("validity", report.Fail, "The credential has no "+fromKey+".")
		return
	}
	start, err := parseTime(from)
	if err != nil {
		r.Add("validity", report.Fail, fromKey+": "+err.Error())
		return
	}
	if now.Before(start) {
		r.Add("validity", report.Fail, "The credential is not valid until "+day(start)+".").Params = map[string]string{"from": day(start)}
		return
	}
	if until == "" {
		r.Add("validity", report.Pass, "Valid since "+day(start)+", with no expiry date.").Params = map[string]string{"from": day(start)}
		return
	}
	end, err := parseTime(until)
	if err != nil {
		r.Add("validity", report.Fail, untilKey+": "+err.Error())
		return
	}
	if now.After(end) {
		r.Add("validity", report.Fail, "The credential expired on "+day(end)+".").Params = map[string]string{"until": day(end)}
		return
	}
	r.Add("validity", report.Pass, "Valid from "+day(start)+" until "+day(end)+".").Params = map[string]string{"from": day(start), "until": day(end)}
}
