package jikotest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

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

// readListParams reads cursor and limit (0..max, default def), answering
// 422 as the API does when they are bad.
func readListParams(w http.ResponseWriter, r *http.Request, def, max int) (listParams, bool) {
	q := r.URL.Query()
	p := listParams{limit: def}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > max {
			validationError(w, issue{Loc: []any{"query", "limit"}, Msg: "ensure this value is between 0 and " + strconv.Itoa(max), Type: "value_error.number"})
			return p, false
		}
		p.limit = n
	}
	off, ok := decodeCursor(q.Get("cursor"))
	if !ok {
		validationError(w, issue{Loc: []any{"query", "cursor"}, Msg: "invalid cursor", Type: "value_error"})
		return p, false
	}
	p.offset = off
	return p, true
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

// readObject decodes a JSON object body into its raw fields, answering 422
// when the body is not one.
func readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&fields); err != nil || fields == nil {
		validationError(w, issue{Loc: []any{"body"}, Msg: "value is not a valid dict", Type: "type_error.dict"})
		return nil, false
	}
	return fields, true
}

// stringField returns a string field; ok is false when it is absent, null
// or not a string.
func stringField(fields map[string]json.RawMessage, name string) (string, bool) {
	var v *string
	if err := json.Unmarshal(fields[name], &v); err != nil || v == nil {
		return "", false
	}
	return *v, true
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
