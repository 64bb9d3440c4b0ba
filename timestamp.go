package jiko

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Timestamp is an instant in an answer, such as a resource's time_created,
// written by the API as RFC 3339 ("2023-01-01T12:00:00+00:00"). It embeds
// the [time.Time], so ts.Time, ts.Format and ts.Before work as on a
// time.Time.
//
// It is read tolerantly (see "Decoding" in the package documentation): any
// JSON string decodes, and text that is not RFC 3339 is kept as it came,
// with Time zero, Valid false and Raw returning the text, rather than
// failing the call. Such a Timestamp encodes back to that text. Requests
// take plain time.Time values.
type Timestamp struct {
	time.Time

	raw string // the text of an answer that was not RFC 3339; empty otherwise
}

// TimestampOf returns t as a Timestamp, for building a model in a test or
// comparing with one.
func TimestampOf(t time.Time) Timestamp { return Timestamp{Time: t} }

// Valid reports whether ts is not text from an answer that failed to
// parse as RFC 3339; the zero Timestamp is valid. Raw returns the text of
// an invalid one.
func (ts Timestamp) Valid() bool { return ts.raw == "" }

// Raw returns the timestamp's text: as it came for a Timestamp that is not
// Valid, RFC 3339 for any other non-zero one, and "" for the zero
// Timestamp.
func (ts Timestamp) Raw() string {
	switch {
	case ts.raw != "":
		return ts.raw
	case ts.Time.IsZero():
		return ""
	}
	return ts.Time.Format(time.RFC3339Nano)
}

// IsZero reports whether ts is absent: the zero time and no text kept. A
// Timestamp that kept text it could not parse is not zero.
func (ts Timestamp) IsZero() bool { return ts.raw == "" && ts.Time.IsZero() }

// String returns the time as time.Time prints it, or the text as it came
// for a Timestamp that is not Valid.
func (ts Timestamp) String() string {
	if ts.raw != "" {
		return ts.raw
	}
	return ts.Time.String()
}

// invalidRaw reports the text of a Timestamp that did not parse (see
// drift.go).
func (ts Timestamp) invalidRaw() (string, bool) { return ts.raw, ts.raw != "" }

// MarshalJSON writes the time as RFC 3339, or the text as it came for a
// Timestamp that is not Valid.
func (ts Timestamp) MarshalJSON() ([]byte, error) {
	if ts.raw != "" {
		return json.Marshal(ts.raw)
	}
	return ts.Time.MarshalJSON()
}

// UnmarshalJSON reads a JSON string: RFC 3339 text sets Time, any other
// text is kept (Valid reports false). null leaves ts unchanged, as it does
// a time.Time; a JSON value that is not a string is refused.
func (ts *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) == 0 || b[0] != '"' {
		return fmt.Errorf("jiko: timestamp: %s is not a JSON string", shorten(string(b)))
	}
	if text, ok := plainString(b); ok {
		return ts.UnmarshalText(text)
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return ts.UnmarshalText([]byte(s))
}

// MarshalText writes the time as RFC 3339, or the text as it came for a
// Timestamp that is not Valid.
func (ts Timestamp) MarshalText() ([]byte, error) {
	if ts.raw != "" {
		return []byte(ts.raw), nil
	}
	return ts.Time.MarshalText()
}

// UnmarshalText reads RFC 3339 text into Time and keeps any other text as
// it came; the empty text is the zero Timestamp.
func (ts *Timestamp) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*ts = Timestamp{}
		return nil
	}
	var t time.Time
	if err := t.UnmarshalText(b); err != nil {
		*ts = Timestamp{raw: string(b)}
		return nil
	}
	*ts = Timestamp{Time: t}
	return nil
}
