package jiko

import (
	"context"
	"errors"

	"github.com/jiko-go/jiko/internal/ops"
)

// WireDirection says whether a wire came into a Pocket or left it.
type WireDirection string

// The wire directions the reference's List Wires filter names.
const (
	WireIncoming WireDirection = "INCOMING"
	WireOutgoing WireDirection = "OUTGOING"
)

// WireStatus is where a wire stands.
//
// Inferred: the reference publishes no wire object. The values follow its
// wire events (transfers.wire.out.processing, .success, .rejected) and the
// statuses of on-us transfers; other values decode as they come.
type WireStatus string

// The wire statuses (inferred, see WireStatus).
const (
	WireStatusPending    WireStatus = "PENDING"
	WireStatusProcessing WireStatus = "PROCESSING"
	WireStatusCompleted  WireStatus = "COMPLETED"
	WireStatusRejected   WireStatus = "REJECTED"
)

// Wire is a wire transfer into or out of a Pocket, as [WiresService.Get]
// and [WiresService.List] return it.
//
// Inferred: the reference names List Wires and Get Wire but publishes no
// wire object. The fields are those of the Create Wire request, of the
// wire details of a transaction (reference_number, counterparty_name) and
// of the wire events (wire_id, the Pocket), named as the List Wires filters
// name them (pocket_id, customer_id). The client ignores fields it does not
// know, so the object the API really sends decodes; fields it names
// otherwise stay empty.
type Wire struct {
	// ID identifies the wire: the wire_id of the Create Wire request.
	ID string `json:"id"`
	// PocketID is the Pocket the wire left or reached.
	PocketID string `json:"pocket_id"`
	// CustomerID owns the Pocket.
	CustomerID string `json:"customer_id"`
	// CounterpartyID is the counterparty of an outgoing wire.
	CounterpartyID string `json:"counterparty_id"`
	// CounterpartyName names the other side.
	CounterpartyName string `json:"counterparty_name"`
	// Direction is INCOMING or OUTGOING.
	Direction WireDirection `json:"direction"`
	// Status is where the wire stands.
	Status WireStatus `json:"status"`
	// Amount is what moved.
	Amount Money `json:"amount"`
	// Description is the text shown on statements.
	Description string `json:"description"`
	// CreatedBy identifies who originated an outgoing wire.
	CreatedBy string `json:"created_by"`
	// ReferenceNumber is the wire network's reference; nil until the wire
	// is sent.
	ReferenceNumber *string `json:"reference_number"`
	// TimeCreated is when the wire was created.
	TimeCreated Timestamp `json:"time_created"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type"`
}

// MaxWireListLimit is the largest page size of the wire list (inferred:
// the v1 lists allow 100).
const MaxWireListLimit = 100

// WireListParams filters and pages the wires of the partner's customers
// ([WiresService.List] and [WiresService.ListPage]).
type WireListParams struct {
	// PocketID keeps only the wires of this Pocket (pocket_id).
	PocketID string `json:"pocket_id,omitempty" url:"pocket_id,omitempty"`
	// CustomerID keeps only the wires of this customer (customer_id).
	CustomerID string `json:"customer_id,omitempty" url:"customer_id,omitempty"`
	// Direction keeps only INCOMING or only OUTGOING wires.
	Direction WireDirection `json:"direction,omitempty" url:"direction,omitempty"`
	// Cursor starts the list at this page; iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *WireListParams) validate() error {
	return checkAll(
		checkOneOf("WireListParams.Direction", p.Direction, false, wireDirectionValues...),
		checkLimit("WireListParams.Limit", p.Limit, MaxWireListLimit),
	)
}

// WireCreateRequest is the body of [WiresService.Create]: a wire to send
// from a Pocket to a verified counterparty. It is checked before anything
// is sent.
type WireCreateRequest struct {
	// Description is the text shown on statements; optional.
	Description string `json:"description,omitempty"`
	// CounterpartyID is the verified wire counterparty to pay; required.
	CounterpartyID string `json:"counterparty_id"`
	// AmountUSDC is the amount in cents of US dollars (10123 is $101.23;
	// USDC is the API's name, not the stablecoin); more than 0.
	// The reference's schema leaves it optional; the client requires it.
	AmountUSDC int64 `json:"amount_usdc"`
	// CreatedBy identifies who originated the wire, such as an employee's
	// email; optional.
	CreatedBy string `json:"created_by,omitempty"`
	// WireID is your id for the wire, a UUID. Set it from your own record
	// (IdempotencyKeyFor gives a stable UUID) to find the wire with Get
	// whatever happens; when it is empty Create derives one from the call's
	// idempotency key.
	WireID string `json:"wire_id,omitempty"`
}

func (r *WireCreateRequest) validate() error {
	return checkAll(
		checkRequired("WireCreateRequest.CounterpartyID", r.CounterpartyID),
		checkCents("WireCreateRequest.AmountUSDC", r.AmountUSDC),
		checkOptionalUUID("WireCreateRequest.WireID", r.WireID),
	)
}

// WireReceipt names a wire that [WiresService.Create] sent. The API answers
// Create Wire with 201 and no body, so the receipt holds what finds the
// wire again ([WiresService.Get]) and what resends the request safely.
type WireReceipt struct {
	// WireID is the wire's id: the request's WireID, or the one Create
	// derived from IdempotencyKey. Get takes it.
	WireID string
	// IdempotencyKey is the x-jiko-idempotency key every attempt carried;
	// a resend of the same request with it within the hour is answered
	// without sending a second wire.
	IdempotencyKey string
}

// WireCreateError is the error of a [WiresService.Create] whose request was
// sent: its WireReceipt names the wire, which may exist
// ([MayHaveSucceeded]), and Err is the call's error, usually an [*Error].
// errors.As reaches both, and [IsValidation], [IsNotFound] and the other
// tests see through it.
type WireCreateError struct {
	// WireReceipt holds the wire's id, for [WiresService.Get], and the
	// idempotency key every attempt carried, for a safe resend.
	WireReceipt
	// Err is why the call failed.
	Err error
}

// Error returns Err's message followed by the wire's id.
func (e *WireCreateError) Error() string { return e.Err.Error() + " (wire_id " + e.WireID + ")" }

// Unwrap returns Err.
func (e *WireCreateError) Unwrap() error { return e.Err }

// WiresService reaches the wire operations: sending wires from a Pocket and
// reading the wires that came in or went out. Outgoing wires are not
// enabled by default: Jiko enables them per partner. Reach it as c.Wires.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/wires
type WiresService service

// Create sends a wire from a Pocket to a verified wire counterparty
// (POST /api/v1/jiko-accounts/{account_id}/wires/). account_id is a Pocket
// id. The API answers 201 with no body; the receipt names the wire: its id
// (req.WireID, or when that is empty a UUID derived from the idempotency
// key, which is then sent as wire_id) and the key. The transfers.wire.out.*
// events report its progress.
//
// Money is never sent twice: every retry of the call carries the same key
// and the same body, and the API answers a resend within the hour with the
// first outcome instead of acting again. To survive a crash and restart of
// your own process, derive both from your record of the payment
// ([IdempotencyKeyFor], [WithIdempotencyKey]):
//
//	id := jiko.IdempotencyKeyFor("wire:" + payment.ID)
//	req.WireID = id
//	receipt, err := c.Wires.Create(ctx, pocketID, req, jiko.WithIdempotencyKey(id))
//
// It returns the receipt and a nil error, or a nil receipt and an error.
// An error of a request that was sent is a [*WireCreateError]: its
// WireReceipt names the wire as a receipt would, and it wraps the [*Error]
// (errors.As finds both). When [MayHaveSucceeded] reports true (no answer
// came, or the API answered 500, 502 or 504) the wire may be on its way:
// look it up with [WiresService.Get] and its WireID, or send the same
// request again with WithIdempotencyKey(its IdempotencyKey), rather than
// sending a new one. With a derived WireID the resend leaves WireID empty
// too, so that its body is the same. A request refused before anything was
// sent is a [*ValidationError] naming the field. [IsValidation] also
// reports what the API refuses (an unverified counterparty, a closed or
// frozen Pocket, insufficient funds); [IsNotFound] reports an unknown
// Pocket.
func (s *WiresService) Create(ctx context.Context, pocketID string, req *WireCreateRequest, opts ...CallOption) (*WireReceipt, error) {
	// The wire id derived from the key is ops.WiresCreate's KeyedID, filled
	// in by the engine once the key is chosen.
	r, err := newRequest(at(ops.WiresCreate, pocketID), nil, req)
	if err != nil {
		return nil, err
	}
	key, err := s.client.doKeyed(ctx, r, nil, opts)
	var refused *ValidationError
	if errors.As(err, &refused) {
		return nil, err
	}
	receipt := WireReceipt{WireID: req.WireID, IdempotencyKey: key}
	if receipt.WireID == "" && key != "" {
		receipt.WireID = keyedID(key)
	}
	if err != nil {
		return nil, &WireCreateError{WireReceipt: receipt, Err: err}
	}
	return &receipt, nil
}

// List iterates over the wires of the partner's customers, filtered by
// Pocket, customer or direction (GET /api/v1/wires/). params may be nil.
// Errors arrive with the iteration; [IsValidation] reports a refused params
// field.
//
// The path and parameter names are inferred: the reference's changelog
// announces List Wires with these filters but its page is not readable. Use
// [Client.Do] for the real path if it differs.
func (s *WiresService) List(ctx context.Context, params *WireListParams, opts ...CallOption) *CursorIter[Wire] {
	return list[Wire](ctx, s.client, at(ops.WiresList), params, opts)
}

// ListPage fetches one page of wires (GET /api/v1/wires/, inferred as for
// [WiresService.List]). Pass the page's NextPage as params.Cursor for the
// next one. [IsValidation] reports a refused params field.
func (s *WiresService) ListPage(ctx context.Context, params *WireListParams, opts ...CallOption) (*CursorPage[Wire], error) {
	return page[Wire](ctx, s.client, at(ops.WiresList), params, opts)
}

// Get reads a wire by its id (GET /api/v1/wires/{wire_id}/), such as the
// WireID of a [WireReceipt], to follow its status. The path is inferred, as
// for [WiresService.List]. [IsNotFound] reports an unknown wire.
func (s *WiresService) Get(ctx context.Context, wireID string, opts ...CallOption) (*Wire, error) {
	return call[Wire](ctx, s.client, at(ops.WiresGet, wireID), nil, nil, opts)
}
