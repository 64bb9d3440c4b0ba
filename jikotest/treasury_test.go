package jikotest

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// monday6Jan2025 is a Monday at 10:00 in New York.
var monday6Jan2025 = time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)

func newTestServer(t *testing.T) (*Server, *Clock, *jiko.Client) {
	t.Helper()
	clock := NewClock(monday6Jan2025)
	srv := NewServer(WithClock(clock))
	return srv, clock, srv.Client(t)
}

// post books an entry in a Pocket's ledger, as the money-moving operations
// do.
func (s *Server) post(e entry) *entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.ledger.post(s.now(), e)
}

func (s *Server) settle(id string, status EntryStatus) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.ledger.settle(id, s.now(), status)
}

func TestQuotesAreRealisticBills(t *testing.T) {
	days := []time.Time{monday6Jan2025, monday6Jan2025.AddDate(0, 0, 3), monday6Jan2025.AddDate(0, 0, 5), time.Date(2024, 2, 28, 23, 0, 0, 0, time.UTC)}
	for _, strategy := range []string{"UST-4W", "UST-13W", "UST-26W", "UST-52W"} {
		for _, at := range days {
			q := quote(strategy, at)
			weeks, dyPPM := termOf(strategy)
			m := q.maturity.Time(time.UTC)
			assert.Equal(t, time.Thursday, m.Weekday(), "%s bought %s matures on a Thursday", strategy, at)
			held := m.Sub(at.UTC().Truncate(24*time.Hour)).Hours() / 24
			assert.GreaterOrEqual(t, held, float64(7*weeks), "matures after the week it was bought in")
			assert.Less(t, held, float64(7*weeks+7))
			y, week := at.ISOWeek()
			my, mweek := m.ISOWeek()
			assert.NotEqual(t, [2]int{y, week}, [2]int{my, mweek})

			// The price gives back the strategy's discount yield.
			price, _ := new(big.Rat).SetString(priceText(q.priceMicro))
			assert.Equal(t, -1, price.Cmp(big.NewRat(100, 1)))
			dy := new(big.Rat).Mul(new(big.Rat).Sub(big.NewRat(100, 1), price), big.NewRat(360, 100*int64(held)))
			got, _ := dy.Float64()
			assert.InDelta(t, float64(dyPPM)/1e6, got, 0.00001, strategy)
			ytm, _ := new(big.Rat).SetString(q.ytm)
			assert.Equal(t, 1, ytm.Cmp(dy), "the bond-equivalent yield is above the discount yield")
			assert.Len(t, q.cusip, 9)
			assert.Equal(t, "912797", q.cusip[:6])
			assert.Equal(t, cusipCheck(q.cusip[:8]), int(q.cusip[8]-'0'))
		}
	}
	// Known CUSIPs: the v1.29 example's tradable_id and Apple's common stock.
	assert.Equal(t, 7, cusipCheck("912797HF"))
	assert.Equal(t, 0, cusipCheck("03783310"))
}

func TestDepositsBuyBillsAndDebitsSellThem(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := srv.AddPocket("c1", PocketSeed{DepositStrategy: jiko.StrategyUST13W})
	ctx := context.Background()
	fund := srv.post(entry{PocketID: p.ID, Kind: KindSandboxFund, Amount: 2_500_000, Status: EntryPending, RefID: "portal-1"})

	got, err := c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, got.Portfolio.Securities, "a pending deposit buys nothing")
	assert.Equal(t, int64(0), got.Portfolio.TotalValue.Value)

	clock.Set(monday6Jan2025.Add(3 * time.Hour))
	srv.settle(fund.ID, EntrySettled)
	got, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	pf := got.Portfolio
	require.Len(t, pf.Securities, 1)
	sec := pf.Securities[0]
	assert.Equal(t, jiko.Date{Year: 2025, Month: time.April, Day: 10}, sec.MaturityDate, "13 weeks after the Thursday of the deposit week")
	assert.Equal(t, int64(2_500_000), pf.TotalValue.Value)
	assert.Equal(t, pf.TotalValue.Value, pf.Cash.Value+sec.MarketValue.Value)
	price, err := sec.JikoMarkPrice.Rat()
	require.NoError(t, err)
	assert.Less(t, pf.Cash.Value, price.Num().Int64()/price.Denom().Int64()*100+100, "less than one bill is left in cash")
	// 13 weeks from Thursday Jan 9 is Apr 10: 94 days at 4.19% gives
	// 98.905944, so $25,000 buys 252 bills and leaves $75.70.
	assert.Equal(t, int64(252), sec.Quantity)
	assert.Equal(t, jiko.Decimal("98.905944"), sec.JikoMarkPrice)
	assert.Equal(t, int64(7570), pf.Cash.Value)

	// A pending card payment sells bills at once and holds the cash.
	card := srv.post(entry{PocketID: p.ID, Kind: KindCard, Amount: -30_000, Status: EntryPending, RefID: "card-1", Counterparty: "Coffee"})
	got, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(2_500_000), got.Portfolio.TotalValue.Value, "a pending debit does not change the value")
	assert.Equal(t, int64(2_470_000), got.Portfolio.LiquidationValueT0.Value)
	assert.GreaterOrEqual(t, got.Portfolio.Cash.Value, int64(30_000))
	// $300 less the $75.70 in cash is 3 bills of $98.91.
	assert.Equal(t, int64(249), got.Portfolio.Securities[0].Quantity)

	clock.Set(monday6Jan2025.Add(24 * time.Hour))
	srv.settle(card.ID, EntrySettled)
	got, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(2_470_000), got.Portfolio.TotalValue.Value)
	assert.Equal(t, got.Portfolio.TotalValue.Value, got.Portfolio.Cash.Value+got.Portfolio.Securities[0].MarketValue.Value)

	// A rejected withdrawal gives its cash back, which is invested again.
	wd := srv.post(entry{PocketID: p.ID, Kind: KindACH, Amount: -1_000_000, Status: EntryPending, RefID: "ach-1"})
	_, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	srv.settle(wd.ID, EntryRejected)
	got, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(2_470_000), got.Portfolio.TotalValue.Value)
	assert.Less(t, got.Portfolio.Cash.Value, int64(10_000))

	trades, err := c.Trades.ListForCustomer(ctx, "c1", &jiko.TradeListParams{Order: jiko.SortAsc}).Collect()
	require.NoError(t, err)
	var acts []jiko.TradeActivity
	for _, tr := range trades {
		acts = append(acts, tr.Common().Activity)
	}
	assert.Equal(t, []jiko.TradeActivity{"BUY", "SELL", "SELL", "BUY"}, acts)
	sold := trades[1].Security()
	assert.Equal(t, int64(3), sold.Quantity)
	assert.Equal(t, trades[0].Security().CUSIP, sold.CUSIP)
}

func TestMaturityPaysInterestAndReinvests(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := srv.AddPocket("c1", PocketSeed{Balance: 1_000_000, ReinvestmentStrategy: jiko.StrategyUST26W})
	ctx := context.Background()
	before, err := c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	bill := before.Portfolio.Securities[0]

	// Changing the deposit strategy later does not rewrite the purchase.
	_, err = c.Pockets.Update(ctx, "c1", p.ID, &jiko.PocketUpdateRequest{DepositStrategyID: jiko.Set(jiko.StrategyUST52W)})
	require.NoError(t, err)

	clock.Set(maturityTime(bill.MaturityDate).Add(time.Hour))
	interest, err := srv.MatureBills(p.ID)
	require.NoError(t, err)
	assert.Equal(t, bill.Quantity*faceCents-bill.MarketValue.Value, interest)
	assert.Positive(t, interest)
	_, err = srv.MatureBills("nope")
	assert.Error(t, err)

	after, err := c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, 1_000_000+interest, after.Portfolio.TotalValue.Value)
	assert.Equal(t, interest, after.Portfolio.AllTimeEarnings.Value)
	require.Len(t, after.Portfolio.Securities, 1)
	re := after.Portfolio.Securities[0]
	weeks := re.MaturityDate.Time(time.UTC).Sub(bill.MaturityDate.Time(time.UTC)).Hours() / 24 / 7
	assert.Equal(t, float64(26), weeks, "reinvested in 26-week bills")
	earned, err := c.Pockets.GetEarnings(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, interest, earned.Earnings.Value)

	trades, err := c.Trades.ListForCustomer(ctx, "c1", &jiko.TradeListParams{Order: jiko.SortAsc}).Collect()
	require.NoError(t, err)
	require.Len(t, trades, 3)
	m, ok := trades[1].Variant.(*jiko.MaturityTrade)
	require.True(t, ok, "got %T", trades[1].Variant)
	assert.Equal(t, bill.CUSIP, m.CUSIP)
	assert.Equal(t, bill.Quantity*faceCents, m.Notional.Value)
	assert.Equal(t, bill.MaturityDate, m.BookDate)
	assert.Equal(t, jiko.Decimal("100.000000"), m.Price)
	assert.IsType(t, &jiko.BuyTrade{}, trades[2].Variant)
	// The maturity's interest is not a bank transaction.
	txs, err := c.Transactions.ListForPocket(ctx, p.ID, nil).Collect()
	require.NoError(t, err)
	assert.Len(t, txs, 1)
}

func TestAdvanceToMaturesEveryBillDueIncludingReinvestments(t *testing.T) {
	srv, _, c := newTestServer(t)
	a := srv.AddPocket("c1", PocketSeed{Balance: 5_000_000})
	b := srv.AddPocket("c1", PocketSeed{Balance: 5_000_000, DepositStrategy: jiko.StrategyUST52W})
	n := srv.AdvanceTo(jiko.Date{Year: 2025, Month: time.June, Day: 30})
	assert.Equal(t, 6, n, "4-week bills from Jan 9 (matures Feb 6) roll monthly to Jun 26; the 52-week bill is not due")
	ctx := context.Background()
	pa, err := c.Pockets.Get(ctx, a.ID, nil)
	require.NoError(t, err)
	pb, err := c.Pockets.Get(ctx, b.ID, nil)
	require.NoError(t, err)
	assert.Greater(t, pa.Portfolio.AllTimeEarnings.Value, int64(5_000_000*4/100*5/12*9/10), "about five months at about 4%")
	assert.Zero(t, pb.Portfolio.AllTimeEarnings.Value)
	assert.True(t, pa.Portfolio.Securities[0].MaturityDate.Time(time.UTC).After(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)))
	assert.Zero(t, srv.AdvanceTo(jiko.Date{Year: 2025, Month: time.June, Day: 30}), "nothing left to mature")
}
