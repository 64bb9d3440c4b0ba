package jiko

import (
	"context"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountFixturesDecodeStrictly(t *testing.T) {
	page := testutil.Strict[OffsetPage[Account]](t, testutil.Load(t, "accounts_list.json"))
	require.Len(t, page.Items, 1)
	a := page.Items[0]
	assert.Equal(t, "J1 (4-week)", a.Name)
	assert.Equal(t, AccountStatusOpen, a.Status)
	assert.Equal(t, "$207,085.96", a.TotalValue.String())
	require.Len(t, a.Portfolio.Securities, 1)
	s := a.Portfolio.Securities[0]
	assert.Equal(t, SecurityTypeFixedIncome, s.SecurityType)
	assert.Equal(t, "912796RF6", s.ExternalID)
	assert.Equal(t, Decimal("98.628528"), s.Ask)
	assert.Equal(t, Decimal("98.612361"), s.Bid)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 30}, s.MaturityDate)
	assert.Equal(t, int64(935404), a.Portfolio.AllTimeEarnings.Value)
	got := testutil.Strict[Account](t, testutil.Load(t, "account_get.json"))
	assert.Equal(t, "497f6eca-6276-4993-bfeb-53cbbbba6f08X", got.ID, "the published example's id, as published")
}

func TestAccountsOperations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	path := "/api/v1/customers/" + customerID + "/jiko-accounts/"
	h.on("GET", path, status(200, fixture(t, "accounts_list.json")))
	pg, err := h.c.Accounts.ListForCustomerPage(ctx, customerID, &AccountListParams{Offset: 0, Limit: 100})
	require.NoError(t, err)
	assert.Equal(t, 1, pg.Count)
	assert.Equal(t, path, h.last().Path)
	assert.Equal(t, "limit=100", h.last().Query)

	h.on("GET", path,
		status(200, `{"offset":0,"count":3,"items":[{"id":"a"},{"id":"b"}],"object_type":"List"}`),
		status(200, `{"offset":2,"count":3,"items":[{"id":"c"}],"object_type":"List"}`))
	all, err := h.c.Accounts.ListForCustomer(ctx, customerID, &AccountListParams{Limit: 2}).Collect()
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, "c", all[2].ID)
	assert.Equal(t, "limit=2&offset=2", h.last().Query)

	h.on("GET", "/api/v1/jiko-accounts/"+pocketID+"/", status(200, fixture(t, "account_get.json")))
	a, err := h.c.Accounts.Get(ctx, pocketID)
	require.NoError(t, err)
	assert.Equal(t, "J1 (4-week)", a.Name)
	assert.Equal(t, "/api/v1/jiko-accounts/"+pocketID+"/", h.last().Path)

	n := len(h.requests())
	_, err = h.c.Accounts.ListForCustomerPage(ctx, customerID, &AccountListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: AccountListParams.Limit: 101 is out of range 0..100")
	_, err = h.c.Accounts.ListForCustomer(ctx, customerID, &AccountListParams{Offset: -1}).Collect()
	assert.EqualError(t, err, "jiko: AccountListParams.Offset: -1 is negative")
	assert.True(t, IsValidation(err))
	_, err = h.c.Accounts.Get(ctx, "..")
	assert.EqualError(t, err, `jiko: account_id: ".." is not an id`)
	assert.Len(t, h.requests(), n)
}
