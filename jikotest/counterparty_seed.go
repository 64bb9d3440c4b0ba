package jikotest

import (
	"github.com/google/uuid"
)

// This file is the seam between the money movements and the state of
// counterparties and portals, which another part of the fake owns. Until
// that state is joined here, counterparties are seeded with AddCounterparty
// and every Pocket has one implied portal. The money movements use only the
// two lookups below; joining means implementing them on the real state.

// counterpartyRef is what a money movement needs to know of a counterparty.
type counterpartyRef struct {
	customerID string // the customer it belongs to
	kind       string // "ACH", "WIRE" or "ON_US"
	status     string // "VERIFIED" lets money move
	name       string // the name on the account
	pocketID   string // ON_US: the Pocket it designates, if in this fake
}

// counterparty looks a counterparty up by id. The caller holds the lock.
func (s *Server) counterparty(id string) (counterpartyRef, bool) {
	c, ok := s.state.cpSeeds[id]
	if !ok {
		return counterpartyRef{}, false
	}
	return *c, true
}

// depositPortal returns the portal through which a Pocket receives
// incoming ACH credits, and whether it has one open. Every Pocket is
// created with a portal, so until portals are joined each Pocket has one,
// with an id derived from the Pocket's. The caller holds the lock.
func (s *Server) depositPortal(pocketID string) (string, bool) {
	return uuid.NewSHA1(portalNamespace, []byte(pocketID)).String(), true
}

var portalNamespace = uuid.MustParse("7d1f0b7a-5c2e-4e61-9a43-1b8f3c6d2e90")

// CounterpartySeed describes a counterparty to add with AddCounterparty.
type CounterpartySeed struct {
	// Type is "ACH" (the default), "WIRE" or "ON_US".
	Type string
	// Status is "VERIFIED" by default. Money moves only to and from a
	// VERIFIED counterparty; "IN_PROGRESS" or "FAILED" make the API refuse.
	Status string
	// Name is the name on the account; "Counterparty" when empty.
	Name string
	// PocketID is, for an ON_US counterparty, the Pocket its Jiko network
	// address designates; a peer-to-peer transfer credits it. Empty leaves
	// the money outside the fake.
	PocketID string
}

// AddCounterparty adds a counterparty to a customer (adding the customer if
// needed) without counting a side effect, and returns its id. ACH
// originations, wires and peer-to-peer on-us transfers check it: it must
// belong to the Pocket's customer, be of the transfer's type and be
// VERIFIED.
func (s *Server) AddCounterparty(customerID string, seed CounterpartySeed) string {
	s.AddCustomer(customerID)
	if seed.Type == "" {
		seed.Type = "ACH"
	}
	if seed.Status == "" {
		seed.Status = "VERIFIED"
	}
	if seed.Name == "" {
		seed.Name = "Counterparty"
	}
	id := uuid.NewString()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.cpSeeds[id] = &counterpartyRef{
		customerID: customerID, kind: seed.Type, status: seed.Status, name: seed.Name, pocketID: seed.PocketID,
	}
	return id
}
