package jikotest_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPortalsV1OfTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	pocket := srv.AddPocket(customerID, jikotest.PocketSeed{})
	base := "/api/v1/jiko-accounts/" + pocket.ID + "/portals/"

	// Every Pocket has a default portal.
	sameShape(t, "portals_v1_list.json", rawGet(t, c, base))
	list, err := c.PortalsV1.ListForPocket(ctx, pocket.ID).Collect()
	require.NoError(t, err)
	require.Len(t, list, 1)
	def := list[0]
	assert.Equal(t, jikotest.PortalRoutingNumber, def.RoutingNumber)
	assert.Equal(t, pocket.ID, def.JikoAccountID)
	assert.Equal(t, jiko.PortalStatusOpen, def.Status)
	address, _ := srv.PocketNetworkAddress(pocket.ID)
	assert.Equal(t, address, def.AccountNumber)

	p, err := c.PortalsV1.Create(ctx, pocket.ID, &jiko.PortalV1CreateRequest{Name: "Payroll"})
	require.NoError(t, err)
	assert.Equal(t, "Payroll", p.Name)
	assert.NotEqual(t, def.AccountNumber, p.AccountNumber)
	sameShape(t, "portals_v1_get.json", rawGet(t, c, base+p.ID+"/"))
	r := srv.Requests()
	assert.Equal(t, 201, r[len(r)-2].Status, "create answers 201")

	renamed, err := c.PortalsV1.Update(ctx, pocket.ID, p.ID, &jiko.PortalV1UpdateRequest{Name: "Rent"})
	require.NoError(t, err)
	assert.Equal(t, "Rent", renamed.Name)

	require.NoError(t, c.PortalsV1.Close(ctx, pocket.ID, p.ID))
	err = c.PortalsV1.Close(ctx, pocket.ID, p.ID)
	require.True(t, jiko.IsPreconditionFailed(err), "%v", err)
	assert.Contains(t, err.Error(), "Portal is already closed")
	got, err := c.PortalsV1.Get(ctx, pocket.ID, p.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.PortalStatusClosed, got.Status)

	list, err = c.PortalsV1.ListForPocket(ctx, pocket.ID).Collect()
	require.NoError(t, err)
	assert.Len(t, list, 2)

	_, err = c.PortalsV1.ListForPocket(ctx, "no-such-pocket").Collect()
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.PortalsV1.Get(ctx, srv.AddPocket(customerID, jikotest.PocketSeed{}).ID, p.ID)
	assert.True(t, jiko.IsNotFound(err), "a portal of another Pocket is not found")
}

func TestPortalsV2OfTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	a := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "A"})
	b := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "B"})
	srv.AddPocket("other-customer", jikotest.PocketSeed{})

	crypto, err := c.Portals.Create(ctx, b.ID, &jiko.PortalCreateRequest{Name: "USDC", Type: jiko.PortalTypeCryptoDepositAddress, Network: "ETHEREUM"},
		jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("portal-usdc")))
	require.NoError(t, err)
	assert.Nil(t, crypto.AccountNumber)
	assert.Regexp(t, regexp.MustCompile(`^0x[0-9a-f]{40}$`), crypto.CryptoDepositAddress.Address)
	assert.Equal(t, "ETHEREUM", crypto.CryptoDepositAddress.Network)
	sameShape(t, "portals_get_crypto.inferred.json", rawGet(t, c, "/api/v2/pockets/"+b.ID+"/portals/"+crypto.ID+"/"))

	// A resend is the same portal: same id, same address, one side effect.
	effects := srv.SideEffects()
	again, err := c.Portals.Create(ctx, b.ID, &jiko.PortalCreateRequest{Name: "USDC", Type: jiko.PortalTypeCryptoDepositAddress, Network: "ETHEREUM"},
		jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("portal-usdc")))
	require.NoError(t, err)
	assert.Equal(t, crypto, again)
	assert.Equal(t, effects, srv.SideEffects())
	fetched, err := c.Portals.Get(ctx, b.ID, crypto.ID)
	require.NoError(t, err)
	assert.Equal(t, crypto.CryptoDepositAddress, fetched.CryptoDepositAddress, "the address is stable")

	// The customer's list holds both Pockets' default portals and the new
	// one; not the other customer's.
	all, err := c.Portals.ListForCustomer(ctx, customerID, &jiko.PortalListParams{Limit: 2}).Collect()
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, a.ID, all[0].PocketID)
	assert.Equal(t, jiko.PortalTypeBankAccount, all[0].Type)
	assert.Equal(t, jikotest.PortalRoutingNumber, *all[0].RoutingNumber)
	sameShape(t, "portals_list.inferred.json", rawGet(t, c, "/api/v2/customers/"+customerID+"/portals/"),
		"prev_page", "next_page", "items[].routing_number", "items[].account_number", "items[].crypto_deposit_address")
	sameShape(t, "portals_get.inferred.json", rawGet(t, c, "/api/v2/pockets/"+a.ID+"/portals/"+all[0].ID+"/"))
	ofB, err := c.Portals.ListForPocket(ctx, b.ID, nil).Collect()
	require.NoError(t, err)
	assert.Len(t, ofB, 2)

	// v1 shows bank portals only.
	v1, err := c.PortalsV1.ListForPocket(ctx, b.ID).Collect()
	require.NoError(t, err)
	assert.Len(t, v1, 1)
	_, err = c.PortalsV1.Get(ctx, b.ID, crypto.ID)
	assert.True(t, jiko.IsNotFound(err))

	require.NoError(t, c.Portals.Update(ctx, b.ID, crypto.ID, &jiko.PortalUpdateRequest{Name: jiko.Set("Stablecoins")}))
	require.NoError(t, c.Portals.Close(ctx, b.ID, crypto.ID))
	err = c.Portals.Close(ctx, b.ID, crypto.ID)
	assert.True(t, jiko.IsPreconditionFailed(err), "%v", err)
	fetched, err = c.Portals.Get(ctx, b.ID, crypto.ID)
	require.NoError(t, err)
	assert.Equal(t, "Stablecoins", fetched.Name)
	assert.Equal(t, jiko.PortalStatusClosed, fetched.Status)

	// What the schema refuses, the fake refuses.
	var jerr *jiko.Error
	err = c.Do(ctx, "POST", "/api/v2/pockets/"+a.ID+"/portals/", nil, map[string]string{"name": "x", "type": "CRYPTO_DEPOSIT_ADDRESS"}, nil)
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "network", jerr.Issues[0].Field)
	err = c.Do(ctx, "PATCH", "/api/v2/pockets/"+a.ID+"/portals/"+all[0].ID+"/", nil, map[string]string{"status": "OPEN"}, nil)
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "status", jerr.Issues[0].Field)
	_, err = c.Portals.ListForCustomer(ctx, "nobody", nil).Collect()
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.Portals.Create(ctx, "no-such-pocket", &jiko.PortalCreateRequest{Name: "x"})
	assert.True(t, jiko.IsNotFound(err))
}
