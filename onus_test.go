package jiko

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const onUsPath = "/api/v1/transfers/on-us/"

func TestOnUsTransferFixturesDecodeStrictly(t *testing.T) {
	tr := testutil.Strict[OnUsTransfer](t, testutil.Load(t, "onus_transfer.json"))
	assert.Equal(t, "497f6eca-6276-4993-bfeb-53cbbbba6f08X", tr.ID)
	assert.Equal(t, OnUsStatusPending, tr.Status)
	assert.Nil(t, tr.Reason)
	assert.Equal(t, "OnUsTransfer", tr.ObjectType)
	assert.Equal(t, []Fee{{Type: FeeTypeAUM, Amount: Money{Value: 10, Currency: "USD", Formatted: "$0.10"}}}, tr.Fees)
	assert.Equal(t, &OnUsFundingDetails{
		OnUsDetailsCommon: OnUsDetailsCommon{
			Description: "Disbursing funds from partner to customer",
			TransferID:  "d4a2d8dd-7def-4545-a062-761683b9aa05",
			FromAccount: OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X", Type: OnUsAccountJiko},
			Amount:      Money{Value: 100000, Currency: "USD", Formatted: "$1,000.00"},
		},
		ToAccount: OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X", Type: OnUsAccountJiko},
		Source:    "123456789",
	}, tr.Transfer.Variant)
	assert.Equal(t, int64(100000), tr.Transfer.Common().Amount.Value)

	def := testutil.Strict[OnUsTransfer](t, testutil.Load(t, "onus_transfer_defunding.json"))
	d, ok := def.Transfer.Variant.(*OnUsDefundingDetails)
	require.True(t, ok, "%T", def.Transfer.Variant)
	assert.Equal(t, "123456789", d.Target)
	assert.Equal(t, OnUsStatusCompleted, def.Status)

	re := testutil.Strict[OnUsTransfer](t, testutil.Load(t, "onus_transfer_reallocation.json"))
	r, ok := re.Transfer.Variant.(*OnUsReallocationDetails)
	require.True(t, ok, "%T", re.Transfer.Variant)
	assert.Equal(t, "991dd8b5-f103-4158-8c6b-84480cb43652X", r.ToAccount.ID)
	require.NotNil(t, re.Reason)
	assert.Equal(t, ReasonInsufficientFunds, *re.Reason)
	assert.Equal(t, OnUsStatusRejected, re.Status)
	assert.Empty(t, re.Fees)

	p2p := testutil.Strict[OnUsTransfer](t, testutil.Load(t, "onus_transfer_peer_to_peer.json"))
	p, ok := p2p.Transfer.Variant.(*OnUsPeerToPeerDetails)
	require.True(t, ok, "%T", p2p.Transfer.Variant)
	assert.Equal(t, refCounterpartyID, p.DestinationCounterpartyID)
	assert.Equal(t, OnUsPeerToPeer, p2p.Transfer.Kind())
}

func TestOnUsUnknownTransferTypeKeepsItsJSON(t *testing.T) {
	raw := `{"id":"x","status":"SCHEDULED","reason":"NEW_REASON","transfer":{"type":"CARD_PAYOUT","card_id":"c1","amount":{"value":5,"currency":"USD"}},"fees":[],"object_type":"OnUsTransfer"}`
	tr := testutil.Strict[OnUsTransfer](t, []byte(raw))
	u := requireUnknown[*UnknownOnUsDetails](t, tr.Transfer, "CARD_PAYOUT", `{"type":"CARD_PAYOUT","card_id":"c1","amount":{"value":5,"currency":"USD"}}`, "")
	assert.Equal(t, "CARD_PAYOUT", u.Kind())
	assert.Equal(t, OnUsTransferType("CARD_PAYOUT"), tr.Transfer.Kind())
	assert.Equal(t, int64(5), tr.Transfer.Common().Amount.Value, "the common fields are decoded as far as they go")
	assert.Equal(t, OnUsTransferStatus("SCHEDULED"), tr.Status)
	assert.Equal(t, TransferStateReason("NEW_REASON"), *tr.Reason)

	var missing OnUsTransfer
	require.NoError(t, json.Unmarshal([]byte(`{"id":"y","transfer":null}`), &missing))
	assert.Nil(t, missing.Transfer.Variant)
	assert.Nil(t, missing.Transfer.Common(), "no transfer has no common fields")
	assert.Equal(t, OnUsTransferType(""), missing.Transfer.Kind())

	// A known type its variant cannot hold is kept, with the error.
	raw = `{"type":"INTERNAL_REALLOCATION","transfer_id":"t1","amount":"ten"}`
	var malformed OnUsTransfer
	require.NoError(t, json.Unmarshal([]byte(`{"id":"z","status":"PENDING","transfer":`+raw+`}`), &malformed))
	assert.Equal(t, "z", malformed.ID)
	u = requireUnknown[*UnknownOnUsDetails](t, malformed.Transfer, "INTERNAL_REALLOCATION", raw,
		`jiko: on-us transfer of type "INTERNAL_REALLOCATION": json: cannot unmarshal string into Go struct field OnUsReallocationDetails.OnUsDetailsCommon.amount of type jiko.Money`)
	assert.Equal(t, OnUsInternalReallocation, malformed.Transfer.Kind())
	// An amount that does not decode is absent, not $0.00: so are the
	// other common fields, which the raw JSON still holds.
	assert.Nil(t, u.OnUsDetailsCommon)
	assert.Nil(t, malformed.Transfer.Common())
}

// The v1.29 examples of the request variants are sent byte for byte by the
// typed variants built from the same values. (The variants are write-only
// types: the check runs in the direction that matters, encoding.)
func TestOnUsRequestsEncodeAsTheReferenceExamples(t *testing.T) {
	cases := map[string]OnUsTransferRequest{
		"onus_funding.request.json": &OnUsFundingRequest{
			Description: "Disbursing funds from partner to customer",
			TransferID:  "d4a2d8dd-7def-4545-a062-761683b9aa05",
			FromAccount: OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X"},
			ToAccount:   OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X", Type: OnUsAccountJiko},
			Source:      "123456789",
			Amount:      RequestedAmount(100000),
		},
		"onus_defunding.request.json": &OnUsDefundingRequest{
			Description: "Withdrawing funds from customer to partner",
			TransferID:  "d64e7b7e-7fd2-44a4-8bfd-68a31252afaa",
			FromAccount: OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X"},
			ToAccount:   OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X"},
			Target:      "123456789",
			Amount:      FullWithdrawal(),
		},
		"onus_reallocation.request.json": &OnUsReallocationRequest{
			Description: "Moving funds between accounts belonging to the same customer",
			TransferID:  "cbb6cfce-f207-45e7-a6b3-1055ab43db51",
			FromAccount: OnUsAccount{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08X"},
			ToAccount:   OnUsAccount{ID: "991dd8b5-f103-4158-8c6b-84480cb43652"},
			Amount:      RequestedAmount(10000),
		},
	}
	for name, req := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := json.Marshal(req)
			require.NoError(t, err)
			assert.NoError(t, testutil.Equal(testutil.Load(t, name), got))
			assert.NoError(t, checkBody(req), "the reference's own example is valid")
		})
	}
}

func TestOnUsCreate(t *testing.T) {
	h := newHarness(t)
	h.on("POST", onUsPath, status(201, fixture(t, "onus_transfer_reallocation.json")))
	id := IdempotencyKeyFor("on-us:move-9")
	tr, err := h.c.OnUs.Create(context.Background(), &OnUsReallocationRequest{
		TransferID:             id,
		Description:            "Rebalance",
		EndToEndIdentification: "E2E-9",
		FromAccount:            OnUsAccount{ID: "p1"},
		ToAccount:              OnUsAccount{ID: "p2"},
		Amount:                 RequestedAmount(10_000),
		AsyncMode:              true,
	}, WithIdempotencyKey(id))
	require.NoError(t, err)
	assert.Equal(t, OnUsStatusRejected, tr.Status)
	assert.Equal(t, OnUsInternalReallocation, tr.Transfer.Kind())

	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, onUsPath, r.Path)
	assert.Equal(t, `{"type":"INTERNAL_REALLOCATION","transfer_id":"`+id+`","description":"Rebalance","end_to_end_identification":"E2E-9",`+
		`"from_account":{"id":"p1","type":"JIKO_ACCOUNT"},"to_account":{"id":"p2","type":"JIKO_ACCOUNT"},`+
		`"amount":{"type":"REQUESTED_AMOUNT","amount_usdc":10000},"async_mode":true}`, string(r.Body))
	assert.Equal(t, id, r.Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, NewSigner(testSecret).Sign(id, onUsPath, r.Body), r.Header.Get("X-Jiko-Signature"))
}

func TestOnUsCreateEachVariantSendsItsType(t *testing.T) {
	from, to := OnUsAccount{ID: "p1"}, OnUsAccount{ID: "p2"}
	cases := map[string]OnUsTransferRequest{
		`{"type":"PARTNER_CUSTOMER_FUNDING","from_account":{"id":"p1","type":"JIKO_ACCOUNT"},"to_account":{"id":"p2","type":"JIKO_ACCOUNT"},"source":"acct-1","amount":{"type":"REQUESTED_AMOUNT","amount_usdc":5}}`: &OnUsFundingRequest{
			FromAccount: from, ToAccount: to, Source: "acct-1", Amount: RequestedAmount(5)},
		`{"type":"PARTNER_CUSTOMER_DEFUNDING","from_account":{"id":"p1","type":"JIKO_ACCOUNT"},"to_account":{"id":"p2","type":"JIKO_ACCOUNT"},"target":"acct-2","amount":{"type":"FULL_WITHDRAWAL"},"async_mode":true}`: &OnUsDefundingRequest{
			FromAccount: from, ToAccount: to, Target: "acct-2", Amount: FullWithdrawal(), AsyncMode: true},
		`{"type":"PEER_TO_PEER","from_account":{"id":"p1","type":"JIKO_ACCOUNT"},"destination_counterparty_id":"cp","amount":{"type":"REQUESTED_AMOUNT","amount_usdc":7}}`: &OnUsPeerToPeerRequest{
			FromAccount: from, DestinationCounterpartyID: "cp", Amount: RequestedAmount(7)},
	}
	for body, req := range cases {
		h := newHarness(t)
		h.on("POST", onUsPath, status(201, fixture(t, "onus_transfer.json")))
		_, err := h.c.OnUs.Create(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, body, string(h.last().Body))
	}
}

func TestOnUsGet(t *testing.T) {
	h := newHarness(t)
	h.on("GET", onUsPath+"t-1/", status(200, fixture(t, "onus_transfer_peer_to_peer.json")))
	tr, err := h.c.OnUs.Get(context.Background(), "t-1")
	require.NoError(t, err)
	assert.Equal(t, OnUsStatusCompleted, tr.Status)
	assert.Equal(t, "GET", h.last().Method)
	assert.Equal(t, onUsPath+"t-1/", h.last().Path)
	assert.False(t, h.last().HasBody)
}

func TestOnUsRefusesBadInputWithoutSending(t *testing.T) {
	from, to := OnUsAccount{ID: "p1"}, OnUsAccount{ID: "p2"}
	cases := map[string]OnUsTransferRequest{
		"jiko: OnUsFundingRequest.Amount: FULL_WITHDRAWAL is not allowed for PARTNER_CUSTOMER_FUNDING": &OnUsFundingRequest{
			FromAccount: from, ToAccount: to, Source: "s", Amount: FullWithdrawal()},
		"jiko: OnUsFundingRequest.Source: is empty": &OnUsFundingRequest{FromAccount: from, ToAccount: to, Amount: RequestedAmount(1)},
		"jiko: OnUsFundingRequest.Source: is 201 characters; at most 200": &OnUsFundingRequest{
			FromAccount: from, ToAccount: to, Source: string(make([]byte, 201)), Amount: RequestedAmount(1)},
		"jiko: OnUsDefundingRequest.Target: is empty": &OnUsDefundingRequest{FromAccount: from, ToAccount: to, Amount: FullWithdrawal()},
		"jiko: OnUsReallocationRequest.Amount: is required: use RequestedAmount(cents) or FullWithdrawal()": &OnUsReallocationRequest{
			FromAccount: from, ToAccount: to},
		"jiko: OnUsReallocationRequest.Amount.AmountUSDC: must be a positive number of cents, got 0": &OnUsReallocationRequest{
			FromAccount: from, ToAccount: to, Amount: RequestedAmount(0)},
		"jiko: OnUsReallocationRequest.Amount.AmountUSDC: must be 0 with FULL_WITHDRAWAL, got 3": &OnUsReallocationRequest{
			FromAccount: from, ToAccount: to, Amount: TransferAmount{Type: TransferAmountFullWithdrawal, AmountUSDC: 3}},
		`jiko: OnUsReallocationRequest.Amount.Type: "ALL" is not one of REQUESTED_AMOUNT, FULL_WITHDRAWAL`: &OnUsReallocationRequest{
			FromAccount: from, ToAccount: to, Amount: TransferAmount{Type: "ALL"}},
		"jiko: OnUsReallocationRequest.FromAccount.ID: is empty": &OnUsReallocationRequest{ToAccount: to, Amount: RequestedAmount(1)},
		"jiko: OnUsReallocationRequest.ToAccount.ID: is empty":   &OnUsReallocationRequest{FromAccount: from, Amount: RequestedAmount(1)},
		`jiko: OnUsReallocationRequest.ToAccount.Type: "BANK" is not one of JIKO_ACCOUNT`: &OnUsReallocationRequest{
			FromAccount: from, ToAccount: OnUsAccount{ID: "p2", Type: "BANK"}, Amount: RequestedAmount(1)},
		`jiko: OnUsReallocationRequest.TransferID: "t-1" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`: &OnUsReallocationRequest{
			TransferID: "t-1", FromAccount: from, ToAccount: to, Amount: RequestedAmount(1)},
		"jiko: OnUsReallocationRequest.Description: is 101 characters; at most 100": &OnUsReallocationRequest{
			Description: string(make([]byte, 101)), FromAccount: from, ToAccount: to, Amount: RequestedAmount(1)},
		"jiko: OnUsPeerToPeerRequest.DestinationCounterpartyID: is empty": &OnUsPeerToPeerRequest{FromAccount: from, Amount: RequestedAmount(1)},
		"jiko: OnUsPeerToPeerRequest.FromAccount.ID: is empty":            &OnUsPeerToPeerRequest{DestinationCounterpartyID: "c", Amount: RequestedAmount(1)},
		"jiko: OnUsReallocationRequest: is nil":                           (*OnUsReallocationRequest)(nil),
		"jiko: OnUsTransferRequest: is nil":                               nil,
	}
	h := newHarness(t)
	for want, req := range cases {
		_, err := h.c.OnUs.Create(context.Background(), req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	_, err := h.c.OnUs.Get(context.Background(), "..")
	assert.EqualError(t, err, `jiko: transfer_id: ".." is not an id`)
	assert.Empty(t, h.requests())
}

// BenchmarkOnUsRequestEncode is the encoding of a typed request variant,
// with its type spliced in front.
func BenchmarkOnUsRequestEncode(b *testing.B) {
	req := &OnUsReallocationRequest{
		TransferID: IdempotencyKeyFor("x"), Description: "Rebalance",
		FromAccount: OnUsAccount{ID: "p1"}, ToAccount: OnUsAccount{ID: "p2"}, Amount: RequestedAmount(10_000), AsyncMode: true,
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOnUsTransferDecode is the decoding of an answer whose transfer
// is a union resolved by its type.
func BenchmarkOnUsTransferDecode(b *testing.B) {
	raw := []byte(fixture(b, "onus_transfer.json"))
	b.ReportAllocs()
	for b.Loop() {
		var t OnUsTransfer
		if err := json.Unmarshal(raw, &t); err != nil || t.Transfer.Variant == nil {
			b.Fatal(err)
		}
	}
}

func TestOnUsFundingIsRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.OnUs.Create(context.Background(), &OnUsFundingRequest{
		TransferID: "t-1", ToAccount: OnUsAccount{Type: "BANK"}, Amount: FullWithdrawal()})
	const f = "OnUsFundingRequest."
	assert.Equal(t, []string{f + "TransferID", f + "FromAccount.ID", f + "ToAccount.ID", f + "ToAccount.Type", f + "Amount", f + "Source"},
		issueFields(t, err))
	assert.EqualError(t, err, `jiko: `+f+`TransferID: "t-1" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); `+
		f+`FromAccount.ID: is empty; `+
		f+`ToAccount.ID: is empty; `+
		f+`ToAccount.Type: "BANK" is not one of JIKO_ACCOUNT; `+
		f+`Amount: FULL_WITHDRAWAL is not allowed for PARTNER_CUSTOMER_FUNDING; `+
		f+`Source: is empty`)
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}
