package jikotest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet reads path through the client into raw JSON, to compare the
// fake's own answer with a reference example.
func rawGet(t *testing.T, c *jiko.Client, path string) []byte {
	t.Helper()
	var out json.RawMessage
	require.NoError(t, c.Do(context.Background(), "GET", path, nil, nil, &out))
	return out
}

// sameShape fails the test when got does not have the shape of the
// fixture (a file of ../testdata).
func sameShape(t *testing.T, fixture string, got []byte, nullable ...string) {
	t.Helper()
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/"+fixture), got, nullable...), fixture)
}

// withoutKey returns the fixture with key removed from its first item, for
// the reference examples that show both sides of a v1 counterparty at once.
func withoutKey(t *testing.T, fixture, key string) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/"+fixture), &doc))
	delete(doc["items"].([]any)[0].(map[string]any), key)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

func achRequest() *jiko.ACHCounterpartyCreateRequest {
	return &jiko.ACHCounterpartyCreateRequest{RoutingNumber: "021000021", AccountNumber: "123456789",
		AccountType: jiko.ACHAccountSavings, NameOnAccount: "Ada Lovelace"}
}

func TestCounterpartyLifecycleV2(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	srv.AddCustomer(customerID)
	base := "/api/v2/customers/" + customerID + "/counterparties/"

	cp, err := c.Counterparties.Create(ctx, customerID, achRequest(), jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("cp-1")))
	require.NoError(t, err)
	ach := cp.Variant.(*jiko.ACHCounterparty)
	assert.Equal(t, jiko.CounterpartyStatusPending, ach.Status)
	assert.Equal(t, jiko.VerificationMethodMicroDeposits, ach.VerificationMethod, "the method v1 shows, in v2's spelling")
	assert.Equal(t, "Ada Lovelace", ach.NameOnAccount)
	v1, err := c.CounterpartiesV1.Get(ctx, customerID, ach.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.VerificationTypeMicroDeposits, v1.ACH.VerificationType, "one counterparty reads alike in v1 and v2")
	sameShape(t, "counterparties_get_ach.inferred.json", rawGet(t, c, base+ach.ID+"/"))

	// A resend with the same key is the same counterparty, with no second
	// side effect.
	effects := srv.SideEffects()
	again, err := c.Counterparties.Create(ctx, customerID, achRequest(), jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("cp-1")))
	require.NoError(t, err)
	assert.Equal(t, ach.ID, again.Common().ID)
	assert.Equal(t, effects, srv.SideEffects())

	// Linking an unverified counterparty is refused; once verified it is
	// LINKED, and it can be unlinked and linked again.
	_, err = c.Counterparties.Update(ctx, customerID, ach.ID, &jiko.CounterpartyUpdateRequest{Status: jiko.CounterpartyStatusLinked})
	assert.True(t, jiko.IsValidation(err), "%v", err)
	require.NoError(t, srv.VerifyCounterparty(ach.ID))
	got, err := c.Counterparties.Get(ctx, customerID, ach.ID)
	require.NoError(t, err)
	assert.True(t, got.Common().Linked())
	assert.Equal(t, jiko.VerificationMethodMicroDeposits, got.Common().VerificationMethod, "verified by the same method")
	un, err := c.Counterparties.Update(ctx, customerID, ach.ID, &jiko.CounterpartyUpdateRequest{Status: jiko.CounterpartyStatusUnlinked})
	require.NoError(t, err)
	assert.Equal(t, jiko.CounterpartyStatusUnlinked, un.Common().Status)
	re, err := c.Counterparties.Update(ctx, customerID, ach.ID, &jiko.CounterpartyUpdateRequest{Status: jiko.CounterpartyStatusLinked})
	require.NoError(t, err)
	assert.Equal(t, jiko.CounterpartyStatusLinked, re.Common().Status)

	_, err = c.Counterparties.Get(ctx, customerID, "no-such-counterparty")
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.Counterparties.Get(ctx, "other-customer", ach.ID)
	assert.True(t, jiko.IsNotFound(err))
	assert.Equal(t, srv.Requests()[len(srv.Requests())-1].Status, 404)
}

func TestCounterpartyVariantsOfTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	pocket := srv.AddPocket(customerID, jikotest.PocketSeed{})
	base := "/api/v2/customers/" + customerID + "/counterparties/"
	address, ok := srv.PocketNetworkAddress(pocket.ID)
	require.True(t, ok)

	reqs := map[string]jiko.CounterpartyCreateRequest{
		"counterparties_get_wire.inferred.json": &jiko.WireCounterpartyCreateRequest{RoutingNumber: "011000015", Identifier: "1213456789",
			Address:          jiko.CounterpartyAddress{StreetAddress: "1 Market Street", StreetAddress2: "Suite 500", City: "Newark", PostalCode: "07102", State: "NJ", Country: "US"},
			WireInstructions: "Attn: Treasury", CounterpartyName: jiko.BusinessCounterpartyName("Acme")},
		"counterparties_get_international_wire.inferred.json": &jiko.InternationalWireCounterpartyCreateRequest{RoutingNumber: "DEUTDEFF", Identifier: "DE89370400440532013000",
			IdentifierType:   jiko.WireIdentifierIBAN,
			Address:          jiko.CounterpartyAddress{StreetAddress: "Taunusanlage 12", StreetAddress2: "Floor 3", City: "Frankfurt", PostalCode: "60325", State: "HE", Country: "DE"},
			WireInstructions: "Ref 1", CounterpartyName: jiko.IndividualCounterpartyName("Erika", "Mustermann")},
		"counterparties_get_on_us.inferred.json":                 &jiko.OnUsCounterpartyCreateRequest{AccountNumber: address},
		"counterparties_get_crypto_wallet_address.inferred.json": &jiko.CryptoWalletAddressCounterpartyCreateRequest{WalletAddress: "0xabc", Network: "ETHEREUM"},
	}
	for fixture, req := range reqs {
		cp, err := c.Counterparties.Create(ctx, customerID, req)
		require.NoError(t, err, fixture)
		sameShape(t, fixture, rawGet(t, c, base+cp.Common().ID+"/"))
	}

	// The list filters by type and status, in the reference's list shape.
	list := rawGet(t, c, base)
	var page map[string]any
	require.NoError(t, json.Unmarshal(list, &page))
	assert.Len(t, page["items"], 4)
	onus, err := c.Counterparties.ListForCustomer(ctx, customerID, &jiko.CounterpartyListParams{Type: jiko.CounterpartyTypeOnUs}).Collect()
	require.NoError(t, err)
	require.Len(t, onus, 1)
	assert.Equal(t, address, onus[0].Variant.(*jiko.OnUsCounterparty).AccountNumber)
	linked, err := c.Counterparties.ListForCustomer(ctx, customerID, &jiko.CounterpartyListParams{Status: jiko.CounterpartyStatusLinked}).Collect()
	require.NoError(t, err)
	assert.Empty(t, linked)

	// An on-us counterparty must name a Pocket's network address.
	_, err = c.Counterparties.Create(ctx, customerID, &jiko.OnUsCounterpartyCreateRequest{AccountNumber: "70000000999"})
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 422, jerr.StatusCode)
	assert.Equal(t, "account_number", jerr.Issues[0].Field)

	// The fake refuses what the schema refuses, even from a raw client.
	var out json.RawMessage
	err = c.Do(ctx, "POST", base, nil, map[string]any{"type": "ach", "routing_number": "021000022", "account_number": "12", "account_type": "X"}, &out)
	require.ErrorAs(t, err, &jerr)
	fields := []string{}
	for _, is := range jerr.Issues {
		fields = append(fields, is.Field)
	}
	assert.Equal(t, []string{"routing_number", "account_number", "account_type", "name_on_account"}, fields)
	err = c.Do(ctx, "POST", base, nil, map[string]any{"type": "sepa"}, &out)
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "type", jerr.Issues[0].Field)
}

func TestCounterpartiesV1AndPlaidFlow(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	srv.AddCustomer(customerID)

	tok, err := c.CounterpartiesV1.CreatePlaidLinkToken(ctx, customerID, &jiko.PlaidLinkTokenRequest{ClientName: "My App"})
	require.NoError(t, err)
	exp, err := tok.ExpiresAt()
	require.NoError(t, err)
	assert.True(t, exp.After(time.Now()), "expires %v", exp)
	var rawTok json.RawMessage
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/customers/"+customerID+"/counterparties/plaid/link-token/", nil,
		map[string]string{"client_name": "My App"}, &rawTok))
	sameShape(t, "counterparties_v1_plaid_link_token.json", rawTok)

	// Same Day Micro-deposits: no institution, so manual verification.
	req := &jiko.PlaidCounterpartiesCreateRequest{PublicToken: "public-sandbox-1", Accounts: []jiko.PlaidAccount{{ID: "acc-1", Name: "Plaid Checking", Mask: "0000"}}}
	var rawCreated json.RawMessage
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/customers/"+customerID+"/counterparties/plaid/", nil, req, &rawCreated))
	sameShape(t, "counterparties_v1_plaid_create.json", rawCreated)
	var created jiko.PlaidCounterparties
	require.NoError(t, json.Unmarshal(rawCreated, &created))
	cp := created.Items[0]
	assert.Equal(t, jiko.VerificationInProgress, cp.ACH.Status)
	assert.Equal(t, jiko.VerificationTypePlaid, cp.ACH.VerificationType)
	assert.Equal(t, jiko.PlaidPendingManualVerification, cp.ACH.Plaid.VerificationStatus)
	assert.Equal(t, "0000", cp.ACH.AccountNumber[len(cp.ACH.AccountNumber)-4:])
	assert.False(t, cp.Verified())

	list := rawGet(t, c, "/api/v1/customers/"+customerID+"/counterparties/")
	assert.NoError(t, testutil.SameShape(withoutKey(t, "counterparties_v1_list.json", "wire"), list, "prev_page", "next_page"))

	require.NoError(t, c.CounterpartiesV1.VerifyPlaid(ctx, customerID, cp.ID))
	got, err := c.CounterpartiesV1.Get(ctx, customerID, cp.ID)
	require.NoError(t, err)
	assert.True(t, got.Verified())
	assert.Equal(t, jiko.PlaidManuallyVerified, got.ACH.Plaid.VerificationStatus)
	v2, err := c.Counterparties.Get(ctx, customerID, cp.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.VerificationMethodPlaid, v2.Common().VerificationMethod)
	assert.True(t, v2.Common().Linked())

	// Verifying twice is refused; so is a link token for an unknown
	// counterparty or customer.
	err = c.CounterpartiesV1.VerifyPlaid(ctx, customerID, cp.ID)
	assert.True(t, jiko.IsValidation(err), "%v", err)
	_, err = c.CounterpartiesV1.CreatePlaidLinkToken(ctx, customerID, &jiko.PlaidLinkTokenRequest{ClientName: "App", CounterpartyID: "00000000-0000-4000-8000-000000000000"})
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.CounterpartiesV1.CreatePlaid(ctx, "nobody", req)
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.CounterpartiesV1.CreatePlaid(ctx, customerID, &jiko.PlaidCounterpartiesCreateRequest{PublicToken: "bad", Accounts: []jiko.PlaidAccount{{ID: "a"}}})
	assert.True(t, jiko.IsValidation(err))

	// Instant auth (an institution) is verified automatically on VerifyCounterparty.
	auto, err := c.CounterpartiesV1.CreatePlaid(ctx, customerID, &jiko.PlaidCounterpartiesCreateRequest{PublicToken: "public-2", InstitutionID: "ins_109508",
		Accounts: []jiko.PlaidAccount{{ID: "acc-2"}, {ID: "acc-3"}}})
	require.NoError(t, err)
	require.Len(t, auto.Items, 2)
	assert.Equal(t, jiko.PlaidPendingAutomaticVerification, auto.Items[0].ACH.Plaid.VerificationStatus)
	require.NoError(t, srv.VerifyCounterparty(auto.Items[1].ID))
	got, err = c.CounterpartiesV1.Get(ctx, customerID, auto.Items[1].ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.PlaidAutomaticallyVerified, got.ACH.Plaid.VerificationStatus)

	// A wire counterparty shows in v1 as the reference's Get example does.
	wireID, err := srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeWire})
	require.NoError(t, err)
	sameShape(t, "counterparties_v1_get.json", rawGet(t, c, "/api/v1/customers/"+customerID+"/counterparties/"+wireID+"/"))
	// v1 does not show the types it does not know.
	walletID, err := srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeCryptoWalletAddress})
	require.NoError(t, err)
	_, err = c.CounterpartiesV1.Get(ctx, customerID, walletID)
	assert.True(t, jiko.IsNotFound(err))
	all, err := c.CounterpartiesV1.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 4)

	assert.Error(t, srv.VerifyCounterparty("nope"))
	_, err = srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeOnUs, PocketID: "nope"})
	assert.Error(t, err)
}
