// Command statement shows a Pocket the way a partner's "activity" screen
// would: what it holds, the movements of its bank account, the T-bill
// trades of its brokerage account, what it has earned, and the month's
// statement, downloaded just in time from its short-lived link.
//
// With no configuration it runs offline against the in-process fake API
// (package jikotest): it funds a Pocket through the sandbox on Monday 6
// January 2025, lets its 4-week T-bills mature once (on Thursday 6
// February, reinvested at once) and shows the result on 10 February. To
// show a Pocket of your Jiko sandbox instead (read only), set:
//
//	JIKO_PARTNER         your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME        the API username
//	JIKO_PASSWORD        the API password
//	JIKO_SIGNING_SECRET  the shared signing secret
//	JIKO_CUSTOMER_ID     the customer
//	JIKO_POCKET_ID       one of the customer's Pockets
//
// Dates are shown in New York time, the time zone of the Treasury market.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	_ "time/tzdata" // the New York zone, wherever the program runs

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/jiko-go/jiko/jikotest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "statement:", err)
		os.Exit(1)
	}
}

// demoCustomerID is the customer of the offline demo.
const demoCustomerID = "62c5272e-ef8c-4d8a-a49d-633432409fd4"

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		return err
	}
	c, customerID, pocketID, cleanup, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer cleanup()
	day := func(t time.Time) string { return t.In(newYork).Format("Mon Jan _2 15:04") }

	p, err := c.Pockets.GetForCustomer(ctx, customerID, pocketID, nil)
	if err != nil {
		return fmt.Errorf("reading the pocket: %w", err)
	}
	if p.Portfolio == nil {
		return errors.New("the pocket has no portfolio")
	}
	pf := p.Portfolio
	fmt.Fprintf(out, "%s (%s T-bills): %s, of which %s in cash.\n", p.PocketName, p.DepositStrategyID, pf.TotalValue, pf.Cash)
	for _, s := range pf.Securities {
		fmt.Fprintf(out, "  holds %d x %s %s maturing %s, worth %s (yield %s)\n",
			s.Quantity, s.Description, s.CUSIP, s.MaturityDate.Time(newYork).Format("Mon Jan _2 2006"), s.MarketValue, s.YieldToMaturity)
	}

	fmt.Fprintln(out, "\nActivity:")
	for tx, err := range c.Transactions.ListForPocket(ctx, pocketID, nil).All() {
		if err != nil {
			return fmt.Errorf("listing transactions: %w", err)
		}
		t := tx.Common()
		fmt.Fprintf(out, "  %s  %-26s %14s  %s\n", day(t.TimeBooked.Time), t.Title, jiko.USD(t.Signed()), t.Status)
	}

	fmt.Fprintln(out, "\nTrades:")
	for tr, err := range c.Trades.ListForCustomer(ctx, customerID, &jiko.TradeListParams{PocketIDs: []string{pocketID}}).All() {
		if err != nil {
			return fmt.Errorf("listing trades: %w", err)
		}
		t, s := tr.Common(), tr.Security()
		if s == nil {
			fmt.Fprintf(out, "  %s  %s\n", day(t.TradeDatetime.Time), t.Activity)
			continue
		}
		fmt.Fprintf(out, "  %s  %-8s %4d x %s @ %-10s %12s\n", day(t.TradeDatetime.Time), t.Activity, s.Quantity, s.CUSIP, s.Price, s.Notional)
	}

	earned, err := c.Pockets.GetEarnings(ctx, pocketID, &jiko.PocketEarningsParams{Period: jiko.EarningsAllTime})
	if err != nil {
		return fmt.Errorf("reading the earnings: %w", err)
	}
	fmt.Fprintf(out, "\nEarned: %s since the Pocket opened.\n", earned.Earnings)

	// The statement link lives ten minutes: list, then download at once.
	var last *jiko.Statement
	for st, err := range c.Statements.ListForCustomer(ctx, customerID, &jiko.StatementListParams{
		Accounts: []string{pocketID}, Types: []jiko.StatementType{jiko.StatementTypeBrokerage},
	}).All() {
		if err != nil {
			return fmt.Errorf("listing statements: %w", err)
		}
		if last == nil {
			last = &st
		}
	}
	if last == nil {
		fmt.Fprintln(out, "No statement yet.")
		return nil
	}
	var pdf bytes.Buffer
	n, err := c.Statements.Download(ctx, last.PDFDownloadURL, &pdf)
	if err != nil {
		return fmt.Errorf("downloading the statement: %w", err)
	}
	fmt.Fprintf(out, "Statement %s (%s): %d bytes, %s\n", last.Key[:7], last.Type, n, bytes.SplitN(pdf.Bytes(), []byte("\n"), 2)[0])
	return nil
}

// connect builds the client from the environment, or sets up the offline
// demo when nothing is configured.
func connect(getenv func(string) string, out io.Writer) (*jiko.Client, string, string, func(), error) {
	ids := []string{"JIKO_CUSTOMER_ID", "JIKO_POCKET_ID"}
	if !exampleenv.Configured(getenv, ids...) {
		return demo(out)
	}
	c, err := exampleenv.Connect(getenv, ids...)
	if err != nil {
		return nil, "", "", nil, err
	}
	fmt.Fprintln(out, "Using", c.BaseURL())
	return c, getenv(ids[0]), getenv(ids[1]), func() {}, nil
}

// demo funds a Pocket of the fake API through the sandbox on Monday 6
// January 2025, lets its T-bills mature once, and leaves the fake's clock
// on 10 February.
func demo(out io.Writer) (*jiko.Client, string, string, func(), error) {
	clock := jikotest.NewClock(time.Date(2025, time.January, 6, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	fail := func(err error) (*jiko.Client, string, string, func(), error) {
		srv.Close()
		return nil, "", "", nil, err
	}
	p := srv.AddPocket(demoCustomerID, jikotest.PocketSeed{Name: "Treasury"})
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		return fail(err)
	}
	ctx := context.Background()
	if err := c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p.ID, AmountUSDC: 2_500_000, CompanyName: "ACME PAYROLL"}); err != nil {
		return fail(fmt.Errorf("funding the pocket: %w", err))
	}
	clock.Set(time.Date(2025, time.February, 10, 15, 0, 0, 0, time.UTC))
	if _, err := srv.MatureBills(p.ID); err != nil {
		return fail(err)
	}
	fmt.Fprintln(out, "No JIKO_* variables set: using the in-process fake Jiko API on 10 February 2025.")
	return c, demoCustomerID, p.ID, srv.Close, nil
}
