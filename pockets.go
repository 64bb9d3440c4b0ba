package jiko

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
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
// (reinvestment strategy). Strategies.List returns the ones available.
type StrategyID string

// The trading strategies named in the reference.
const (
	StrategyUST4W  StrategyID = "UST-4W"
	StrategyUST13W StrategyID = "UST-13W"
	StrategyUST26W StrategyID = "UST-26W"
	StrategyUST52W StrategyID = "UST-52W"
)

// ClosureReason explains why a Pocket is closed. The reference types it
// loosely and lists no values, so any text the API accepts can be given.
type ClosureReason string

// PocketType is the kind of Pocket (the reference leaves it open; real-time
// yield Pockets are one kind). It is empty when the API gives none.
type PocketType string

// SecurityType tells fixed-income holdings from other ones.
type SecurityType string

// The security types of the reference.
const (
	SecurityTypeFixedIncome SecurityType = "FIXED_INCOME"
	SecurityTypeOther       SecurityType = "OTHER"
)

// Pocket is a bank account paired with a brokerage account that invests its
// cash in US T-bills of one maturity.
type Pocket struct {
	// ID identifies the Pocket.
	ID string `json:"id"`
	// PocketName is the name the partner gave it.
	PocketName string `json:"pocket_name"`
	// Portfolio holds the Pocket's cash and securities; nil when the API
	// omits it (see PocketListParams.Omit).
	Portfolio *Portfolio `json:"portfolio"`
	// Status is PENDING, OPEN, FROZEN or CLOSED.
	Status PocketStatus `json:"status"`
	// Attributes are the Pocket's attributes as the API sends them; the
	// reference does not describe their items.
	Attributes []json.RawMessage `json:"attributes,omitempty"`
	// DepositStrategyID is the strategy deposits are invested with.
	DepositStrategyID StrategyID `json:"deposit_strategy_id"`
	// ReinvestmentStrategyID is the strategy matured bills are reinvested
	// with; empty when the API gives null.
	ReinvestmentStrategyID StrategyID `json:"reinvestment_strategy_id"`
	// Type is the Pocket type; empty when the API gives null.
	Type PocketType `json:"type"`
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
	// Fees are the fees charged to the Pocket.
	Fees Money `json:"fees"`
	// LiquidationValueT0 is what a withdrawal could take out today.
	LiquidationValueT0 Money `json:"liquidation_value_t0"`
	// LiquidationValueT1 is what a withdrawal could take out on the next
	// business day.
	LiquidationValueT1 Money `json:"liquidation_value_t1"`
	// PricingTimestamp is when a real-time-yield valuation was priced.
	PricingTimestamp *time.Time `json:"pricing_timestamp,omitempty"`
	// AppreciationPerSecond is the growth of TotalValue per second for
	// real-time-yield Pockets, in cents, to interpolate between readings.
	AppreciationPerSecond Decimal `json:"appreciation_per_second,omitempty"`
}

// Security is one holding of a Portfolio.
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

// PocketListParams filters and pages a list of Pockets. It is a plain
// struct: build it in code or decode it from JSON (the keys are the API's
// query parameter names).
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
	// ValuationType selects how portfolios are valued (valuation_type).
	ValuationType string `json:"valuation_type,omitempty" url:"valuation_type,omitempty"`
}

// MaxPocketListLimit is the largest page size of the Pocket lists.
const MaxPocketListLimit = 30

func (p *PocketListParams) validate() error {
	if p != nil && (p.Limit < 0 || p.Limit > MaxPocketListLimit) {
		return fmt.Errorf("jiko: PocketListParams.Limit: %d is out of range 0..%d", p.Limit, MaxPocketListLimit)
	}
	return nil
}

// PocketGetParams selects what GetByID returns.
type PocketGetParams struct {
	// Omit leaves parts of the Pocket out of the response (omit[]).
	Omit []string `json:"omit[],omitempty" url:"omit[],omitempty"`
	// ValuationType selects how the portfolio is valued (valuation_type).
	ValuationType string `json:"valuation_type,omitempty" url:"valuation_type,omitempty"`
}

// PocketCreateRequest opens a new Pocket for a customer.
type PocketCreateRequest struct {
	// PocketName is the name to show; required.
	PocketName string `json:"pocket_name"`
	// DepositStrategyID is the strategy deposits are invested with; required.
	DepositStrategyID StrategyID `json:"deposit_strategy_id"`
	// ReinvestmentStrategyID is the strategy matured bills are reinvested
	// with; empty leaves the API's choice.
	ReinvestmentStrategyID StrategyID `json:"reinvestment_strategy_id,omitempty"`
}

func (r *PocketCreateRequest) validate() error {
	switch {
	case r == nil:
		return errors.New("jiko: PocketCreateRequest is nil")
	case r.PocketName == "":
		return errors.New("jiko: PocketCreateRequest.PocketName is empty")
	case r.DepositStrategyID == "":
		return errors.New("jiko: PocketCreateRequest.DepositStrategyID is empty")
	}
	return nil
}

// PocketUpdateRequest changes a Pocket. Only the fields that are set are
// sent; each can also be set to an explicit null with jiko.Null.
//
// To close a Pocket set Status to CLOSED (the only status that can be set)
// with a ClosureReason; the API requires the Pocket to be empty and the
// customer to keep another open Pocket. Close does this in one call.
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
	if r == nil {
		return errors.New("jiko: PocketUpdateRequest is nil")
	}
	if r.PocketName.IsZero() && r.Status.IsZero() && r.ClosureReason.IsZero() &&
		r.DepositStrategyID.IsZero() && r.ReinvestmentStrategyID.IsZero() {
		return errors.New("jiko: PocketUpdateRequest: no field is set")
	}
	if s, ok := r.Status.Get(); ok {
		if s != PocketStatusClosed {
			return fmt.Errorf("jiko: PocketUpdateRequest.Status: %q cannot be set; only CLOSED can", s)
		}
		if reason, ok := r.ClosureReason.Get(); !ok || reason == "" {
			return errors.New("jiko: PocketUpdateRequest.ClosureReason is required when Status is CLOSED")
		}
	}
	return nil
}

// EarningsPeriod is the window of PocketsService.Earnings.
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

// PocketEarningsParams selects the window of PocketsService.Earnings.
type PocketEarningsParams struct {
	// Period is the window; empty leaves the API's default.
	Period EarningsPeriod `json:"period,omitempty" url:"period,omitempty"`
	// DateFrom and DateTo bound a range period, inclusive.
	DateFrom Date `json:"date_from,omitzero" url:"date_from,omitempty"`
	DateTo   Date `json:"date_to,omitzero" url:"date_to,omitempty"`
}

func (p *PocketEarningsParams) validate() error {
	if p == nil || p.Period != EarningsRange {
		return nil
	}
	if p.DateFrom.IsZero() || p.DateTo.IsZero() {
		return errors.New("jiko: PocketEarningsParams: DateFrom and DateTo are required for the range period")
	}
	if p.DateTo.Time(time.UTC).Before(p.DateFrom.Time(time.UTC)) {
		return fmt.Errorf("jiko: PocketEarningsParams: DateTo %s is before DateFrom %s", p.DateTo, p.DateFrom)
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

// PocketConfiguration is a legacy Pocket configuration (a T-bill maturity).
type PocketConfiguration struct {
	// ID is the configuration, such as "UST-26W".
	ID StrategyID `json:"id"`
	// Description describes it, such as "US T-bills, 26-week, Buy-and-hold".
	Description string `json:"description"`
}

// PocketsService reaches the Pocket operations of the Partner API.
type PocketsService service

// List iterates over the Pockets of all the partner's customers
// (GET /api/v2/pockets/), following the cursors page by page. params may be
// nil; it is copied, so the caller may reuse it.
//
//	for p, err := range c.Pockets.List(ctx, &jiko.PocketListParams{Limit: 30}).All() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.PocketName)
//	}
func (s *PocketsService) List(ctx context.Context, params *PocketListParams, opts ...RequestOption) *CursorIter[Pocket] {
	return s.listIter(ctx, "/api/v2/pockets/", params, opts)
}

// ListPage fetches one page of the Pockets of all the partner's customers
// (GET /api/v2/pockets/). Pass the page's NextPage as params.Cursor for
// the next one.
func (s *PocketsService) ListPage(ctx context.Context, params *PocketListParams, opts ...RequestOption) (*CursorPage[Pocket], error) {
	return s.listPage(ctx, "/api/v2/pockets/", params, opts)
}

// ListForCustomer iterates over one customer's Pockets
// (GET /api/v2/customers/{customer_id}/pockets/).
func (s *PocketsService) ListForCustomer(ctx context.Context, customerID string, params *PocketListParams, opts ...RequestOption) *CursorIter[Pocket] {
	path, err := customerPocketsPath(customerID)
	if err != nil {
		return newCursorIter(ctx, "", func(context.Context, string, bool) (*CursorPage[Pocket], error) { return nil, err })
	}
	return s.listIter(ctx, path, params, opts)
}

// ListForCustomerPage fetches one page of a customer's Pockets
// (GET /api/v2/customers/{customer_id}/pockets/).
func (s *PocketsService) ListForCustomerPage(ctx context.Context, customerID string, params *PocketListParams, opts ...RequestOption) (*CursorPage[Pocket], error) {
	path, err := customerPocketsPath(customerID)
	if err != nil {
		return nil, err
	}
	return s.listPage(ctx, path, params, opts)
}

func (s *PocketsService) listIter(ctx context.Context, path string, params *PocketListParams, opts []RequestOption) *CursorIter[Pocket] {
	var p PocketListParams
	if params != nil {
		p = *params
		p.Omit = append([]string(nil), params.Omit...)
		p.Status = append([]PocketStatus(nil), params.Status...)
	}
	return newCursorIter(ctx, p.Cursor, func(ctx context.Context, cursor string, first bool) (*CursorPage[Pocket], error) {
		page := p
		page.Cursor = cursor
		return s.listPage(ctx, path, &page, pageOpts(opts, first))
	})
}

func (s *PocketsService) listPage(ctx context.Context, path string, params *PocketListParams, opts []RequestOption) (*CursorPage[Pocket], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	page := new(CursorPage[Pocket])
	if err := s.client.do(ctx, request{method: "GET", path: path, params: params}, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// pageOpts gives every page after the first an idempotency key of its own.
func pageOpts(opts []RequestOption, first bool) []RequestOption {
	if first {
		return opts
	}
	return append(opts[:len(opts):len(opts)], freshIdempotencyKey())
}

// Create opens a Pocket for a customer
// (POST /api/v2/customers/{customer_id}/pockets/).
func (s *PocketsService) Create(ctx context.Context, customerID string, req *PocketCreateRequest, opts ...RequestOption) (*Pocket, error) {
	path, err := customerPocketsPath(customerID)
	if err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return s.pocket(ctx, request{method: "POST", path: path, body: req}, opts)
}

// Get reads one of a customer's Pockets with its portfolio
// (GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/).
func (s *PocketsService) Get(ctx context.Context, customerID, pocketID string, opts ...RequestOption) (*Pocket, error) {
	path, err := customerPocketPath(customerID, pocketID)
	if err != nil {
		return nil, err
	}
	return s.pocket(ctx, request{method: "GET", path: path}, opts)
}

// GetByID reads a Pocket by its ID alone (GET /api/v2/pockets/{pocket_id}/).
// params may be nil.
func (s *PocketsService) GetByID(ctx context.Context, pocketID string, params *PocketGetParams, opts ...RequestOption) (*Pocket, error) {
	path, err := pathf("/api/v2/pockets/%s/", []string{"pocketID"}, pocketID)
	if err != nil {
		return nil, err
	}
	return s.pocket(ctx, request{method: "GET", path: path, params: params}, opts)
}

// Update renames a Pocket, changes its strategies or closes it
// (PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/). Only the
// fields set in req are sent.
func (s *PocketsService) Update(ctx context.Context, customerID, pocketID string, req *PocketUpdateRequest, opts ...RequestOption) (*Pocket, error) {
	path, err := customerPocketPath(customerID, pocketID)
	if err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return s.pocket(ctx, request{method: "PATCH", path: path, body: req}, opts)
}

// Close closes an empty Pocket: Update with Status CLOSED and the reason.
func (s *PocketsService) Close(ctx context.Context, customerID, pocketID string, reason ClosureReason, opts ...RequestOption) (*Pocket, error) {
	return s.Update(ctx, customerID, pocketID, &PocketUpdateRequest{
		Status:        Set(PocketStatusClosed),
		ClosureReason: Set(reason),
	}, opts...)
}

// Earnings reports what a Pocket earned over a period
// (GET /api/v2/pockets/{pocket_id}/earnings/). params may be nil.
func (s *PocketsService) Earnings(ctx context.Context, pocketID string, params *PocketEarningsParams, opts ...RequestOption) (*PocketEarnings, error) {
	path, err := pathf("/api/v2/pockets/%s/earnings/", []string{"pocketID"}, pocketID)
	if err != nil {
		return nil, err
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	out := new(PocketEarnings)
	if err := s.client.do(ctx, request{method: "GET", path: path, params: params}, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// ListConfigurations iterates over the legacy Pocket configurations
// (GET /api/v2/pocket-configurations/).
//
// Deprecated: trading strategies replace Pocket configurations; use
// Client.Strategies.List.
func (s *PocketsService) ListConfigurations(ctx context.Context, opts ...RequestOption) *OffsetIter[PocketConfiguration] {
	return offsetList[PocketConfiguration](ctx, s.client, "/api/v2/pocket-configurations/", opts)
}

func (s *PocketsService) pocket(ctx context.Context, r request, opts []RequestOption) (*Pocket, error) {
	p := new(Pocket)
	if err := s.client.do(ctx, r, p, opts); err != nil {
		return nil, err
	}
	return p, nil
}

func customerPocketsPath(customerID string) (string, error) {
	return pathf("/api/v2/customers/%s/pockets/", []string{"customerID"}, customerID)
}

func customerPocketPath(customerID, pocketID string) (string, error) {
	return pathf("/api/v2/customers/%s/pockets/%s/", []string{"customerID", "pocketID"}, customerID, pocketID)
}

// offsetList iterates over an offset-paginated list, sending offset from
// the second page on.
func offsetList[T any](ctx context.Context, c *Client, path string, opts []RequestOption) *OffsetIter[T] {
	return newOffsetIter(ctx, 0, func(ctx context.Context, offset int, first bool) (*OffsetPage[T], error) {
		var q url.Values
		if offset > 0 {
			q = url.Values{"offset": {strconv.Itoa(offset)}}
		}
		page := new(OffsetPage[T])
		if err := c.do(ctx, request{method: "GET", path: path, params: q}, page, pageOpts(opts, first)); err != nil {
			return nil, err
		}
		return page, nil
	})
}
