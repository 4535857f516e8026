// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"errors"
	"fmt"
)

// Errors returned by [Fetcher.Get], wrapped with the URL concerned; test them
// with errors.Is.
var (
	// ErrForbiddenAddress: the host resolved to an address that is refused
	// (loopback, private, link-local, ...) and Options.AllowPrivate is off.
	ErrForbiddenAddress = errors.New("fetch: address not allowed")
	// ErrScheme: the URL (or a redirect) is not https, or is http while
	// Options.AllowHTTP is off.
	ErrScheme = errors.New("fetch: URL scheme not allowed")
	// ErrTooLarge: the body is larger than Options.MaxBytes.
	ErrTooLarge = errors.New("fetch: response too large")
	// ErrOffline: the URL is not in Options.URLMap and Options.Offline is on.
	ErrOffline = errors.New("fetch: offline")
	// ErrTimeout: the request did not finish within Options.Timeout (or the
	// caller's deadline).
	ErrTimeout = errors.New("fetch: timed out")
	// ErrTooManyRedirects: more than Options.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
)

// StatusError is returned by [Fetcher.GetBody] when the server answers with
// a status other than 2xx.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch: %s answered HTTP %d", e.URL, e.Status)
}
