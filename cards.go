package jiko

import (
	"context"
	"slices"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// CardStatus is the state of a debit card.
type CardStatus string

// The card statuses of the reference (v1.29 CardStatus), in its order.
// Values not listed here decode as they come.
const (
	// CardStatusOpen: the card can be used.
	CardStatusOpen CardStatus = "OPEN"
	// CardStatusLocked: the partner locked the card; it declines payments
	// until it is set OPEN again.
	CardStatusLocked CardStatus = "LOCKED"
	// CardStatusClosed: the card is closed for good; it can never be used
	// again.
	CardStatusClosed CardStatus = "CLOSED"
	// CardStatusNotActivated: a physical card that has not been activated
	// yet; its PIN can be set only in this state.
	CardStatusNotActivated CardStatus = "NOT_ACTIVATED"
	// CardStatusFrozen: Jiko froze the card; the partner cannot change it.
	CardStatusFrozen CardStatus = "FROZEN"
)

// settableCardStatuses are the statuses SetStatus can set (v1.29
// SettableCardStatus).
var settableCardStatuses = []CardStatus{CardStatusOpen, CardStatusLocked}

// CardType tells a virtual card from a physical one.
type CardType string

// The card types of the reference.
const (
	CardTypeVirtual  CardType = "VIRTUAL"
	CardTypePhysical CardType = "PHYSICAL"
)

// CardClosureReason explains why a card is closed.
type CardClosureReason string

// The card closure reasons of the reference, in its order.
const (
	CardClosureLost          CardClosureReason = "LOST"
	CardClosureStolen        CardClosureReason = "STOLEN"
	CardClosureDamaged       CardClosureReason = "DAMAGED"
	CardClosureNeverReceived CardClosureReason = "NEVER_RECEIVED"
	CardClosureExpired       CardClosureReason = "EXPIRED"
	CardClosureCanceled      CardClosureReason = "CANCELED"
)

// MagstripeStatus is the state of a card's magnetic stripe, which the
// current reference lets Set Card Status ([CardsService.SetStatus]) change
// (changelog of 2026-05-07).
// Its values are not published in the pages this package was built from,
// so it has no constants: pass the value Jiko documents for your program.
type MagstripeStatus string

// Card is a debit card of a Pocket, without its sensitive data (number,
// CVV, expiration), as the card lists return it; safe to store and show.
// [CardsService.GetVirtual] gives a virtual card's data, encrypted.
type Card struct {
	// CardID identifies the card.
	CardID string `json:"card_id"`
	// Name is the card's display name, such as "Jiko Virtual Debit Card".
	Name string `json:"name"`
	// Status is OPEN, LOCKED, CLOSED, NOT_ACTIVATED or FROZEN.
	Status CardStatus `json:"status"`
	// Type is VIRTUAL or PHYSICAL.
	Type CardType `json:"type"`
	// PocketID is the Pocket the card spends from. The current reference
	// adds it to card results; older answers leave it empty.
	PocketID string `json:"pocket_id,omitempty"`
}

// CardStatusInfo is a card's status as [CardsService.GetStatus] and
// [CardsService.SetStatus] return it (the API's CardStatusResponse).
type CardStatusInfo struct {
	// CardID identifies the card.
	CardID string `json:"card_id"`
	// Status is the card's status after the call.
	Status CardStatus `json:"status"`
}

// CardListParams filters and pages a list of cards ([CardsService.ListForPocket],
// [CardsService.ListForCustomer] and their ...Page twins). nil asks for the
// API's defaults.
type CardListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size; 0 leaves the API's default of 100.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Status keeps only the cards in these states (filter[status]); empty
	// keeps every card.
	Status []CardStatus `json:"filter[status],omitempty" url:"filter[status],omitempty"`
}

func (p *CardListParams) validate() error {
	if p.Limit < 0 {
		return invalid("CardListParams.Limit", "%d is negative", p.Limit)
	}
	return nil
}

// CardSetStatusRequest is the body of [CardsService.SetStatus]: it locks or
// unlocks a card, changes its magnetic stripe's status, or both. At least
// one must be set.
type CardSetStatusRequest struct {
	// Status is OPEN or LOCKED, the only statuses a partner can set; empty
	// leaves it unchanged.
	Status CardStatus `json:"status,omitempty"`
	// MagstripeStatus sets the magnetic stripe's status; empty leaves it
	// unchanged (see MagstripeStatus).
	MagstripeStatus MagstripeStatus `json:"magstripe_status,omitempty"`
}

func (r *CardSetStatusRequest) validate() error {
	if r.Status == "" && r.MagstripeStatus == "" {
		return invalid("CardSetStatusRequest", "no field is set")
	}
	var status, magstripe error
	if r.Status != "" && !slices.Contains(settableCardStatuses, r.Status) {
		status = invalid("CardSetStatusRequest.Status", "%q cannot be set; only OPEN and LOCKED can (close a card with Close)", r.Status)
	}
	if r.MagstripeStatus != "" && strings.TrimSpace(string(r.MagstripeStatus)) == "" {
		magstripe = invalid("CardSetStatusRequest.MagstripeStatus", "is blank")
	}
	return checkAll(status, magstripe)
}

// CardCloseRequest is the body of [CardsService.Close]: why a card is
// closed for good.
type CardCloseRequest struct {
	// ClosureReason says why; required.
	ClosureReason CardClosureReason `json:"closure_reason"`
	// LostStolenDate is the day the card was lost or stolen; required when
	// ClosureReason is LOST or STOLEN.
	LostStolenDate Date `json:"lost_stolen_date,omitzero"`
}

func (r *CardCloseRequest) validate() error {
	switch {
	case r.ClosureReason == "":
		return invalid("CardCloseRequest.ClosureReason", "is empty")
	case !slices.Contains(cardClosureReasonValues, r.ClosureReason):
		return invalid("CardCloseRequest.ClosureReason", "%q is not one of LOST, STOLEN, DAMAGED, NEVER_RECEIVED, EXPIRED, CANCELED", r.ClosureReason)
	case (r.ClosureReason == CardClosureLost || r.ClosureReason == CardClosureStolen) && r.LostStolenDate.IsZero():
		return invalid("CardCloseRequest.LostStolenDate", "is required when ClosureReason is %s", r.ClosureReason)
	}
	return nil
}

// CardsService reaches the card operations of the Partner API: the Manage
// Cards, Physical Cards and Virtual Cards tags. A partner issues debit cards
// on a customer's Pockets with it: orders physical cards, creates virtual
// ones, sets PINs, locks, unlocks and closes them. Reach it as c.Cards.
//
// account_id in the card paths is a Pocket id. Card data never travels in
// clear: [CardsService.SetPIN] encrypts the PIN with Jiko's set_pin public
// key, and [CardsService.CreateVirtual] and [CardsService.GetVirtual] return
// the card number, CVV and expiration encrypted with a key pair of the
// caller's (see [VirtualCardKey]).
//
// Reference: https://docs.jiko.io/products/partner-api/reference/manage-cards
//
// Reference: https://docs.jiko.io/products/partner-api/reference/physical-cards
//
// Reference: https://docs.jiko.io/products/partner-api/reference/virtual-cards
type CardsService struct {
	client *Client
	// pinKey caches Jiko's set_pin public key for SetPIN.
	pinKey pinKeyCache
}

// ListForPocket iterates over a Pocket's cards
// (GET /api/v1/jiko-accounts/{account_id}/cards/), following the cursors
// page by page. account_id is a Pocket id; params may be nil. The results
// carry no sensitive data. Errors arrive with the iteration: [IsNotFound]
// reports an unknown Pocket; [IsValidation] a refused params field.
//
// The reference's example of this list shows an offset ListForPocket envelope
// (offset, count) where its schema declares a CursorList; both are walked
// to their end: a CursorList by next_page, a ListForPocket by sending the offset of
// the next page (inferred: the reference declares no offset parameter
// here).
func (s *CardsService) ListForPocket(ctx context.Context, pocketID string, params *CardListParams, opts ...CallOption) *CursorIter[Card] {
	return list[Card](ctx, s.client, at(ops.CardsListForPocket, pocketID), params, opts)
}

// ListForPocketPage fetches one page of a Pocket's cards
// (GET /api/v1/jiko-accounts/{account_id}/cards/). Pass the page's NextPage
// as params.Cursor for the next one. [IsNotFound] reports an unknown
// Pocket; [IsValidation] a refused params field.
func (s *CardsService) ListForPocketPage(ctx context.Context, pocketID string, params *CardListParams, opts ...CallOption) (*CursorPage[Card], error) {
	return page[Card](ctx, s.client, at(ops.CardsListForPocket, pocketID), params, opts)
}

// ListForCustomer iterates over the cards of all of a customer's Pockets
// (GET /api/v1/customers/{customer_id}/cards/); each card's PocketID names
// its Pocket. The operation is new in the current reference (2026-05-07);
// its query parameters are taken to be those of [CardsService.ListForPocket]
// (inferred). Errors arrive with the iteration: [IsNotFound] reports an
// unknown customer; [IsValidation] a refused params field.
func (s *CardsService) ListForCustomer(ctx context.Context, customerID string, params *CardListParams, opts ...CallOption) *CursorIter[Card] {
	return list[Card](ctx, s.client, at(ops.CardsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's cards
// (GET /api/v1/customers/{customer_id}/cards/). [IsNotFound] reports an
// unknown customer; [IsValidation] a refused params field.
func (s *CardsService) ListForCustomerPage(ctx context.Context, customerID string, params *CardListParams, opts ...CallOption) (*CursorPage[Card], error) {
	return page[Card](ctx, s.client, at(ops.CardsListForCustomer, customerID), params, opts)
}

// GetStatus reads a card's status
// (GET /api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/).
// [IsNotFound] reports an unknown card.
func (s *CardsService) GetStatus(ctx context.Context, pocketID, cardID string, opts ...CallOption) (*CardStatusInfo, error) {
	return call[CardStatusInfo](ctx, s.client, at(ops.CardsGetStatus, pocketID, cardID), nil, nil, opts)
}

// SetStatus locks or unlocks a card, or changes its magnetic stripe's
// status (PATCH /api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/).
// Only OPEN and LOCKED can be set; setting a physical card OPEN activates
// it. A CLOSED card can never be used again. [IsNotFound] reports an
// unknown card; [IsValidation] a status that cannot be set. Setting the
// same status again has no further effect, so the call is safe to repeat.
func (s *CardsService) SetStatus(ctx context.Context, pocketID, cardID string, req *CardSetStatusRequest, opts ...CallOption) (*CardStatusInfo, error) {
	return call[CardStatusInfo](ctx, s.client, at(ops.CardsSetStatus, pocketID, cardID), nil, req, opts)
}

// Close closes a card, virtual or physical, for good
// (POST /api/v1/jiko-accounts/{account_id}/cards/{card_id}/close/; 204). A
// lost or stolen card needs the date it went missing. [IsNotFound] reports
// an unknown card; [IsValidation] a missing reason or date.
func (s *CardsService) Close(ctx context.Context, pocketID, cardID string, req *CardCloseRequest, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.CardsClose, pocketID, cardID), nil, req, opts)
}
