package parallax

import (
	"errors"
	"fmt"
)

// Application error codes, mapped to exit statuses and HTTP statuses in one place each.
const (
	EInvalid      = "invalid"      // bad input: a malformed record, a bad flag value
	ENotFound     = "not_found"    // no such article or story
	EConflict     = "conflict"     // same article id with different text
	EUnauthorized = "unauthorized" // a write without the right token
	EInternal     = "internal"     // everything else
)

// Error is an application error with a code and a message safe to show users.
type Error struct {
	Code    string
	Message string
	Err     error // underlying cause, for errors.Is/As; may be nil
}

// Error returns the message.
func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted message. A %w verb in
// format wraps its argument as the cause.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// other errors and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors, which may hold details not meant for users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
