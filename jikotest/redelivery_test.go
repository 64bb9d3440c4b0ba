package jikotest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The default policy is the fake's documented choice: five calls, after no
// answer or a 408, 429, 500, 502, 503 or 504, 30 s apart and doubling.
func TestDefaultRetryPolicy(t *testing.T) {
	p := jikotest.DefaultRetryPolicy()
	assert.Equal(t, jiko.RetryPolicy{RetryOnStatusCodes: []int{408, 429, 500, 502, 503, 504}, BackoffCoefficient: 2,
		MaximumAttempts: 5, InitialIntervalSeconds: 30, MaximumIntervalSeconds: 300}, p)
	var waits []time.Duration
	for n := 1; n < p.MaximumAttempts; n++ {
		waits = append(waits, p.Interval(n))
	}
	assert.Equal(t, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}, waits)
}

// A subscription created without a retry_policy (it reads null) is
// retried by the default policy, on the server's clock.
func TestSubscriptionWithoutPolicyIsRetriedByTheDefault(t *testing.T) {
	srv, clock, c := clockedServer(t)
	start := clock.Now()
	ctx := context.Background()
	rc := newReceiver(t, 500, 503)
	sub, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	assert.Nil(t, sub.RetryPolicy, "the subscription shows no policy")
	sent, err := c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)

	rc.awaitCall(t) // 500
	clock.Advance(30 * time.Second)
	rc.awaitCall(t) // 503
	clock.Advance(time.Minute)
	rc.awaitCall(t) // 200
	waitDeliveries(t, srv)
	require.Len(t, rc.received(), 1)

	attempts, err := srv.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	var codes []int
	var calls []time.Time
	for _, a := range attempts {
		codes = append(codes, a.ResponseCode)
		calls = append(calls, a.CalledAt.UTC())
	}
	assert.Equal(t, []int{500, 503, 200}, codes)
	assert.Equal(t, []time.Time{start, start.Add(30 * time.Second), start.Add(90 * time.Second)}, calls)
}

// Redeliver sends an event again, with its own retries, to every enabled
// subscription for its type or to the one named; the new attempts join
// the event's list.
func TestRedeliverSendsAFailedEventAgain(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t, 400) // not retried
	sub, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	sent, err := c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	require.Empty(t, rc.received())

	to, err := srv.Redeliver(sent.ID, "")
	require.NoError(t, err)
	assert.Equal(t, []string{sub.ID}, to)
	waitDeliveries(t, srv)
	got := rc.received()
	require.Len(t, got, 1)
	assert.Equal(t, sent.ID, got[0].ID, "the same event, the same id")

	to, err = srv.Redeliver(sent.ID, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{sub.ID}, to)
	waitDeliveries(t, srv)
	attempts, err := srv.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	var codes []int
	for _, a := range attempts {
		codes = append(codes, a.ResponseCode)
		assert.Equal(t, sub.ID, a.SubscriptionID)
	}
	assert.Equal(t, []int{400, 200, 200}, codes)
	events, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, attempts, events[0].DeliveryAttempts, "the events list shows the same attempts")

	_, err = srv.Redeliver("0d7c1a52-4a7e-4b8e-9d36-6f1e2b3c4d5e", "")
	assert.EqualError(t, err, `jikotest: no event "0d7c1a52-4a7e-4b8e-9d36-6f1e2b3c4d5e"`)
	_, err = c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{Status: jiko.Set(jiko.SubscriptionDisabled)})
	require.NoError(t, err)
	_, err = srv.Redeliver(sent.ID, sub.ID)
	assert.EqualError(t, err, "jikotest: subscription "+sub.ID+" is disabled")
	to, err = srv.Redeliver(sent.ID, "")
	require.NoError(t, err)
	assert.Empty(t, to, "no enabled subscription for the type")
	_, err = srv.DeliveryAttempts("nope")
	assert.EqualError(t, err, `jikotest: no event "nope"`)
}

// syncBuffer is a log destination several goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A subscription to a URL the fake does not call is accepted, as Jiko
// would, and is not silent: it is logged when made, and each delivery is
// a failed attempt with the reason, logged too, never with the secret.
func TestDeliveriesToOtherAddressesAreLoggedFailedAttempts(t *testing.T) {
	var log syncBuffer
	srv := jikotest.NewServer(jikotest.WithWebhookTimeScale(0.001), jikotest.WithWebhookLogger(slog.New(slog.NewTextHandler(&log, nil))))
	t.Cleanup(srv.StopDeliveries)
	c := srv.Client(t)
	ctx := context.Background()
	remote, err := c.Subscriptions.Create(ctx, newSubscription("https://example.com/hook", jiko.EventApplicationApproved))
	require.NoError(t, err)
	rc := newReceiver(t, 503)
	local, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	sent, err := c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)

	attempts, err := srv.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	require.Len(t, attempts, 3, "one skipped, the local one failed then retried")
	for _, a := range attempts {
		if a.SubscriptionID == remote.ID {
			assert.False(t, a.Success)
			assert.Equal(t, 0, a.ResponseCode)
			assert.Contains(t, *a.ResponseMessage, "not delivered: jikotest delivers only to loopback URLs")
		}
	}
	out := log.String()
	assert.Contains(t, out, `level=WARN msg="jikotest webhook subscription to a URL the fake does not call: each delivery is recorded as a failed attempt" subscription_id=`+remote.ID+" url=https://example.com/hook")
	assert.Contains(t, out, `level=WARN msg="jikotest webhook delivery failed; no retry" event_id=`+sent.ID+" event_type=application.approved subscription_id="+remote.ID)
	assert.Contains(t, out, `msg="jikotest webhook delivery failed; retrying" event_id=`+sent.ID+" event_type=application.approved subscription_id="+local.ID)
	assert.Contains(t, out, `level=INFO msg="jikotest webhook delivered" event_id=`+sent.ID)
	assert.Equal(t, 1, strings.Count(out, "next_attempt="))
	assert.NotContains(t, out, hookSecret)
}

// The controls list an event's attempts, resend it, and show the default
// policy; the events control carries each event's attempts.
func TestEventControlsResendAndListAttempts(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	t.Cleanup(ct.srv.StopDeliveries)
	ctx := context.Background()
	rc := newReceiver(t, 400)
	sub, err := ct.c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	sent, err := ct.c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, ct.srv)

	status, body := ct.call("POST", "events/"+sent.ID+"/resend", `{"subscription_id": "`+sub.ID+`"}`)
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"event_id": "`+sent.ID+`", "subscription_ids": ["`+sub.ID+`"]}`, body)
	waitDeliveries(t, ct.srv)
	require.Len(t, rc.received(), 1)

	status, body = ct.call("GET", "events/"+sent.ID+"/attempts", "")
	require.Equal(t, 200, status, body)
	var attempts []jiko.DeliveryAttempt
	require.NoError(t, json.Unmarshal([]byte(body), &attempts))
	require.Len(t, attempts, 2)
	assert.Equal(t, []int{400, 200}, []int{attempts[0].ResponseCode, attempts[1].ResponseCode})
	assert.Equal(t, sub.ID, attempts[1].SubscriptionID)

	var events []struct {
		ID       string                 `json:"event_id"`
		Attempts []jiko.DeliveryAttempt `json:"delivery_attempts"`
	}
	status, body = ct.call("GET", "events", "")
	require.Equal(t, 200, status, body)
	require.NoError(t, json.Unmarshal([]byte(body), &events))
	require.Len(t, events, 1)
	assert.Equal(t, sent.ID, events[0].ID)
	assert.Equal(t, attempts, events[0].Attempts)

	status, body = ct.call("POST", "events/"+sent.ID+"/resend", `{"subscription": "x"}`)
	assert.Equal(t, 400, status, body)
	status, body = ct.call("GET", "events/nope/attempts", "")
	assert.Equal(t, 404, status)
	assert.JSONEq(t, `{"detail": "jikotest: no event \"nope\""}`, body)
	status, body = ct.call("GET", "webhooks/default-retry-policy", "")
	require.Equal(t, 200, status)
	assert.JSONEq(t, `{"retry_on_status_codes": [408, 429, 500, 502, 503, 504], "backoff_coefficient": 2, "maximum_attempts": 5,
		"initial_interval_seconds": 30, "maximum_interval_seconds": 300}`, body)
}

// The wait control answers once no delivery is under way, and 409 when a
// retry is still pending at its timeout.
func TestWaitControl(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	t.Cleanup(ct.srv.StopDeliveries)
	rc := newReceiver(t, 503)
	_, err := ct.c.Subscriptions.Create(context.Background(), newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	_, err = ct.c.Sandbox.TriggerWebhook(context.Background(), approval)
	require.NoError(t, err)
	rc.awaitCall(t) // 503: a retry is pending, 30 s of real time away (the clock is a function)
	status, body := ct.call("POST", "webhooks/wait", `{"timeout": "1ms"}`)
	assert.Equal(t, http.StatusConflict, status, body)
	assert.Contains(t, body, "deliveries still under way after 1ms")
	status, body = ct.call("POST", "webhooks/wait", `{"timeout": "soon"}`)
	assert.Equal(t, http.StatusBadRequest, status, body)
	ct.srv.StopDeliveries()
	status, body = ct.call("POST", "webhooks/wait", "")
	assert.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"result": "IDLE"}`, body)
}

// A snapshot keeps the delivery attempts (jiko serve --data), not the
// retries under way.
func TestSnapshotKeepsDeliveryAttempts(t *testing.T) {
	srv, c := newDeliveringServer(t)
	rc := newReceiver(t, 400)
	_, err := c.Subscriptions.Create(context.Background(), newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	sent, err := c.Sandbox.TriggerWebhook(context.Background(), approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	want, err := srv.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	require.Len(t, want, 1)
	snap, err := srv.Snapshot()
	require.NoError(t, err)

	again := jikotest.NewServer()
	t.Cleanup(again.Close)
	require.NoError(t, again.Restore(snap))
	got, err := again.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
