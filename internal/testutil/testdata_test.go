package testutil

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks below keep the shared fixtures in ../../testdata honest: each
// full fixture must keep every key and value of the example it was built
// from, and a faithful model of the reference must pass Strict on it.

// fullFixtures maps each full fixture to the published example it extends.
var fullFixtures = map[string]string{
	"pockets_list.json":  "pockets_list.published.json",
	"pocket_get.json":    "pocket_get.published.json",
	"pocket_update.json": "pocket_update.published.json",
}

func loadShared(t *testing.T, name string) []byte {
	t.Helper()
	return Load(t, "../../testdata/"+name)
}

func decodeNumbers(t *testing.T, raw []byte) any {
	t.Helper()
	v, err := parse(raw)
	require.NoError(t, err)
	return v
}

// extends reports where full drops or changes something of published. An
// empty object or array in published is a part the reference collapsed:
// full may fill it with anything of the same JSON type. full may also add
// keys the example leaves out.
func extends(published, full any, path string) []string {
	if kind(published) != kind(full) {
		return []string{fmt.Sprintf("%s: published %s, full %s", displayPath(path), describe(published), describe(full))}
	}
	var out []string
	switch p := published.(type) {
	case map[string]any:
		f := full.(map[string]any)
		for _, k := range sortedKeys(p) {
			fv, ok := f[k]
			if !ok {
				out = append(out, join(path, k)+": dropped from the full fixture")
				continue
			}
			out = append(out, extends(p[k], fv, join(path, k))...)
		}
	case []any:
		f := full.([]any)
		if len(p) > len(f) {
			return append(out, fmt.Sprintf("%s: published %d items, full %d", displayPath(path), len(p), len(f)))
		}
		for i := range p {
			out = append(out, extends(p[i], f[i], index(path, i))...)
		}
	default:
		if !reflect.DeepEqual(published, full) {
			out = append(out, fmt.Sprintf("%s: published %s, full %s", displayPath(path), describe(published), describe(full)))
		}
	}
	return out
}

func TestExtends(t *testing.T) {
	pub := decodeNumbers(t, []byte(`{"a":"x","items":[{}],"cash":{},"fees":[],"o":{"k":1}}`))
	ok := decodeNumbers(t, []byte(`{"a":"x","items":[{"id":1}],"cash":{"value":0},"fees":[{}],"o":{"k":1,"j":2},"new":true}`))
	assert.Empty(t, extends(pub, ok, ""))
	bad := decodeNumbers(t, []byte(`{"a":"y","items":[],"cash":[],"fees":[],"o":{"j":2}}`))
	assert.Equal(t, []string{
		`a: published string "x", full string "y"`,
		"cash: published empty object, full array of 0",
		"items: published 1 items, full 0",
		"o.k: dropped from the full fixture",
	}, extends(pub, bad, ""))
}

func TestFullFixturesKeepThePublishedExamples(t *testing.T) {
	for full, published := range fullFixtures {
		t.Run(full, func(t *testing.T) {
			p := decodeNumbers(t, loadShared(t, published))
			f := decodeNumbers(t, loadShared(t, full))
			assert.Empty(t, extends(p, f, ""), "%s against %s", full, published)
		})
	}
}

func TestPublishedExamplesAreAsPublished(t *testing.T) {
	// The examples of the current reference, as printed on its page.
	for name, want := range map[string]string{
		"pockets_list.published.json":  `{ "next_page": "cD0yMDIyLTEyLTE5KzE5JTNBNTQlM0EyNy4xODMyNzglMkIwMCUzQTAw", "items": [ {} ], "object_type": "CursorList" }`,
		"pocket_get.published.json":    `{ "id": "d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd", "pocket_name": "4-week T-bills", "portfolio": { "securities": [], "cash": {}, "all_time_earnings": {}, "total_value": {}, "fees": [], "liquidation_value_t0": {}, "liquidation_value_t1": {} }, "status": "OPEN", "attributes": [], "deposit_strategy_id": "UST-4W", "reinvestment_strategy_id": "UST-26W", "customer_id": "62c5272e-ef8c-4d8a-a49d-633432409fd4", "object_type": "CustomerPocket" }`,
		"pocket_update.published.json": `{ "id": "d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd", "pocket_name": "4-week T-bills", "status": "OPEN", "attributes": [], "deposit_strategy_id": "UST-4W", "reinvestment_strategy_id": "UST-26W", "customer_id": "62c5272e-ef8c-4d8a-a49d-633432409fd4", "object_type": "CustomerPocket" }`,
		"pocket_update.request.json":   `{"pocket_name": "Savings"}`,
	} {
		assert.NoError(t, Equal([]byte(want), loadShared(t, name)), name)
	}
}

// The model below is written from the reference (fd60d28d for the Pocket,
// the v1.29 Amount and Fee components for money and fees). It exists only
// to show that the full fixtures are consistent with one faithful model.

type refMoney struct {
	Value     int64  `json:"value"`
	Currency  string `json:"currency"`
	Formatted string `json:"formatted"`
}

type refFee struct {
	Type   string   `json:"type"`
	Amount refMoney `json:"amount"`
}

type refSecurity struct {
	Type            string   `json:"type"`
	Quantity        int64    `json:"quantity"`
	MarketValue     refMoney `json:"market_value"`
	CUSIP           string   `json:"cusip"`
	JikoMarkPrice   string   `json:"jiko_mark_price"`
	Description     string   `json:"description"`
	MaturityDate    string   `json:"maturity_date"`
	YieldToMaturity string   `json:"yield_to_maturity"`
}

type refPortfolio struct {
	Securities         []refSecurity `json:"securities"`
	Cash               refMoney      `json:"cash"`
	AllTimeEarnings    refMoney      `json:"all_time_earnings"`
	TotalValue         refMoney      `json:"total_value"`
	Fees               []refFee      `json:"fees"`
	LiquidationValueT0 refMoney      `json:"liquidation_value_t0"`
	LiquidationValueT1 refMoney      `json:"liquidation_value_t1"`
}

type refPocket struct {
	ID                     string        `json:"id"`
	PocketName             string        `json:"pocket_name"`
	Portfolio              *refPortfolio `json:"portfolio"`
	Status                 string        `json:"status"`
	Attributes             []string      `json:"attributes"`
	DepositStrategyID      string        `json:"deposit_strategy_id"`
	ReinvestmentStrategyID *string       `json:"reinvestment_strategy_id"`
	CustomerID             string        `json:"customer_id"`
	ObjectType             string        `json:"object_type"`
}

type refPocketList struct {
	PrevPage   *string     `json:"prev_page"`
	NextPage   *string     `json:"next_page"`
	Items      []refPocket `json:"items"`
	ObjectType string      `json:"object_type"`
}

func TestFullFixturesPassStrictWithAFaithfulModel(t *testing.T) {
	p := Strict[refPocket](t, loadShared(t, "pocket_get.json"))
	require.NotNil(t, p.Portfolio)
	require.Len(t, p.Portfolio.Securities, 1)
	require.Len(t, p.Portfolio.Fees, 1)
	assert.Equal(t, "AUM_FEE", p.Portfolio.Fees[0].Type)
	// The v1.29 example's numbers agree with each other: 2,100 bills at
	// 98.612361 are worth $207,085.96, all of the Pocket's value.
	sec := p.Portfolio.Securities[0]
	assert.Equal(t, int64(20708596), sec.MarketValue.Value)
	assert.Equal(t, sec.MarketValue.Value+p.Portfolio.Cash.Value, p.Portfolio.TotalValue.Value)

	u := Strict[refPocket](t, loadShared(t, "pocket_update.json"))
	assert.Equal(t, p.ID, u.ID)

	l := Strict[refPocketList](t, loadShared(t, "pockets_list.json"))
	require.Len(t, l.Items, 1)
	assert.Equal(t, p, l.Items[0])

	// A list item and a single Pocket have the same shape.
	raw := loadShared(t, "pockets_list.json")
	var list struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &list))
	assert.NoError(t, SameShape(loadShared(t, "pocket_get.json"), list.Items[0]))
}

func TestStrictRejectsFeesModelledAsOneAmount(t *testing.T) {
	type wrongPortfolio struct {
		refPortfolio
		Fees refMoney `json:"fees"`
	}
	type wrongPocket struct {
		refPocket
		Portfolio *wrongPortfolio `json:"portfolio"`
	}
	f := capture(t, func(tb testing.TB) { Strict[wrongPocket](tb, loadShared(t, "pocket_get.json")) })
	require.True(t, f.failed)
	assert.True(t, strings.Contains(f.msg, "fees"), f.msg)
}
