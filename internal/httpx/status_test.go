// SPDX-License-Identifier: Apache-2.0

package httpx

import (
	"errors"
	"fmt"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{badge.Invalid("email", badge.KeyEmail, "bad"), 400},
		{badge.NotFound("error.not_found", "no"), 404},
		{badge.Conflict("email", "validation.email_taken", "taken"), 409},
		{badge.Unauthorized("error.unauthorized", "sign in"), 401},
		{badge.Forbidden("error.forbidden", "no"), 403},
		{badge.RateLimited("auth.rate_limited", "slow down"), 429},
		{badge.Internal(errors.New("disk")), 500},
		{errors.New("plain"), 500},
		{fmt.Errorf("wrapped: %w", badge.Forbidden("error.forbidden", "no")), 403},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
