package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// AccountStatus is the state of a v1 account.
type AccountStatus string

// The account statuses of the reference (v1.29 AccountStatus).
const (
	AccountStatusOpen   AccountStatus = "OPEN"
	AccountStatusClosed AccountStatus = "CLOSED"
	AccountStatusFrozen AccountStatus = "FROZEN"
)

// Account is a Pocket as the deprecated v1 Accounts operations show it
// (object_type Account): a bank account and a brokerage account treated as
// one.
type Account struct {
	// ID identifies the account; it is the Pocket's id.
	ID string `json:"id"`
	// Name is the account's name.
	Name string `json:"name"`
	// TotalValue is the current value of cash and securities.
	TotalValue Money `json:"total_value"`
	// Status is OPEN, CLOSED or FROZEN.
	Status AccountStatus `json:"status"`
	// Portfolio holds the cash and securities.
	Portfolio AccountPortfolio `json:"portfolio"`
	// ObjectType is "Account".
	ObjectType string `json:"object_type,omitempty"`
}

// AccountPortfolio is the cash and holdings of a v1 account.
type AccountPortfolio struct {
	// Securities are the securities the brokerage account holds.
	Securities []AccountSecurity `json:"securities"`
	// Cash is the cash in the brokerage account.
	Cash Money `json:"cash"`
	// AllTimeEarnings is what the account has earned since it opened.
	AllTimeEarnings Money `json:"all_time_earnings"`
}

// AccountSecurity is one holding of a v1 account.
type AccountSecurity struct {
	// Description describes the security, such as "US T-Bill".
	Description string `json:"description"`
	// TradableID is Jiko's id of the security.
	TradableID string `json:"tradable_id"`
	// SecurityType is FIXED_INCOME or OTHER.
	SecurityType SecurityType `json:"security_type"`
	// Quantity is the number of securities held.
	Quantity int64 `json:"quantity"`
	// MarketValue is the holding's current market value.
	MarketValue Money `json:"market_value"`
	// ExternalID is the security's public id, its CUSIP for a T-bill.
	ExternalID string `json:"external_id"`
	// MaturityDate is when the security matures.
	MaturityDate Date `json:"maturity_date"`
	// YieldToMaturity is the rate of return if held to maturity.
	YieldToMaturity Decimal `json:"yield_to_maturity"`
	// Ask is the price the account would sell at, per 100 of face value.
	Ask Decimal `json:"ask"`
	// Bid is the price the market would pay, per 100 of face value.
	Bid Decimal `json:"bid"`
}

// AccountListParams pages the accounts of a customer.
type AccountListParams struct {
	// Offset is the position of the first account to return; iterators
	// set it.
	Offset int `json:"offset,omitempty" url:"offset,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default (100).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

// MaxAccountListLimit is the largest page size of the account list.
const MaxAccountListLimit = 100

func (p *AccountListParams) validate() error {
	var offset error
	if p.Offset < 0 {
		offset = invalid("AccountListParams.Offset", "%d is negative", p.Offset)
	}
	return checkAll(offset, checkLimit("AccountListParams.Limit", p.Limit, MaxAccountListLimit))
}

// AccountsService reaches the deprecated v1 Accounts operations
// (https://docs.jiko.io/products/partner-api/reference/accounts). Accounts
// are Pockets under their former name.
type AccountsService service

// ListForCustomer iterates over a customer's accounts
// (GET /api/v1/customers/{customer_id}/jiko-accounts/), following the
// offsets page by page. params may be nil. IsNotFound reports an unknown
// customer.
//
// Deprecated: use [PocketsService.ListForCustomer].
func (s *AccountsService) ListForCustomer(ctx context.Context, customerID string, params *AccountListParams, opts ...CallOption) *OffsetIter[Account] {
	return offsetList[Account](ctx, s.client, at(ops.AccountsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's accounts
// (GET /api/v1/customers/{customer_id}/jiko-accounts/).
//
// Deprecated: use [PocketsService.ListForCustomerPage].
func (s *AccountsService) ListForCustomerPage(ctx context.Context, customerID string, params *AccountListParams, opts ...CallOption) (*OffsetPage[Account], error) {
	return offsetPage[Account](ctx, s.client, at(ops.AccountsListForCustomer, customerID), params, opts)
}

// Get reads an account (GET /api/v1/jiko-accounts/{account_id}/);
// account_id is a Pocket id. IsNotFound reports an unknown account.
//
// Deprecated: use [PocketsService.Get].
func (s *AccountsService) Get(ctx context.Context, pocketID string, opts ...CallOption) (*Account, error) {
	return call[Account](ctx, s.client, at(ops.AccountsGet, pocketID), nil, nil, opts)
}
