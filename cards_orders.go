package jiko

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jiko-go/jiko/internal/ops"
)

// CardOrderStatus is where a physical card order stands.
type CardOrderStatus string

// The card order statuses of the reference (v1.29
// PhysicalCardOrderStatus), in its order.
const (
	// CardOrderInitial: the order is placed; no card is made yet.
	CardOrderInitial CardOrderStatus = "INITIAL"
	// CardOrderCardCreated: the card exists (in the sandbox,
	// SandboxService.GenerateCard gets an order here).
	CardOrderCardCreated CardOrderStatus = "CARD_CREATED"
	// CardOrderOrdered: the card was sent to be printed and shipped.
	CardOrderOrdered CardOrderStatus = "ORDERED"
	// CardOrderReceived: the card was delivered.
	CardOrderReceived CardOrderStatus = "RECEIVED"
)

// ShippingAddress is where a physical card is sent: a US address, checked
// before anything is sent.
type ShippingAddress struct {
	// StreetAddress is the street line; required, at most 100 characters.
	StreetAddress string `json:"street_address"`
	// StreetAddress2 is the apartment, suite or box; optional, at most 100
	// characters.
	StreetAddress2 string `json:"street_address2,omitempty"`
	// City is the city or town; required, at most 100 characters.
	City string `json:"city"`
	// PostalCode is the ZIP code; required, at most 10 characters.
	PostalCode string `json:"postal_code"`
	// State is the two-letter postal abbreviation, such as "CA"; required.
	State string `json:"state"`
	// Country is "USA" or "US"; required.
	Country string `json:"country"`
}

// shippingStates are the values of the reference's State enum (US states,
// territories and military addresses).
var shippingStates = strings.Fields(`AA AE AP AK AL AR AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD
	ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UT VA VI VT WA WI WV WY`)

// shippingCountries are the values of the reference's Country enum.
var shippingCountries = []string{"USA", "US"}

func (a *ShippingAddress) check(field string) error {
	var errs []error
	for _, f := range []struct {
		name, value string
		max         int
		required    bool
	}{
		{"StreetAddress", a.StreetAddress, 100, true},
		{"StreetAddress2", a.StreetAddress2, 100, false},
		{"City", a.City, 100, true},
		{"PostalCode", a.PostalCode, 10, true},
	} {
		errs = append(errs, checkText(field+"."+f.name, f.value, f.required, f.max))
	}
	switch {
	case a.State == "":
		errs = append(errs, invalid(field+".State", "is empty"))
	case !slices.Contains(shippingStates, a.State):
		errs = append(errs, invalid(field+".State", "%q is not a US postal abbreviation such as CA or NY", a.State))
	}
	switch {
	case a.Country == "":
		errs = append(errs, invalid(field+".Country", "is empty"))
	case !slices.Contains(shippingCountries, a.Country):
		errs = append(errs, invalid(field+".Country", "%q is not USA or US", a.Country))
	}
	return checkAll(errs...)
}

// CardOrder is an order for a physical card (the API's
// PhysicalCardOrderResponse), as [CardsService.CreateOrder] and
// [CardsService.GetOrder] return it; its CardID names the card once it is
// made.
type CardOrder struct {
	// CardID is the card the order makes; empty until Jiko assigns one.
	CardID string `json:"card_id,omitempty"`
	// CardOrderID identifies the order.
	CardOrderID string `json:"card_order_id"`
	// Status is INITIAL, CARD_CREATED, ORDERED or RECEIVED.
	Status CardOrderStatus `json:"status"`
	// NameOnCard is the card holder's name printed on the card.
	NameOnCard string `json:"name_on_card"`
	// ShippingAddress is where the card is sent.
	ShippingAddress ShippingAddress `json:"shipping_address"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type,omitempty"`
}

// CardOrderSummary is a card order as the order lists show it (the API's
// MinimalPhysicalCardOrderResponse): ids and status only.
// [CardsService.GetOrder] returns the whole order.
type CardOrderSummary struct {
	// CardID is the card the order makes; empty until Jiko assigns one.
	CardID string `json:"card_id,omitempty"`
	// CardOrderID identifies the order.
	CardOrderID string `json:"card_order_id"`
	// Status is INITIAL, CARD_CREATED, ORDERED or RECEIVED.
	Status CardOrderStatus `json:"status"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type,omitempty"`
}

// CardOrderListParams pages a list of card orders ([CardsService.ListOrdersForPocket],
// [CardsService.ListOrdersForCustomer] and their ...Page twins). nil asks
// for the API's defaults.
type CardOrderListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

// MaxCardOrderListLimit is the largest page size of the card order lists.
const MaxCardOrderListLimit = 100

func (p *CardOrderListParams) validate() error {
	return checkLimit("CardOrderListParams.Limit", p.Limit, MaxCardOrderListLimit)
}

// MaxNameOnCardLength is the longest name a card can carry, in
// characters: the reference asks for at most 26 (its schema's limit of 100
// is the field's storage, not what fits on a card).
const MaxNameOnCardLength = 26

// CardOrderCreateRequest is the body of [CardsService.CreateOrder]: the name
// to print on a physical card and where to ship it.
type CardOrderCreateRequest struct {
	// NameOnCard is the card holder's full name; required, at most 26
	// characters.
	NameOnCard string `json:"name_on_card"`
	// ShippingAddress is where the card is sent; required.
	ShippingAddress ShippingAddress `json:"shipping_address"`
}

func (r *CardOrderCreateRequest) validate() error {
	var name error
	switch n := utf8.RuneCountInString(r.NameOnCard); {
	case strings.TrimSpace(r.NameOnCard) == "":
		name = invalid("CardOrderCreateRequest.NameOnCard", "is empty")
	case n > MaxNameOnCardLength:
		name = invalid("CardOrderCreateRequest.NameOnCard", "is %d characters; at most %d fit on a card", n, MaxNameOnCardLength)
	}
	return checkAll(name, r.ShippingAddress.check("CardOrderCreateRequest.ShippingAddress"))
}

// ListOrdersForPocket iterates over a Pocket's physical card orders
// (GET /api/v1/jiko-accounts/{account_id}/card-orders/). account_id is a
// Pocket id; params may be nil. Errors arrive with the iteration:
// [IsNotFound] reports an unknown Pocket; [IsValidation] a refused params
// field.
func (s *CardsService) ListOrdersForPocket(ctx context.Context, pocketID string, params *CardOrderListParams, opts ...CallOption) *CursorIter[CardOrderSummary] {
	return list[CardOrderSummary](ctx, s.client, at(ops.CardsListOrdersForPocket, pocketID), params, opts)
}

// ListOrdersForPocketPage fetches one page of a Pocket's card orders
// (GET /api/v1/jiko-accounts/{account_id}/card-orders/). Pass the page's
// NextPage as params.Cursor for the next one. [IsNotFound] reports an
// unknown Pocket; [IsValidation] a refused params field.
func (s *CardsService) ListOrdersForPocketPage(ctx context.Context, pocketID string, params *CardOrderListParams, opts ...CallOption) (*CursorPage[CardOrderSummary], error) {
	return page[CardOrderSummary](ctx, s.client, at(ops.CardsListOrdersForPocket, pocketID), params, opts)
}

// ListOrdersForCustomer iterates over the card orders of all of a
// customer's Pockets (GET /api/v1/customers/{customer_id}/card-orders/).
// The operation is new in the current reference (2026-05-07); its path,
// parameters and items are inferred from the account-scoped list. Errors
// arrive with the iteration: [IsNotFound] reports an unknown customer;
// [IsValidation] a refused params field.
func (s *CardsService) ListOrdersForCustomer(ctx context.Context, customerID string, params *CardOrderListParams, opts ...CallOption) *CursorIter[CardOrderSummary] {
	return list[CardOrderSummary](ctx, s.client, at(ops.CardsListOrdersForCustomer, customerID), params, opts)
}

// ListOrdersForCustomerPage fetches one page of a customer's card orders
// (GET /api/v1/customers/{customer_id}/card-orders/; path inferred, as for
// [CardsService.ListOrdersForCustomer]). [IsNotFound] reports an unknown
// customer; [IsValidation] a refused params field.
func (s *CardsService) ListOrdersForCustomerPage(ctx context.Context, customerID string, params *CardOrderListParams, opts ...CallOption) (*CursorPage[CardOrderSummary], error) {
	return page[CardOrderSummary](ctx, s.client, at(ops.CardsListOrdersForCustomer, customerID), params, opts)
}

// CreateOrder orders a physical card for a Pocket, shipped to the address
// given (POST /api/v1/jiko-accounts/{account_id}/card-orders/; 201). Pass
// [WithIdempotencyKey] with a key derived from your own order record
// ([IdempotencyKeyFor]) so that a resend after a crash does not order a
// second card; [MayHaveSucceeded] tells when to resend. [IsNotFound] reports
// an unknown Pocket; [IsValidation] a refused name or address.
func (s *CardsService) CreateOrder(ctx context.Context, pocketID string, req *CardOrderCreateRequest, opts ...CallOption) (*CardOrder, error) {
	return call[CardOrder](ctx, s.client, at(ops.CardsCreateOrder, pocketID), nil, req, opts)
}

// GetOrder reads a physical card order
// (GET /api/v1/jiko-accounts/{account_id}/card-orders/{card_order_id}/), to
// follow it until it names its card. [IsNotFound] reports an unknown order.
func (s *CardsService) GetOrder(ctx context.Context, pocketID, cardOrderID string, opts ...CallOption) (*CardOrder, error) {
	return call[CardOrder](ctx, s.client, at(ops.CardsGetOrder, pocketID, cardOrderID), nil, nil, opts)
}
