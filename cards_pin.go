package jiko

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
)

// This file sets a physical card's PIN: the request, its encryption with
// Jiko's set_pin key, and the operation.

// CardSetPINRequest is the body of [CardsService.SetPIN]: a physical card's
// new PIN, in clear, which SetPIN encrypts before sending.
type CardSetPINRequest struct {
	// PIN is the new PIN in clear: exactly 4 digits. It is encrypted before
	// it is sent and never printed (see CardPIN).
	PIN CardPIN `json:"-"`
	// PublicKey is Jiko's set_pin key to encrypt with. nil, the usual
	// choice, fetches it with SecurityService.ListPublicKeys and caches it.
	PublicKey *rsa.PublicKey `json:"-"`
}

func (r *CardSetPINRequest) validate() error {
	var key error
	if r.PublicKey != nil {
		if bits := r.PublicKey.N.BitLen(); bits < minRSABits {
			key = invalid("CardSetPINRequest.PublicKey", "RSA key is %d bits; at least %d are required", bits, minRSABits)
		}
	}
	return firstError(r.PIN.check("CardSetPINRequest.PIN"), key)
}

// cardPINBody is what Set Card PIN sends (the API's CardPinBase).
type cardPINBody struct {
	EncryptedPIN string `json:"encrypted_pin"`
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
func (s *CardsService) SetPIN(ctx context.Context, accountID, cardID string, req *CardSetPINRequest, opts ...Option) error {
	r, err := newRequest("POST", at("/api/v1/jiko-accounts/{account_id}/cards/{card_id}/pin/", accountID, cardID), nil, req)
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
	r.body = cardPINBody{EncryptedPIN: enc}
	// An answer that echoes the PIN (decrypted by the API) keeps none of it.
	r.secrets = []string{string(req.PIN)}
	var out struct {
		Success *bool `json:"success"`
	}
	if err := s.client.do(ctx, r, &out, opts); err != nil {
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
