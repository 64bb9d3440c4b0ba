package jiko

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// maxErrorBody caps how much of an error response is kept in Error.Body.
const maxErrorBody = 4 << 10

// Error is the error of a call that reached the network and did not
// succeed. Get it with [errors.As] to read the status, the API's message,
// the refused fields and the idempotency key to resend with; the helpers
// [IsNotFound], [IsValidation], [IsConflict], [IsPreconditionFailed],
// [IsRateLimited], [IsUnauthorized], [IsForbidden] and [MayHaveSucceeded]
// answer the common questions without it. It is returned when:
//
//   - the API answered with a non-2xx status (StatusCode is set);
//   - no answer arrived after every allowed attempt (StatusCode is 0 and Err
//     holds the last transport error, or the context's error);
//   - a 2xx answer could not be used: its body was empty where the
//     operation returns one, too large, or not the documented JSON
//     (StatusCode is the 2xx status and Err says what was wrong; the call
//     took effect).
//
// IdempotencyKey is the key every attempt carried. When MayHaveSucceeded is
// true the operation may have taken effect even though the call failed:
// send the same request again with [WithIdempotencyKey] and that key within
// the hour. The API recognises the resend and answers with the first
// outcome instead of acting twice. A reused key with a different request is
// refused with 409 (see [IsConflict]): the key names one request, not one
// business object.
type Error struct {
	// StatusCode is the HTTP status, or 0 when no response was received.
	StatusCode int
	// Method is the request's HTTP method, such as "PATCH".
	Method string
	// Path is the request's escaped path, such as "/api/v2/customers/.../".
	Path string
	// IdempotencyKey is the x-jiko-idempotency value of every attempt.
	IdempotencyKey string
	// Attempts is how many times the request was sent.
	Attempts int
	// MayHaveSucceeded is true when the operation may have taken effect
	// although the call failed. It holds for the key, not only for this
	// call: keep resending with the same IdempotencyKey until it is false
	// or the call succeeds, and only then drop the key. It is true when:
	//
	//   - an attempt got no answer (the connection dropped or timed out
	//     after the request went out) or a 500, 502 or 504 (the API or a
	//     gateway failed after the request reached it), whatever the final
	//     outcome says;
	//   - the call carried a key the caller supplied ([WithIdempotencyKey])
	//     and ended without a definite answer: no answer, 408, 429 or any
	//     5xx. An earlier call with that key may have acted, so a resend
	//     answered 503 still says so;
	//   - a 2xx answer was empty, null or could not be decoded.
	//
	// A read (GET) never takes effect: for it the flag is always false.
	// Resend with the same IdempotencyKey to learn the outcome without
	// acting twice.
	MayHaveSucceeded bool

	// Detail is the API's message when it gave one as text: the
	// problem-details "detail" of the v2 endpoints, or the
	// {"detail": "<text>"} of a business refusal (a 422 the current
	// reference shows in that form, where v1.29 declares only the Issues
	// list), or a plain message.
	Detail string
	// Type is the problem type URI of a v2 problem-details answer.
	Type string
	// Instance is the problem-details instance: the path that failed.
	Instance string
	// TraceID is the API's trace id of the failed request, from its body
	// or an X-Trace-Id / X-Request-Id header, to quote to Jiko support.
	TraceID string
	// Issues lists the field errors of a 422 validation response (the
	// [{loc, msg, type}] detail list); empty when the detail was a text.
	Issues []ValidationIssue

	// Body is the start of the raw response body (at most 4 KiB).
	Body []byte
	// Header holds the response headers, such as Retry-After.
	Header http.Header

	// Err is the transport error when no response arrived, or what was
	// wrong with a 2xx answer.
	Err error
}

// ValidationError is input the client refused before sending anything: a
// missing or malformed field, an empty or path-breaking id, an option with
// a bad value. Field names the field or option, as the Go API spells it
// (PocketCreateRequest.PocketName, customer_id, WithIdempotencyKey), so that
// a partner can map it back to its own form or configuration. Nothing was
// sent, so the call is safe to correct and make again. [IsValidation]
// reports true for it, as for the API's own 422.
//
// A request with several bad fields is refused once, with all of them:
// Field and Reason are the first, and Issues lists every one (see
// [ValidationError.Issues]).
type ValidationError struct {
	// Field names what was refused.
	Field string
	// Reason says why.
	Reason string
	// Issues lists every refused field of the request, the first included,
	// when more than one was refused; it is nil when only Field was.
	Issues []ValidationError
}

// Error returns "jiko: Field: Reason", or, when several fields were
// refused, each of them: "jiko: A: why; B: why".
func (e *ValidationError) Error() string { return "jiko: " + e.issues() }

// invalid returns a *ValidationError for field.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ValidationIssue is one entry of a 422 response's detail list, found in
// [Error.Issues]. Its Field names the refused field as [ValidationError]'s
// does, to show it next to the partner's own input; Loc keeps where the API
// located it.
type ValidationIssue struct {
	// Field is Loc as a dotted name without its leading source ("body",
	// "query", "path", "header"): "pocket_name", "items.0.amount". It is
	// set when the issue is decoded from the API's answer.
	Field string `json:"-"`
	// Loc locates the bad input, such as ["body", "pocket_name"] or
	// ["query", "limit"]. Numeric positions are given in decimal.
	Loc []string `json:"loc"`
	// Msg is the API's explanation, such as "field required".
	Msg string `json:"msg"`
	// Type is the error class, such as "value_error.missing".
	Type string `json:"type"`
}

// issueField is loc as a dotted name without its leading source.
func issueField(loc []string) string {
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
	v.Field = issueField(v.Loc)
	return nil
}

// Error describes the failure: status, the API's message or failing
// fields, the problem type and trace id when given, and the idempotency key
// to resend with when the call may have taken effect.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jiko: %s %s", e.Method, e.Path)
	switch {
	case e.StatusCode == 0 && e.Attempts == 0:
		b.WriteString(": not sent")
	case e.StatusCode == 0:
		fmt.Fprintf(&b, ": no response after %d attempt(s)", e.Attempts)
		if e.IdempotencyKey != "" && !e.MayHaveSucceeded {
			fmt.Fprintf(&b, " (idempotency key %s)", e.IdempotencyKey)
		}
	case e.StatusCode >= 200 && e.StatusCode < 300:
		fmt.Fprintf(&b, ": unusable %d response", e.StatusCode)
	default:
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
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
	if e.Type != "" {
		fmt.Fprintf(&b, " (type %s)", e.Type)
	}
	if e.TraceID != "" {
		fmt.Fprintf(&b, " (trace id %s)", e.TraceID)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.MayHaveSucceeded && e.IdempotencyKey != "" {
		fmt.Fprintf(&b, " (may have taken effect: resend with idempotency key %s)", e.IdempotencyKey)
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
		if keepBody {
			// Not JSON: keep a short plain-text message (not an HTML page).
			if text := strings.TrimSpace(string(body[:min(len(body), 200)])); text != "" && text[0] != '<' && utf8.ValidString(text) {
				e.Detail = text
			}
		}
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
	case len(d) > 0 && d[0] == '{':
		// An object detail: its message if it has one, else the object.
		var obj struct {
			Message string `json:"message"`
			Msg     string `json:"msg"`
		}
		_ = json.Unmarshal(d, &obj)
		e.Detail = cmp.Or(obj.Message, obj.Msg, string(d[:min(len(d), 200)]))
	}
	if e.Detail == "" && len(e.Issues) == 0 {
		e.Detail = parsed.Message
	}
	if !keepBody {
		// The body may echo what was sent (a login's password): keep only
		// the field names of the issues, none of the API's text. The
		// secrets the request carried are scrubbed from the locations too
		// (see redact).
		e.Detail = ""
		for i := range e.Issues {
			e.Issues[i].Msg = "refused"
		}
	}
	if e.TraceID == "" {
		e.TraceID = cmp.Or(header.Get("X-Trace-Id"), header.Get("X-Request-Id"))
	}
	return e
}

// redact replaces secret, a value the request carried, wherever the error
// kept something of the API's answer: its detail, problem type, instance
// and trace id, its issues (message, type, field and location), its raw body and
// its response headers.
func (e *Error) redact(secret string) {
	if strings.TrimSpace(secret) == "" {
		return
	}
	scrub := func(s *string) { *s = strings.ReplaceAll(*s, secret, redacted) }
	scrub(&e.Detail)
	scrub(&e.Type)
	scrub(&e.Instance)
	scrub(&e.TraceID)
	for i := range e.Issues {
		is := &e.Issues[i]
		scrub(&is.Msg)
		scrub(&is.Type)
		scrub(&is.Field)
		for j := range is.Loc {
			scrub(&is.Loc[j])
		}
	}
	e.Body = bytes.ReplaceAll(e.Body, []byte(secret), []byte(redacted))
	for _, vs := range e.Header {
		for i := range vs {
			scrub(&vs[i])
		}
	}
}

// statusOf returns the status code of a *Error in err's chain, or 0.
func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is a 404 Not Found from the API: an
// unknown id, or one that belongs to another customer.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsValidation reports whether the input was refused: by the client before
// sending (a [*ValidationError] naming the field) or by the API with a 422
// Unprocessable Entity (see [Error.Issues] and [Error.Detail]). Sending the
// same input again fails the same way.
func IsValidation(err error) bool {
	var v *ValidationError
	return errors.As(err, &v) || statusOf(err) == http.StatusUnprocessableEntity
}

// IsConflict reports whether err is a 409 Conflict, such as an idempotency
// key reused for a different request within the hour.
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsPreconditionFailed reports whether err is a 412 Precondition Failed: the
// object is no longer in a state the operation applies to (a portal already
// closed, a document already reviewed and approved).
func IsPreconditionFailed(err error) bool { return statusOf(err) == http.StatusPreconditionFailed }

// MayHaveSucceeded reports whether the failed call may nevertheless have
// taken effect (see [Error.MayHaveSucceeded]). Resend it with the error's
// idempotency key ([WithIdempotencyKey]) to find out without acting twice,
// and keep the key until a resend succeeds or fails with MayHaveSucceeded
// false: a resend with a caller's key that again gets no definite answer
// (no answer, 408, 429, 5xx) reports true, since the first send may have
// acted. A read never reports true.
func MayHaveSucceeded(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.MayHaveSucceeded
}

// IsRateLimited reports whether err is a 429 Too Many Requests that was still
// failing after the allowed retries ([WithMaxRetries]): slow down before
// trying again.
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsUnauthorized reports whether err is a 401 Unauthorized: bad credentials,
// or a token the API refused even after a fresh login.
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsForbidden reports whether err is a 403 Forbidden, such as a signature the
// API did not accept.
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }
