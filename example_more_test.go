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
	"github.com/jiko-go/jiko/jikotest"
	"golang.org/x/oauth2"
)

// Any operation, even one without a typed method, is one call away, with the
// same login, signing, idempotency and retries.
func ExampleClient_Do() {
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday"})

	var page struct {
		Items []struct {
			PocketName string `json:"pocket_name"`
		} `json:"items"`
	}
	q := url.Values{"limit": {"1"}, "omit[]": {"portfolio"}}
	path := "/api/v2/customers/" + customer + "/pockets/"
	err = c.Do(context.Background(), "GET", path, q, nil, &page)
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
	srv := jikotest.NewServer() // the in-process fake API (package jikotest)
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	customer := srv.AddCustomer("")
	ctx := context.Background()
	req := &jiko.PocketCreateRequest{
		PocketName: "Payroll", DepositStrategyID: jiko.StrategyUST4W,
	}

	// Make the only attempt fail after the server acted.
	srv.FailNext(1, jikotest.Fault{
		Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling,
	})
	_, err = c.Pockets.Create(ctx, customer, req, jiko.WithMaxRetries(0))
	var jerr *jiko.Error
	if errors.As(err, &jerr) && jerr.MayHaveSucceeded {
		p, err := c.Pockets.Create(ctx, customer, req,
			jiko.WithIdempotencyKey(jerr.IdempotencyKey))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("resent:", p.PocketName, "- pockets:", len(srv.Pockets()))
	}
	// Output: resent: Payroll - pockets: 1
}

// Page by hand, for example to serve your own paginated endpoint: keep the
// cursor of the next page and pass it back later.
func ExamplePocketsService_ListForCustomerPage() {
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

	params := &jiko.PocketListParams{Limit: 1}
	page, err := c.Pockets.ListForCustomerPage(ctx, customer, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Items[0].PocketName, page.HasMore())
	saved := page.NextPage // store it with the user's session

	params.Cursor = saved
	page, err = c.Pockets.ListForCustomerPage(ctx, customer, params)
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
