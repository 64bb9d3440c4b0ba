package jikotest_test

import (
	"encoding/json"
	"testing"

	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pocketOp = "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/"

func TestDriftRewritesOneOperationsAnswers(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	p := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "Savings", Balance: 10123})
	path := "/api/v2/customers/" + customerID + "/pockets/" + p.ID + "/"
	var before map[string]any
	require.NoError(t, json.Unmarshal(rawGet(t, c, path), &before))
	fees := before["portfolio"].(map[string]any)["securities"].([]any)
	require.NotEmpty(t, fees, "the Pocket has securities to rewrite")

	require.NoError(t, srv.Drift(jikotest.DriftRule{
		Operation:      pocketOp,
		AddMember:      &jikotest.DriftAddMember{Path: "portfolio", Name: "risk_band", Value: json.RawMessage(`{"band":2}`)},
		RenameMember:   &jikotest.DriftRenameMember{Path: "pocket_name", To: "name"},
		EnumValue:      &jikotest.DriftEnumValue{Path: "portfolio.securities[].type", Value: "EQUITY"},
		UnknownVariant: &jikotest.DriftUnknownVariant{Path: "portfolio.securities", Discriminator: "type", Kind: "OPTION"},
	}))
	var got map[string]any
	require.NoError(t, json.Unmarshal(rawGet(t, c, path), &got))
	assert.Equal(t, map[string]any{"band": float64(2)}, got["portfolio"].(map[string]any)["risk_band"])
	assert.NotContains(t, got, "pocket_name")
	assert.Equal(t, "Savings", got["name"])
	gotFees := got["portfolio"].(map[string]any)["securities"].([]any)
	require.Len(t, gotFees, len(fees)+1, "one unknown variant appended")
	for _, f := range gotFees[:len(fees)] {
		assert.Equal(t, "EQUITY", f.(map[string]any)["type"])
	}
	last := gotFees[len(fees)].(map[string]any)
	assert.Equal(t, "OPTION", last["type"])
	assert.Equal(t, fees[0].(map[string]any)["cusip"], last["cusip"], "the variant is a copy of the first item")

	// Another operation is left alone.
	var list map[string]any
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v2/pockets/"+p.ID+"/"), &list))
	assert.Equal(t, "Savings", list["pocket_name"])

	srv.ClearDrift()
	var after map[string]any
	require.NoError(t, json.Unmarshal(rawGet(t, c, path), &after))
	assert.Equal(t, before, after)
}

func TestDriftRefusesRulesThatCannotApply(t *testing.T) {
	srv := jikotest.NewServer()
	for _, r := range []jikotest.DriftRule{
		{Operation: "/api/v2/pockets/", EnumValue: &jikotest.DriftEnumValue{Path: "status", Value: "X"}},
		{Operation: pocketOp},
		{Operation: pocketOp, EnumValue: &jikotest.DriftEnumValue{Path: "items[x].status", Value: "X"}},
		{Operation: pocketOp, EnumValue: &jikotest.DriftEnumValue{Path: "items[0", Value: "X"}},
		{Operation: pocketOp, AddMember: &jikotest.DriftAddMember{Path: ""}},
		{Operation: pocketOp, AddMember: &jikotest.DriftAddMember{Name: "x", Value: json.RawMessage(`{`)}},
		{Operation: pocketOp, RenameMember: &jikotest.DriftRenameMember{Path: "a"}},
		{Operation: pocketOp, UnknownVariant: &jikotest.DriftUnknownVariant{Path: "items", Kind: "X"}},
	} {
		assert.Error(t, srv.Drift(r), "%+v", r)
	}
}

func TestDriftRuleIsPlainJSON(t *testing.T) {
	r := jikotest.DriftRule{Operation: pocketOp, EnumValue: &jikotest.DriftEnumValue{Path: "status", Value: "FROZEN"}}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"operation":"`+pocketOp+`","enum_value":{"path":"status","value":"FROZEN"}}`, string(b))
	var back jikotest.DriftRule
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back)
}
