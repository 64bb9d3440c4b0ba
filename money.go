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
