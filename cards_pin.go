package jiko

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jiko-go/jiko/internal/ops"
)

// This file sets a physical card's PIN: the request, its encryption with
// Jiko's set_pin key, and the operation.
//
// What the reference states: Set Card PIN takes encrypted_pin: "4 digit
// PIN encrypted by set_pin public key", the key List Public Keys returns (a
// "PUBLIC KEY" PEM block in its example). Assumption: the padding is not
// stated; PKCS #1 v1.5 is used, as for the card data the same API encrypts
// (see cards_crypto.go), over the PIN's four ASCII digits, and the
// ciphertext is sent in standard base64 as the reference's example value
// is. Not stated: the size of the set_pin key (its example is 4096-bit;
// keys under 2048 bits are refused here as unsafe).

// CardSetPINRequest is the body of [CardsService.SetPIN]: a physical card's
// new PIN, in clear, which SetPIN encrypts before sending.
type CardSetPINRequest struct {
	// PIN is the new PIN in clear: exactly 4 digits. It is encrypted before
	// it is sent and never printed (see CardPIN).
	PIN CardPIN `json:"-"`
	// PublicKey is Jiko's set_pin key to encrypt with. nil, the usual
	// choice, fetches it with SecurityService.GetPublicKeys and caches it.
	PublicKey *rsa.PublicKey `json:"-"`
}

func (r *CardSetPINRequest) validate() error {
	var key error
	if r.PublicKey != nil {
		if bits := r.PublicKey.N.BitLen(); bits < minRSABits {
			key = invalid("CardSetPINRequest.PublicKey", "RSA key is %d bits; at least %d are required", bits, minRSABits)
		}
	}
	return checkAll(r.PIN.check("CardSetPINRequest.PIN"), key)
}

// cardPINBody is what Set Card PIN sends (the API's CardPinBase), and the
// PIN in clear, never sent, that an answer echoing it (decrypted by the
// API) must not bring into an error: ops.CardsSetPIN's secret "pin".
type cardPINBody struct {
	EncryptedPIN string  `json:"encrypted_pin"`
	PIN          CardPIN `json:"-" secret:"pin"`
}

// cardPINAnswer is Set Card PIN's answer.
type cardPINAnswer struct {
	Success *bool `json:"success"`
}

// SetPIN sets a physical card's PIN before the card is activated
// (POST /api/v1/jiko-accounts/{account_id}/cards/{card_id}/pin/). The PIN
// is checked (exactly 4 digits; the error says which rule failed and never
// shows the PIN), then encrypted with Jiko's set_pin public key, fetched
// once and cached (or req.PublicKey), and sent as encrypted_pin; it never
// appears in an error or a log line. A bad PIN or id sends nothing.
//
// The encryption is randomised, so each call sends a different body: to
// repeat a call that may have taken effect, call SetPIN again (setting the
// same PIN twice is harmless) rather than resending with the same
// idempotency key, which the API would refuse as a different request. A 4xx
// answer other than 404 drops the cached key, so a rotated key is fetched
// anew on the next call. [IsNotFound] reports an unknown card;
// [IsValidation] a refused PIN.
//
// The answer's success member is the API's own word on whether the PIN
// was set, and a caller acts on it (it tells the cardholder the PIN
// works), so it is read strictly: a 200 answer with success: false means
// the PIN was not set, SetPIN returns an error that [errors.Is] reports as
// [ErrPINNotSet], and calling it again is safe. Inferred: the reference
// defines success (required, boolean) but not what false means. A PIN the
// API could not decrypt with its current key is the likely cause, so false
// also drops the cached key, as a 4xx does. A 200 answer without success
// (or with null) is taken at its status's word, as a success: the member
// is then missing, not false.
func (s *CardsService) SetPIN(ctx context.Context, pocketID, cardID string, req *CardSetPINRequest, opts ...CallOption) error {
	rt := at(ops.CardsSetPIN, pocketID, cardID)
	// The ids and the PIN are checked before the key is fetched.
	r, err := newRequest(rt, nil, req)
	if err != nil {
		return err
	}
	if ctx == nil {
		return invalid("ctx", "is nil")
	}
	key, cached := req.PublicKey, false
	if key == nil {
		cached = true
		key, err = s.pinKey.get(ctx, s.client.clock(), s.fetchPINKey)
		if err != nil {
			return err
		}
	}
	enc, err := encryptPIN(key, req.PIN)
	if err != nil {
		return err
	}
	out, err := call[cardPINAnswer](ctx, s.client, rt, nil, &cardPINBody{EncryptedPIN: enc, PIN: req.PIN}, opts)
	if err != nil {
		if st := statusOf(err); cached && st >= 400 && st < 500 && st != http.StatusNotFound {
			s.pinKey.forget(key)
		}
		return err
	}
	if out.Success != nil && !*out.Success {
		if cached {
			s.pinKey.forget(key)
		}
		return fmt.Errorf("jiko: POST %s: %w", r.path, ErrPINNotSet)
	}
	return nil
}

// ErrPINNotSet is returned, wrapped with the operation, by
// [CardsService.SetPIN] when the API answers 200 with success: false: the
// PIN was not set. Match it with [errors.Is]; calling SetPIN again is safe.
var ErrPINNotSet = errors.New("the API answered success: false; the PIN is not set")

// fetchPINKey reads the set_pin key from List Public Keys.
func (s *CardsService) fetchPINKey(ctx context.Context) (*rsa.PublicKey, error) {
	keys, err := listPublicKeys(ctx, s.client, nil)
	if err != nil {
		return nil, err
	}
	return keys.SetPINKey()
}

// CardPIN is a card's 4-digit PIN in clear, as [CardSetPINRequest] takes
// it. It prints as "****" with every fmt verb, in slog and in JSON, so it
// cannot leak through a log line or an error; [CardsService.SetPIN] encrypts
// it before it leaves the process.
type CardPIN string

// String returns "****".
func (CardPIN) String() string { return "****" }

// GoString returns a masked literal, for %#v.
func (CardPIN) GoString() string { return `jiko.CardPIN("****")` }

// Format prints the mask for every verb.
func (p CardPIN) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, p.GoString())
		return
	}
	formatMasked(f, verb, p.String())
}

// LogValue logs the mask.
func (CardPIN) LogValue() slog.Value { return slog.StringValue("****") }

// MarshalJSON encodes the mask, never the PIN.
func (CardPIN) MarshalJSON() ([]byte, error) { return []byte(`"****"`), nil }

// check tells which rule a PIN breaks, without ever showing it.
func (p CardPIN) check(field string) error {
	n := utf8.RuneCountInString(string(p))
	switch {
	case n == 0:
		return invalid(field, "is empty")
	case n != 4:
		return invalid(field, "has %d characters; a PIN is exactly 4 digits", n)
	case strings.ContainsFunc(string(p), func(r rune) bool { return r < '0' || r > '9' }):
		return invalid(field, "must be 4 digits 0-9; it has another character")
	}
	return nil
}

// encryptPIN encrypts a checked PIN with the set_pin key, as the API takes
// it in encrypted_pin (see the top of cards_pin.go).
func encryptPIN(pub *rsa.PublicKey, pin CardPIN) (string, error) {
	// PKCS #1 v1.5, deprecated since Go 1.26, is the reference's padding (see the top of cards_pin.go).
	ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(pin))
	if err != nil {
		return "", errors.New("jiko: encrypting the PIN failed")
	}
	return base64.StdEncoding.EncodeToString(ct), nil
}

// pinKeyTTL is how long the set_pin key is reused before it is fetched
// again; a key the API refuses is dropped at once.
const pinKeyTTL = time.Hour

// pinKeyCache holds Jiko's set_pin public key. One fetch serves every
// caller waiting for it; a waiter whose context ends stops waiting.
type pinKeyCache struct {
	init sync.Once
	sem  chan struct{} // holds the cache: one goroutine at a time
	key  *rsa.PublicKey
	at   time.Time
}

func (c *pinKeyCache) lock(ctx context.Context) error {
	c.init.Do(func() { c.sem = make(chan struct{}, 1) })
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *pinKeyCache) unlock() { <-c.sem }

// get returns the cached key, fetching it when there is none or it is too
// old.
func (c *pinKeyCache) get(ctx context.Context, now time.Time, fetch func(context.Context) (*rsa.PublicKey, error)) (*rsa.PublicKey, error) {
	if err := c.lock(ctx); err != nil {
		return nil, err
	}
	defer c.unlock()
	if c.key != nil && now.Sub(c.at) < pinKeyTTL {
		return c.key, nil
	}
	k, err := fetch(ctx)
	if err != nil {
		return nil, err
	}
	c.key, c.at = k, now
	return k, nil
}

// forget drops k if it is still the cached key.
func (c *pinKeyCache) forget(k *rsa.PublicKey) {
	if c.lock(context.Background()) != nil {
		return
	}
	defer c.unlock()
	if c.key == k {
		c.key = nil
	}
}
