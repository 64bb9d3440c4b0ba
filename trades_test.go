package jiko

import (
	"context"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTradeFixturesDecodeStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[Trade]](t, testutil.Load(t, "trades_list.json"))
	require.Len(t, page.Items, 5)
	for i, want := range []any{&BuyTrade{}, &SellTrade{}, &MaturityTrade{}, &SecurityTransferInTrade{}, &SecurityTransferOutTrade{}} {
		assert.IsType(t, want, page.Items[i].Variant, "item %d", i)
		require.NotNil(t, page.Items[i].Security(), "item %d", i)
	}
	buy := page.Items[0].Variant.(*BuyTrade)
	assert.Equal(t, TradeActivityBuy, buy.Activity)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 1}, buy.BookDate)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 3}, *buy.SettledDate)
	assert.Equal(t, BookingStatusSettled, buy.Status)
	assert.Equal(t, "912796RF6", buy.CUSIP)
	assert.Equal(t, int64(2123), buy.Quantity)
	assert.Equal(t, Decimal("98.612361"), buy.Price)
	assert.Equal(t, int64(20935404), buy.Notional.Value)
	sell := page.Items[1]
	assert.Nil(t, sell.Common().SettledDate)
	assert.Equal(t, BookingStatusBooked, sell.Common().Status)
	assert.Equal(t, Decimal("100.000000"), page.Items[2].Security().Price)

	raw := testutil.Load(t, "trade_unknown.json")
	tr := testutil.Strict[Trade](t, raw)
	u := requireUnknown[*UnknownTrade](t, tr, "CORPORATE_ACTION", string(raw), "")
	assert.Equal(t, TradeActivity("CORPORATE_ACTION"), u.Activity)
	assert.Equal(t, TradeActivity("CORPORATE_ACTION"), tr.Kind())
	assert.Equal(t, "8a7ec6c0-2701-40a1-8954-68870964b50d", tr.Common().PocketID)
	assert.Nil(t, tr.Security())

	var empty Trade
	assert.Nil(t, empty.Common(), "no variant has no common fields")
	assert.Equal(t, TradeActivity(""), empty.Kind())

	// A known activity with a member of the wrong JSON type is kept whole,
	// with the error and the common fields.
	bad := `{"id":"t9","activity":"BUY","pocket_id":"p","quantity":"ten"}`
	tr = decodeLeniently[Trade](t, bad)
	u = requireUnknown[*UnknownTrade](t, tr, "BUY", bad, `jiko: trade of activity "BUY": json: cannot unmarshal string into Go struct field BuyTrade.TradeSecurity.quantity of type int64`)
	assert.Equal(t, "t9", u.ID)
	assert.Equal(t, TradeActivityBuy, tr.Kind())
	assert.Nil(t, tr.Security())
	empty = decodeLeniently[Trade](t, `{"activity":"BUY","book_date":"yesterday"}`) // a date is read tolerantly
	assert.Equal(t, "yesterday", empty.Common().BookDate.Raw())
}

func TestTradeV1FixturesDecodeStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[TradeV1]](t, testutil.Load(t, "trades_v1_list.json"))
	require.Len(t, page.Items, 1)
	tr := page.Items[0]
	assert.Equal(t, TradeActivityBuy, tr.Activity)
	assert.True(t, tr.IsSettled)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 1}, *tr.SettledDate)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 30}, tr.MaturityDate)
	assert.Equal(t, "912797HF7", tr.TradableID)
	c := testutil.Strict[TradeConfirmation](t, testutil.Load(t, "trade_confirmation.json"))
	assert.Equal(t, "https://example.com/path-to-trade-confirmation-pdf", c.URL)
}

func TestTradesListForCustomer(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/trades/"
	h.on("GET", path, status(200, fixture(t, "trades_list.json")), status(200, `{"items":[],"next_page":null}`))
	params := &TradeListParams{
		PocketIDs:          []string{pocketID, "p2"},
		TradeDatetimeFrom:  time.Date(2023, 1, 1, 9, 30, 0, 0, time.FixedZone("", 2*3600)),
		TradeDatetimeTo:    time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC),
		BookDateFrom:       Date{Year: 2023, Month: time.January, Day: 1},
		BookDateTo:         Date{Year: 2023, Month: time.January, Day: 31},
		SettlementDateFrom: Date{Year: 2023, Month: time.January, Day: 2},
		SettlementDateTo:   Date{Year: 2023, Month: time.February, Day: 1},
		Order:              SortAsc,
		Limit:              20,
	}
	items, err := h.c.Trades.ListForCustomer(context.Background(), customerID, params).Collect()
	require.NoError(t, err)
	assert.Len(t, items, 5)
	first := h.requests()[0]
	assert.Equal(t, "GET", first.Method)
	assert.Equal(t, path, first.Path)
	assert.Equal(t, "book_date_from=2023-01-01&book_date_to=2023-01-31&limit=20&order=asc"+
		"&pocket_id%5B%5D="+pocketID+"&pocket_id%5B%5D=p2&settlement_date_from=2023-01-02&settlement_date_to=2023-02-01"+
		"&trade_datetime_from=2023-01-01T09%3A30%3A00%2B02%3A00&trade_datetime_to=2023-02-01T00%3A00%3A00Z", first.Query)
	assert.Contains(t, h.last().Query, "cursor=cD0yMDIy")

	pg, err := h.c.Trades.ListForCustomerPage(context.Background(), customerID, nil)
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
	assert.Empty(t, h.last().Query)
}

func TestTradesRefuseBadInputLocally(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	cases := []struct {
		params TradeListParams
		err    string
	}{
		{TradeListParams{Limit: 500}, "jiko: TradeListParams.Limit: 500 is out of range 0..100"},
		{TradeListParams{Order: "ASC"}, `jiko: TradeListParams.Order: "ASC" is not asc or desc`},
		{TradeListParams{BookDateFrom: Date{Year: 2023, Month: 2, Day: 1}, BookDateTo: Date{Year: 2023, Month: 1, Day: 31}},
			"jiko: TradeListParams.BookDateTo: 2023-01-31 is before BookDateFrom 2023-02-01"},
		{TradeListParams{SettlementDateFrom: Date{Year: 2023, Month: 2, Day: 1}, SettlementDateTo: Date{Year: 2023, Month: 1, Day: 31}},
			"jiko: TradeListParams.SettlementDateTo: 2023-01-31 is before SettlementDateFrom 2023-02-01"},
		{TradeListParams{TradeDatetimeFrom: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), TradeDatetimeTo: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
			"jiko: TradeListParams.TradeDatetimeTo: 2023-01-01T00:00:00Z is before TradeDatetimeFrom 2023-01-02T00:00:00Z"},
	}
	for _, tc := range cases {
		_, err := h.c.Trades.ListForCustomerPage(ctx, customerID, &tc.params)
		assert.EqualError(t, err, tc.err)
		assert.True(t, IsValidation(err))
	}
	// Equal bounds are one inclusive day.
	assert.NoError(t, (&TradeListParams{BookDateFrom: Date{Year: 2023, Month: 1, Day: 31}, BookDateTo: Date{Year: 2023, Month: 1, Day: 31}}).validate())
	_, err := h.c.Trades.ListForCustomer(ctx, "", nil).Collect()
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	assert.Empty(t, h.requests())
}

func TestTradesV1Operations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	custPath := "/api/v1/customers/" + customerID + "/trades/"
	acctPath := "/api/v1/jiko-accounts/" + pocketID + "/trades/"
	h.on("GET", custPath, status(200, fixture(t, "trades_v1_list.json")))
	h.on("GET", acctPath, status(200, fixture(t, "trades_v1_list.json")))
	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	pg, err := h.c.TradesV1.ListForCustomerPage(ctx, customerID, &TradeV1ListParams{Accounts: []string{pocketID}, TradeDatetimeFrom: from})
	require.NoError(t, err)
	assert.Equal(t, "912796RF6", pg.Items[0].CUSIP)
	assert.Equal(t, "account%5B%5D="+pocketID+"&trade_datetime_from=2023-01-01T00%3A00%3A00Z", h.last().Query)
	_, err = h.c.TradesV1.ListForPocketPage(ctx, pocketID, &TradeV1ListParams{TradeDatetimeTo: from})
	require.NoError(t, err)
	assert.Equal(t, acctPath, h.last().Path)
	assert.Equal(t, "trade_datetime_to=2023-01-01T00%3A00%3A00Z", h.last().Query)

	confPath := acctPath + "497f6eca-6276-4993-bfeb-53cbbbba6f08/confirmation/"
	h.on("GET", confPath, status(200, fixture(t, "trade_confirmation.json")))
	c, err := h.c.TradesV1.GetConfirmation(ctx, pocketID, "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/path-to-trade-confirmation-pdf", c.URL)
	assert.Equal(t, confPath, h.last().Path)
	assert.NotEmpty(t, h.last().Header.Get("X-Jiko-Signature"))
	// Asked twice, the link is fetched twice: nothing is cached.
	_, err = h.c.TradesV1.GetConfirmation(ctx, pocketID, "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	require.NoError(t, err)
	assert.Len(t, h.requests(), 4)

	h.on("GET", acctPath+"maturity/confirmation/", status(404, `{"detail":"Not found"}`))
	_, err = h.c.TradesV1.GetConfirmation(ctx, pocketID, "maturity")
	assert.True(t, IsNotFound(err))

	h.on("GET", custPath, status(200, `{"items":[]}`))
	h.on("GET", acctPath, status(200, `{"items":[]}`))
	_, err = h.c.TradesV1.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	_, err = h.c.TradesV1.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)

	n := len(h.requests())
	_, err = h.c.TradesV1.ListForPocket(ctx, pocketID, &TradeV1ListParams{Accounts: []string{"a"}}).Collect()
	assert.EqualError(t, err, "jiko: TradeV1ListParams.Accounts: only ListForCustomer takes it")
	_, err = h.c.TradesV1.ListForCustomerPage(ctx, customerID, &TradeV1ListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: TradeV1ListParams.Limit: 101 is out of range 0..100")
	_, err = h.c.TradesV1.GetConfirmation(ctx, pocketID, "")
	assert.EqualError(t, err, "jiko: trade_id: is empty")
	assert.Len(t, h.requests(), n)
}
