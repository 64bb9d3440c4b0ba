package jiko

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The v1.29 List Events example's event, compacted as Jiko would send it.
const approvedBody = `{"event_id":"a7a26ff2-e851-45b6-9634-d595f45458b7","timestamp":"2023-01-01T14:00:00+00:00","payload":{"application_id":"48ac72d0-a829-4896-a067-dcb1c2b0f30c"},"event_type":"application.approved"}`

// Known answers, computed outside Go with
//
//	printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
//
// and checked with Python's base64.b64encode(hmac.new(secret, body, sha256).digest()),
// Jiko's own example receiver.
var signatureVectors = []struct {
	name, secret, body, signature string
}{
	{"the v1.29 example event with the v1.29 example secret", "1234567890123456", approvedBody, "c8q21da2qDpz6vF5JeqzMsw3QD5s7mihCSNErnENh/s="},
	{"an empty body", "1234567890123456", "", "Z2DG0ulQ8YsT1XSgfLXBt71A7Cy5Bzpv4Qe2NpV6DoI="},
	{"UTF-8 in secret and body", "ünïcode-secret-0001", `héllo "webhook"`, "FfqgBagqlM0aA8TKt7WlLeeq4LPRdeapTMjhE4dBMdw="},
}

func TestSignWebhookKnownAnswers(t *testing.T) {
	for _, v := range signatureVectors {
		t.Run(v.name, func(t *testing.T) {
			assert.Equal(t, v.signature, SignWebhook([]byte(v.body), v.secret))
			assert.NoError(t, VerifyWebhook([]byte(v.body), v.signature, v.secret))
		})
	}
}

func TestVerifyWebhookRefuses(t *testing.T) {
	body := []byte(approvedBody)
	good := signatureVectors[0].signature
	secret := signatureVectors[0].secret
	tampered := bytes.Replace(body, []byte("approved"), []byte("rejected"), 1)
	flipped := []byte(good)
	flipped[0] ^= 1
	cases := map[string]struct {
		body []byte
		sig  string
		want string
	}{
		"tampered body":       {tampered, good, "jiko: invalid webhook signature: no match"},
		"one more byte":       {append(append([]byte(nil), body...), ' '), good, "jiko: invalid webhook signature: no match"},
		"altered signature":   {body, string(flipped), "jiko: invalid webhook signature: no match"},
		"missing signature":   {body, "", "jiko: invalid webhook signature: no X-Jiko-Signature header"},
		"unpadded signature":  {body, strings.TrimRight(good, "="), "jiko: invalid webhook signature: malformed"},
		"URL-safe alphabet":   {body, base64.URLEncoding.EncodeToString(mustDecode(t, good)), "jiko: invalid webhook signature: malformed"},
		"hex signature":       {body, fmt.Sprintf("%x", mustDecode(t, good)), "jiko: invalid webhook signature: malformed"},
		"spaces":              {body, " " + good[1:], "jiko: invalid webhook signature: malformed"},
		"signature of 33 B":   {body, base64.StdEncoding.EncodeToString(append(mustDecode(t, good), 0))[:44], "jiko: invalid webhook signature: malformed"},
		"nil body, good sig":  {nil, good, "jiko: invalid webhook signature: no match"},
		"huge body, good sig": {bytes.Repeat(body, 1<<14), good, "jiko: invalid webhook signature: no match"},
	}
	for name, tc := range cases {
		err := VerifyWebhook(tc.body, tc.sig, secret)
		assert.EqualError(t, err, tc.want, name)
		assert.ErrorIs(t, err, ErrInvalidWebhookSignature, name)
	}
	err := VerifyWebhook(body, good, "a-different-secret-0001")
	assert.ErrorIs(t, err, ErrInvalidWebhookSignature)
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestVerifyWebhookRotation(t *testing.T) {
	body := []byte(approvedBody)
	oldSig := SignWebhook(body, "old-secret-0123456789")
	newSig := SignWebhook(body, "new-secret-0123456789")
	assert.NoError(t, VerifyWebhook(body, oldSig, "new-secret-0123456789", "old-secret-0123456789"))
	assert.NoError(t, VerifyWebhook(body, newSig, "new-secret-0123456789", "old-secret-0123456789"))
	assert.ErrorIs(t, VerifyWebhook(body, oldSig, "new-secret-0123456789"), ErrInvalidWebhookSignature)
}

func TestVerifyWebhookNeedsASecret(t *testing.T) {
	body := []byte(approvedBody)
	// An empty key is a key an attacker knows: never accept it.
	emptyKeySig := SignWebhook(body, "")
	for _, secrets := range [][]string{nil, {""}, {"good-secret-0123456", ""}} {
		err := VerifyWebhook(body, emptyKeySig, secrets...)
		assert.EqualError(t, err, "jiko: VerifyWebhook: no secret given (an empty secret is refused)")
		assert.NotErrorIs(t, err, ErrInvalidWebhookSignature)
	}
}

func TestVerifyWebhookErrorsRevealNothing(t *testing.T) {
	body := []byte(approvedBody)
	sig := SignWebhook(body, "right-secret-0123456")
	err := VerifyWebhook(body, sig, "wrong-secret-0123456")
	require.Error(t, err)
	for _, s := range []string{"right-secret", "wrong-secret", sig, "application"} {
		assert.NotContains(t, err.Error(), s)
	}
}

func TestParseWebhook(t *testing.T) {
	ev, err := ParseWebhook([]byte(approvedBody))
	require.NoError(t, err)
	assert.Equal(t, "a7a26ff2-e851-45b6-9634-d595f45458b7", ev.ID)
	assert.Equal(t, EventApplicationApproved, ev.Type)
	assert.Equal(t, time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC), ev.Timestamp.UTC())
	assert.Equal(t, &ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}, ev.Payload.Variant)

	// Fields the API adds later are ignored.
	ev, err = ParseWebhook([]byte(`{"event_id":"e","event_type":"transfers.ach.in.success","timestamp":"2023-01-01T14:00:00Z","customer_id":"c","payload":{"jiko_account_id":"p","ach_id":"x"}}`))
	require.NoError(t, err)
	assert.Equal(t, &ACHIncomingPayload{JikoAccountID: "p"}, ev.Payload.Variant)
}

func TestParseWebhookRefuses(t *testing.T) {
	cases := map[string]string{
		"":     "jiko: webhook: unexpected end of JSON input",
		"{":    "jiko: webhook: unexpected end of JSON input",
		"null": "jiko: webhook: event_id is missing",
		"[]":   "jiko: webhook: json: cannot unmarshal array into Go value of type jiko.eventWire",
		`{"event_type":"application.approved","timestamp":"2023-01-01T14:00:00Z","payload":{}}`:   "jiko: webhook: event_id is missing",
		`{"event_id":"e","timestamp":"2023-01-01T14:00:00Z","payload":{}}`:                        "jiko: webhook: event_type is missing",
		`{"event_id":"e","event_type":"application.approved","payload":{}}`:                       "jiko: webhook: timestamp is missing",
		`{"event_id":"e","event_type":"application.approved","timestamp":"2023-01-01T14:00:00Z"}`: "jiko: webhook: payload is missing",
		approvedBody + ` {}`: "jiko: webhook: invalid character '{' after top-level value",
	}
	for body, want := range cases {
		_, err := ParseWebhook([]byte(body))
		assert.EqualError(t, err, want, body)
	}

	// A timestamp is read tolerantly: text that does not parse is kept,
	// and only an absent one (or null) is missing.
	ev, err := ParseWebhook([]byte(`{"event_id":"e","event_type":"application.approved","timestamp":"yesterday","payload":{}}`))
	require.NoError(t, err)
	assert.False(t, ev.Timestamp.Valid())
	assert.Equal(t, "yesterday", ev.Timestamp.Raw())
	for _, ts := range []string{`""`, `"0001-01-01T00:00:00Z"`} {
		ev, err = ParseWebhook([]byte(`{"event_id":"e","event_type":"application.approved","timestamp":` + ts + `,"payload":{}}`))
		require.NoError(t, err, ts)
		assert.True(t, ev.Timestamp.Valid(), ts)
		assert.True(t, ev.Timestamp.IsZero(), ts)
	}
	_, err = ParseWebhook([]byte(`{"event_id":"e","event_type":"application.approved","timestamp":null,"payload":{}}`))
	assert.EqualError(t, err, "jiko: webhook: timestamp is missing")
	_, err = ParseWebhook([]byte(`{"event_id":"e","event_type":"application.approved","timestamp":7,"payload":{}}`))
	assert.EqualError(t, err, "jiko: webhook: jiko: timestamp: 7 is not a JSON string", "a member that is not a string is no timestamp")
}

// post sends body to h with a signature under secret ("" for none).
func post(h http.Handler, body []byte, secret string) *httptest.ResponseRecorder {
	sig := ""
	if secret != "" {
		sig = SignWebhook(body, secret)
	}
	return postSigned(h, body, sig)
}

// postSigned sends body to h with the signature header sig ("" for none).
func postSigned(h http.Handler, body []byte, sig string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
	if sig != "" {
		req.Header.Set(WebhookSignatureHeader, sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookHandlerHandlesAVerifiedEvent(t *testing.T) {
	var got []*Event
	h := WebhookHandler(webhookSecret, func(ctx context.Context, ev *Event) error {
		got = append(got, ev)
		return nil
	})
	rec := post(h, []byte(approvedBody), webhookSecret)
	assert.Equal(t, http.StatusOK, rec.Code)
	require.Len(t, got, 1)
	assert.Equal(t, EventApplicationApproved, got[0].Type)
}

func TestWebhookHandlerRefusesABadSignatureAndLogsOnlyTheFact(t *testing.T) {
	var logs bytes.Buffer
	called := false
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { called = true; return nil },
		WithWebhookLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	body := []byte(approvedBody)
	for _, secret := range []string{"", "an-attackers-secret-000"} {
		rec := post(h, body, secret)
		assert.Equal(t, http.StatusUnauthorized, rec.Code)
	}
	tampered := bytes.Replace(body, []byte("approved"), []byte("rejected"), 1)
	rec := postSigned(h, tampered, SignWebhook(body, webhookSecret))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.False(t, called)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 1, "one line a minute")
	assert.Regexp(t, `^time=\S+ level=WARN msg="jiko webhook: invalid signature: is the handler's secret the subscription's shared secret\?" refused=1 refused_total=1$`, lines[0])
	assert.Equal(t, uint64(3), h.Stats().Refused)
}

func TestWebhookHandlerAnswers500WhenTheFunctionFails(t *testing.T) {
	var logs bytes.Buffer
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { return errors.New("database is down") },
		WithWebhookLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	rec := post(h, []byte(approvedBody), webhookSecret)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "database", "the error is not sent back")
	assert.Contains(t, logs.String(), `error="database is down"`)
	assert.Contains(t, logs.String(), "event_id=a7a26ff2-e851-45b6-9634-d595f45458b7")
}

func TestWebhookHandlerRefusesWhatIsNotASignedEvent(t *testing.T) {
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error {
		t.Error("the function must not be called")
		return nil
	}, WithWebhookMaxBody(1024))
	assert.Equal(t, http.StatusBadRequest, post(h, []byte(`{"hello":"world"}`), webhookSecret).Code)
	assert.Equal(t, http.StatusBadRequest, post(h, nil, webhookSecret).Code, "an empty body, signed")
	assert.Equal(t, http.StatusUnauthorized, post(h, nil, "").Code, "an empty body, unsigned")
	huge := bytes.Repeat([]byte("a"), 1025)
	assert.Equal(t, http.StatusRequestEntityTooLarge, post(h, huge, webhookSecret).Code)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/webhooks", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "POST", rec.Header().Get("Allow"))
}

func TestWebhookHandlerDefaultBodyCap(t *testing.T) {
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { return nil })
	big := bytes.Repeat([]byte(" "), DefaultWebhookMaxBody)
	withEvent := append([]byte(approvedBody), big[:DefaultWebhookMaxBody-len(approvedBody)]...)
	assert.Equal(t, http.StatusOK, post(h, withEvent, webhookSecret).Code, "exactly the cap")
	assert.Equal(t, http.StatusRequestEntityTooLarge, post(h, append(withEvent, ' '), webhookSecret).Code)
}

func TestWebhookHandlerAcceptsRotatedSecrets(t *testing.T) {
	n := 0
	h := WebhookHandler("new-secret-0123456789", func(context.Context, *Event) error { n++; return nil },
		WithWebhookSecrets("old-secret-0123456789"), WithWebhookDeduplicator(nil))
	assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), "old-secret-0123456789").Code)
	assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), "new-secret-0123456789").Code)
	assert.Equal(t, http.StatusUnauthorized, post(h, []byte(approvedBody), "other-secret-012345678").Code)
	assert.Equal(t, 2, n)
}

func TestWebhookHandlerPanicsWithoutASecret(t *testing.T) {
	fn := func(context.Context, *Event) error { return nil }
	assert.PanicsWithValue(t, "jiko: WebhookHandler: empty secret", func() { WebhookHandler("", fn) })
	assert.PanicsWithValue(t, "jiko: WebhookHandler: empty secret", func() { WebhookHandler("s-0123456789abcdef", fn, WithWebhookSecrets("")) })
	assert.PanicsWithValue(t, "jiko: WebhookHandler: nil function", func() { WebhookHandler("s-0123456789abcdef", nil) })
}

func TestWebhookHandlerDeduplicates(t *testing.T) {
	calls := 0
	fail := true
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error {
		calls++
		if fail {
			fail = false
			return errors.New("try again")
		}
		return nil
	}, WithWebhookDeduplicator(NewMemoryDeduplicator(10)))
	body := []byte(approvedBody)
	assert.Equal(t, http.StatusInternalServerError, post(h, body, webhookSecret).Code, "a failure is not remembered")
	assert.Equal(t, http.StatusOK, post(h, body, webhookSecret).Code)
	assert.Equal(t, http.StatusOK, post(h, body, webhookSecret).Code, "a duplicate is acknowledged")
	assert.Equal(t, 2, calls)
}

func TestWebhookHandlerRunsConcurrentDuplicatesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		h := WebhookHandler(webhookSecret, func(context.Context, *Event) error {
			calls.Add(1)
			<-release
			return nil
		}, WithWebhookDeduplicator(NewMemoryDeduplicator(10)))
		var wg sync.WaitGroup
		codes := make([]int, 5)
		for i := range codes {
			wg.Go(func() { codes[i] = post(h, []byte(approvedBody), webhookSecret).Code })
		}
		synctest.Wait() // one runs the handler, the others wait for it
		assert.Equal(t, int32(1), calls.Load())
		close(release)
		wg.Wait()
		assert.Equal(t, int32(1), calls.Load())
		assert.Equal(t, []int{200, 200, 200, 200, 200}, codes)
	})
}

// failingDedup is a deduplicator whose store is down.
type failingDedup struct{ seenErr, markErr error }

func (d failingDedup) Seen(context.Context, string) (bool, error) { return false, d.seenErr }
func (d failingDedup) MarkSeen(context.Context, string) error     { return d.markErr }

func TestWebhookHandlerWithAFailingDeduplicator(t *testing.T) {
	calls := 0
	fn := func(context.Context, *Event) error { calls++; return nil }
	h := WebhookHandler(webhookSecret, fn, WithWebhookDeduplicator(failingDedup{seenErr: errors.New("redis down")}))
	assert.Equal(t, http.StatusInternalServerError, post(h, []byte(approvedBody), webhookSecret).Code)
	assert.Equal(t, 0, calls, "without knowing, the event is not handled")
	h = WebhookHandler(webhookSecret, fn, WithWebhookDeduplicator(failingDedup{markErr: errors.New("redis down")}))
	assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), webhookSecret).Code, "handled, so acknowledged")
	assert.Equal(t, 1, calls)
}

func TestMemoryDeduplicatorForgetsTheLeastRecentlySeen(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduplicator(2)
	require.NoError(t, d.MarkSeen(ctx, "a"))
	require.NoError(t, d.MarkSeen(ctx, "b"))
	seen, _ := d.Seen(ctx, "a") // a is now the most recent
	assert.True(t, seen)
	require.NoError(t, d.MarkSeen(ctx, "c")) // forgets b
	for id, want := range map[string]bool{"a": true, "b": false, "c": true} {
		seen, err := d.Seen(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, seen, id)
	}
	assert.Equal(t, 2, d.Len())
	assert.Equal(t, DefaultDeduplicatorCapacity, NewMemoryDeduplicator(0).capacity)
}

func FuzzVerifyWebhook(f *testing.F) {
	for _, v := range signatureVectors {
		f.Add([]byte(v.body), v.signature, v.secret)
	}
	f.Add([]byte{}, "", "")
	f.Add([]byte("x"), strings.Repeat("=", 44), "k")
	f.Add([]byte("x"), strings.Repeat("A", 43)+"=", "k")
	f.Fuzz(func(t *testing.T, body []byte, signature, secret string) {
		err := VerifyWebhook(body, signature, secret)
		if secret == "" {
			if err == nil || errors.Is(err, ErrInvalidWebhookSignature) {
				t.Fatalf("an empty secret must be a configuration error, got %v", err)
			}
			return
		}
		if err == nil && signature != SignWebhook(body, secret) {
			t.Fatalf("accepted %q, which is not the signature", signature)
		}
		if err := VerifyWebhook(body, SignWebhook(body, secret), secret); err != nil {
			t.Fatalf("own signature refused: %v", err)
		}
	})
}

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte(approvedBody))
	f.Add([]byte(`{"event_id":"e","event_type":"x","timestamp":"2023-01-01T14:00:00Z","payload":[1]}`))
	f.Add([]byte(`{"event_id":"e","event_type":"card.transaction.approved","timestamp":"2023-01-01T14:00:00Z","payload":{"amount":1e400}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseWebhook(body)
		if err == nil && (ev.ID == "" || ev.Type == "" || ev.Payload.Variant == nil) {
			t.Fatalf("parsed an incomplete event: %+v", ev)
		}
	})
}

func FuzzWebhookHandler(f *testing.F) {
	f.Add([]byte(approvedBody), true)
	f.Add([]byte(`{}`), true)
	f.Add([]byte(approvedBody), false)
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { return nil },
		WithWebhookMaxBody(4096), WithWebhookDeduplicator(NewMemoryDeduplicator(8)))
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		secret := ""
		if sign {
			secret = webhookSecret
		}
		code := post(h, body, secret).Code
		switch {
		case !sign && code != http.StatusUnauthorized && code != http.StatusRequestEntityTooLarge:
			t.Fatalf("unsigned body answered %d", code)
		case code == http.StatusOK:
			if _, err := ParseWebhook(body); err != nil {
				t.Fatalf("accepted a body that does not parse: %v", err)
			}
		}
	})
}
