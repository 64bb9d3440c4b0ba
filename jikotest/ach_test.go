package jikotest_test

import (
	"net/url"
	"testing"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func achPath(pocketID string) string {
	return "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
}

func TestACHLifecycleMovesMoneyThroughTheLedger(t *testing.T) {
	w := newWorld(t)
	out, err := w.c.ACH.Create(w.ctx, w.a.ID, &jiko.ACHCreateRequest{
		CounterpartyID: w.ach, Direction: jiko.ACHCredit, AmountUSDC: 30_000,
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatusPending, out.Status)
	assert.Equal(t, jiko.ACHSECCodeWEB, out.SECCode, "the API's default")
	assert.Equal(t, "Release TX", out.CompanyEntryDescription, "the WEB default for a CREDIT")
	assert.Equal(t, w.a.ID, out.JikoAccountID)
	total, available := w.balance(w.a.ID)
	assert.Equal(t, []int64{100_000, 70_000}, []int64{total, available}, "a pending debit holds the funds")

	in, err := w.c.ACH.Create(w.ctx, w.a.ID, &jiko.ACHCreateRequest{
		CounterpartyID: w.ach, Direction: jiko.ACHDebit, SECCode: jiko.ACHSECCodeCCD,
		AmountUSDC: 5_000, CompanyEntryDescription: "TOPUP", PaymentRelatedInformation: []string{"ref 1"},
	})
	require.NoError(t, err)
	assert.Equal(t, "TOPUP", in.CompanyEntryDescription)
	assert.Equal(t, []string{"ref 1"}, in.PaymentRelatedInformation)
	total, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{100_000, 70_000}, []int64{total, available}, "a pending credit does not count yet")

	require.NoError(t, w.srv.Settle(out.ID))
	require.NoError(t, w.srv.Settle(in.ID))
	got, err := w.c.ACH.Get(w.ctx, w.a.ID, out.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatusProcessed, got.Status)
	total, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{75_000, 75_000}, []int64{total, available})
	assert.Equal(t, []string{"transfers.ach.out.success"}, eventsOf(w.srv, out.ID))
	assert.Equal(t, []string{"transfers.ach.in.success"}, eventsOf(w.srv, in.ID))
	assert.Error(t, w.srv.Settle(out.ID), "a settled transfer cannot settle again")

	rejected, err := w.c.ACH.Create(w.ctx, w.a.ID, &jiko.ACHCreateRequest{CounterpartyID: w.ach, Direction: jiko.ACHCredit, AmountUSDC: 75_000})
	require.NoError(t, err)
	_, available = w.balance(w.a.ID)
	assert.Zero(t, available)
	require.NoError(t, w.srv.Reject(rejected.ID, "R01 insufficient funds at the RDFI"))
	total, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{75_000, 75_000}, []int64{total, available}, "a returned transfer brings the funds back")
	assert.Equal(t, []string{"transfers.ach.out.rejected"}, eventsOf(w.srv, rejected.ID))
	got, err = w.c.ACH.Get(w.ctx, w.a.ID, rejected.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatusRejected, got.Status)

	var entries []jikotest.LedgerEntry
	for _, e := range w.srv.LedgerEntries(w.a.ID) {
		if e.Kind == jikotest.KindACH {
			entries = append(entries, e)
		}
	}
	require.Len(t, entries, 4)
	e := entries[0]
	assert.Equal(t, []any{int64(-30_000), jikotest.EntrySettled, out.ID, w.ach, "Release TX"},
		[]any{e.Amount, e.Status, e.RefID, e.Counterparty, e.Description})
	assert.Len(t, e.TraceNumber, 15)
	assert.False(t, e.Settled.IsZero())
	back := entries[3]
	assert.Equal(t, []any{int64(-75_000), jikotest.EntrySettled}, []any{entries[2].Amount, entries[2].Status}, "the returned transfer went out")
	assert.Equal(t, []any{int64(75_000), jikotest.EntrySettled, rejected.ID, "ACH Return R01 insufficient funds at the RDFI"},
		[]any{back.Amount, back.Status, back.RefID, back.Description}, "and came back as an entry of its own")
}

// A returned ACH stays in the Pocket's transactions, v2 and v1: the
// transfer that went out and its return, which carries the return reason
// as its title. company_name is the counterparty's name, never its id. The
// T-bills sold to pay it stay sold; the returned cash is invested again by
// a new purchase, as any cash that arrives.
func TestReturnedACHStaysVisibleWithItsReason(t *testing.T) {
	w := newWorld(t)
	sent, err := w.c.ACH.Create(w.ctx, w.a.ID, &jiko.ACHCreateRequest{CounterpartyID: w.ach, Direction: jiko.ACHCredit, AmountUSDC: 10_000})
	require.NoError(t, err)
	buysBefore := countTrades(t, w, "BUY")
	require.NoError(t, w.srv.Reject(sent.ID, "R01 Insufficient Funds"))

	txs, err := w.c.Transactions.ListForPocket(w.ctx, w.a.ID, &jiko.TransactionListParams{Types: []jiko.TransactionType{"ACH"}}).Collect()
	require.NoError(t, err)
	var mine []*jiko.ACHTransaction
	for _, tx := range txs {
		if a, ok := tx.Variant.(*jiko.ACHTransaction); ok && a.ACHID == sent.ID {
			mine = append(mine, a)
		}
	}
	require.Len(t, mine, 2, "the transfer and its return, newest first")
	ret, out := mine[0], mine[1]
	assert.Equal(t, []any{int64(10_000), "CREDIT", "SETTLED", "ACH Return R01 Insufficient Funds"},
		[]any{ret.Amount.Value, string(ret.Direction), string(ret.Status), ret.Title})
	assert.Equal(t, []any{int64(10_000), "DEBIT", "SETTLED"}, []any{out.Amount.Value, string(out.Direction), string(out.Status)})
	for _, a := range mine {
		assert.Equal(t, "External Accountholder", a.CompanyName, "the counterparty's name on the account")
		assert.Equal(t, "Release TX", a.CompanyEntryDescription)
	}

	//lint:ignore SA1019 the fake answers the deprecated v1 list too
	v1, err := w.c.TransactionsV1.ListForPocket(w.ctx, w.a.ID, &jiko.TransactionV1ListParams{Types: []jiko.TransactionV1Type{"ACH"}}).Collect()
	require.NoError(t, err)
	var titles []string
	for _, tx := range v1 {
		titles = append(titles, tx.Details.Common().Title)
	}
	assert.Contains(t, titles, "ACH Return R01 Insufficient Funds")

	assert.Greater(t, countTrades(t, w, "SELL"), 0, "the bills sold to pay the transfer stay sold")
	assert.Greater(t, countTrades(t, w, "BUY"), buysBefore, "the returned cash buys bills again")
}

// countTrades counts the trades of an activity in the world's Pocket A.
func countTrades(t *testing.T, w *world, activity string) int {
	t.Helper()
	trades, err := w.c.TradesV1.ListForPocket(w.ctx, w.a.ID, nil).Collect()
	require.NoError(t, err)
	n := 0
	for _, tr := range trades {
		if string(tr.Activity) == activity {
			n++
		}
	}
	return n
}

func TestACHAnswersHaveTheReferenceShape(t *testing.T) {
	w := newWorld(t)
	created, err := w.do("POST", achPath(w.a.ID), map[string]any{
		"counterparty_id": w.ach, "direction": "CREDIT", "sec_code": "WEB",
		"payment_related_information": []string{"x"}, "amount_usdc": 100, "company_entry_description": "ACH TXN IN",
	})
	require.NoError(t, err)
	sameShape(t, "ach_transfer.json", created)
	tr := testutil.Strict[jiko.ACHTransfer](t, created)

	got, err := w.do("GET", achPath(w.a.ID)+tr.ID+"/", nil)
	require.NoError(t, err)
	sameShape(t, "ach_transfer.json", got)
	list, err := w.do("GET", achPath(w.a.ID), nil)
	require.NoError(t, err)
	sameShape(t, "ach_list.json", list, "next_page", "prev_page")
}

func TestACHRulesAnswerAsTheAPI(t *testing.T) {
	w := newWorld(t)
	other := addCounterparty(t, w.srv, uuid.NewString(), jiko.CounterpartyTypeACH, true)
	pending := addCounterparty(t, w.srv, customerID, jiko.CounterpartyTypeACH, false)
	frozen := w.srv.AddPocket(customerID, jikotest.PocketSeed{Status: jiko.PocketStatusFrozen, Balance: 10_000})
	closed := w.srv.AddPocket(customerID, jikotest.PocketSeed{Status: jiko.PocketStatusClosed})
	create := func(pocketID, cp string, dir jiko.ACHDirection, cents int64) error {
		_, err := w.c.ACH.Create(w.ctx, pocketID, &jiko.ACHCreateRequest{CounterpartyID: cp, Direction: dir, AmountUSDC: cents})
		return err
	}
	refusals := map[string]error{
		"Counterparty is not verified":          create(w.a.ID, pending, jiko.ACHCredit, 1),
		"Counterparty not found":                create(w.a.ID, other, jiko.ACHCredit, 1),
		"Counterparty is of type wire, not ach": create(w.a.ID, w.wire, jiko.ACHCredit, 1),
		"Pocket is frozen":                      create(frozen.ID, w.ach, jiko.ACHDebit, 1),
		"Pocket is closed":                      create(closed.ID, w.ach, jiko.ACHCredit, 1),
		"Insufficient funds":                    create(w.a.ID, w.ach, jiko.ACHCredit, 100_001),
	}
	for detail, err := range refusals {
		assert.True(t, jiko.IsValidation(err), "%s: %v", detail, err)
		var jerr *jiko.Error
		if assert.ErrorAs(t, err, &jerr, detail) {
			assert.Equal(t, detail, jerr.Detail)
		}
	}
	assert.True(t, jiko.IsNotFound(create(uuid.NewString(), w.ach, jiko.ACHCredit, 1)))
	assert.NoError(t, create(w.a.ID, w.ach, jiko.ACHCredit, 100_000), "the whole available balance may go")

	// What the client refuses locally, the fake refuses too.
	_, err := w.do("POST", achPath(w.a.ID), map[string]any{"counterparty_id": w.ach, "direction": "CREDIT", "sec_code": "CCD", "amount_usdc": 1})
	assert.ErrorContains(t, err, "body.company_entry_description: company_entry_description is required for sec_code CCD")
	_, err = w.do("POST", achPath(w.a.ID), map[string]any{"counterparty_id": w.ach, "direction": "SIDEWAYS", "amount_usdc": 0,
		"company_entry_description": "Pay-roll", "sec_code": "PPD"})
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	var fields []string
	for _, is := range jerr.Issues {
		fields = append(fields, is.Field)
	}
	assert.Equal(t, []string{"direction", "sec_code", "amount_usdc", "company_entry_description"}, fields)
	_, err = w.do("POST", achPath(w.a.ID), map[string]any{})
	require.ErrorAs(t, err, &jerr)
	assert.Len(t, jerr.Issues, 3, "counterparty_id, direction and amount_usdc are required")
	assert.Equal(t, 1, w.srv.SideEffects(), "only the one accepted transfer")
}

func TestACHListsFilterAndPage(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for i, dir := range []jiko.ACHDirection{jiko.ACHCredit, jiko.ACHDebit, jiko.ACHCredit, jiko.ACHDebit, jiko.ACHCredit} {
		pocket := w.a.ID
		if i == 4 {
			pocket = w.b.ID
		}
		tr, err := w.c.ACH.Create(w.ctx, pocket, &jiko.ACHCreateRequest{CounterpartyID: w.ach, Direction: dir, AmountUSDC: int64(100 + i)})
		require.NoError(t, err)
		ids = append(ids, tr.ID)
	}
	require.NoError(t, w.srv.Settle(ids[0]))
	idsOf := func(ts []jiko.ACHTransfer, err error) []string {
		require.NoError(t, err)
		var out []string
		for _, tr := range ts {
			out = append(out, tr.ID)
		}
		return out
	}
	assert.Equal(t, ids[:4], idsOf(w.c.ACH.ListForPocket(w.ctx, w.a.ID, &jiko.ACHListParams{Limit: 1}).Collect()))
	assert.Equal(t, []string{ids[1], ids[3]}, idsOf(w.c.ACH.ListForPocket(w.ctx, w.a.ID, &jiko.ACHListParams{Direction: jiko.ACHDebit}).Collect()))
	assert.Equal(t, []string{ids[0]}, idsOf(w.c.ACH.ListForPocket(w.ctx, w.a.ID, &jiko.ACHListParams{Status: []jiko.ACHStatus{jiko.ACHStatusProcessed}}).Collect()))
	assert.Equal(t, ids, idsOf(w.c.ACH.ListForCustomer(w.ctx, customerID, &jiko.ACHListParams{Limit: 2}).Collect()))
	assert.Empty(t, idsOf(w.c.ACH.ListForCustomer(w.ctx, customerID, &jiko.ACHListParams{Status: []jiko.ACHStatus{jiko.ACHStatusFailed}}).Collect()))

	_, err := w.c.ACH.ListForCustomerPage(w.ctx, uuid.NewString(), nil)
	assert.True(t, jiko.IsNotFound(err))
	_, err = w.c.ACH.Get(w.ctx, w.b.ID, ids[0])
	assert.True(t, jiko.IsNotFound(err), "a transfer is read through its own Pocket")
	err = w.c.Do(w.ctx, "GET", achPath(w.a.ID), url.Values{"direction": {"UP"}}, nil, nil)
	assert.ErrorContains(t, err, "query.direction")
}
