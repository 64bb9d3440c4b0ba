package jikotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The rules the onboarding operations share: what an upload may carry, and
// the checks of names, addresses, dates and agreement consents, each
// answering the 422 issue the API would.

// The document rules of the upload operations.

// uploadTypes are the content types the fake accepts, as the SDK does:
// the reference's Content-Type pattern says only image/png, which the
// documents it asks for (PDF statements, bylaws) belie.
var uploadTypes = []string{"image/png", "image/jpeg", "application/pdf"}

const (
	maxUpload         = 50 << 20 // exclusive, as the reference's Content-Length bound
	maxIdentityUpload = 5 << 20  // inclusive
)

// checkUpload answers 422 when an upload's document type (when the path
// has one), Content-Type, Content-Length or, when needDisposition, its
// Content-Disposition is not what the reference accepts.
func checkUpload(w http.ResponseWriter, r *http.Request, docType string, needDisposition bool) bool {
	var is issues
	if docType != "" {
		is.enum([]any{"path", "document_type"}, docType, documentTypes)
	}
	ct := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]))
	switch {
	case ct == "":
		is.missingIn("header", "content-type")
	case !slices.Contains(uploadTypes, ct):
		is.add(issue{Loc: []any{"header", "content-type"}, Msg: "unsupported content type; use one of " + strings.Join(uploadTypes, ", "), Type: "value_error"})
	}
	limit, inclusive := int64(maxUpload), false
	if slices.Contains(identityDocTypes, docType) {
		limit, inclusive = maxIdentityUpload, true
	}
	switch n := r.ContentLength; {
	case n <= 0:
		is.add(issue{Loc: []any{"header", "content-length"}, Msg: "ensure this value is greater than 0", Type: "value_error.number.not_gt"})
	case n > limit || (n == limit && !inclusive):
		is.add(issue{Loc: []any{"header", "content-length"}, Msg: fmt.Sprintf("the file is over the %d byte limit", limit), Type: "value_error.number.not_lt"})
	}
	if needDisposition && r.Header.Get("Content-Disposition") == "" {
		is.missingIn("header", "content-disposition")
	}
	if len(is) > 0 {
		validationError(w, is.sorted()...)
		return false
	}
	return true
}

// issues collects the 422 issues of one request.
type issues []issue

func (is *issues) add(i issue) { *is = append(*is, i) }
func (is *issues) missingIn(where, key string) {
	is.add(issue{Loc: []any{where, key}, Msg: "field required", Type: "value_error.missing"})
}

func (is *issues) enum(loc []any, v string, permitted []string) {
	if !slices.Contains(permitted, v) {
		is.add(enumIssue(loc, permitted...))
	}
}

// The readers of the onboarding bodies' members, through the body reader.
// A create or update body of a business or a related party is a patch:
// an absent member leaves its field, null clears it, a value replaces it.

// patch applies the member name of b to *dst with read: absent leaves
// *dst, null clears it.
func patch[T any](b bodyReader, name string, dst **T, read func(bodyReader, string) *T) {
	raw, given := b.fields[name]
	switch {
	case !given:
	case isNull(raw):
		*dst = nil
	default:
		*dst = read(b, name)
	}
}

// member reads an optional or required member with read; nil when absent
// or null.
func member[T any](b bodyReader, name string, required bool, read func(bodyReader, string) *T) *T {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return nil
	}
	return read(b, name)
}

// readString reads a string member of any length.
func readString(b bodyReader, name string) *string {
	v := b.str(name, false, 0)
	return &v
}

// readEnum reads a string member that must be one of allowed ("" too is
// outside the enum).
func readEnum(allowed ...string) func(bodyReader, string) *string {
	return func(b bodyReader, name string) *string {
		v := b.str(name, false, 0)
		if b.isString(name) && !slices.Contains(allowed, v) {
			b.outside(name, allowed...)
		}
		return &v
	}
}

// readEnums reads a list of strings each of which must be one of allowed.
func readEnums(allowed ...string) func(bodyReader, string) *[]string {
	return func(b bodyReader, name string) *[]string {
		v := b.enums(name, allowed...)
		return &v
	}
}

// readEmail reads an email address: the fake asks only for an "@".
func readEmail(b bodyReader, name string) *string {
	v := b.str(name, false, 0)
	if b.isString(name) && !strings.Contains(v, "@") {
		b.add(name, "value is not a valid email address", "value_error.email")
	}
	return &v
}

// readDate reads a date (YYYY-MM-DD).
func readDate(b bodyReader, name string) *string {
	v := b.str(name, false, 0)
	if _, err := time.Parse(time.DateOnly, v); err != nil && b.isString(name) {
		b.add(name, "invalid date format", "value_error.date")
	}
	return &v
}

// objectIn reads an object member with read; one that is not an object is
// refused and its members are not read.
func objectIn[T any](read func(bodyReader) *T) func(bodyReader, string) *T {
	return func(b bodyReader, name string) *T {
		in := b.object(name, false)
		if b.failedAt(name) {
			return nil
		}
		return read(in)
	}
}

// readName reads a Name: first and last name required, each of at most 50
// characters.
func readName(b bodyReader) *personNameWire {
	n := &personNameWire{FirstName: b.text("first_name", true, 50), LastName: b.text("last_name", true, 50)}
	if b.has("middle_name") {
		m := b.str("middle_name", false, 50)
		n.MiddleName = &m
	}
	return n
}

// readAddress reads an Address: street address, city, postal code and
// country required.
func readAddress(b bodyReader) *postalAddressWire {
	return &postalAddressWire{
		StreetAddress: b.text("street_address", true, 250), StreetAddress2: b.str("street_address2", false, 250),
		City: b.text("city", true, 250), PostalCode: b.text("postal_code", true, 50),
		State: b.str("state", false, 0), Country: b.text("country", true, 250),
	}
}

// readConsent reads an AgreementConsent, refusing a bundle the server
// never served or a timestamp that is not one.
func readConsent(served []agreementVersion) func(bodyReader) *consentWire {
	return func(b bodyReader) *consentWire {
		c := &consentWire{Version: b.str("version", true, 0), Timestamp: b.str("timestamp", true, 0)}
		if b.isString("version") && !slices.ContainsFunc(served, func(a agreementVersion) bool { return a.version == c.Version }) {
			b.add("version", "unknown agreement version; use the version of GET /api/v1/agreements/", "value_error")
		}
		if _, err := time.Parse(time.RFC3339, c.Timestamp); err != nil && b.isString("timestamp") {
			b.add("timestamp", "invalid datetime format", "value_error.datetime")
		}
		return c
	}
}

// adult refuses a date of birth less than 18 years before now.
func adult(b bodyReader, name string, now time.Time) *string {
	v := readDate(b, name)
	born, err := time.Parse(time.DateOnly, *v)
	y, m, d := now.Date()
	if err == nil && born.AddDate(18, 0, 0).After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		b.add(name, "applicant must be at least 18 years old", "value_error")
	}
	return v
}

// failedSorted answers the issues b collected, if any, in a stable order,
// and reports whether it did.
func failedSorted(w http.ResponseWriter, b bodyReader) bool {
	if len(*b.issues) == 0 {
		return false
	}
	validationError(w, issues(*b.issues).sorted()...)
	return true
}

// sorted returns the issues in a stable order (map iteration adds the
// missing fields in random order).
func (is issues) sorted() []issue {
	slices.SortStableFunc(is, func(a, b issue) int { return strings.Compare(fmt.Sprint(a.Loc), fmt.Sprint(b.Loc)) })
	return is
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// isNull reports whether a raw JSON value is null.
func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }
