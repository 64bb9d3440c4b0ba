package query

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type status string

type params struct {
	Omit     []string  `url:"omit[]"`
	Cursor   string    `url:"cursor,omitempty"`
	Limit    int       `url:"limit,omitempty"`
	Status   []status  `url:"filter[status],omitempty"`
	Sweeps   *bool     `url:"include_sweeps,omitempty"`
	From     time.Time `url:"time_booked_from,omitempty"`
	Always   int       `url:"always"`
	Untagged string
	Skipped  string `url:"-"`
}

func TestValuesEncodesTaggedFields(t *testing.T) {
	yes := true
	v, err := Values(&params{
		Omit:     []string{"portfolio", "attributes"},
		Cursor:   "abc==",
		Limit:    30,
		Status:   []status{"OPEN", "FROZEN"},
		Sweeps:   &yes,
		From:     time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Untagged: "x",
		Skipped:  "y",
	})
	require.NoError(t, err)
	assert.Equal(t,
		"always=0&cursor=abc%3D%3D&filter%5Bstatus%5D=OPEN&filter%5Bstatus%5D=FROZEN&include_sweeps=true&limit=30&omit%5B%5D=portfolio&omit%5B%5D=attributes&time_booked_from=2026-01-02T03%3A04%3A05Z",
		v.Encode())
}

func TestValuesOmitsZeroValues(t *testing.T) {
	v, err := Values(params{})
	require.NoError(t, err)
	assert.Equal(t, "always=0", v.Encode())
}

func TestValuesNilAndBadInput(t *testing.T) {
	v, err := Values((*params)(nil))
	require.NoError(t, err)
	assert.Empty(t, v)

	_, err = Values(42)
	assert.EqualError(t, err, "query: int is not a struct")

	_, err = Values(struct {
		M map[string]string `url:"m"`
	}{M: map[string]string{}})
	assert.EqualError(t, err, "query: field M: unsupported type map[string]string")
}
