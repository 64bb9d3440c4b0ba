package jiko

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecimal(t *testing.T) {
	var v struct {
		A Decimal `json:"a"`
		B Decimal `json:"b"`
		C Decimal `json:"c"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":"98.628528","b":0.046800,"c":null}`), &v))
	assert.Equal(t, Decimal("98.628528"), v.A)
	assert.Equal(t, Decimal("0.046800"), v.B, "a number keeps its exact text")
	assert.Equal(t, Decimal(""), v.C)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, `{"a":"98.628528","b":"0.046800","c":""}`, string(b))

	c, err := Decimal("0.0468").Cmp("0.046800")
	require.NoError(t, err)
	assert.Equal(t, 0, c)
	c, err = Decimal("98.612361").Cmp("98.628528")
	require.NoError(t, err)
	assert.Equal(t, -1, c)
	_, err = Decimal("1/3").Rat()
	assert.EqualError(t, err, `jiko: "1/3" is not a decimal number`)
	_, err = Decimal("abc").Cmp("1")
	assert.EqualError(t, err, `jiko: "abc" is not a decimal number`)
	r, err := Decimal("0.1").Rat()
	require.NoError(t, err)
	assert.Equal(t, "1/10", r.String())
	assert.Error(t, json.Unmarshal([]byte(`{"a":true}`), &v))
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2023-01-30")
	require.NoError(t, err)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 30}, d)
	assert.Equal(t, "2023-01-30", d.String())
	_, err = ParseDate("30/01/2023")
	assert.EqualError(t, err, `jiko: date "30/01/2023": want YYYY-MM-DD`)
	b, err := json.Marshal(struct {
		D Date `json:"d"`
	}{Date{Year: 2026, Month: 2, Day: 3}})
	require.NoError(t, err)
	assert.Equal(t, `{"d":"2026-02-03"}`, string(b))
	var v struct {
		D Date `json:"d"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"d":"2026-13-01"}`), &v), "an answer's date is read tolerantly")
	assert.False(t, v.D.Valid())
	assert.Equal(t, "2026-13-01", v.D.Raw())
	assert.Error(t, json.Unmarshal([]byte(`{"d":20260101}`), &v), "a date is a JSON string")
	assert.Equal(t, time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), Date{Year: 2026, Month: 2, Day: 3}.Time(time.UTC))
	assert.Equal(t, Date{Year: 2026, Month: 2, Day: 3}, DateOf(time.Date(2026, 2, 3, 23, 59, 0, 0, time.UTC)))
}

func TestNullable(t *testing.T) {
	type req struct {
		A Nullable[string] `json:"a,omitzero"`
		B Nullable[int]    `json:"b,omitzero"`
		C Nullable[string] `json:"c,omitzero"`
	}
	b, err := json.Marshal(req{A: Set("x"), B: Null[int]()})
	require.NoError(t, err)
	assert.Equal(t, `{"a":"x","b":null}`, string(b))
	b, err = json.Marshal(req{A: Set("")})
	require.NoError(t, err)
	assert.Equal(t, `{"a":""}`, string(b), "an empty value is still sent")

	var r req
	require.NoError(t, json.Unmarshal([]byte(`{"a":"y","b":null}`), &r))
	v, ok := r.A.Get()
	assert.True(t, ok)
	assert.Equal(t, "y", v)
	assert.True(t, r.B.IsNull())
	assert.True(t, r.C.IsZero())
	assert.Equal(t, "y", r.A.String())
	assert.Equal(t, "null", r.B.String())
	assert.Equal(t, "<unset>", r.C.String())
	assert.Error(t, json.Unmarshal([]byte(`{"b":"nope"}`), &r))
}

func TestImpossibleDatesAreNotSent(t *testing.T) {
	for _, d := range []Date{{Day: 1}, {Year: 2026, Month: 2, Day: 30}, {Year: 2026, Month: 13, Day: 1}} {
		_, err := d.MarshalText()
		assert.Error(t, err, d.String())
	}
	b, err := Date{Year: 2024, Month: 2, Day: 29}.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2024-02-29", string(b))
	h := newHarness(t)
	_, err = h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{
		Period: EarningsRange, DateFrom: Date{Year: 2026, Month: 2, Day: 30}, DateTo: Date{Year: 2026, Month: 3, Day: 1}})
	assert.True(t, IsValidation(err), "%v", err)
	assert.Empty(t, h.requests())
}

// The decoder's date reader agrees with ParseDate (time.Parse) on every
// shape of text: calendar dates, impossible days, wrong widths, signs.
func TestDateReaderAgreesWithParseDate(t *testing.T) {
	for _, s := range []string{
		"2024-02-29", "2023-02-29", "2023-04-31", "2023-12-31", "0000-01-01", "9999-12-31",
		"2023-13-01", "2023-00-10", "2023-01-00", "2023-1-01", "20230101", "2023-01-01T",
		"+023-01-01", "2023-01-0a", "2023/01/01", "", "2023-01-1 ", "２０２３-01-01",
	} {
		want, err := ParseDate(s)
		got, ok := parseDate([]byte(s))
		assert.Equal(t, err == nil, ok, s)
		if ok {
			assert.Equal(t, want, got, s)
		}
		var d Date
		require.NoError(t, json.Unmarshal([]byte(strconv.Quote(s)), &d))
		assert.Equal(t, ok || s == "", d.Valid(), s)
		assert.Equal(t, s, d.Raw(), "the text comes back as it came")
	}
}
