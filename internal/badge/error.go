// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"errors"
	"strings"
)

// Application error codes. They are ours, not HTTP statuses: the transport
// layer maps them.
const (
	CodeInvalid      = "invalid"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeRateLimited  = "rate_limited"
	CodeInternal     = "internal"
)

// KeyInternal is the message key shown for every error that is not an
// application [Error].
const KeyInternal = "error.internal"

// Error is an application error: a machine code, an i18n message key, the
// field it concerns (if any), a user-safe English message and the wrapped
// cause, which is for logs and never shown to users.
type Error struct {
	Code    string // one of the Code constants
	Key     string // i18n message key, e.g. "field.too_long"
	Field   string // the offending input field, or ""
	Message string // English, safe to show to users
	Err     error  // the cause, for logs; may be nil
}

// Error returns "code: field: message: cause", leaving out empty parts.
func (e *Error) Error() string {
	parts := make([]string, 0, 4)
	for _, p := range []string{e.Code, e.Field, e.Message} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if e.Err != nil {
		parts = append(parts, e.Err.Error())
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Invalid returns a [CodeInvalid] error about field.
func Invalid(field, key, msg string) *Error {
	return &Error{Code: CodeInvalid, Field: field, Key: key, Message: msg}
}

// NotFound returns a [CodeNotFound] error.
func NotFound(key, msg string) *Error {
	return &Error{Code: CodeNotFound, Key: key, Message: msg}
}

// Conflict returns a [CodeConflict] error about field (e.g. a taken e-mail).
func Conflict(field, key, msg string) *Error {
	return &Error{Code: CodeConflict, Field: field, Key: key, Message: msg}
}

// Unauthorized returns a [CodeUnauthorized] error (not signed in, bad credentials).
func Unauthorized(key, msg string) *Error {
	return &Error{Code: CodeUnauthorized, Key: key, Message: msg}
}

// Forbidden returns a [CodeForbidden] error (signed in, but not allowed).
func Forbidden(key, msg string) *Error {
	return &Error{Code: CodeForbidden, Key: key, Message: msg}
}

// RateLimited returns a [CodeRateLimited] error.
func RateLimited(key, msg string) *Error {
	return &Error{Code: CodeRateLimited, Key: key, Message: msg}
}

// Internal wraps err as a [CodeInternal] error with a generic message.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Key: KeyInternal, Message: "An internal error occurred.", Err: err}
}

// ErrorCode returns the code of the first [*Error] in err's chain, "" for a
// nil err, and [CodeInternal] for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return CodeInternal
}

// ErrorKey returns the message key of the first [*Error] in err's chain, or
// [KeyInternal] for any other error.
func ErrorKey(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Key
	}
	return KeyInternal
}

// ErrorMessage returns the user-safe message of the first [*Error] in err's
// chain, or a generic message for any other error, whose text may hold
// details not meant for users.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "An internal error occurred."
}
