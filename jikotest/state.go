package jikotest

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// state is the server's data. The server's lock guards it.
type state struct {
	customers map[string]*customer
	pockets   map[string]*pocket
	order     []string // pocket IDs in creation order
	ledger    ledger
	events    eventLog
	// counterparties holds the customers' external accounts and Plaid
	// link tokens (counterparties.go).
	counterparties counterpartyBook
	// portals holds the Pockets' portals (portals.go).
	portals portalBook
	// cards holds cards, card orders and the set_pin key (cards.go).
	cards cardState
	// onboarding holds the individual and business applications.
	onboarding onboarding
	// money holds the transfers and the fees they charge (transfers.go).
	money moneyState
	// subscriptions are the partner's webhooks; delivery sends them events.
	subscriptions subscriptions
	// delivery posts events to the subscriptions and retries them.
	delivery *delivery
	// treasury holds the T-bill books derived from the ledger (treasury.go).
	treasury treasuryState
	// docs holds the documents behind short-lived links (statements.go).
	docs docState
	// reports holds the report requests (reports.go).
	reports reportState
}

type customer struct {
	id string
	// individual or business is the profile Get Customer Data answers,
	// from the approved application; both are nil for a customer added by
	// AddCustomer, which answers a placeholder individual.
	individual *individualCustomerWire
	business   *businessCustomerWire
	// relatedParties are the related party application ids of an approved
	// business.
	relatedParties []string
}

// pocket is a Pocket's own data; its money lives in the ledger.
type pocket struct {
	id                     string
	customerID             string
	name                   string
	status                 string
	depositStrategyID      string
	reinvestmentStrategyID string // "" is null
}

func newState() state {
	return state{customers: map[string]*customer{}, pockets: map[string]*pocket{},
		counterparties: newCounterpartyBook(), portals: newPortalBook(), cards: newCardState(),
		onboarding: newOnboarding(), money: newMoneyState(),
		subscriptions: subscriptions{byID: map[string]*subscription{}}, delivery: newDelivery(),
		treasury: newTreasuryState(), docs: newDocState()}
}

// AddCustomer adds a customer (as an approved application would) and
// returns its ID; an empty id gets a new UUID.
func (s *Server) AddCustomer(id string) string {
	if id == "" {
		id = uuid.NewString()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.customers[id] == nil {
		s.state.customers[id] = &customer{id: id}
	}
	return id
}

// PocketSeed describes a Pocket to add with AddPocket.
type PocketSeed struct {
	// Name is the pocket_name; "Pocket" when empty.
	Name string
	// DepositStrategy is UST-4W when empty.
	DepositStrategy jiko.StrategyID
	// ReinvestmentStrategy may be empty (null).
	ReinvestmentStrategy jiko.StrategyID
	// Status is OPEN when empty.
	Status jiko.PocketStatus
	// Balance is the Pocket's value in cents, booked in its ledger as a
	// settled opening deposit.
	Balance int64
}

// AddPocket adds a Pocket to a customer (adding the customer if needed;
// an empty customerID adds a new one) without counting a side effect, and
// returns it as the API would.
func (s *Server) AddPocket(customerID string, seed PocketSeed) jiko.Pocket {
	customerID = s.AddCustomer(customerID)
	if seed.Name == "" {
		seed.Name = "Pocket"
	}
	if seed.DepositStrategy == "" {
		seed.DepositStrategy = jiko.StrategyUST4W
	}
	if seed.Status == "" {
		seed.Status = jiko.PocketStatusOpen
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.newPocket(customerID, seed.Name, string(seed.DepositStrategy), string(seed.ReinvestmentStrategy))
	p.status = string(seed.Status)
	if seed.Balance != 0 {
		s.state.ledger.post(s.now(), entry{
			PocketID: p.id, Kind: KindAdjustment, Amount: seed.Balance, Status: EntrySettled,
			Description: "Opening balance",
		})
	}
	return toSDK[jiko.Pocket](s.state.pocketWire(p, true))
}

// SetBalance brings a Pocket's value to cents by booking a settled
// adjustment in its ledger, as deposits or withdrawals would.
func (s *Server) SetBalance(pocketID string, cents int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.pockets[pocketID]
	if p == nil {
		return fmt.Errorf("jikotest: no pocket %q", pocketID)
	}
	if diff := cents - s.state.ledger.balance(pocketID).Total; diff != 0 {
		s.state.ledger.post(s.now(), entry{
			PocketID: pocketID, Kind: KindAdjustment, Amount: diff, Status: EntrySettled,
			Description: "Balance adjustment",
		})
	}
	return nil
}

// Pocket returns a Pocket as the API would, and whether it exists.
func (s *Server) Pocket(pocketID string) (jiko.Pocket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.pockets[pocketID]
	if p == nil {
		return jiko.Pocket{}, false
	}
	return toSDK[jiko.Pocket](s.state.pocketWire(p, true)), true
}

// Pockets returns every Pocket, in creation order.
func (s *Server) Pockets() []jiko.Pocket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]jiko.Pocket, 0, len(s.state.order))
	for _, id := range s.state.order {
		out = append(out, toSDK[jiko.Pocket](s.state.pocketWire(s.state.pockets[id], true)))
	}
	return out
}

func (st *state) newPocket(customerID, name, deposit, reinvest string) *pocket {
	p := &pocket{
		id: uuid.NewString(), customerID: customerID, name: name, status: "OPEN",
		depositStrategyID: deposit, reinvestmentStrategyID: reinvest,
	}
	st.pockets[p.id] = p
	st.order = append(st.order, p.id)
	return p
}

// toSDK turns one of the server's wire values into the SDK's type, for the
// accessors that hand state to Go code.
func toSDK[T any](wire any) T {
	var out T
	b, err := json.Marshal(wire)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic("jikotest: " + err.Error())
	}
	return out
}
