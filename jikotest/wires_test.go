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

func TestWireLifecycleWithItsFee(t *testing.T) {
	w := newWorld(t)
	w.srv.SetTransferFees(jikotest.TransferFees{Wire: 2_500})
	receipt, err := w.c.Wires.Create(w.ctx, w.a.ID, &jiko.WireCreateRequest{
		CounterpartyID: w.wire, AmountUSDC: 40_000, Description: "Invoice 7", CreatedBy: "ops@example.com",
	})
	require.NoError(t, err)
	wire, err := w.c.Wires.Get(w.ctx, receipt.WireID)
	require.NoError(t, err)
	assert.Equal(t, jiko.WireStatusProcessing, wire.Status)
	assert.Equal(t, jiko.WireOutgoing, wire.Direction)
	assert.Equal(t, []string{w.a.ID, customerID, w.wire, "External Accountholder", "Invoice 7", "ops@example.com"},
		[]string{wire.PocketID, wire.CustomerID, wire.CounterpartyID, wire.CounterpartyName, wire.Description, wire.CreatedBy})
	assert.Nil(t, wire.ReferenceNumber)
	total, available := w.balance(w.a.ID)
	assert.Equal(t, []int64{100_000, 57_500}, []int64{total, available}, "the amount and the fee are held")
	assert.Equal(t, []string{"transfers.wire.out.processing"}, eventsOf(w.srv, receipt.WireID))

	require.NoError(t, w.srv.Settle(receipt.WireID))
	wire, err = w.c.Wires.Get(w.ctx, receipt.WireID)
	require.NoError(t, err)
	assert.Equal(t, jiko.WireStatusCompleted, wire.Status)
	require.NotNil(t, wire.ReferenceNumber)
	total, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{57_500, 57_500}, []int64{total, available})
	assert.Equal(t, []string{"transfers.wire.out.processing", "transfers.wire.out.success"}, eventsOf(w.srv, receipt.WireID))
	fees := entriesOf(w.srv, jikotest.KindFee)
	require.Len(t, fees, 1)
	assert.Equal(t, []any{int64(-2_500), jikotest.EntrySettled, receipt.WireID, fees[0].TraceNumber},
		[]any{fees[0].Amount, fees[0].Status, fees[0].RefID, *wire.ReferenceNumber})
	p, _ := w.srv.Pocket(w.a.ID)
	assert.Equal(t, "$25.00", p.Portfolio.Fees[0].Amount.String())

	second, err := w.c.Wires.Create(w.ctx, w.a.ID, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 55_000})
	require.NoError(t, err)
	require.NoError(t, w.srv.Reject(second.WireID, "beneficiary bank refused"))
	total, available = w.balance(w.a.ID)
	assert.Equal(t, []int64{57_500, 57_500}, []int64{total, available}, "the amount and the fee come back")
	wire, err = w.c.Wires.Get(w.ctx, second.WireID)
	require.NoError(t, err)
	assert.Equal(t, jiko.WireStatusRejected, wire.Status)
	assert.Equal(t, []string{"transfers.wire.out.processing", "transfers.wire.out.rejected"}, eventsOf(w.srv, second.WireID))
	assert.Error(t, w.srv.Reject(second.WireID, ""))
}

func TestWireRulesAnswerAsTheAPI(t *testing.T) {
	w := newWorld(t)
	w.srv.SetTransferFees(jikotest.TransferFees{Wire: 1})
	unverified := addCounterparty(t, w.srv, customerID, jiko.CounterpartyTypeWire, false)
	create := func(pocketID, cp string, cents int64) error {
		_, err := w.c.Wires.Create(w.ctx, pocketID, &jiko.WireCreateRequest{CounterpartyID: cp, AmountUSDC: cents})
		return err
	}
	for detail, err := range map[string]error{
		"Counterparty is not verified":          create(w.a.ID, unverified, 1),
		"Counterparty is of type ach, not wire": create(w.a.ID, w.ach, 1),
		"Insufficient funds":                    create(w.a.ID, w.wire, 100_000), // plus the fee
	} {
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr, detail)
		assert.Equal(t, 422, jerr.StatusCode)
		assert.Equal(t, detail, jerr.Detail)
	}
	assert.True(t, jiko.IsNotFound(create(uuid.NewString(), w.wire, 1)))

	id := uuid.NewString()
	_, err := w.c.Wires.Create(w.ctx, w.a.ID, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 1, WireID: id})
	require.NoError(t, err)
	_, err = w.c.Wires.Create(w.ctx, w.b.ID, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 1, WireID: id})
	assert.True(t, jiko.IsConflict(err), "a wire id names one wire: %v", err)
	_, err = w.do("POST", "/api/v1/jiko-accounts/"+w.a.ID+"/wires/", map[string]any{"counterparty_id": w.wire, "wire_id": "w-1"})
	assert.ErrorContains(t, err, "body.amount_usdc: field required; body.wire_id: value is not a valid uuid")
	assert.Equal(t, 1, w.srv.SideEffects())
}

func TestWireAnswersAndListsHaveTheInferredShape(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for _, pocket := range []string{w.a.ID, w.b.ID, w.a.ID} {
		r, err := w.c.Wires.Create(w.ctx, pocket, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 10})
		require.NoError(t, err)
		ids = append(ids, r.WireID)
	}
	raw, err := w.do("GET", "/api/v1/wires/"+ids[0]+"/", nil)
	require.NoError(t, err)
	wire := testutil.Strict[jiko.Wire](t, raw)
	assert.Equal(t, ids[0], wire.ID)

	idsOf := func(ws []jiko.Wire, err error) []string {
		require.NoError(t, err)
		var out []string
		for _, w := range ws {
			out = append(out, w.ID)
		}
		return out
	}
	assert.Equal(t, ids, idsOf(w.c.Wires.List(w.ctx, &jiko.WireListParams{Limit: 2}).Collect()))
	assert.Equal(t, []string{ids[0], ids[2]}, idsOf(w.c.Wires.List(w.ctx, &jiko.WireListParams{PocketID: w.a.ID}).Collect()))
	assert.Equal(t, ids, idsOf(w.c.Wires.List(w.ctx, &jiko.WireListParams{CustomerID: customerID, Direction: jiko.WireOutgoing}).Collect()))
	assert.Empty(t, idsOf(w.c.Wires.List(w.ctx, &jiko.WireListParams{Direction: jiko.WireIncoming}).Collect()))
	err = w.c.Do(w.ctx, "GET", "/api/v1/wires/", url.Values{"direction": {"IN"}}, nil, nil)
	assert.ErrorContains(t, err, "query.direction")
	_, err = w.c.Wires.Get(w.ctx, uuid.NewString())
	assert.True(t, jiko.IsNotFound(err))
}

// A sent wire shows in the Pocket's transactions with the counterparty's
// name (as the wire itself does), and its fee as a wire fee: fee_type
// WIRE_FEE in v2, and in v1 the reference's WIRE_FEE transaction type with
// the wire's reference in wire_fee_transaction.
func TestWireAndItsFeeInTheTransactions(t *testing.T) {
	w := newWorld(t)
	w.srv.SetTransferFees(jikotest.TransferFees{Wire: 2_500})
	receipt, err := w.c.Wires.Create(w.ctx, w.a.ID, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 40_000})
	require.NoError(t, err)
	require.NoError(t, w.srv.Settle(receipt.WireID))
	wire, err := w.c.Wires.Get(w.ctx, receipt.WireID)
	require.NoError(t, err)

	txs, err := w.c.Transactions.ListForPocket(w.ctx, w.a.ID, &jiko.TransactionListParams{Types: []jiko.TransactionType{jiko.TransactionTypeWire, jiko.TransactionTypeFee}}).Collect()
	require.NoError(t, err)
	require.Len(t, txs, 2)
	var sent *jiko.WireTransaction
	var fee *jiko.FeeTransaction
	for _, tx := range txs {
		switch a := tx.Variant.(type) {
		case *jiko.WireTransaction:
			sent = a
		case *jiko.FeeTransaction:
			fee = a
		}
	}
	require.NotNil(t, sent)
	require.NotNil(t, fee)
	assert.Equal(t, wire.CounterpartyName, sent.CounterpartyName)
	assert.Equal(t, *wire.ReferenceNumber, sent.ReferenceNumber)
	assert.Equal(t, "WIRE_FEE", fee.FeeType)

	//lint:ignore SA1019 the fake answers the deprecated v1 list too
	v1, err := w.c.TransactionsV1.ListForPocket(w.ctx, w.a.ID, &jiko.TransactionV1ListParams{Types: []jiko.TransactionV1Type{jiko.TransactionV1TypeWire, jiko.TransactionV1TypeWireFee}}).Collect()
	require.NoError(t, err)
	require.Len(t, v1, 2)
	var v1Sent *jiko.WireDetailsV1
	var v1Fee *jiko.WireFeeDetailsV1
	for _, tx := range v1 {
		switch d := tx.Details.Variant.(type) {
		case *jiko.WireDetailsV1:
			v1Sent = d
		case *jiko.WireFeeDetailsV1:
			v1Fee = d
		}
	}
	require.NotNil(t, v1Sent)
	require.NotNil(t, v1Fee, "the fee is a WIRE_FEE transaction")
	assert.Equal(t, wire.CounterpartyName, v1Sent.WireTransaction.CounterpartyName)
	require.NotNil(t, v1Fee.WireFeeTransaction)
	assert.Equal(t, jiko.WireTransactionDetails{ReferenceNumber: *wire.ReferenceNumber, CounterpartyName: wire.CounterpartyName, WireID: wire.ID},
		*v1Fee.WireFeeTransaction)
}
