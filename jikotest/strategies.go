package jikotest

import (
	"net/http"
	"slices"

	"github.com/jiko-go/jiko"
)

// strategies are the trading strategies the server offers.
var strategies = []jiko.TradingStrategy{
	{ID: jiko.StrategyUST4W, Description: "US T-bills, 4-week, Buy-and-hold", YieldToMaturity: "0.0431", DiscountYield: "0.0428",
		ApplicableTo: []jiko.StrategyUse{jiko.StrategyUseDeposit, jiko.StrategyUseReinvestment}},
	{ID: jiko.StrategyUST13W, Description: "US T-bills, 13-week, Buy-and-hold", YieldToMaturity: "0.0425", DiscountYield: "0.0419",
		ApplicableTo: []jiko.StrategyUse{jiko.StrategyUseDeposit, jiko.StrategyUseReinvestment}},
	{ID: jiko.StrategyUST26W, Description: "US T-bills, 26-week, Buy-and-hold", YieldToMaturity: "0.0412", DiscountYield: "0.0403",
		ApplicableTo: []jiko.StrategyUse{jiko.StrategyUseDeposit, jiko.StrategyUseReinvestment}},
	{ID: jiko.StrategyUST52W, Description: "US T-bills, 52-week, Buy-and-hold", YieldToMaturity: "0.0398", DiscountYield: "0.0384",
		ApplicableTo: []jiko.StrategyUse{jiko.StrategyUseDeposit, jiko.StrategyUseReinvestment}},
}

func knownStrategy(id string) bool {
	return slices.ContainsFunc(strategies, func(s jiko.TradingStrategy) bool { return string(s.ID) == id })
}

func unknownStrategy(field string) issue {
	return issue{Loc: []any{"body", field}, Msg: "unknown trading strategy", Type: "value_error"}
}

// registerStrategies adds the trading strategies and the legacy Pocket
// configurations.
func registerStrategies(s *Server, mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v2/trading-strategies/{$}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, jiko.OffsetPage[jiko.TradingStrategy]{Items: strategies, Count: len(strategies), ObjectType: "List"})
	})
	mux.HandleFunc("GET /api/v2/pocket-configurations/{$}", func(w http.ResponseWriter, r *http.Request) {
		items := make([]jiko.PocketConfiguration, len(strategies))
		for i, st := range strategies {
			items[i] = jiko.PocketConfiguration{ID: st.ID, Description: st.Description}
		}
		writeJSON(w, http.StatusOK, jiko.OffsetPage[jiko.PocketConfiguration]{Items: items, Count: len(items), ObjectType: "List"})
	})
}
