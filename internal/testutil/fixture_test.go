package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTB records a failure of a helper under test instead of failing the
// real test. Like testing.T, Fatal stops the goroutine that calls it.
type fakeTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatal(args ...any) { f.fail(fmt.Sprint(args...)) }

func (f *fakeTB) Fatalf(format string, args ...any) { f.fail(fmt.Sprintf(format, args...)) }

func (f *fakeTB) Error(args ...any) { f.failed, f.msg = true, fmt.Sprint(args...) }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}

func (f *fakeTB) fail(msg string) {
	f.failed, f.msg = true, msg
	runtime.Goexit()
}

// capture runs fn with a fakeTB on its own goroutine, so that a Fatal
// inside fn ends only that goroutine.
func capture(t *testing.T, fn func(tb testing.TB)) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// diffLines returns the difference lines of an error from Equal or SameShape.
func diffLines(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")[1:]
	for i := range lines {
		lines[i] = strings.TrimPrefix(lines[i], "  ")
	}
	return lines
}

func TestEqualAcceptsEqualDocuments(t *testing.T) {
	for _, tc := range []struct{ name, want, got string }{
		{"key order", `{"a":1,"b":{"c":[1,2],"d":null}}`, `{"b":{"d":null,"c":[1,2]},"a":1}`},
		{"whitespace", `{"a": [ true, false ]}`, `{"a":[true,false]}`},
		{"1 and 1.0", `{"n":1}`, `{"n":1.0}`},
		{"exponent", `{"n":100}`, `{"n":1e2}`},
		{"negative zero", `{"n":0}`, `{"n":-0.0}`},
		{"large integers", `{"n":12345678901234567890}`, `{"n":12345678901234567890.0}`},
		{"offset and Z", `{"t":"2023-01-01T14:00:00+00:00"}`, `{"t":"2023-01-01T14:00:00Z"}`},
		{"other offset", `{"t":"2023-01-01T14:00:00+00:00"}`, `{"t":"2023-01-01T09:00:00-05:00"}`},
		{"space for T", `{"t":"2023-01-01T14:00:00Z"}`, `{"t":"2023-01-01 14:00:00+00:00"}`},
		{"no offset is UTC", `{"t":"2023-01-01T14:00:00.500000+00:00"}`, `{"t":"2023-01-01 14:00:00.5"}`},
		{"fraction digits", `{"t":"2022-12-19T19:54:27.183278Z"}`, `{"t":"2022-12-19T19:54:27.183278000Z"}`},
		{"empty containers", `{"a":[],"o":{}}`, `{"a":[],"o":{}}`},
		{"top-level array", `[1,"x",null]`, `[1.0,"x",null]`},
		{"top-level scalar", `"s"`, `"s"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.NoError(t, Equal([]byte(tc.want), []byte(tc.got)))
		})
	}
}

func TestEqualReportsEachDifferenceWithItsPath(t *testing.T) {
	for _, tc := range []struct {
		name, want, got string
		diffs           []string
	}{
		{
			name:  "missing nested key",
			want:  `{"portfolio":{"fees":[{"type":"AUM_FEE","amount":{"value":10,"currency":"USD"}}]}}`,
			got:   `{"portfolio":{"fees":[{"type":"AUM_FEE","amount":{"currency":"USD"}}]}}`,
			diffs: []string{"portfolio.fees[0].amount.value: missing from got (want number 10)"},
		},
		{
			name:  "extra key",
			want:  `{"a":{"b":1}}`,
			got:   `{"a":{"b":1,"type":""}}`,
			diffs: []string{`a.type: unexpected key in got (got string "")`},
		},
		{
			name:  "number as string",
			want:  `{"quantity":2100}`,
			got:   `{"quantity":"2100"}`,
			diffs: []string{`quantity: want number 2100, got string "2100"`},
		},
		{
			name:  "object for array",
			want:  `{"fees":[]}`,
			got:   `{"fees":{"value":0,"currency":"USD"}}`,
			diffs: []string{"fees: want array of 0, got object with keys currency, value"},
		},
		{
			name:  "null for value",
			want:  `{"r":"UST-26W"}`,
			got:   `{"r":null}`,
			diffs: []string{`r: want string "UST-26W", got null`},
		},
		{
			name:  "value for null",
			want:  `{"r":null}`,
			got:   `{"r":""}`,
			diffs: []string{`r: want null, got string ""`},
		},
		{
			name:  "different numbers",
			want:  `{"n":1}`,
			got:   `{"n":1.5}`,
			diffs: []string{"n: want number 1, got number 1.5"},
		},
		{
			name:  "integers beyond float64 precision",
			want:  `{"n":12345678901234567890}`,
			got:   `{"n":12345678901234567891}`,
			diffs: []string{"n: want number 12345678901234567890, got number 12345678901234567891"},
		},
		{
			name:  "different strings",
			want:  `{"s":"OPEN"}`,
			got:   `{"s":"open"}`,
			diffs: []string{`s: want string "OPEN", got string "open"`},
		},
		{
			name:  "different bools",
			want:  `[true]`,
			got:   `[false]`,
			diffs: []string{"[0]: want bool true, got bool false"},
		},
		{
			name:  "different instants",
			want:  `{"t":"2023-01-01T14:00:00+00:00"}`,
			got:   `{"t":"2023-01-01T14:00:00+01:00"}`,
			diffs: []string{`t: want string "2023-01-01T14:00:00+00:00", got string "2023-01-01T14:00:00+01:00"`},
		},
		{
			name:  "microsecond apart",
			want:  `{"t":"2023-01-01T14:00:00Z"}`,
			got:   `{"t":"2023-01-01T14:00:00.000001Z"}`,
			diffs: []string{`t: want string "2023-01-01T14:00:00Z", got string "2023-01-01T14:00:00.000001Z"`},
		},
		{
			name:  "a date is not a timestamp",
			want:  `{"d":"2023-01-30"}`,
			got:   `{"d":"2023-01-30T00:00:00Z"}`,
			diffs: []string{`d: want string "2023-01-30", got string "2023-01-30T00:00:00Z"`},
		},
		{
			name:  "timestamp against text",
			want:  `{"t":"2023-01-01T14:00:00Z"}`,
			got:   `{"t":"soon"}`,
			diffs: []string{`t: want string "2023-01-01T14:00:00Z", got string "soon"`},
		},
		{
			name: "array lengths and elements",
			want: `{"items":[{"id":"a"},{"id":"b"}]}`,
			got:  `{"items":[{"id":"a"},{"id":"c"},{"id":"d"}]}`,
			diffs: []string{
				"items: want array of 2, got array of 3",
				`items[1].id: want string "b", got string "c"`,
			},
		},
		{
			name:  "array order matters",
			want:  `[1,2]`,
			got:   `[2,1]`,
			diffs: []string{"[0]: want number 1, got number 2", "[1]: want number 2, got number 1"},
		},
		{
			name:  "root type",
			want:  `{}`,
			got:   `[]`,
			diffs: []string{"(root): want empty object, got array of 0"},
		},
		{
			name: "several at once, missing and extra keys sorted",
			want: `{"a":1,"b":2,"c":{"d":[1]}}`,
			got:  `{"c":{"d":["1"],"e":true},"z":0}`,
			diffs: []string{
				"a: missing from got (want number 1)",
				"b: missing from got (want number 2)",
				"z: unexpected key in got (got number 0)",
				"c.e: unexpected key in got (got bool true)",
				`c.d[0]: want number 1, got string "1"`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Equal([]byte(tc.want), []byte(tc.got))
			assert.Equal(t, tc.diffs, diffLines(t, err))
			if len(tc.diffs) == 1 {
				assert.True(t, strings.HasPrefix(err.Error(), "1 difference:\n"), err.Error())
			} else {
				assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf("%d differences:\n", len(tc.diffs))), err.Error())
			}
		})
	}
}

func TestEqualListsAtMostTwentyDifferences(t *testing.T) {
	var want, got strings.Builder
	want.WriteString("[")
	got.WriteString("[")
	for i := range 25 {
		if i > 0 {
			want.WriteString(",")
			got.WriteString(",")
		}
		fmt.Fprintf(&want, "%d", i)
		fmt.Fprintf(&got, "%d", i+100)
	}
	want.WriteString("]")
	got.WriteString("]")
	err := Equal([]byte(want.String()), []byte(got.String()))
	lines := diffLines(t, err)
	require.Len(t, lines, 21)
	assert.True(t, strings.HasPrefix(err.Error(), "25 differences:\n"))
	assert.Equal(t, "[0]: want number 0, got number 100", lines[0])
	assert.Equal(t, "[19]: want number 19, got number 119", lines[19])
	assert.Equal(t, "... and 5 more", lines[20])
}

func TestEqualRefusesInvalidJSON(t *testing.T) {
	for _, tc := range []struct{ want, got, prefix string }{
		{`{"a":`, `{}`, "want: invalid JSON"},
		{`{}`, `{"a" 1}`, "got: invalid JSON"},
		{`{}`, `{} {}`, "got: invalid JSON: data after"},
		{``, `{}`, "want: invalid JSON"},
	} {
		err := Equal([]byte(tc.want), []byte(tc.got))
		if assert.Error(t, err, "%s vs %s", tc.want, tc.got) {
			assert.True(t, strings.HasPrefix(err.Error(), tc.prefix), err.Error())
		}
		assert.Error(t, SameShape([]byte(tc.want), []byte(tc.got)))
	}
}

func TestSameShapeIgnoresValues(t *testing.T) {
	want := `{"id":"d0e1dd1b","n":2100,"ok":true,"when":"2023-01-01T14:00:00Z","fees":[{"type":"AUM_FEE","amount":{"value":10}}],"none":null}`
	got := `{"id":"other","n":1.5,"ok":false,"when":"not a time","fees":[],"none":null}`
	assert.NoError(t, SameShape([]byte(want), []byte(got)))
}

func TestSameShapeReportsKeysAndTypes(t *testing.T) {
	for _, tc := range []struct {
		name, want, got string
		nullable        []string
		diffs           []string
	}{
		{
			name:  "missing key",
			want:  `{"portfolio":{"cash":{"value":0,"currency":"USD"}}}`,
			got:   `{"portfolio":{"cash":{"value":0}}}`,
			diffs: []string{`portfolio.cash.currency: missing from got (want string "USD")`},
		},
		{
			name:  "extra key",
			want:  `{"a":1}`,
			got:   `{"a":1,"b":2}`,
			diffs: []string{"b: unexpected key in got (got number 2)"},
		},
		{
			name:  "wrong type",
			want:  `{"value":10}`,
			got:   `{"value":"10"}`,
			diffs: []string{`value: want number 10, got string "10"`},
		},
		{
			name:  "every element against the first example",
			want:  `{"items":[{"id":"a","n":1},{"unused":true}]}`,
			got:   `{"items":[{"id":"x","n":2},{"id":"y","n":"3"},{"id":"z","n":4,"more":[]}]}`,
			diffs: []string{`items[1].n: want number 1, got string "3"`, "items[2].more: unexpected key in got (got array of 0)"},
		},
		{
			name:  "element type",
			want:  `{"attributes":["x"]}`,
			got:   `{"attributes":["a",{}]}`,
			diffs: []string{"attributes[1]: want string \"x\", got empty object"},
		},
		{
			name:  "array for object",
			want:  `{"fees":[]}`,
			got:   `{"fees":{}}`,
			diffs: []string{"fees: want array of 0, got empty object"},
		},
		{
			name:  "null is only null without nullable",
			want:  `{"items":[{"r":null,"s":"UST-4W"}]}`,
			got:   `{"items":[{"r":"UST-4W","s":null}]}`,
			diffs: []string{`items[0].r: want null, got string "UST-4W"`, `items[0].s: want string "UST-4W", got null`},
		},
		{
			name:     "nullable with [] accepts both directions",
			want:     `{"items":[{"r":null,"s":"UST-4W"}]}`,
			got:      `{"items":[{"r":"UST-4W","s":null},{"r":null,"s":"x"}]}`,
			nullable: []string{"items[].r", "items[].s"},
		},
		{
			name:     "nullable value is not looked into",
			want:     `{"portfolio":null}`,
			got:      `{"portfolio":{"anything":[1,"x"]}}`,
			nullable: []string{"portfolio"},
		},
		{
			name:     "nullable does not excuse a wrong type",
			want:     `{"r":"UST-4W"}`,
			got:      `{"r":7}`,
			nullable: []string{"r"},
			diffs:    []string{`r: want string "UST-4W", got number 7`},
		},
		{
			name:     "nullable with a concrete index matches that element only",
			want:     `[{"r":"a"}]`,
			got:      `[{"r":"a"},{"r":null},{"r":null}]`,
			nullable: []string{"[1].r"},
			diffs:    []string{`[2].r: want string "a", got null`},
		},
		{
			name:     "nullable names a whole path, not a key anywhere",
			want:     `{"a":{"r":"x"},"b":{"r":"x"}}`,
			got:      `{"a":{"r":null},"b":{"r":null}}`,
			nullable: []string{"a.r"},
			diffs:    []string{`b.r: want string "x", got null`},
		},
		{
			name: "nested arrays",
			want: `{"a":[{"b":[{"c":1}]}]}`,
			got:  `{"a":[{"b":[{"c":2},{"c":true}]},{"b":[]}]}`,
			diffs: []string{
				"a[0].b[1].c: want number 1, got bool true",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := SameShape([]byte(tc.want), []byte(tc.got), tc.nullable...)
			if tc.diffs == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tc.diffs, diffLines(t, err))
		})
	}
}

func TestSameShapeEmptyWantArrayAcceptsAnyArray(t *testing.T) {
	assert.NoError(t, SameShape([]byte(`{"securities":[]}`), []byte(`{"securities":[{"x":1},2,"three",null]}`)))
	assert.Error(t, SameShape([]byte(`{"securities":[]}`), []byte(`{"securities":null}`)))
	assert.Error(t, SameShape([]byte(`{"securities":[]}`), []byte(`{"securities":{}}`)))
}

// strictModel is a small model for the Strict tests.
type strictModel struct {
	ID     string        `json:"id"`
	Amount strictAmount  `json:"amount"`
	Tags   []string      `json:"tags"`
	Note   *string       `json:"note"`
	Items  []strictItem  `json:"items"`
	Extra  *strictAmount `json:"extra,omitempty"`
}

type strictAmount struct {
	Value     int64  `json:"value"`
	Currency  string `json:"currency"`
	Formatted string `json:"formatted,omitempty"`
}

type strictItem struct {
	N float64 `json:"n"`
}

func TestStrictAcceptsAFaithfulModel(t *testing.T) {
	raw := []byte(`{
		"id": "p1",
		"amount": {"value": 10, "currency": "USD", "formatted": "$0.10"},
		"tags": [],
		"note": null,
		"items": [{"n": 1.0}, {"n": 2.5}]
	}`)
	var got strictModel
	f := capture(t, func(tb testing.TB) { got = Strict[strictModel](tb, raw) })
	require.False(t, f.failed, f.msg)
	assert.Equal(t, "p1", got.ID)
	assert.Equal(t, strictAmount{10, "USD", "$0.10"}, got.Amount)
	assert.Equal(t, []strictItem{{1}, {2.5}}, got.Items)

	// A pointer type works too.
	var gp *strictModel
	f = capture(t, func(tb testing.TB) { gp = Strict[*strictModel](tb, raw) })
	require.False(t, f.failed, f.msg)
	assert.Equal(t, "p1", gp.ID)
}

func TestStrictFails(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  string
		msgs []string // each must appear in the failure message
	}{
		{
			name: "unknown field, named with its path",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":"x","rate":"0.1"},"tags":[],"note":null,"items":[]}`,
			msgs: []string{`unknown field "rate"`, `amount.rate: missing from got (want string "0.1")`},
		},
		{
			name: "unknown field inside an array element",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":"x"},"tags":[],"note":null,"items":[{"n":1,"m":2}]}`,
			msgs: []string{`unknown field "m"`, "items[0].m: missing from got (want number 2)"},
		},
		{
			name: "wrong JSON type",
			raw:  `{"id":"p1","amount":{"value":"1","currency":"USD","formatted":"x"},"tags":[],"note":null,"items":[]}`,
			msgs: []string{"cannot unmarshal string", "amount.value"},
		},
		{
			name: "field dropped by omitempty",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":""},"tags":[],"note":null,"items":[]}`,
			msgs: []string{`amount.formatted: missing from got (want string "")`, "re-encoded differs"},
		},
		{
			name: "field the fixture lacks is written back",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":"x"},"tags":[],"note":null}`,
			msgs: []string{"items: unexpected key in got (got null)"},
		},
		{
			name: "null slice stays null",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":"x"},"note":null,"items":[],"tags":null}`,
			msgs: nil, // null in, null out: accepted
		},
		{
			name: "data after the value",
			raw:  `{"id":"p1","amount":{"value":1,"currency":"USD","formatted":"x"},"tags":[],"note":null,"items":[]} {}`,
			msgs: []string{"data after the JSON value"},
		},
		{
			name: "not JSON",
			raw:  `{"id":`,
			msgs: []string{"decoding into testutil.strictModel"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := capture(t, func(tb testing.TB) { Strict[strictModel](tb, []byte(tc.raw)) })
			if tc.msgs == nil {
				assert.False(t, f.failed, f.msg)
				return
			}
			require.True(t, f.failed, "Strict accepted %s", tc.raw)
			for _, m := range tc.msgs {
				assert.Contains(t, f.msg, m)
			}
		})
	}
}

func TestStrictCatchesAWrongModelOfAList(t *testing.T) {
	// The fixture has a list of fees; a model with a single amount fails.
	type wrong struct {
		Fees strictAmount `json:"fees"`
	}
	f := capture(t, func(tb testing.TB) {
		Strict[wrong](tb, []byte(`{"fees":[{"value":10,"currency":"USD"}]}`))
	})
	require.True(t, f.failed)
	assert.Contains(t, f.msg, "cannot unmarshal array")
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "testdata"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "testdata", "x.json"), []byte(`{"a":1}`), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "other"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other", "y.json"), []byte(`[2]`), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "pkg"), 0o755))
	t.Chdir(filepath.Join(dir, "pkg"))

	// Now in dir/pkg, which has no testdata of its own.
	f := capture(t, func(tb testing.TB) { Load(tb, "x.json") })
	require.True(t, f.failed, "a bare name must be looked up in testdata/")
	assert.Contains(t, f.msg, filepath.Join("testdata", "x.json"))

	var b []byte
	f = capture(t, func(tb testing.TB) { b = Load(tb, "../testdata/x.json") })
	require.False(t, f.failed, f.msg)
	assert.Equal(t, `{"a":1}`, string(b))

	f = capture(t, func(tb testing.TB) { b = Load(tb, "../other/y.json") })
	require.False(t, f.failed, f.msg)
	assert.Equal(t, `[2]`, string(b))

	t.Chdir(dir)
	f = capture(t, func(tb testing.TB) { b = Load(tb, "x.json") })
	require.False(t, f.failed, f.msg)
	assert.Equal(t, `{"a":1}`, string(b))

	f = capture(t, func(tb testing.TB) { Load(tb, "missing.json") })
	assert.True(t, f.failed)
}
