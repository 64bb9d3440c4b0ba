package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// StrategyUse says what a trading strategy may serve for: a Pocket's
// deposit strategy, its reinvestment strategy, or both.
type StrategyUse string

// The strategy uses of the reference.
const (
	StrategyUseDeposit      StrategyUse = "DEPOSIT"
	StrategyUseReinvestment StrategyUse = "REINVESTMENT"
)

// TradingStrategy is a way a Pocket invests: the T-bill maturity it buys,
// with its current yields, as [StrategiesService.List] returns it. A partner
// shows these to a customer choosing how a Pocket invests, and passes the
// chosen ID in [PocketCreateRequest] or [PocketUpdateRequest].
type TradingStrategy struct {
	// ID names the strategy, such as UST-4W.
	ID StrategyID `json:"id"`
	// Description describes it.
	Description string `json:"description"`
	// YieldToMaturity is the current yield of the strategy's bills.
	YieldToMaturity Decimal `json:"yield_to_maturity"`
	// DiscountYield is the current discount yield of the strategy's bills.
	DiscountYield Decimal `json:"discount_yield"`
	// ApplicableTo lists whether it can be a deposit strategy, a
	// reinvestment strategy, or both.
	ApplicableTo []StrategyUse `json:"applicable_to"`
}

// StrategiesService reaches the Trading Strategies operations: which
// strategies a Pocket can use, and what they yield today. Reach it as
// c.Strategies.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/trading-strategies
type StrategiesService service

// List iterates over the trading strategies a Pocket can use
// (GET /api/v2/trading-strategies/). Errors arrive with the iteration; none
// is specific to this operation.
func (s *StrategiesService) List(ctx context.Context, opts ...CallOption) *OffsetIter[TradingStrategy] {
	return offsetList[TradingStrategy](ctx, s.client, at(ops.StrategiesList), nil, opts)
}

// ListPage fetches the first page of trading strategies
// (GET /api/v2/trading-strategies/); the API returns them all at once. No
// error is specific to this operation.
func (s *StrategiesService) ListPage(ctx context.Context, opts ...CallOption) (*OffsetPage[TradingStrategy], error) {
	return offsetPage[TradingStrategy](ctx, s.client, at(ops.StrategiesList), nil, opts)
}
