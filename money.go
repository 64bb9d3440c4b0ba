package jiko

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// This file holds Money, the amount type of answers, and the checks the
// money-moving requests share (ACH, wires, on-us transfers, sandbox
// funding). Each check names the field it refuses, as the Go API spells it,
// so that nothing is sent when one fails.

// Money is an amount as the Partner API sends it: an integer number of the
// currency's minor units (cents for USD) with its ISO currency code and,
// in responses, the API's own formatting of it. Balances, transfer amounts
// and fees come as Money, so a partner does its arithmetic on exact
// integer cents (Value) and shows amounts with [Money.String]; request
// amounts are plain int64 cents (fields named AmountUSDC).
type Money struct {
	// Value is the amount in minor units: 10123 is $101.23.
	Value int64 `json:"value"`
	// Currency is the ISO 4217 code, "USD" for every amount today.
	Currency string `json:"currency"`
	// Formatted is the API's display form, such as "$101.23". It may be empty.
	Formatted string `json:"formatted,omitempty"`
}

// USD returns an amount of cents in US dollars, for building a [Money] to
// compare with or to print.
func USD(cents int64) Money { return Money{Value: cents, Currency: "USD"} }

// String returns the amount for display: the API's Formatted text when
// present, otherwise "$1,234.56" for USD and "1234.56 XYZ" for any other
// currency (two minor digits are assumed).
func (m Money) String() string {
	if m.Formatted != "" {
		return m.Formatted
	}
	neg := m.Value < 0
	abs := uint64(m.Value)
	if neg {
		abs = -abs
	}
	units, cents := abs/100, abs%100
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if m.Currency == "USD" || m.Currency == "" {
		b.WriteByte('$')
		s := strconv.FormatUint(units, 10)
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		fmt.Fprintf(&b, ".%02d", cents)
		return b.String()
	}
	fmt.Fprintf(&b, "%d.%02d %s", units, cents, m.Currency)
	return b.String()
}

// checkCents refuses an amount of cents that is zero or negative.
func checkCents(field string, cents int64) error {
	if cents <= 0 {
		return invalid(field, "must be a positive number of cents, got %d", cents)
	}
	return nil
}

// checkOptionalUUID refuses a value that is set but is not a UUID, for the
// client-chosen ids of the reference (wire_id, transfer_id).
func checkOptionalUUID(field, s string) error {
	if s == "" {
		return nil
	}
	if _, err := uuid.Parse(s); err != nil || len(s) != 36 {
		return invalid(field, "%q is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", s)
	}
	return nil
}
