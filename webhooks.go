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
	"slices"
	"sync"
)

// Jiko posts each event of a subscription to its URL as a JSON body (the
// Event envelope) with the header x-jiko-signature set to
// base64(HMAC-SHA256(key = the subscription's shared secret, message = the
// raw body)). Unlike the signature of API requests, it covers neither a
// path nor an idempotency key. A receiver must check it on the raw bytes,
// before decoding anything, and answer 2xx only once the event is handled:
// Jiko retries other answers by the subscription's RetryPolicy.

// WebhookSignatureHeader is the header that carries a delivery's signature:
// read it from the request to pass to [VerifyWebhook], or set it with
// [SignWebhook] in a test.
const WebhookSignatureHeader = "X-Jiko-Signature"

// ErrInvalidWebhookSignature is returned (possibly wrapped with the reason:
// missing, malformed, no match) by [VerifyWebhook] when a delivery's
// signature is not the one of its body under any of the secrets. Such a
// request did not come from Jiko, or was altered, or was signed with a
// secret the receiver does not have: match it with [errors.Is] and answer
// 401 without handling the body.
var ErrInvalidWebhookSignature = errors.New("jiko: invalid webhook signature")

// errNoWebhookSecret is a receiver's configuration error, not a bad
// request: it is never reported as ErrInvalidWebhookSignature.
var errNoWebhookSecret = errors.New("jiko: VerifyWebhook: no secret given (an empty secret is refused)")

// SignWebhook returns the signature Jiko puts in the x-jiko-signature
// header of a delivery: base64(HMAC-SHA256(secret, body)). Use it to test a
// receiver ([WebhookHandler] or one of your own) without a server:
//
//	req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
//	req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(body, secret))
func SignWebhook(body []byte, secret string) string {
	var sum [sha256.Size]byte
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(sum[:0]))
}

// VerifyWebhook checks the signature of a delivery's raw body, with a
// constant-time comparison, against each of secrets: at least one is
// required, and none may be empty. Use it in a receiver of your own; a
// receiver built with [WebhookHandler] does this by itself. Give two
// secrets while rotating a subscription's secret. It returns nil when one
// matches, an error that [errors.Is] reports as [ErrInvalidWebhookSignature]
// when none does (or the signature is missing or malformed), and another
// error when no usable secret is given. It never panics, whatever its
// input, and its errors never include a secret, the signature or the body.
func VerifyWebhook(body []byte, signature string, secrets ...string) error {
	if len(secrets) == 0 || slices.Contains(secrets, "") {
		return errNoWebhookSecret
	}
	return newWebhookKeys(secrets).verify(body, signature)
}

// decodeWebhookSignature decodes a signature header (see decodeSignature),
// saying why it is refused.
func decodeWebhookSignature(signature string) ([sha256.Size]byte, error) {
	if signature == "" {
		return [sha256.Size]byte{}, fmt.Errorf("%w: no %s header", ErrInvalidWebhookSignature, WebhookSignatureHeader)
	}
	sum, ok := decodeSignature(signature)
	if !ok {
		return sum, fmt.Errorf("%w: malformed", ErrInvalidWebhookSignature)
	}
	return sum, nil
}

func signatureMatched(match int) error {
	if match != 1 {
		return fmt.Errorf("%w: no match", ErrInvalidWebhookSignature)
	}
	return nil
}

// webhookKeys verify deliveries for a WebhookHandler, reusing the HMAC
// state of each secret.
type webhookKeys []*sync.Pool // of hash.Hash, one pool per secret

func newWebhookKeys(secrets []string) webhookKeys {
	keys := make(webhookKeys, len(secrets))
	for i, s := range secrets {
		key := []byte(s)
		keys[i] = &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}
	}
	return keys
}

func (keys webhookKeys) verify(body []byte, signature string) error {
	got, err := decodeWebhookSignature(signature)
	if err != nil {
		return err
	}
	// Every secret is tried, so the time taken does not tell which matched.
	match := 0
	var want [sha256.Size]byte
	for _, pool := range keys {
		h := pool.Get().(hash.Hash)
		h.Reset()
		h.Write(body)
		match |= subtle.ConstantTimeCompare(h.Sum(want[:0]), got[:])
		pool.Put(h)
	}
	return signatureMatched(match)
}

// ParseWebhook decodes a delivery's body into an [Event] with its typed
// payload, for a receiver of your own. It does not check the signature:
// call [VerifyWebhook] first, or use [WebhookHandler], which does both. It
// reports an error when the body is not an event envelope: not one JSON
// object, or without event_id, event_type, timestamp or payload. The
// timestamp is read tolerantly, as in answers: any string is kept (text
// that is not RFC 3339 with Valid false, "" and 0001-01-01T00:00:00Z as
// the zero Timestamp), and only an absent (or null) one is refused. A payload
// of a type this package does not know, or one that does not fit its
// type's variant, is no error: it arrives as an [*UnknownEventPayload]
// with its raw JSON and, for the latter, the decode error, so that a
// change on Jiko's side never fails every delivery of a type.
func ParseWebhook(body []byte) (*Event, error) {
	// Decoded in one pass: json.Unmarshal into an Event would check the
	// whole body once more before calling its UnmarshalJSON.
	var w eventWire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("jiko: webhook: %w", err)
	}
	var e Event
	e.fromWire(&w)
	missing := ""
	switch {
	case e.ID == "":
		missing = "event_id"
	case e.Type == "":
		missing = "event_type"
	case w.Timestamp == nil:
		missing = "timestamp"
	case e.Payload.Variant == nil:
		missing = "payload"
	}
	if missing != "" {
		return nil, fmt.Errorf("jiko: webhook: %s is missing", missing)
	}
	return &e, nil
}
