// SPDX-License-Identifier: Apache-2.0

package httpx

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Status maps an application error to its HTTP status. This is the only
// place the mapping is made (STYLE §5); anything that is not a
// *badge.Error is an internal error.
func Status(err error) int {
	switch badge.ErrorCode(err) {
	case badge.CodeInvalid:
		return http.StatusBadRequest
	case badge.CodeNotFound:
		return http.StatusNotFound
	case badge.CodeConflict:
		return http.StatusConflict
	case badge.CodeUnauthorized:
		return http.StatusUnauthorized
	case badge.CodeForbidden:
		return http.StatusForbidden
	case badge.CodeRateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
