package jiko

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"sync"
)

// Signer computes the x-jiko-signature header of a Partner API request:
// base64(HMAC-SHA256(secret, idempotency key + URL path + body)).
//
// A partner does not need it to call the API: the [Client] signs every
// request by itself (see [WithSigningSecret]). Signer is for verifying or
// producing request signatures in the partner's own tests, proxies or
// gateways: a fake of the API that checks what a client sent (package
// jikotest uses it so), a gateway that re-signs requests it forwards, or a
// test that pins a known signature. Webhook deliveries are signed
// differently: check them with [VerifyWebhook] or [WebhookHandler].
//
// A Signer is safe for concurrent use. Its String and GoString methods never
// reveal the secret.
type Signer struct {
	pool sync.Pool // of hash.Hash keyed with the secret
}

// NewSigner returns a [Signer] for the partner's shared signing secret, the
// one given to the client with [WithSigningSecret].
func NewSigner(secret string) *Signer {
	key := []byte(secret)
	s := &Signer{}
	s.pool.New = func() any { return hmac.New(sha256.New, key) }
	return s
}

// Sign returns the signature of one request, the value of its
// x-jiko-signature header. path is the escaped URL path exactly as sent,
// without scheme, host or query (for example "/api/v1/agreements/"), and
// including any prefix of the base URL; body is the exact bytes of the
// request body, nil or empty when there is none.
func (s *Signer) Sign(idempotencyKey, path string, body []byte) string {
	var sum [sha256.Size]byte
	s.sum(sum[:0], idempotencyKey, path, body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// signatureLen is the length of a signature: the padded base64 of a
// SHA-256 sum, 44 characters.
const signatureLen = (sha256.Size + 2) / 3 * 4

// Verify reports whether signature is the signature of the request, using a
// constant-time comparison, for a server, proxy or test that receives
// signed requests. It returns false, and never panics, for any signature
// that is not exactly the canonical padded base64 of a SHA-256 sum.
func (s *Signer) Verify(idempotencyKey, path string, body []byte, signature string) bool {
	got, ok := decodeSignature(signature)
	if !ok {
		return false
	}
	var want [sha256.Size]byte
	s.sum(want[:0], idempotencyKey, path, body)
	return hmac.Equal(want[:], got[:])
}

// decodeSignature decodes a signature, request's or webhook's: the
// canonical padded standard base64 of a SHA-256 sum, nothing else. It
// reports false, and never panics, for any other input.
func decodeSignature(signature string) (sum [sha256.Size]byte, ok bool) {
	if len(signature) != signatureLen {
		return sum, false
	}
	// 44 base64 characters decode to at most 33 bytes (when they carry no
	// padding), so got has room for any input of that length.
	var got [signatureLen / 4 * 3]byte
	n, err := strictBase64.Decode(got[:], []byte(signature))
	if err != nil || n != sha256.Size {
		return sum, false
	}
	copy(sum[:], got[:n])
	return sum, true
}

// strictBase64 refuses non-canonical padding bits. Strict copies the
// encoding, so it is made once.
var strictBase64 = base64.StdEncoding.Strict()

func (s *Signer) sum(dst []byte, idempotencyKey, path string, body []byte) []byte {
	h := s.pool.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte(idempotencyKey))
	h.Write([]byte(path))
	h.Write(body)
	dst = h.Sum(dst)
	s.pool.Put(h)
	return dst
}

// String returns a fixed text so that the secret never reaches a log.
func (s *Signer) String() string { return "jiko.Signer{secret: REDACTED}" }

// GoString is String, for %#v.
func (s *Signer) GoString() string { return s.String() }
