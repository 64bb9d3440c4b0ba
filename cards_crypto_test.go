package jiko

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test card data (a test Visa number).
const (
	testPAN = "4111111111111111"
	testCVV = "737"
	testExp = "12/29"
	testPIN = CardPIN("4821")
)

// testKeys returns two committed 2048-bit test keys: a, fast, for the
// round trips, and b, the wrong key.
func testKeys(t testing.TB) (a, b *rsa.PrivateKey) {
	t.Helper()
	return testKey(t, "test-key-a-2048.pem"), testKey(t, "test-key-b-2048.pem")
}

func pkcs1PEM(priv *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)})
}

func publicPEM(t testing.TB, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// encryptFor encrypts s as Jiko does: PKCS #1 v1.5, standard base64.
func encryptFor(t testing.TB, pub *rsa.PublicKey, s string) string {
	t.Helper()
	// PKCS #1 v1.5 is the reference's padding (see cards_crypto.go).
	ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(s))
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(ct)
}

func encryptedCard(t testing.TB, pub *rsa.PublicKey) *VirtualCard {
	return &VirtualCard{
		CardID: cardID, EncryptedPAN: encryptFor(t, pub, testPAN),
		EncryptedCVV: encryptFor(t, pub, testCVV), EncryptedExpiration: encryptFor(t, pub, testExp),
	}
}

func TestVirtualCardDecryptRoundTrip(t *testing.T) {
	a, _ := testKeys(t)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(a)
	require.NoError(t, err)
	for name, pemData := range map[string][]byte{
		"PKCS #1": pkcs1PEM(a),
		"PKCS #8": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
	} {
		t.Run(name, func(t *testing.T) {
			key, err := ParseVirtualCardKey(pemData)
			require.NoError(t, err)
			assert.Equal(t, 2048, key.Bits())
			assert.Equal(t, publicPEM(t, &a.PublicKey), key.PublicKeyPEM())
			assert.Equal(t, pkcs1PEM(a), key.PrivateKeyPEM())
			d, err := encryptedCard(t, &a.PublicKey).Decrypt(key)
			require.NoError(t, err)
			assert.Equal(t, testPAN, d.PAN())
			assert.Equal(t, testCVV, d.CVV())
			assert.Equal(t, testExp, d.Expiration())
			assert.Equal(t, "1111", d.Last4())
		})
	}
}

// NewVirtualCardKey makes a fresh 4096-bit pair each time. It is the one
// test that generates a key (a second or more), in parallel with the rest.
func TestNewVirtualCardKeyMakesA4096BitPair(t *testing.T) {
	t.Parallel()
	key, err := NewVirtualCardKey()
	require.NoError(t, err)
	assert.Equal(t, VirtualCardKeyBits, key.Bits())
	assert.NotEqual(t, virtualCardTestKey(t).PublicKeyPEM(), key.PublicKeyPEM())
	pub, err := parseRSAPublicKey(key.PublicKeyPEM(), VirtualCardKeyBits)
	require.NoError(t, err)
	assert.Equal(t, &key.priv.PublicKey, pub)
}

// A 4096-bit key pair (the committed test key), sent by CreateVirtual, used
// by a fake Jiko to encrypt, and decrypted.
func TestVirtualCard4096RoundTripThroughCreateVirtual(t *testing.T) {
	key := virtualCardTestKey(t)
	assert.Equal(t, VirtualCardKeyBits, key.Bits())
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/virtual-cards/"
	h.on("POST", path, func(*http.Request) (*http.Response, error) {
		var in VirtualCardRequest
		if err := json.Unmarshal(h.last().Body, &in); err != nil {
			return nil, err
		}
		pub, err := parseRSAPublicKey(in.PublicKey, VirtualCardKeyBits)
		if err != nil {
			return nil, err
		}
		b, _ := json.Marshal(encryptedCard(t, pub))
		return status(201, string(b))(nil)
	})
	vc, err := h.c.Cards.CreateVirtual(context.Background(), pocketID, key.Request())
	require.NoError(t, err)
	assert.Equal(t, `{"public_key":`+mustJSON(t, key.PublicKeyPEM())+`}`, string(h.last().Body))
	d, err := vc.Decrypt(key)
	require.NoError(t, err)
	assert.Equal(t, testPAN, d.PAN())
	assert.Equal(t, "**** 1111", d.MaskedPAN())
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestVirtualCardDecryptWithTheWrongKey(t *testing.T) {
	a, b := testKeys(t)
	wrong, err := ParseVirtualCardKey(pkcs1PEM(b))
	require.NoError(t, err)
	_, err = encryptedCard(t, &a.PublicKey).Decrypt(wrong)
	assert.EqualError(t, err, "jiko: VirtualCard.EncryptedPAN: cannot decrypt: it was encrypted for another key pair, or altered")
	assert.ErrorIs(t, err, ErrCardDecryption)
}

func TestVirtualCardDecryptTamperedData(t *testing.T) {
	a, _ := testKeys(t)
	key, err := ParseVirtualCardKey(pkcs1PEM(a))
	require.NoError(t, err)

	vc := encryptedCard(t, &a.PublicKey)
	ct, _ := base64.StdEncoding.DecodeString(vc.EncryptedCVV)
	ct[len(ct)/2] ^= 0x01
	vc.EncryptedCVV = base64.StdEncoding.EncodeToString(ct)
	_, err = vc.Decrypt(key)
	assert.EqualError(t, err, "jiko: VirtualCard.EncryptedCVV: cannot decrypt: it was encrypted for another key pair, or altered")
	assert.ErrorIs(t, err, ErrCardDecryption)

	vc = encryptedCard(t, &a.PublicKey)
	vc.EncryptedExpiration = "not base64!"
	_, err = vc.Decrypt(key)
	assert.EqualError(t, err, "jiko: VirtualCard.EncryptedExpiration: is not standard base64")

	vc.EncryptedExpiration = ""
	_, err = vc.Decrypt(key)
	assert.EqualError(t, err, "jiko: VirtualCard.EncryptedExpiration: is empty")

	// The reference's example cuts its values short ("...").
	published := testutil.Strict[VirtualCard](t, testutil.Load(t, "virtual_card.json"))
	_, err = published.Decrypt(key)
	assert.EqualError(t, err, "jiko: VirtualCard.EncryptedPAN: is not standard base64")

	_, err = vc.Decrypt(nil)
	assert.EqualError(t, err, "jiko: VirtualCard.Decrypt: nil key")
}

// decryptedTestCard decrypts the test card with key a.
func decryptedTestCard(t *testing.T, a *rsa.PrivateKey) *CardDetails {
	t.Helper()
	key, err := ParseVirtualCardKey(pkcs1PEM(a))
	require.NoError(t, err)
	d, err := encryptedCard(t, &a.PublicKey).Decrypt(key)
	require.NoError(t, err)
	return d
}

func TestCardDetailsNeverShowTheCardData(t *testing.T) {
	a, b := testKeys(t)
	d := decryptedTestCard(t, a)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("card", "details", d, "value", *d)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("card", "details", d)
	asJSON, err := json.Marshal(struct{ D *CardDetails }{d})
	require.NoError(t, err)
	wrong, _ := ParseVirtualCardKey(pkcs1PEM(b))
	_, decryptErr := encryptedCard(t, &a.PublicKey).Decrypt(wrong)
	shown := []string{
		fmt.Sprint(d), fmt.Sprint(*d), fmt.Sprintf("%v", d), fmt.Sprintf("%+v", d), fmt.Sprintf("%#v", d),
		fmt.Sprintf("%s", d), fmt.Sprintf("%q", d), fmt.Sprintf("%x", d), fmt.Sprintf("%d", *d),
		fmt.Sprintf("%+v", struct{ Card CardDetails }{*d}), fmt.Sprintf("%#v", []*CardDetails{d}),
		d.String(), d.GoString(), logs.String(), string(asJSON), decryptErr.Error(),
	}
	for _, s := range shown {
		for _, secret := range []string{testPAN, testCVV, testExp, "411111"} {
			assert.NotContains(t, s, secret)
		}
	}
	assert.Equal(t, "CardDetails{PAN: **** 1111, CVV: ***, Expiration: **/**}", fmt.Sprintf("%+v", d))
	assert.Equal(t, "jiko.CardDetails{PAN: **** 1111, CVV: ***, Expiration: **/**}", fmt.Sprintf("%#v", d))
	assert.JSONEq(t, `{"D":{"pan":"**** 1111","cvv":"***","expiration":"**/**"}}`, string(asJSON))
}

// Held in a caller's own struct, even in unexported fields where fmt cannot
// call its methods, a CardDetails shows no card data.
func TestCardDetailsInACallersStructShowNoCardData(t *testing.T) {
	a, _ := testKeys(t)
	d := decryptedTestCard(t, a)
	require.Equal(t, testPAN, d.PAN())
	type session struct {
		User    string
		card    CardDetails
		cardPtr *CardDetails
		cards   []CardDetails
		Card    CardDetails
	}
	s := session{User: "u", card: *d, cardPtr: d, cards: []CardDetails{*d}, Card: *d}
	// Addresses are what fmt prints for the hidden values; they could hold
	// the CVV's digits by chance.
	address := regexp.MustCompile(`0x[0-9a-f]+`)
	for _, v := range []any{s, &s, []session{s}, map[string]session{"k": s}} {
		for how, out := range renderings(t, v) {
			out = address.ReplaceAllString(out, "0x?")
			for _, secret := range []string{testPAN, testCVV, testExp, "411111"} {
				assert.NotContains(t, out, secret, "%s: %s", how, out)
			}
		}
	}
	assert.Equal(t, "", CardDetails{}.PAN(), "the zero CardDetails holds no card")
	assert.Equal(t, "****", CardDetails{}.MaskedPAN())
}

func TestCardPINAndKeysNeverShow(t *testing.T) {
	a, _ := testKeys(t)
	key, err := ParseVirtualCardKey(pkcs1PEM(a))
	require.NoError(t, err)
	req := &CardSetPINRequest{PIN: testPIN}
	asJSON, _ := json.Marshal(req)
	pinJSON, _ := json.Marshal(testPIN)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("pin", "pin", testPIN, "req", req, "key", key)
	for _, s := range []string{
		fmt.Sprint(testPIN), fmt.Sprintf("%v %+v %#v %s %q %d", testPIN, testPIN, testPIN, testPIN, testPIN, testPIN),
		fmt.Sprintf("%+v", req), fmt.Sprintf("%#v", req), fmt.Sprintf("%v", *req),
		string(asJSON), string(pinJSON), logs.String(),
	} {
		assert.NotContains(t, s, string(testPIN))
	}
	assert.Equal(t, "&{PIN:**** PublicKey:<nil>}", fmt.Sprintf("%+v", req))
	for _, s := range []string{fmt.Sprint(key), fmt.Sprintf("%+v", key), fmt.Sprintf("%#v", key), fmt.Sprintf("%s", key), logs.String()} {
		assert.NotContains(t, s, "PRIVATE")
		assert.NotContains(t, s, "D:")
	}
	assert.Equal(t, "jiko.VirtualCardKey{RSA 2048-bit, private key hidden}", fmt.Sprintf("%+v", key))
}

func TestReferenceExamplePublicKeyIsAccepted(t *testing.T) {
	var req VirtualCardRequest
	require.NoError(t, json.Unmarshal(testutil.Load(t, "virtual_card.request.json"), &req))
	require.NoError(t, req.validate())
	pub, err := parseRSAPublicKey(req.PublicKey, VirtualCardKeyBits)
	require.NoError(t, err)
	assert.Equal(t, 4096, pub.N.BitLen())
	assert.Equal(t, 65537, pub.E)
	// Encrypting a PIN to it gives what the reference's example has: 512
	// bytes of ciphertext in standard base64.
	enc, err := encryptPIN(pub, testPIN)
	require.NoError(t, err)
	assert.Len(t, enc, 684)
}

func TestPublicKeyChecks(t *testing.T) {
	small := testKey(t, "test-key-1024.pem")
	a, _ := testKeys(t)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	pkcs1Pub := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&a.PublicKey)}))
	cases := map[string]string{
		publicPEM(t, &a.PublicKey):  "jiko: VirtualCardRequest.PublicKey: RSA key is 2048 bits; at least 4096 are required",
		pkcs1Pub:                    "jiko: VirtualCardRequest.PublicKey: RSA key is 2048 bits; at least 4096 are required",
		publicPEM(t, &ec.PublicKey): "jiko: VirtualCardRequest.PublicKey: is a *ecdsa.PublicKey key, not RSA",
		string(pkcs1PEM(a)):         `jiko: VirtualCardRequest.PublicKey: PEM block "RSA PRIVATE KEY" is not a public key (want PUBLIC KEY or RSA PUBLIC KEY)`,
		"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n": "jiko: VirtualCardRequest.PublicKey: the PUBLIC KEY block does not parse",
	}
	h := newHarness(t)
	for pemText, want := range cases {
		_, err := h.c.Cards.CreateVirtual(context.Background(), pocketID, &VirtualCardRequest{PublicKey: pemText})
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	assert.Empty(t, h.requests())

	_, err = ParseVirtualCardKey(pkcs1PEM(small))
	assert.EqualError(t, err, "jiko: ParseVirtualCardKey: RSA key is 1024 bits; at least 2048 are required")
	_, err = ParseVirtualCardKey([]byte(publicPEM(t, &a.PublicKey)))
	assert.EqualError(t, err, `jiko: ParseVirtualCardKey: PEM block "PUBLIC KEY" is not a private key (want RSA PRIVATE KEY or PRIVATE KEY)`)
	_, err = ParseVirtualCardKey([]byte("nothing"))
	assert.EqualError(t, err, "jiko: ParseVirtualCardKey: no PEM block found")
	_, err = (&EncryptionKeys{SetPIN: publicPEM(t, &small.PublicKey)}).SetPINKey()
	assert.EqualError(t, err, "jiko: EncryptionKeys.SetPIN: RSA key is 1024 bits; at least 2048 are required")
}

// pinHarness answers List Public Keys with key's public half and Set Card
// PIN with the given responses.
func pinHarness(t *testing.T, key *rsa.PrivateKey, opts ...ClientOption) (*harness, string) {
	h := newHarness(t, opts...)
	keys, _ := json.Marshal(EncryptionKeys{SetPIN: publicPEM(t, &key.PublicKey)})
	h.on("GET", "/api/v1/public-keys/", status(200, string(keys)))
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/" + cardID + "/pin/"
	h.on("POST", path, status(200, fixture(t, "card_set_pin.json")))
	return h, path
}

// sentPIN decrypts the encrypted_pin of a request with key.
func sentPIN(t *testing.T, key *rsa.PrivateKey, r seen) string {
	t.Helper()
	body := testutil.Strict[cardPINBody](t, r.Body)
	ct, err := base64.StdEncoding.DecodeString(body.EncryptedPIN)
	require.NoError(t, err)
	plain, err := key.Decrypt(nil, ct, nil)
	require.NoError(t, err)
	return string(plain)
}

func count(reqs []seen, path string) int {
	n := 0
	for _, r := range reqs {
		if r.Path == path {
			n++
		}
	}
	return n
}

func TestCardsSetPINEncryptsWithTheCachedSetPINKey(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	ctx := context.Background()
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN}))
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: "0007"}))

	reqs := h.requests()
	assert.Equal(t, 1, count(reqs, "/api/v1/public-keys/"), "the key is fetched once")
	require.Equal(t, 2, count(reqs, path))
	assert.Equal(t, string(testPIN), sentPIN(t, a, reqs[1]))
	assert.Equal(t, "0007", sentPIN(t, a, reqs[2]))
	assert.Equal(t, "POST", reqs[1].Method)
	assertSigned(t, reqs[1])
	assert.NotEqual(t, reqs[1].Body, reqs[2].Body)
}

func TestCardsSetPINWithTheCallersKeyFetchesNothing(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	require.NoError(t, h.c.Cards.SetPIN(context.Background(), pocketID, cardID, &CardSetPINRequest{PIN: testPIN, PublicKey: &a.PublicKey}))
	reqs := h.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, path, reqs[0].Path)
	assert.Equal(t, string(testPIN), sentPIN(t, a, reqs[0]))
}

func TestCardsSetPINDropsTheKeyTheAPIRefuses(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	ctx := context.Background()
	h.on("POST", path, status(422, `{"detail":"encrypted_pin could not be decrypted"}`), status(200, `{"success":true}`))
	err := h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN})
	assert.EqualError(t, err, "jiko: POST "+path+": 422 Unprocessable Entity: encrypted_pin could not be decrypted")
	assert.NotContains(t, err.Error(), string(testPIN))
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN}))
	assert.Equal(t, 2, count(h.requests(), "/api/v1/public-keys/"), "the refused key is fetched again")

}

func TestCardsSetPINSuccessFalseIsErrPINNotSetAndDropsTheKey(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	ctx := context.Background()
	h.on("POST", path, status(200, `{"success":false}`), status(200, `{"success":true}`))
	err := h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN})
	assert.EqualError(t, err, "jiko: POST "+path+": the API answered success: false; the PIN is not set")
	assert.ErrorIs(t, err, ErrPINNotSet)
	assert.NotContains(t, err.Error(), string(testPIN))
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN}), "calling again is safe")
	assert.Equal(t, 2, count(h.requests(), "/api/v1/public-keys/"), "the key of the refused PIN is fetched again")

	// The caller's own key is not the cache's: nothing is dropped.
	h.on("POST", path, status(200, `{"success":false}`))
	err = h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN, PublicKey: &a.PublicKey})
	assert.ErrorIs(t, err, ErrPINNotSet)
	assert.Equal(t, 2, count(h.requests(), "/api/v1/public-keys/"))
}

func TestCardsSetPINWithoutSuccessTakesTheStatusAtItsWord(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	ctx := context.Background()
	h.on("POST", path, status(200, `{}`), status(200, `{"success":null}`))
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN}))
	require.NoError(t, h.c.Cards.SetPIN(ctx, pocketID, cardID, &CardSetPINRequest{PIN: testPIN}))
	assert.Equal(t, 2, count(h.requests(), path))
	assert.Equal(t, 1, count(h.requests(), "/api/v1/public-keys/"), "the key is kept")
}

func TestCardsSetPINRefusesBadInputAndSendsNothing(t *testing.T) {
	a, _ := testKeys(t)
	small := testKey(t, "test-key-1024.pem")
	h, _ := pinHarness(t, a)
	ctx := context.Background()
	cases := map[string]struct {
		account, card string
		req           *CardSetPINRequest
	}{
		"jiko: CardSetPINRequest.PIN: has 5 characters; a PIN is exactly 4 digits":            {pocketID, cardID, &CardSetPINRequest{PIN: "48213"}},
		"jiko: CardSetPINRequest.PIN: has 3 characters; a PIN is exactly 4 digits":            {pocketID, cardID, &CardSetPINRequest{PIN: "482"}},
		"jiko: CardSetPINRequest.PIN: must be 4 digits 0-9; it has another character":         {pocketID, cardID, &CardSetPINRequest{PIN: "48a1"}},
		"jiko: CardSetPINRequest.PIN: is empty":                                               {pocketID, cardID, &CardSetPINRequest{}},
		"jiko: CardSetPINRequest.PublicKey: RSA key is 1024 bits; at least 2048 are required": {pocketID, cardID, &CardSetPINRequest{PIN: testPIN, PublicKey: &small.PublicKey}},
		"jiko: CardSetPINRequest: is nil":                                                     {pocketID, cardID, nil},
		"jiko: account_id: is empty":                                                          {"", cardID, &CardSetPINRequest{PIN: testPIN}},
		"jiko: card_id: is empty":                                                             {pocketID, "", &CardSetPINRequest{PIN: testPIN}},
	}
	for want, tc := range cases {
		err := h.c.Cards.SetPIN(ctx, tc.account, tc.card, tc.req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
		for _, digits := range []string{"4821", "48213", "482", "48a1"} {
			assert.NotContains(t, err.Error(), digits)
		}
	}
	err := h.c.Cards.SetPIN(nilContext(), pocketID, cardID, &CardSetPINRequest{PIN: testPIN})
	assert.EqualError(t, err, "jiko: ctx: is nil")
	assert.Empty(t, h.requests(), "neither the key nor the PIN was requested")
}

func nilContext() context.Context { return nil }

// No log line of a SetPIN call, at any level, carries the PIN.
func TestCardsSetPINLogsNoPIN(t *testing.T) {
	a, _ := testKeys(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, path := pinHarness(t, a, WithLogger(logger))
	h.on("POST", path, status(503, `{"detail":"busy"}`), status(200, `{"success":true}`))
	require.NoError(t, h.c.Cards.SetPIN(context.Background(), pocketID, cardID, &CardSetPINRequest{PIN: testPIN}, WithRetryBackoff(1, 1)))
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.NotEmpty(t, lines)
	for _, line := range lines {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		for k, v := range rec {
			if k == "time" || k == "duration" || k == "idempotency_key" {
				continue // values that may hold any digits
			}
			assert.NotContains(t, fmt.Sprint(v), string(testPIN), k)
		}
		assert.NotContains(t, line, "encrypted_pin")
	}
}

func TestPINKeyCacheWaitersStopWithTheirContext(t *testing.T) {
	var c pinKeyCache
	a, _ := testKeys(t)
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := c.get(context.Background(), testNow(), func(context.Context) (*rsa.PublicKey, error) {
			close(started)
			<-release
			return &a.PublicKey, nil
		})
		done <- err
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.get(ctx, testNow(), func(context.Context) (*rsa.PublicKey, error) { return nil, errors.New("not called") })
	assert.ErrorIs(t, err, context.Canceled)
	close(release)
	require.NoError(t, <-done)
	got, err := c.get(context.Background(), testNow(), func(context.Context) (*rsa.PublicKey, error) { return nil, errors.New("not called") })
	require.NoError(t, err)
	assert.Same(t, &a.PublicKey, got)
	got, err = c.get(context.Background(), testNow().Add(pinKeyTTL), func(context.Context) (*rsa.PublicKey, error) { return nil, errors.New("refetched") })
	assert.EqualError(t, err, "refetched", "an old key is fetched again")
	assert.Nil(t, got)
}

func testNow() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

// BenchmarkNewVirtualCardKey measures generating a 4096-bit key pair, which
// every virtual card call needs (its time varies a lot between runs: it
// searches for primes).
func BenchmarkNewVirtualCardKey(b *testing.B) {
	for b.Loop() {
		if _, err := NewVirtualCardKey(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVirtualCardDecrypt measures decrypting the three fields of a
// virtual card with a 4096-bit key.
func BenchmarkVirtualCardDecrypt(b *testing.B) {
	key := virtualCardTestKey(b)
	vc := encryptedCard(b, &key.priv.PublicKey)
	for b.Loop() {
		if _, err := vc.Decrypt(key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncryptPIN measures encrypting a PIN with the reference's
// 4096-bit set_pin key.
func BenchmarkEncryptPIN(b *testing.B) {
	pub, err := (&EncryptionKeys{SetPIN: string(mustSetPINKey(b))}).SetPINKey()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := encryptPIN(pub, testPIN); err != nil {
			b.Fatal(err)
		}
	}
}

func mustSetPINKey(b *testing.B) []byte {
	var keys EncryptionKeys
	if err := json.Unmarshal(testutil.Load(b, "public_keys.json"), &keys); err != nil {
		b.Fatal(err)
	}
	return []byte(keys.SetPIN)
}
