package jikotest_test

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// openSavings is "your code": it opens a customer's savings Pocket once,
// however often it is called for the same goal.
func openSavings(ctx context.Context, c *jiko.Client, customerID, goalID string) (*jiko.Pocket, error) {
	return c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{
		PocketName: "Savings", DepositStrategyID: jiko.StrategyUST26W,
	}, jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("goal:"+goalID)))
}

// This is how a partner tests its own code with jikotest: a fake per test,
// a client from srv.Client(t), and a fault to prove the code is safe.
func TestYourCodeUnderAFault(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t) // closed with the test; short retry backoff
	customer := srv.AddCustomer("")

	// The server opens the Pocket, then the connection drops: the client
	// retries with the same key and gets the first answer.
	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling})
	p, err := openSavings(context.Background(), c, customer, "g-1")
	if err != nil {
		t.Fatal(err)
	}
	// Your process restarts and runs the same step again.
	again, err := openSavings(context.Background(), c, customer, "g-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != again.ID || len(srv.Pockets()) != 1 || srv.SideEffects() != 1 {
		t.Fatalf("want one Pocket, got %d (side effects %d)", len(srv.Pockets()), srv.SideEffects())
	}
}
