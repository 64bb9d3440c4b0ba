package jiko

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// maxErrorBody caps how much of an error response is kept in Error.Body.
const maxErrorBody = 4 << 10

// Error is the error of a call that did not succeed: either the API answered
// with a non-2xx status (StatusCode is set), or no answer arrived after every
// allowed attempt (StatusCode is 0 and Err holds the last transport error).
//
// IdempotencyKey is the key every attempt carried. After a transport failure
// the call may or may not have taken effect; sending it again with
// WithIdempotencyKey(err.IdempotencyKey) within the hour is safe: the API
// recognises the resend and does not act twice.
type Error struct {
	// StatusCode is the HTTP status, or 0 when no response was received.
	StatusCode int
	// Method and Path name the request ("PATCH", "/api/v2/customers/.../").
	Method string
	Path   string
	// IdempotencyKey is the x-jiko-idempotency value of every attempt.
	IdempotencyKey string
	// Attempts is how many times the request was sent.
	Attempts int

	// Detail is the API's message when it gave one as text (the
	// problem-details "detail" of the v2 endpoints, or a plain message).
	Detail string
	// Type, Instance and TraceID are the problem-details fields of the v2
	// endpoints, when present.
	Type     string
	Instance string
	TraceID  string
	// Issues lists the field errors of a 422 validation response.
	Issues []ValidationIssue

	// Body is the start of the raw response body (at most 4 KiB).
	Body []byte
	// Header holds the response headers, such as Retry-After.
	Header http.Header

	// Err is the transport error when no response arrived.
	Err error
}

// ValidationIssue is one entry of a 422 response's detail list.
type ValidationIssue struct {
	// Loc locates the bad input, such as ["body", "pocket_name"] or
	// ["query", "limit"]. Numeric positions are given in decimal.
	Loc []string `json:"loc"`
	// Msg is the API's explanation, such as "field required".
	Msg string `json:"msg"`
	// Type is the error class, such as "value_error.missing".
	Type string `json:"type"`
}

// Field returns the location as a dotted name without its leading source
// ("body", "query", "path", "header"): "pocket_name", "items.0.amount".
func (v ValidationIssue) Field() string {
	loc := v.Loc
	if len(loc) > 1 {
		switch loc[0] {
		case "body", "query", "path", "header":
			loc = loc[1:]
		}
	}
	return strings.Join(loc, ".")
}

// String describes the issue: "body.pocket_name: field required".
func (v ValidationIssue) String() string {
	if len(v.Loc) == 0 {
		return v.Msg
	}
	return strings.Join(v.Loc, ".") + ": " + v.Msg
}

// UnmarshalJSON accepts locations made of strings and integers.
func (v *ValidationIssue) UnmarshalJSON(b []byte) error {
	var raw struct {
		Loc  []json.RawMessage `json:"loc"`
		Msg  string            `json:"msg"`
		Type string            `json:"type"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	v.Msg, v.Type, v.Loc = raw.Msg, raw.Type, make([]string, 0, len(raw.Loc))
	for _, l := range raw.Loc {
		var s string
		if json.Unmarshal(l, &s) != nil {
			s = string(l)
		}
		v.Loc = append(v.Loc, s)
	}
	return nil
}

// Error describes the failure, naming the failing fields of a 422.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jiko: %s %s", e.Method, e.Path)
	if e.StatusCode == 0 {
		fmt.Fprintf(&b, ": no response after %d attempt(s) (idempotency key %s)", e.Attempts, e.IdempotencyKey)
		if e.Err != nil {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
		return b.String()
	}
	fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	for i, is := range e.Issues {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(is.String())
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the transport error, if any.
func (e *Error) Unwrap() error { return e.Err }

// newAPIError builds the Error of a non-2xx response from its body.
func newAPIError(status int, method, path, key string, attempts int, header http.Header, body []byte, keepBody bool) *Error {
	e := &Error{
		StatusCode: status, Method: method, Path: path,
		IdempotencyKey: key, Attempts: attempts, Header: header,
	}
	if keepBody {
		e.Body = bytes.Clone(body[:min(len(body), maxErrorBody)])
	}
	var parsed struct {
		Detail   json.RawMessage `json:"detail"`
		Message  string          `json:"message"`
		Type     string          `json:"type"`
		Instance string          `json:"instance"`
		TraceID  *string         `json:"trace_id"`
	}
	if json.Unmarshal(body, &parsed) != nil {
		return e
	}
	e.Type, e.Instance = parsed.Type, parsed.Instance
	if parsed.TraceID != nil {
		e.TraceID = *parsed.TraceID
	}
	switch d := bytes.TrimSpace(parsed.Detail); {
	case len(d) > 0 && d[0] == '[':
		_ = json.Unmarshal(d, &e.Issues)
	case len(d) > 0 && d[0] == '"':
		_ = json.Unmarshal(d, &e.Detail)
	}
	if e.Detail == "" && len(e.Issues) == 0 {
		e.Detail = parsed.Message
	}
	return e
}

// statusOf returns the status code of a *Error in err's chain, or 0.
func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is a 404 Not Found from the API.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsValidation reports whether err is a 422 Unprocessable Entity: the API
// rejected the input (see Error.Issues and Error.Detail).
func IsValidation(err error) bool { return statusOf(err) == http.StatusUnprocessableEntity }

// IsRateLimited reports whether err is a 429 Too Many Requests that was still
// failing after the allowed retries.
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsUnauthorized reports whether err is a 401 Unauthorized: bad credentials,
// or a token the API refused even after a fresh login.
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsForbidden reports whether err is a 403 Forbidden, such as a signature the
// API did not accept.
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }
