// Command quickstart walks through the Pocket flow of the Jiko Partner API:
// log in, list a customer's Pockets, open one, rename it, read it back and
// close it.
//
// With no configuration it runs offline against an in-process fake API
// (package jikotest). To run it against your Jiko sandbox, set:
//
//	JIKO_PARTNER         your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME        the API username
//	JIKO_PASSWORD        the API password
//	JIKO_SIGNING_SECRET  the shared signing secret
//	JIKO_CUSTOMER_ID     an approved customer with at least one open Pocket
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/jiko-go/jiko/jikotest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// demoCustomerID is the customer the offline fake is seeded with.
const demoCustomerID = "62c5272e-ef8c-4d8a-a49d-633432409fd4"

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	c, customerID, cleanup, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer cleanup()

	if err := c.Login(ctx); err != nil {
		return fmt.Errorf("logging in: %w", err)
	}
	fmt.Fprintln(out, "Logged in.")

	fmt.Fprintln(out, "The customer's Pockets:")
	for p, err := range c.Pockets.ListForCustomer(ctx, customerID, &jiko.PocketListParams{Limit: 30}).All() {
		if err != nil {
			return fmt.Errorf("listing pockets: %w", err)
		}
		fmt.Fprintf(out, "  %-12s %-6s %-7s %s\n", p.PocketName, p.Status, p.DepositStrategyID, totalValue(p))
	}

	// The key is derived from something this program knows, so a crashed
	// and restarted run would not open a second Pocket.
	key := jiko.IdempotencyKeyFor("quickstart:" + customerID + ":" + time.Now().UTC().Format("2006-01-02T15:04"))
	p, err := c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{
		PocketName:        "Rainy day",
		DepositStrategyID: jiko.StrategyUST26W,
	}, jiko.WithIdempotencyKey(key))
	if err != nil {
		return fmt.Errorf("creating a pocket: %w", err)
	}
	fmt.Fprintf(out, "Opened %q investing in %s T-bills: %s.\n", p.PocketName, p.DepositStrategyID, p.Status)

	p, err = c.Pockets.Update(ctx, customerID, p.ID, &jiko.PocketUpdateRequest{
		PocketName: jiko.Set("Rainy day fund"),
	})
	if err != nil {
		return fmt.Errorf("renaming the pocket: %w", err)
	}
	fmt.Fprintf(out, "Renamed it to %q.\n", p.PocketName)

	p, err = c.Pockets.GetForCustomer(ctx, customerID, p.ID, nil)
	if err != nil {
		return fmt.Errorf("reading the pocket: %w", err)
	}
	fmt.Fprintf(out, "Read it back: %q, %s, worth %s.\n", p.PocketName, p.Status, totalValue(*p))

	p, err = c.Pockets.Close(ctx, customerID, p.ID, jiko.ClosureReasonUserInstigated)
	if err != nil {
		return fmt.Errorf("closing the pocket: %w", err)
	}
	fmt.Fprintf(out, "Closed it: %s.\n", p.Status)
	return nil
}

func totalValue(p jiko.Pocket) string {
	if p.Portfolio == nil {
		return "(no portfolio)"
	}
	return p.Portfolio.TotalValue.String()
}

// connect builds the client from the environment, or starts the offline
// fake when nothing is configured.
func connect(getenv func(string) string, out io.Writer) (*jiko.Client, string, func(), error) {
	if !exampleenv.Configured(getenv, "JIKO_CUSTOMER_ID") {
		c, srv, err := exampleenv.Offline(out)
		if err != nil {
			return nil, "", nil, err
		}
		srv.AddPocket(demoCustomerID, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
		return c, demoCustomerID, srv.Close, nil
	}
	c, err := exampleenv.Connect(getenv, "JIKO_CUSTOMER_ID")
	if err != nil {
		return nil, "", nil, err
	}
	fmt.Fprintln(out, "Using", c.BaseURL())
	return c, getenv("JIKO_CUSTOMER_ID"), func() {}, nil
}
