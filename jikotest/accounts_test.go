//lint:file-ignore SA1019 the fake answers the deprecated v1 operations too, and these tests call them

package jikotest

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountsAreThePocketsUnderTheirOldName(t *testing.T) {
	srv, _, c := newTestServer(t)
	a := srv.AddPocket("c1", PocketSeed{Name: "J1 (4-week)", Balance: 20_708_596})
	b := srv.AddPocket("c1", PocketSeed{Name: "Empty"})
	srv.AddPocket("c1", PocketSeed{Name: "Frozen", Status: jiko.PocketStatusFrozen})
	ctx := context.Background()

	var fixture struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/accounts_list.json"), &fixture))
	var page struct {
		Offset, Count int
		Items         []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v1/customers/c1/jiko-accounts/", url.Values{"limit": {"1"}}), &page))
	assert.Equal(t, 3, page.Count)
	require.Len(t, page.Items, 1)
	assert.NoError(t, testutil.SameShape(fixture.Items[0], page.Items[0]))
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/account_get.json"), rawGet(t, c, "/api/v1/jiko-accounts/"+a.ID+"/", nil)))

	all, err := c.Accounts.ListForCustomer(ctx, "c1", &jiko.AccountListParams{Limit: 2}).Collect()
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, []string{a.ID, b.ID}, []string{all[0].ID, all[1].ID})
	assert.Equal(t, jiko.AccountStatus("FROZEN"), all[2].Status)

	got, err := c.Accounts.Get(ctx, a.ID)
	require.NoError(t, err)
	pocket, err := c.Pockets.Get(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, pocket.Portfolio.TotalValue, got.TotalValue)
	assert.Equal(t, pocket.Portfolio.Cash, got.Portfolio.Cash)
	require.Len(t, got.Portfolio.Securities, 1)
	sec := got.Portfolio.Securities[0]
	assert.Equal(t, pocket.Portfolio.Securities[0].CUSIP, sec.ExternalID)
	assert.Equal(t, pocket.Portfolio.Securities[0].JikoMarkPrice, sec.Bid)
	spread, err := sec.Ask.Cmp(sec.Bid)
	require.NoError(t, err)
	assert.Equal(t, 1, spread)

	_, err = c.Accounts.Get(ctx, "nothing")
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.Accounts.ListForCustomerPage(ctx, "nobody", nil)
	assert.True(t, jiko.IsNotFound(err))
	err = c.Do(ctx, "GET", "/api/v1/customers/c1/jiko-accounts/", url.Values{"limit": {"0"}, "offset": {"-1"}}, nil, nil)
	assert.ErrorContains(t, err, "query.limit: ensure this value is greater than or equal to 1")
	assert.ErrorContains(t, err, "query.offset: ensure this value is greater than or equal to 0")
}
