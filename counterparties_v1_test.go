package jiko

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The counterparties_v1_* fixtures are the request and response examples of
// the v1.29 reference's Counterparties and Counterparties: Plaid operations,
// as published.

func TestCounterpartyV1FixturesDecodeStrictly(t *testing.T) {
	list := testutil.Strict[CursorPage[CounterpartyV1]](t, testutil.Load(t, "counterparties_v1_list.json"))
	require.Len(t, list.Items, 1)
	c := list.Items[0]
	assert.Equal(t, CounterpartyTypeV1ACH, c.Type)
	require.NotNil(t, c.ACH)
	require.NotNil(t, c.Wire)
	assert.Equal(t, VerificationTypeMicroDeposits, c.ACH.VerificationType)
	assert.Equal(t, VerificationInProgress, c.ACH.Status)
	assert.Equal(t, ACHAccountSavings, c.ACH.AccountType)
	assert.Equal(t, &CounterpartyPlaid{Mask: "0000", VerificationStatus: PlaidPendingAutomaticVerification, ObjectType: "CounterpartyPlaid"}, c.ACH.Plaid)
	assert.Equal(t, VerificationTypeIncomingWire, c.Wire.VerificationType)
	assert.Equal(t, time.Date(2023, 1, 15, 14, 0, 0, 0, time.UTC), c.ACH.TimeCreated.UTC())
	assert.False(t, c.Verified())
	assert.True(t, list.HasMore())

	get := testutil.Strict[CounterpartyV1](t, testutil.Load(t, "counterparties_v1_get.json"))
	assert.Equal(t, CounterpartyTypeV1Wire, get.Type)
	assert.Nil(t, get.ACH)
	assert.Equal(t, "1213456789", get.Wire.AccountNumber)
	get.Wire.Status = VerificationVerified
	assert.True(t, get.Verified())

	tok := testutil.Strict[PlaidLinkToken](t, testutil.Load(t, "counterparties_v1_plaid_link_token.json"))
	assert.Equal(t, "link-af1a0311-da53-4636-b754-dd15cc058176", tok.LinkToken)
	exp, err := tok.ExpiresAt()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC), exp.UTC())

	created := testutil.Strict[PlaidCounterparties](t, testutil.Load(t, "counterparties_v1_plaid_create.json"))
	require.Len(t, created.Items, 1)
	assert.Equal(t, "PlaidCreateCounterpartiesResponse", created.ObjectType)

	req := testutil.Strict[PlaidLinkTokenRequest](t, testutil.Load(t, "counterparties_v1_plaid_link_token.request.json"))
	assert.Equal(t, "My App", req.ClientName)
	preq := testutil.Strict[PlaidCounterpartiesCreateRequest](t, testutil.Load(t, "counterparties_v1_plaid_create.request.json"))
	assert.Equal(t, []PlaidAccount{{ID: "blgvvBlXw3cq5GMPwqB6s6q4dLKB9WcVqGDGo", Name: "Plaid Checking", Mask: "0000"}}, preq.Accounts)
}

func TestCounterpartiesV1List(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/counterparties/"
	h.on("GET", path, status(200, fixture(t, "counterparties_v1_list.json")), status(200, `{"items":[],"next_page":null}`))
	items, err := h.c.CounterpartiesV1.ListForCustomer(context.Background(), customerID, &CounterpartyV1ListParams{Limit: 50}).Collect()
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, "497f6eca-6276-4993-bfeb-53cbbbba6f08X", items[0].ID)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "limit=50", reqs[0].Query)
	assert.Equal(t, "cursor=cD0yMDIyLTEyLTE5KzE5JTNBNTQlM0EyNy4xODMyNzglMkIwMCUzQTAw&limit=50", reqs[1].Query)
	checkRequest(t, reqs[0], "GET", path)

	_, err = h.c.CounterpartiesV1.ListForCustomerPage(context.Background(), customerID, &CounterpartyV1ListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: CounterpartyV1ListParams.Limit: 101 is out of range 0..100")
	assert.Len(t, h.requests(), 2)
}

func TestCounterpartiesV1Get(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/counterparties/" + counterpartyID + "/"
	h.on("GET", path, status(200, fixture(t, "counterparties_v1_get.json")))
	c, err := h.c.CounterpartiesV1.Get(context.Background(), customerID, counterpartyID)
	require.NoError(t, err)
	r := h.last()
	assert.Empty(t, r.Query)
	assert.False(t, r.HasBody)
	checkRequest(t, r, "GET", path)
	assert.Equal(t, counterpartyID, c.ID)
	assert.Equal(t, "External Bank NA", c.Wire.InstitutionName)

	h.on("GET", path, status(404, `{"detail":"Not found"}`))
	_, err = h.c.CounterpartiesV1.Get(context.Background(), customerID, counterpartyID)
	assert.True(t, IsNotFound(err))
}

func TestCounterpartiesV1CreatePlaidLinkToken(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/counterparties/plaid/link-token/"
	h.on("POST", path, status(200, fixture(t, "counterparties_v1_plaid_link_token.json")))
	tok, err := h.c.CounterpartiesV1.CreatePlaidLinkToken(context.Background(), customerID, &PlaidLinkTokenRequest{
		ClientName: "My App", RedirectURI: "https://example.com/plaid-oauth", CounterpartyID: "fd38dae9-b300-4017-a630-101c4279eafd",
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, `{"client_name":"My App","redirect_uri":"https://example.com/plaid-oauth","counterparty_id":"fd38dae9-b300-4017-a630-101c4279eafd"}`, string(r.Body))
	checkRequest(t, r, "POST", path)
	assert.Equal(t, "link-af1a0311-da53-4636-b754-dd15cc058176", tok.LinkToken)
	assert.Equal(t, "2023-01-01T12:00:00+00:00", tok.Expiration)
}

func TestCounterpartiesV1CreatePlaid(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/counterparties/plaid/"
	h.on("POST", path, status(200, fixture(t, "counterparties_v1_plaid_create.json")))
	req := testutil.Strict[PlaidCounterpartiesCreateRequest](t, testutil.Load(t, "counterparties_v1_plaid_create.request.json"))
	res, err := h.c.CounterpartiesV1.CreatePlaid(context.Background(), customerID, &req)
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, compactJSON(t, fixture(t, "counterparties_v1_plaid_create.request.json")), string(r.Body))
	checkRequest(t, r, "POST", path)
	require.Len(t, res.Items, 1)
	assert.Equal(t, PlaidPendingAutomaticVerification, res.Items[0].ACH.Plaid.VerificationStatus)
}

func TestCounterpartiesV1VerifyPlaid(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/counterparties/" + counterpartyID + "/plaid/verify/"
	h.on("POST", path, status(204, ""))
	require.NoError(t, h.c.CounterpartiesV1.VerifyPlaid(context.Background(), customerID, counterpartyID))
	r := h.last()
	assert.Empty(t, r.Body)
	checkRequest(t, r, "POST", path)
}

func TestCounterpartiesV1BadInputIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	cases := map[string]error{}
	_, cases["jiko: PlaidLinkTokenRequest: is nil"] = h.c.CounterpartiesV1.CreatePlaidLinkToken(ctx, customerID, nil)
	_, cases["jiko: PlaidLinkTokenRequest.ClientName: is empty"] = h.c.CounterpartiesV1.CreatePlaidLinkToken(ctx, customerID, &PlaidLinkTokenRequest{})
	_, cases["jiko: PlaidLinkTokenRequest.AndroidPackageName: cannot be set with RedirectURI: use one"] = h.c.CounterpartiesV1.CreatePlaidLinkToken(ctx, customerID,
		&PlaidLinkTokenRequest{ClientName: "App", RedirectURI: "https://x", AndroidPackageName: "com.x"})
	_, cases["jiko: PlaidCounterpartiesCreateRequest.PublicToken: is empty; PlaidCounterpartiesCreateRequest.Accounts: is empty: at least one account is required"] = h.c.CounterpartiesV1.CreatePlaid(ctx, customerID, &PlaidCounterpartiesCreateRequest{})
	_, cases["jiko: PlaidCounterpartiesCreateRequest.Accounts: is empty: at least one account is required"] = h.c.CounterpartiesV1.CreatePlaid(ctx, customerID,
		&PlaidCounterpartiesCreateRequest{PublicToken: "public-x"})
	_, cases["jiko: PlaidCounterpartiesCreateRequest.Accounts[1].ID: is empty"] = h.c.CounterpartiesV1.CreatePlaid(ctx, customerID,
		&PlaidCounterpartiesCreateRequest{PublicToken: "public-x", Accounts: []PlaidAccount{{ID: "a"}, {Name: "b"}}})
	cases["jiko: counterparty_id: is empty"] = h.c.CounterpartiesV1.VerifyPlaid(ctx, customerID, "")
	_, cases[`jiko: customer_id: "." is not an id`] = h.c.CounterpartiesV1.Get(ctx, ".", counterpartyID)
	for want, err := range cases {
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	assert.Empty(t, h.requests())
}

func TestPlaidPublicTokenIsNeverPrinted(t *testing.T) {
	req := PlaidCounterpartiesCreateRequest{PublicToken: "public-sandbox-secret-123", Accounts: []PlaidAccount{{ID: "a"}}, InstitutionID: "ins_1"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{req, &req} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "secret-123", verb)
			assert.Contains(t, out, "[redacted]", verb)
		}
	}
	// Validation errors name the field, never the value.
	h := newHarness(t)
	_, err := h.c.CounterpartiesV1.CreatePlaid(context.Background(), customerID, &PlaidCounterpartiesCreateRequest{PublicToken: "public-sandbox-secret-123"})
	assert.NotContains(t, err.Error(), "secret-123")
}

// An API answer that echoes the public token does not carry it into the
// error, its message or its kept body.
func TestPlaidPublicTokenIsNotKeptFromTheAPIsAnswer(t *testing.T) {
	const token = "public-sandbox-secret-123"
	path := "/api/v1/customers/" + customerID + "/counterparties/plaid/"
	for name, body := range map[string]string{
		"detail": `{"detail":"public token public-sandbox-secret-123 has expired"}`,
		"issues": `{"detail":[{"loc":["body","public_token","public-sandbox-secret-123"],"msg":"invalid public-sandbox-secret-123","type":"value_error","input":"public-sandbox-secret-123"}]}`,
		"text":   `bad token public-sandbox-secret-123`,
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.on("POST", path, status(http.StatusBadRequest, body))
			_, err := h.c.CounterpartiesV1.CreatePlaid(context.Background(), customerID,
				&PlaidCounterpartiesCreateRequest{PublicToken: token, Accounts: []PlaidAccount{{ID: "a"}}})
			var jerr *Error
			require.ErrorAs(t, err, &jerr)
			assert.Equal(t, http.StatusBadRequest, jerr.StatusCode)
			assert.NotContains(t, err.Error(), "secret-123")
			assert.NotContains(t, fmt.Sprintf("%+v", jerr), "secret-123")
			assert.NotContains(t, string(jerr.Body), "secret-123")
			assert.Contains(t, err.Error(), "[REDACTED]", "the API's message is kept, without the token")
		})
	}
}

// A member of the wrong JSON type (ach.plaid as a string) keeps its item,
// with the object as it came and the error, and never fails the page; the
// drift audit reports it, and strict decoding refuses it.
func TestCounterpartyV1WithAMalformedMemberKeepsItsPage(t *testing.T) {
	path := "/api/v1/customers/" + customerID + "/counterparties/"
	bad := `{"id":"b","type":"ACH","ach":{"status":"VERIFIED","account_number":"1","plaid":"linked"},"object_type":"Counterparty"}`
	good := `{"id":"g","type":"WIRE","wire":{"status":"VERIFIED"},"object_type":"Counterparty"}`
	page := `{"items":[` + bad + `,` + good + `],"next_page":null,"prev_page":null,"object_type":"CursorList"}`

	var drift []Drift
	h := newHarness(t, WithDriftHandler(func(_ context.Context, d Drift) { drift = append(drift, d) }))
	h.on("GET", path, status(200, page))
	got, err := h.c.CounterpartiesV1.ListForCustomer(context.Background(), customerID, nil).Collect()
	require.NoError(t, err, "no item fails the page")
	require.Len(t, got, 2)
	require.NotNil(t, got[0].Undecoded)
	assert.Equal(t, "b", got[0].ID, "the fields are decoded as far as they go")
	assert.Equal(t, VerificationVerified, got[0].ACH.Status)
	assert.Equal(t, "ACH", got[0].Undecoded.Kind())
	assert.ErrorContains(t, got[0].Undecoded.Err, `jiko: v1 counterparty of type "ACH": json: cannot unmarshal string into Go struct field`)
	assert.ErrorContains(t, got[0].Undecoded.Err, "ach.plaid")
	b, err := json.Marshal(got[0])
	require.NoError(t, err)
	assert.JSONEq(t, bad, string(b), "it encodes as it came")
	assert.Nil(t, got[1].Undecoded)
	assert.True(t, got[1].Verified())
	var unknown []Drift // the good item's members left out are drift too
	for _, d := range drift {
		if d.Kind == DriftUnknownVariant {
			unknown = append(unknown, d)
		}
	}
	require.Len(t, unknown, 1)
	assert.Equal(t, "items[0]", unknown[0].Path)

	h = newHarness(t, WithStrictDecoding())
	h.on("GET", path, status(200, page))
	_, err = h.c.CounterpartiesV1.ListForCustomer(context.Background(), customerID, nil).Collect()
	var de *DriftError
	require.ErrorAs(t, err, &de)

	var c CounterpartyV1
	assert.Error(t, json.Unmarshal([]byte(`{"id":"x"`), &c), "bytes that are not JSON are still an error")
}
