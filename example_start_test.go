package jiko_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// Onboard a person: show the agreements, create the application with the
// applicant's consent, submit it, and read the decision, which carries the
// new customer's id once approved. (The fake approves at once; the real
// API may take a while, or ask for documents.)
func ExampleIndividualsService_CreateApplication() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	ag, err := c.Individuals.GetAgreements(ctx)
	if err != nil {
		log.Fatal(err)
	}
	app, err := c.Individuals.CreateApplication(ctx, &jiko.ApplicationCreateRequest{
		IdentificationNumber: "123456789",
		Name:                 jiko.Name{FirstName: "Ada", LastName: "Lovelace"},
		Email:                "ada@example.com",
		PhoneNumber:          "+14155550123",
		DateOfBirth:          jiko.Date{Year: 1990, Month: time.December, Day: 10},
		Address: jiko.Address{StreetAddress: "2000 Allston Way", City: "Berkeley",
			PostalCode: "94704", State: "CA", Country: "US"},
		InvestmentProfile: jiko.InvestmentProfile{
			Income: jiko.IncomeBetween100KAnd250K, NetWorth: jiko.NetWorthBetween200KAnd1M,
			Occupation: "Mathematician", EmploymentStatus: jiko.EmploymentEmployed,
		},
		// The applicant read and accepted this version of the agreements.
		AgreementConsent: jiko.AgreementConsent{Version: ag.Version, Timestamp: time.Now().UTC()},
	}, jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("signup:ada")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.Status)
	if app, err = c.Individuals.Apply(ctx, app.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.Status)
	if app, err = c.Individuals.GetApplication(ctx, app.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.Status, app.CustomerID != nil)
	// Output:
	// CREATED
	// SUBMITTED
	// APPROVED true
}

// In a sandbox, money arrives in a Pocket as an incoming ACH credit from a
// company of your choosing.
func ExampleSandboxService_Fund() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday"})
	ctx := context.Background()

	err = c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{
		AccountID: pocket.ID, AmountUSDC: 250_000, CompanyName: "ACME PAYROLL",
	})
	if err != nil {
		log.Fatal(err)
	}
	p, err := c.Pockets.GetForCustomer(ctx, customer, pocket.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Portfolio.TotalValue)
	// Output: $2,500.00
}

// Add a customer's external bank account for ACH. The routing and account
// numbers here are jikotest's published test values; a made-up routing
// number fails the ABA checksum and is refused before it is sent.
func ExampleCounterpartiesService_Create() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	ctx := context.Background()

	cp, err := c.Counterparties.Create(ctx, customer, &jiko.ACHCounterpartyCreateRequest{
		RoutingNumber: jikotest.TestRoutingNumber, AccountNumber: jikotest.TestAccountNumber,
		AccountType: jiko.ACHAccountChecking, NameOnAccount: "Ada Lovelace",
	}, jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("bank-account:ada:1")))
	if err != nil {
		log.Fatal(err)
	}
	common := cp.Common()
	fmt.Println(common.Type, common.Status)
	if ach, ok := cp.Variant.(*jiko.ACHCounterparty); ok {
		fmt.Println(ach.RoutingNumber, ach.AccountType)
	}
	// Output:
	// ach PENDING
	// 110000000 CHECKING
}

// Subscribe an endpoint to events: Jiko posts each one, signed with the
// shared secret, which WebhookHandler verifies on your side.
func ExampleSubscriptionsService_Create() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		Description:  "Transfers and decisions",
		Events:       []jiko.EventName{jiko.EventACHInSuccess, jiko.EventApplicationApproved},
		URL:          "https://partner.example.com/webhooks/jiko",
		SharedSecret: "whsec-0123456789abcdef", // keep it in your secret store
	}, jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("webhooks:main")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sub.Status, sub.Events)
	// Output: enabled [transfers.ach.in.success application.approved]
}
