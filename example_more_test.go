package jiko_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"

	"github.com/jiko-go/jiko"
	"golang.org/x/oauth2"
)

// Any operation, even one without a typed method, is one call away, with the
// same login, signing, idempotency and retries.
func ExampleClient_Do() {
	c, srv := newExampleClient()
	defer srv.Close()

	var page struct {
		Items []struct {
			PocketName string `json:"pocket_name"`
		} `json:"items"`
	}
	q := url.Values{"limit": {"1"}, "omit[]": {"portfolio"}}
	path := "/api/v2/customers/" + exampleCustomer + "/pockets/"
	err := c.Do(context.Background(), "GET", path, q, nil, &page)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Items[0].PocketName)
	// Output: Everyday
}

// A token source of your own (a secrets manager, a shared cache) replaces
// WithCredentials.
func ExampleWithTokenSource() {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("JIKO_TOKEN")})
	c, err := jiko.NewClient(
		jiko.WithPartner("acme", jiko.Sandbox),
		jiko.WithTokenSource(ts),
		jiko.WithSigningSecret(os.Getenv("JIKO_SIGNING_SECRET")),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = c
}

// When a call fails in a way that may have taken effect, send it again with
// the key it carried: the API answers with the first outcome instead of
// acting twice.
func ExampleError_resend() {
	c, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	req := &jiko.PocketCreateRequest{
		PocketName: "Payroll", DepositStrategyID: jiko.StrategyUST4W,
	}

	// Make the only attempt fail after the server acted.
	srv.FailNext(1, fakeDrop())
	_, err := c.Pockets.Create(ctx, exampleCustomer, req, jiko.WithMaxRetries(0))
	var jerr *jiko.Error
	if errors.As(err, &jerr) && jerr.MayHaveSucceeded {
		p, err := c.Pockets.Create(ctx, exampleCustomer, req,
			jiko.WithIdempotencyKey(jerr.IdempotencyKey))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("resent:", p.PocketName, "- pockets:", len(srv.Pockets()))
	}
	// Output: resent: Payroll - pockets: 3
}

// Page by hand, for example to serve your own paginated endpoint: keep the
// cursor of the next page and pass it back later.
func ExamplePocketsService_ListForCustomerPage() {
	c, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()

	params := &jiko.PocketListParams{Limit: 1}
	page, err := c.Pockets.ListForCustomerPage(ctx, exampleCustomer, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Items[0].PocketName, page.HasMore())
	saved := page.NextPage // store it with the user's session

	params.Cursor = saved
	page, err = c.Pockets.ListForCustomerPage(ctx, exampleCustomer, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Items[0].PocketName, page.HasMore())
	// Output:
	// Everyday true
	// Taxes false
}

// A PATCH field is left alone, set to a value, or set to null.
func ExampleNullable() {
	req := jiko.PocketUpdateRequest{
		PocketName:             jiko.Set("Rainy day"),
		ReinvestmentStrategyID: jiko.Null[jiko.StrategyID](),
		// DepositStrategyID is left alone: it is not sent.
	}
	b, _ := json.Marshal(req)
	fmt.Println(string(b))
	// Output: {"pocket_name":"Rainy day","reinvestment_strategy_id":null}
}
