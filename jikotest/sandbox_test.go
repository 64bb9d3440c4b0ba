package jikotest_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSandboxFundCreditsThePocketThroughItsPortal(t *testing.T) {
	w := newWorld(t)
	fresh := w.srv.AddPocket(customerID, jikotest.PocketSeed{Name: "New", Status: jiko.PocketStatusPending})
	require.NoError(t, w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: fresh.ID, AmountUSDC: 25_000, CompanyName: "Payroll Inc", Count: 3}))
	total, available := w.balance(fresh.ID)
	assert.Equal(t, []int64{75_000, 75_000}, []int64{total, available}, "settled at once")

	entries := w.srv.LedgerEntries(fresh.ID)
	require.Len(t, entries, 3)
	seen := map[string]bool{}
	for _, e := range entries {
		assert.Equal(t, []any{jikotest.KindSandboxFund, int64(25_000), jikotest.EntrySettled, "Payroll Inc"},
			[]any{e.Kind, e.Amount, e.Status, e.Counterparty})
		assert.NotEmpty(t, e.RefID, "the portal")
		assert.Equal(t, entries[0].RefID, e.RefID)
		assert.Len(t, e.TraceNumber, 15)
		assert.False(t, seen[e.TraceNumber], "trace numbers are unique")
		seen[e.TraceNumber] = true
		assert.Equal(t, []string{"transfers.ach.in.success"}, eventsOf(w.srv, e.ID))
	}
	assert.Equal(t, 1, w.srv.SideEffects())

	require.NoError(t, w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: fresh.ID, AmountUSDC: 1}))
	last := w.srv.LedgerEntries(fresh.ID)[3]
	assert.Equal(t, "FakeCompany", last.Counterparty, "the API's default company")

	sent := w.srv.Requests()
	assert.Empty(t, sent[len(sent)-1].Header.Get("X-Jiko-Signature"), "no signature is needed")
}

func TestSandboxFundRules(t *testing.T) {
	w := newWorld(t)
	closed := w.srv.AddPocket(customerID, jikotest.PocketSeed{Status: jiko.PocketStatusClosed})
	err := w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: closed.ID, AmountUSDC: 1})
	assert.ErrorContains(t, err, "422 Unprocessable Entity: Pocket is closed")
	err = w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: uuid.NewString(), AmountUSDC: 1})
	assert.True(t, jiko.IsNotFound(err))
	_, err = w.do("POST", "/api/v1/sandbox/fund/", map[string]any{"account_id": w.a.ID, "amount_usdc": 5_000_000, "count": 10, "company_name": "Seventeen letters"})
	assert.ErrorContains(t, err, "body.amount_usdc: ensure this value is less than 5000000; "+
		"body.company_name: ensure this value has at most 16 characters; body.count: ensure this value is less than 10")
	assert.Equal(t, 0, w.srv.SideEffects())

	// The credits arrive through the Pocket's default portal, and not once
	// it is closed.
	require.NoError(t, w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: w.b.ID, AmountUSDC: 1}))
	portals, err := w.c.PortalsV1.ListForPocket(w.ctx, w.b.ID).Collect()
	require.NoError(t, err)
	require.Len(t, portals, 1)
	entries := w.srv.LedgerEntries(w.b.ID)
	assert.Equal(t, portals[0].ID, entries[len(entries)-1].RefID)
	require.NoError(t, w.c.PortalsV1.Close(w.ctx, w.b.ID, portals[0].ID))
	err = w.c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: w.b.ID, AmountUSDC: 1})
	assert.ErrorContains(t, err, "422 Unprocessable Entity: The account has no open portal")
}
