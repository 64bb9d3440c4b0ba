package jiko

import (
	"context"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// TransactionType names the kind of a Transactions V2 item: the value of
// its "type" key, which selects the variant of TransactionVariant.
type TransactionType string

// The transaction types of the reference. Only ACH is printed in full by the
// reference's List Pocket Transactions page (build 5153994b); the others are
// the variants the Customer API lists for the same union (ACH, WIRE, CARD,
// ON_US, FEE, CREDIT, GENERIC). Values not listed here decode into
// UnknownTransaction.
const (
	TransactionTypeACH     TransactionType = "ACH"
	TransactionTypeWire    TransactionType = "WIRE"
	TransactionTypeCard    TransactionType = "CARD"
	TransactionTypeOnUs    TransactionType = "ON_US"
	TransactionTypeFee     TransactionType = "FEE"
	TransactionTypeCredit  TransactionType = "CREDIT"
	TransactionTypeGeneric TransactionType = "GENERIC"
)

// BookingStatus says whether a v2 transaction or trade is only booked into
// the ledger or also settled.
type BookingStatus string

// The booking statuses of the reference.
const (
	BookingStatusBooked  BookingStatus = "BOOKED"
	BookingStatusSettled BookingStatus = "SETTLED"
)

// TransactionDirection says whether money left the Pocket (DEBIT) or came
// in (CREDIT).
type TransactionDirection string

// The directions of a transaction. Inferred: the reference's ACH variant
// has a direction field whose values are not shown; the Customer API's
// example filter uses DEBIT.
const (
	TransactionDirectionDebit  TransactionDirection = "DEBIT"
	TransactionDirectionCredit TransactionDirection = "CREDIT"
)

// SortOrder orders a list by its time field.
type SortOrder string

// The orders of the reference (its Order enum). Lists are newest first
// unless SortAsc is asked for.
const (
	SortDesc SortOrder = "desc"
	SortAsc  SortOrder = "asc"
)

// TransactionVariant is one variant of a Transactions V2 item: the
// concrete type is one of *ACHTransaction, *WireTransaction,
// *CardTransaction, *OnUsTransaction, *FeeTransaction, *CreditTransaction,
// *GenericTransaction, or *UnknownTransaction for a type this package does
// not know or an item it could not decode.
//
//	switch a := tx.Variant.(type) {
//	case *jiko.ACHTransaction:
//		fmt.Println("ACH", a.Amount, a.CompanyName)
//	case *jiko.UnknownTransaction:
//		log.Printf("transaction of type %s not decoded (%v): %s", a.Kind(), a.Err, a.Raw)
//	}
type TransactionVariant interface {
	// Common returns the fields every variant shares.
	Common() *TransactionCommon
	isTransactionVariant()
}

// TransactionCommon holds the fields every Transactions V2 variant
// has. The names and meanings are those of the reference's ACH variant.
type TransactionCommon struct {
	// ID identifies the transaction from the Pocket's point of view: a
	// transfer between two Pockets has one id in each.
	ID string `json:"id"`
	// TransactionID identifies the underlying transaction, the same in
	// every Pocket it touches.
	TransactionID string `json:"transaction_id"`
	// Type selects the variant.
	Type TransactionType `json:"type"`
	// Description names the kind of transaction, such as "ACH Electronic
	// Debit".
	Description string `json:"description"`
	// Title is the line to show a customer.
	Title string `json:"title"`
	// Amount is what moved, always positive; Direction says which way.
	Amount Money `json:"amount"`
	// Direction is DEBIT (money out) or CREDIT (money in).
	Direction TransactionDirection `json:"direction"`
	// Status is BOOKED, or SETTLED once the money has settled.
	Status BookingStatus `json:"status"`
	// TimeBooked is when the transaction was booked into the ledger.
	TimeBooked Timestamp `json:"time_booked"`
	// TimeSettled is when it settled; nil until then.
	TimeSettled *Timestamp `json:"time_settled"`
	// PocketID is the Pocket the transaction belongs to. Inferred: the
	// reference's ACH variant is cut short before its last fields; a
	// customer-wide list needs it.
	PocketID string `json:"pocket_id,omitempty"`
}

// Common returns c itself; every variant has it through embedding.
func (c *TransactionCommon) Common() *TransactionCommon { return c }

// Signed returns the amount in cents with the sign of its direction:
// negative for a debit.
func (c *TransactionCommon) Signed() int64 {
	if c.Direction == TransactionDirectionDebit {
		return -c.Amount.Value
	}
	return c.Amount.Value
}

// ACHTransaction is an ACH transfer in or out of a Pocket
// (type ACH). The fields after the common ones are inferred from the v1
// ACH transaction details and the filters of the list; the reference's page
// is cut short before them.
type ACHTransaction struct {
	TransactionCommon
	// ACHID is the ACH origination this transaction belongs to, for an
	// ACH the partner originated.
	ACHID string `json:"ach_id,omitempty"`
	// PortalID is the Portal an incoming ACH arrived through.
	PortalID string `json:"portal_id,omitempty"`
	// CompanyName is the company on the other side.
	CompanyName string `json:"company_name,omitempty"`
	// CompanyEntryDescription is the company's description of the entry,
	// such as "PAYROLL".
	CompanyEntryDescription string `json:"company_entry_description,omitempty"`
	// TraceNumber is the ACH trace number.
	TraceNumber string `json:"trace_number,omitempty"`
}

// WireTransaction is a wire in or out of a Pocket (type WIRE). The
// fields after the common ones are inferred from the v1 wire details.
type WireTransaction struct {
	TransactionCommon
	// WireID is the wire transfer.
	WireID string `json:"wire_id,omitempty"`
	// PortalID is the Portal an incoming wire arrived through.
	PortalID string `json:"portal_id,omitempty"`
	// CounterpartyName names the other side.
	CounterpartyName string `json:"counterparty_name,omitempty"`
	// ReferenceNumber is the wire's reference.
	ReferenceNumber string `json:"reference_number,omitempty"`
}

// CardTransaction is a debit-card purchase, withdrawal or refund
// (type CARD). The fields after the common ones are inferred from the v1
// card details.
type CardTransaction struct {
	TransactionCommon
	// CardID is the card used.
	CardID string `json:"card_id,omitempty"`
	// Counterparty is the merchant.
	Counterparty string `json:"counterparty,omitempty"`
	// MerchantType is the merchant's category, such as "ATM".
	MerchantType string `json:"merchant_type,omitempty"`
}

// OnUsTransaction is a book transfer between two Jiko Pockets
// (type ON_US). The fields after the common ones are inferred from the v1
// on-us details.
type OnUsTransaction struct {
	TransactionCommon
	// OnUsTransferID is the on-us transfer.
	OnUsTransferID string `json:"on_us_transfer_id,omitempty"`
	// OnUsTransferType is its type, such as INTERNAL_REALLOCATION.
	OnUsTransferType string `json:"on_us_transfer_type,omitempty"`
}

// FeeTransaction is a fee charged to the Pocket (type FEE).
type FeeTransaction struct {
	TransactionCommon
	// FeeType is the kind of fee, such as WIRE_FEE. Inferred.
	FeeType string `json:"fee_type,omitempty"`
}

// CreditTransaction is money credited to the Pocket by Jiko, such
// as a cash back (type CREDIT).
type CreditTransaction struct {
	TransactionCommon
}

// GenericTransaction is any other movement (type GENERIC), such as
// an adjustment.
type GenericTransaction struct {
	TransactionCommon
}

// UnknownTransaction is a transaction whose type this package does not
// know, or whose known type's variant could not hold it (Err says why).
// The common fields are there when all of them decoded (nil otherwise);
// Raw keeps the whole
// object, and re-encoding gives it back unchanged.
type UnknownTransaction struct {
	// TransactionCommon holds the common members; nil unless every one
	// of them decoded.
	*TransactionCommon
	RawVariant
}

func (*ACHTransaction) isTransactionVariant()     {}
func (*WireTransaction) isTransactionVariant()    {}
func (*CardTransaction) isTransactionVariant()    {}
func (*OnUsTransaction) isTransactionVariant()    {}
func (*FeeTransaction) isTransactionVariant()     {}
func (*CreditTransaction) isTransactionVariant()  {}
func (*GenericTransaction) isTransactionVariant() {}
func (*UnknownTransaction) isTransactionVariant() {}

// transactionUnion makes the variant of each known type.
var transactionUnion = newUnionTable("transaction", "type", map[TransactionType]func() TransactionVariant{
	TransactionTypeACH:     func() TransactionVariant { return new(ACHTransaction) },
	TransactionTypeWire:    func() TransactionVariant { return new(WireTransaction) },
	TransactionTypeCard:    func() TransactionVariant { return new(CardTransaction) },
	TransactionTypeOnUs:    func() TransactionVariant { return new(OnUsTransaction) },
	TransactionTypeFee:     func() TransactionVariant { return new(FeeTransaction) },
	TransactionTypeCredit:  func() TransactionVariant { return new(CreditTransaction) },
	TransactionTypeGeneric: func() TransactionVariant { return new(GenericTransaction) },
}, func(raw RawVariant) TransactionVariant { return &UnknownTransaction{RawVariant: raw} })

// Transaction is one movement of money in or out of a Pocket's bank
// account, as Transactions V2 returns it: a union keyed by "type", held in
// Variant. It decodes any item that is a JSON object without error: an
// unknown type, or an item its type's variant cannot hold, is an
// *UnknownTransaction.
type Transaction struct {
	// Variant is the variant; see TransactionVariant.
	Variant TransactionVariant
}

// Common returns the fields every variant shares; nil when the
// Transaction is empty, or is an unknown one whose common fields did not
// all decode.
func (t Transaction) Common() *TransactionCommon {
	if t.Variant == nil || isNilPointer(t.Variant) {
		return nil
	}
	return t.Variant.Common()
}

// Kind returns the transaction's type, as it came for an unknown one.
func (t Transaction) Kind() TransactionType { return transactionUnion.kindOf(t.Variant) }

func (t Transaction) variant() any { return t.Variant }

// UnmarshalJSON decodes the variant named by the "type" key.
func (t *Transaction) UnmarshalJSON(b []byte) (err error) {
	t.Variant, err = transactionUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant (an unknown one as it came).
func (t Transaction) MarshalJSON() ([]byte, error) { return marshalVariant(t.Variant) }

// TransactionListParams filters and pages a list of Transactions V2. Every
// filter is optional; the zero value lists everything, newest first,
// without the sweeps between a Pocket's bank and brokerage accounts.
type TransactionListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default (30).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Order is SortDesc (the default) or SortAsc, by booking time.
	Order SortOrder `json:"order,omitempty" url:"order,omitempty"`
	// Direction keeps only debits or only credits.
	Direction TransactionDirection `json:"direction,omitempty" url:"direction,omitempty"`
	// AmountFrom and AmountTo keep amounts in this range, in cents,
	// inclusive; 0 leaves a bound open.
	AmountFrom int64 `json:"amount_from,omitempty" url:"amount_from,omitempty"`
	// AmountTo is the upper bound of the amount, in cents.
	AmountTo int64 `json:"amount_to,omitempty" url:"amount_to,omitempty"`
	// Types keeps these types only (filter[type], repeated).
	Types []TransactionType `json:"filter[type],omitempty" url:"filter[type],omitempty"`
	// Cards keeps the transactions of these cards (filter[card]).
	Cards []string `json:"filter[card],omitempty" url:"filter[card],omitempty"`
	// Portals keeps the transactions through these Portals (filter[portal]).
	Portals []string `json:"filter[portal],omitempty" url:"filter[portal],omitempty"`
	// OnUsTransfers keeps the transactions of these on-us transfers
	// (filter[on_us_transfer]).
	OnUsTransfers []string `json:"filter[on_us_transfer],omitempty" url:"filter[on_us_transfer],omitempty"`
	// Wires keeps the transactions of these wires (filter[wire]).
	Wires []string `json:"filter[wire],omitempty" url:"filter[wire],omitempty"`
	// TimeBookedFrom and TimeBookedTo bound the booking time (RFC 3339);
	// a zero time leaves a bound open.
	TimeBookedFrom time.Time `json:"time_booked_from,omitzero" url:"time_booked_from,omitempty"`
	// TimeBookedTo is the upper bound of the booking time.
	TimeBookedTo time.Time `json:"time_booked_to,omitzero" url:"time_booked_to,omitempty"`
	// TimeSettledFrom and TimeSettledTo bound the settlement time.
	TimeSettledFrom time.Time `json:"time_settled_from,omitzero" url:"time_settled_from,omitempty"`
	// TimeSettledTo is the upper bound of the settlement time.
	TimeSettledTo time.Time `json:"time_settled_to,omitzero" url:"time_settled_to,omitempty"`
	// IncludeSweeps adds the automatic sweeps between the Pocket's bank
	// and brokerage accounts, which are left out by default.
	IncludeSweeps bool `json:"include_sweeps,omitempty" url:"include_sweeps,omitempty"`
	// PocketIDs keeps the transactions of these Pockets (pocket_id[]).
	// Only ListForCustomer takes it. Inferred: the name is that of the
	// Trades V2 list; the page of List Customer Transactions is not
	// readable.
	PocketIDs []string `json:"pocket_id[],omitempty" url:"pocket_id[],omitempty"`
}

// MaxTransactionListLimit is the largest page size of the transaction
// lists (the v1 lists' maximum; the v2 pages do not state one).
const MaxTransactionListLimit = 100

func (p *TransactionListParams) validate() error {
	const t = "TransactionListParams"
	return checkAll(
		checkLimit(t+".Limit", p.Limit, MaxTransactionListLimit),
		checkOrder(t+".Order", p.Order),
		checkAmountRange(t+".AmountFrom", t+".AmountTo", p.AmountFrom, p.AmountTo),
		checkTimeRange(t+".TimeBookedFrom", t+".TimeBookedTo", p.TimeBookedFrom, p.TimeBookedTo),
		checkTimeRange(t+".TimeSettledFrom", t+".TimeSettledTo", p.TimeSettledFrom, p.TimeSettledTo),
	)
}

func checkAmountRange(fromField, toField string, from, to int64) error {
	switch {
	case from < 0:
		return invalid(fromField, "%d is negative: amounts are cents, 0 or more", from)
	case to < 0:
		return invalid(toField, "%d is negative: amounts are cents, 0 or more", to)
	case to != 0 && from > to:
		return invalid(toField, "%d is less than %s %d", to, fieldName(fromField), from)
	}
	return nil
}

// TransactionsService reaches the Transactions V2 operations
// (https://docs.jiko.io/products/partner-api/reference/transactions-v2).
// Transactions are the movements of a Pocket's bank account: deposits,
// withdrawals, payments and fees. The buying and selling of T-bills in its
// brokerage account are Trades.
type TransactionsService service

// pocketOnly refuses PocketIDs, which the Pocket-scoped list does not take.
func (p *TransactionListParams) pocketOnly() any {
	return refuseIf(p, p != nil && len(p.PocketIDs) > 0, "TransactionListParams.PocketIDs", "only ListForCustomer takes it")
}

// ListForPocket iterates over a Pocket's transactions
// (GET /api/v2/pockets/{pocket_id}/transactions/), newest first unless
// params says otherwise. params may be nil; PocketIDs is refused. Each item
// is a Transaction whose Variant is the variant of its type. IsNotFound
// reports an unknown Pocket; IsValidation a refused filter.
func (s *TransactionsService) ListForPocket(ctx context.Context, pocketID string, params *TransactionListParams, opts ...CallOption) *CursorIter[Transaction] {
	return list[Transaction](ctx, s.client, at(ops.TransactionsListForPocket, pocketID), params.pocketOnly(), opts)
}

// ListForPocketPage fetches one page of a Pocket's transactions
// (GET /api/v2/pockets/{pocket_id}/transactions/). Pass the page's NextPage
// as params.Cursor for the next one.
func (s *TransactionsService) ListForPocketPage(ctx context.Context, pocketID string, params *TransactionListParams, opts ...CallOption) (*CursorPage[Transaction], error) {
	return page[Transaction](ctx, s.client, at(ops.TransactionsListForPocket, pocketID), params.pocketOnly(), opts)
}

// ListForCustomer iterates over the transactions of all of a customer's
// Pockets, or of those in params.PocketIDs
// (GET /api/v2/customers/{customer_id}/transactions/). The path is inferred:
// the reference names the operation (it replaces the v1 List Customer
// Transactions) but its page is not readable. IsNotFound reports an unknown
// customer.
func (s *TransactionsService) ListForCustomer(ctx context.Context, customerID string, params *TransactionListParams, opts ...CallOption) *CursorIter[Transaction] {
	return list[Transaction](ctx, s.client, at(ops.TransactionsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's transactions
// (GET /api/v2/customers/{customer_id}/transactions/; inferred path).
func (s *TransactionsService) ListForCustomerPage(ctx context.Context, customerID string, params *TransactionListParams, opts ...CallOption) (*CursorPage[Transaction], error) {
	return page[Transaction](ctx, s.client, at(ops.TransactionsListForCustomer, customerID), params, opts)
}

// Get reads one transaction of a Pocket
// (GET /api/v2/pockets/{pocket_id}/transactions/{transaction_id}/).
// transactionID is the id of the list's items (the Pocket's view of the
// transaction). The path is inferred: the reference has a Get Transaction
// page whose body is not readable; this is the list's path with the id.
// IsNotFound reports an unknown Pocket or transaction.
func (s *TransactionsService) Get(ctx context.Context, pocketID, transactionID string, opts ...CallOption) (*Transaction, error) {
	return call[Transaction](ctx, s.client, at(ops.TransactionsGet, pocketID, transactionID), nil, nil, opts)
}
