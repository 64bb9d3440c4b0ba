package jikotest_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pocketOf(id string) jiko.OnUsAccount { return jiko.OnUsAccount{ID: id} }

func TestOnUsReallocationCompletesAtOnce(t *testing.T) {
	w := newWorld(t)
	w.srv.SetTransferFees(jikotest.TransferFees{OnUs: 10})
	id := jiko.IdempotencyKeyFor("move-1")
	tr, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsReallocationRequest{
		TransferID: id, Description: "Rebalance", FromAccount: pocketOf(w.a.ID), ToAccount: pocketOf(w.b.ID),
		Amount: jiko.RequestedAmount(20_000),
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusCompleted, tr.Status)
	assert.Nil(t, tr.Reason)
	assert.Equal(t, []jiko.Fee{{Type: jiko.FeeTypeAUM, Amount: jiko.Money{Value: 10, Currency: "USD", Formatted: "$0.10"}}}, tr.Fees)
	d, ok := tr.Transfer.Variant.(*jiko.OnUsReallocationDetails)
	require.True(t, ok, "%T", tr.Transfer.Variant)
	assert.Equal(t, []any{id, "Rebalance", w.a.ID, w.b.ID, int64(20_000)},
		[]any{d.TransferID, d.Description, d.FromAccount.ID, d.ToAccount.ID, d.Amount.Value})

	a, _ := w.balance(w.a.ID)
	b, _ := w.balance(w.b.ID)
	assert.Equal(t, []int64{79_990, 70_000}, []int64{a, b})
	assert.Equal(t, []string{"transfers.on-us.success"}, eventsOf(w.srv, tr.ID))
	ev := w.srv.Events()[len(w.srv.Events())-1]
	assert.Equal(t, map[string]any{"on_us_id": tr.ID, "origin_account_id": w.a.ID, "destination_account_id": w.b.ID}, ev.Payload)

	byID, err := w.c.OnUs.Get(w.ctx, tr.ID)
	require.NoError(t, err)
	assert.Equal(t, tr, byID)
	byTransferID, err := w.c.OnUs.Get(w.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tr.ID, byTransferID.ID)
	_, err = w.c.OnUs.Get(w.ctx, uuid.NewString())
	assert.True(t, jiko.IsNotFound(err))
}

func TestOnUsAnswersHaveTheReferenceShape(t *testing.T) {
	w := newWorld(t)
	w.srv.SetTransferFees(jikotest.TransferFees{OnUs: 10})
	partner := w.srv.AddPartnerPocket(jikotest.PocketSeed{Name: "Partner", Balance: 1_000_000})
	raw, err := w.do("POST", "/api/v1/transfers/on-us/", map[string]any{
		"description": "Disbursing funds", "transfer_id": uuid.NewString(), "type": "PARTNER_CUSTOMER_FUNDING",
		"from_account": map[string]any{"id": partner.ID, "type": "JIKO_ACCOUNT"},
		"to_account":   map[string]any{"id": w.a.ID, "type": "JIKO_ACCOUNT"},
		"source":       "123456789", "amount": map[string]any{"type": "REQUESTED_AMOUNT", "amount_usdc": 100_000},
		"async_mode": true,
	})
	require.NoError(t, err)
	sameShape(t, "onus_transfer.json", raw, "reason")
	tr := testutil.Strict[jiko.OnUsTransfer](t, raw)
	assert.Equal(t, jiko.OnUsStatusPending, tr.Status)

	rejected, err := w.do("POST", "/api/v1/transfers/on-us/", map[string]any{
		"type": "INTERNAL_REALLOCATION", "description": "Back", "from_account": map[string]any{"id": w.b.ID, "type": "JIKO_ACCOUNT"},
		"to_account": map[string]any{"id": w.a.ID, "type": "JIKO_ACCOUNT"},
		"amount":     map[string]any{"type": "REQUESTED_AMOUNT", "amount_usdc": 50_000}, // the fee does not fit
	})
	require.NoError(t, err)
	sameShape(t, "onus_transfer_reallocation.json", rejected)
	assert.Equal(t, jiko.ReasonInsufficientFunds, *testutil.Strict[jiko.OnUsTransfer](t, rejected).Reason)
}

func TestOnUsAsyncFundingAndDefundingWithThePartner(t *testing.T) {
	w := newWorld(t)
	partner := w.srv.AddPartnerPocket(jikotest.PocketSeed{Name: "Partner", Balance: 500_000})
	fund, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsFundingRequest{
		FromAccount: pocketOf(partner.ID), ToAccount: pocketOf(w.a.ID), Source: "acct-9",
		Amount: jiko.RequestedAmount(200_000), AsyncMode: true,
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusPending, fund.Status)
	assert.Equal(t, "acct-9", fund.Transfer.Variant.(*jiko.OnUsFundingDetails).Source)
	p, available := w.balance(partner.ID)
	assert.Equal(t, []int64{500_000, 300_000}, []int64{p, available}, "held while pending")
	a, _ := w.balance(w.a.ID)
	assert.Equal(t, int64(100_000), a, "not credited yet")

	require.NoError(t, w.srv.Settle(fund.ID))
	got, err := w.c.OnUs.Get(w.ctx, fund.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusCompleted, got.Status)
	a, _ = w.balance(w.a.ID)
	assert.Equal(t, int64(300_000), a)
	assert.Equal(t, []string{"transfers.on-us.processing", "transfers.on-us.success"}, eventsOf(w.srv, fund.ID))

	// A full withdrawal takes what is available, net of the fee.
	w.srv.SetTransferFees(jikotest.TransferFees{OnUs: 25})
	def, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsDefundingRequest{
		FromAccount: pocketOf(w.a.ID), ToAccount: pocketOf(partner.ID), Target: "acct-9", Amount: jiko.FullWithdrawal(),
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusCompleted, def.Status)
	assert.Equal(t, int64(299_975), def.Transfer.Variant.(*jiko.OnUsDefundingDetails).Amount.Value)
	a, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{0, 0}, []int64{a, available})
	p, _ = w.balance(partner.ID)
	assert.Equal(t, int64(599_975), p)

	pending, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsFundingRequest{
		FromAccount: pocketOf(partner.ID), ToAccount: pocketOf(w.b.ID), Source: "s", Amount: jiko.RequestedAmount(1_000), AsyncMode: true,
	})
	require.NoError(t, err)
	assert.Error(t, w.srv.Reject(pending.ID, "NOT_A_REASON"))
	require.NoError(t, w.srv.Reject(pending.ID, "SANCTION_SCREEN_FAILED"))
	got, err = w.c.OnUs.Get(w.ctx, pending.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusRejected, got.Status)
	assert.Equal(t, jiko.ReasonSanctionScreenFailed, *got.Reason)
	assert.Empty(t, got.Fees, "a rejected transfer charges nothing")
	p, available = w.balance(partner.ID)
	assert.Equal(t, []int64{599_975, 599_975}, []int64{p, available})
}

func TestOnUsPeerToPeerPaysTheCounterpartysPocket(t *testing.T) {
	w := newWorld(t)
	payee := w.srv.AddPocket(uuid.NewString(), jikotest.PocketSeed{Name: "Supplier"})
	cp, err := w.srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeOnUs, PocketID: payee.ID, Verified: true})
	require.NoError(t, err)
	tr, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsPeerToPeerRequest{
		FromAccount: pocketOf(w.a.ID), DestinationCounterpartyID: cp, Amount: jiko.RequestedAmount(1_234),
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsStatusCompleted, tr.Status)
	assert.Equal(t, cp, tr.Transfer.Variant.(*jiko.OnUsPeerToPeerDetails).DestinationCounterpartyID)
	got, _ := w.balance(payee.ID)
	assert.Equal(t, int64(1_234), got)

	_, err = w.c.OnUs.Create(w.ctx, &jiko.OnUsPeerToPeerRequest{
		FromAccount: pocketOf(w.a.ID), DestinationCounterpartyID: w.ach, Amount: jiko.RequestedAmount(1),
	})
	assert.ErrorContains(t, err, "Counterparty is of type ach, not on_us")
}

func TestOnUsRulesRejectOrRefuse(t *testing.T) {
	w := newWorld(t)
	frozen := w.srv.AddPocket(customerID, jikotest.PocketSeed{Status: jiko.PocketStatusFrozen, Balance: 10_000})
	stranger := w.srv.AddPocket(uuid.NewString(), jikotest.PocketSeed{Balance: 10_000})
	move := func(from, to string, cents int64) *jiko.OnUsTransfer {
		tr, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsReallocationRequest{FromAccount: pocketOf(from), ToAccount: pocketOf(to), Amount: jiko.RequestedAmount(cents)})
		require.NoError(t, err)
		return tr
	}
	for want, tr := range map[jiko.TransferStateReason]*jiko.OnUsTransfer{
		jiko.ReasonInsufficientFunds:  move(w.a.ID, w.b.ID, 100_001),
		jiko.ReasonAccountUnavailable: move(frozen.ID, w.b.ID, 1),
		jiko.ReasonInvalidTransfer:    move(w.a.ID, stranger.ID, 1),
	} {
		assert.Equal(t, jiko.OnUsStatusRejected, tr.Status, want)
		require.NotNil(t, tr.Reason, want)
		assert.Equal(t, want, *tr.Reason)
		assert.Equal(t, []string{"transfers.on-us.rejected"}, eventsOf(w.srv, tr.ID))
	}
	assert.Empty(t, entriesOf(w.srv, jikotest.KindOnUs), "a rejected transfer books nothing")
	notPartner, err := w.c.OnUs.Create(w.ctx, &jiko.OnUsFundingRequest{
		FromAccount: pocketOf(w.a.ID), ToAccount: pocketOf(w.b.ID), Source: "s", Amount: jiko.RequestedAmount(1),
	})
	require.NoError(t, err)
	assert.Equal(t, jiko.ReasonInvalidTransfer, *notPartner.Reason, "funding comes from the partner's Pocket")

	_, err = w.c.OnUs.Create(w.ctx, &jiko.OnUsReallocationRequest{FromAccount: pocketOf(uuid.NewString()), ToAccount: pocketOf(w.b.ID), Amount: jiko.RequestedAmount(1)})
	assert.True(t, jiko.IsNotFound(err))
	id := uuid.NewString()
	move2 := &jiko.OnUsReallocationRequest{TransferID: id, FromAccount: pocketOf(w.a.ID), ToAccount: pocketOf(w.b.ID), Amount: jiko.RequestedAmount(1)}
	_, err = w.c.OnUs.Create(w.ctx, move2)
	require.NoError(t, err)
	_, err = w.c.OnUs.Create(w.ctx, move2)
	assert.True(t, jiko.IsConflict(err), "a transfer_id names one transfer: %v", err)

	// What the client refuses locally, the fake refuses too.
	_, err = w.do("POST", "/api/v1/transfers/on-us/", map[string]any{
		"type": "PARTNER_CUSTOMER_FUNDING", "from_account": map[string]any{"id": w.a.ID}, "to_account": map[string]any{"id": w.b.ID, "type": "JIKO_ACCOUNT"},
		"amount": map[string]any{"type": "FULL_WITHDRAWAL"},
	})
	assert.ErrorContains(t, err, "body.from_account.type: field required; body.source: field required; "+
		"body.amount.type: amount.type cannot be FULL_WITHDRAWAL when type is PARTNER_CUSTOMER_FUNDING")
	_, err = w.do("POST", "/api/v1/transfers/on-us/", map[string]any{"type": "GIFT"})
	assert.ErrorContains(t, err, "body.type: value is not a valid enumeration member")
}
