package jiko

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const wirePath = "/api/v1/jiko-accounts/" + pocketID + "/wires/"

func TestWireCreateRequestFixtureDecodesStrictly(t *testing.T) {
	req := testutil.Strict[WireCreateRequest](t, testutil.Load(t, "wire_create.request.json"))
	assert.Equal(t, WireCreateRequest{
		Description:    "Wiring funds to external account",
		CounterpartyID: refCounterpartyID,
		AmountUSDC:     1_000_000,
		CreatedBy:      "jiko@example.com",
		WireID:         "6b14d0c0-277f-4a32-b5ac-c2e1c7d99f15",
	}, req)
	assert.NoError(t, req.validate())
}

func TestWireCreateWithYourWireID(t *testing.T) {
	h := newHarness(t)
	h.on("POST", wirePath, status(http.StatusCreated, ""))
	raw := testutil.Load(t, "wire_create.request.json")
	req := testutil.Strict[WireCreateRequest](t, raw)
	key := IdempotencyKeyFor("wire:payment-7")
	receipt, err := h.c.Wires.Create(context.Background(), pocketID, &req, WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, &WireReceipt{WireID: "6b14d0c0-277f-4a32-b5ac-c2e1c7d99f15", IdempotencyKey: key}, receipt)

	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, wirePath, r.Path)
	assert.Equal(t, compactJSON(t, string(raw)), string(r.Body), "the example goes out as published")
	assert.Equal(t, key, r.Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, NewSigner(testSecret).Sign(key, wirePath, r.Body), r.Header.Get("X-Jiko-Signature"))
}

func TestWireCreateDerivesTheWireIDFromTheKey(t *testing.T) {
	h := newHarness(t)
	h.on("POST", wirePath, status(http.StatusCreated, ""))
	req := &WireCreateRequest{CounterpartyID: refCounterpartyID, AmountUSDC: 5000}
	ctx := context.Background()

	first, err := h.c.Wires.Create(ctx, pocketID, req)
	require.NoError(t, err)
	assert.Empty(t, req.WireID, "the caller's request is left as it was")
	r := h.last()
	assert.Equal(t, first.IdempotencyKey, r.Header.Get("X-Jiko-Idempotency"))
	_, err = uuid.Parse(first.WireID)
	require.NoError(t, err)
	assert.NotEqual(t, first.IdempotencyKey, first.WireID)
	assert.Equal(t, `{"counterparty_id":"fd38dae9-b300-4017-a630-101c4279eafd","amount_usdc":5000,"wire_id":"`+first.WireID+`"}`, string(r.Body))

	// A resend with the key rebuilds the same body, so the API can tell it
	// is a resend; a new call gets a new wire.
	again, err := h.c.Wires.Create(ctx, pocketID, req, WithIdempotencyKey(first.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Equal(t, r.Body, h.last().Body)
	other, err := h.c.Wires.Create(ctx, pocketID, req)
	require.NoError(t, err)
	assert.NotEqual(t, first.WireID, other.WireID)
}

func TestWireCreateErrorNamesTheWire(t *testing.T) {
	h := newHarness(t, WithMaxRetries(1), WithRetryBackoff(time.Millisecond, time.Millisecond))
	h.on("POST", wirePath, func(*http.Request) (*http.Response, error) {
		return nil, errors.New("connection reset by peer")
	})
	receipt, err := h.c.Wires.Create(context.Background(), pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1})
	require.Error(t, err)
	assert.Nil(t, receipt, "a receipt or an error, never both")
	assert.True(t, MayHaveSucceeded(err))

	var werr *WireCreateError
	require.ErrorAs(t, err, &werr)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Body, reqs[1].Body, "the retry sends the same wire id")
	// The key is the one the call sent, and the id the one in its body.
	assert.Equal(t, reqs[0].Header.Get("X-Jiko-Idempotency"), werr.IdempotencyKey)
	assert.Equal(t, jerr.IdempotencyKey, werr.IdempotencyKey)
	assert.Equal(t, uuid.NewSHA1(keyedIDNamespace, []byte(werr.IdempotencyKey)).String(), werr.WireID)
	assert.Contains(t, string(reqs[0].Body), `"wire_id":"`+werr.WireID+`"`)
	assert.Equal(t, jerr.Error()+" (wire_id "+werr.WireID+")", err.Error())

	// A resend with the error's key sends the same body.
	h.on("POST", wirePath, status(http.StatusCreated, ""))
	again, err := h.c.Wires.Create(context.Background(), pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1},
		WithIdempotencyKey(werr.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, &werr.WireReceipt, again)
	assert.Equal(t, reqs[0].Body, h.last().Body)
}

func TestWireCreateErrorOfARefusedWire(t *testing.T) {
	h := newHarness(t)
	h.on("POST", wirePath, status(http.StatusUnprocessableEntity, `{"detail":"Counterparty is not verified"}`))
	id := IdempotencyKeyFor("wire:payment-8")
	receipt, err := h.c.Wires.Create(context.Background(), pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1, WireID: id})
	assert.Nil(t, receipt)
	assert.True(t, IsValidation(err), "the API's 422 is seen through the wrapper")
	assert.False(t, MayHaveSucceeded(err))
	var werr *WireCreateError
	require.ErrorAs(t, err, &werr)
	assert.Equal(t, id, werr.WireID)
	var refused *ValidationError
	assert.False(t, errors.As(err, &refused), "a *ValidationError means nothing was sent")
}

func TestWireList(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/wires/", status(200, `{"items":[{"id":"w1","pocket_id":"p","direction":"INCOMING","status":"COMPLETED",
		"amount":{"value":100,"currency":"USD"},"time_created":"2026-06-09T10:00:00Z"}],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	got, err := h.c.Wires.List(context.Background(), &WireListParams{
		PocketID: pocketID, CustomerID: customerID, Direction: WireIncoming, Limit: 10,
	}).Collect()
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, WireIncoming, got[0].Direction)
	assert.Equal(t, WireStatusCompleted, got[0].Status)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/v1/wires/", r.Path)
	assert.Equal(t, "customer_id="+customerID+"&direction=INCOMING&limit=10&pocket_id="+pocketID, r.Query)

	p, err := h.c.Wires.ListPage(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	assert.Empty(t, h.last().Query)
}

func TestWireGet(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/wires/w1/", status(200, `{"id":"w1","status":"REJECTED","direction":"OUTGOING"}`))
	w, err := h.c.Wires.Get(context.Background(), "w1")
	require.NoError(t, err)
	assert.Equal(t, WireStatusRejected, w.Status)
	assert.Equal(t, "GET", h.last().Method)
}

func TestWireRefusesBadInputWithoutSending(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	cases := map[string]WireCreateRequest{
		"jiko: WireCreateRequest.CounterpartyID: is empty":                              {AmountUSDC: 1},
		"jiko: WireCreateRequest.AmountUSDC: must be a positive number of cents, got 0": {CounterpartyID: "c"},
		`jiko: WireCreateRequest.WireID: "wire-7" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`: {
			CounterpartyID: "c", AmountUSDC: 1, WireID: "wire-7"},
	}
	for want, req := range cases {
		receipt, err := h.c.Wires.Create(ctx, pocketID, &req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
		assert.Nil(t, receipt)
	}
	receipt, err := h.c.Wires.Create(ctx, pocketID, nil)
	assert.EqualError(t, err, "jiko: WireCreateRequest: is nil")
	assert.Nil(t, receipt)
	receipt, err = h.c.Wires.Create(ctx, "", &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1})
	assert.EqualError(t, err, "jiko: account_id: is empty")
	assert.Nil(t, receipt)
	receipt, err = h.c.Wires.Create(ctx, pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1}, WithIdempotencyKey("k"))
	assert.EqualError(t, err, `jiko: WithIdempotencyKey: "k" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)
	assert.Nil(t, receipt)
	//lint:ignore SA1012 a nil context is the bad input under test
	receipt, err = h.c.Wires.Create(nil, pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 1})
	assert.EqualError(t, err, "jiko: ctx: is nil")
	assert.Nil(t, receipt)
	_, err = h.c.Wires.Get(ctx, "")
	assert.EqualError(t, err, "jiko: wire_id: is empty")
	_, err = h.c.Wires.ListPage(ctx, &WireListParams{Direction: "IN"})
	assert.EqualError(t, err, `jiko: WireListParams.Direction: "IN" is not one of INCOMING, OUTGOING`)
	_, err = h.c.Wires.List(ctx, &WireListParams{Limit: -1}).Collect()
	assert.EqualError(t, err, "jiko: WireListParams.Limit: -1 is out of range 0..100")
	assert.Empty(t, h.requests())
}
