//lint:file-ignore SA1019 the fake answers the deprecated v1 operations too, and these tests call them

package jikotest

import (
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

// seedMovements books one movement of each kind in a fresh Pocket of
// customer c1, an hour apart from Monday 6 January 2025, and returns the
// Pocket and the entries in booking order.
func seedMovements(t *testing.T, srv *Server, clock *Clock) (jiko.Pocket, []*entry) {
	t.Helper()
	p := srv.AddPocket("c1", PocketSeed{Name: "Everyday"})
	other := srv.AddPocket("c1", PocketSeed{Name: "Savings"})
	specs := []entry{
		{Kind: KindSandboxFund, Amount: 5_000_000, Status: EntrySettled, RefID: "portal-1", Counterparty: "ACME PAYROLL", Description: "From ACME PAYROLL"},
		{Kind: KindWire, Amount: 2_500_000, Status: EntryPending, RefID: "wire-1", Counterparty: "John Smith", TraceNumber: "9999XXXX"},
		{Kind: KindCard, Amount: -6_000, Status: EntrySettled, RefID: "card-1", Counterparty: "ABCD"},
		{Kind: KindOnUs, Amount: -50_000, Status: EntrySettled, RefID: "onus-1", Counterparty: other.ID},
		{Kind: KindFee, Amount: -1_500, Status: EntrySettled, Description: "Outgoing wire fee"},
		{Kind: KindACH, Amount: -100_000, Status: EntryPending, RefID: "ach-1", Counterparty: "ACME"},
		{Kind: KindAdjustment, Amount: 100, Status: EntrySettled, Description: "Balance adjustment"},
	}
	var out []*entry
	for i, e := range specs {
		clock.Set(monday6Jan2025.Add(time.Duration(i) * time.Hour))
		e.PocketID = p.ID
		out = append(out, srv.post(e))
	}
	return p, out
}

func rawGet(t *testing.T, c *jiko.Client, path string, q url.Values) json.RawMessage {
	t.Helper()
	var raw json.RawMessage
	require.NoError(t, c.Do(context.Background(), "GET", path, q, nil, &raw))
	return raw
}

func TestTransactionShapesMatchTheReference(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p, _ := seedMovements(t, srv, clock)

	var fixture struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/transactions_list.json"), &fixture))
	byType := map[string]json.RawMessage{}
	for _, item := range fixture.Items {
		var head struct{ Type string }
		require.NoError(t, json.Unmarshal(item, &head))
		byType[head.Type] = item
	}
	var page struct {
		Items []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v2/pockets/"+p.ID+"/transactions/", nil), &page))
	seen := map[string]bool{}
	for _, item := range page.Items {
		var head struct{ Type, Description string }
		require.NoError(t, json.Unmarshal(item, &head))
		if head.Description == "ACH Electronic Debit" {
			continue // an origination carries ach_id where a deposit carries portal_id
		}
		assert.NoError(t, testutil.SameShape(byType[head.Type], item, "time_settled"), head.Type)
		seen[head.Type] = true
	}
	assert.Equal(t, map[string]bool{"ACH": true, "WIRE": true, "CARD": true, "ON_US": true, "FEE": true, "GENERIC": true}, seen)

	// The v1 shape against the published examples (ACH, WIRE, CARD).
	var v1fixture struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/transactions_v1_list.json"), &v1fixture))
	var v1page struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v1/jiko-accounts/"+p.ID+"/transactions/",
		url.Values{"filter[types]": {"ACH", "WIRE", "CARD"}, "order": {"asc"}}), &v1page))
	require.Len(t, v1page.Items, 4)
	for i, want := range []int{1, 2, 0} { // deposit ACH, wire, card
		assert.NoError(t, testutil.SameShape(v1fixture.Items[want], v1page.Items[i], "details.card_transaction.location"), i)
	}
	one := rawGet(t, c, "/api/v1/jiko-accounts/"+p.ID+"/transactions/"+jsonField(t, v1page.Items[1], "id")+"/", nil)
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/transactions_v1_get.json"), one))
}

func jsonField(t *testing.T, raw json.RawMessage, name string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	s, _ := m[name].(string)
	return s
}

func ids(t *testing.T, txs []jiko.Transaction) []string {
	t.Helper()
	var out []string
	for _, tx := range txs {
		out = append(out, tx.Common().ID)
	}
	return out
}

func TestTransactionFiltersOnTheFake(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p, es := seedMovements(t, srv, clock)
	ctx := context.Background()
	list := func(params *jiko.TransactionListParams) []string {
		t.Helper()
		txs, err := c.Transactions.ListForPocket(ctx, p.ID, params).Collect()
		require.NoError(t, err)
		return ids(t, txs)
	}
	id := func(i ...int) []string {
		var out []string
		for _, n := range i {
			out = append(out, es[n].ID)
		}
		return out
	}
	at := func(h int) time.Time { return monday6Jan2025.Add(time.Duration(h) * time.Hour) }

	assert.Equal(t, id(6, 5, 4, 3, 2, 1, 0), list(nil), "newest first")
	assert.Equal(t, id(0, 1, 2, 3, 4, 5, 6), list(&jiko.TransactionListParams{Order: jiko.SortAsc}))
	assert.Equal(t, id(5, 4, 3, 2), list(&jiko.TransactionListParams{Direction: jiko.TransactionDirectionDebit}))
	assert.Equal(t, id(6, 1, 0), list(&jiko.TransactionListParams{Direction: jiko.TransactionDirectionCredit}))
	assert.Equal(t, id(4, 2), list(&jiko.TransactionListParams{AmountFrom: 1_500, AmountTo: 6_000}))
	assert.Equal(t, id(1, 0), list(&jiko.TransactionListParams{AmountFrom: 2_500_000}))
	assert.Equal(t, id(5, 0), list(&jiko.TransactionListParams{Types: []jiko.TransactionType{jiko.TransactionTypeACH}}))
	assert.Equal(t, id(4, 2), list(&jiko.TransactionListParams{Types: []jiko.TransactionType{jiko.TransactionTypeFee, jiko.TransactionTypeCard}}))
	assert.Equal(t, id(2), list(&jiko.TransactionListParams{Cards: []string{"card-1"}}))
	assert.Empty(t, list(&jiko.TransactionListParams{Cards: []string{"card-2"}}))
	assert.Equal(t, id(0), list(&jiko.TransactionListParams{Portals: []string{"portal-1"}}))
	assert.Equal(t, id(3), list(&jiko.TransactionListParams{OnUsTransfers: []string{"onus-1"}}))
	assert.Equal(t, id(1), list(&jiko.TransactionListParams{Wires: []string{"wire-1"}}))
	assert.Equal(t, id(3, 2, 1), list(&jiko.TransactionListParams{TimeBookedFrom: at(1), TimeBookedTo: at(3)}), "inclusive bounds")
	assert.Equal(t, id(6, 4, 3, 2, 0), list(&jiko.TransactionListParams{TimeSettledFrom: at(0)}), "only settled ones have a settlement time")
	assert.Equal(t, id(2, 0), list(&jiko.TransactionListParams{TimeSettledTo: at(2)}))

	// Sweeps: each settled movement is swept to or from the brokerage
	// account at its settlement.
	all, err := c.Transactions.ListForPocket(ctx, p.ID, &jiko.TransactionListParams{IncludeSweeps: true, Order: jiko.SortAsc}).Collect()
	require.NoError(t, err)
	require.Len(t, all, 12)
	sweep := all[1].Variant.(*jiko.GenericTransaction)
	assert.Equal(t, "Sweep to brokerage", sweep.Description)
	assert.Equal(t, int64(-5_000_000), sweep.Signed())
	got, err := c.Transactions.Get(ctx, p.ID, sweep.ID)
	require.NoError(t, err)
	assert.Equal(t, sweep.ID, got.Common().ID)

	// Paging with cursors gives the same list.
	var paged []string
	params := &jiko.TransactionListParams{Limit: 2}
	for {
		pg, err := c.Transactions.ListForPocketPage(ctx, p.ID, params)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(pg.Items), 2)
		paged = append(paged, ids(t, pg.Items)...)
		if !pg.HasMore() {
			break
		}
		params.Cursor = pg.NextPage
	}
	assert.Equal(t, id(6, 5, 4, 3, 2, 1, 0), paged)

	// The variants carry the entry's references.
	tx, err := c.Transactions.Get(ctx, p.ID, es[0].ID)
	require.NoError(t, err)
	ach := tx.Variant.(*jiko.ACHTransaction)
	assert.Equal(t, "portal-1", ach.PortalID)
	assert.Equal(t, "ACME PAYROLL", ach.CompanyName)
	assert.Equal(t, "From ACME PAYROLL", ach.Title)
	assert.Equal(t, jiko.BookingStatusSettled, ach.Status)
	tx, err = c.Transactions.Get(ctx, p.ID, es[1].ID)
	require.NoError(t, err)
	assert.Nil(t, tx.Common().TimeSettled)
	assert.Equal(t, "9999XXXX", tx.Variant.(*jiko.WireTransaction).ReferenceNumber)
	tx, err = c.Transactions.Get(ctx, p.ID, es[3].ID)
	require.NoError(t, err)
	assert.Equal(t, "INTERNAL_REALLOCATION", tx.Variant.(*jiko.OnUsTransaction).OnUsTransferType)
	_, err = c.Transactions.Get(ctx, p.ID, "missing")
	assert.True(t, jiko.IsNotFound(err))
}

func TestCustomerTransactionsAndErrors(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p, es := seedMovements(t, srv, clock)
	q := srv.AddPocket("c1", PocketSeed{Balance: 100_00})
	ctx := context.Background()
	txs, err := c.Transactions.ListForCustomer(ctx, "c1", nil).Collect()
	require.NoError(t, err)
	assert.Len(t, txs, 8)
	txs, err = c.Transactions.ListForCustomer(ctx, "c1", &jiko.TransactionListParams{PocketIDs: []string{q.ID}}).Collect()
	require.NoError(t, err)
	require.Len(t, txs, 1)
	assert.Equal(t, q.ID, txs[0].Common().PocketID)

	_, err = c.Transactions.ListForCustomer(ctx, "nobody", nil).Collect()
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.Transactions.ListForPocket(ctx, "nothing", nil).Collect()
	assert.True(t, jiko.IsNotFound(err))

	// What the SDK does not check locally, the fake refuses as the API does.
	_, err = c.Transactions.ListForPocketPage(ctx, p.ID, &jiko.TransactionListParams{Types: []jiko.TransactionType{"BOGUS"}})
	assert.True(t, jiko.IsValidation(err))
	assert.ErrorContains(t, err, "query.filter[type]: value is not a valid enumeration member")
	_, err = c.Transactions.ListForPocketPage(ctx, p.ID, &jiko.TransactionListParams{Direction: "SIDEWAYS"})
	assert.ErrorContains(t, err, "query.direction: value is not a valid enumeration member")
	err = c.Do(ctx, "GET", "/api/v2/pockets/"+p.ID+"/transactions/", url.Values{"time_booked_from": {"yesterday"}, "amount_to": {"-1"}, "include_sweeps": {"maybe"}}, nil, nil)
	assert.ErrorContains(t, err, "query.time_booked_from: invalid datetime format")
	assert.ErrorContains(t, err, "query.amount_to: value is not a valid non-negative integer")
	assert.ErrorContains(t, err, "query.include_sweeps: value could not be parsed to a boolean")

	// v1: account[] on the customer list, and its own checks.
	v1, err := c.TransactionsV1.ListForCustomer(ctx, "c1", &jiko.TransactionV1ListParams{Accounts: []string{p.ID}, Types: []jiko.TransactionV1Type{"GENERIC"}}).Collect()
	require.NoError(t, err)
	require.Len(t, v1, 2, "the fee and the adjustment")
	assert.Equal(t, int64(100), v1[0].Amount.Value)
	assert.Equal(t, int64(-1_500), v1[1].Amount.Value, "v1 amounts carry their sign")
	v1, err = c.TransactionsV1.ListForPocket(ctx, p.ID, &jiko.TransactionV1ListParams{TimestampTo: monday6Jan2025, Order: jiko.SortAsc}).Collect()
	require.NoError(t, err)
	require.Len(t, v1, 1)
	assert.Equal(t, es[0].ID, v1[0].ID)
	assert.Equal(t, jiko.TransactionV1StatusCompleted, v1[0].Status)
	err = c.Do(ctx, "GET", "/api/v1/jiko-accounts/"+p.ID+"/transactions/", url.Values{"limit": {"0"}}, nil, nil)
	assert.ErrorContains(t, err, "query.limit: ensure this value is greater than 0")
	got, err := c.TransactionsV1.Get(ctx, p.ID, es[1].ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.TransactionV1StatusPending, got.Status)
	assert.Equal(t, "wire-1", got.Details.Variant.(*jiko.WireDetailsV1).WireTransaction.WireID)
}

func TestSandboxFundingIsAnACHThroughThePocketsPortal(t *testing.T) {
	srv, _, c := newTestServer(t)
	ctx := context.Background()
	p := srv.AddPocket("c1", PocketSeed{})
	require.NoError(t, c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p.ID, AmountUSDC: 120_000, Count: 2}))
	txs, err := c.Transactions.ListForPocket(ctx, p.ID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, txs, 2)
	ach, ok := txs[0].Variant.(*jiko.ACHTransaction)
	require.True(t, ok, "got %T", txs[0].Variant)
	assert.Equal(t, "FakeCompany", ach.CompanyName)
	require.NotEmpty(t, ach.PortalID)
	byPortal, err := c.Transactions.ListForPocket(ctx, p.ID, &jiko.TransactionListParams{Portals: []string{ach.PortalID}}).Collect()
	require.NoError(t, err)
	assert.Len(t, byPortal, 2)
	got, err := c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(240_000), got.Portfolio.TotalValue.Value)
	assert.Equal(t, int64(24), got.Portfolio.Securities[0].Quantity, "$2,400 buys 24 bills of about $99.63")
	assert.Less(t, got.Portfolio.Cash.Value, int64(10_000), "and less than a bill stays in cash")
}
