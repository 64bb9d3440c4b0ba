package jikotest

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// state is the server's data. The server's lock guards it.
type state struct {
	customers map[string]*customer
	pockets   map[string]*pocket
	order     []string // pocket IDs in creation order
}

type customer struct {
	id string
}

type pocket struct {
	wire    jiko.Pocket
	balance int64 // cents
}

func newState() state {
	return state{customers: map[string]*customer{}, pockets: map[string]*pocket{}}
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
	// ReinvestmentStrategy may be empty.
	ReinvestmentStrategy jiko.StrategyID
	// Status is OPEN when empty.
	Status jiko.PocketStatus
	// Balance is the Pocket's value in cents.
	Balance int64
}

// AddPocket adds a Pocket to a customer (adding the customer if needed)
// without counting a side effect, and returns it as the API would.
func (s *Server) AddPocket(customerID string, seed PocketSeed) jiko.Pocket {
	s.AddCustomer(customerID)
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
	p := s.state.newPocket(customerID, seed.Name, seed.DepositStrategy, seed.ReinvestmentStrategy)
	p.wire.Status = seed.Status
	p.balance = seed.Balance
	return p.view(false)
}

// SetBalance sets a Pocket's value in cents, as deposits or withdrawals
// would.
func (s *Server) SetBalance(pocketID string, cents int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.pockets[pocketID]
	if p == nil {
		return fmt.Errorf("jikotest: no pocket %q", pocketID)
	}
	p.balance = cents
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
	return p.view(false), true
}

// Pockets returns every Pocket, in creation order.
func (s *Server) Pockets() []jiko.Pocket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]jiko.Pocket, 0, len(s.state.order))
	for _, id := range s.state.order {
		out = append(out, s.state.pockets[id].view(false))
	}
	return out
}

func (st *state) newPocket(customerID, name string, deposit, reinvest jiko.StrategyID) *pocket {
	p := &pocket{wire: jiko.Pocket{
		ID:                     uuid.NewString(),
		PocketName:             name,
		Status:                 jiko.PocketStatusOpen,
		Attributes:             nil,
		DepositStrategyID:      deposit,
		ReinvestmentStrategyID: reinvest,
		CustomerID:             customerID,
		ObjectType:             "CustomerPocket",
	}}
	st.pockets[p.wire.ID] = p
	st.order = append(st.order, p.wire.ID)
	return p
}

// view renders the Pocket with its portfolio valued at its balance.
func (p *pocket) view(omitPortfolio bool) jiko.Pocket {
	out := p.wire
	if omitPortfolio {
		return out
	}
	value := money(p.balance)
	out.Portfolio = &jiko.Portfolio{
		Securities:         []jiko.Security{},
		Cash:               value,
		AllTimeEarnings:    money(0),
		TotalValue:         value,
		Fees:               money(0),
		LiquidationValueT0: value,
		LiquidationValueT1: value,
	}
	return out
}

func money(cents int64) jiko.Money {
	m := jiko.USD(cents)
	m.Formatted = m.String()
	return m
}
