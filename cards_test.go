package jiko

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	cardID      = "66f6e46c-f6a1-4af8-a1bd-49666bc01304"
	cardOrderID = "d66e74c4-66f9-4937-8518-1a94f39ba0f9"
)

func TestCardFixturesAreStrict(t *testing.T) {
	list := testutil.Strict[CursorPage[Card]](t, testutil.Load(t, "cards_list.json"))
	require.Len(t, list.Items, 1)
	assert.Equal(t, Card{CardID: cardID, Name: "Jiko Virtual Debit Card", Status: CardStatusOpen, Type: CardTypeVirtual, PocketID: pocketID}, list.Items[0])
	assert.True(t, list.HasMore())

	st := testutil.Strict[CardStatusInfo](t, testutil.Load(t, "card_status.json"))
	assert.Equal(t, CardStatusInfo{CardID: cardID, Status: CardStatusLocked}, st)

	orders := testutil.Strict[CursorPage[CardOrderSummary]](t, testutil.Load(t, "card_orders_list.json"))
	assert.Equal(t, []CardOrderSummary{{CardID: cardID, CardOrderID: cardOrderID, Status: CardOrderInitial, ObjectType: "MinimalPhysicalCardOrderResponse"}}, orders.Items)

	order := testutil.Strict[CardOrder](t, testutil.Load(t, "card_order.json"))
	assert.Equal(t, CardOrder{
		CardID: cardID, CardOrderID: cardOrderID, Status: CardOrderInitial, NameOnCard: "Jiko Customer",
		ShippingAddress: ShippingAddress{StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94701", State: "CA", Country: "USA"},
		ObjectType:      "PhysicalCardOrderResponse",
	}, order)

	vc := testutil.Strict[VirtualCard](t, testutil.Load(t, "virtual_card.json"))
	assert.Equal(t, cardID, vc.CardID)
	assert.Equal(t, "VirtualCardResponse", vc.ObjectType)
	assert.True(t, strings.HasPrefix(vc.EncryptedPAN, "LBHyVQgg"))

	keys := testutil.Strict[EncryptionKeys](t, testutil.Load(t, "public_keys.json"))
	pub, err := keys.SetPINKey()
	require.NoError(t, err)
	assert.Equal(t, 4096, pub.N.BitLen())

	pin := testutil.Strict[struct {
		Success bool `json:"success"`
	}](t, testutil.Load(t, "card_set_pin.json"))
	assert.True(t, pin.Success)
}

func TestCardRequestFixturesAreStrictAndValid(t *testing.T) {
	for name, check := range map[string]func(t *testing.T, raw []byte) validator{
		"card_set_status.request.json": func(t *testing.T, raw []byte) validator {
			v := testutil.Strict[CardSetStatusRequest](t, raw)
			return &v
		},
		"card_close.request.json": func(t *testing.T, raw []byte) validator { v := testutil.Strict[CardCloseRequest](t, raw); return &v },
		"card_order_create.request.json": func(t *testing.T, raw []byte) validator {
			v := testutil.Strict[CardOrderCreateRequest](t, raw)
			return &v
		},
		"virtual_card.request.json": func(t *testing.T, raw []byte) validator { v := testutil.Strict[VirtualCardRequest](t, raw); return &v },
		"sandbox_card_swipe.request.json": func(t *testing.T, raw []byte) validator {
			v := testutil.Strict[SandboxCardSwipeRequest](t, raw)
			return &v
		},
		"sandbox_generate_card.request.json": func(t *testing.T, raw []byte) validator {
			v := testutil.Strict[SandboxGenerateCardRequest](t, raw)
			return &v
		},
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, check(t, testutil.Load(t, name)).validate())
		})
	}
	body := testutil.Strict[cardPINBody](t, testutil.Load(t, "card_set_pin.request.json"))
	assert.Len(t, body.EncryptedPIN, 684, "512 bytes of ciphertext in base64")
}

// The published List Account Cards example has an offset envelope where its
// schema says CursorList: its item is strict, and the page still decodes.
func TestCardsListPublishedExampleDecodes(t *testing.T) {
	var env struct {
		Items []json.RawMessage `json:"items"`
	}
	raw := testutil.Load(t, "cards_list.published.json")
	require.NoError(t, json.Unmarshal(raw, &env))
	require.Len(t, env.Items, 1)
	c := testutil.Strict[Card](t, env.Items[0])
	assert.Empty(t, c.PocketID)

	h := newHarness(t)
	h.on("GET", "/api/v1/jiko-accounts/"+pocketID+"/cards/", status(200, string(raw)))
	cards, err := h.c.Cards.ListForPocket(context.Background(), pocketID, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, []Card{c}, cards)
	assert.Len(t, h.requests(), 1, "no next_page: one page")
}

func TestCardEnumsDecodeUnknownValues(t *testing.T) {
	var c Card
	require.NoError(t, json.Unmarshal([]byte(`{"card_id":"x","name":"n","status":"SUSPENDED","type":"PREPAID"}`), &c))
	assert.Equal(t, CardStatus("SUSPENDED"), c.Status)
	assert.Equal(t, CardType("PREPAID"), c.Type)
	var o CardOrderSummary
	require.NoError(t, json.Unmarshal([]byte(`{"card_order_id":"o","status":"SHIPPED"}`), &o))
	assert.Equal(t, CardOrderStatus("SHIPPED"), o.Status)
}

// signed reports whether a request carried every credential of a signed
// operation.
func assertSigned(t *testing.T, r seen) {
	t.Helper()
	assert.NotEmpty(t, r.Header.Get("Authorization"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestCardsList(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/"
	h.on("GET", path, status(200, fixture(t, "cards_list.json")))
	p, err := h.c.Cards.ListForPocketPage(context.Background(), pocketID, &CardListParams{
		Cursor: "c1", Limit: 50, Status: []CardStatus{CardStatusOpen, CardStatusLocked},
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, "cursor=c1&filter%5Bstatus%5D=OPEN&filter%5Bstatus%5D=LOCKED&limit=50", r.Query)
	assert.False(t, r.HasBody)
	assertSigned(t, r)
	assert.Equal(t, CardTypeVirtual, p.Items[0].Type)

	h.on("GET", path,
		status(200, `{"items":[{"card_id":"a","name":"A","status":"OPEN","type":"VIRTUAL"}],"next_page":"n1","prev_page":null,"object_type":"CursorList"}`),
		status(200, `{"items":[{"card_id":"b","name":"B","status":"CLOSED","type":"PHYSICAL"}],"next_page":null,"prev_page":"p","object_type":"CursorList"}`))
	cards, err := h.c.Cards.ListForPocket(context.Background(), pocketID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 2)
	assert.Equal(t, "b", cards[1].CardID)
	assert.Equal(t, "cursor=n1", h.last().Query)
}

func TestCardsListForCustomer(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/customers/" + customerID + "/cards/"
	h.on("GET", path, status(200, fixture(t, "cards_list.json")))
	p, err := h.c.Cards.ListForCustomerPage(context.Background(), customerID, &CardListParams{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, pocketID, p.Items[0].PocketID)
	assert.Equal(t, path, h.last().Path)
	assert.Equal(t, "limit=10", h.last().Query)
	cards, err := h.c.Cards.ListForCustomer(context.Background(), customerID, nil).Collect()
	// The fixture's next_page leads to the fixture again: the walk stops at
	// the repeated cursor, with an error, after two pages.
	assert.EqualError(t, err, `jiko: list: the API returned cursor "cD0yMDIyLTEyLTE5KzE5JTNBNTQlM0EyNy4xODMyNzglMkIwMCUzQTAw" twice; stopping`)
	assert.Len(t, cards, 2)
}

func TestCardsGetAndSetStatus(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/" + cardID + "/status/"
	h.on("GET", path, status(200, fixture(t, "card_status.json")))
	st, err := h.c.Cards.GetStatus(context.Background(), pocketID, cardID)
	require.NoError(t, err)
	assert.Equal(t, CardStatusLocked, st.Status)
	assert.Equal(t, "GET", h.last().Method)
	assertSigned(t, h.last())

	h.on("PATCH", path, status(200, fixture(t, "card_status.json")))
	_, err = h.c.Cards.SetStatus(context.Background(), pocketID, cardID, &CardSetStatusRequest{Status: CardStatusLocked})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "card_set_status.request.json")), string(r.Body))
	assertSigned(t, r)

	_, err = h.c.Cards.SetStatus(context.Background(), pocketID, cardID, &CardSetStatusRequest{MagstripeStatus: "DISABLED"})
	require.NoError(t, err)
	assert.Equal(t, `{"magstripe_status":"DISABLED"}`, string(h.last().Body))
}

func TestCardsClose(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/" + cardID + "/close/"
	h.on("POST", path, status(204, ""))
	err := h.c.Cards.Close(context.Background(), pocketID, cardID, &CardCloseRequest{
		ClosureReason: CardClosureStolen, LostStolenDate: Date{Year: 2023, Month: 1, Day: 1},
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "card_close.request.json")), string(r.Body))
	assertSigned(t, r)

	require.NoError(t, h.c.Cards.Close(context.Background(), pocketID, cardID, &CardCloseRequest{ClosureReason: CardClosureDamaged}))
	assert.Equal(t, `{"closure_reason":"DAMAGED"}`, string(h.last().Body))
}

func TestCardOrders(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	path := "/api/v1/jiko-accounts/" + pocketID + "/card-orders/"
	h.on("GET", path, status(200, fixture(t, "card_orders_list.json")))
	p, err := h.c.Cards.ListOrdersForPocketPage(ctx, pocketID, &CardOrderListParams{Limit: 100, Cursor: "x"})
	require.NoError(t, err)
	assert.Equal(t, "cursor=x&limit=100", h.last().Query)
	assert.Equal(t, cardOrderID, p.Items[0].CardOrderID)
	assertSigned(t, h.last())

	customerPath := "/api/v1/customers/" + customerID + "/card-orders/"
	h.on("GET", customerPath, status(200, `{"items":[{"card_order_id":"o1","status":"ORDERED"}],"next_page":null,"object_type":"CursorList"}`))
	orders, err := h.c.Cards.ListOrdersForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, []CardOrderSummary{{CardOrderID: "o1", Status: CardOrderOrdered}}, orders)
	assert.Equal(t, customerPath, h.last().Path)
	_, err = h.c.Cards.ListOrdersForCustomerPage(ctx, customerID, nil)
	require.NoError(t, err)

	h.on("POST", path, status(201, fixture(t, "card_order.json")))
	var req CardOrderCreateRequest
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "card_order_create.request.json")), &req))
	o, err := h.c.Cards.CreateOrder(ctx, pocketID, &req)
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "card_order_create.request.json")), string(r.Body))
	assertSigned(t, r)
	assert.Equal(t, CardOrderInitial, o.Status)
	assert.Equal(t, "Berkeley", o.ShippingAddress.City)

	h.on("GET", path+cardOrderID+"/", status(200, fixture(t, "card_order.json")))
	o, err = h.c.Cards.GetOrder(ctx, pocketID, cardOrderID)
	require.NoError(t, err)
	assert.Equal(t, cardID, o.CardID)
	assert.Equal(t, path+cardOrderID+"/", h.last().Path)
}

func TestCardsVirtualOperations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var req VirtualCardRequest
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "virtual_card.request.json")), &req))

	path := "/api/v1/jiko-accounts/" + pocketID + "/virtual-cards/"
	h.on("POST", path, status(201, fixture(t, "virtual_card.json")))
	vc, err := h.c.Cards.CreateVirtual(ctx, pocketID, &req)
	require.NoError(t, err)
	assert.Equal(t, cardID, vc.CardID)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "virtual_card.request.json")), string(r.Body))
	assertSigned(t, r)

	h.on("POST", path+cardID+"/", status(200, fixture(t, "virtual_card.json")))
	_, err = h.c.Cards.GetVirtual(ctx, pocketID, cardID, &req)
	require.NoError(t, err)
	assert.Equal(t, "POST", h.last().Method)
	assert.Equal(t, path+cardID+"/", h.last().Path)
	assert.Equal(t, compactJSON(t, fixture(t, "virtual_card.request.json")), string(h.last().Body))

	h.on("DELETE", path+cardID+"/", status(204, ""))
	require.NoError(t, h.c.Cards.CloseVirtual(ctx, pocketID, cardID))
	r = h.last()
	assert.Equal(t, "DELETE", r.Method)
	assert.False(t, r.HasBody)
	assertSigned(t, r)
}

func TestSecurityGetPublicKeysTakesNoCredentials(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/public-keys/", status(200, fixture(t, "public_keys.json")))
	keys, err := h.c.Security.GetPublicKeys(context.Background())
	require.NoError(t, err)
	assert.Contains(t, keys.SetPIN, "-----BEGIN PUBLIC KEY-----\r\n")
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.Empty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.Empty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Zero(t, h.logins.Load(), "no login for a public operation")
}

func TestSandboxCardOperationsAreUnsigned(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.on("POST", "/api/v1/sandbox/card-swipe/", status(http.StatusAccepted, ""))
	require.NoError(t, h.c.Sandbox.SwipeCard(ctx, &SandboxCardSwipeRequest{CardID: cardID, AmountUSDC: 100000}))
	r := h.last()
	assert.Equal(t, compactJSON(t, fixture(t, "sandbox_card_swipe.request.json")), string(r.Body))
	assert.NotEmpty(t, r.Header.Get("Authorization"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.Empty(t, r.Header.Get("X-Jiko-Signature"))

	h.on("POST", "/api/v1/sandbox/generate-card/", status(http.StatusAccepted, ""))
	require.NoError(t, h.c.Sandbox.GenerateCard(ctx, &SandboxGenerateCardRequest{CardOrderID: cardOrderID}))
	r = h.last()
	assert.Equal(t, "/api/v1/sandbox/generate-card/", r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "sandbox_generate_card.request.json")), string(r.Body))
	assert.Empty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestCardsRefuseBadInputBeforeSending(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	addr := ShippingAddress{StreetAddress: "1 Main St", City: "Austin", PostalCode: "73301", State: "TX", Country: "US"}
	order := func(mutate func(r *CardOrderCreateRequest)) *CardOrderCreateRequest {
		r := &CardOrderCreateRequest{NameOnCard: "Ada Lovelace", ShippingAddress: addr}
		mutate(r)
		return r
	}
	cases := map[string]func() error{
		"jiko: account_id: is empty":       func() error { _, err := h.c.Cards.ListForPocketPage(ctx, "", nil); return err },
		`jiko: card_id: ".." is not an id`: func() error { _, err := h.c.Cards.GetStatus(ctx, pocketID, ".."); return err },
		"jiko: customer_id: is empty":      func() error { _, err := h.c.Cards.ListForCustomer(ctx, " ", nil).Collect(); return err },
		"jiko: card_order_id: is empty":    func() error { _, err := h.c.Cards.GetOrder(ctx, pocketID, ""); return err },
		"jiko: CardListParams.Limit: -1 is negative": func() error {
			_, err := h.c.Cards.ListForPocketPage(ctx, pocketID, &CardListParams{Limit: -1})
			return err
		},
		"jiko: CardOrderListParams.Limit: 101 is out of range 0..100": func() error {
			_, err := h.c.Cards.ListOrdersForPocketPage(ctx, pocketID, &CardOrderListParams{Limit: 101})
			return err
		},
		"jiko: CardSetStatusRequest: is nil": func() error { _, err := h.c.Cards.SetStatus(ctx, pocketID, cardID, nil); return err },
		"jiko: CardSetStatusRequest: no field is set": func() error {
			_, err := h.c.Cards.SetStatus(ctx, pocketID, cardID, &CardSetStatusRequest{})
			return err
		},
		`jiko: CardSetStatusRequest.Status: "CLOSED" cannot be set; only OPEN and LOCKED can (close a card with Close)`: func() error {
			_, err := h.c.Cards.SetStatus(ctx, pocketID, cardID, &CardSetStatusRequest{Status: CardStatusClosed})
			return err
		},
		"jiko: CardCloseRequest.ClosureReason: is empty": func() error {
			return h.c.Cards.Close(ctx, pocketID, cardID, &CardCloseRequest{})
		},
		`jiko: CardCloseRequest.ClosureReason: "GONE" is not one of LOST, STOLEN, DAMAGED, NEVER_RECEIVED, EXPIRED, CANCELED`: func() error {
			return h.c.Cards.Close(ctx, pocketID, cardID, &CardCloseRequest{ClosureReason: "GONE"})
		},
		"jiko: CardCloseRequest.LostStolenDate: is required when ClosureReason is LOST": func() error {
			return h.c.Cards.Close(ctx, pocketID, cardID, &CardCloseRequest{ClosureReason: CardClosureLost})
		},
		"jiko: CardOrderCreateRequest.NameOnCard: is empty": func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.NameOnCard = " " }))
			return err
		},
		"jiko: CardOrderCreateRequest.NameOnCard: is 27 characters; at most 26 fit on a card": func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.NameOnCard = strings.Repeat("a", 27) }))
			return err
		},
		"jiko: CardOrderCreateRequest.ShippingAddress.City: is empty": func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.ShippingAddress.City = "" }))
			return err
		},
		"jiko: CardOrderCreateRequest.ShippingAddress.PostalCode: is 11 characters; at most 10": func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.ShippingAddress.PostalCode = "12345-67890" }))
			return err
		},
		`jiko: CardOrderCreateRequest.ShippingAddress.State: "Texas" is not a US postal abbreviation such as CA or NY`: func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.ShippingAddress.State = "Texas" }))
			return err
		},
		`jiko: CardOrderCreateRequest.ShippingAddress.Country: "CA" is not USA or US`: func() error {
			_, err := h.c.Cards.CreateOrder(ctx, pocketID, order(func(r *CardOrderCreateRequest) { r.ShippingAddress.Country = "CA" }))
			return err
		},
		"jiko: VirtualCardRequest: is nil": func() error { _, err := h.c.Cards.CreateVirtual(ctx, pocketID, nil); return err },
		"jiko: VirtualCardRequest.PublicKey: is empty": func() error {
			_, err := h.c.Cards.CreateVirtual(ctx, pocketID, &VirtualCardRequest{})
			return err
		},
		"jiko: VirtualCardRequest.PublicKey: is not a PEM block": func() error {
			_, err := h.c.Cards.GetVirtual(ctx, pocketID, cardID, &VirtualCardRequest{PublicKey: "ssh-rsa AAAA"})
			return err
		},
		"jiko: SandboxCardSwipeRequest.CardID: is empty": func() error {
			return h.c.Sandbox.SwipeCard(ctx, &SandboxCardSwipeRequest{AmountUSDC: 1})
		},
		"jiko: SandboxCardSwipeRequest.AmountUSDC: must be more than 0 cents, got 0": func() error {
			return h.c.Sandbox.SwipeCard(ctx, &SandboxCardSwipeRequest{CardID: cardID})
		},
		"jiko: SandboxCardSwipeRequest.AmountUSDC: must be more than 0 cents, got -5": func() error {
			return h.c.Sandbox.SwipeCard(ctx, &SandboxCardSwipeRequest{CardID: cardID, AmountUSDC: -5})
		},
		"jiko: SandboxGenerateCardRequest.CardOrderID: is empty": func() error {
			return h.c.Sandbox.GenerateCard(ctx, &SandboxGenerateCardRequest{})
		},
		"jiko: SandboxGenerateCardRequest: is nil": func() error { return h.c.Sandbox.GenerateCard(ctx, nil) },
	}
	for want, run := range cases {
		err := run()
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	assert.Empty(t, h.requests())
}
