package jiko

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimestampIsReadTolerantly(t *testing.T) {
	type model struct {
		At   Timestamp  `json:"at"`
		Ptr  *Timestamp `json:"ptr,omitempty"`
		Zero Timestamp  `json:"zero,omitzero"`
	}
	var m model
	require.NoError(t, json.Unmarshal([]byte(`{"at":"2023-01-01T12:00:00+02:00","ptr":"fugiat"}`), &m))
	assert.True(t, m.At.Valid())
	assert.True(t, m.At.Equal(time.Date(2023, 1, 1, 10, 0, 0, 0, time.UTC)), "the time.Time is embedded")
	assert.Equal(t, "2023-01-01T12:00:00+02:00", m.At.Raw())
	require.NotNil(t, m.Ptr)
	assert.False(t, m.Ptr.Valid())
	assert.True(t, m.Ptr.Time.IsZero())
	assert.False(t, m.Ptr.IsZero(), "kept text is not absent")
	assert.Equal(t, "fugiat", m.Ptr.Raw())
	assert.Equal(t, "fugiat", m.Ptr.String())
	assert.True(t, m.Zero.IsZero())
	assert.Equal(t, "", m.Zero.Raw())

	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{"at":"2023-01-01T12:00:00+02:00","ptr":"fugiat"}`, string(b), "an answer encodes back unchanged")

	require.NoError(t, json.Unmarshal([]byte(`{"at":null}`), &m), "null leaves the value as it was")
	assert.True(t, m.At.Valid())
	for _, bad := range []string{`{"at":1672574400}`, `{"at":true}`, `{"at":{}}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &m), "a timestamp is a JSON string: %s", bad)
	}
	require.NoError(t, json.Unmarshal([]byte(`{"at":""}`), &m))
	assert.True(t, m.At.IsZero())
	assert.Equal(t, TimestampOf(time.Unix(5, 0)).Time, time.Unix(5, 0))
	text, err := Timestamp{raw: "later"}.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "later", string(text))
}

func TestDateKeepsTextItCannotParse(t *testing.T) {
	type model struct {
		Formation Date `json:"formation_date"`
		Birth     Date `json:"date_of_birth,omitzero"`
	}
	// The contract types formation_date as a plain string.
	var m model
	require.NoError(t, json.Unmarshal([]byte(`{"formation_date":"fugiat","date_of_birth":"1990-02-03"}`), &m))
	assert.False(t, m.Formation.Valid())
	assert.Equal(t, "fugiat", m.Formation.Raw())
	assert.Equal(t, "fugiat", m.Formation.String())
	assert.False(t, m.Formation.IsZero())
	assert.Equal(t, Date{Year: 1990, Month: 2, Day: 3}, m.Birth)
	assert.True(t, m.Birth.Valid())
	assert.Equal(t, "1990-02-03", m.Birth.Raw())
	assert.Equal(t, "", Date{}.Raw())
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{"formation_date":"fugiat","date_of_birth":"1990-02-03"}`, string(b), "an answer encodes back unchanged")
	assert.Error(t, checkDate("Business.FormationDate", m.Formation), "a request refuses it")
}
