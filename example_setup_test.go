package jiko_test

import (
	"log"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// exampleCustomer owns the Pockets of the offline examples.
const exampleCustomer = "62c5272e-ef8c-4d8a-a49d-633432409fd4"

// newExampleClient starts a fake API with one customer and two Pockets and
// returns a client wired to it, so that the examples run offline.
func newExampleClient() (*jiko.Client, *jikotest.Server) {
	srv := jikotest.NewServer()
	srv.AddPocket(exampleCustomer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	srv.AddPocket(exampleCustomer, jikotest.PocketSeed{
		Name: "Taxes", DepositStrategy: jiko.StrategyUST13W, Balance: 4_200_050,
	})
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

// fakeDrop makes the fake act on a Pocket create, then drop the connection
// without answering.
func fakeDrop() jikotest.Fault {
	return jikotest.Fault{
		Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling,
	}
}
