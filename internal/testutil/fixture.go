// Package testutil holds the strict-fixture helpers shared by the package
// tests.
//
// The client is lenient at run time: it ignores fields it does not know,
// because the API adds fields. Its tests are strict instead: a fixture taken
// from the reference is decoded with unknown fields forbidden, re-encoded,
// and compared with the original, so that a field the SDK does not model, or
// models with the wrong JSON type, fails a test.
//
//	raw := testutil.Load(t, "pocket_get.json")
//	p := testutil.Strict[jiko.Pocket](t, raw)
//
// Equal compares two JSON documents key by key and value by value; SameShape
// compares only their keys and JSON types, for checking that a fake's answer
// has the shape of the reference's example.
package testutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// maxDiffs is how many differences an error from Equal or SameShape lists.
const maxDiffs = 20

// Load returns the contents of a fixture file, failing the test when it
// cannot be read.
//
// A name without a slash is a file of the calling package's testdata
// directory ("pocket.json" reads testdata/pocket.json; go test runs each
// package in its own directory). A name that contains a slash is used as it
// is, relative to the package directory, so a test outside the module root
// reaches the shared fixtures with a path such as "../testdata/pocket.json".
// Write paths with forward slashes.
func Load(t testing.TB, name string) []byte {
	t.Helper()
	path := name
	if !strings.Contains(name, "/") {
		path = "testdata/" + name
	}
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatalf("testutil.Load: %v", err)
	}
	return b
}

// Strict decodes raw into a T with unknown fields forbidden, re-encodes the
// value with encoding/json and requires the result to equal raw as Equal
// defines it. It fails the test (naming the unknown field, or listing every
// difference with its JSON path) and otherwise returns the decoded value.
//
// A fixture passes only when T models every field of it with the right JSON
// type and writes every one of them back: a field dropped by omitempty, a
// number modelled as a string or an object modelled as an array all fail.
func Strict[T any](t testing.TB, raw []byte) T {
	t.Helper()
	typ := reflect.TypeFor[T]()
	var v T
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		msg := fmt.Sprintf("testutil.Strict: decoding into %v: %v", typ, err)
		// Decode again leniently: the keys the type dropped are then
		// reported with their full paths.
		var lenient T
		if json.Unmarshal(raw, &lenient) == nil {
			if enc, err := json.Marshal(lenient); err == nil {
				if diff := Equal(raw, enc); diff != nil {
					msg += "\nre-encoded without the unknown fields, " + diff.Error()
				}
			}
		}
		t.Fatal(msg)
		return v
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("testutil.Strict: data after the JSON value of the fixture")
		return v
	}
	enc, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("testutil.Strict: encoding %v: %v", typ, err)
		return v
	}
	if err := Equal(raw, enc); err != nil {
		t.Fatalf("testutil.Strict: %v re-encoded differs from the fixture (want = fixture, got = re-encoded)\n%v\nre-encoded: %s", typ, err, enc)
	}
	return v
}

// Equal reports how got differs from want, two JSON documents, or returns
// nil when they are equal: the same keys in every object, the same JSON type
// (null, bool, number, string, array, object) at every path, the same array
// lengths, and equal scalars.
//
// Numbers are compared by value, so 1, 1.0 and 1e0 are equal. Strings are
// compared exactly, except that two strings that both read as timestamps are
// equal when they name the same instant. A timestamp is RFC 3339
// ("2023-01-01T14:00:00+00:00", "2023-01-01T14:00:00Z"), optionally with a
// space instead of the "T" and optionally without an offset, which then
// means UTC ("2023-01-01 14:00:00.123"); fractional seconds are allowed.
// Calendar dates are plain strings.
//
// The error lists every difference (at most 20, then a count of the rest),
// one per line, each starting with its JSON path, such as
// "portfolio.fees[0].amount.value".
func Equal(want, got []byte) error {
	w, g, err := parsePair(want, got)
	if err != nil {
		return err
	}
	c := &comparer{values: true}
	c.compare(w, g, "", "")
	return c.err()
}

// SameShape reports how the shape of got differs from that of want, or
// returns nil when they have the same shape: the same keys in every object
// and the same JSON type at every path. Scalar values are not compared.
//
// Arrays are compared by example: every element of got must have the shape
// of the first element of want (the reference's examples show one item), and
// an empty array in want accepts any array in got. Only want's first element
// is used.
//
// Null matches only null, except at the paths listed in nullable, where null
// on either side matches any value on the other (and the value is not looked
// into). A nullable path is written as a JSON path in which "[]" stands for
// any array index, such as "items[].reinvestment_strategy_id" or
// "portfolio"; a path with a concrete index ("items[0].portfolio") matches
// that element only.
func SameShape(want, got []byte, nullable ...string) error {
	w, g, err := parsePair(want, got)
	if err != nil {
		return err
	}
	c := &comparer{nullable: make(map[string]bool, len(nullable))}
	for _, p := range nullable {
		c.nullable[p] = true
	}
	c.compare(w, g, "", "")
	return c.err()
}

func parsePair(want, got []byte) (w, g any, err error) {
	if w, err = parse(want); err != nil {
		return nil, nil, fmt.Errorf("want: %w", err)
	}
	if g, err = parse(got); err != nil {
		return nil, nil, fmt.Errorf("got: %w", err)
	}
	return w, g, nil
}

// parse decodes one JSON document, keeping numbers as json.Number so that
// no precision is lost before they are compared.
func parse(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return v, nil
}

// comparer walks two decoded documents and collects their differences.
type comparer struct {
	values   bool            // compare scalar values (Equal), or only types (SameShape)
	nullable map[string]bool // SameShape: paths where null matches any value
	diffs    []string
	more     int // differences found beyond maxDiffs
}

func (c *comparer) addf(path, format string, args ...any) {
	if len(c.diffs) == maxDiffs {
		c.more++
		return
	}
	c.diffs = append(c.diffs, displayPath(path)+": "+fmt.Sprintf(format, args...))
}

func (c *comparer) err() error {
	if len(c.diffs) == 0 {
		return nil
	}
	var b strings.Builder
	n := len(c.diffs) + c.more
	if n == 1 {
		b.WriteString("1 difference:")
	} else {
		fmt.Fprintf(&b, "%d differences:", n)
	}
	for _, d := range c.diffs {
		b.WriteString("\n  ")
		b.WriteString(d)
	}
	if c.more > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", c.more)
	}
	return errors.New(b.String())
}

// compare compares w and g found at path. pattern is path with every array
// index written as "[]", the form nullable paths are written in.
func (c *comparer) compare(w, g any, path, pattern string) {
	if !c.values && (w == nil) != (g == nil) && (c.nullable[pattern] || c.nullable[path]) {
		return
	}
	wk, gk := kind(w), kind(g)
	if wk != gk {
		c.addf(path, "want %s, got %s", describe(w), describe(g))
		return
	}
	switch wv := w.(type) {
	case map[string]any:
		gv := g.(map[string]any)
		for _, k := range sortedKeys(wv) {
			if _, ok := gv[k]; !ok {
				c.addf(join(path, k), "missing from got (want %s)", describe(wv[k]))
			}
		}
		for _, k := range sortedKeys(gv) {
			if _, ok := wv[k]; !ok {
				c.addf(join(path, k), "unexpected key in got (got %s)", describe(gv[k]))
			}
		}
		for _, k := range sortedKeys(wv) {
			if gk, ok := gv[k]; ok {
				c.compare(wv[k], gk, join(path, k), join(pattern, k))
			}
		}
	case []any:
		gv := g.([]any)
		if !c.values {
			if len(wv) == 0 {
				return
			}
			for i := range gv {
				c.compare(wv[0], gv[i], index(path, i), pattern+"[]")
			}
			return
		}
		if len(wv) != len(gv) {
			c.addf(path, "want array of %d, got array of %d", len(wv), len(gv))
		}
		for i := range min(len(wv), len(gv)) {
			c.compare(wv[i], gv[i], index(path, i), pattern+"[]")
		}
	default:
		if c.values && !scalarEqual(w, g) {
			c.addf(path, "want %s, got %s", describe(w), describe(g))
		}
	}
}

// kind names the JSON type of a decoded value.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// scalarEqual compares two scalars of the same JSON type.
func scalarEqual(w, g any) bool {
	switch wv := w.(type) {
	case nil:
		return true
	case bool:
		return wv == g.(bool)
	case json.Number:
		return numbersEqual(wv, g.(json.Number))
	case string:
		gv := g.(string)
		if wv == gv {
			return true
		}
		wt, ok1 := parseTimestamp(wv)
		gt, ok2 := parseTimestamp(gv)
		return ok1 && ok2 && wt.Equal(gt)
	}
	return false
}

func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// timestampLayouts are the forms a timestamp string may take. Parsing
// accepts fractional seconds after the seconds even though the layouts do
// not show them.
var timestampLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// parseTimestamp reads s as a timestamp in one of timestampLayouts; a
// timestamp without an offset is taken as UTC.
func parseTimestamp(s string) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// describe renders a value briefly for an error message.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool " + strconv.FormatBool(v)
	case json.Number:
		return "number " + string(v)
	case string:
		if len(v) > 60 {
			return "string " + strconv.Quote(v[:57]) + "..."
		}
		return "string " + strconv.Quote(v)
	case []any:
		return fmt.Sprintf("array of %d", len(v))
	case map[string]any:
		if len(v) == 0 {
			return "empty object"
		}
		return fmt.Sprintf("object with keys %s", strings.Join(sortedKeys(v), ", "))
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func displayPath(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}
