package jiko

import (
	"context"
	"slices"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// PocketStatus is the state of a Pocket.
type PocketStatus string

// The Pocket statuses of the reference. Values not listed here decode as they
// come.
const (
	PocketStatusPending PocketStatus = "PENDING"
	PocketStatusOpen    PocketStatus = "OPEN"
	PocketStatusFrozen  PocketStatus = "FROZEN"
	PocketStatusClosed  PocketStatus = "CLOSED"
)

// StrategyID names a trading strategy: the maturity of the US T-bills a
// Pocket buys with deposits (deposit strategy) or with matured bills
// (reinvestment strategy). [StrategiesService.List] returns the ones
// available.
type StrategyID string

// The trading strategies of the reference, in its order. UST-1W is listed
// by the reference but may not be offered to every partner:
// [StrategiesService.List] says which are.
const (
	StrategyUST52W StrategyID = "UST-52W"
	StrategyUST26W StrategyID = "UST-26W"
	StrategyUST13W StrategyID = "UST-13W"
	StrategyUST4W  StrategyID = "UST-4W"
	StrategyUST1W  StrategyID = "UST-1W"
)

// ClosureReason explains why a Pocket is closed.
type ClosureReason string

// The closure reasons of the reference.
const (
	ClosureReasonPartnerInstigated  ClosureReason = "PARTNER_INSTIGATED"
	ClosureReasonUserInstigated     ClosureReason = "USER_INSTIGATED"
	ClosureReasonInactivity         ClosureReason = "INACTIVITY"
	ClosureReasonSuspiciousActivity ClosureReason = "SUSPICIOUS_ACTIVITY"
)

// FeeType names a kind of fee.
type FeeType string

// The fee types of the reference (v1.29 Fee schema).
const (
	FeeTypeAUM FeeType = "AUM_FEE"
)

// PocketType is the kind of Pocket. The current reference's Pocket example
// has no type; an earlier build of the reference documents a nullable
// "type" field with no listed values, so it is kept as the API sends it.
type PocketType string

// SecurityType tells fixed-income holdings from other ones.
type SecurityType string

// The security types of the reference.
const (
	SecurityTypeFixedIncome SecurityType = "FIXED_INCOME"
	SecurityTypeOther       SecurityType = "OTHER"
)

// Pocket is a bank account paired with a brokerage account that invests its
// cash in US T-bills of one maturity, as the [PocketsService] methods return
// it. Its ID is also the account_id of the v1 operations (ACH, cards,
// portals).
type Pocket struct {
	// ID identifies the Pocket.
	ID string `json:"id"`
	// PocketName is the name the partner gave it.
	PocketName string `json:"pocket_name"`
	// Portfolio holds the Pocket's cash and securities; nil when the API
	// omits it (see PocketListParams.Omit).
	Portfolio *Portfolio `json:"portfolio,omitzero"`
	// Status is PENDING, OPEN, FROZEN or CLOSED.
	Status PocketStatus `json:"status"`
	// Attributes are flags the API attaches to the Pocket.
	Attributes []string `json:"attributes,omitzero"`
	// DepositStrategyID is the strategy deposits are invested with.
	DepositStrategyID StrategyID `json:"deposit_strategy_id"`
	// ReinvestmentStrategyID is the strategy matured bills are reinvested
	// with; nil when none is set.
	ReinvestmentStrategyID *StrategyID `json:"reinvestment_strategy_id"`
	// Type is the Pocket type, when the API gives one (see PocketType).
	Type *PocketType `json:"type,omitempty"`
	// CustomerID is the owner of the Pocket.
	CustomerID string `json:"customer_id"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type"`
}

// Portfolio is the cash and holdings of a Pocket.
type Portfolio struct {
	// Securities are the T-bills (and any other securities) held.
	Securities []Security `json:"securities"`
	// Cash is the uninvested cash of the brokerage account.
	Cash Money `json:"cash"`
	// AllTimeEarnings is what the Pocket has earned since it opened.
	AllTimeEarnings Money `json:"all_time_earnings"`
	// TotalValue is the value of cash and securities together.
	TotalValue Money `json:"total_value"`
	// Fees are the fees charged to the Pocket, by type.
	Fees []Fee `json:"fees"`
	// LiquidationValueT0 is what a withdrawal could take out today.
	LiquidationValueT0 Money `json:"liquidation_value_t0"`
	// LiquidationValueT1 is what a withdrawal could take out on the next
	// business day.
	LiquidationValueT1 Money `json:"liquidation_value_t1"`
	// PricingTimestamp is when a real-time-yield valuation was priced.
	PricingTimestamp *Timestamp `json:"pricing_timestamp,omitempty"`
	// AppreciationPerSecond is the growth of TotalValue per second for
	// real-time-yield Pockets, in cents, to interpolate between readings.
	AppreciationPerSecond Decimal `json:"appreciation_per_second,omitempty"`
}

// Fee is a fee charged to a Pocket.
type Fee struct {
	// Type is the kind of fee, such as AUM_FEE.
	Type FeeType `json:"type"`
	// Amount is what was charged.
	Amount Money `json:"amount"`
}

// Security is one holding of a [Portfolio], such as a T-bill with its
// maturity date and yield.
type Security struct {
	// Type is FIXED_INCOME or OTHER.
	Type SecurityType `json:"type"`
	// Quantity is the number of securities held.
	Quantity int64 `json:"quantity"`
	// MarketValue is the current market value of the holding.
	MarketValue Money `json:"market_value"`
	// CUSIP identifies the security.
	CUSIP string `json:"cusip"`
	// JikoMarkPrice is Jiko's current price of the security.
	JikoMarkPrice Decimal `json:"jiko_mark_price"`
	// Description describes the security, such as "US T-Bill".
	Description string `json:"description"`
	// MaturityDate is when a fixed-income security matures; zero otherwise.
	MaturityDate Date `json:"maturity_date"`
	// YieldToMaturity is the rate of return if held to maturity.
	YieldToMaturity Decimal `json:"yield_to_maturity"`
}

// PocketListParams filters and pages a list of Pockets
// ([PocketsService.List], [PocketsService.ListForCustomer] and their ...Page
// twins). It is a plain struct: build it in code or decode it from JSON (the
// keys are the API's query parameter names), for example from a partner's
// own list endpoint.
type PocketListParams struct {
	// Omit leaves parts of each Pocket out of the response (omit[]).
	Omit []string `json:"omit[],omitempty" url:"omit[],omitempty"`
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 30; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Status keeps only Pockets in these states (filter[status]); empty
	// means the API's default of PENDING, OPEN and FROZEN.
	Status []PocketStatus `json:"filter[status],omitempty" url:"filter[status],omitempty"`
}

// OmitPortfolio is the value of omit[] that leaves the portfolio out of a
// Pocket, which makes a list faster when balances are not needed.
const OmitPortfolio = "portfolio"

// MaxPocketListLimit is the largest page size of the Pocket lists.
const MaxPocketListLimit = 30

func (p *PocketListParams) validate() error {
	return checkLimit("PocketListParams.Limit", p.Limit, MaxPocketListLimit)
}

// PocketGetParams selects what [PocketsService.GetForCustomer] and
// [PocketsService.Get] return, such as a Pocket without its portfolio
// when only its name and status are needed.
type PocketGetParams struct {
	// Omit leaves parts of the Pocket out of the response (omit[]), such
	// as OmitPortfolio.
	Omit []string `json:"omit[],omitempty" url:"omit[],omitempty"`
}

// PocketCreateRequest is the body of [PocketsService.Create]: the name and
// strategies of a new Pocket for a customer.
type PocketCreateRequest struct {
	// PocketName is the name to show; required.
	PocketName string `json:"pocket_name"`
	// DepositStrategyID is the strategy deposits are invested with; required.
	DepositStrategyID StrategyID `json:"deposit_strategy_id"`
	// ReinvestmentStrategyID is the strategy matured bills are reinvested
	// with; empty leaves the API's choice.
	ReinvestmentStrategyID StrategyID `json:"reinvestment_strategy_id,omitempty"`
}

// MaxPocketNameLength is the longest pocket_name the API accepts, in
// characters.
const MaxPocketNameLength = 100

func (r *PocketCreateRequest) validate() error {
	var strategy error
	if r.DepositStrategyID == "" {
		strategy = invalid("PocketCreateRequest.DepositStrategyID", "is empty")
	}
	return checkAll(checkText("PocketCreateRequest.PocketName", r.PocketName, true, MaxPocketNameLength), strategy)
}

// PocketUpdateRequest is the body of [PocketsService.Update]: it renames a
// Pocket, changes its strategies or closes it. Only the fields that are set
// are sent ([Set]); each can also be set to an explicit null ([Null]).
//
// To close a Pocket set Status to CLOSED (the only status that can be set)
// with a ClosureReason; the API requires the Pocket to be empty and the
// customer to keep another open Pocket. [PocketsService.Close] does this in
// one call.
type PocketUpdateRequest struct {
	// PocketName renames the Pocket.
	PocketName Nullable[string] `json:"pocket_name,omitzero"`
	// Status can only be set to CLOSED.
	Status Nullable[PocketStatus] `json:"status,omitzero"`
	// ClosureReason must accompany Status CLOSED.
	ClosureReason Nullable[ClosureReason] `json:"closure_reason,omitzero"`
	// DepositStrategyID changes how new deposits are invested.
	DepositStrategyID Nullable[StrategyID] `json:"deposit_strategy_id,omitzero"`
	// ReinvestmentStrategyID changes how matured bills are reinvested.
	ReinvestmentStrategyID Nullable[StrategyID] `json:"reinvestment_strategy_id,omitzero"`
}

func (r *PocketUpdateRequest) validate() error {
	if r.PocketName.IsZero() && r.Status.IsZero() && r.ClosureReason.IsZero() &&
		r.DepositStrategyID.IsZero() && r.ReinvestmentStrategyID.IsZero() {
		return invalid("PocketUpdateRequest", "no field is set")
	}
	var errs []error
	if name, ok := r.PocketName.Get(); ok {
		errs = append(errs, checkText("PocketUpdateRequest.PocketName", name, true, MaxPocketNameLength))
	}
	if reason, ok := r.ClosureReason.Get(); ok && !slices.Contains(closureReasonValues, reason) {
		errs = append(errs, invalid("PocketUpdateRequest.ClosureReason", "%q is not one of PARTNER_INSTIGATED, USER_INSTIGATED, INACTIVITY, SUSPICIOUS_ACTIVITY", reason))
	}
	if s, ok := r.Status.Get(); ok {
		if s != PocketStatusClosed {
			errs = append(errs, invalid("PocketUpdateRequest.Status", "%q cannot be set; only CLOSED can", s))
		} else if _, ok := r.ClosureReason.Get(); !ok {
			errs = append(errs, invalid("PocketUpdateRequest.ClosureReason", "is required when Status is CLOSED"))
		}
	}
	return checkAll(errs...)
}

// EarningsPeriod is the window of [PocketsService.GetEarnings].
type EarningsPeriod string

// The earnings periods of the reference.
const (
	EarningsYearToDate  EarningsPeriod = "ytd"
	EarningsMonthToDate EarningsPeriod = "mtd"
	EarningsWeekToDate  EarningsPeriod = "wtd"
	EarningsAllTime     EarningsPeriod = "all-time"
	// EarningsRange needs DateFrom and DateTo (both inclusive).
	EarningsRange EarningsPeriod = "range"
)

// PocketEarningsParams selects the window of [PocketsService.GetEarnings]: a
// named period, or a range of dates with [EarningsRange].
type PocketEarningsParams struct {
	// Period is the window; empty leaves the API's default.
	Period EarningsPeriod `json:"period,omitempty" url:"period,omitempty"`
	// DateFrom starts a range period, inclusive.
	DateFrom Date `json:"date_from,omitzero" url:"date_from,omitempty"`
	// DateTo ends a range period, inclusive.
	DateTo Date `json:"date_to,omitzero" url:"date_to,omitempty"`
}

func (p *PocketEarningsParams) validate() error {
	if p.Period != EarningsRange {
		return nil
	}
	if p.DateFrom.IsZero() || p.DateTo.IsZero() {
		var from, to error
		if p.DateFrom.IsZero() {
			from = invalid("PocketEarningsParams.DateFrom", "is required for the range period")
		}
		if p.DateTo.IsZero() {
			to = invalid("PocketEarningsParams.DateTo", "is required for the range period")
		}
		return checkAll(from, to)
	}
	if p.DateTo.Time(time.UTC).Before(p.DateFrom.Time(time.UTC)) {
		return invalid("PocketEarningsParams.DateTo", "%s is before DateFrom %s", p.DateTo, p.DateFrom)
	}
	return nil
}

// PocketEarnings is what a Pocket earned over a window.
type PocketEarnings struct {
	// Earnings is the amount earned.
	Earnings Money `json:"earnings"`
	// DateFrom starts the window; nil for all-time.
	DateFrom *Date `json:"date_from"`
	// DateTo ends the window.
	DateTo Date `json:"date_to"`
}

// PocketConfiguration is a legacy Pocket configuration (a T-bill maturity),
// as the deprecated [PocketsService.ListConfigurations] returns it; new code
// uses [TradingStrategy].
type PocketConfiguration struct {
	// ID is the configuration, such as "UST-26W".
	ID StrategyID `json:"id"`
	// Description describes it, such as "US T-bills, 26-week, Buy-and-hold".
	Description string `json:"description"`
}

// PocketsService reaches the Pocket operations of the Partner API: opening a
// customer's Pockets, reading their balances and earnings, renaming them,
// changing their strategies and closing them. Reach it as c.Pockets.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/pockets
type PocketsService service

// List iterates over the Pockets of all the partner's customers
// (GET /api/v2/pockets/), following the cursors page by page. params may be
// nil; it is copied, so the caller may reuse it. Errors arrive with the
// iteration; [IsValidation] reports a refused params field.
//
//	for p, err := range c.Pockets.List(ctx, &jiko.PocketListParams{Limit: 30}).All() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.PocketName)
//	}
func (s *PocketsService) List(ctx context.Context, params *PocketListParams, opts ...CallOption) *CursorIter[Pocket] {
	return list[Pocket](ctx, s.client, at(ops.PocketsList), params, opts)
}

// ListPage fetches one page of the Pockets of all the partner's customers
// (GET /api/v2/pockets/). Pass the page's NextPage as params.Cursor for
// the next one. [IsValidation] reports a refused params field.
func (s *PocketsService) ListPage(ctx context.Context, params *PocketListParams, opts ...CallOption) (*CursorPage[Pocket], error) {
	return page[Pocket](ctx, s.client, at(ops.PocketsList), params, opts)
}

// ListForCustomer iterates over one customer's Pockets
// (GET /api/v2/customers/{customer_id}/pockets/). The path is inferred from
// the reference's Update Pocket path; its page is not readable. Errors
// arrive with the iteration: [IsNotFound] reports an unknown customer;
// [IsValidation] a refused params field.
func (s *PocketsService) ListForCustomer(ctx context.Context, customerID string, params *PocketListParams, opts ...CallOption) *CursorIter[Pocket] {
	return list[Pocket](ctx, s.client, at(ops.PocketsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's Pockets
// (GET /api/v2/customers/{customer_id}/pockets/; path inferred, as for
// [PocketsService.ListForCustomer]). [IsNotFound] reports an unknown
// customer; [IsValidation] a refused params field.
func (s *PocketsService) ListForCustomerPage(ctx context.Context, customerID string, params *PocketListParams, opts ...CallOption) (*CursorPage[Pocket], error) {
	return page[Pocket](ctx, s.client, at(ops.PocketsListForCustomer, customerID), params, opts)
}

// Create opens a Pocket for a customer
// (POST /api/v2/customers/{customer_id}/pockets/). The path and body are
// inferred from the reference's Pocket fields and its Update Pocket path.
// Pass [WithIdempotencyKey] with a key derived from your own record
// ([IdempotencyKeyFor]) so that a resend after a crash does not open a
// second Pocket. [IsNotFound] reports an unknown customer; [IsValidation] a
// refused name or strategy; [MayHaveSucceeded] a call to resend with the
// error's key.
func (s *PocketsService) Create(ctx context.Context, customerID string, req *PocketCreateRequest, opts ...CallOption) (*Pocket, error) {
	return call[Pocket](ctx, s.client, at(ops.PocketsCreate, customerID), nil, req, opts)
}

// GetForCustomer reads one of a customer's Pockets with its portfolio
// (GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/). params may be
// nil. [IsNotFound] reports a Pocket that does not exist or belongs to
// another customer.
func (s *PocketsService) GetForCustomer(ctx context.Context, customerID, pocketID string, params *PocketGetParams, opts ...CallOption) (*Pocket, error) {
	return call[Pocket](ctx, s.client, at(ops.PocketsGetForCustomer, customerID, pocketID), params, nil, opts)
}

// Get reads a Pocket by its ID alone (GET /api/v2/pockets/{pocket_id}/),
// for a partner that keeps Pocket ids without their customer. params may be
// nil. [IsNotFound] reports an unknown Pocket.
func (s *PocketsService) Get(ctx context.Context, pocketID string, params *PocketGetParams, opts ...CallOption) (*Pocket, error) {
	return call[Pocket](ctx, s.client, at(ops.PocketsGet, pocketID), params, nil, opts)
}

// Update renames a Pocket, changes its strategies or closes it
// (PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/). Only the
// fields set in req are sent. A Pocket that cannot close (not empty, or the
// customer's last open one) is refused with a 422 whose [Error.Detail] says
// why; [IsValidation] reports it, as it does a refused field. [IsNotFound]
// reports an unknown Pocket.
func (s *PocketsService) Update(ctx context.Context, customerID, pocketID string, req *PocketUpdateRequest, opts ...CallOption) (*Pocket, error) {
	return call[Pocket](ctx, s.client, at(ops.PocketsUpdate, customerID, pocketID), nil, req, opts)
}

// Close closes an empty Pocket
// (PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/ with status
// CLOSED and the reason): [PocketsService.Update] in one call. The customer
// must keep another open Pocket. [IsValidation] reports a Pocket that
// cannot close, with the reason in [Error.Detail]; [IsNotFound] an unknown
// Pocket.
func (s *PocketsService) Close(ctx context.Context, customerID, pocketID string, reason ClosureReason, opts ...CallOption) (*Pocket, error) {
	return s.Update(ctx, customerID, pocketID, &PocketUpdateRequest{
		Status:        Set(PocketStatusClosed),
		ClosureReason: Set(reason),
	}, opts...)
}

// GetEarnings reports what a Pocket earned over a period
// (GET /api/v2/pockets/{pocket_id}/earnings/), for showing a customer the
// yield of their savings. params may be nil. [IsNotFound] reports an unknown
// Pocket; [IsValidation] a range period without both dates.
func (s *PocketsService) GetEarnings(ctx context.Context, pocketID string, params *PocketEarningsParams, opts ...CallOption) (*PocketEarnings, error) {
	return call[PocketEarnings](ctx, s.client, at(ops.PocketsGetEarnings, pocketID), params, nil, opts)
}

// ListConfigurations iterates over the legacy Pocket configurations
// (GET /api/v2/pocket-configurations/). Errors arrive with the iteration.
//
// Deprecated: trading strategies replace Pocket configurations; use
// [StrategiesService.List].
func (s *PocketsService) ListConfigurations(ctx context.Context, opts ...CallOption) *OffsetIter[PocketConfiguration] {
	return offsetList[PocketConfiguration](ctx, s.client, at(ops.PocketsListConfigurations), nil, opts)
}

// ListConfigurationsPage fetches the first page of the legacy Pocket
// configurations (GET /api/v2/pocket-configurations/); the API returns them
// all at once.
//
// Deprecated: trading strategies replace Pocket configurations; use
// [StrategiesService.ListPage].
func (s *PocketsService) ListConfigurationsPage(ctx context.Context, opts ...CallOption) (*OffsetPage[PocketConfiguration], error) {
	return offsetPage[PocketConfiguration](ctx, s.client, at(ops.PocketsListConfigurations), nil, opts)
}
