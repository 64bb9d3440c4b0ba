package jikotest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// Fixtures is a declarative description of test data, the format of
// "jiko serve --fixtures": customers, each with Pockets (their balances
// and cards) and counterparties. Every object may carry a ref, a name of
// your own that [Server.LoadFixtures] maps to the id it was given, so that
// a test suite finds its objects without knowing their ids in advance.
//
//	{"customers": [{"ref": "alice",
//	  "pockets": [{"ref": "alice-everyday", "name": "Everyday", "balance": 125000,
//	               "cards": [{"ref": "alice-card", "type": "VIRTUAL"}]}],
//	  "counterparties": [{"ref": "alice-bank", "type": "ach", "verified": true}]}]}
type Fixtures struct {
	// Customers are the customers to add, in order.
	Customers []FixtureCustomer `json:"customers"`
}

// FixtureCustomer is a customer of a fixtures file.
type FixtureCustomer struct {
	// Ref names the customer in the file and in LoadFixtures' answer.
	Ref string `json:"ref,omitempty"`
	// ID is the customer's id, a UUID; a new one when empty.
	ID string `json:"id,omitempty"`
	// Pockets are the customer's Pockets.
	Pockets []FixturePocket `json:"pockets,omitempty"`
	// Counterparties are the customer's bank accounts and other
	// destinations.
	Counterparties []FixtureCounterparty `json:"counterparties,omitempty"`
}

// FixturePocket is a Pocket of a fixtures file ([PocketSeed]).
type FixturePocket struct {
	// Ref names the Pocket.
	Ref string `json:"ref,omitempty"`
	// Name is the pocket_name; "Pocket" when empty.
	Name string `json:"name,omitempty"`
	// Balance is the Pocket's value in cents, a settled opening deposit.
	Balance int64 `json:"balance,omitempty"`
	// DepositStrategyID is UST-4W when empty.
	DepositStrategyID string `json:"deposit_strategy_id,omitempty"`
	// ReinvestmentStrategyID may be empty (null).
	ReinvestmentStrategyID string `json:"reinvestment_strategy_id,omitempty"`
	// Status is OPEN when empty; PENDING, FROZEN and CLOSED are accepted.
	Status string `json:"status,omitempty"`
	// Cards are the Pocket's cards.
	Cards []FixtureCard `json:"cards,omitempty"`
}

// FixtureCounterparty is a counterparty of a fixtures file
// ([CounterpartySeed]).
type FixtureCounterparty struct {
	// Ref names the counterparty.
	Ref string `json:"ref,omitempty"`
	// Type is ach (the default), wire, international_wire, on_us or
	// crypto_wallet_address.
	Type string `json:"type,omitempty"`
	// Verified adds it verified (LINKED) rather than PENDING.
	Verified bool `json:"verified,omitempty"`
	// Pocket is the ref of the Pocket an on_us counterparty reaches, any
	// customer's in the file; required for that type.
	Pocket string `json:"pocket,omitempty"`
}

// FixtureCard is a card of a fixtures file ([CardSeed]).
type FixtureCard struct {
	// Ref names the card.
	Ref string `json:"ref,omitempty"`
	// Type is VIRTUAL (the default) or PHYSICAL.
	Type string `json:"type,omitempty"`
	// Status is OPEN for a virtual card and NOT_ACTIVATED for a physical
	// one when empty; LOCKED, FROZEN and CLOSED are accepted too.
	Status string `json:"status,omitempty"`
}

var cardTypes = []string{"VIRTUAL", "PHYSICAL"}

// ParseFixtures reads a fixtures file (JSON) and checks it, without
// changing any server: unknown members, a value of the wrong type, a bad
// id, enum value or amount, a repeated ref and an on_us counterparty whose
// Pocket is not in the file are refused with an error naming the field,
// such as "customers[0].pockets[1].balance".
func ParseFixtures(data []byte) (*Fixtures, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixtures
	if err := dec.Decode(&f); err != nil {
		// The line where decoding stopped: encoding/json names an unknown
		// member without its path, and a mistyped one without its indices.
		line := 1 + bytes.Count(data[:min(dec.InputOffset(), int64(len(data)))], []byte("\n"))
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, fmt.Errorf("fixtures: line %d: %s: want %s, got %s", line, te.Field, te.Type, te.Value)
		}
		return nil, fmt.Errorf("fixtures: line %d: %w", line, err)
	}
	if dec.More() {
		return nil, errors.New("fixtures: more than one JSON value")
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return &f, nil
}

// check reports every problem of f, each naming its field.
func (f *Fixtures) check() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("fixtures: %s: %s", field, fmt.Sprintf(format, args...)))
	}
	refs := map[string]string{} // ref → the field that named it first
	pockets := map[string]bool{}
	ref := func(field, r string) {
		if r == "" {
			return
		}
		if first, ok := refs[r]; ok {
			bad(field+".ref", "%q is already the ref of %s", r, first)
			return
		}
		refs[r] = field
	}
	oneOf := func(field, v string, allowed []string) {
		if v != "" && !slices.Contains(allowed, v) {
			bad(field, "%q is not one of %s", v, strings.Join(allowed, ", "))
		}
	}
	for i, c := range f.Customers {
		cf := fmt.Sprintf("customers[%d]", i)
		ref(cf, c.Ref)
		if c.ID != "" && uuid.Validate(c.ID) != nil {
			bad(cf+".id", "%q is not a UUID", c.ID)
		}
		for j, p := range c.Pockets {
			pf := fmt.Sprintf("%s.pockets[%d]", cf, j)
			ref(pf, p.Ref)
			if p.Ref != "" {
				pockets[p.Ref] = true
			}
			if p.Balance < 0 {
				bad(pf+".balance", "%d is negative (cents)", p.Balance)
			}
			oneOf(pf+".deposit_strategy_id", p.DepositStrategyID, createStrategies)
			oneOf(pf+".reinvestment_strategy_id", p.ReinvestmentStrategyID, createStrategies)
			oneOf(pf+".status", p.Status, pocketStatuses)
			for k, card := range p.Cards {
				kf := fmt.Sprintf("%s.cards[%d]", pf, k)
				ref(kf, card.Ref)
				oneOf(kf+".type", card.Type, cardTypes)
				oneOf(kf+".status", card.Status, cardStatuses)
			}
		}
		for j, cp := range c.Counterparties {
			pf := fmt.Sprintf("%s.counterparties[%d]", cf, j)
			ref(pf, cp.Ref)
			oneOf(pf+".type", cp.Type, counterpartyKinds)
			if cp.Type != cpOnUs && cp.Pocket != "" {
				bad(pf+".pocket", "only an on_us counterparty reaches a Pocket")
			}
		}
	}
	// A second pass: an on_us counterparty may name a Pocket that comes
	// later in the file.
	for i, c := range f.Customers {
		for j, cp := range c.Counterparties {
			pf := fmt.Sprintf("customers[%d].counterparties[%d].pocket", i, j)
			switch {
			case cp.Type != cpOnUs:
			case cp.Pocket == "":
				bad(pf, "required for an on_us counterparty: the ref of a Pocket in the file")
			case !pockets[cp.Pocket]:
				bad(pf, "no Pocket has the ref %q", cp.Pocket)
			}
		}
	}
	return errors.Join(errs...)
}

// LoadFixtures checks a fixtures file ([ParseFixtures]) and adds what it
// describes through the server's own setup methods ([Server.AddCustomer],
// [Server.AddPocket], [Server.AddCard], [Server.AddCounterparty]), in the
// file's order, counting no side effect. It returns the id of each object
// that has a ref, by ref. A file that does not check changes nothing.
func (s *Server) LoadFixtures(data []byte) (map[string]string, error) {
	f, err := ParseFixtures(data)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	name := func(ref, id string) {
		if ref != "" {
			ids[ref] = id
		}
	}
	cids := make([]string, len(f.Customers))
	for i, c := range f.Customers {
		cid := s.AddCustomer(c.ID)
		cids[i] = cid
		name(c.Ref, cid)
		for _, p := range c.Pockets {
			pocket := s.AddPocket(cid, PocketSeed{Name: p.Name, Balance: p.Balance, DepositStrategy: jiko.StrategyID(p.DepositStrategyID),
				ReinvestmentStrategy: jiko.StrategyID(p.ReinvestmentStrategyID), Status: jiko.PocketStatus(p.Status)})
			name(p.Ref, pocket.ID)
			for _, card := range p.Cards {
				id, err := s.AddCard(pocket.ID, CardSeed{Type: jiko.CardType(card.Type), Status: jiko.CardStatus(card.Status)})
				if err != nil {
					return nil, err
				}
				name(card.Ref, id)
			}
		}
	}
	// Counterparties after every Pocket, for the on_us ones.
	for i, c := range f.Customers {
		for j, cp := range c.Counterparties {
			id, err := s.AddCounterparty(cids[i], CounterpartySeed{Type: jiko.CounterpartyType(cp.Type), Verified: cp.Verified, PocketID: ids[cp.Pocket]})
			if err != nil {
				return nil, fmt.Errorf("fixtures: customers[%d].counterparties[%d]: %w", i, j, err)
			}
			name(cp.Ref, id)
		}
	}
	return ids, nil
}

// CardSeed describes a card to add with [Server.AddCard].
type CardSeed struct {
	// Type is VIRTUAL when empty, or PHYSICAL.
	Type jiko.CardType
	// Status is OPEN for a virtual card and NOT_ACTIVATED for a physical
	// one when empty.
	Status jiko.CardStatus
}

// AddCard adds a card to a Pocket, as if it had been issued (a virtual
// card with its test number, or a physical card whose order was
// fulfilled), without counting a side effect, and returns its id: test
// setup such as a fixtures file's cards. It records no event.
func (s *Server) AddCard(pocketID string, seed CardSeed) (string, error) {
	typ := cmp.Or(string(seed.Type), "VIRTUAL")
	if !slices.Contains(cardTypes, typ) {
		return "", fmt.Errorf("jikotest: card type %q is not VIRTUAL or PHYSICAL", typ)
	}
	status := string(seed.Status)
	if status == "" {
		status = "OPEN"
		if typ == "PHYSICAL" {
			status = "NOT_ACTIVATED"
		}
	}
	if !slices.Contains(cardStatuses, status) {
		return "", fmt.Errorf("jikotest: card status %q is not one of %s", status, strings.Join(cardStatuses, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.pockets[pocketID] == nil {
		return "", fmt.Errorf("jikotest: no pocket %q", pocketID)
	}
	c := &card{id: uuid.NewString(), pocketID: pocketID, typ: typ, status: status, name: "Jiko Physical Debit Card"}
	if typ == "VIRTUAL" {
		s.state.cards.issued++
		c.name = "Jiko Virtual Debit Card"
		c.pan, c.cvv, c.expiration = s.testCardData(s.state.cards.issued)
	}
	s.state.cards.add(c)
	return c.id, nil
}
