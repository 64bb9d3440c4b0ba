package jikotest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// cardStateSnapshot is a cardState; cards and orders are listed in
// creation order.
type cardStateSnapshot struct {
	Cards  []cardSnapshot      `json:"cards"`
	Orders []cardOrderSnapshot `json:"orders"`
	// Issued counts the virtual cards made.
	Issued int `json:"issued"`
	// PINKey is the set_pin key pair (PKCS #8), null when it was not made
	// yet. It is the key of every server of the process: a restore adopts
	// it only while none is made.
	PINKey []byte `json:"pin_key"`
}

// cardSnapshot is a card.
type cardSnapshot struct {
	ID         string `json:"id"`
	PocketID   string `json:"pocket_id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Status     string `json:"status"`
	Magstripe  string `json:"magstripe"`
	PAN        string `json:"pan"`
	CVV        string `json:"cvv"`
	Expiration string `json:"expiration"`
	PIN        string `json:"pin"`
}

// cardOrderSnapshot is a cardOrder.
type cardOrderSnapshot struct {
	ID         string              `json:"id"`
	PocketID   string              `json:"pocket_id"`
	CardID     string              `json:"card_id"`
	Status     string              `json:"status"`
	NameOnCard string              `json:"name_on_card"`
	Address    shippingAddressWire `json:"shipping_address"`
	Generated  bool                `json:"generated"`
}

func (cs *cardState) snapshot() cardStateSnapshot {
	out := cardStateSnapshot{Cards: make([]cardSnapshot, len(cs.cardSeq)), Orders: make([]cardOrderSnapshot, len(cs.orderSeq)), Issued: cs.issued}
	for i, id := range cs.cardSeq {
		c := cs.cards[id]
		out.Cards[i] = cardSnapshot{ID: c.id, PocketID: c.pocketID, Name: c.name, Type: c.typ, Status: c.status,
			Magstripe: c.magstripe, PAN: c.pan, CVV: c.cvv, Expiration: c.expiration, PIN: c.pin}
	}
	for i, id := range cs.orderSeq {
		o := cs.orders[id]
		out.Orders[i] = cardOrderSnapshot{ID: o.id, PocketID: o.pocketID, CardID: o.cardID, Status: o.status,
			NameOnCard: o.nameOnCard, Address: o.address, Generated: o.generated}
	}
	// The key is set once, by get's sync.Once, before anything reads it.
	if k := cs.pinKey; k != nil && k.key != nil {
		out.PINKey, _ = x509.MarshalPKCS8PrivateKey(k.key)
	}
	return out
}

// restore fills cs, a new state's cards, and returns the saved set_pin
// key, nil when there is none.
func (p cardStateSnapshot) restore(cs *cardState) (*rsa.PrivateKey, error) {
	for _, c := range p.Cards {
		cs.cards[c.ID] = &card{id: c.ID, pocketID: c.PocketID, name: c.Name, typ: c.Type, status: c.Status,
			magstripe: c.Magstripe, pan: c.PAN, cvv: c.CVV, expiration: c.Expiration, pin: c.PIN}
		cs.cardSeq = append(cs.cardSeq, c.ID)
	}
	for _, o := range p.Orders {
		cs.orders[o.ID] = &cardOrder{id: o.ID, pocketID: o.PocketID, cardID: o.CardID, status: o.Status,
			nameOnCard: o.NameOnCard, address: o.Address, generated: o.Generated}
		cs.orderSeq = append(cs.orderSeq, o.ID)
	}
	cs.issued = p.Issued
	if p.PINKey == nil {
		return nil, nil
	}
	key, err := x509.ParsePKCS8PrivateKey(p.PINKey)
	rk, ok := key.(*rsa.PrivateKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("state.cards.pin_key: not an RSA private key in PKCS #8")
	}
	return rk, nil
}

// adoptPINKey makes saved the key of k while k has none made. The key
// pair is made once per process and shared by every server (sharedPINKey):
// a saved key is adopted only while none has been made, and a saved
// absence (a snapshot taken before the first use) leaves the key as it
// is, never emptied.
func adoptPINKey(k *lazyKey, saved *rsa.PrivateKey) {
	if k == nil || saved == nil {
		return
	}
	der, err := x509.MarshalPKIXPublicKey(&saved.PublicKey)
	if err != nil {
		return // an RSA public key always marshals
	}
	k.once.Do(func() {
		k.key, k.pubPEM = saved, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	})
}
