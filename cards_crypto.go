package jiko

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// This file holds the card-data cryptography, standard library only.
//
// What the reference and the cards guide state
// (https://docs.jiko.io/products/partner-api/guides/building/cards, and the
// Virtual Cards operations of the v1.29 OpenAPI file):
//
//   - Create and Get Virtual Card take "a single-use 4096-bit RSA key-pair"
//     made on the (end user) client side, the public key "PEM encoded ... in
//     PKCS#1 or PKCS#1.5 format"; key pairs are monitored for duplicates and
//     should be discarded after use.
//   - The answer carries encrypted_pan, encrypted_cvv and
//     encrypted_expiration. The guide decodes each from base64 and decrypts
//     it with `openssl rsautl -decrypt -inkey private_key.pem`, whose default
//     padding is PKCS #1 v1.5: so each field is base64 (standard alphabet)
//     of one RSA PKCS #1 v1.5 ciphertext, and decrypts to the value as text.
//   - The guide makes the public key with `openssl rsa -pubout`, which
//     writes a "PUBLIC KEY" (SubjectPublicKeyInfo) PEM block, and the
//     reference's own example public_key is such a block. "PKCS#1" in the
//     reference names the RSA scheme (RFC 8017, which it links), not the
//     "RSA PUBLIC KEY" block. This package sends the "PUBLIC KEY" block as
//     the example does, and accepts either block from a caller.
//   - Not stated: the format of the decrypted expiration (kept as the text
//     the API encrypted).
//
// PKCS #1 v1.5 encryption is deprecated in Go because a server that reveals
// whether decryption failed becomes a decryption oracle. The reference
// requires it; here decryption happens only on the caller's side, with a
// single-use key, so there is no oracle to query.

// VirtualCardKeyBits is the size of the RSA key pairs
// [CardsService.CreateVirtual] and [CardsService.GetVirtual] take: a key
// made on the end user's device must have it.
const VirtualCardKeyBits = 4096

// minRSABits is the smallest RSA key this package encrypts to or decrypts
// with.
const minRSABits = 2048

// ErrCardDecryption is the cause of a [VirtualCard.Decrypt] failure when a
// field does not decrypt with the key: it was encrypted for another key
// pair, or altered on the way. Match it with [errors.Is]; getting it usually
// means the wrong key was kept for the card.
var ErrCardDecryption = errors.New("cannot decrypt: it was encrypted for another key pair, or altered")

// VirtualCardKey is the single-use RSA key pair that
// [CardsService.CreateVirtual] and [CardsService.GetVirtual] take: its
// public key goes to Jiko, which encrypts the card's number, CVV and
// expiration with it, and its private key decrypts them
// ([VirtualCard.Decrypt]). Make a new one for every call: Jiko watches for
// reused key pairs. It prints as a summary that never shows the private key.
//
// The reference wants the key pair made on the end user's device. When the
// device makes it, forward its public key PEM ([VirtualCardRequest]) and the
// encrypted fields; when your backend shows the card itself, make it here
// with [NewVirtualCardKey].
type VirtualCardKey struct {
	priv   *rsa.PrivateKey
	pubPEM string
}

// NewVirtualCardKey generates a 4096-bit RSA key pair ([VirtualCardKey]).
// Generating one takes a noticeable time (about a second, varying from run
// to run): call it where that wait is acceptable, or make keys ahead of time
// in the background, each for one use.
func NewVirtualCardKey() (*VirtualCardKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, VirtualCardKeyBits)
	if err != nil {
		return nil, fmt.Errorf("jiko: generating a virtual card key: %w", err)
	}
	return newVirtualCardKey(priv)
}

// ParseVirtualCardKey reads an RSA private key from PEM, such as one handed
// over from the process that made the key pair: a PKCS #1 "RSA PRIVATE KEY"
// block (openssl genrsa of OpenSSL 1.x, [VirtualCardKey.PrivateKeyPEM]) or a
// PKCS #8 "PRIVATE KEY" block (OpenSSL 3). Keys under 2048 bits are
// refused; Jiko accepts only 4096-bit public keys ([VirtualCardRequest]
// checks it before sending).
func ParseVirtualCardKey(pemData []byte) (*VirtualCardKey, error) {
	block, _ := pem.Decode(pemData)
	if block == nil {
		return nil, errors.New("jiko: ParseVirtualCardKey: no PEM block found")
	}
	var priv *rsa.PrivateKey
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("jiko: ParseVirtualCardKey: the RSA PRIVATE KEY block does not parse as PKCS #1")
		}
		priv = k
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("jiko: ParseVirtualCardKey: the PRIVATE KEY block does not parse as PKCS #8")
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("jiko: ParseVirtualCardKey: the key is %T, not RSA", k)
		}
		priv = rk
	default:
		return nil, fmt.Errorf("jiko: ParseVirtualCardKey: PEM block %q is not a private key (want RSA PRIVATE KEY or PRIVATE KEY)", block.Type)
	}
	if bits := priv.N.BitLen(); bits < minRSABits {
		return nil, fmt.Errorf("jiko: ParseVirtualCardKey: RSA key is %d bits; at least %d are required", bits, minRSABits)
	}
	return newVirtualCardKey(priv)
}

func newVirtualCardKey(priv *rsa.PrivateKey) (*VirtualCardKey, error) {
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("jiko: encoding the virtual card public key: %w", err)
	}
	return &VirtualCardKey{priv: priv, pubPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}, nil
}

// PublicKeyPEM returns the public key as Jiko takes it: a "PUBLIC KEY"
// (SubjectPublicKeyInfo) PEM block, as the reference's example shows.
func (k *VirtualCardKey) PublicKeyPEM() string { return k.pubPEM }

// PrivateKeyPEM returns the private key as a PKCS #1 "RSA PRIVATE KEY" PEM
// block, for handing the key pair to the code that will decrypt. Treat it
// as the card data itself; discard it after use.
func (k *VirtualCardKey) PrivateKeyPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k.priv)})
}

// Bits returns the size of the key in bits.
func (k *VirtualCardKey) Bits() int { return k.priv.N.BitLen() }

// Request returns the body of [CardsService.CreateVirtual] and
// [CardsService.GetVirtual] that carries this key's public half.
func (k *VirtualCardKey) Request() *VirtualCardRequest {
	return &VirtualCardRequest{PublicKey: k.pubPEM}
}

// String describes the key without its private part.
func (k *VirtualCardKey) String() string {
	if k == nil || k.priv == nil {
		return "jiko.VirtualCardKey(nil)"
	}
	return fmt.Sprintf("jiko.VirtualCardKey{RSA %d-bit, private key hidden}", k.Bits())
}

// GoString is String, for %#v.
func (k *VirtualCardKey) GoString() string { return k.String() }

// Format prints String for every verb, so that no format shows the key.
func (k *VirtualCardKey) Format(f fmt.State, verb rune) { formatMasked(f, verb, k.String()) }

// LogValue logs String.
func (k *VirtualCardKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// CardDetails is a virtual card's sensitive data in clear, as
// [VirtualCard.Decrypt] returns it, for showing the card to its holder. It
// prints masked (only the last four digits of the number, nothing of the
// CVV or expiration) with every fmt verb, in slog and in JSON, so logging it
// by accident leaks nothing; read the values with [CardDetails.PAN],
// [CardDetails.CVV] and [CardDetails.Expiration].
//
// The values sit behind a pointer to an unexported type, so that a printer
// that cannot call CardDetails' methods (fmt, for a CardDetails held in an
// unexported field of the caller's own struct) shows an address, never the
// card data. The zero CardDetails holds no card.
type CardDetails struct {
	data *sealedCard
}

// sealedCard returns the card data. It is a function because reflection
// cannot look inside one: fmt (even through a bad verb such as %q on an
// unexported field, which dereferences a pointer to a struct),
// encoding/json and any other reflection-based printer stop at its
// address.
type sealedCard func() cardData

// cardData is what CardDetails hides.
type cardData struct {
	pan, cvv, expiration string
}

// values returns the card data, empty for the zero CardDetails.
func (d CardDetails) values() cardData {
	if d.data == nil || *d.data == nil {
		return cardData{}
	}
	return (*d.data)()
}

// PAN returns the card number.
func (d CardDetails) PAN() string { return d.values().pan }

// CVV returns the card verification value.
func (d CardDetails) CVV() string { return d.values().cvv }

// Expiration returns the expiration date as Jiko encrypted it. The
// reference does not state its format.
func (d CardDetails) Expiration() string { return d.values().expiration }

// Last4 returns the last four digits of the card number, which may be
// shown; "" when the number is shorter than that.
func (d CardDetails) Last4() string {
	pan := d.PAN()
	if len(pan) < 8 {
		return ""
	}
	return pan[len(pan)-4:]
}

// MaskedPAN returns the card number as it may be shown: "**** 4242".
func (d CardDetails) MaskedPAN() string {
	if d.Last4() == "" {
		return "****"
	}
	return "**** " + d.Last4()
}

// String returns the masked details.
func (d CardDetails) String() string {
	return "CardDetails{PAN: " + d.MaskedPAN() + ", CVV: ***, Expiration: **/**}"
}

// GoString returns the masked details, for %#v.
func (d CardDetails) GoString() string { return "jiko." + d.String() }

// Format prints the masked details for every verb (%v, %+v, %#v, %s, %q).
func (d CardDetails) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, d.GoString())
		return
	}
	formatMasked(f, verb, d.String())
}

// LogValue logs the masked details.
func (d CardDetails) LogValue() slog.Value { return slog.StringValue(d.String()) }

// MarshalJSON encodes the masked form: {"pan":"**** 4242","cvv":"***",
// "expiration":"**/**"}. Send the values themselves with your own struct.
func (d CardDetails) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"pan": d.MaskedPAN(), "cvv": "***", "expiration": "**/**"})
}

// Decrypt decrypts the card's number, CVV and expiration with the private
// half of the key pair whose public half was sent. A field that does not
// decrypt (another key pair, altered data) fails with an error that names
// it and wraps [ErrCardDecryption]; no error ever contains card data.
func (v *VirtualCard) Decrypt(key *VirtualCardKey) (*CardDetails, error) {
	if v == nil {
		return nil, errors.New("jiko: VirtualCard.Decrypt: nil VirtualCard")
	}
	if key == nil || key.priv == nil {
		return nil, errors.New("jiko: VirtualCard.Decrypt: nil key")
	}
	var d cardData
	for _, f := range []struct {
		name, enc string
		out       *string
	}{
		{"EncryptedPAN", v.EncryptedPAN, &d.pan},
		{"EncryptedCVV", v.EncryptedCVV, &d.cvv},
		{"EncryptedExpiration", v.EncryptedExpiration, &d.expiration},
	} {
		plain, err := decryptField(key.priv, f.enc)
		if err != nil {
			return nil, fmt.Errorf("jiko: VirtualCard.%s: %w", f.name, err)
		}
		*f.out = plain
	}
	seal := sealedCard(func() cardData { return d })
	return &CardDetails{data: &seal}, nil
}

// decryptField decodes one base64 field and decrypts it (PKCS #1 v1.5).
func decryptField(priv *rsa.PrivateKey, enc string) (string, error) {
	if strings.TrimSpace(enc) == "" {
		return "", errors.New("is empty")
	}
	ct, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return "", errors.New("is not standard base64")
	}
	// PrivateKey.Decrypt with nil options is PKCS #1 v1.5 decryption, the
	// padding the reference's guide uses (see the top of this file).
	plain, err := priv.Decrypt(nil, ct, nil)
	if err != nil {
		return "", ErrCardDecryption
	}
	// A wrong key passes the padding check once in tens of thousands of
	// tries; what comes out then is random bytes, which this catches.
	if len(plain) == 0 || !utf8.Valid(plain) || strings.ContainsFunc(string(plain), isControlChar) {
		return "", ErrCardDecryption
	}
	return string(plain), nil
}

func isControlChar(r rune) bool { return r < 0x20 || r == 0x7f }

// parseRSAPublicKey reads an RSA public key of at least minBits bits from a
// "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" (PKCS #1) PEM
// block. Its errors say what is wrong without the key's text.
func parseRSAPublicKey(pemText string, minBits int) (*rsa.PublicKey, error) {
	if strings.TrimSpace(pemText) == "" {
		return nil, errors.New("is empty")
	}
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errors.New("is not a PEM block")
	}
	var pub *rsa.PublicKey
	switch block.Type {
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, errors.New("the PUBLIC KEY block does not parse")
		}
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("is a %T key, not RSA", k)
		}
		pub = rk
	case "RSA PUBLIC KEY":
		k, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, errors.New("the RSA PUBLIC KEY block does not parse")
		}
		pub = k
	default:
		return nil, fmt.Errorf("PEM block %q is not a public key (want PUBLIC KEY or RSA PUBLIC KEY)", block.Type)
	}
	if bits := pub.N.BitLen(); bits < minBits {
		return nil, fmt.Errorf("RSA key is %d bits; at least %d are required", bits, minBits)
	}
	return pub, nil
}
