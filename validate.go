package jiko

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the field checks every resource's validate methods share.
// Each names the field it refuses, as the Go API spells it
// (ACHCreateRequest.AmountUSDC), in a *ValidationError.

// checkRequired refuses an empty or blank string.
func checkRequired(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid(field, "is empty")
	}
	return nil
}

// checkMaxLen refuses a string longer than max characters.
func checkMaxLen(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return invalid(field, "is %d characters; at most %d", n, max)
	}
	return nil
}

// checkText refuses an empty required text and one over max characters.
func checkText(field, v string, required bool, max int) error {
	if required {
		if err := checkRequired(field, v); err != nil {
			return err
		}
	}
	return checkMaxLen(field, v, max)
}

// checkLimit refuses a page size outside 0..max.
func checkLimit(field string, n, max int) error {
	if n < 0 || n > max {
		return invalid(field, "%d is out of range 0..%d", n, max)
	}
	return nil
}

// checkEnum refuses a value outside known, the one enum check of the
// package: an empty value "is empty; use one of A, B", any other unknown
// value "is not one of A, B" (an enum of more than eight values is named by
// its type instead of listed).
func checkEnum[T ~string](field string, v T, known []T) error {
	if slices.Contains(known, v) {
		return nil
	}
	values := "one of " + joinValues(known)
	if len(known) > 8 {
		values = fmt.Sprintf("a documented %T value", v)
	}
	if v == "" {
		return invalid(field, "is empty; use %s", values)
	}
	return invalid(field, "%q is not %s", v, values)
}

// checkOneOf is checkEnum for the values listed as arguments; an empty
// value passes when it is optional.
func checkOneOf[T ~string](field string, v T, required bool, allowed ...T) error {
	if v == "" && !required {
		return nil
	}
	return checkEnum(field, v, allowed)
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

// joinValues lists an enum's values for an error: "CCD, WEB".
func joinValues[T ~string](vs []T) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// checkAll runs the checks of one request and reports every failing
// field at once: nil when all passed, the one error when one failed, and
// when several did a *ValidationError whose Field and Reason are the first
// and whose Issues list all of them (nested ones flattened). An error that
// is not a *ValidationError is returned as it is.
func checkAll(errs ...error) error {
	var all []ValidationError
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		if len(ve.Issues) > 0 {
			all = append(all, ve.Issues...)
		} else {
			all = append(all, ValidationError{Field: ve.Field, Reason: ve.Reason})
		}
	}
	switch len(all) {
	case 0:
		return nil
	case 1:
		return &all[0]
	}
	return &ValidationError{Field: all[0].Field, Reason: all[0].Reason, Issues: all}
}

// issues is the message of a ValidationError without its prefix: "Field:
// Reason", or every issue joined with "; ".
func (e *ValidationError) issues() string {
	if len(e.Issues) < 2 {
		return e.Field + ": " + e.Reason
	}
	var b strings.Builder
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(is.Field + ": " + is.Reason)
	}
	return b.String()
}

// checkOrder refuses a sort order other than asc and desc; empty is fine.
func checkOrder(field string, o SortOrder) error {
	if o != "" && o != SortAsc && o != SortDesc {
		return invalid(field, "%q is not asc or desc", o)
	}
	return nil
}

// digits reports whether s is made of ASCII digits only (and not empty).
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// refuseIf stands in for params when an operation is called with a field it
// does not take: the call is refused before anything is sent, naming the
// field.
func refuseIf(params any, set bool, field, why string) any {
	if set {
		return refused{invalid(field, "%s", why)}
	}
	return params
}

// refused is a params value that fails validation with its error.
type refused struct{ err error }

func (r refused) validate() error { return r.err }

// checkTimeRange refuses a window whose end is before its start.
func checkTimeRange(fromField, toField string, from, to time.Time) error {
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return invalid(toField, "%s is before %s %s", to.Format(time.RFC3339Nano), fieldName(fromField), from.Format(time.RFC3339Nano))
	}
	return nil
}

// checkDateRange refuses a window of dates whose end is before its start.
func checkDateRange(fromField, toField string, from, to Date) error {
	if !from.IsZero() && !to.IsZero() && to.Time(time.UTC).Before(from.Time(time.UTC)) {
		return invalid(toField, "%s is before %s %s", to, fieldName(fromField), from)
	}
	return nil
}

// fieldName is the last part of "Type.Field".
func fieldName(f string) string {
	for i := len(f) - 1; i >= 0; i-- {
		if f[i] == '.' {
			return f[i+1:]
		}
	}
	return f
}
