// Command cards walks through the debit card flow of the Jiko Partner API:
// order a physical card and have the sandbox print it, set its PIN and
// activate it, create a virtual card and show its details masked, pay with
// it in the sandbox, and read the Pocket's balance after the payment.
//
// With no configuration it runs offline against an in-process fake API
// (package jikotest), with a Pocket holding $500.00. To run it against your
// Jiko sandbox, set:
//
//	JIKO_PARTNER         your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME        the API username
//	JIKO_PASSWORD        the API password
//	JIKO_SIGNING_SECRET  the shared signing secret
//	JIKO_POCKET_ID       an open, funded Pocket to issue the cards on
//
// The virtual card's 4096-bit key pair is made fresh, which takes a second
// or more. To use a key pair made elsewhere instead (on the card holder's
// device, or ahead of time), set:
//
//	JIKO_CARD_KEY_FILE   a PEM file holding the RSA private key
//
// Jiko watches for reused key pairs: give each key to one card only.
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
		fmt.Fprintln(os.Stderr, "cards:", err)
		os.Exit(1)
	}
}

const (
	// demoCustomerID is the customer the offline fake is seeded with.
	demoCustomerID = "62c5272e-ef8c-4d8a-a49d-633432409fd4"
	// demoPIN is the PIN this demo sets. A real application takes it from
	// the card holder and never stores or logs it.
	demoPIN = jiko.CardPIN("4821")
	// swipeCents is the sandbox payment: $12.34.
	swipeCents = 1_234
)

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	c, pocketID, cleanup, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer cleanup()
	// The virtual card's key pair, made (or read) before any call.
	key, err := virtualCardKey(getenv)
	if err != nil {
		return err
	}

	p, err := c.Pockets.Get(ctx, pocketID, nil)
	if err != nil {
		return fmt.Errorf("reading the pocket: %w", err)
	}
	fmt.Fprintf(out, "Pocket %q holds %s.\n", p.PocketName, totalValue(p))

	// A physical card: order it, have the sandbox print it, set its PIN
	// (only possible before activation), then activate it.
	order, err := c.Cards.CreateOrder(ctx, pocketID, &jiko.CardOrderCreateRequest{
		NameOnCard: "Ada Lovelace",
		ShippingAddress: jiko.ShippingAddress{
			StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94701", State: "CA", Country: "USA",
		},
	})
	if err != nil {
		return fmt.Errorf("ordering a physical card: %w", err)
	}
	fmt.Fprintf(out, "Ordered a physical card for %q: %s.\n", order.NameOnCard, order.Status)
	if err := c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: order.CardOrderID}); err != nil {
		return fmt.Errorf("generating the card: %w", err)
	}
	if order, err = waitForCard(ctx, c, pocketID, order.CardOrderID); err != nil {
		return err
	}
	st, err := c.Cards.GetStatus(ctx, pocketID, order.CardID)
	if err != nil {
		return fmt.Errorf("reading the card's status: %w", err)
	}
	fmt.Fprintf(out, "The sandbox made the card: order %s, card %s.\n", order.Status, st.Status)
	if err := c.Cards.SetPIN(ctx, pocketID, order.CardID, &jiko.CardSetPINRequest{PIN: demoPIN}); err != nil {
		return fmt.Errorf("setting the PIN: %w", err)
	}
	fmt.Fprintf(out, "Set its PIN (%v), encrypted with Jiko's set_pin key.\n", demoPIN)
	if st, err = c.Cards.SetStatus(ctx, pocketID, order.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusOpen}); err != nil {
		return fmt.Errorf("activating the card: %w", err)
	}
	fmt.Fprintf(out, "Activated it: %s.\n", st.Status)

	// A virtual card: a 4096-bit key pair of its own (made above); Jiko
	// encrypts the card data to its public half, and only this process can
	// read it.
	vc, err := c.Cards.CreateVirtual(ctx, pocketID, key.Request())
	if err != nil {
		return fmt.Errorf("creating a virtual card: %w", err)
	}
	details, err := vc.Decrypt(key)
	if err != nil {
		return fmt.Errorf("decrypting the virtual card: %w", err)
	}
	fmt.Fprintf(out, "Created a virtual card: %v.\n", details)

	if err := c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: vc.CardID, AmountUSDC: swipeCents}); err != nil {
		return fmt.Errorf("swiping the virtual card: %w", err)
	}
	fmt.Fprintf(out, "Paid %s with it in the sandbox.\n", jiko.USD(swipeCents))

	if p, err = c.Pockets.Get(ctx, pocketID, nil); err != nil {
		return fmt.Errorf("reading the pocket: %w", err)
	}
	fmt.Fprintf(out, "Pocket %q now holds %s.\n", p.PocketName, totalValue(p))

	fmt.Fprintln(out, "The Pocket's cards:")
	for card, err := range c.Cards.ListForPocket(ctx, pocketID, nil).All() {
		if err != nil {
			return fmt.Errorf("listing cards: %w", err)
		}
		fmt.Fprintf(out, "  %-8s %-6s %s\n", card.Type, card.Status, card.Name)
	}
	return nil
}

// virtualCardKey reads the key pair JIKO_CARD_KEY_FILE names, or makes a
// fresh one.
func virtualCardKey(getenv func(string) string) (*jiko.VirtualCardKey, error) {
	name := getenv("JIKO_CARD_KEY_FILE")
	if name == "" {
		return jiko.NewVirtualCardKey()
	}
	pemData, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("JIKO_CARD_KEY_FILE: %w", err)
	}
	key, err := jiko.ParseVirtualCardKey(pemData)
	if err != nil {
		return nil, fmt.Errorf("JIKO_CARD_KEY_FILE: %w", err)
	}
	return key, nil
}

// waitForCard reads the order until its card is made: at once offline; a
// real sandbox may take a moment after Generate Card answers 202.
func waitForCard(ctx context.Context, c *jiko.Client, pocketID, orderID string) (*jiko.CardOrder, error) {
	for {
		order, err := c.Cards.GetOrder(ctx, pocketID, orderID)
		if err != nil {
			return nil, fmt.Errorf("reading the card order: %w", err)
		}
		if order.Status != jiko.CardOrderInitial && order.CardID != "" {
			return order, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the card: %w", ctx.Err())
		case <-time.After(time.Second):
		}
	}
}

func totalValue(p *jiko.Pocket) string {
	if p.Portfolio == nil {
		return "(no portfolio)"
	}
	return p.Portfolio.TotalValue.String()
}

// connect builds the client from the environment, or starts the offline
// fake with a funded Pocket when nothing is configured.
func connect(getenv func(string) string, out io.Writer) (*jiko.Client, string, func(), error) {
	if !exampleenv.Configured(getenv, "JIKO_POCKET_ID") {
		c, srv, err := exampleenv.Offline(out)
		if err != nil {
			return nil, "", nil, err
		}
		p := srv.AddPocket(demoCustomerID, jikotest.PocketSeed{Name: "Everyday", Balance: 50_000})
		return c, p.ID, srv.Close, nil
	}
	c, err := exampleenv.Connect(getenv, "JIKO_POCKET_ID")
	if err != nil {
		return nil, "", nil, err
	}
	fmt.Fprintln(out, "Using", c.BaseURL())
	return c, getenv("JIKO_POCKET_ID"), func() {}, nil
}
