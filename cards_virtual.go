package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// VirtualCard is a virtual card as [CardsService.CreateVirtual] and
// [CardsService.GetVirtual] return it (the API's VirtualCardResponse): its
// number, CVV and expiration, each encrypted with the public key the call
// sent. Decrypt them with the matching [VirtualCardKey]
// ([VirtualCard.Decrypt]), or forward them to the device that holds the
// private key.
type VirtualCard struct {
	// CardID identifies the card.
	CardID string `json:"card_id"`
	// EncryptedPAN is the card number, encrypted (base64).
	EncryptedPAN string `json:"encrypted_pan"`
	// EncryptedCVV is the card verification value, encrypted (base64).
	EncryptedCVV string `json:"encrypted_cvv"`
	// EncryptedExpiration is the expiration date, encrypted (base64).
	EncryptedExpiration string `json:"encrypted_expiration"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type,omitempty"`
}

// VirtualCardRequest is the body of [CardsService.CreateVirtual] and
// [CardsService.GetVirtual]: the public half of a single-use 4096-bit RSA
// key pair, in PEM. [VirtualCardKey.Request] builds it; a key pair made on
// the end user's device can be passed as its PEM text.
type VirtualCardRequest struct {
	// PublicKey is the PEM text of a 4096-bit RSA public key, in a "PUBLIC
	// KEY" or "RSA PUBLIC KEY" block; required.
	PublicKey string `json:"public_key"`
}

func (r *VirtualCardRequest) validate() error {
	if _, err := parseRSAPublicKey(r.PublicKey, VirtualCardKeyBits); err != nil {
		return invalid("VirtualCardRequest.PublicKey", "%s", err.Error())
	}
	return nil
}

// CreateVirtual creates a virtual card for a Pocket
// (POST /api/v1/jiko-accounts/{account_id}/virtual-cards/; 201) and returns
// its data encrypted with req's public key:
//
//	key, err := jiko.NewVirtualCardKey()
//	...
//	vc, err := c.Cards.CreateVirtual(ctx, pocketID, key.Request())
//	...
//	details, err := vc.Decrypt(key) // prints masked: CardDetails{PAN: **** 4242, ...}
//
// A key under 4096 bits is refused before anything is sent ([IsValidation]).
// To resend a call that may have taken effect ([MayHaveSucceeded]), send the
// same key pair with the error's idempotency key ([WithIdempotencyKey]): a
// new key pair makes a different request, which would create a second
// card. [IsNotFound] reports an unknown Pocket.
func (s *CardsService) CreateVirtual(ctx context.Context, pocketID string, req *VirtualCardRequest, opts ...CallOption) (*VirtualCard, error) {
	return call[VirtualCard](ctx, s.client, at(ops.CardsCreateVirtual, pocketID), nil, req, opts)
}

// GetVirtual reads a virtual card's data, encrypted with req's public key
// (POST /api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/: a POST
// because it carries the key). Use a new key pair for every call
// ([NewVirtualCardKey]). [IsNotFound] reports an unknown card;
// [IsValidation] a refused key.
func (s *CardsService) GetVirtual(ctx context.Context, pocketID, cardID string, req *VirtualCardRequest, opts ...CallOption) (*VirtualCard, error) {
	return call[VirtualCard](ctx, s.client, at(ops.CardsGetVirtual, pocketID, cardID), nil, req, opts)
}

// CloseVirtual closes a virtual card for good
// (DELETE /api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/;
// 204). [IsNotFound] reports an unknown card.
func (s *CardsService) CloseVirtual(ctx context.Context, pocketID, cardID string, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.CardsCloseVirtual, pocketID, cardID), nil, nil, opts)
}
