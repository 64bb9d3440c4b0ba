// Command move-money walks through moving money with the Jiko Partner API:
// fund a Pocket in the sandbox, pay a verified counterparty by ACH, move
// money between two Pockets of the customer with an on-us transfer, send a
// wire, and print the balances that result.
//
// Every money-moving call carries an idempotency key derived from this
// program's own id for the payment, so a run that crashes and starts again
// cannot move the money twice.
//
// With no configuration it runs offline against an in-process fake API
// (package jikotest), where the transfers settle at once. To run it against
// your Jiko sandbox, set:
//
//	JIKO_PARTNER               your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME              the API username
//	JIKO_PASSWORD              the API password
//	JIKO_SIGNING_SECRET        the shared signing secret
//	JIKO_POCKET_ID             an open Pocket to fund and pay from
//	JIKO_SECOND_POCKET_ID      another open Pocket of the same customer
//	JIKO_ACH_COUNTERPARTY_ID   a verified ACH counterparty of the customer
//	JIKO_WIRE_COUNTERPARTY_ID  a verified wire counterparty (outgoing wires must be enabled)
//
// In a sandbox the transfers settle on Jiko's schedule, so the balances it
// prints may still show them pending.
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
		fmt.Fprintln(os.Stderr, "move-money:", err)
		os.Exit(1)
	}
}

// setup is what the walk-through needs: a client, two Pockets of one
// customer, two verified counterparties, and, offline, a way to settle a
// transfer as Jiko's processing would.
type setup struct {
	c                *jiko.Client
	from, to         string // Pocket ids
	achPayee, wireTo string // counterparty ids
	settle           func(id string) error
	close            func()
}

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	s, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer s.close()
	c := s.c
	// Your own id for this run's payments; in an application it is the
	// primary key of the payment in your database.
	runID := time.Now().UTC().Format("20060102T150405")
	key := func(what string) string { return jiko.IdempotencyKeyFor("move-money:" + runID + ":" + what) }

	if err := c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{
		AccountID: s.from, AmountUSDC: 250_000, CompanyName: "Acme Payroll",
	}, jiko.WithIdempotencyKey(key("fund"))); err != nil {
		return fmt.Errorf("funding the pocket: %w", err)
	}
	fmt.Fprintf(out, "Funded the Pocket with %s from Acme Payroll.\n", jiko.USD(250_000))

	ach, err := c.ACH.Create(ctx, s.from, &jiko.ACHCreateRequest{
		CounterpartyID: s.achPayee, Direction: jiko.ACHCredit, AmountUSDC: 30_000,
		PaymentRelatedInformation: []string{"Invoice 2026-001"},
	}, jiko.WithIdempotencyKey(key("ach")))
	if err != nil {
		return fmt.Errorf("paying by ACH: %w", err)
	}
	fmt.Fprintf(out, "Paid %s by ACH (%s, %q): %s.\n", ach.Amount, ach.SECCode, ach.CompanyEntryDescription, ach.Status)
	if err := s.settleAndReport(ach.ID, out, func() (string, error) {
		t, err := c.ACH.Get(ctx, s.from, ach.ID)
		if err != nil {
			return "", err
		}
		return string(t.Status), nil
	}); err != nil {
		return fmt.Errorf("reading the ACH transfer: %w", err)
	}

	transferID := key("on-us")
	move, err := c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{
		TransferID: transferID, Description: "Move to savings",
		FromAccount: jiko.OnUsAccount{ID: s.from}, ToAccount: jiko.OnUsAccount{ID: s.to},
		Amount: jiko.RequestedAmount(50_000),
	}, jiko.WithIdempotencyKey(transferID))
	if err != nil {
		return fmt.Errorf("moving money between pockets: %w", err)
	}
	if move.Status == jiko.OnUsStatusRejected {
		reason := "no reason given"
		if move.Reason != nil {
			reason = string(*move.Reason)
		}
		return fmt.Errorf("the on-us transfer was rejected: %s", reason)
	}
	fmt.Fprintf(out, "Moved %s to the second Pocket on-us: %s.\n", jiko.USD(50_000), move.Status)

	wireID := key("wire")
	receipt, err := c.Wires.Create(ctx, s.from, &jiko.WireCreateRequest{
		CounterpartyID: s.wireTo, AmountUSDC: 70_000, Description: "Invoice 2026-002", WireID: wireID,
	}, jiko.WithIdempotencyKey(wireID))
	if err != nil {
		return fmt.Errorf("sending a wire: %w", err)
	}
	wire, err := c.Wires.Get(ctx, receipt.WireID)
	if err != nil {
		return fmt.Errorf("reading the wire: %w", err)
	}
	fmt.Fprintf(out, "Sent a wire of %s to %s: %s.\n", wire.Amount, wire.CounterpartyName, wire.Status)
	if err := s.settleAndReport(receipt.WireID, out, func() (string, error) {
		w, err := c.Wires.Get(ctx, receipt.WireID)
		if err != nil {
			return "", err
		}
		return string(w.Status), nil
	}); err != nil {
		return fmt.Errorf("reading the wire: %w", err)
	}

	fmt.Fprintln(out, "Balances:")
	for _, id := range []string{s.from, s.to} {
		p, err := c.Pockets.Get(ctx, id, nil)
		if err != nil {
			return fmt.Errorf("reading a pocket: %w", err)
		}
		fmt.Fprintf(out, "  %-10s total %-10s available %s\n", p.PocketName, p.Portfolio.TotalValue, p.Portfolio.LiquidationValueT0)
	}
	return nil
}

// settleAndReport settles a transfer offline, as Jiko's processing would,
// and prints its new status. In a sandbox it does nothing.
func (s *setup) settleAndReport(id string, out io.Writer, status func() (string, error)) error {
	if s.settle == nil {
		return nil
	}
	if err := s.settle(id); err != nil {
		return err
	}
	st, err := status()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  ... settled: %s.\n", st)
	return nil
}

// connect builds the client from the environment, or starts the offline
// fake, seeded with the customer's Pockets and verified counterparties,
// when nothing is configured.
func connect(getenv func(string) string, out io.Writer) (*setup, error) {
	ids := []string{"JIKO_POCKET_ID", "JIKO_SECOND_POCKET_ID", "JIKO_ACH_COUNTERPARTY_ID", "JIKO_WIRE_COUNTERPARTY_ID"}
	if !exampleenv.Configured(getenv, ids...) {
		return offline(out)
	}
	c, err := exampleenv.Connect(getenv, ids...)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(out, "Using", c.BaseURL())
	return &setup{
		c: c, from: getenv(ids[0]), to: getenv(ids[1]), achPayee: getenv(ids[2]), wireTo: getenv(ids[3]),
		close: func() {},
	}, nil
}

// offline starts the fake API with a customer, two empty Pockets and two
// verified counterparties.
func offline(out io.Writer) (*setup, error) {
	const customerID = "62c5272e-ef8c-4d8a-a49d-633432409fd4"
	c, srv, err := exampleenv.Offline(out)
	if err != nil {
		return nil, err
	}
	s := &setup{
		c:      c,
		from:   srv.AddPocket(customerID, jikotest.PocketSeed{Name: "Everyday"}).ID,
		to:     srv.AddPocket(customerID, jikotest.PocketSeed{Name: "Savings"}).ID,
		settle: srv.Settle,
		close:  srv.Close,
	}
	for kind, id := range map[jiko.CounterpartyType]*string{jiko.CounterpartyTypeACH: &s.achPayee, jiko.CounterpartyTypeWire: &s.wireTo} {
		if *id, err = srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: kind, Verified: true}); err != nil {
			srv.Close()
			return nil, err
		}
	}
	return s, nil
}
