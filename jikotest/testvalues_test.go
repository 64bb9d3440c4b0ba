package jikotest_test

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The published test values pass the SDK's local checks and the fake's,
// and the first virtual card carries TestCardNumber.
func TestPublishedTestValuesAreAccepted(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	customer := srv.AddCustomer("")
	address := jiko.CounterpartyAddress{StreetAddress: "1 Market Street", City: "Newark", PostalCode: "07102", State: "NJ", Country: "US"}
	for name, req := range map[string]jiko.CounterpartyCreateRequest{
		"ach": &jiko.ACHCounterpartyCreateRequest{RoutingNumber: jikotest.TestRoutingNumber, AccountNumber: jikotest.TestAccountNumber,
			AccountType: jiko.ACHAccountChecking, NameOnAccount: "Ada Lovelace"},
		"wire": &jiko.WireCounterpartyCreateRequest{RoutingNumber: jikotest.TestRoutingNumber, Identifier: jikotest.TestAccountNumber,
			Address: address, CounterpartyName: jiko.BusinessCounterpartyName("Acme")},
		"international wire": &jiko.InternationalWireCounterpartyCreateRequest{RoutingNumber: jikotest.TestSWIFTCode, Identifier: jikotest.TestIBAN,
			IdentifierType: jiko.WireIdentifierIBAN, Address: address, CounterpartyName: jiko.BusinessCounterpartyName("Acme")},
	} {
		cp, err := c.Counterparties.Create(ctx, customer, req)
		require.NoError(t, err, name)
		assert.NotEmpty(t, cp.Common().ID, name)
	}

	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Balance: 10_000})
	key := virtualCardKey(t)
	vc, err := c.Cards.CreateVirtual(ctx, pocket.ID, key.Request())
	require.NoError(t, err)
	details, err := vc.Decrypt(key)
	require.NoError(t, err)
	assert.Equal(t, jikotest.TestCardNumber, details.PAN())
	assert.True(t, luhnValid(jikotest.TestCardNumber))
}
