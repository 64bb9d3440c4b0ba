package jiko_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

func ExampleWithDriftHandler() {
	srv := jikotest.NewServer()
	defer srv.Close()
	customer := srv.AddCustomer("")
	p := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday"})
	// The fake answers with a status the SDK does not know, as Jiko might
	// one day.
	if err := srv.Drift(jikotest.DriftRule{
		Operation: "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/",
		EnumValue: &jikotest.DriftEnumValue{Path: "status", Value: "DORMANT"},
	}); err != nil {
		log.Fatal(err)
	}
	c, err := jiko.NewClient(append(srv.ClientOptions(),
		jiko.WithDriftHandler(func(_ context.Context, d jiko.Drift) {
			fmt.Println("drift:", d.Operation, d.Kind, d.Path, d.Value)
		}))...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for range 2 { // reported once
		pocket, err := c.Pockets.GetForCustomer(ctx, customer, p.ID, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(pocket.Status, pocket.Status.IsKnown())
	}
	// Output:
	// drift: GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/ unknown_enum_value status DORMANT
	// DORMANT false
	// DORMANT false
}

func ExampleWithStrictDecoding() {
	srv := jikotest.NewServer()
	defer srv.Close()
	customer := srv.AddCustomer("")
	p := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday"})
	if err := srv.Drift(jikotest.DriftRule{
		Operation: "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/",
		AddMember: &jikotest.DriftAddMember{Name: "nickname", Value: []byte(`"Rainy day"`)},
	}); err != nil {
		log.Fatal(err)
	}
	c, err := jiko.NewClient(append(srv.ClientOptions(), jiko.WithStrictDecoding())...)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Pockets.GetForCustomer(context.Background(), customer, p.ID, nil)
	var de *jiko.DriftError
	if errors.As(err, &de) {
		for _, d := range de.Drift {
			fmt.Println(d)
		}
	}
	// Output:
	// unknown_member at nickname: "nickname" (string)
}
