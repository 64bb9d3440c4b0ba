package jikotest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tradingPocket funds a 4-week Pocket on Monday 6 January 2025, pays a
// card on the 8th and lets its bills mature on 6 February; the clock ends on
// 10 February.
func tradingPocket(t *testing.T, srv *Server, clock *Clock) jiko.Pocket {
	t.Helper()
	p := srv.AddPocket("c1", PocketSeed{Name: "Bills", Balance: 1_000_000})
	clock.Set(monday6Jan2025.AddDate(0, 0, 2))
	srv.post(entry{PocketID: p.ID, Kind: KindCard, Amount: -25_000, Status: EntrySettled, RefID: "card-1", Counterparty: "Grocer"})
	clock.Set(time.Date(2025, 2, 10, 15, 0, 0, 0, time.UTC))
	_, err := srv.MatureBills(p.ID)
	require.NoError(t, err)
	return p
}

func TestTradeShapesMatchTheReference(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := tradingPocket(t, srv, clock)
	var fixture struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/trades_list.json"), &fixture))
	var page struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v2/customers/c1/trades/", url.Values{"order": {"asc"}}), &page))
	require.Len(t, page.Items, 4, "BUY, SELL, MATURITY, BUY")
	for i, want := range []int{0, 1, 2, 0} {
		assert.NoError(t, testutil.SameShape(fixture.Items[want], page.Items[i], "settled_date"), i)
	}
	var v1fixture struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/trades_v1_list.json"), &v1fixture))
	var v1page struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v1/jiko-accounts/"+p.ID+"/trades/", nil), &v1page))
	require.Len(t, v1page.Items, 4)
	for _, item := range v1page.Items {
		assert.NoError(t, testutil.SameShape(v1fixture.Items[0], item))
	}
	conf := rawGet(t, c, "/api/v1/jiko-accounts/"+p.ID+"/trades/"+jsonField(t, v1page.Items[3], "id")+"/confirmation/", nil)
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/trade_confirmation.json"), conf))
}

func TestTradeFiltersAndConfirmations(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := tradingPocket(t, srv, clock)
	q := srv.AddPocket("c1", PocketSeed{Balance: 2_000_000, DepositStrategy: jiko.StrategyUST52W})
	ctx := context.Background()
	acts := func(params *jiko.TradeListParams) []string {
		t.Helper()
		trades, err := c.Trades.ListForCustomer(ctx, "c1", params).Collect()
		require.NoError(t, err)
		var out []string
		for _, tr := range trades {
			out = append(out, string(tr.Common().Activity)+" "+tr.Common().BookDate.String())
		}
		return out
	}
	assert.Equal(t, []string{"BUY 2025-02-10", "BUY 2025-02-06", "MATURITY 2025-02-06", "SELL 2025-01-08", "BUY 2025-01-06"}, acts(nil))
	assert.Equal(t, []string{"BUY 2025-02-10"}, acts(&jiko.TradeListParams{PocketIDs: []string{q.ID}}))
	assert.Equal(t, []string{"BUY 2025-01-06", "SELL 2025-01-08"}, acts(&jiko.TradeListParams{
		Order: jiko.SortAsc, BookDateFrom: jiko.Date{Year: 2025, Month: 1, Day: 1}, BookDateTo: jiko.Date{Year: 2025, Month: 1, Day: 31}}))
	assert.Equal(t, []string{"SELL 2025-01-08"}, acts(&jiko.TradeListParams{
		TradeDatetimeFrom: monday6Jan2025.Add(time.Minute), TradeDatetimeTo: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)}))
	assert.Equal(t, []string{"BUY 2025-02-06", "MATURITY 2025-02-06"}, acts(&jiko.TradeListParams{
		SettlementDateFrom: jiko.Date{Year: 2025, Month: 2, Day: 6}}), "the trades of the 10th settle on the 11th")
	assert.Equal(t, []string{"SELL 2025-01-08"}, acts(&jiko.TradeListParams{
		SettlementDateFrom: jiko.Date{Year: 2025, Month: 1, Day: 9}, SettlementDateTo: jiko.Date{Year: 2025, Month: 1, Day: 9}}))

	pg, err := c.Trades.ListForCustomerPage(ctx, "c1", &jiko.TradeListParams{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 2)
	assert.True(t, pg.HasMore())
	_, err = c.Trades.ListForCustomerPage(ctx, "nobody", nil)
	assert.True(t, jiko.IsNotFound(err))
	err = c.Do(ctx, "GET", "/api/v2/customers/c1/trades/", url.Values{"book_date_from": {"2025-13-01"}, "trade_datetime_to": {"soon"}}, nil, nil)
	assert.ErrorContains(t, err, "query.book_date_from: invalid date format")
	assert.ErrorContains(t, err, "query.trade_datetime_to: invalid datetime format")

	// v1: a confirmation link for a BUY or SELL, none for a MATURITY.
	v1, err := c.TradesV1.ListForPocket(ctx, p.ID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, v1, 4)
	assert.Equal(t, jiko.TradeActivityBuy, v1[0].Activity, "the reinvestment, after the maturity it follows")
	assert.Equal(t, jiko.TradeActivityMaturity, v1[1].Activity)
	assert.True(t, v1[0].IsSettled)
	assert.Equal(t, jiko.Date{Year: 2025, Month: 2, Day: 7}, *v1[0].SettledDate)
	_, err = c.TradesV1.GetConfirmation(ctx, p.ID, v1[1].ID)
	assert.True(t, jiko.IsNotFound(err))
	q1, err := c.TradesV1.ListForPocket(ctx, q.ID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, q1, 1)
	assert.False(t, q1[0].IsSettled, "bought today, settles tomorrow")
	assert.Nil(t, q1[0].SettledDate)
	conf, err := c.TradesV1.GetConfirmation(ctx, p.ID, v1[3].ID)
	require.NoError(t, err)
	var pdf bytes.Buffer
	_, err = c.Statements.Download(ctx, conf.URL, &pdf)
	require.NoError(t, err)
	checkPDF(t, pdf.Bytes())
	assert.Contains(t, pdf.String(), "(BUY 100 x US T-Bill ")
	all, err := c.TradesV1.ListForCustomer(ctx, "c1", &jiko.TradeV1ListParams{Accounts: []string{q.ID}}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 1)
}
