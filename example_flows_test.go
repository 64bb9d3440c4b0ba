package jiko_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// Pay a verified counterparty by ACH, with a key derived from your own
// payment id so that a resend after a crash cannot pay twice.
func ExampleACHService_Create() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	ctx := context.Background()
	payee, err := srv.AddCounterparty(customer,
		jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeACH, Verified: true})
	if err != nil {
		log.Fatal(err)
	}

	req := &jiko.ACHCreateRequest{
		CounterpartyID: payee, Direction: jiko.ACHCredit, AmountUSDC: 30_000,
		PaymentRelatedInformation: []string{"Invoice 2026-001"},
	}
	key := jiko.IdempotencyKeyFor("payout:8841")
	t, err := c.ACH.Create(ctx, pocket.ID, req, jiko.WithIdempotencyKey(key))
	if err != nil {
		log.Fatal(err)
	}
	again, err := c.ACH.Create(ctx, pocket.ID, req, jiko.WithIdempotencyKey(key))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Amount, t.Direction, t.Status, t.ID == again.ID)
	// Output: $300.00 CREDIT PENDING true
}

// Move money between two Pockets of a customer with an on-us transfer.
func ExampleOnUsService_Create() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	everyday := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	taxes := srv.AddPocket(customer, jikotest.PocketSeed{
		Name: "Taxes", DepositStrategy: jiko.StrategyUST13W, Balance: 4_200_050,
	})

	id := jiko.IdempotencyKeyFor("move:77")
	t, err := c.OnUs.Create(context.Background(), &jiko.OnUsReallocationRequest{
		TransferID: id, Description: "To taxes",
		FromAccount: jiko.OnUsAccount{ID: everyday.ID}, ToAccount: jiko.OnUsAccount{ID: taxes.ID},
		Amount: jiko.RequestedAmount(25_000),
	}, jiko.WithIdempotencyKey(id))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Status)
	// Output: COMPLETED
}

// List a Pocket's transactions, newest first; each item is one variant of
// the union, with what every variant has in Common.
func ExampleTransactionsService_ListForPocket() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
	ctx := context.Background()
	err = c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{
		AccountID: pocket.ID, AmountUSDC: 10_000, CompanyName: "ACME PAYROLL",
	})
	if err != nil {
		log.Fatal(err)
	}

	params := &jiko.TransactionListParams{Order: jiko.SortDesc, Limit: 1}
	for tx, err := range c.Transactions.ListForPocket(ctx, pocket.ID, params).All() {
		if err != nil {
			log.Fatal(err)
		}
		switch a := tx.Variant.(type) {
		case *jiko.ACHTransaction:
			fmt.Println("ACH", a.Amount, a.Direction, a.CompanyName)
		default:
			fmt.Println(tx.Kind(), tx.Common().Amount)
		}
		break
	}
	// Output: ACH $100.00 CREDIT ACME PAYROLL
}

// Receive Jiko's webhooks: the handler verifies the signature, parses the
// event and answers 2xx only when your function succeeded.
func ExampleWebhookHandler() {
	const secret = "whsec-0123456789abcdef"
	h := jiko.WebhookHandler(secret, func(ctx context.Context, ev *jiko.Event) error {
		if p, ok := ev.Payload.Variant.(*jiko.ApplicationUpdatePayload); ok {
			fmt.Println(ev.Type, p.ApplicationID)
		}
		return nil
	})

	// A delivery, as Jiko sends it (SignWebhook stands in for Jiko here).
	body := []byte(`{"event_id":"5f0c6f8e-1a53-4d41-9d0b-3a1b2c3d4e5f",` +
		`"event_type":"application.approved","timestamp":"2026-11-25T10:00:00Z",` +
		`"payload":{"application_id":"3e0b7c9a-5d2f-4a61-8b7e-0f1e2d3c4b5a"}}`)
	req := httptest.NewRequest(http.MethodPost, "/webhooks/jiko", bytes.NewReader(body))
	req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(body, secret))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// application.approved 3e0b7c9a-5d2f-4a61-8b7e-0f1e2d3c4b5a
	// 200
}
