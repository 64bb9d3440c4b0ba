package jiko

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Decimal is an exact decimal number, such as a price ("98.628528") or a
// yield ("0.0468"), kept as the API's own text so that nothing is lost to
// binary floating point. A partner shows it as it is ([Decimal.String]) or
// computes with it exactly through [Decimal.Rat] and [Decimal.Cmp]. It
// decodes from a JSON string or number and encodes as a JSON string.
type Decimal string

// Rat returns the value as an exact rational number. It reports an error
// naming the text when the Decimal is not a decimal number.
func (d Decimal) Rat() (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(string(d))
	if !ok || strings.ContainsAny(string(d), "/") {
		return nil, fmt.Errorf("jiko: %q is not a decimal number", string(d))
	}
	return r, nil
}

// Cmp compares d and e numerically, returning -1, 0 or +1. It reports an
// error when either is not a decimal number.
func (d Decimal) Cmp(e Decimal) (int, error) {
	a, err := d.Rat()
	if err != nil {
		return 0, err
	}
	b, err := e.Rat()
	if err != nil {
		return 0, err
	}
	return a.Cmp(b), nil
}

// String returns the decimal's text.
func (d Decimal) String() string { return string(d) }

// UnmarshalJSON accepts a JSON string or a JSON number and keeps its text.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if text, ok := plainString(b); ok {
		*d = Decimal(text)
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = Decimal(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("jiko: decimal: %w", err)
	}
	*d = Decimal(n)
	return nil
}

// Date is a calendar date without a time of day or zone, written
// "2006-01-02" by the API (maturity dates, book dates, statement periods,
// dates of birth). Unlike a [time.Time] it cannot shift by a day when
// converted between time zones; [Date.Time] gives the start of the day in a
// location of the partner's choice, and [ParseDate] and [DateOf] build one.
//
// A date in an answer is read tolerantly (see "Decoding" in the package
// documentation): any JSON string decodes, and text that is not
// "YYYY-MM-DD" is kept as it came, with Year, Month and Day zero, Valid
// false and Raw returning the text. Such a Date encodes back to that text,
// and a request that carries one is refused.
type Date struct {
	// Year is the year, such as 2026.
	Year int
	// Month is the month of the year.
	Month time.Month
	// Day is the day of the month, from 1.
	Day int

	raw string // the text of an answer that was not a date; empty otherwise
}

const dateLayout = "2006-01-02"

// ParseDate parses a "2006-01-02" date, such as one a partner's form or
// database holds.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("jiko: date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location: convert t first (t.In) to
// choose the day the partner means.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date: absent, or an empty string.
// A Date that kept text it could not parse is not zero.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is not text from an answer that failed to parse
// as "YYYY-MM-DD"; the zero Date is valid. Raw returns the text of an
// invalid one.
func (d Date) Valid() bool { return d.raw == "" }

// Raw returns the date's text: as it came for a Date that is not Valid,
// "2006-01-02" for any other non-zero Date, and "" for the zero Date.
func (d Date) Raw() string {
	switch {
	case d.raw != "":
		return d.raw
	case d.IsZero():
		return ""
	}
	return d.String()
}

// invalidRaw reports the text of a Date that did not parse (see drift.go).
func (d Date) invalidRaw() (string, bool) { return d.raw, d.raw != "" }

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String returns the date as "2006-01-02", or the text as it came for a
// Date that is not Valid.
func (d Date) String() string {
	if d.raw != "" {
		return d.raw
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// onCalendar reports whether d is a real date of year 1 or later: not
// month 13, 31 April or year 0.
func (d Date) onCalendar() bool { return d.Year >= 1 && DateOf(d.Time(time.UTC)) == d }

// MarshalText implements encoding.TextMarshaler; it also serves JSON and
// query strings.
// A non-zero Date that is not a calendar date (month 13, 31 April, year 0)
// is refused rather than sent; one that is not Valid writes its text as it
// came, so that a decoded answer encodes back unchanged.
func (d Date) MarshalText() ([]byte, error) {
	if d.raw != "" {
		return []byte(d.raw), nil
	}
	if !d.IsZero() && !d.onCalendar() {
		return nil, fmt.Errorf("jiko: %s is not a calendar date", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. An empty text
// decodes to the zero Date; a text that is not a "YYYY-MM-DD" calendar date
// is kept as it came (Valid reports false), never refused: a date in an
// answer is read tolerantly.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, ok := parseDate(b)
	if !ok {
		*d = Date{raw: string(b)}
		return nil
	}
	*d = v
	return nil
}

// parseDate reads "YYYY-MM-DD" text, as time.Parse with dateLayout does,
// without making a string of it.
func parseDate(b []byte) (Date, bool) {
	if len(b) != len(dateLayout) || b[4] != '-' || b[7] != '-' {
		return Date{}, false
	}
	n := 0
	for i, c := range b {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return Date{}, false
		}
		n = n*10 + int(c-'0')
	}
	d := Date{Year: n / 10000, Month: time.Month(n / 100 % 100), Day: n % 100}
	if d.Month < time.January || d.Month > time.December || d.Day < 1 || DateOf(d.Time(time.UTC)) != d {
		return Date{}, false
	}
	return d, true
}

// Nullable is a field of a PATCH request that can be left alone, set to
// null, or set to a value, so that an update sends only what the partner
// means to change. Its zero value is "left alone" and, with the `omitzero`
// JSON option, is not sent at all. Build the other two with [Set] and
// [Null].
//
//	req := &jiko.PocketUpdateRequest{
//		PocketName:             jiko.Set("Savings"),           // "pocket_name":"Savings"
//		ReinvestmentStrategyID: jiko.Null[jiko.StrategyID](), // "reinvestment_strategy_id":null
//	}
type Nullable[T any] struct {
	value T
	state nullState
}

type nullState uint8

const (
	unset nullState = iota
	null
	valued
)

// Set returns a [Nullable] that sends v: the field is changed to v.
func Set[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: valued} }

// Null returns a [Nullable] that sends an explicit JSON null: the field is
// cleared (where the operation allows it; the request's validation says
// which fields cannot be null).
func Null[T any]() Nullable[T] { return Nullable[T]{state: null} }

// IsZero reports whether the field is left alone; encoding/json's omitzero
// option uses it to leave the field out.
func (n Nullable[T]) IsZero() bool { return n.state == unset }

// IsNull reports whether the field is set to null.
func (n Nullable[T]) IsNull() bool { return n.state == null }

// Get returns the value and whether one is set.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == valued }

// MarshalJSON encodes null or the value. A Nullable that is left alone also
// encodes as null; declare the field with `omitzero` so that it is omitted.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != valued {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null into a null Nullable and anything else into a
// set value. A field absent from the JSON stays left alone.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Set(v)
	return nil
}

// auditValue gives the drift audit the value n holds (see drift_audit.go).
func (n Nullable[T]) auditValue() any {
	if n.state != valued {
		return nil
	}
	return n.value
}

// GoString describes the state for %#v: jiko.Nullable{}, jiko.Null() or
// jiko.Set(v), with v printed by its own %#v (so a value that redacts itself
// stays redacted).
func (n Nullable[T]) GoString() string {
	switch n.state {
	case null:
		return "jiko.Null()"
	case valued:
		return fmt.Sprintf("jiko.Set(%#v)", n.value)
	}
	return "jiko.Nullable{}"
}

// String describes the state for logs: "<unset>", "null" or the value.
func (n Nullable[T]) String() string {
	switch n.state {
	case null:
		return "null"
	case valued:
		return fmt.Sprint(n.value)
	}
	return "<unset>"
}

// Ptr returns a pointer to v, for the optional fields of requests that are
// pointers so that "not given" differs from the zero value:
// jiko.Ptr(true), jiko.Ptr("Middle").
func Ptr[T any](v T) *T { return &v }
