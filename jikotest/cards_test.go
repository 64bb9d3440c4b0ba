package jikotest_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// virtualCardKey returns the committed 4096-bit test key pair
// (testdata/keys): making one takes a second or more. (The reference wants
// a new pair per call; the fake does not police reuse.)
func virtualCardKey(t *testing.T) *jiko.VirtualCardKey {
	t.Helper()
	key, err := jiko.ParseVirtualCardKey(readTestKey(t, "virtual-card-test-key-4096.pem"))
	require.NoError(t, err)
	return key
}

// readTestKey reads a committed test key of testdata/keys.
func readTestKey(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "keys", name))
	require.NoError(t, err)
	return b
}

var shipTo = jiko.ShippingAddress{StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94701", State: "CA", Country: "USA"}

func eventTypes(srv *jikotest.Server) []string {
	var out []string
	for _, e := range srv.Events() {
		if strings.HasPrefix(e.Type, "card.") {
			out = append(out, e.Type)
		}
	}
	return out
}

// physicalCard orders a physical card and generates it; it returns the
// order's id and the card's id.
func physicalCard(t *testing.T, c *jiko.Client, pocketID string) (string, string) {
	t.Helper()
	ctx := context.Background()
	o, err := c.Cards.CreateOrder(ctx, pocketID, &jiko.CardOrderCreateRequest{NameOnCard: "Ada Lovelace", ShippingAddress: shipTo})
	require.NoError(t, err)
	require.NoError(t, c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: o.CardOrderID}))
	return o.CardOrderID, o.CardID
}

func TestPhysicalCardLifecycle(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})

	o, err := c.Cards.CreateOrder(ctx, p.ID, &jiko.CardOrderCreateRequest{NameOnCard: "Ada Lovelace", ShippingAddress: shipTo})
	require.NoError(t, err)
	assert.Equal(t, jiko.CardOrderInitial, o.Status)
	require.NotEmpty(t, o.CardID, "the card id is assigned with the order")
	_, err = c.Cards.GetStatus(ctx, p.ID, o.CardID)
	assert.True(t, jiko.IsNotFound(err), "no card before it is generated: %v", err)

	require.NoError(t, c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: o.CardOrderID}))
	got, err := c.Cards.GetOrder(ctx, p.ID, o.CardOrderID)
	require.NoError(t, err)
	assert.Equal(t, jiko.CardOrderCardCreated, got.Status)
	assert.Equal(t, "Ada Lovelace", got.NameOnCard)
	err = c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: o.CardOrderID})
	assert.True(t, jiko.IsValidation(err), "a second card from one order: %v", err)

	card, ok := srv.Card(o.CardID)
	require.True(t, ok)
	assert.Equal(t, jiko.Card{CardID: o.CardID, Name: "Jiko Physical Debit Card", Status: jiko.CardStatusNotActivated, Type: jiko.CardTypePhysical, PocketID: p.ID}, card)

	require.NoError(t, c.Cards.SetPIN(ctx, p.ID, o.CardID, &jiko.CardSetPINRequest{PIN: "4821"}))
	assert.True(t, srv.CheckCardPIN(o.CardID, "4821"), "the fake decrypted the PIN the SDK encrypted")
	assert.False(t, srv.CheckCardPIN(o.CardID, "1234"))

	st, err := c.Cards.SetStatus(ctx, p.ID, o.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusOpen})
	require.NoError(t, err)
	assert.Equal(t, jiko.CardStatusOpen, st.Status)
	err = c.Cards.SetPIN(ctx, p.ID, o.CardID, &jiko.CardSetPINRequest{PIN: "9999"})
	assert.True(t, jiko.IsPreconditionFailed(err), "no PIN after activation: %v", err)
	assert.True(t, srv.CheckCardPIN(o.CardID, "4821"))

	_, err = c.Cards.SetStatus(ctx, p.ID, o.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusLocked, MagstripeStatus: "DISABLED"})
	require.NoError(t, err)
	st, err = c.Cards.GetStatus(ctx, p.ID, o.CardID)
	require.NoError(t, err)
	assert.Equal(t, jiko.CardStatusLocked, st.Status)

	require.NoError(t, c.Cards.Close(ctx, p.ID, o.CardID, &jiko.CardCloseRequest{ClosureReason: jiko.CardClosureStolen, LostStolenDate: jiko.Date{Year: 2026, Month: 5, Day: 1}}))
	_, err = c.Cards.SetStatus(ctx, p.ID, o.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusOpen})
	assert.True(t, jiko.IsPreconditionFailed(err), "a closed card cannot be reopened: %v", err)
	err = c.Cards.Close(ctx, p.ID, o.CardID, &jiko.CardCloseRequest{ClosureReason: jiko.CardClosureCanceled})
	assert.True(t, jiko.IsPreconditionFailed(err), "closed twice: %v", err)
	assert.Error(t, srv.FreezeCard(o.CardID))

	assert.Equal(t, []string{"card.status.open", "card.status.locked", "card.status.closed"}, eventTypes(srv))

	for _, want := range []jiko.CardOrderStatus{jiko.CardOrderOrdered, jiko.CardOrderReceived} {
		s, err := srv.AdvanceCardOrder(o.CardOrderID)
		require.NoError(t, err)
		assert.Equal(t, want, s)
	}
	_, err = srv.AdvanceCardOrder(o.CardOrderID)
	assert.Error(t, err)
}

func TestCardOrderRulesOfTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	o, err := c.Cards.CreateOrder(ctx, p.ID, &jiko.CardOrderCreateRequest{NameOnCard: "Ada", ShippingAddress: shipTo})
	require.NoError(t, err)
	_, err = srv.AdvanceCardOrder(o.CardOrderID)
	assert.EqualError(t, err, `jikotest: card order "`+o.CardOrderID+`" has no card yet: generate it first`)

	var out json.RawMessage
	err = c.Do(ctx, "POST", "/api/v1/jiko-accounts/"+p.ID+"/card-orders/", nil,
		map[string]any{"name_on_card": "Ada", "shipping_address": map[string]string{"street_address": "x", "city": "y", "postal_code": "1", "state": "ZZ", "country": "FR"}}, &out)
	require.Error(t, err)
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 422, jerr.StatusCode)
	require.Len(t, jerr.Issues, 2)
	assert.Equal(t, "shipping_address.state", jerr.Issues[0].Field)
	assert.Equal(t, "shipping_address.country", jerr.Issues[1].Field)

	_, err = c.Cards.CreateOrder(ctx, "no-such-pocket", &jiko.CardOrderCreateRequest{NameOnCard: "Ada", ShippingAddress: shipTo})
	assert.True(t, jiko.IsNotFound(err))
	err = c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: "no-such-order"})
	assert.True(t, jiko.IsValidation(err))
}

func TestVirtualCardRoundTripThroughTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	key := virtualCardKey(t)

	vc, err := c.Cards.CreateVirtual(ctx, p.ID, key.Request())
	require.NoError(t, err)
	d, err := vc.Decrypt(key)
	require.NoError(t, err)
	assert.Len(t, d.PAN(), 16)
	assert.True(t, strings.HasPrefix(d.PAN(), "400000"))
	assert.True(t, luhnValid(d.PAN()), "a valid test card number")
	assert.Len(t, d.CVV(), 3)
	assert.Regexp(t, `^\d\d/\d\d$`, d.Expiration())
	assert.NotContains(t, d.String(), d.PAN())

	again, err := c.Cards.GetVirtual(ctx, p.ID, vc.CardID, key.Request())
	require.NoError(t, err)
	assert.NotEqual(t, vc.EncryptedPAN, again.EncryptedPAN, "encryption is randomised")
	d2, err := again.Decrypt(key)
	require.NoError(t, err)
	assert.Equal(t, d.PAN(), d2.PAN())
	assert.Equal(t, d.CVV(), d2.CVV())

	second, err := c.Cards.CreateVirtual(ctx, p.ID, key.Request())
	require.NoError(t, err)
	d3, err := second.Decrypt(key)
	require.NoError(t, err)
	assert.NotEqual(t, d.PAN(), d3.PAN(), "each card has its own number")

	card, ok := srv.Card(vc.CardID)
	require.True(t, ok)
	assert.Equal(t, jiko.CardStatusOpen, card.Status)
	assert.Equal(t, jiko.CardTypeVirtual, card.Type)

	// The fake refuses what the SDK would not send: a key under 4096 bits.
	block, _ := pem.Decode(readTestKey(t, "test-key-a-2048.pem"))
	small, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	require.NoError(t, err)
	der, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	var out json.RawMessage
	err = c.Do(ctx, "POST", "/api/v1/jiko-accounts/"+p.ID+"/virtual-cards/", nil,
		map[string]string{"public_key": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}, &out)
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 422, jerr.StatusCode)
	assert.Equal(t, "body.public_key: the key is 2048 bits; a 4096-bit RSA key is required", jerr.Issues[0].String())

	require.NoError(t, c.Cards.CloseVirtual(ctx, p.ID, vc.CardID))
	err = c.Cards.CloseVirtual(ctx, p.ID, vc.CardID)
	assert.True(t, jiko.IsPreconditionFailed(err))
	_, physical := physicalCard(t, c, p.ID)
	assert.True(t, jiko.IsNotFound(c.Cards.CloseVirtual(ctx, p.ID, physical)), "Close Virtual Card is for virtual cards")
	err = c.Cards.SetPIN(ctx, p.ID, second.CardID, &jiko.CardSetPINRequest{PIN: "1234"})
	assert.True(t, jiko.IsValidation(err), "no PIN on a virtual card: %v", err)
	assert.Equal(t, []string{"card.status.closed"}, eventTypes(srv))
}

func luhnValid(pan string) bool {
	sum := 0
	for i := range len(pan) {
		d := int(pan[len(pan)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func TestSandboxSwipeMovesTheLedger(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{Balance: 5_000})
	vc, err := c.Cards.CreateVirtual(ctx, p.ID, virtualCardKey(t).Request())
	require.NoError(t, err)
	balance := func() int64 {
		got, ok := srv.Pocket(p.ID)
		require.True(t, ok)
		return got.Portfolio.TotalValue.Value
	}
	swipe := func(amount int64, opts ...jiko.CallOption) {
		t.Helper()
		require.NoError(t, c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: vc.CardID, AmountUSDC: amount}, opts...))
	}

	key := jiko.IdempotencyKeyFor("swipe-1")
	swipe(1_234, jiko.WithIdempotencyKey(key))
	swipe(1_234, jiko.WithIdempotencyKey(key)) // a resend: no second payment
	assert.Equal(t, int64(3_766), balance())
	swipe(3_767) // more than is left
	assert.Equal(t, int64(3_766), balance())

	_, err = c.Cards.SetStatus(ctx, p.ID, vc.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusLocked})
	require.NoError(t, err)
	swipe(100) // a locked card declines
	_, err = c.Cards.SetStatus(ctx, p.ID, vc.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusOpen})
	require.NoError(t, err)
	swipe(100)
	require.NoError(t, srv.FreezeCard(vc.CardID))
	swipe(100) // a frozen card declines
	_, err = c.Cards.SetStatus(ctx, p.ID, vc.CardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusOpen})
	assert.True(t, jiko.IsPreconditionFailed(err), "the partner cannot unfreeze: %v", err)
	assert.Equal(t, int64(3_666), balance())

	assert.Equal(t, []string{
		"card.transaction.approved", "card.transaction.rejected", "card.status.locked", "card.transaction.rejected",
		"card.status.open", "card.transaction.approved", "card.status.frozen", "card.transaction.rejected",
	}, eventTypes(srv))
	first := srv.Events()[0]
	assert.Equal(t, map[string]any{"card_id": vc.CardID, "amount": int64(1_234), "account_id": p.ID}, first.Payload)

	_, physical := physicalCard(t, c, p.ID)
	err = c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: physical, AmountUSDC: 1})
	assert.True(t, jiko.IsValidation(err), "the sandbox swipes virtual cards only: %v", err)
	err = c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: "no-such-card", AmountUSDC: 1})
	assert.True(t, jiko.IsValidation(err))
}

func TestCardListsFilterAndScope(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p1 := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "One"})
	p2 := srv.AddPocket(customerID, jikotest.PocketSeed{Name: "Two"})
	other := srv.AddPocket("another-customer", jikotest.PocketSeed{})
	v1, err := c.Cards.CreateVirtual(ctx, p1.ID, virtualCardKey(t).Request())
	require.NoError(t, err)
	o2, c2 := physicalCard(t, c, p2.ID)
	_, _ = physicalCard(t, c, other.ID)

	cards, err := c.Cards.ListForPocket(ctx, p1.ID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 1)
	assert.Equal(t, v1.CardID, cards[0].CardID)

	cards, err = c.Cards.ListForCustomer(ctx, customerID, &jiko.CardListParams{Limit: 1}).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 2, "two pages of one")
	assert.Equal(t, []string{p1.ID, p2.ID}, []string{cards[0].PocketID, cards[1].PocketID})

	cards, err = c.Cards.ListForCustomer(ctx, customerID, &jiko.CardListParams{Status: []jiko.CardStatus{jiko.CardStatusNotActivated}}).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 1)
	assert.Equal(t, c2, cards[0].CardID)

	orders, err := c.Cards.ListOrdersForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, []jiko.CardOrderSummary{{CardID: c2, CardOrderID: o2, Status: jiko.CardOrderCardCreated, ObjectType: "MinimalPhysicalCardOrderResponse"}}, orders)
	orders, err = c.Cards.ListOrdersForPocket(ctx, p1.ID, nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, orders)

	_, err = c.Cards.ListForCustomer(ctx, "no-such-customer", nil).Collect()
	assert.True(t, jiko.IsNotFound(err))
	_, err = c.Cards.GetStatus(ctx, p1.ID, c2)
	assert.True(t, jiko.IsNotFound(err), "a card of another Pocket")
	var out json.RawMessage
	err = c.Do(ctx, "GET", "/api/v1/jiko-accounts/"+p1.ID+"/cards/", map[string][]string{"filter[status]": {"ACTIVE"}}, nil, &out)
	assert.True(t, jiko.IsValidation(err))
}

func TestSetPINRulesOfTheFake(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	_, cardID := physicalCard(t, c, p.ID)
	keys, err := c.Security.GetPublicKeys(ctx)
	require.NoError(t, err)
	pub, err := keys.SetPINKey()
	require.NoError(t, err)
	assert.Equal(t, 2048, pub.N.BitLen(), "the fake's key is 2048-bit, to stay fast")

	path := "/api/v1/jiko-accounts/" + p.ID + "/cards/" + cardID + "/pin/"
	for body, want := range map[string]string{
		encryptWith(t, pub, "12345"): "body.encrypted_pin: the PIN must be exactly 4 digits",
		encryptWith(t, pub, "12a4"):  "body.encrypted_pin: the PIN must be exactly 4 digits",
		"bm90IGEgY2lwaGVydGV4dA==":   "body.encrypted_pin: could not be decrypted with the set_pin key",
	} {
		var out json.RawMessage
		err := c.Do(ctx, "POST", path, nil, map[string]string{"encrypted_pin": body}, &out)
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr)
		assert.Equal(t, 422, jerr.StatusCode)
		assert.Equal(t, want, jerr.Issues[0].String())
	}
	assert.False(t, srv.CheckCardPIN(cardID, "1234"))
}

func encryptWith(t *testing.T, pub *rsa.PublicKey, s string) string {
	t.Helper()
	// PKCS #1 v1.5 is the reference's padding (see cards_crypto.go).
	ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(s))
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(ct)
}

func TestPublicKeysNeedNoCredentials(t *testing.T) {
	srv := jikotest.NewServer()
	defer srv.Close()
	code, out := raw(t, srv, "GET", "/api/v1/public-keys/", "", "", nil, false)
	assert.Equal(t, 200, code)
	assert.Contains(t, out, `"set_pin":"-----BEGIN PUBLIC KEY-----\n`)
	assert.Zero(t, srv.Logins())
}

// Every card answer of the fake has the shape of the reference's example.
func TestCardAnswersHaveTheReferenceShapes(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	vc, err := c.Cards.CreateVirtual(ctx, p.ID, virtualCardKey(t).Request())
	require.NoError(t, err)
	orderID, cardID := physicalCard(t, c, p.ID)
	_, _ = physicalCard(t, c, p.ID)
	acct := "/api/v1/jiko-accounts/" + p.ID
	pinReq := map[string]string{"encrypted_pin": ""}
	keys, err := c.Security.GetPublicKeys(ctx)
	require.NoError(t, err)
	pub, err := keys.SetPINKey()
	require.NoError(t, err)
	pinReq["encrypted_pin"] = encryptWith(t, pub, "4821")

	for _, tc := range []struct {
		method, path string
		query        map[string][]string
		body         any
		fixture      string
		nullable     []string
	}{
		{"GET", acct + "/cards/", map[string][]string{"limit": {"1"}}, nil, "cards_list.json", []string{"prev_page", "next_page"}},
		{"GET", "/api/v1/customers/" + customerID + "/cards/", nil, nil, "cards_list.json", []string{"prev_page", "next_page"}},
		{"GET", acct + "/cards/" + cardID + "/status/", nil, nil, "card_status.json", nil},
		{"POST", acct + "/cards/" + cardID + "/pin/", nil, pinReq, "card_set_pin.json", nil},
		{"PATCH", acct + "/cards/" + cardID + "/status/", nil, map[string]string{"status": "LOCKED"}, "card_status.json", nil},
		{"GET", acct + "/card-orders/", map[string][]string{"limit": {"1"}}, nil, "card_orders_list.json", []string{"prev_page", "next_page"}},
		{"GET", acct + "/card-orders/" + orderID + "/", nil, nil, "card_order.json", nil},
		{"POST", acct + "/card-orders/", nil, json.RawMessage(testutil.Load(t, "../testdata/card_order_create.request.json")), "card_order.json", nil},
		{"POST", acct + "/virtual-cards/" + vc.CardID + "/", nil, virtualCardKey(t).Request(), "virtual_card.json", nil},
		{"POST", acct + "/virtual-cards/", nil, json.RawMessage(testutil.Load(t, "../testdata/virtual_card.request.json")), "virtual_card.json", nil},
		{"GET", "/api/v1/public-keys/", nil, nil, "public_keys.json", nil},
	} {
		t.Run(tc.method+" "+tc.fixture, func(t *testing.T) {
			var got json.RawMessage
			require.NoError(t, c.Do(ctx, tc.method, tc.path, tc.query, tc.body, &got))
			assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/"+tc.fixture), got, tc.nullable...))
		})
	}
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/card-orders/") {
			assert.Equal(t, http.StatusCreated, r.Status)
		}
	}
}

func TestCardRoutesRequireTheirFields(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	acct := "/api/v1/jiko-accounts/" + p.ID
	for path, field := range map[string]string{
		acct + "/cards/x/status/":        "body.status",
		acct + "/cards/x/close/":         "body.closure_reason",
		acct + "/cards/x/pin/":           "body.encrypted_pin",
		acct + "/card-orders/":           "body.name_on_card",
		acct + "/virtual-cards/":         "body.public_key",
		acct + "/virtual-cards/x/":       "body.public_key",
		"/api/v1/sandbox/generate-card/": "body.card_order_id",
		"/api/v1/sandbox/card-swipe/":    "body.card_id",
	} {
		method := "POST"
		if strings.HasSuffix(path, "/status/") {
			method = "PATCH"
		}
		var out json.RawMessage
		err := c.Do(ctx, method, path, nil, map[string]any{}, &out)
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr, path)
		assert.Equal(t, 422, jerr.StatusCode, path)
		require.NotEmpty(t, jerr.Issues, path)
		assert.Equal(t, field+": field required", jerr.Issues[0].String(), path)
	}
}
