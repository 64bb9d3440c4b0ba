package jiko

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ACH fixtures are the v1.29 examples of List, Create and Get ACH
// Origination, as published (see testdata/README.md).

const (
	achTransferID = "497f6eca-6276-4993-bfeb-53cbbbba6f08X"
	// refCounterpartyID is the counterparty of the reference's request examples.
	refCounterpartyID = "fd38dae9-b300-4017-a630-101c4279eafd"
)

func TestACHFixturesDecodeStrictly(t *testing.T) {
	tr := testutil.Strict[ACHTransfer](t, testutil.Load(t, "ach_transfer.json"))
	assert.Equal(t, ACHTransfer{
		CounterpartyID:            "fd38dae9-b300-4017-a630-101c42791afd",
		Direction:                 ACHCredit,
		SECCode:                   ACHSECCodeWEB,
		PaymentRelatedInformation: []string{"Transferring funds to Jiko from an external account"},
		ID:                        achTransferID,
		Amount:                    Money{Value: 100000, Currency: "USD", Formatted: "$1,000.00"},
		JikoAccountID:             "8a7ec6c0-2701-40a1-8954-68870964b50d",
		Status:                    ACHStatusProcessed,
		TimeCreated:               TimestampOf(time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC)),
		CompanyEntryDescription:   "Incoming ACH Transfer",
		ObjectType:                "ACHResponse",
	}, normalizeTime(tr))

	page := testutil.Strict[CursorPage[ACHTransfer]](t, testutil.Load(t, "ach_list.json"))
	require.Len(t, page.Items, 1)
	assert.Equal(t, normalizeTime(tr), normalizeTime(page.Items[0]))
	assert.True(t, page.HasMore())

	req := testutil.Strict[ACHCreateRequest](t, testutil.Load(t, "ach_create.request.json"))
	assert.NoError(t, req.validate(), "the reference's own example is valid")
}

// normalizeTime puts TimeCreated in UTC so that values compare with Equal.
func normalizeTime(t ACHTransfer) ACHTransfer {
	t.TimeCreated.Time = t.TimeCreated.UTC()
	return t
}

func TestACHDecodesUnknownEnums(t *testing.T) {
	var tr ACHTransfer
	require.NoError(t, json.Unmarshal([]byte(`{"direction":"SIDEWAYS","sec_code":"IAT","status":"RETURNED"}`), &tr))
	assert.Equal(t, ACHDirection("SIDEWAYS"), tr.Direction)
	assert.Equal(t, ACHSECCode("IAT"), tr.SECCode)
	assert.Equal(t, ACHStatus("RETURNED"), tr.Status)
}

func TestACHCreate(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(200, fixture(t, "ach_transfer.json")))
	key := IdempotencyKeyFor("ach:payout-42")
	tr, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{
		CounterpartyID:            refCounterpartyID,
		Direction:                 ACHCredit,
		SECCode:                   ACHSECCodeCCD,
		PaymentRelatedInformation: []string{"Invoice 42"},
		AmountUSDC:                250_000,
		CompanyEntryDescription:   "PAYROLL",
	}, WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, achTransferID, tr.ID)
	assert.Equal(t, ACHStatusProcessed, tr.Status)
	assert.Equal(t, "$1,000.00", tr.Amount.String())

	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Empty(t, r.Query)
	assert.Equal(t, `{"counterparty_id":"fd38dae9-b300-4017-a630-101c4279eafd","direction":"CREDIT","sec_code":"CCD",`+
		`"payment_related_information":["Invoice 42"],"amount_usdc":250000,"company_entry_description":"PAYROLL"}`, string(r.Body))
	assert.Equal(t, key, r.Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, NewSigner(testSecret).Sign(key, path, r.Body), r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "))
}

func TestACHCreateSendsTheReferenceExampleAsPublished(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(200, fixture(t, "ach_transfer.json")))
	raw := testutil.Load(t, "ach_create.request.json")
	req := testutil.Strict[ACHCreateRequest](t, raw)
	_, err := h.c.ACH.Create(context.Background(), pocketID, &req)
	require.NoError(t, err)
	assert.Equal(t, compactJSON(t, string(raw)), string(h.last().Body))
}

func TestACHCreateLeavesOptionalFieldsOut(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(200, fixture(t, "ach_transfer.json")))
	_, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{
		CounterpartyID: refCounterpartyID, Direction: ACHDebit, AmountUSDC: 1,
	})
	require.NoError(t, err)
	assert.Equal(t, `{"counterparty_id":"fd38dae9-b300-4017-a630-101c4279eafd","direction":"DEBIT","amount_usdc":1}`, string(h.last().Body))
}

func TestACHList(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("GET", path, status(200, `{"items":[{"id":"a"},{"id":"b"}],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	got, err := h.c.ACH.ListForPocket(context.Background(), pocketID, &ACHListParams{
		Status: []ACHStatus{ACHStatusPending, ACHStatusInTransit}, Direction: ACHCredit, Limit: 100,
	}).Collect()
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, []string{got[0].ID, got[1].ID})
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, "direction=CREDIT&filter%5Bstatus%5D=PENDING&filter%5Bstatus%5D=IN_TRANSIT&limit=100", r.Query)
	assert.False(t, r.HasBody)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestACHListPagesFollowTheCursor(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("GET", path,
		status(200, fixture(t, "ach_list.json")),
		status(200, `{"items":[],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	p, err := h.c.ACH.ListForPocketPage(context.Background(), pocketID, nil)
	require.NoError(t, err)
	require.True(t, p.HasMore())
	_, err = h.c.ACH.ListForPocketPage(context.Background(), pocketID, &ACHListParams{Cursor: p.NextPage})
	require.NoError(t, err)
	assert.Equal(t, "cursor="+p.NextPage, strings.ReplaceAll(h.last().Query, "%3D", "="))
}

func TestACHListForCustomer(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/ach-originating/"
	h.on("GET", path, status(200, fixture(t, "ach_list.json")))
	p, err := h.c.ACH.ListForCustomerPage(context.Background(), customerID, &ACHListParams{Direction: ACHDebit})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	assert.Equal(t, path, h.last().Path)
	assert.Equal(t, "direction=DEBIT", h.last().Query)

	h.on("GET", path, status(200, `{"items":[{"id":"x"}],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	all, err := h.c.ACH.ListForCustomer(context.Background(), customerID, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, "x", all[0].ID)
	assert.Empty(t, h.last().Query)
}

func TestACHGet(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/transfer%3F1/"
	h.on("GET", path, status(200, fixture(t, "ach_transfer.json")))
	tr, err := h.c.ACH.Get(context.Background(), pocketID, "transfer?1")
	require.NoError(t, err)
	assert.Equal(t, "8a7ec6c0-2701-40a1-8954-68870964b50d", tr.JikoAccountID)
	assert.Equal(t, "GET", h.last().Method)
	assert.Equal(t, path, h.last().Path, "the id is escaped, not a new segment")

	h.on("GET", "/api/v1/jiko-accounts/"+pocketID+"/ach-originating/nope/", status(404, `{"detail":"Not found"}`))
	_, err = h.c.ACH.Get(context.Background(), pocketID, "nope")
	assert.True(t, IsNotFound(err))
}

func TestACHRefusesBadInputWithoutSending(t *testing.T) {
	ok := func() ACHCreateRequest {
		return ACHCreateRequest{CounterpartyID: refCounterpartyID, Direction: ACHCredit, AmountUSDC: 100}
	}
	cases := map[string]func(r *ACHCreateRequest){
		"jiko: ACHCreateRequest.CounterpartyID: is empty":                               func(r *ACHCreateRequest) { r.CounterpartyID = " " },
		"jiko: ACHCreateRequest.Direction: is empty; use one of DEBIT, CREDIT":          func(r *ACHCreateRequest) { r.Direction = "" },
		`jiko: ACHCreateRequest.Direction: "PUSH" is not one of DEBIT, CREDIT`:          func(r *ACHCreateRequest) { r.Direction = "PUSH" },
		`jiko: ACHCreateRequest.SECCode: "PPD" is not one of CCD, WEB`:                  func(r *ACHCreateRequest) { r.SECCode = ACHSECCodePPD },
		"jiko: ACHCreateRequest.AmountUSDC: must be a positive number of cents, got 0":  func(r *ACHCreateRequest) { r.AmountUSDC = 0 },
		"jiko: ACHCreateRequest.AmountUSDC: must be a positive number of cents, got -5": func(r *ACHCreateRequest) { r.AmountUSDC = -5 },
		"jiko: ACHCreateRequest.CompanyEntryDescription: is required when SECCode is CCD": func(r *ACHCreateRequest) {
			r.SECCode = ACHSECCodeCCD
		},
		"jiko: ACHCreateRequest.CompanyEntryDescription: is 11 characters; at most 10": func(r *ACHCreateRequest) {
			r.CompanyEntryDescription = "PAYROLL 123"
		},
		`jiko: ACHCreateRequest.CompanyEntryDescription: "Pay-roll" may hold only letters, digits and spaces`: func(r *ACHCreateRequest) {
			r.CompanyEntryDescription = "Pay-roll"
		},
	}
	h := newHarness(t)
	ctx := context.Background()
	for want, mutate := range cases {
		req := ok()
		mutate(&req)
		_, err := h.c.ACH.Create(ctx, pocketID, &req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	_, err := h.c.ACH.Create(ctx, pocketID, nil)
	assert.EqualError(t, err, "jiko: ACHCreateRequest: is nil")
	req := ok()
	_, err = h.c.ACH.Create(ctx, "", &req)
	assert.EqualError(t, err, "jiko: account_id: is empty")
	_, err = h.c.ACH.Create(ctx, "..", &req)
	assert.EqualError(t, err, `jiko: account_id: ".." is not an id`)
	_, err = h.c.ACH.Get(ctx, pocketID, " ")
	assert.EqualError(t, err, "jiko: transfer_id: is empty")
	_, err = h.c.ACH.ListForCustomer(ctx, "", nil).Collect()
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	_, err = h.c.ACH.ListForPocketPage(ctx, pocketID, &ACHListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: ACHListParams.Limit: 101 is out of range 0..100")
	_, err = h.c.ACH.ListForPocket(ctx, pocketID, &ACHListParams{Status: []ACHStatus{"DONE"}}).Collect()
	assert.EqualError(t, err, `jiko: ACHListParams.Status: "DONE" is not one of PENDING, FAILED, REJECTED, PROCESSED, APPROVED, IN_TRANSIT, CANCELLED`)
	_, err = h.c.ACH.ListForPocketPage(ctx, pocketID, &ACHListParams{Direction: "UP"})
	assert.EqualError(t, err, `jiko: ACHListParams.Direction: "UP" is not one of DEBIT, CREDIT`)
	assert.Empty(t, h.requests())
}

func TestACHAcceptsAValidDescriptionForEachCode(t *testing.T) {
	for _, r := range []ACHCreateRequest{
		{CounterpartyID: "c", Direction: ACHDebit, AmountUSDC: 1, SECCode: ACHSECCodeCCD, CompanyEntryDescription: "Funding TX"},
		{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 1, SECCode: ACHSECCodeWEB},
		{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 1, CompanyEntryDescription: "A"},
	} {
		assert.NoError(t, r.validate())
	}
}

func TestACHCreateReportsTheAPIsRefusal(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(http.StatusUnprocessableEntity, `{"detail":"Counterparty is not verified"}`))
	_, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 1})
	assert.True(t, IsValidation(err))
	assert.Contains(t, err.Error(), "Counterparty is not verified")
	assert.Len(t, h.requests(), 1, "a 422 is not retried")
}
