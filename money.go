package jiko

import (
	"github.com/google/uuid"
)

// This file holds the checks the money-moving requests share (ACH, wires,
// on-us transfers, sandbox funding). Each names the field it refuses, as the
// Go API spells it, so that nothing is sent when one fails.

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

// checkOneOf refuses a value outside allowed (see checkEnum). An empty
// value passes when it is optional, and is refused, naming the values,
// when it is required.
func checkOneOf[T ~string](field string, v T, required bool, allowed ...T) error {
	if v != "" {
		return checkEnum(field, v, allowed)
	}
	if !required {
		return nil
	}
	return invalid(field, "is empty; use one of %s", joinValues(allowed))
}

// checkEnums applies checkEnum to each value of a filter.
func checkEnums[T ~string](field string, vs []T, allowed ...T) error {
	for _, v := range vs {
		if err := checkEnum(field, v, allowed); err != nil {
			return err
		}
	}
	return nil
}
