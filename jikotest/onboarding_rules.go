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

func (is *issues) add(i issue)        { *is = append(*is, i) }
func (is *issues) missing(key string) { is.missingIn("body", key) }
func (is *issues) missingIn(where, key string) {
	is.add(issue{Loc: []any{where, key}, Msg: "field required", Type: "value_error.missing"})
}

func (is *issues) enum(loc []any, v string, permitted []string) {
	if !slices.Contains(permitted, v) {
		is.add(enumIssue(loc, permitted...))
	}
}

func (is *issues) text(loc []any, v string, required bool, max int) {
	switch n := len([]rune(v)); {
	case required && strings.TrimSpace(v) == "":
		is.add(issue{Loc: loc, Msg: "field required", Type: "value_error.missing"})
	case n > max:
		is.add(issue{Loc: loc, Msg: fmt.Sprintf("ensure this value has at most %d characters", max), Type: "value_error.any_str.max_length"})
	}
}

func (is *issues) name(loc []any, n *personNameWire) {
	is.text(append(slices.Clip(loc), "first_name"), n.FirstName, true, 50)
	is.text(append(slices.Clip(loc), "last_name"), n.LastName, true, 50)
	if n.MiddleName != nil {
		is.text(append(slices.Clip(loc), "middle_name"), *n.MiddleName, false, 50)
	}
}

func (is *issues) address(loc []any, a *postalAddressWire) {
	is.text(append(slices.Clip(loc), "street_address"), a.StreetAddress, true, 250)
	is.text(append(slices.Clip(loc), "street_address2"), a.StreetAddress2, false, 250)
	is.text(append(slices.Clip(loc), "city"), a.City, true, 250)
	is.text(append(slices.Clip(loc), "postal_code"), a.PostalCode, true, 50)
	is.text(append(slices.Clip(loc), "country"), a.Country, true, 250)
}

func (is *issues) date(loc []any, v string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		is.add(issue{Loc: loc, Msg: "invalid date format", Type: "value_error.date"})
	}
	return t, err == nil
}

// adult refuses a date of birth less than 18 years before now.
func (is *issues) adult(loc []any, v string, now time.Time) {
	born, ok := is.date(loc, v)
	y, m, d := now.Date()
	if ok && born.AddDate(18, 0, 0).After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		is.add(issue{Loc: loc, Msg: "applicant must be at least 18 years old", Type: "value_error"})
	}
}

// consent refuses a consent without a timestamp, or to a bundle the server
// never served.
func (is *issues) consent(loc []any, c *consentWire, served []agreementVersion) {
	if !slices.ContainsFunc(served, func(a agreementVersion) bool { return a.version == c.Version }) {
		is.add(issue{Loc: append(slices.Clip(loc), "version"), Msg: "unknown agreement version; use the version of GET /api/v1/agreements/", Type: "value_error"})
	}
	if _, err := time.Parse(time.RFC3339, c.Timestamp); err != nil {
		is.add(issue{Loc: append(slices.Clip(loc), "timestamp"), Msg: "invalid datetime format", Type: "value_error.datetime"})
	}
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
