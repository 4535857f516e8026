// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/report"
)

// clockSkew is how far in the future issuedOn may be before it fails: the
// issuer's clock and ours are not the same clock.
const clockSkew = 5 * time.Minute

// dateTimeLayouts are the ISO 8601 forms accepted; all carry a time zone,
// which OB 2.0 requires.
var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
}

func parseDateTime(s string) (time.Time, error) {
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("ob2: %q is not an ISO 8601 date-time with a time zone", s)
}

func validDateTime(s string) bool {
	_, err := parseDateTime(s)
	return err == nil
}

// checkValidity: issuedOn is not in the future and expires has not passed.
func (st *run) checkValidity() {
	var o outcome
	issued, err := parseDateTime(stringProp(st.asrt.raw, "issuedOn"))
	if err != nil {
		st.r.Add("validity", report.Skip, "The issue date cannot be read, so the validity period was not checked.")
		return
	}
	if issued.After(st.now.Add(clockSkew)) {
		o.fail("The assertion is dated in the future (issued on %s).", issued.Format(time.RFC3339))
		o.param("date", issued.Format(time.RFC3339))
		o.param("from", issued.Format(time.DateOnly))
	}
	expiresText := stringProp(st.asrt.raw, "expires")
	passMsg := fmt.Sprintf("Issued on %s; it does not expire.", issued.Format(time.DateOnly))
	if expiresText != "" {
		expires, err := parseDateTime(expiresText)
		passMsg = fmt.Sprintf("Issued on %s; valid until %s.", issued.Format(time.DateOnly), expires.Format(time.DateOnly))
		switch {
		case err != nil:
			o.fail("The expiry date %q cannot be read.", expiresText)
		case !st.now.Before(expires):
			o.fail("This badge expired on %s.", expires.Format(time.DateOnly))
			o.param("date", expires.Format(time.RFC3339))
			o.param("until", expires.Format(time.DateOnly))
		}
	}
	o.emit(st.r, "validity", passMsg)
}
