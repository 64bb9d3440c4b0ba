package jikotest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// This file holds the wire shapes and HTTP helpers every resource of the
// fake shares. The fake renders its answers from its own wire types, never
// from the SDK's structs, so that a mistake in the SDK's model cannot hide
// in the fake.

// moneyWire is the API's Amount: cents, currency and display text.
type moneyWire struct {
	Value     int64  `json:"value"`
	Currency  string `json:"currency"`
	Formatted string `json:"formatted"`
}

func money(cents int64) moneyWire {
	return moneyWire{Value: cents, Currency: "USD", Formatted: jiko.USD(cents).String()}
}

// cursorListWire is the API's CursorList; empty cursors are null.
type cursorListWire[T any] struct {
	PrevPage   *string `json:"prev_page"`
	NextPage   *string `json:"next_page"`
	Items      []T     `json:"items"`
	ObjectType string  `json:"object_type"`
}

// listParams are the paging parameters of a cursor list.
type listParams struct {
	offset, limit int
}

// readListParams reads cursor and limit (1..max, default def), answering
// 422 as the API (FastAPI) does when they are bad: limit=0 and a limit
// present but empty ("limit=") are refused like any value out of bounds.
// The v1.29 lists declare their limit greater than 0; the lists it does not
// describe are held to the same rule.
func readListParams(w http.ResponseWriter, r *http.Request, def, max int) (listParams, bool) {
	return readPaging(w, r, 1, def, max)
}

// readPaging reads cursor and limit (min..max, default def), for a list
// whose documented lower bound is not 1.
func readPaging(w http.ResponseWriter, r *http.Request, min, def, max int) (listParams, bool) {
	q := r.URL.Query()
	p := listParams{limit: def}
	var issues []issue
	if n, ok := queryInt(q, "limit", bounds{min: min, gt: min == 1, max: max}, &issues); ok {
		p.limit = n
	}
	off, ok := decodeCursor(q.Get("cursor"))
	if !ok {
		issues = append(issues, issue{Loc: []any{"query", "cursor"}, Msg: "invalid cursor", Type: "value_error"})
	}
	p.offset = off
	if len(issues) > 0 {
		validationError(w, issues...)
		return p, false
	}
	return p, true
}

// bounds are the bounds of an integer parameter: at least min (declared as
// greater than min-1 when gt is set, as FastAPI's gt=0), and at most max
// unless max is negative.
type bounds struct {
	min int
	gt  bool
	max int
}

// queryInt reads an integer query parameter within b, in FastAPI's
// (pydantic's) words: a value present but empty or not an integer is "not
// a valid integer", one out of bounds names the bound it crosses. ok is
// true when the parameter is present and good; a bad one adds its issue to
// issues.
func queryInt(q url.Values, name string, b bounds, issues *[]issue) (n int, ok bool) {
	if !q.Has(name) {
		return 0, false
	}
	loc := []any{"query", name}
	n, err := strconv.Atoi(strings.TrimSpace(q.Get(name)))
	switch {
	case err != nil:
		*issues = append(*issues, issue{Loc: loc, Msg: "value is not a valid integer", Type: "type_error.integer"})
	case n < b.min && b.gt:
		*issues = append(*issues, issue{Loc: loc, Msg: "ensure this value is greater than " + strconv.Itoa(b.min-1), Type: "value_error.number.not_gt"})
	case n < b.min:
		*issues = append(*issues, issue{Loc: loc, Msg: "ensure this value is greater than or equal to " + strconv.Itoa(b.min), Type: "value_error.number.not_ge"})
	case b.max >= 0 && n > b.max:
		*issues = append(*issues, issue{Loc: loc, Msg: "ensure this value is less than or equal to " + strconv.Itoa(b.max), Type: "value_error.number.not_le"})
	default:
		return n, true
	}
	return 0, false
}

// paginate cuts one page out of all, with opaque cursors.
func paginate[T any](all []T, p listParams) cursorListWire[T] {
	page := cursorListWire[T]{Items: []T{}, ObjectType: "CursorList"}
	if p.offset < len(all) {
		end := min(p.offset+p.limit, len(all))
		page.Items = all[p.offset:end]
		if end < len(all) && p.limit > 0 {
			c := encodeCursor(end)
			page.NextPage = &c
		}
	}
	if p.offset > 0 {
		c := encodeCursor(max(p.offset-p.limit, 0))
		page.PrevPage = &c
	}
	return page
}

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, bool) {
	if c == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
	if err != nil || n < 0 || !strings.HasPrefix(string(b), "o:") {
		return 0, false
	}
	return n, true
}

// enumIssue is the 422 issue of a value outside an enum.
func enumIssue(loc []any, permitted ...string) issue {
	return issue{Loc: loc, Msg: "value is not a valid enumeration member; permitted: '" + strings.Join(permitted, "', '") + "'", Type: "type_error.enum"}
}

func validationError(w http.ResponseWriter, issues ...issue) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": issues})
}

// problem answers a business-rule failure in the problem-details form of
// the v2 endpoints ({type, instance, detail, trace_id}), with status 422 as
// the reference's Update Pocket documents. The type URIs are the fake's
// own: the reference publishes none.
func problem(w http.ResponseWriter, r *http.Request, kind, detail string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"type": "https://jikotest.invalid/problems/" + kind, "instance": r.URL.EscapedPath(),
		"detail": detail, "trace_id": nil,
	})
}

// failWith answers status with the v1 {"detail": text} body.
func failWith(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, map[string]string{"detail": detail})
}

func notFound(w http.ResponseWriter) { failWith(w, http.StatusNotFound, "Not found") }

// answerFound is the shape of every Get: under the server's lock, find
// looks the path's object up and renders it; it is answered 200, or 404
// when find finds nothing.
func answerFound[W any](s *Server, w http.ResponseWriter, find func() (W, bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := find()
	if !ok {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// bodyReader reads the fields of a JSON body (or of an object inside it),
// collecting the issues the API's schema checks would answer with 422.
type bodyReader struct {
	fields map[string]json.RawMessage
	loc    []any
	issues *[]issue
}

// readBody reads a request's JSON object; ok is false when the 422 for a
// body that is not one has been answered. It is the one way the fake reads
// a JSON body: a member of the wrong JSON type is refused, never dropped,
// an absent one is "field required" and a present but empty one is
// refused for its length, as FastAPI (pydantic) answers.
func readBody(w http.ResponseWriter, r *http.Request) (bodyReader, bool) {
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&fields); err != nil || fields == nil {
		validationError(w, issue{Loc: []any{"body"}, Msg: "value is not a valid dict", Type: "type_error.dict"})
		return bodyReader{}, false
	}
	return bodyOf(fields), true
}

// bodyOf reads the members of a JSON object already decoded.
func bodyOf(fields map[string]json.RawMessage) bodyReader {
	return bodyReader{fields: fields, loc: []any{"body"}, issues: new([]issue)}
}

func (b bodyReader) add(name, msg, typ string) {
	*b.issues = append(*b.issues, issue{Loc: append(slices.Clone(b.loc), name), Msg: msg, Type: typ})
}

func (b bodyReader) has(name string) bool {
	raw, ok := b.fields[name]
	return ok && string(raw) != "null"
}

// missing records a required field that is absent.
func (b bodyReader) missing(name string) { b.add(name, "field required", "value_error.missing") }

// str reads a string of at most max characters (max 0: no limit).
func (b bodyReader) str(name string, required bool, max int) string {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return ""
	}
	var v string
	if json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "str type expected", "type_error.str")
		return ""
	}
	if max > 0 && utf8.RuneCountInString(v) > max {
		b.add(name, "ensure this value has at most "+strconv.Itoa(max)+" characters", "value_error.any_str.max_length")
	}
	return v
}

// text reads a string of at most max characters (max 0: no limit) that,
// when required, must not be empty: absent is "field required", present
// but empty is refused for its length (pydantic's min_length 1).
func (b bodyReader) text(name string, required bool, max int) string {
	v := b.str(name, required, max)
	if required && v == "" && b.isString(name) {
		b.add(name, "ensure this value has at least 1 characters", "value_error.any_str.min_length")
	}
	return v
}

// nullable reads an optional string that may be null, for a PATCH body
// where null means "clear it": given is true when the member is present,
// null or not; v is nil when it is null, absent or of another type (then
// refused).
func (b bodyReader) nullable(name string) (v *string, given bool) {
	raw, given := b.fields[name]
	if given && json.Unmarshal(raw, &v) != nil {
		b.add(name, "str type expected", "type_error.str")
		v = nil
	}
	return v, given
}

// isString reports whether the member is a JSON string.
func (b bodyReader) isString(name string) bool {
	raw := bytes.TrimSpace(b.fields[name])
	return len(raw) > 0 && raw[0] == '"'
}

// enum reads a string that must be one of allowed.
func (b bodyReader) enum(name string, required bool, allowed ...string) string {
	return b.oneOf(name, b.str(name, required, 0), allowed...)
}

// oneOf checks a member already read: v, when not empty, must be one of
// allowed, or it is refused as outside the enum and "" is returned.
func (b bodyReader) oneOf(name, v string, allowed ...string) string {
	if v != "" && !slices.Contains(allowed, v) {
		b.outside(name, allowed...)
		return ""
	}
	return v
}

// outside refuses the member as outside the enum allowed.
func (b bodyReader) outside(name string, allowed ...string) {
	*b.issues = append(*b.issues, enumIssue(append(slices.Clone(b.loc), name), allowed...))
}

// enums reads an optional list of strings, each of which must be one of
// allowed; an item outside it is refused at its index.
func (b bodyReader) enums(name string, allowed ...string) []string {
	v := b.strs(name)
	for i, item := range v {
		if !slices.Contains(allowed, item) {
			*b.issues = append(*b.issues, enumIssue(append(slices.Clone(b.loc), name, i), allowed...))
		}
	}
	return v
}

// uuid reads an optional UUID.
func (b bodyReader) uuid(name string) string {
	v := b.str(name, false, 0)
	if v != "" {
		if _, err := uuid.Parse(v); err != nil {
			b.add(name, "value is not a valid uuid", "type_error.uuid")
			return ""
		}
	}
	return v
}

// cents reads an integer amount that must be more than 0 and, when max is
// not 0, less than max.
func (b bodyReader) cents(name string, required bool, max int64) int64 {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return 0
	}
	var v int64
	if json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value is not a valid integer", "type_error.integer")
		return 0
	}
	switch {
	case v <= 0:
		b.add(name, "ensure this value is greater than 0", "value_error.number.not_gt")
	case max > 0 && v >= max:
		b.add(name, "ensure this value is less than "+strconv.FormatInt(max, 10), "value_error.number.not_lt")
	}
	return v
}

// boolean reads an optional boolean.
func (b bodyReader) boolean(name string) bool {
	var v bool
	if b.has(name) && json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value could not be parsed to a boolean", "type_error.bool")
	}
	return v
}

// strs reads an optional list of strings.
func (b bodyReader) strs(name string) []string {
	var v []string
	if b.has(name) && json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value is not a valid list", "type_error.list")
	}
	return v
}

// object reads a nested object; a missing or malformed one reads as empty.
func (b bodyReader) object(name string, required bool) bodyReader {
	in := bodyReader{loc: append(slices.Clone(b.loc), name), issues: b.issues}
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return in
	}
	if json.Unmarshal(b.fields[name], &in.fields) != nil || in.fields == nil {
		b.add(name, "value is not a valid dict", "type_error.dict")
	}
	return in
}

// objects reads a list of objects, each read in turn at its index; a
// member that is not a list, or an item that is not an object, is refused.
func (b bodyReader) objects(name string, required bool) []bodyReader {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(b.fields[name], &items) != nil {
		b.add(name, "value is not a valid list", "type_error.list")
		return nil
	}
	out := make([]bodyReader, len(items))
	for i, raw := range items {
		out[i] = bodyReader{loc: append(slices.Clone(b.loc), name, i), issues: b.issues}
		if json.Unmarshal(raw, &out[i].fields) != nil || out[i].fields == nil {
			*b.issues = append(*b.issues, issue{Loc: out[i].loc, Msg: "value is not a valid dict", Type: "type_error.dict"})
		}
	}
	return out
}

// failedAt reports whether an issue was recorded for the member.
func (b bodyReader) failedAt(name string) bool {
	at := append(slices.Clone(b.loc), name)
	return slices.ContainsFunc(*b.issues, func(i issue) bool { return slices.Equal(i.Loc, at) })
}

// failed answers the collected issues, if any, and reports whether it did.
func (b bodyReader) failed(w http.ResponseWriter) bool {
	if len(*b.issues) == 0 {
		return false
	}
	validationError(w, *b.issues...)
	return true
}
