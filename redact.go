package jiko

import (
	"fmt"
	"io"
	"log/slog"
)

// This file holds the redaction helpers the types that carry secrets
// (identification numbers, tokens, PINs, card numbers, signing secrets)
// share. Each such type's String, GoString, Format and LogValue methods
// sit beside the type: fmt prints it redacted through its Format method,
// and its LogValue makes log/slog do the same whatever its handler, since
// slog's JSON handler would otherwise encode it with encoding/json, in
// clear.

// redacted stands in for a secret in errors, logs and printed values.
const redacted = "[REDACTED]"

// redactedLog renders v through fmt, where the secrets it holds redact
// themselves.
func redactedLog(v any) slog.Value { return slog.StringValue(fmt.Sprintf("%+v", v)) }

// formatMasked prints s for any verb: quoted for %q, as it is otherwise.
func formatMasked(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = fmt.Sprintf("%q", s)
	}
	_, _ = io.WriteString(f, s)
}
