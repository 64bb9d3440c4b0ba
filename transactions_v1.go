package jiko

import (
	"context"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// TransactionV1Type names the kind of a v1 transaction: the value of
// details.transaction_type, which selects the variant of
// TransactionDetailsVariant.
type TransactionV1Type string

// The v1 transaction types of the reference, in its order.
const (
	TransactionV1TypeCard     TransactionV1Type = "CARD"
	TransactionV1TypeCashBack TransactionV1Type = "CASH_BACK"
	TransactionV1TypeACH      TransactionV1Type = "ACH"
	TransactionV1TypeWire     TransactionV1Type = "WIRE"
	TransactionV1TypeWireFee  TransactionV1Type = "WIRE_FEE"
	TransactionV1TypeGeneric  TransactionV1Type = "GENERIC"
	TransactionV1TypeOnUs     TransactionV1Type = "ON_US"
)

// TransactionV1Status is where a v1 transaction stands.
type TransactionV1Status string

// The v1 transaction statuses of the reference.
const (
	TransactionV1StatusPending   TransactionV1Status = "PENDING"
	TransactionV1StatusCompleted TransactionV1Status = "COMPLETED"
)

// ACHDirectionV1 says whether Jiko received an ACH or originated it.
type ACHDirectionV1 string

// The ACH directions of the v1 ACH transaction details.
const (
	ACHDirectionV1Receiving   ACHDirectionV1 = "RECEIVING"
	ACHDirectionV1Origination ACHDirectionV1 = "ORIGINATION"
)

// TransactionV1 is a movement of a Pocket's bank account as the deprecated
// v1 operations return it (object_type Transaction).
type TransactionV1 struct {
	// ID identifies the transaction.
	ID string `json:"id"`
	// JikoAccountID is the account (the Pocket) it belongs to.
	JikoAccountID string `json:"jiko_account_id"`
	// Amount is what moved.
	Amount Money `json:"amount"`
	// Timestamp is when it happened.
	Timestamp Timestamp `json:"timestamp"`
	// Status is PENDING or COMPLETED.
	Status TransactionV1Status `json:"status"`
	// Details describes the transaction; its variant follows its
	// transaction_type.
	Details TransactionDetails `json:"details"`
	// ObjectType is "Transaction".
	ObjectType string `json:"object_type,omitempty"`
}

// TransactionDetailsVariant is one variant of a v1 transaction's details:
// the concrete type is one of *CardDetailsV1, *CashBackDetailsV1,
// *ACHDetailsV1, *WireDetailsV1, *WireFeeDetailsV1, *GenericDetailsV1,
// *OnUsDetailsV1, or *UnknownTransactionDetails for a type this package
// does not know or details it could not decode.
type TransactionDetailsVariant interface {
	// Common returns the fields every variant shares.
	Common() *TransactionDetailsV1Common
	isTransactionDetailsVariant()
}

// TransactionDetailsV1Common holds the fields of every v1 details variant.
type TransactionDetailsV1Common struct {
	// Title is the line to show a customer, such as "From VENMO (PAYMENT)".
	Title string `json:"title,omitempty"`
	// TransactionType selects the variant.
	TransactionType TransactionV1Type `json:"transaction_type"`
	// SubTitle is a second line, such as a reference number.
	SubTitle string `json:"sub_title,omitempty"`
	// TransactionTypeTitle names the kind, such as "ACH Electronic Debit".
	TransactionTypeTitle string `json:"transaction_type_title,omitempty"`
}

// Common returns c itself; every variant has it through embedding.
func (c *TransactionDetailsV1Common) Common() *TransactionDetailsV1Common { return c }

// TransactionLocation is where a card was used.
type TransactionLocation struct {
	// StreetAddress is the street line.
	StreetAddress string `json:"street_address"`
	// City is the city.
	City string `json:"city"`
	// State is the state, when there is one.
	State string `json:"state,omitempty"`
	// Country is the country code.
	Country string `json:"country"`
}

// CardTransactionDetails describes a card transaction.
type CardTransactionDetails struct {
	// Location is where the card was used.
	Location *TransactionLocation `json:"location,omitempty"`
	// Counterparty is the merchant.
	Counterparty string `json:"counterparty,omitempty"`
	// TerminalID is the merchant's terminal.
	TerminalID string `json:"terminal_id,omitempty"`
	// MerchantType is the merchant's category, such as "ATM".
	MerchantType string `json:"merchant_type,omitempty"`
	// PreAuthorization is true for a hold placed before the final amount.
	PreAuthorization bool `json:"pre_authorization"`
	// IssueID is the card issuer's id of the transaction.
	IssueID string `json:"issue_id,omitempty"`
}

// ACHTransactionDetails describes an ACH transaction.
type ACHTransactionDetails struct {
	// CompanyName is the company on the other side.
	CompanyName string `json:"company_name"`
	// CompanyEntryDescription is the company's description of the entry.
	CompanyEntryDescription string `json:"company_entry_description,omitempty"`
	// IndividualIdentificationNumber is the receiver's id at the company.
	IndividualIdentificationNumber string `json:"individual_identification_number,omitempty"`
	// TraceNumber is the ACH trace number.
	TraceNumber string `json:"trace_number,omitempty"`
	// ACHID is the ACH transfer object, for originations since July 2024.
	ACHID string `json:"ach_id,omitempty"`
	// ACHDirection is RECEIVING or ORIGINATION.
	ACHDirection ACHDirectionV1 `json:"ach_direction,omitempty"`
	// PortalID is the Portal a received ACH came through. Inferred: the
	// reference's field list is cut at "portal_".
	PortalID string `json:"portal_id,omitempty"`
}

// WireTransactionDetails describes a wire, or the fee of one.
type WireTransactionDetails struct {
	// ReferenceNumber is the wire's reference.
	ReferenceNumber string `json:"reference_number"`
	// CounterpartyName names the other side.
	CounterpartyName string `json:"counterparty_name"`
	// WireID is the wire transfer.
	WireID string `json:"wire_id,omitempty"`
}

// CashBackTransactionDetails describes a card cash back.
type CashBackTransactionDetails struct {
	// Period is the month the cash back was computed for, "YYYY-MM".
	Period string `json:"period"`
	// CardID is the card that earned it.
	CardID string `json:"card_id"`
}

// OnUsTransactionDetails describes an on-us transfer.
type OnUsTransactionDetails struct {
	// OnUsTransferID is the transfer.
	OnUsTransferID string `json:"on_us_transfer_id"`
	// OnUsTransferType is its type.
	OnUsTransferType string `json:"on_us_transfer_type"`
	// Source is the Pocket the money left.
	Source string `json:"source,omitempty"`
	// Target is the Pocket the money went to.
	Target string `json:"target,omitempty"`
}

// CardDetailsV1 are the details of a CARD transaction.
type CardDetailsV1 struct {
	TransactionDetailsV1Common
	// CardTransaction describes the card use.
	CardTransaction *CardTransactionDetails `json:"card_transaction"`
}

// CashBackDetailsV1 are the details of a CASH_BACK transaction.
type CashBackDetailsV1 struct {
	TransactionDetailsV1Common
	// CashBackTransaction describes the cash back.
	CashBackTransaction *CashBackTransactionDetails `json:"cash_back_transaction"`
}

// ACHDetailsV1 are the details of an ACH transaction.
type ACHDetailsV1 struct {
	TransactionDetailsV1Common
	// ACHTransaction describes the ACH.
	ACHTransaction *ACHTransactionDetails `json:"ach_transaction"`
}

// WireDetailsV1 are the details of a WIRE transaction.
type WireDetailsV1 struct {
	TransactionDetailsV1Common
	// WireTransaction describes the wire.
	WireTransaction *WireTransactionDetails `json:"wire_transaction"`
}

// WireFeeDetailsV1 are the details of a WIRE_FEE transaction.
type WireFeeDetailsV1 struct {
	TransactionDetailsV1Common
	// WireFeeTransaction describes the wire the fee was charged for.
	WireFeeTransaction *WireTransactionDetails `json:"wire_fee_transaction"`
}

// OnUsDetailsV1 are the details of an ON_US transaction.
type OnUsDetailsV1 struct {
	TransactionDetailsV1Common
	// OnUsTransaction describes the transfer.
	OnUsTransaction *OnUsTransactionDetails `json:"on_us_transaction"`
}

// GenericDetailsV1 are the details of a GENERIC transaction, which has no
// sub-object.
type GenericDetailsV1 struct {
	TransactionDetailsV1Common
}

// UnknownTransactionDetails are details whose transaction_type this
// package does not know, or that their known type's variant could not hold
// (Err says why). The common fields are there when all of them decoded
// (nil otherwise); Raw keeps them whole, and re-encoding gives them back unchanged.
type UnknownTransactionDetails struct {
	// TransactionDetailsV1Common holds the common members; nil unless
	// every one of them decoded.
	*TransactionDetailsV1Common
	RawVariant
}

func (*CardDetailsV1) isTransactionDetailsVariant()             {}
func (*CashBackDetailsV1) isTransactionDetailsVariant()         {}
func (*ACHDetailsV1) isTransactionDetailsVariant()              {}
func (*WireDetailsV1) isTransactionDetailsVariant()             {}
func (*WireFeeDetailsV1) isTransactionDetailsVariant()          {}
func (*GenericDetailsV1) isTransactionDetailsVariant()          {}
func (*OnUsDetailsV1) isTransactionDetailsVariant()             {}
func (*UnknownTransactionDetails) isTransactionDetailsVariant() {}

var transactionDetailsUnion = newUnionTable("transaction details", "transaction_type", map[TransactionV1Type]func() TransactionDetailsVariant{
	TransactionV1TypeCard:     func() TransactionDetailsVariant { return new(CardDetailsV1) },
	TransactionV1TypeCashBack: func() TransactionDetailsVariant { return new(CashBackDetailsV1) },
	TransactionV1TypeACH:      func() TransactionDetailsVariant { return new(ACHDetailsV1) },
	TransactionV1TypeWire:     func() TransactionDetailsVariant { return new(WireDetailsV1) },
	TransactionV1TypeWireFee:  func() TransactionDetailsVariant { return new(WireFeeDetailsV1) },
	TransactionV1TypeGeneric:  func() TransactionDetailsVariant { return new(GenericDetailsV1) },
	TransactionV1TypeOnUs:     func() TransactionDetailsVariant { return new(OnUsDetailsV1) },
}, func(raw RawVariant) TransactionDetailsVariant { return &UnknownTransactionDetails{RawVariant: raw} })

// TransactionDetails holds the details of a v1 transaction: a union keyed
// by "transaction_type", held in Variant. It decodes any details object
// without error: an unknown type, or details their type's variant cannot
// hold, are *UnknownTransactionDetails.
type TransactionDetails struct {
	// Variant is the details' variant; see TransactionDetailsVariant.
	Variant TransactionDetailsVariant
}

// Common returns the fields every variant shares; nil when empty, or for
// unknown details whose common fields did not all decode.
func (d TransactionDetails) Common() *TransactionDetailsV1Common {
	if d.Variant == nil || isNilPointer(d.Variant) {
		return nil
	}
	return d.Variant.Common()
}

// Kind returns the details' transaction_type, as it came for unknown
// ones.
func (d TransactionDetails) Kind() TransactionV1Type {
	return transactionDetailsUnion.kindOf(d.Variant)
}

func (d TransactionDetails) variant() any { return d.Variant }

// UnmarshalJSON decodes the variant named by "transaction_type".
func (d *TransactionDetails) UnmarshalJSON(b []byte) (err error) {
	d.Variant, err = transactionDetailsUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant (an unknown one as it came).
func (d TransactionDetails) MarshalJSON() ([]byte, error) { return marshalVariant(d.Variant) }

// TransactionV1ListParams filters and pages a v1 transaction list.
type TransactionV1ListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default (30).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Order is SortDesc (the default) or SortAsc, by timestamp.
	Order SortOrder `json:"order,omitempty" url:"order,omitempty"`
	// Accounts keeps the transactions of these accounts (Pockets)
	// (account[]). Only ListForCustomer takes it.
	Accounts []string `json:"account[],omitempty" url:"account[],omitempty"`
	// Cards keeps the transactions of these cards (filter[card]).
	Cards []string `json:"filter[card],omitempty" url:"filter[card],omitempty"`
	// Portals keeps the transactions through these Portals (filter[portal]).
	Portals []string `json:"filter[portal],omitempty" url:"filter[portal],omitempty"`
	// Types keeps these types only (filter[types]).
	Types []TransactionV1Type `json:"filter[types],omitempty" url:"filter[types],omitempty"`
	// OnUsTransfers keeps the transactions of these on-us transfers
	// (filter[on_us_transfer]). The current reference adds it to the
	// customer list (v1.29 has no such filter). Inferred for ListForPocket,
	// whose current page was not readable.
	OnUsTransfers []string `json:"filter[on_us_transfer],omitempty" url:"filter[on_us_transfer],omitempty"`
	// Wires keeps the transactions of these wires (filter[wire]); new in the
	// current reference, and inferred for ListForPocket, as OnUsTransfers.
	Wires []string `json:"filter[wire],omitempty" url:"filter[wire],omitempty"`
	// TimestampFrom and TimestampTo bound the timestamp (RFC 3339); a zero
	// time leaves a bound open.
	TimestampFrom time.Time `json:"timestamp_from,omitzero" url:"timestamp_from,omitempty"`
	// TimestampTo is the upper bound of the timestamp.
	TimestampTo time.Time `json:"timestamp_to,omitzero" url:"timestamp_to,omitempty"`
}

func (p *TransactionV1ListParams) validate() error {
	const t = "TransactionV1ListParams"
	return checkAll(
		checkLimit(t+".Limit", p.Limit, MaxTransactionListLimit),
		checkOrder(t+".Order", p.Order),
		checkTimeRange(t+".TimestampFrom", t+".TimestampTo", p.TimestampFrom, p.TimestampTo),
	)
}

func (p *TransactionV1ListParams) accountOnly() any {
	return refuseIf(p, p != nil && len(p.Accounts) > 0, "TransactionV1ListParams.Accounts", "only ListForCustomer takes it")
}

// TransactionsV1Service reaches the deprecated v1 Transactions operations
// (https://docs.jiko.io/products/partner-api/reference/transactions). An
// account_id is a Pocket id.
type TransactionsV1Service service

// ListForCustomer iterates over the transactions of a customer's accounts
// (GET /api/v1/customers/{customer_id}/transactions/), without the sweeps
// between bank and brokerage accounts. params may be nil.
//
// Deprecated: use [TransactionsService.ListForCustomer].
func (s *TransactionsV1Service) ListForCustomer(ctx context.Context, customerID string, params *TransactionV1ListParams, opts ...CallOption) *CursorIter[TransactionV1] {
	return list[TransactionV1](ctx, s.client, at(ops.TransactionsV1ListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's v1 transactions
// (GET /api/v1/customers/{customer_id}/transactions/).
//
// Deprecated: use [TransactionsService.ListForCustomerPage].
func (s *TransactionsV1Service) ListForCustomerPage(ctx context.Context, customerID string, params *TransactionV1ListParams, opts ...CallOption) (*CursorPage[TransactionV1], error) {
	return page[TransactionV1](ctx, s.client, at(ops.TransactionsV1ListForCustomer, customerID), params, opts)
}

// ListForPocket iterates over one account's transactions
// (GET /api/v1/jiko-accounts/{account_id}/transactions/); account_id is a
// Pocket id. params may be nil; Accounts is refused.
//
// Deprecated: use [TransactionsService.ListForPocket].
func (s *TransactionsV1Service) ListForPocket(ctx context.Context, pocketID string, params *TransactionV1ListParams, opts ...CallOption) *CursorIter[TransactionV1] {
	return list[TransactionV1](ctx, s.client, at(ops.TransactionsV1ListForPocket, pocketID), params.accountOnly(), opts)
}

// ListForPocketPage fetches one page of an account's v1 transactions
// (GET /api/v1/jiko-accounts/{account_id}/transactions/).
//
// Deprecated: use [TransactionsService.ListForPocketPage].
func (s *TransactionsV1Service) ListForPocketPage(ctx context.Context, pocketID string, params *TransactionV1ListParams, opts ...CallOption) (*CursorPage[TransactionV1], error) {
	return page[TransactionV1](ctx, s.client, at(ops.TransactionsV1ListForPocket, pocketID), params.accountOnly(), opts)
}

// Get reads one transaction of an account
// (GET /api/v1/jiko-accounts/{account_id}/transactions/{transaction_id}/);
// account_id is a Pocket id. IsNotFound reports an unknown account or
// transaction.
//
// Deprecated: use [TransactionsService.Get].
func (s *TransactionsV1Service) Get(ctx context.Context, pocketID, transactionID string, opts ...CallOption) (*TransactionV1, error) {
	return call[TransactionV1](ctx, s.client, at(ops.TransactionsV1Get, pocketID, transactionID), nil, nil, opts)
}
