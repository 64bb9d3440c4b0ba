package jikotest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/require"
)

// The fake's Pocket answers have the shapes of the reference's examples.
func TestPocketAnswersHaveTheReferenceShapes(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "4-week T-bills", Balance: 10123, ReinvestmentStrategy: jiko.StrategyUST26W})
	srv.AddPocket(customerID, jikotest.PocketSeed{Name: "Other"})

	sameShape(t, "pocket_get.json", rawGet(t, c, "/api/v2/customers/"+customerID+"/pockets/"+p.ID+"/"))
	sameShape(t, "pocket_get.json", rawGet(t, c, "/api/v2/pockets/"+p.ID+"/"))
	sameShape(t, "pockets_list.json", rawGet(t, c, "/api/v2/pockets/"),
		"prev_page", "next_page", "items[].reinvestment_strategy_id")

	var upd json.RawMessage
	require.NoError(t, c.Do(ctx, http.MethodPatch, "/api/v2/customers/"+customerID+"/pockets/"+p.ID+"/", nil,
		map[string]string{"pocket_name": "Savings"}, &upd))
	sameShape(t, "pocket_update.published.json", upd)

	// A Pocket without a reinvestment strategy says null, not "".
	q := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "No reinvestment"})
	var fields map[string]any
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v2/pockets/"+q.ID+"/"), &fields))
	require.Contains(t, fields, "reinvestment_strategy_id")
	require.Nil(t, fields["reinvestment_strategy_id"])
}

// The fake refuses, with the API's 422 detail list, what the schema of
// Update Pocket refuses, before any business rule.
func TestPocketUpdateSchemaIsEnforced(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	path := "/api/v2/customers/" + customerID + "/pockets/" + p.ID + "/"
	long := make([]byte, 101)
	for i := range long {
		long[i] = 'x'
	}
	for body, want := range map[string]string{
		`{"closure_reason":"Done","status":"CLOSED"}`: "body.closure_reason: value is not a valid enumeration member",
		`{"pocket_name":"` + string(long) + `"}`:      "body.pocket_name: ensure this value has at most 100 characters",
		`{"status":"FROZEN"}`:                         "body.status: unexpected value; permitted: 'CLOSED'",
		`{"deposit_strategy_id":"UST-8W"}`:            "body.deposit_strategy_id: value is not a valid enumeration member",
	} {
		err := c.Do(ctx, http.MethodPatch, path, nil, json.RawMessage(body), nil)
		require.True(t, jiko.IsValidation(err), body)
		require.ErrorContains(t, err, want)
	}
}

// A Pocket added for an empty customer id belongs to a new customer.
func TestAddPocketWithoutACustomerMakesOne(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	p := srv.AddPocket("", jikotest.PocketSeed{})
	require.NotEmpty(t, p.CustomerID)
	got, err := c.Pockets.GetForCustomer(context.Background(), p.CustomerID, p.ID, nil)
	require.NoError(t, err)
	require.Equal(t, p.ID, got.ID)
}
