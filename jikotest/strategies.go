package jikotest

import (
	"net/http"
	"slices"

	"github.com/jiko-go/jiko/internal/ops"
)

// strategies are the trading strategies the server offers.
var strategies = []strategyWire{
	{ID: "UST-4W", Description: "US T-bills, 4-week, Buy-and-hold", YieldToMaturity: "0.0431", DiscountYield: "0.0428",
		ApplicableTo: []string{"DEPOSIT", "REINVESTMENT"}},
	{ID: "UST-13W", Description: "US T-bills, 13-week, Buy-and-hold", YieldToMaturity: "0.0425", DiscountYield: "0.0419",
		ApplicableTo: []string{"DEPOSIT", "REINVESTMENT"}},
	{ID: "UST-26W", Description: "US T-bills, 26-week, Buy-and-hold", YieldToMaturity: "0.0412", DiscountYield: "0.0403",
		ApplicableTo: []string{"DEPOSIT", "REINVESTMENT"}},
	{ID: "UST-52W", Description: "US T-bills, 52-week, Buy-and-hold", YieldToMaturity: "0.0398", DiscountYield: "0.0384",
		ApplicableTo: []string{"DEPOSIT", "REINVESTMENT"}},
}

// createStrategies are the strategy ids a Pocket create or update accepts
// (the reference's CreatePocketConfigurationId enum). UST-1W is accepted
// by the schema though no strategy of that maturity is offered.
var createStrategies = []string{"UST-52W", "UST-26W", "UST-13W", "UST-4W", "UST-1W"}

func knownStrategy(id string) bool { return slices.Contains(createStrategies, id) }

func unknownStrategy(field string) issue {
	return issue{Loc: []any{"body", field}, Msg: "value is not a valid enumeration member; permitted: 'UST-52W', 'UST-26W', 'UST-13W', 'UST-4W', 'UST-1W'", Type: "type_error.enum"}
}

// registerStrategies adds the trading strategies and the legacy Pocket
// configurations.
func registerStrategies(s *Server) {
	s.mount(ops.StrategiesList, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, offsetList(strategies))
	})
	s.mount(ops.PocketsListConfigurations, func(w http.ResponseWriter, r *http.Request) {
		items := make([]configurationWire, len(strategies))
		for i, st := range strategies {
			items[i] = configurationWire{ID: st.ID, Description: st.Description}
		}
		writeJSON(w, http.StatusOK, offsetList(items))
	})
}

func init() { resources = append(resources, registerStrategies) }

// strategyWire is a trading strategy as the API sends it.
type strategyWire struct {
	ID              string   `json:"id"`
	Description     string   `json:"description"`
	YieldToMaturity string   `json:"yield_to_maturity"`
	DiscountYield   string   `json:"discount_yield"`
	ApplicableTo    []string `json:"applicable_to"`
}

// configurationWire is a legacy Pocket configuration.
type configurationWire struct {
	ID          string `json:"id"`
	Description string `json:"description"`
}

// offsetListWire is the API's offset List.
type offsetListWire[T any] struct {
	Offset     int    `json:"offset"`
	Count      int    `json:"count"`
	Items      []T    `json:"items"`
	ObjectType string `json:"object_type"`
}

// offsetList renders a whole list as one offset page.
func offsetList[T any](items []T) offsetListWire[T] {
	if items == nil {
		items = []T{}
	}
	return offsetListWire[T]{Items: items, Count: len(items), ObjectType: "List"}
}
