package jiko

import "context"

// StrategyUse says what a trading strategy may serve for.
type StrategyUse string

// The strategy uses of the reference.
const (
	StrategyUseDeposit      StrategyUse = "DEPOSIT"
	StrategyUseReinvestment StrategyUse = "REINVESTMENT"
)

// TradingStrategy is a way a Pocket invests: the T-bill maturity it buys.
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

// StrategiesService reaches the Trading Strategies operations.
type StrategiesService service

// List iterates over the trading strategies a Pocket can use
// (GET /api/v2/trading-strategies/).
func (s *StrategiesService) List(ctx context.Context, opts ...Option) *OffsetIter[TradingStrategy] {
	return offsetList[TradingStrategy](ctx, s.client, at("/api/v2/trading-strategies/"), nil, opts)
}
