package jiko

import (
	"fmt"
	"io"
	"log/slog"
)

// The values below carry identification numbers or tokens. fmt prints them
// redacted (their numbers and tokens have Format methods); these LogValue
// methods make log/slog do the same whatever its handler, since slog's JSON
// handler would otherwise encode them with encoding/json, in clear.

// redacted stands in for a secret in errors, logs and printed values.
const redacted = "[REDACTED]"

// redactedLog renders v through fmt, where the secrets it holds redact
// themselves.
func redactedLog(v any) slog.Value { return slog.StringValue(fmt.Sprintf("%+v", v)) }

// LogValue logs the number redacted.
func (n IDNumber) LogValue() slog.Value { return slog.StringValue(redacted) }

// LogValue logs the value with its identification number redacted.
func (v BusinessIdentificationNumber) LogValue() slog.Value { return redactedLog(v) }

// LogValue logs the value with its identification number redacted.
func (v IndividualIdentificationNumber) LogValue() slog.Value { return redactedLog(v) }

// LogValue logs the request with its identification number redacted.
func (r ApplicationCreateRequest) LogValue() slog.Value { return redactedLog(r) }

// LogValue logs the profile with its identification number redacted.
func (p BusinessProfile) LogValue() slog.Value { return redactedLog(p) }

// LogValue logs the application with its identification number redacted.
func (a BusinessApplication) LogValue() slog.Value { return redactedLog(a) }

// LogValue logs the request with its identification number redacted.
func (r BusinessApplicationCreateRequest) LogValue() slog.Value { return redactedLog(r) }

// LogValue logs the request with its identification number redacted.
func (r BusinessApplicationUpdateRequest) LogValue() slog.Value { return redactedLog(r) }

// LogValue logs the profile with its identification number redacted.
func (p RelatedPartyProfile) LogValue() slog.Value { return redactedLog(p) }

// LogValue logs the application with its identification number redacted.
func (a RelatedPartyApplication) LogValue() slog.Value { return redactedLog(a) }

// LogValue logs the request with its identification number redacted.
func (r RelatedPartyCreateRequest) LogValue() slog.Value { return redactedLog(r) }

// LogValue logs the request with its identification number redacted.
func (r RelatedPartyUpdateRequest) LogValue() slog.Value { return redactedLog(r) }

// LogValue logs the request with its Plaid public token redacted.
func (r PlaidCounterpartiesCreateRequest) LogValue() slog.Value { return slog.StringValue(r.String()) }

// formatMasked prints s for any verb: quoted for %q, as it is otherwise.
func formatMasked(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = fmt.Sprintf("%q", s)
	}
	_, _ = io.WriteString(f, s)
}
