package jiko

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objectMembers reads every member of a valid object, and reports false,
// without panicking or reading past the end, for any cut of one.
func TestObjectMembersReadsValidObjectsAndStopsOnCutOnes(t *testing.T) {
	doc := `{ "a" : 1, "b\"c":"x\\\"}", "d":[{"e":"]"},[]], "f":{"g":null} ,"h":-1.5e3,"i":true}`
	var names []string
	ok := objectMembers([]byte(doc), func(name, value []byte) bool {
		var n string
		require.NoError(t, json.Unmarshal(name, &n))
		require.True(t, json.Valid(value), "%s", value)
		names = append(names, n)
		return true
	})
	require.True(t, ok)
	assert.Equal(t, []string{"a", `b"c`, "d", "f", "h", "i"}, names)
	for i := range len(doc) - 1 {
		assert.False(t, objectMembers([]byte(doc[:i]), func(_, _ []byte) bool { return true }), doc[:i])
	}
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{1:2}`, `{"a":1 "b":2}`} {
		assert.False(t, objectMembers([]byte(bad), func(_, _ []byte) bool { return true }), bad)
	}
	assert.True(t, objectMembers([]byte(` {} `), func(_, _ []byte) bool { return false }))
}

// A union's kind read without a decoder is the one encoding/json reads,
// whatever the spelling, order, escapes or type of the member.
func TestUnionKindAgreesWithEncodingJSON(t *testing.T) {
	for _, raw := range []string{
		`{"type":"ACH"}`, `{"id":"x","type":"WIRE"}`, `{"Type":"ACH"}`, `{"type":"ACH","TYPE":"WIRE"}`,
		`{"ty\u0070e":"ACH"}`, `{"type":"A\u0043H"}`, `{"type":"ACHé"}`, `{"id":"type"}`, `{"type":null}`,
		`{"type":{"type":"ACH"}}`, `{"items":[{"type":"WIRE"}],"type":"CARD"}`, `{}`,
	} {
		kind, err := transactionUnion.readKind([]byte(raw))
		p := reflect.New(transactionUnion.probe)
		want := json.Unmarshal([]byte(raw), p.Interface())
		assert.Equal(t, want == nil, err == nil, raw)
		if want == nil {
			assert.Equal(t, p.Elem().Field(0).String(), string(kind), raw)
		}
	}
}

// A page decodes in one pass through the call, and as a json.Unmarshaler,
// with the same envelope checks: items present (spelt as encoding/json
// matches it), null items an empty page, an object.
func TestPageDecodesTheSameBothWays(t *testing.T) {
	for raw, want := range map[string]string{
		`{"items":[{"id":"a"}],"next_page":"n"}`: "",
		`{"ITEMS":[],"next_page":null}`:          "",
		`{"items":null}`:                         "",
		`{"next_page":"n"}`:                      "jiko: list: the answer has no items",
		`{"item":[{"id":"a"}]}`:                  "jiko: list: the answer has no items",
		`[{"id":"a"}]`:                           "jiko: list: the answer is not a list envelope (a JSON object): [{\"id\":\"a\"}]",
		`{"items":{"id":"a"}}`:                   "json: cannot unmarshal object into Go struct field .items of type []jiko.Pocket",
	} {
		var a, b CursorPage[Pocket]
		errA, errB := decodeAnswer([]byte(raw), &a), json.Unmarshal([]byte(raw), &b)
		if want == "" {
			require.NoError(t, errA, raw)
			require.NoError(t, errB, raw)
			assert.Equal(t, a, b, raw)
			continue
		}
		assert.EqualError(t, errA, want, raw)
		assert.EqualError(t, errB, want, raw)
	}
}
