package jiko

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// Jiko posts each event of a subscription to its URL as a JSON body (the
// Event envelope) with the header x-jiko-signature set to
// base64(HMAC-SHA256(key = the subscription's shared secret, message = the
// raw body)). Unlike the signature of API requests, it covers neither a
// path nor an idempotency key. A receiver must check it on the raw bytes,
// before decoding anything, and answer 2xx only once the event is handled:
// Jiko retries other answers by the subscription's RetryPolicy.

// WebhookSignatureHeader is the header that carries a delivery's signature.
const WebhookSignatureHeader = "X-Jiko-Signature"

// ErrInvalidWebhookSignature is returned (possibly wrapped with the reason:
// missing, malformed, no match) by VerifyWebhook when a delivery's
// signature is not the one of its body under any of the secrets. Such a
// request did not come from Jiko, or was altered, or was signed with a
// secret the receiver does not have.
var ErrInvalidWebhookSignature = errors.New("jiko: invalid webhook signature")

// errNoWebhookSecret is a receiver's configuration error, not a bad
// request: it is never reported as ErrInvalidWebhookSignature.
var errNoWebhookSecret = errors.New("jiko: VerifyWebhook: no secret given (an empty secret is refused)")

// SignWebhook returns the signature Jiko puts in the x-jiko-signature
// header of a delivery: base64(HMAC-SHA256(secret, body)). Use it to test a
// receiver without a server:
//
//	req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
//	req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(body, secret))
func SignWebhook(body []byte, secret string) string {
	var sum [sha256.Size]byte
	newWebhookKey(secret).sum(sum[:0], body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// VerifyWebhook checks the signature of a delivery's raw body, with a
// constant-time comparison, against each of secrets: at least one is
// required, and none may be empty. Give two while rotating a
// subscription's secret. It returns nil when one matches, an error that
// errors.Is reports as ErrInvalidWebhookSignature when none does (or the
// signature is missing or malformed), and another error when no usable
// secret is given. It never panics, whatever its input, and its errors
// never include a secret, the signature or the body.
func VerifyWebhook(body []byte, signature string, secrets ...string) error {
	keys := make([]*webhookKey, len(secrets))
	for i, s := range secrets {
		keys[i] = newWebhookKey(s)
	}
	return verifyWebhook(keys, body, signature)
}

// webhookKey computes the signatures of one secret, reusing its HMAC
// states.
type webhookKey struct {
	empty bool
	pool  sync.Pool // of hash.Hash keyed with the secret
}

func newWebhookKey(secret string) *webhookKey {
	key := []byte(secret)
	k := &webhookKey{empty: secret == ""}
	k.pool.New = func() any { return hmac.New(sha256.New, key) }
	return k
}

func (k *webhookKey) sum(dst, body []byte) []byte {
	h := k.pool.Get().(hash.Hash)
	h.Reset()
	h.Write(body)
	dst = h.Sum(dst)
	k.pool.Put(h)
	return dst
}

func verifyWebhook(keys []*webhookKey, body []byte, signature string) error {
	if len(keys) == 0 {
		return errNoWebhookSecret
	}
	for _, k := range keys {
		if k.empty {
			return errNoWebhookSecret
		}
	}
	switch {
	case signature == "":
		return fmt.Errorf("%w: no %s header", ErrInvalidWebhookSignature, WebhookSignatureHeader)
	case len(signature) != signatureLen:
		return fmt.Errorf("%w: malformed", ErrInvalidWebhookSignature)
	}
	// 44 base64 characters decode to at most 33 bytes.
	var got [signatureLen / 4 * 3]byte
	n, err := base64.StdEncoding.Strict().Decode(got[:], []byte(signature))
	if err != nil || n != sha256.Size {
		return fmt.Errorf("%w: malformed", ErrInvalidWebhookSignature)
	}
	// Every secret is tried, so the time taken does not tell which matched.
	match := 0
	var want [sha256.Size]byte
	for _, k := range keys {
		match |= subtle.ConstantTimeCompare(k.sum(want[:0], body), got[:n])
	}
	if match != 1 {
		return fmt.Errorf("%w: no match", ErrInvalidWebhookSignature)
	}
	return nil
}

// ParseWebhook decodes a delivery's body into an Event with its typed
// payload (an *UnknownEventPayload for a type this package does not know).
// It does not check the signature: call VerifyWebhook first, or use
// WebhookHandler, which does both. It reports an error when the body is not
// one JSON object, lacks event_id, event_type, timestamp or payload, or has
// a payload that does not fit its type.
func ParseWebhook(body []byte) (*Event, error) {
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, fmt.Errorf("jiko: webhook: %w", err)
	}
	missing := ""
	switch {
	case e.ID == "":
		missing = "event_id"
	case e.Type == "":
		missing = "event_type"
	case e.Timestamp.IsZero():
		missing = "timestamp"
	case e.Payload == nil:
		missing = "payload"
	}
	if missing != "" {
		return nil, fmt.Errorf("jiko: webhook: %s is missing", missing)
	}
	return &e, nil
}
