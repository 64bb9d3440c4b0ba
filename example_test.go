package jiko_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

func ExampleNewClient() {
	c, err := jiko.NewClient(
		jiko.WithPartner("acme", jiko.Sandbox),
		jiko.WithCredentials(os.Getenv("JIKO_USERNAME"), os.Getenv("JIKO_PASSWORD")),
		jiko.WithSigningSecret(os.Getenv("JIKO_SIGNING_SECRET")),
		jiko.WithMaxRetries(3),
	)
	if err != nil {
		// Every missing or bad option is named once, for example:
		// jiko: NewClient: WithCredentials: username is empty
		log.Fatal(err)
	}
	_ = c
}

func ExamplePocketsService_ListForCustomer() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	srv.AddPocket(customer, jikotest.PocketSeed{
		Name: "Taxes", DepositStrategy: jiko.StrategyUST13W, Balance: 4_200_050,
	})
	ctx := context.Background()

	params := &jiko.PocketListParams{Limit: 30}
	for p, err := range c.Pockets.ListForCustomer(ctx, customer, params).All() {
		if err != nil {
			log.Fatal(err)
		}
		value := p.Portfolio.TotalValue
		fmt.Printf("%s (%s): %s\n", p.PocketName, p.DepositStrategyID, value)
	}
	// Output:
	// Everyday (UST-4W): $1,250.00
	// Taxes (UST-13W): $42,000.50
}

func ExamplePocketsService_Create() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	ctx := context.Background()

	// Derive the key from your own record of the operation: sending it
	// again, even from a restarted process, cannot open a second Pocket.
	key := jiko.IdempotencyKeyFor("savings-goal:8841")
	req := &jiko.PocketCreateRequest{
		PocketName: "House deposit", DepositStrategyID: jiko.StrategyUST52W,
	}
	first, err := c.Pockets.Create(ctx, customer, req, jiko.WithIdempotencyKey(key))
	if err != nil {
		log.Fatal(err)
	}
	again, err := c.Pockets.Create(ctx, customer, req, jiko.WithIdempotencyKey(key))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.PocketName, first.Status, first.ID == again.ID, len(srv.Pockets()))
	// Output: House deposit OPEN true 1
}

func ExamplePocketsService_Update() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	ctx := context.Background()

	// Only the fields that are set are sent: {"pocket_name":"Bills",
	// "reinvestment_strategy_id":"UST-4W"}. jiko.Null sends an explicit null.
	p, err := c.Pockets.Update(ctx, customer, pocket.ID, &jiko.PocketUpdateRequest{
		PocketName:             jiko.Set("Bills"),
		ReinvestmentStrategyID: jiko.Set(jiko.StrategyUST4W),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.PocketName, p.DepositStrategyID, *p.ReinvestmentStrategyID)
	// Output: Bills UST-4W UST-4W
}

func ExampleError() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	ctx := context.Background()

	// A Pocket that still holds money cannot be closed.
	reason := jiko.ClosureReasonUserInstigated
	_, err = c.Pockets.Close(ctx, customer, pocket.ID, reason)
	var jerr *jiko.Error
	if errors.As(err, &jerr) && jiko.IsValidation(err) {
		fmt.Println(jerr.StatusCode, jerr.Detail)
	}
	// Output: 422 Pocket must be empty to be closed
}
