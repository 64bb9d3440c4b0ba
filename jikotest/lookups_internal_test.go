package jikotest

import (
	"testing"

	"github.com/jiko-go/jiko"
)

// The lookups other resources of the fake use: transfers ask whether a
// counterparty may move money, sandbox funding asks for a Pocket's portal.

func TestCounterpartyForTransfer(t *testing.T) {
	s := NewServer()
	defer s.Close()
	p := s.AddPocket("c1", PocketSeed{})
	id, err := s.AddCounterparty("c1", CounterpartySeed{})
	if err != nil {
		t.Fatal(err)
	}
	onus, err := s.AddCounterparty("c1", CounterpartySeed{Type: jiko.CounterpartyTypeOnUs, PocketID: p.ID, Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, v, ok := s.counterpartyForTransfer(id); c != "c1" || v || !ok {
		t.Errorf("unverified: got %q %v %v", c, v, ok)
	}
	if _, v, ok := s.counterpartyForTransfer(onus); !v || !ok {
		t.Errorf("verified on-us: got %v %v", v, ok)
	}
	if pocket, ok := s.onUsCounterpartyPocket(onus); pocket != p.ID || !ok {
		t.Errorf("on-us pocket: got %q %v", pocket, ok)
	}
	if _, ok := s.onUsCounterpartyPocket(id); ok {
		t.Error("an ACH counterparty reaches no Pocket")
	}
	if _, _, ok := s.counterpartyForTransfer("nope"); ok {
		t.Error("unknown counterparty found")
	}
	s.state.counterparties.byID[onus].unlinked = true
	if _, v, _ := s.counterpartyForTransfer(onus); v {
		t.Error("an unlinked counterparty moves no money")
	}
}

func TestPortalOf(t *testing.T) {
	s := NewServer()
	defer s.Close()
	p := s.AddPocket("c1", PocketSeed{})
	s.mu.Lock()
	defer s.mu.Unlock()
	pt := s.portalOf(p.ID)
	if pt == nil || pt.status != "OPEN" || pt.kind != portalBank || pt.accountNumber == "" {
		t.Fatalf("default portal: %+v", pt)
	}
	if again := s.portalOf(p.ID); again != pt {
		t.Error("a Pocket has one default portal")
	}
	if s.portalOf("nope") != nil {
		t.Error("an unknown Pocket has no portal")
	}
}
