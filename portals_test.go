package jiko

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The portals_v1_* fixtures are the v1.29 reference's Portal examples as
// published. The portals_*.inferred.json fixtures are built by hand: Portals
// V2 is known from the partner changelog (bank-account portals and crypto
// deposit addresses) and the List Customer Portals path only; they carry
// the v1 example's values and pin the inferred model.

const portalID = "497f6eca-6276-4993-bfeb-53cbbbba6f08X"

func TestPortalFixturesDecodeStrictly(t *testing.T) {
	list := testutil.Strict[portalV1List](t, testutil.Load(t, "portals_v1_list.json"))
	assert.Equal(t, 1, list.Count)
	require.Len(t, list.Portals, 1)
	want := PortalV1{ID: portalID, JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d", RoutingNumber: "123456789",
		AccountNumber: "987654321", Status: PortalStatusOpen, Name: "Payroll", ObjectType: "Portal"}
	assert.Equal(t, want, list.Portals[0])
	for _, name := range []string{"portals_v1_get.json", "portals_v1_create.json", "portals_v1_update.json"} {
		assert.Equal(t, want, testutil.Strict[PortalV1](t, testutil.Load(t, name)), name)
	}
	assert.Equal(t, PortalV1CreateRequest{Name: "Payroll"}, testutil.Strict[PortalV1CreateRequest](t, testutil.Load(t, "portals_v1_create.request.json")))

	bank := testutil.Strict[Portal](t, testutil.Load(t, "portals_get.inferred.json"))
	assert.Equal(t, PortalTypeBankAccount, bank.Type)
	assert.Equal(t, "987654321", *bank.AccountNumber)
	assert.Nil(t, bank.CryptoDepositAddress)
	crypto := testutil.Strict[Portal](t, testutil.Load(t, "portals_get_crypto.inferred.json"))
	assert.Equal(t, PortalTypeCryptoDepositAddress, crypto.Type)
	assert.Nil(t, crypto.RoutingNumber)
	assert.Equal(t, &CryptoDepositAddress{Address: "0x52908400098527886E0F7030069857D2E4169EE7", Network: "ETHEREUM"}, crypto.CryptoDepositAddress)
	page := testutil.Strict[CursorPage[Portal]](t, testutil.Load(t, "portals_list.inferred.json"))
	assert.Len(t, page.Items, 2)
}

func TestPortalsV1List(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/portals/"
	h.on("GET", path, status(200, fixture(t, "portals_v1_list.json")))
	list, err := h.c.PortalsV1.ListForPocket(context.Background(), pocketID).Collect()
	require.NoError(t, err)
	r := h.last()
	assert.Empty(t, r.Query)
	assert.False(t, r.HasBody)
	checkRequest(t, r, "GET", path)
	require.Len(t, list, 1)
	assert.Equal(t, "Payroll", list[0].Name)
	assert.Len(t, h.requests(), 1, "the whole list is one page")

	page, err := h.c.PortalsV1.ListForPocketPage(context.Background(), pocketID)
	require.NoError(t, err)
	assert.Equal(t, OffsetPage[PortalV1]{Items: list, Count: 1}, *page)
	checkRequest(t, h.last(), "GET", path)
}

func TestPortalsV1Create(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/portals/"
	h.on("POST", path, status(201, fixture(t, "portals_v1_create.json")))
	p, err := h.c.PortalsV1.Create(context.Background(), pocketID, &PortalV1CreateRequest{Name: "Payroll"})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, compactJSON(t, fixture(t, "portals_v1_create.request.json")), string(r.Body))
	checkRequest(t, r, "POST", path)
	assert.Equal(t, portalID, p.ID)
}

func TestPortalsV1Get(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/portals/" + portalID + "/"
	h.on("GET", path, status(200, fixture(t, "portals_v1_get.json")))
	p, err := h.c.PortalsV1.Get(context.Background(), pocketID, portalID)
	require.NoError(t, err)
	r := h.last()
	checkRequest(t, r, "GET", path)
	assert.Equal(t, "123456789", p.RoutingNumber)
}

func TestPortalsV1Update(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/portals/" + portalID + "/"
	h.on("PATCH", path, status(200, fixture(t, "portals_v1_update.json")))
	p, err := h.c.PortalsV1.Update(context.Background(), pocketID, portalID, &PortalV1UpdateRequest{Name: "Rent"})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, `{"name":"Rent"}`, string(r.Body))
	checkRequest(t, r, "PATCH", path)
	assert.Equal(t, PortalStatusOpen, p.Status)
}

func TestPortalsV1Close(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/portals/" + portalID + "/close/"
	h.on("POST", path, status(204, ""), status(412, `{"detail":"Portal is already closed"}`))
	require.NoError(t, h.c.PortalsV1.Close(context.Background(), pocketID, portalID))
	r := h.last()
	assert.Empty(t, r.Body)
	checkRequest(t, r, "POST", path)

	err := h.c.PortalsV1.Close(context.Background(), pocketID, portalID)
	assert.True(t, IsPreconditionFailed(err))
	assert.False(t, IsValidation(err))
	assert.Contains(t, err.Error(), "412 Precondition Failed: Portal is already closed")
	assert.Len(t, h.requests(), 2, "a 412 is not retried")
}

func TestPortalsListForCustomer(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/portals/"
	h.on("GET", path, status(200, fixture(t, "portals_list.inferred.json")))
	pg, err := h.c.Portals.ListForCustomerPage(context.Background(), customerID, &PortalListParams{Cursor: "c1", Limit: 10})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "cursor=c1&limit=10", r.Query)
	checkRequest(t, r, "GET", path)
	require.Len(t, pg.Items, 2)
	assert.Equal(t, "ETHEREUM", pg.Items[1].CryptoDepositAddress.Network)

	h.on("GET", path, status(200, `{"items":[{"id":"p1"}],"next_page":null}`))
	all, err := h.c.Portals.ListForCustomer(context.Background(), customerID, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, "p1", all[0].ID)
	assert.Empty(t, h.last().Query)
}

func TestPortalsListForPocket(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/portals/"
	h.on("GET", path, status(200, `{"items":[{"id":"p1"}],"next_page":"n"}`), status(200, `{"items":[{"id":"p2"}],"next_page":null}`))
	all, err := h.c.Portals.ListForPocket(context.Background(), pocketID, &PortalListParams{Limit: 1}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 2)
	reqs := h.requests()
	assert.Equal(t, path, reqs[0].Path)
	assert.Equal(t, "limit=1", reqs[0].Query)
	assert.Equal(t, "cursor=n&limit=1", reqs[1].Query)

	h.on("GET", path, status(200, `{"items":[{"id":"p3"}],"next_page":null}`))
	pg, err := h.c.Portals.ListForPocketPage(context.Background(), pocketID, nil)
	require.NoError(t, err)
	assert.Equal(t, "p3", pg.Items[0].ID)
	assert.Empty(t, h.last().Query)
}

func TestPortalsCreate(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/portals/"
	h.on("POST", path, status(201, fixture(t, "portals_get_crypto.inferred.json")))
	p, err := h.c.Portals.Create(context.Background(), pocketID, &PortalCreateRequest{Name: "USDC deposits", Type: PortalTypeCryptoDepositAddress, Network: "ETHEREUM"})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, `{"name":"USDC deposits","type":"CRYPTO_DEPOSIT_ADDRESS","network":"ETHEREUM"}`, string(r.Body))
	checkRequest(t, r, "POST", path)
	assert.Equal(t, "0x52908400098527886E0F7030069857D2E4169EE7", p.CryptoDepositAddress.Address)

	_, err = h.c.Portals.Create(context.Background(), pocketID, &PortalCreateRequest{Name: "Payroll"})
	require.NoError(t, err)
	assert.Equal(t, `{"name":"Payroll"}`, string(h.last().Body))
}

func TestPortalsGet(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/portals/" + portalID + "/"
	h.on("GET", path, status(200, fixture(t, "portals_get.inferred.json")))
	p, err := h.c.Portals.Get(context.Background(), pocketID, portalID)
	require.NoError(t, err)
	r := h.last()
	checkRequest(t, r, "GET", path)
	assert.Equal(t, "Payroll", p.Name)
}

func TestPortalsUpdateAndClose(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/portals/" + portalID + "/"
	h.on("PATCH", path, status(204, ""), status(204, ""), status(412, `{"detail":"Portal is already closed"}`))
	require.NoError(t, h.c.Portals.Update(context.Background(), pocketID, portalID, &PortalUpdateRequest{Name: Set("Rent")}))
	r := h.last()
	assert.Equal(t, `{"name":"Rent"}`, string(r.Body))
	checkRequest(t, r, "PATCH", path)

	require.NoError(t, h.c.Portals.Close(context.Background(), pocketID, portalID))
	assert.Equal(t, `{"status":"CLOSED"}`, string(h.last().Body))
	err := h.c.Portals.Close(context.Background(), pocketID, portalID)
	assert.True(t, IsPreconditionFailed(err))
}

func TestPortalsBadInputIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	long := func(n int) string {
		b := make([]rune, n)
		for i := range b {
			b[i] = 'é'
		}
		return string(b)
	}
	cases := map[string]error{}
	_, cases["jiko: PortalV1CreateRequest: is nil"] = h.c.PortalsV1.Create(ctx, pocketID, nil)
	_, cases["jiko: PortalV1CreateRequest.Name: is empty"] = h.c.PortalsV1.Create(ctx, pocketID, &PortalV1CreateRequest{Name: "  "})
	_, cases["jiko: PortalV1CreateRequest.Name: is 129 characters; at most 128"] = h.c.PortalsV1.Create(ctx, pocketID, &PortalV1CreateRequest{Name: long(129)})
	_, cases["jiko: PortalV1UpdateRequest.Name: is 51 characters; at most 50"] = h.c.PortalsV1.Update(ctx, pocketID, portalID, &PortalV1UpdateRequest{Name: long(51)})
	cases["jiko: portal_id: is empty"] = h.c.PortalsV1.Close(ctx, pocketID, "")
	_, cases[`jiko: account_id: ".." is not an id`] = h.c.PortalsV1.ListForPocket(ctx, "..").Collect()
	_, cases["jiko: pocket_id: is empty"] = h.c.Portals.Get(ctx, "", portalID)
	_, cases["jiko: PortalCreateRequest.Type: \"WIRE\" is not one of BANK_ACCOUNT, CRYPTO_DEPOSIT_ADDRESS"] = h.c.Portals.Create(ctx, pocketID, &PortalCreateRequest{Name: "x", Type: "WIRE"})
	_, cases["jiko: PortalCreateRequest.Network: is required for a CRYPTO_DEPOSIT_ADDRESS portal"] = h.c.Portals.Create(ctx, pocketID, &PortalCreateRequest{Name: "x", Type: PortalTypeCryptoDepositAddress})
	_, cases["jiko: PortalCreateRequest.Network: is only for a CRYPTO_DEPOSIT_ADDRESS portal"] = h.c.Portals.Create(ctx, pocketID, &PortalCreateRequest{Name: "x", Network: "ETHEREUM"})
	cases["jiko: PortalUpdateRequest: no field is set"] = h.c.Portals.Update(ctx, pocketID, portalID, &PortalUpdateRequest{})
	cases["jiko: PortalUpdateRequest.Name: cannot be null"] = h.c.Portals.Update(ctx, pocketID, portalID, &PortalUpdateRequest{Name: Null[string]()})
	cases[`jiko: PortalUpdateRequest.Status: "OPEN" cannot be set; only CLOSED can`] = h.c.Portals.Update(ctx, pocketID, portalID, &PortalUpdateRequest{Status: Set(PortalStatusOpen)})
	_, cases["jiko: PortalListParams.Limit: -1 is out of range 0..100"] = h.c.Portals.ListForCustomer(ctx, customerID, &PortalListParams{Limit: -1}).Collect()
	for want, err := range cases {
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	assert.Empty(t, h.requests())
}
