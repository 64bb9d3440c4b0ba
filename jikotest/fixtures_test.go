package jikotest_test

import (
	"context"
	"os"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example fixtures file loads: its customers, Pockets with their
// balances, cards and counterparties are there, found by their refs.
func TestLoadFixturesExample(t *testing.T) {
	data, err := os.ReadFile("../examples/fixtures/seed.json")
	require.NoError(t, err)
	srv := jikotest.NewServer()
	ids, err := srv.LoadFixtures(data)
	require.NoError(t, err)
	assert.Len(t, ids, 10)
	assert.Equal(t, "5f0c7a1e-3b2d-4c8e-9f61-2a7b8c9d0e1f", ids["bob"])
	assert.Zero(t, srv.SideEffects())

	c := srv.Client(t)
	ctx := context.Background()
	everyday, err := c.Pockets.GetForCustomer(ctx, ids["alice"], ids["alice-everyday"], nil)
	require.NoError(t, err)
	assert.Equal(t, "Everyday", everyday.PocketName)
	assert.Equal(t, int64(125_000), everyday.Portfolio.TotalValue.Value)
	savings, ok := srv.Pocket(ids["alice-savings"])
	require.True(t, ok)
	assert.Equal(t, jiko.StrategyUST26W, savings.DepositStrategyID)

	virtual, ok := srv.Card(ids["alice-virtual"])
	require.True(t, ok)
	assert.Equal(t, jiko.CardStatusOpen, virtual.Status)
	assert.Equal(t, jiko.CardTypeVirtual, virtual.Type)
	physical, ok := srv.Card(ids["bob-physical"])
	require.True(t, ok)
	assert.Equal(t, jiko.CardStatusNotActivated, physical.Status)

	bank, err := c.Counterparties.Get(ctx, ids["alice"], ids["alice-bank"])
	require.NoError(t, err)
	assert.Equal(t, ids["alice-bank"], bank.Common().ID)
	// The verified ACH counterparty moves money at once.
	_, err = c.ACH.Create(ctx, ids["alice-everyday"], &jiko.ACHCreateRequest{CounterpartyID: ids["alice-bank"], Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	require.NoError(t, err)
	_, err = c.ACH.Create(ctx, ids["alice-everyday"], &jiko.ACHCreateRequest{CounterpartyID: ids["alice-new-bank"], Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	assert.Error(t, err, "not verified")
	_, err = c.Counterparties.Get(ctx, ids["bob"], ids["bob-to-alice"])
	require.NoError(t, err)
}

// A bad file is refused with every problem, each naming its field, and
// changes nothing.
func TestLoadFixturesRefusesBadFiles(t *testing.T) {
	for name, tc := range map[string]struct{ file, want string }{
		"unknown member": {"{\"customers\": [\n{\"pockets\": [{\"balanse\": 1}]}]}", `fixtures: line 2: json: unknown field "balanse"`},
		"wrong type":     {`{"customers": [{"pockets": [{"balance": "12.50"}]}]}`, `fixtures: line 1: customers.pockets.balance: want int64, got string`},
		"not JSON":       {`{"customers": [`, `fixtures: line 1: unexpected EOF`},
		"two values":     {`{} {}`, `fixtures: more than one JSON value`},
		"fields": {`{"customers": [
			{"ref": "a", "id": "c-1", "pockets": [{"ref": "p", "balance": -5, "status": "OPENED", "deposit_strategy_id": "UST-2W",
			  "cards": [{"type": "PLASTIC", "status": "ACTIVE"}]}],
			 "counterparties": [{"type": "on_us"}, {"type": "paypal"}, {"type": "ach", "pocket": "p"}]},
			{"ref": "a", "counterparties": [{"type": "on_us", "pocket": "nowhere"}]}]}`,
			`fixtures: customers[0].id: "c-1" is not a UUID
fixtures: customers[0].pockets[0].balance: -5 is negative (cents)
fixtures: customers[0].pockets[0].deposit_strategy_id: "UST-2W" is not one of UST-52W, UST-26W, UST-13W, UST-4W, UST-1W
fixtures: customers[0].pockets[0].status: "OPENED" is not one of PENDING, OPEN, FROZEN, CLOSED
fixtures: customers[0].pockets[0].cards[0].type: "PLASTIC" is not one of VIRTUAL, PHYSICAL
fixtures: customers[0].pockets[0].cards[0].status: "ACTIVE" is not one of OPEN, LOCKED, CLOSED, NOT_ACTIVATED, FROZEN
fixtures: customers[0].counterparties[1].type: "paypal" is not one of ach, wire, international_wire, on_us, crypto_wallet_address
fixtures: customers[0].counterparties[2].pocket: only an on_us counterparty reaches a Pocket
fixtures: customers[1].ref: "a" is already the ref of customers[0]
fixtures: customers[0].counterparties[0].pocket: required for an on_us counterparty: the ref of a Pocket in the file
fixtures: customers[1].counterparties[0].pocket: no Pocket has the ref "nowhere"`},
	} {
		t.Run(name, func(t *testing.T) {
			srv := jikotest.NewServer()
			defer srv.Close()
			ids, err := srv.LoadFixtures([]byte(tc.file))
			assert.Nil(t, ids)
			assert.EqualError(t, err, tc.want)
			assert.Empty(t, srv.Pockets(), "nothing added")
		})
	}
}
