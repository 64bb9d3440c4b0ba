package jiko

import (
	"context"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// TradeActivity names what a trade did: the value of its "activity" key,
// which selects the variant of a Trades V2 item.
type TradeActivity string

// The trade activities. BUY, SELL and MATURITY are the reference's
// (v1.29 TradeActivity and the Trades V2 page). The two security-transfer
// values are inferred: the Trades V2 page says the list includes "security
// transfer trades" but is cut short before naming them.
const (
	TradeActivityBuy                 TradeActivity = "BUY"
	TradeActivitySell                TradeActivity = "SELL"
	TradeActivityMaturity            TradeActivity = "MATURITY"
	TradeActivitySecurityTransferIn  TradeActivity = "SECURITY_TRANSFER_IN"
	TradeActivitySecurityTransferOut TradeActivity = "SECURITY_TRANSFER_OUT"
)

// TradeVariant is one variant of a Trades V2 item: the concrete type is one
// of *BuyTrade, *SellTrade, *MaturityTrade, *SecurityTransferInTrade,
// *SecurityTransferOutTrade, or *UnknownTrade for an activity this package
// does not know or a trade it could not decode.
//
//	switch v := tr.Variant.(type) {
//	case *jiko.BuyTrade:
//		fmt.Println("bought", v.Quantity, v.CUSIP, "at", v.Price)
//	case *jiko.UnknownTrade:
//		log.Printf("trade %s not decoded (%v): %s", v.Kind(), v.Err, v.Raw)
//	}
type TradeVariant interface {
	// Common returns the fields every variant shares.
	Common() *TradeCommon
	isTradeVariant()
}

// TradeCommon holds the fields every Trades V2 variant has, as the
// reference's BUY variant lists them.
type TradeCommon struct {
	// ID identifies the trade.
	ID string `json:"id"`
	// TradeDatetime is when the trade was executed.
	TradeDatetime Timestamp `json:"trade_datetime"`
	// BookDate is when the trade was booked into the ledger.
	BookDate Date `json:"book_date"`
	// SettledDate is when it settled; nil until then.
	SettledDate *Date `json:"settled_date"`
	// Status is BOOKED, or SETTLED once settled.
	Status BookingStatus `json:"status"`
	// PocketID is the Pocket the trade is listed under.
	PocketID string `json:"pocket_id"`
	// Activity selects the variant.
	Activity TradeActivity `json:"activity"`
}

// Common returns c itself; every variant has it through embedding.
func (c *TradeCommon) Common() *TradeCommon { return c }

// TradeSecurity describes the security a trade moved and at what price.
// Inferred: the reference's BUY variant is cut short after "activity";
// these are the fields of the v1 Trade, less its account and tradable ids.
type TradeSecurity struct {
	// Description describes the security, such as "US T-Bill".
	Description string `json:"description"`
	// CUSIP identifies the security.
	CUSIP string `json:"cusip"`
	// Notional is the cash value of the trade.
	Notional Money `json:"notional"`
	// Quantity is the number of securities ($100 of face value each for a
	// T-bill).
	Quantity int64 `json:"quantity"`
	// Price is the price per 100 of face value, such as "98.612361".
	Price Decimal `json:"price"`
	// MaturityDate is when the security matures.
	MaturityDate Date `json:"maturity_date"`
	// YieldToMaturity is the yield if held to maturity, such as "0.0468".
	YieldToMaturity Decimal `json:"yield_to_maturity"`
}

// BuyTrade is a purchase of T-bills with the Pocket's cash (activity BUY).
type BuyTrade struct {
	TradeCommon
	TradeSecurity
}

// SellTrade is a sale of T-bills to raise cash for a withdrawal or payment
// (activity SELL).
type SellTrade struct {
	TradeCommon
	TradeSecurity
}

// MaturityTrade is T-bills reaching maturity and paying their face value
// (activity MATURITY). It has no trade confirmation.
type MaturityTrade struct {
	TradeCommon
	TradeSecurity
}

// SecurityTransferInTrade is securities moved into the Pocket without a
// purchase (activity SECURITY_TRANSFER_IN; inferred, as are its fields).
type SecurityTransferInTrade struct {
	TradeCommon
	TradeSecurity
}

// SecurityTransferOutTrade is securities moved out of the Pocket without a
// sale (activity SECURITY_TRANSFER_OUT; inferred, as are its fields).
type SecurityTransferOutTrade struct {
	TradeCommon
	TradeSecurity
}

// UnknownTrade is a trade whose activity this package does not know, or
// whose known activity's variant could not hold it (Err says why). The
// common fields are there when all of them decoded (nil otherwise); Kind
// is the activity as it came; Raw keeps the whole object, and re-encoding
// gives it back unchanged.
type UnknownTrade struct {
	// TradeCommon holds the common members; nil unless every one of them
	// decoded.
	*TradeCommon
	RawVariant
}

func (*BuyTrade) isTradeVariant()                 {}
func (*SellTrade) isTradeVariant()                {}
func (*MaturityTrade) isTradeVariant()            {}
func (*SecurityTransferInTrade) isTradeVariant()  {}
func (*SecurityTransferOutTrade) isTradeVariant() {}
func (*UnknownTrade) isTradeVariant()             {}

var tradeUnion = newUnionTable("trade", "activity", map[TradeActivity]func() TradeVariant{
	TradeActivityBuy:                 func() TradeVariant { return new(BuyTrade) },
	TradeActivitySell:                func() TradeVariant { return new(SellTrade) },
	TradeActivityMaturity:            func() TradeVariant { return new(MaturityTrade) },
	TradeActivitySecurityTransferIn:  func() TradeVariant { return new(SecurityTransferInTrade) },
	TradeActivitySecurityTransferOut: func() TradeVariant { return new(SecurityTransferOutTrade) },
}, func(raw RawVariant) TradeVariant { return &UnknownTrade{RawVariant: raw} })

// Trade is one trade of a Pocket's brokerage account as Trades V2 returns
// it: a union keyed by "activity", held in Variant. It decodes any trade
// that is a JSON object without error: an unknown activity, or a trade its
// activity's variant cannot hold, is an *UnknownTrade.
type Trade struct {
	// Variant is the trade's variant; see TradeVariant.
	Variant TradeVariant
}

// Common returns the fields every variant shares; nil when empty, or for
// an unknown trade whose common fields did not all decode.
func (t Trade) Common() *TradeCommon {
	if t.Variant == nil || isNilPointer(t.Variant) {
		return nil
	}
	return t.Variant.Common()
}

// Kind returns the trade's activity, its discriminator, as it came for an
// unknown one.
func (t Trade) Kind() TradeActivity { return tradeUnion.kindOf(t.Variant) }

// Security returns the security fields of a known variant, or nil for an
// unknown one.
func (t Trade) Security() *TradeSecurity {
	switch v := t.Variant.(type) {
	case *BuyTrade:
		return &v.TradeSecurity
	case *SellTrade:
		return &v.TradeSecurity
	case *MaturityTrade:
		return &v.TradeSecurity
	case *SecurityTransferInTrade:
		return &v.TradeSecurity
	case *SecurityTransferOutTrade:
		return &v.TradeSecurity
	}
	return nil
}

func (t Trade) variant() any { return t.Variant }

// UnmarshalJSON decodes the variant named by the "activity" key.
func (t *Trade) UnmarshalJSON(b []byte) (err error) {
	t.Variant, err = tradeUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant (an unknown one as it came).
func (t Trade) MarshalJSON() ([]byte, error) { return marshalVariant(t.Variant) }

// TradeListParams filters and pages a Trades V2 list. Every filter is
// optional.
type TradeListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default (30).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Order is SortDesc (the default) or SortAsc, by trade creation time.
	Order SortOrder `json:"order,omitempty" url:"order,omitempty"`
	// PocketIDs keeps the trades of these Pockets (pocket_id[]).
	PocketIDs []string `json:"pocket_id[],omitempty" url:"pocket_id[],omitempty"`
	// TradeDatetimeFrom and TradeDatetimeTo bound the execution time
	// (RFC 3339); a zero time leaves a bound open.
	TradeDatetimeFrom time.Time `json:"trade_datetime_from,omitzero" url:"trade_datetime_from,omitempty"`
	// TradeDatetimeTo is the upper bound of the execution time.
	TradeDatetimeTo time.Time `json:"trade_datetime_to,omitzero" url:"trade_datetime_to,omitempty"`
	// BookDateFrom and BookDateTo bound the book date, inclusive
	// (YYYY-MM-DD).
	BookDateFrom Date `json:"book_date_from,omitzero" url:"book_date_from,omitempty"`
	// BookDateTo is the last book date.
	BookDateTo Date `json:"book_date_to,omitzero" url:"book_date_to,omitempty"`
	// SettlementDateFrom and SettlementDateTo bound the settlement date,
	// inclusive.
	SettlementDateFrom Date `json:"settlement_date_from,omitzero" url:"settlement_date_from,omitempty"`
	// SettlementDateTo is the last settlement date.
	SettlementDateTo Date `json:"settlement_date_to,omitzero" url:"settlement_date_to,omitempty"`
}

// MaxTradeListLimit is the largest page size of the trade lists (the v1
// lists' maximum; the v2 page does not state one).
const MaxTradeListLimit = 100

func (p *TradeListParams) validate() error {
	const t = "TradeListParams"
	return checkAll(
		checkLimit(t+".Limit", p.Limit, MaxTradeListLimit),
		checkOrder(t+".Order", p.Order),
		checkTimeRange(t+".TradeDatetimeFrom", t+".TradeDatetimeTo", p.TradeDatetimeFrom, p.TradeDatetimeTo),
		checkDateRange(t+".BookDateFrom", t+".BookDateTo", p.BookDateFrom, p.BookDateTo),
		checkDateRange(t+".SettlementDateFrom", t+".SettlementDateTo", p.SettlementDateFrom, p.SettlementDateTo),
	)
}

// TradesService reaches the Trades V2 operations
// (https://docs.jiko.io/products/partner-api/reference/trades-v2): the
// buying, selling and maturing of T-bills in the Pockets' brokerage
// accounts.
type TradesService service

// ListForCustomer iterates over the trades of a customer's Pockets
// (GET /api/v2/customers/{customer_id}/trades/), newest first unless params
// says otherwise. params may be nil. Each item is a Trade whose Variant
// follows its activity. IsNotFound reports an unknown customer.
func (s *TradesService) ListForCustomer(ctx context.Context, customerID string, params *TradeListParams, opts ...CallOption) *CursorIter[Trade] {
	return list[Trade](ctx, s.client, at(ops.TradesListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's trades
// (GET /api/v2/customers/{customer_id}/trades/).
func (s *TradesService) ListForCustomerPage(ctx context.Context, customerID string, params *TradeListParams, opts ...CallOption) (*CursorPage[Trade], error) {
	return page[Trade](ctx, s.client, at(ops.TradesListForCustomer, customerID), params, opts)
}

// TradeV1 is a trade as the v1 operations return it (object_type Trade).
type TradeV1 struct {
	// Description describes the security, such as "US T-Bill".
	Description string `json:"description"`
	// ID identifies the trade.
	ID string `json:"id"`
	// TradeDatetime is when the trade was executed.
	TradeDatetime Timestamp `json:"trade_datetime"`
	// SettledDate is when it settled, when it has.
	SettledDate *Date `json:"settled_date,omitempty"`
	// IsSettled reports whether it has settled.
	IsSettled bool `json:"is_settled"`
	// Activity is BUY, SELL or MATURITY.
	Activity TradeActivity `json:"activity"`
	// CUSIP identifies the security.
	CUSIP string `json:"cusip"`
	// Notional is the cash value of the trade.
	Notional Money `json:"notional"`
	// Quantity is the number of securities.
	Quantity int64 `json:"quantity"`
	// Price is the price per 100 of face value.
	Price Decimal `json:"price"`
	// MaturityDate is when the security matures.
	MaturityDate Date `json:"maturity_date"`
	// JikoAccountID is the account (the Pocket) of the trade.
	JikoAccountID string `json:"jiko_account_id"`
	// YieldToMaturity is the yield if held to maturity.
	YieldToMaturity Decimal `json:"yield_to_maturity"`
	// TradableID is Jiko's id of the security.
	TradableID string `json:"tradable_id"`
	// ObjectType is "Trade".
	ObjectType string `json:"object_type,omitempty"`
}

// TradeConfirmation is a link to a trade's confirmation PDF. The URL lives
// ten minutes: fetch the document when it is needed (see
// StatementsService.Download) and never store the link.
type TradeConfirmation struct {
	// URL is the short-lived link to the PDF.
	URL string `json:"url"`
}

// TradeV1ListParams filters and pages a v1 trade list.
type TradeV1ListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default (30).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Accounts keeps the trades of these accounts (Pockets) (account[]).
	// Only ListForCustomer takes it.
	Accounts []string `json:"account[],omitempty" url:"account[],omitempty"`
	// TradeDatetimeFrom and TradeDatetimeTo bound the execution time.
	TradeDatetimeFrom time.Time `json:"trade_datetime_from,omitzero" url:"trade_datetime_from,omitempty"`
	// TradeDatetimeTo is the upper bound of the execution time.
	TradeDatetimeTo time.Time `json:"trade_datetime_to,omitzero" url:"trade_datetime_to,omitempty"`
}

func (p *TradeV1ListParams) validate() error {
	const t = "TradeV1ListParams"
	return checkAll(
		checkLimit(t+".Limit", p.Limit, MaxTradeListLimit),
		checkTimeRange(t+".TradeDatetimeFrom", t+".TradeDatetimeTo", p.TradeDatetimeFrom, p.TradeDatetimeTo),
	)
}

func (p *TradeV1ListParams) accountOnly() any {
	return refuseIf(p, p != nil && len(p.Accounts) > 0, "TradeV1ListParams.Accounts", "only ListForCustomer takes it")
}

// TradesV1Service reaches the v1 Trades operations
// (https://docs.jiko.io/products/partner-api/reference/trades). An
// account_id is a Pocket id.
type TradesV1Service service

// ListForCustomer iterates over the trades of a customer's accounts
// (GET /api/v1/customers/{customer_id}/trades/). params may be nil.
// [TradesService.ListForCustomer] returns the same trades with their
// book and settlement dates and the security transfers.
func (s *TradesV1Service) ListForCustomer(ctx context.Context, customerID string, params *TradeV1ListParams, opts ...CallOption) *CursorIter[TradeV1] {
	return list[TradeV1](ctx, s.client, at(ops.TradesV1ListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's v1 trades
// (GET /api/v1/customers/{customer_id}/trades/).
func (s *TradesV1Service) ListForCustomerPage(ctx context.Context, customerID string, params *TradeV1ListParams, opts ...CallOption) (*CursorPage[TradeV1], error) {
	return page[TradeV1](ctx, s.client, at(ops.TradesV1ListForCustomer, customerID), params, opts)
}

// ListForPocket iterates over one account's trades
// (GET /api/v1/jiko-accounts/{account_id}/trades/); account_id is a Pocket
// id. params may be nil; Accounts is refused.
func (s *TradesV1Service) ListForPocket(ctx context.Context, pocketID string, params *TradeV1ListParams, opts ...CallOption) *CursorIter[TradeV1] {
	return list[TradeV1](ctx, s.client, at(ops.TradesV1ListForPocket, pocketID), params.accountOnly(), opts)
}

// ListForPocketPage fetches one page of an account's v1 trades
// (GET /api/v1/jiko-accounts/{account_id}/trades/).
func (s *TradesV1Service) ListForPocketPage(ctx context.Context, pocketID string, params *TradeV1ListParams, opts ...CallOption) (*CursorPage[TradeV1], error) {
	return page[TradeV1](ctx, s.client, at(ops.TradesV1ListForPocket, pocketID), params.accountOnly(), opts)
}

// GetConfirmation returns a link to a trade's confirmation PDF
// (GET /api/v1/jiko-accounts/{account_id}/trades/{trade_id}/confirmation/);
// account_id is a Pocket id. The link lives ten minutes and is sensitive:
// fetch it just in time (StatementsService.Download) and never cache or
// store it. Trades with activity MATURITY have no confirmation; IsNotFound
// reports it, as it does an unknown trade.
func (s *TradesV1Service) GetConfirmation(ctx context.Context, pocketID, tradeID string, opts ...CallOption) (*TradeConfirmation, error) {
	return call[TradeConfirmation](ctx, s.client, at(ops.TradesV1GetConfirmation, pocketID, tradeID), nil, nil, opts)
}
