// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	cause := errors.New("disk full")
	tests := []struct {
		err  error
		code string
	}{
		{nil, ""},
		{cause, CodeInternal},
		{Invalid("email", KeyEmail, "bad"), CodeInvalid},
		{fmt.Errorf("service: %w", NotFound("badge.not_found", "No such badge.")), CodeNotFound},
		{Conflict("slug", "org.slug_taken", "Taken."), CodeConflict},
		{Unauthorized("auth.required", "Sign in."), CodeUnauthorized},
		{Forbidden("auth.forbidden", "No."), CodeForbidden},
		{RateLimited("auth.rate_limited", "Later."), CodeRateLimited},
		{Internal(cause), CodeInternal},
	}
	for _, tc := range tests {
		if got := ErrorCode(tc.err); got != tc.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tc.err, got, tc.code)
		}
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("disk full")
	e := &Error{Code: CodeInternal, Field: "logo", Message: "Could not save.", Err: cause}
	if got, want := e.Error(), "internal: logo: Could not save.: disk full"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, cause) {
		t.Error("errors.Is(e, cause) = false, want true through Unwrap")
	}
	if got := ErrorMessage(cause); got == cause.Error() {
		t.Errorf("ErrorMessage(non-application error) = %q, leaks the cause", got)
	}
	if got := ErrorKey(fmt.Errorf("x: %w", Invalid("name", KeyTooLong, "m"))); got != KeyTooLong {
		t.Errorf("ErrorKey = %q, want %q", got, KeyTooLong)
	}
	if got := ErrorKey(cause); got != KeyInternal {
		t.Errorf("ErrorKey(other error) = %q, want %q", got, KeyInternal)
	}
	if got := ErrorMessage(Invalid("name", KeyTooLong, "Name is too long.")); got != "Name is too long." {
		t.Errorf("ErrorMessage = %q", got)
	}
}
