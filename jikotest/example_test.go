package jikotest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// A test of your own code runs against the fake API, faults included.
func Example() {
	srv := jikotest.NewServer()
	defer srv.Close()
	customer := srv.AddCustomer("")
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	// The server creates the Pocket, then drops the connection; it answers
	// 503 to the retry. The client retries again with the same key and gets
	// the stored answer: one Pocket, not two.
	srv.FailNext(1, jikotest.Fault{
		Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling,
	})
	srv.FailNext(1, jikotest.Fault{
		Method: "POST", Path: "/api/v2/customers/*", Status: 503, RetryAfter: "0",
	})
	p, err := c.Pockets.Create(context.Background(), customer, &jiko.PocketCreateRequest{
		PocketName: "Payroll", DepositStrategyID: jiko.StrategyUST4W,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.PocketName, p.Status)
	for _, r := range srv.Requests()[1:] { // after the login
		fmt.Println(r.Method, r.Status, r.Fault, r.Replayed)
	}
	fmt.Println("pockets:", len(srv.Pockets()), "side effects:", srv.SideEffects())
	// Output:
	// Payroll OPEN
	// POST 0 drop after handling false
	// POST 503 status 503 Retry-After 0 false
	// POST 201  true
	// pockets: 1 side effects: 1
}
