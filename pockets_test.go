package jiko

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPocketFixtureDecodes(t *testing.T) {
	var p Pocket
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "pocket.json")), &p))
	assert.Equal(t, pocketID, p.ID)
	assert.Equal(t, "J1 (4-week)", p.PocketName)
	assert.Equal(t, PocketStatusOpen, p.Status)
	assert.Equal(t, StrategyUST4W, p.DepositStrategyID)
	assert.Empty(t, p.ReinvestmentStrategyID)
	assert.Empty(t, p.Type)
	assert.Equal(t, customerID, p.CustomerID)
	assert.Equal(t, "CustomerPocket", p.ObjectType)
	require.NotNil(t, p.Portfolio)
	pf := p.Portfolio
	assert.Equal(t, Money{Value: 20708596, Currency: "USD", Formatted: "$207,085.96"}, pf.TotalValue)
	assert.Equal(t, Money{Value: 935404, Currency: "USD", Formatted: "$9,354.04"}, pf.AllTimeEarnings)
	assert.Equal(t, Money{Value: 0, Currency: "USD", Formatted: "$0.00"}, pf.Cash)
	assert.Equal(t, []Fee{{Type: FeeTypeAUM, Amount: Money{Value: 0, Currency: "USD", Formatted: "$0.00"}}}, pf.Fees)
	assert.Equal(t, int64(20708596), pf.LiquidationValueT0.Value)
	assert.Equal(t, int64(20708596), pf.LiquidationValueT1.Value)
	require.Len(t, pf.Securities, 1)
	s := pf.Securities[0]
	assert.Equal(t, SecurityTypeFixedIncome, s.Type)
	assert.Equal(t, int64(2100), s.Quantity)
	assert.Equal(t, "912796RF6", s.CUSIP)
	assert.Equal(t, Decimal("98.612361"), s.JikoMarkPrice)
	assert.Equal(t, Decimal("0.0468"), s.YieldToMaturity)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 30}, s.MaturityDate)
	assert.Equal(t, "US T-Bill", s.Description)
}

func TestPocketDecodesUnknownEnumsAndRealTimeYield(t *testing.T) {
	var p Pocket
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","status":"ARCHIVED","type":"REAL_TIME_YIELD",
		"deposit_strategy_id":"UST-8W","reinvestment_strategy_id":"UST-13W","attributes":["flag","other"],
		"portfolio":{"securities":[{"type":"OTHER","quantity":1,"market_value":{"value":5,"currency":"USD"},"cusip":"X","jiko_mark_price":"1","description":"d","yield_to_maturity":"0"}],
		"pricing_timestamp":"2026-06-03T12:00:00Z","appreciation_per_second":0.00012}}`), &p))
	assert.Equal(t, PocketStatus("ARCHIVED"), p.Status)
	assert.Equal(t, PocketType("REAL_TIME_YIELD"), *p.Type)
	assert.Equal(t, StrategyID("UST-8W"), p.DepositStrategyID)
	assert.Equal(t, StrategyUST13W, *p.ReinvestmentStrategyID)
	assert.Len(t, p.Attributes, 2)
	assert.True(t, p.Portfolio.Securities[0].MaturityDate.IsZero())
	assert.Equal(t, Decimal("0.00012"), p.Portfolio.AppreciationPerSecond)
	assert.Equal(t, time.Date(2026, 6, 3, 12, 0, 0, 0, time.UTC), p.Portfolio.PricingTimestamp.Time)
}

func TestPocketsGet(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
	h.on("GET", path, status(200, fixture(t, "pocket.json")))
	p, err := h.c.Pockets.GetForCustomer(context.Background(), customerID, pocketID, nil)
	require.NoError(t, err)
	assert.Equal(t, "$207,085.96", p.Portfolio.TotalValue.String())
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Empty(t, r.Query)
	assert.Empty(t, r.Body)
}

func TestPocketsGetQuery(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, &PocketGetParams{Omit: []string{OmitPortfolio}})
	require.NoError(t, err)
	assert.Equal(t, "omit%5B%5D=portfolio", h.last().Query)
}

func TestPocketsEmptyIDsAreRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Pockets.GetForCustomer(ctx, "", pocketID, nil)
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	_, err = h.c.Pockets.GetForCustomer(ctx, customerID, " ", nil)
	assert.EqualError(t, err, "jiko: pocket_id: is empty")
	_, err = h.c.Pockets.Get(ctx, "", nil)
	assert.EqualError(t, err, "jiko: pocket_id: is empty")
	_, err = h.c.Pockets.Create(ctx, "", &PocketCreateRequest{PocketName: "a", DepositStrategyID: StrategyUST4W})
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	_, err = h.c.Pockets.ListForCustomer(ctx, "", nil).Collect()
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	assert.Empty(t, h.requests())
}

func TestPocketsCreate(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	h.on("POST", path, status(201, fixture(t, "pocket.json")))
	p, err := h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{
		PocketName: "Savings", DepositStrategyID: StrategyUST26W, ReinvestmentStrategyID: StrategyUST4W,
	})
	require.NoError(t, err)
	assert.Equal(t, pocketID, p.ID)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, `{"pocket_name":"Savings","deposit_strategy_id":"UST-26W","reinvestment_strategy_id":"UST-4W"}`, string(r.Body))
}

func TestPocketsCreateValidation(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Pockets.Create(ctx, customerID, nil)
	assert.EqualError(t, err, "jiko: PocketCreateRequest: is nil")
	_, err = h.c.Pockets.Create(ctx, customerID, &PocketCreateRequest{DepositStrategyID: StrategyUST4W})
	assert.EqualError(t, err, "jiko: PocketCreateRequest.PocketName: is empty")
	_, err = h.c.Pockets.Create(ctx, customerID, &PocketCreateRequest{PocketName: "x"})
	assert.EqualError(t, err, "jiko: PocketCreateRequest.DepositStrategyID: is empty")
	assert.Empty(t, h.requests())
}

func TestPocketsUpdateSendsOnlySetFields(t *testing.T) {
	cases := []struct {
		name string
		req  PocketUpdateRequest
		body string
	}{
		{"rename", PocketUpdateRequest{PocketName: Set("Rainy day")}, `{"pocket_name":"Rainy day"}`},
		{"strategies", PocketUpdateRequest{DepositStrategyID: Set(StrategyUST13W), ReinvestmentStrategyID: Set(StrategyUST52W)},
			`{"deposit_strategy_id":"UST-13W","reinvestment_strategy_id":"UST-52W"}`},
		{"explicit null", PocketUpdateRequest{ReinvestmentStrategyID: Null[StrategyID]()}, `{"reinvestment_strategy_id":null}`},
		{"close", PocketUpdateRequest{Status: Set(PocketStatusClosed), ClosureReason: Set(ClosureReasonUserInstigated)},
			`{"status":"CLOSED","closure_reason":"USER_INSTIGATED"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
			h.on("PATCH", path, status(200, fixture(t, "pocket.json")))
			_, err := h.c.Pockets.Update(context.Background(), customerID, pocketID, &tc.req)
			require.NoError(t, err)
			r := h.last()
			assert.Equal(t, "PATCH", r.Method)
			assert.Equal(t, path, r.Path)
			assert.Equal(t, tc.body, string(r.Body))
		})
	}
}

func TestPocketsClose(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
	h.on("PATCH", path, status(200, fixture(t, "pocket.json")))
	_, err := h.c.Pockets.Close(context.Background(), customerID, pocketID, ClosureReasonPartnerInstigated)
	require.NoError(t, err)
	assert.Equal(t, `{"status":"CLOSED","closure_reason":"PARTNER_INSTIGATED"}`, string(h.last().Body))
}

func TestPocketsUpdateValidation(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	cases := map[string]*PocketUpdateRequest{
		"jiko: PocketUpdateRequest: is nil":                                          nil,
		"jiko: PocketUpdateRequest: no field is set":                                 {},
		`jiko: PocketUpdateRequest.Status: "FROZEN" cannot be set; only CLOSED can`:  {Status: Set(PocketStatusFrozen)},
		"jiko: PocketUpdateRequest.ClosureReason: is required when Status is CLOSED": {Status: Set(PocketStatusClosed)},
	}
	for want, req := range cases {
		_, err := h.c.Pockets.Update(ctx, customerID, pocketID, req)
		assert.EqualError(t, err, want)
	}
	_, err := h.c.Pockets.Close(ctx, customerID, pocketID, "")
	assert.EqualError(t, err, `jiko: PocketUpdateRequest.ClosureReason: "" is not one of PARTNER_INSTIGATED, USER_INSTIGATED, INACTIVITY, SUSPICIOUS_ACTIVITY`)
	assert.Empty(t, h.requests())
}

func TestPocketUpdateRequestFromJSON(t *testing.T) {
	var req PocketUpdateRequest
	require.NoError(t, json.Unmarshal([]byte(`{"pocket_name":"A","reinvestment_strategy_id":null}`), &req))
	name, ok := req.PocketName.Get()
	assert.True(t, ok)
	assert.Equal(t, "A", name)
	assert.True(t, req.ReinvestmentStrategyID.IsNull())
	assert.True(t, req.DepositStrategyID.IsZero())
	b, err := json.Marshal(&req)
	require.NoError(t, err)
	assert.Equal(t, `{"pocket_name":"A","reinvestment_strategy_id":null}`, string(b))
}

func TestPocketListParamsFromJSON(t *testing.T) {
	var p PocketListParams
	require.NoError(t, json.Unmarshal([]byte(`{"limit":10,"filter[status]":["OPEN","CLOSED"],"omit[]":["portfolio"]}`), &p))
	assert.Equal(t, PocketListParams{Limit: 10, Status: []PocketStatus{"OPEN", "CLOSED"}, Omit: []string{"portfolio"}}, p)
}

func TestPocketsEarnings(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/earnings/"
	h.on("GET", path, status(200, `{"earnings":{"value":935404,"currency":"USD","formatted":"$9,354.04"},"date_from":"2026-01-01","date_to":"2026-03-31"}`))
	e, err := h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{
		Period: EarningsRange, DateFrom: Date{Year: 2026, Month: 1, Day: 1}, DateTo: Date{Year: 2026, Month: 3, Day: 31},
	})
	require.NoError(t, err)
	assert.Equal(t, "date_from=2026-01-01&date_to=2026-03-31&period=range", h.last().Query)
	assert.Equal(t, int64(935404), e.Earnings.Value)
	assert.Equal(t, &Date{Year: 2026, Month: 1, Day: 1}, e.DateFrom)
	assert.Equal(t, Date{Year: 2026, Month: 3, Day: 31}, e.DateTo)

	h.on("GET", path, status(200, `{"earnings":{"value":1,"currency":"USD"},"date_from":null,"date_to":"2026-03-31"}`))
	e, err = h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{Period: EarningsAllTime})
	require.NoError(t, err)
	assert.Equal(t, "period=all-time", h.last().Query)
	assert.Nil(t, e.DateFrom)

	_, err = h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{Period: EarningsRange, DateFrom: Date{Year: 2026, Month: 1, Day: 1}})
	assert.EqualError(t, err, "jiko: PocketEarningsParams.DateTo: is required for the range period")
	_, err = h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{Period: EarningsRange, DateFrom: Date{Year: 2026, Month: 2, Day: 1}, DateTo: Date{Year: 2026, Month: 1, Day: 1}})
	assert.EqualError(t, err, "jiko: PocketEarningsParams.DateTo: 2026-01-01 is before DateFrom 2026-02-01")
}

func TestPocketsListPageQuery(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/", status(200, `{"items":[],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	page, err := h.c.Pockets.ListPage(context.Background(), &PocketListParams{
		Omit: []string{"portfolio"}, Cursor: "c1", Limit: 30, Status: []PocketStatus{PocketStatusOpen, PocketStatusClosed},
	})
	require.NoError(t, err)
	assert.False(t, page.HasMore())
	assert.Equal(t, "cursor=c1&filter%5Bstatus%5D=OPEN&filter%5Bstatus%5D=CLOSED&limit=30&omit%5B%5D=portfolio", h.last().Query)

	_, err = h.c.Pockets.ListPage(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, h.last().Query, "defaults are left to the API")
}

func TestPocketsListLimitIsChecked(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Pockets.ListPage(context.Background(), &PocketListParams{Limit: 31})
	assert.EqualError(t, err, "jiko: PocketListParams.Limit: 31 is out of range 0..30")
	_, err = h.c.Pockets.List(context.Background(), &PocketListParams{Limit: -1}).Collect()
	assert.EqualError(t, err, "jiko: PocketListParams.Limit: -1 is out of range 0..30")
	assert.Empty(t, h.requests())
}

func TestPocketsListForCustomerFollowsCursors(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	h.on("GET", path,
		status(200, `{"items":[{"id":"p1"},{"id":"p2"}],"next_page":"n1","object_type":"CursorList"}`),
		status(200, `{"items":[{"id":"p3"}],"next_page":null,"prev_page":"n0"}`))
	var ids []string
	for p, err := range h.c.Pockets.ListForCustomer(context.Background(), customerID, &PocketListParams{Limit: 2}).All() {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"p1", "p2", "p3"}, ids)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "limit=2", reqs[0].Query)
	assert.Equal(t, "cursor=n1&limit=2", reqs[1].Query)
}

func TestPocketConfigurationsFixture(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pocket-configurations/", status(200, fixture(t, "pocket_configurations.json")))
	var ids []StrategyID
	for cfg, err := range h.c.Pockets.ListConfigurations(context.Background()).All() {
		require.NoError(t, err)
		ids = append(ids, cfg.ID)
	}
	assert.Equal(t, []StrategyID{StrategyUST4W, StrategyUST13W, StrategyUST26W, StrategyUST52W}, ids)
	assert.Len(t, h.requests(), 1, "count reached: no second page")
	assert.Empty(t, h.last().Query)

	page, err := h.c.Pockets.ListConfigurationsPage(context.Background())
	require.NoError(t, err)
	require.Len(t, page.Items, len(ids))
	assert.Equal(t, StrategyUST52W, page.Items[3].ID)
	assert.Equal(t, "/api/v2/pocket-configurations/", h.last().Path)
}

func TestStrategiesList(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/trading-strategies/", status(200, `{"offset":0,"count":2,"items":[
		{"id":"UST-4W","description":"US T-bills, 4-week","yield_to_maturity":"0.0431","discount_yield":"0.0425","applicable_to":["DEPOSIT","REINVESTMENT"]},
		{"id":"UST-52W","description":"US T-bills, 52-week","yield_to_maturity":"0.0390","discount_yield":"0.0375","applicable_to":["DEPOSIT"]}],"object_type":"List"}`))
	var got []TradingStrategy
	for s, err := range h.c.Strategies.List(context.Background()).All() {
		require.NoError(t, err)
		got = append(got, s)
	}
	require.Len(t, got, 2)
	assert.Equal(t, TradingStrategy{ID: StrategyUST4W, Description: "US T-bills, 4-week", YieldToMaturity: "0.0431",
		DiscountYield: "0.0425", ApplicableTo: []StrategyUse{StrategyUseDeposit, StrategyUseReinvestment}}, got[0])
	r := h.last()
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/api/v2/trading-strategies/", r.Path)

	page, err := h.c.Strategies.ListPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count)
	assert.Equal(t, got, page.Items)
	assert.Equal(t, "/api/v2/trading-strategies/", h.last().Path)
	assert.Empty(t, h.last().Query)
}

func TestPocketsCreateAndUpdateAreRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Pockets.Create(ctx, customerID, &PocketCreateRequest{PocketName: " "})
	assert.Equal(t, []string{"PocketCreateRequest.PocketName", "PocketCreateRequest.DepositStrategyID"}, issueFields(t, err))
	assert.EqualError(t, err, "jiko: PocketCreateRequest.PocketName: is empty; PocketCreateRequest.DepositStrategyID: is empty")

	_, err = h.c.Pockets.Update(ctx, customerID, pocketID, &PocketUpdateRequest{
		PocketName: Set(string(make([]byte, 101))), Status: Set(PocketStatusFrozen), ClosureReason: Set[ClosureReason]("BORED")})
	assert.Equal(t, []string{"PocketUpdateRequest.PocketName", "PocketUpdateRequest.ClosureReason", "PocketUpdateRequest.Status"},
		issueFields(t, err))
	assert.EqualError(t, err, "jiko: PocketUpdateRequest.PocketName: is 101 characters; at most 100; "+
		`PocketUpdateRequest.ClosureReason: "BORED" is not one of PARTNER_INSTIGATED, USER_INSTIGATED, INACTIVITY, SUSPICIOUS_ACTIVITY; `+
		`PocketUpdateRequest.Status: "FROZEN" cannot be set; only CLOSED can`)

	// ClosureReason is required only once Status is a valid CLOSED.
	_, err = h.c.Pockets.Update(ctx, customerID, pocketID, &PocketUpdateRequest{PocketName: Set(""), Status: Set(PocketStatusClosed)})
	assert.EqualError(t, err, "jiko: PocketUpdateRequest.PocketName: is empty; PocketUpdateRequest.ClosureReason: is required when Status is CLOSED")
	assert.Empty(t, h.requests())
}
