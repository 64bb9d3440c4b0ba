package jikotest

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko"
)

// A snapshot taken before the set_pin key was made holds no key; restoring
// it must not empty the key every server of the process shares, or Set
// Card PIN fails on a nil key (jiko serve's reset restores such a start
// state).
func TestRestoreOfASnapshotWithoutPINKeyKeepsTheSharedKey(t *testing.T) {
	s := NewServer()
	c := s.Client(t)
	ctx := context.Background()
	s.mu.Lock()
	s.state.cards.pinKey = &lazyKey{} // as in a process whose key is not made yet
	s.mu.Unlock()
	start, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.state.cards.pinKey = &sharedPINKey
	s.mu.Unlock()
	if _, _, err := sharedPINKey.get(); err != nil {
		t.Fatal(err)
	}

	if err := s.Restore(start); err != nil {
		t.Fatal(err)
	}
	if sharedPINKey.key == nil {
		t.Fatal("the restore emptied the shared set_pin key")
	}
	p := s.AddPocket("c1", PocketSeed{})
	o, err := c.Cards.CreateOrder(ctx, p.ID, &jiko.CardOrderCreateRequest{NameOnCard: "Ada Lovelace", ShippingAddress: jiko.ShippingAddress{
		StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94701", State: "CA", Country: "USA",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Sandbox.GenerateCard(ctx, &jiko.SandboxGenerateCardRequest{CardOrderID: o.CardOrderID}); err != nil {
		t.Fatal(err)
	}
	if err := c.Cards.SetPIN(ctx, p.ID, o.CardID, &jiko.CardSetPINRequest{PIN: "4821"}); err != nil {
		t.Fatalf("Set Card PIN after the restore: %v", err)
	}
	if !s.CheckCardPIN(o.CardID, "4821") {
		t.Error("the PIN set after the restore does not check")
	}
}
