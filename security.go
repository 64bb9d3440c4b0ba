package jiko

import (
	"context"
	"crypto/rsa"
	"fmt"

	"github.com/jiko-go/jiko/internal/ops"
)

// EncryptionKeys are the public keys Jiko publishes for encrypting card
// data (the API's EncryptionKeysResponse), as
// [SecurityService.GetPublicKeys] returns them. A partner needs them only
// to encrypt a PIN on the end user's device; [CardsService.SetPIN] fetches
// them by itself.
type EncryptionKeys struct {
	// SetPIN is the PEM text of the RSA public key that encrypts a PIN for
	// CardsService.SetPIN.
	SetPIN string `json:"set_pin"`
}

// SetPINKey parses SetPIN into an RSA public key, for encrypting a PIN
// outside this package or passing it as [CardSetPINRequest.PublicKey]. It
// refuses a key under 2048 bits.
func (k *EncryptionKeys) SetPINKey() (*rsa.PublicKey, error) {
	pub, err := parseRSAPublicKey(k.SetPIN, minRSABits)
	if err != nil {
		return nil, fmt.Errorf("jiko: EncryptionKeys.SetPIN: %w", err)
	}
	return pub, nil
}

// SecurityService reaches the Security operations of the Partner API: the
// public keys that encrypt card data. Login, the tag's other operation, is
// done by the client itself (see [Client.Login]). Reach it as c.Security.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/security
type SecurityService service

// GetPublicKeys returns Jiko's public encryption keys
// (GET /api/v1/public-keys/), such as the set_pin key. It takes no token
// and no signature. [CardsService.SetPIN] calls it and caches the answer;
// call it yourself to pass the key to a device that encrypts the PIN there.
// No error is specific to it: any error means the keys could not be read.
func (s *SecurityService) GetPublicKeys(ctx context.Context, opts ...CallOption) (*EncryptionKeys, error) {
	return listPublicKeys(ctx, s.client, opts)
}

func listPublicKeys(ctx context.Context, c *Client, opts []CallOption) (*EncryptionKeys, error) {
	return call[EncryptionKeys](ctx, c, at(ops.SecurityGetPublicKeys), nil, nil, opts)
}
