package jikotest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"
)

// Card-data cryptography of the fake, as the reference and the cards guide
// state it (see the SDK's cards_crypto.go): virtual card data is encrypted
// with the caller's 4096-bit RSA public key, PKCS #1 v1.5, each field in
// standard base64; a PIN comes encrypted the same way with the set_pin key
// the public-keys route serves.
//
// The fake's set_pin key is 2048-bit (Jiko's, in the reference's example,
// is 4096-bit): generating a 4096-bit key takes about a second. It is made
// once per process, on first use, and shared by every server
// (sharedPINKey), so that tests that start many servers stay fast.
const fakePINKeyBits = 2048

// sharedPINKey is the set_pin key pair of every server of the process.
var sharedPINKey lazyKey

// virtualCardKeyBits is the key size Create and Get Virtual Card demand.
const virtualCardKeyBits = 4096

// lazyKey is an RSA key pair made on first use, once.
type lazyKey struct {
	once   sync.Once
	key    *rsa.PrivateKey
	pubPEM string
	err    error
}

// get returns the key pair, making it on the first call. It does not need
// the server's lock.
func (k *lazyKey) get() (*rsa.PrivateKey, string, error) {
	k.once.Do(func() {
		if k.key, k.err = rsa.GenerateKey(rand.Reader, fakePINKeyBits); k.err != nil {
			return
		}
		der, err := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
		k.err = err
		k.pubPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	})
	return k.key, k.pubPEM, k.err
}

// publicKeysWire is the API's EncryptionKeysResponse.
type publicKeysWire struct {
	SetPIN string `json:"set_pin"`
}

// virtualCardWire is the API's VirtualCardResponse.
type virtualCardWire struct {
	CardID              string `json:"card_id"`
	EncryptedPAN        string `json:"encrypted_pan"`
	EncryptedCVV        string `json:"encrypted_cvv"`
	EncryptedExpiration string `json:"encrypted_expiration"`
	ObjectType          string `json:"object_type"`
}

// cardPINWire is the API's CardPinResponse.
type cardPINWire struct {
	Success bool `json:"success"`
}

func (s *Server) listPublicKeys(w http.ResponseWriter, _ *http.Request) {
	_, pub, err := s.state.cards.pinKey.get()
	if err != nil {
		failWith(w, http.StatusInternalServerError, "no set_pin key")
		return
	}
	writeJSON(w, http.StatusOK, publicKeysWire{SetPIN: pub})
}

// readPublicKey reads the public_key of a virtual card request: a 4096-bit
// RSA key in a "PUBLIC KEY" or "RSA PUBLIC KEY" PEM block.
func readPublicKey(w http.ResponseWriter, r *http.Request) (*rsa.PublicKey, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return nil, false
	}
	text := b.text("public_key", true, 0)
	if b.failed(w) {
		return nil, false
	}
	loc := []any{"body", "public_key"}
	var pub *rsa.PublicKey
	if block, _ := pem.Decode([]byte(text)); block != nil {
		switch block.Type {
		case "PUBLIC KEY":
			k, _ := x509.ParsePKIXPublicKey(block.Bytes)
			pub, _ = k.(*rsa.PublicKey)
		case "RSA PUBLIC KEY":
			pub, _ = x509.ParsePKCS1PublicKey(block.Bytes)
		}
	}
	switch {
	case pub == nil:
		validationError(w, issue{Loc: loc, Msg: "not a PEM-encoded RSA public key", Type: "value_error"})
		return nil, false
	case pub.N.BitLen() < virtualCardKeyBits:
		validationError(w, issue{Loc: loc, Msg: fmt.Sprintf("the key is %d bits; a 4096-bit RSA key is required", pub.N.BitLen()), Type: "value_error"})
		return nil, false
	}
	return pub, true
}

// encryptedCard encrypts a virtual card's data for pub.
func encryptedCard(c *card, pub *rsa.PublicKey) (virtualCardWire, error) {
	out := virtualCardWire{CardID: c.id, ObjectType: "VirtualCardResponse"}
	for _, f := range []struct {
		plain string
		enc   *string
	}{{c.pan, &out.EncryptedPAN}, {c.cvv, &out.EncryptedCVV}, {c.expiration, &out.EncryptedExpiration}} {
		// PKCS #1 v1.5 is the reference's padding (see the top of this file).
		ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(f.plain))
		if err != nil {
			return out, err
		}
		*f.enc = base64.StdEncoding.EncodeToString(ct)
	}
	return out, nil
}

// writeVirtualCard answers with c's data encrypted for pub.
func writeVirtualCard(w http.ResponseWriter, status int, c *card, pub *rsa.PublicKey) {
	out, err := encryptedCard(c, pub)
	if err != nil {
		failWith(w, http.StatusInternalServerError, "encryption failed")
		return
	}
	writeJSON(w, status, out)
}

// testCardData returns the n-th virtual card's test data: a 16-digit Visa
// test number (400000 and n, with its Luhn check digit), a CVV, and an
// expiration three years from now as "MM/YY". The expiration's format is an
// assumption: the reference does not state it.
func (s *Server) testCardData(n int) (pan, cvv, exp string) {
	body := fmt.Sprintf("400000%09d", n)
	pan = body + luhnDigit(body)
	cvv = fmt.Sprintf("%03d", (n*271+100)%1000)
	exp = s.now().AddDate(3, 0, 0).Format("01/06")
	return pan, cvv, exp
}

// luhnDigit is the check digit that makes digits+it pass the Luhn test.
func luhnDigit(digits string) string {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return fmt.Sprint((10 - sum%10) % 10)
}

func (s *Server) createVirtualCard(w http.ResponseWriter, r *http.Request) {
	pub, ok := readPublicKey(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.openCardPocket(w, r)
	if p == nil {
		return
	}
	s.state.cards.issued++
	c := &card{id: uuid.NewString(), pocketID: p.id, name: "Jiko Virtual Debit Card", typ: "VIRTUAL", status: "OPEN"}
	c.pan, c.cvv, c.expiration = s.testCardData(s.state.cards.issued)
	s.state.cards.add(c)
	s.effects++
	writeVirtualCard(w, http.StatusCreated, c, pub)
}

func (s *Server) getVirtualCard(w http.ResponseWriter, r *http.Request) {
	pub, ok := readPublicKey(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cardOf(w, r, "VIRTUAL"); c != nil {
		writeVirtualCard(w, http.StatusOK, c, pub)
	}
}

func (s *Server) closeVirtualCard(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cardOf(w, r, "VIRTUAL"); c != nil {
		s.closeCardLocked(w, c)
	}
}

// setCardPIN decrypts encrypted_pin with the server's set_pin key and sets
// it on a physical card that is not activated yet.
func (s *Server) setCardPIN(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	enc := b.text("encrypted_pin", true, 0)
	if b.failed(w) {
		return
	}
	loc := []any{"body", "encrypted_pin"}
	priv, _, err := s.state.cards.pinKey.get()
	if err != nil {
		failWith(w, http.StatusInternalServerError, "no set_pin key")
		return
	}
	ct, err := base64.StdEncoding.DecodeString(enc)
	var pin []byte
	if err == nil {
		// PrivateKey.Decrypt with nil options is PKCS #1 v1.5.
		pin, err = priv.Decrypt(nil, ct, nil)
	}
	if err != nil {
		validationError(w, issue{Loc: loc, Msg: "could not be decrypted with the set_pin key", Type: "value_error"})
		return
	}
	if len(pin) != 4 || strings.Trim(string(pin), "0123456789") != "" {
		validationError(w, issue{Loc: loc, Msg: "the PIN must be exactly 4 digits", Type: "value_error"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cardOf(w, r, "")
	switch {
	case c == nil:
		return
	case c.typ != "PHYSICAL":
		failWith(w, http.StatusUnprocessableEntity, "A PIN can be set on physical cards only")
		return
	case c.status != "NOT_ACTIVATED":
		failWith(w, http.StatusPreconditionFailed, "A PIN can only be set before the card is activated")
		return
	}
	c.pin = string(pin)
	s.effects++
	writeJSON(w, http.StatusOK, cardPINWire{Success: true})
}

// swipeMerchant is the merchant of every sandbox swipe: Submit Card Swipe
// names none.
const swipeMerchant = "Jikotest Coffee"

// swipeCard is the sandbox's Submit Card Swipe: an approved swipe debits the
// card's Pocket; either way it answers 202 and records the outcome.
func (s *Server) swipeCard(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	cardID := b.str("card_id", true, 0)
	amount := b.cents("amount_usdc", true, 0)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.cards.cards[cardID]
	switch {
	case c == nil:
		failWith(w, http.StatusUnprocessableEntity, "Card not found")
		return
	case c.typ != "VIRTUAL":
		failWith(w, http.StatusUnprocessableEntity, "Card swipes are simulated for virtual cards only")
		return
	}
	p := s.state.pockets[c.pocketID]
	outcome := "approved"
	if c.status != "OPEN" || p.status != "OPEN" || s.state.ledger.balance(p.id).Available < amount {
		outcome = "rejected"
	} else {
		s.state.ledger.post(s.now(), entry{
			PocketID: p.id, Kind: KindCard, Amount: -amount, Status: EntrySettled,
			Description: "Card purchase at " + swipeMerchant, RefID: c.id, Counterparty: swipeMerchant,
		})
	}
	s.effects++
	s.state.events.record(s.now(), "card.transaction."+outcome, map[string]any{"card_id": c.id, "amount": amount, "account_id": p.id})
	w.WriteHeader(http.StatusAccepted)
}
