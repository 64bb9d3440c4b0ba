package jiko

import (
	"context"
	"encoding/json"

	"github.com/jiko-go/jiko/internal/ops"
)

// OnUsTransferType is the kind of an on-us transfer, the discriminator
// (type) of its request and of the transfer a response echoes.
type OnUsTransferType string

// The on-us transfer types of the reference, in its order.
const (
	// OnUsPartnerCustomerFunding moves money from the partner's Pocket to
	// a customer's Pocket.
	OnUsPartnerCustomerFunding OnUsTransferType = "PARTNER_CUSTOMER_FUNDING"
	// OnUsPartnerCustomerDefunding moves money from a customer's Pocket to
	// the partner's Pocket.
	OnUsPartnerCustomerDefunding OnUsTransferType = "PARTNER_CUSTOMER_DEFUNDING"
	// OnUsInternalReallocation moves money between two Pockets of the same
	// customer.
	OnUsInternalReallocation OnUsTransferType = "INTERNAL_REALLOCATION"
	// OnUsPeerToPeer moves money from a customer's Pocket to one of the
	// customer's on-us counterparties (another Jiko Pocket).
	OnUsPeerToPeer OnUsTransferType = "PEER_TO_PEER"
)

// OnUsTransferStatus is where an on-us transfer stands.
type OnUsTransferStatus string

// The on-us transfer statuses of the reference.
const (
	OnUsStatusPending   OnUsTransferStatus = "PENDING"
	OnUsStatusCompleted OnUsTransferStatus = "COMPLETED"
	OnUsStatusRejected  OnUsTransferStatus = "REJECTED"
)

// TransferStateReason explains why a transfer is in its state, such as why
// it was rejected.
type TransferStateReason string

// The transfer state reasons of the reference.
const (
	ReasonAccountUnavailable   TransferStateReason = "ACCOUNT_UNAVAILABLE"
	ReasonCanceled             TransferStateReason = "CANCELED"
	ReasonInsufficientFunds    TransferStateReason = "INSUFFICIENT_FUNDS"
	ReasonInvalidCurrency      TransferStateReason = "INVALID_CURRENCY"
	ReasonInvalidTransfer      TransferStateReason = "INVALID_TRANSFER"
	ReasonSanctionScreenFailed TransferStateReason = "SANCTION_SCREEN_FAILED"
)

// OnUsAccountType is the kind of account an on-us transfer names.
type OnUsAccountType string

// The on-us account types of the reference.
const (
	// OnUsAccountJiko is a Jiko Pocket.
	OnUsAccountJiko OnUsAccountType = "JIKO_ACCOUNT"
)

// TransferAmountType says how the amount of a transfer is given.
type TransferAmountType string

// The amount types of the reference.
const (
	// TransferAmountRequested moves the amount in AmountUSDC.
	TransferAmountRequested TransferAmountType = "REQUESTED_AMOUNT"
	// TransferAmountFullWithdrawal moves the Pocket's whole available
	// balance, net of fees.
	TransferAmountFullWithdrawal TransferAmountType = "FULL_WITHDRAWAL"
)

// OnUsAccount names a Pocket on one side of an on-us transfer;
// OnUsAccount{ID: pocketID} is all a request needs.
type OnUsAccount struct {
	// ID is the Pocket id.
	ID string `json:"id"`
	// Type is JIKO_ACCOUNT; empty is sent as JIKO_ACCOUNT.
	Type OnUsAccountType `json:"type"`
}

// MarshalJSON sends an empty Type as JIKO_ACCOUNT, so that
// OnUsAccount{ID: pocketID} is enough.
func (a OnUsAccount) MarshalJSON() ([]byte, error) {
	type plain OnUsAccount
	if a.Type == "" {
		a.Type = OnUsAccountJiko
	}
	return json.Marshal(plain(a))
}

// TransferAmount is how much an on-us transfer moves: build it with
// [RequestedAmount] for an amount of cents, or [FullWithdrawal] to empty the
// source Pocket.
type TransferAmount struct {
	// Type is REQUESTED_AMOUNT or FULL_WITHDRAWAL.
	Type TransferAmountType `json:"type"`
	// AmountUSDC is the amount in cents of US dollars for REQUESTED_AMOUNT
	// (10123 is $101.23; USDC is the API's name, not the stablecoin); 0 for
	// FULL_WITHDRAWAL.
	AmountUSDC int64 `json:"amount_usdc,omitempty"`
}

// RequestedAmount is a [TransferAmount] of cents (10123 is $101.23).
func RequestedAmount(cents int64) TransferAmount {
	return TransferAmount{Type: TransferAmountRequested, AmountUSDC: cents}
}

// FullWithdrawal is a [TransferAmount] of the source Pocket's whole
// available balance, net of fees, for emptying a Pocket before closing it
// without computing its balance first. It cannot fund a customer from the
// partner ([OnUsFundingRequest] refuses it).
func FullWithdrawal() TransferAmount { return TransferAmount{Type: TransferAmountFullWithdrawal} }

// OnUsTransferRequest is the body of [OnUsService.Create]: one of
// [*OnUsFundingRequest], [*OnUsDefundingRequest],
// [*OnUsReallocationRequest] and [*OnUsPeerToPeerRequest], each sent with
// its type, so a body mixing two kinds cannot be built.
type OnUsTransferRequest interface {
	// Kind is the type the request is sent with.
	Kind() OnUsTransferType
	isOnUsTransferRequest()
}

// OnUsFundingRequest moves money from the partner's Pocket to a customer's
// Pocket (PARTNER_CUSTOMER_FUNDING).
type OnUsFundingRequest struct {
	// TransferID is your id for the transfer, a UUID; empty lets the API
	// pick one. Derive it from your own record to find the transfer again.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements; at most 100 characters.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is your reference, passed on unchanged along
	// the whole chain; optional.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the partner's Pocket; required.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the customer's Pocket; required.
	ToAccount OnUsAccount `json:"to_account"`
	// Source names where the customer's funds come from at the partner;
	// required, at most 200 characters.
	Source string `json:"source"`
	// Amount must be a RequestedAmount: a full withdrawal cannot fund.
	Amount TransferAmount `json:"amount"`
	// AsyncMode creates the transfer PENDING and reports its outcome by
	// webhook (recommended); false leaves the API's default, which the
	// reference does not state (inferred: synchronous).
	AsyncMode bool `json:"async_mode,omitempty"`
}

// OnUsDefundingRequest moves money from a customer's Pocket to the
// partner's Pocket (PARTNER_CUSTOMER_DEFUNDING).
type OnUsDefundingRequest struct {
	// TransferID is your id for the transfer, a UUID; empty lets the API
	// pick one.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements; at most 100 characters.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is your reference, passed on unchanged.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the customer's Pocket; required.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the partner's Pocket; required.
	ToAccount OnUsAccount `json:"to_account"`
	// Target names where the funds go for the customer at the partner;
	// required, at most 200 characters.
	Target string `json:"target"`
	// Amount is a RequestedAmount or FullWithdrawal.
	Amount TransferAmount `json:"amount"`
	// AsyncMode creates the transfer PENDING and reports its outcome by
	// webhook (recommended).
	AsyncMode bool `json:"async_mode,omitempty"`
}

// OnUsReallocationRequest moves money between two Pockets of the same
// customer (INTERNAL_REALLOCATION).
type OnUsReallocationRequest struct {
	// TransferID is your id for the transfer, a UUID; empty lets the API
	// pick one.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements; at most 100 characters.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is your reference, passed on unchanged.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the Pocket the money leaves; required.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the Pocket it reaches; required.
	ToAccount OnUsAccount `json:"to_account"`
	// Amount is a RequestedAmount or FullWithdrawal.
	Amount TransferAmount `json:"amount"`
	// AsyncMode creates the transfer PENDING and reports its outcome by
	// webhook (recommended).
	AsyncMode bool `json:"async_mode,omitempty"`
}

// OnUsPeerToPeerRequest moves money from a customer's Pocket to one of the
// customer's on-us counterparties (PEER_TO_PEER).
//
// Inferred: the reference lists the type but its fields are not readable.
// The destination is sent as destination_counterparty_id, the name Jiko's
// Customer API gives the same thing in its peer-to-peer transfers.
type OnUsPeerToPeerRequest struct {
	// TransferID is your id for the transfer, a UUID; empty lets the API
	// pick one.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements; at most 100 characters.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is your reference, passed on unchanged.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the customer's Pocket; required.
	FromAccount OnUsAccount `json:"from_account"`
	// DestinationCounterpartyID is the customer's verified on-us
	// counterparty; required.
	DestinationCounterpartyID string `json:"destination_counterparty_id"`
	// Amount is a RequestedAmount or FullWithdrawal.
	Amount TransferAmount `json:"amount"`
	// AsyncMode creates the transfer PENDING and reports its outcome by
	// webhook (recommended).
	AsyncMode bool `json:"async_mode,omitempty"`
}

// Kind returns PARTNER_CUSTOMER_FUNDING.
func (*OnUsFundingRequest) Kind() OnUsTransferType { return OnUsPartnerCustomerFunding }

// Kind returns PARTNER_CUSTOMER_DEFUNDING.
func (*OnUsDefundingRequest) Kind() OnUsTransferType { return OnUsPartnerCustomerDefunding }

// Kind returns INTERNAL_REALLOCATION.
func (*OnUsReallocationRequest) Kind() OnUsTransferType { return OnUsInternalReallocation }

// Kind returns PEER_TO_PEER.
func (*OnUsPeerToPeerRequest) Kind() OnUsTransferType { return OnUsPeerToPeer }

func (*OnUsFundingRequest) isOnUsTransferRequest()      {}
func (*OnUsDefundingRequest) isOnUsTransferRequest()    {}
func (*OnUsReallocationRequest) isOnUsTransferRequest() {}
func (*OnUsPeerToPeerRequest) isOnUsTransferRequest()   {}

// MarshalJSON sends the request with its type.
func (r *OnUsFundingRequest) MarshalJSON() ([]byte, error) {
	type plain OnUsFundingRequest
	return typedJSON("type", string(r.Kind()), (*plain)(r))
}

// MarshalJSON sends the request with its type.
func (r *OnUsDefundingRequest) MarshalJSON() ([]byte, error) {
	type plain OnUsDefundingRequest
	return typedJSON("type", string(r.Kind()), (*plain)(r))
}

// MarshalJSON sends the request with its type.
func (r *OnUsReallocationRequest) MarshalJSON() ([]byte, error) {
	type plain OnUsReallocationRequest
	return typedJSON("type", string(r.Kind()), (*plain)(r))
}

// MarshalJSON sends the request with its type.
func (r *OnUsPeerToPeerRequest) MarshalJSON() ([]byte, error) {
	type plain OnUsPeerToPeerRequest
	return typedJSON("type", string(r.Kind()), (*plain)(r))
}

// Lengths the reference sets on on-us requests, in characters.
const (
	MaxOnUsDescription    = 100 // description
	MaxOnUsSourceOrTarget = 200 // source, target
)

// onUsCommon is what every on-us request variant carries, for checking.
type onUsCommon struct {
	name                     string // the Go type, for error messages
	transferID, description  string
	from                     OnUsAccount
	to                       *OnUsAccount // nil for peer-to-peer
	amount                   TransferAmount
	fullWithdrawalNotAllowed bool
}

func (c onUsCommon) validate() error {
	var to error
	if c.to != nil {
		to = c.to.check(c.name + ".ToAccount")
	}
	return checkAll(
		checkOptionalUUID(c.name+".TransferID", c.transferID),
		checkMaxLen(c.name+".Description", c.description, MaxOnUsDescription),
		c.from.check(c.name+".FromAccount"),
		to,
		c.checkAmount(),
	)
}

// checkAmount refuses an amount whose type is missing or unknown, or whose
// cents do not fit its type.
func (c onUsCommon) checkAmount() error {
	field := c.name + ".Amount"
	switch c.amount.Type {
	case TransferAmountRequested:
		return checkCents(field+".AmountUSDC", c.amount.AmountUSDC)
	case TransferAmountFullWithdrawal:
		if c.fullWithdrawalNotAllowed {
			return invalid(field, "FULL_WITHDRAWAL is not allowed for %s", OnUsPartnerCustomerFunding)
		}
		if c.amount.AmountUSDC != 0 {
			return invalid(field+".AmountUSDC", "must be 0 with FULL_WITHDRAWAL, got %d", c.amount.AmountUSDC)
		}
		return nil
	case "":
		return invalid(field, "is required: use RequestedAmount(cents) or FullWithdrawal()")
	}
	return checkOneOf(field+".Type", c.amount.Type, true, transferAmountTypeValues...)
}

func (a OnUsAccount) check(field string) error {
	return checkAll(
		checkRequired(field+".ID", a.ID),
		checkOneOf(field+".Type", a.Type, false, onUsAccountTypeValues...),
	)
}

func (r *OnUsFundingRequest) validate() error {
	c := onUsCommon{"OnUsFundingRequest", r.TransferID, r.Description, r.FromAccount, &r.ToAccount, r.Amount, true}
	return checkAll(c.validate(), checkText("OnUsFundingRequest.Source", r.Source, true, MaxOnUsSourceOrTarget))
}

func (r *OnUsDefundingRequest) validate() error {
	c := onUsCommon{"OnUsDefundingRequest", r.TransferID, r.Description, r.FromAccount, &r.ToAccount, r.Amount, false}
	return checkAll(c.validate(), checkText("OnUsDefundingRequest.Target", r.Target, true, MaxOnUsSourceOrTarget))
}

func (r *OnUsReallocationRequest) validate() error {
	return onUsCommon{"OnUsReallocationRequest", r.TransferID, r.Description, r.FromAccount, &r.ToAccount, r.Amount, false}.validate()
}

func (r *OnUsPeerToPeerRequest) validate() error {
	c := onUsCommon{"OnUsPeerToPeerRequest", r.TransferID, r.Description, r.FromAccount, nil, r.Amount, false}
	return checkAll(c.validate(), checkRequired("OnUsPeerToPeerRequest.DestinationCounterpartyID", r.DestinationCounterpartyID))
}

// OnUsService reaches the on-us (book) transfers between Jiko Pockets:
// funding a customer from the partner's Pocket, defunding back, moving money
// between a customer's Pockets or to another customer's. Reach it as c.OnUs.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/on-us-transfers
type OnUsService service

// Create books an on-us transfer between two Pockets
// (POST /api/v1/transfers/on-us/). req is one of [*OnUsFundingRequest],
// [*OnUsDefundingRequest], [*OnUsReallocationRequest] and
// [*OnUsPeerToPeerRequest]. With AsyncMode the transfer is created PENDING
// and the transfers.on-us.* events report its outcome; otherwise the answer
// is expected to hold it (inferred). A transfer the API refuses for a
// business reason (insufficient funds, an unavailable Pocket) can come back
// as a success with status REJECTED and a Reason: check Status before
// treating the money as moved.
//
// Money is never sent twice: every retry of the call carries the same
// idempotency key, and the API answers a resend within the hour with the
// first outcome instead of acting again. To survive a crash and restart of
// your own process, derive the key, and the TransferID, from your record of
// the transfer ([IdempotencyKeyFor], [WithIdempotencyKey]):
//
//	id := jiko.IdempotencyKeyFor("on-us:" + movement.ID)
//	t, err := c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{
//		TransferID:  id,
//		FromAccount: jiko.OnUsAccount{ID: from}, ToAccount: jiko.OnUsAccount{ID: to},
//		Amount:      jiko.RequestedAmount(10_000), AsyncMode: true,
//	}, jiko.WithIdempotencyKey(id))
//
// When [MayHaveSucceeded] reports true (no answer came, or the API answered
// 500, 502 or 504) the transfer may exist: send the same request again with
// WithIdempotencyKey and the key of the [Error] to learn its outcome. [IsValidation] reports a refused request; [IsNotFound]
// an unknown Pocket.
func (s *OnUsService) Create(ctx context.Context, req OnUsTransferRequest, opts ...CallOption) (*OnUsTransfer, error) {
	if req == nil {
		return nil, invalid("OnUsTransferRequest", "is nil")
	}
	t, err := call[OnUsTransfer](ctx, s.client, at(ops.OnUsCreate), nil, req, opts)
	return t, err
}

// Get reads an on-us transfer (GET /api/v1/transfers/on-us/{transfer_id}/),
// to follow an asynchronous one. transferID is the transfer's ID as
// [OnUsService.Create] returned it. [IsNotFound] reports an unknown
// transfer.
func (s *OnUsService) Get(ctx context.Context, transferID string, opts ...CallOption) (*OnUsTransfer, error) {
	return call[OnUsTransfer](ctx, s.client, at(ops.OnUsGet, transferID), nil, nil, opts)
}
