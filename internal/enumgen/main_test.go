package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnumsKnownIsUpToDate(t *testing.T) {
	want, err := generate("../..")
	require.NoError(t, err)
	got, err := os.ReadFile("../../" + output)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "enums_known.go is stale: run go generate ./... in the module's root")
	assert.Contains(t, string(got), "func (v PocketStatus) IsKnown() bool")
	assert.NotContains(t, string(got), "func (v StrategyID)", "an id is no enum")
	assert.Greater(t, strings.Count(string(got), "IsKnown() bool"), 60)
	// The value lists validation uses are generated, from the constants
	// in their order, for the enums whose list the package names.
	assert.Contains(t, string(got), "var achStatusValues = []ACHStatus{\n\tACHStatusPending,\n")
	assert.Contains(t, string(got), "var industryValues = []Industry{")
	assert.NotContains(t, string(got), "var pocketStatusValues", "no list the package does not name")
}

func TestValuesName(t *testing.T) {
	for typ, want := range map[string]string{
		"Industry":         "industryValues",
		"ACHStatus":        "achStatusValues",
		"IndividualIDType": "individualIDTypeValues",
		"ACHSECCode":       "achsecCodeValues",
		"A":                "aValues",
		"URL":              "urlValues",
	} {
		assert.Equal(t, want, valuesName(typ), typ)
	}
}
