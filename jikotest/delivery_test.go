package jikotest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is a partner's webhook endpoint for the tests: it verifies with
// the SDK, records what arrived and answers with the queued statuses
// first, then 200.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	events   []*jiko.Event
	bodies   [][]byte
	answers  []int
	requests int
	arrived  chan struct{} // one value per call, once answered
}

// clockedServer returns a server on a fake clock (at 15:00 UTC on 6
// January 2025), its clock, and a client of it; its deliveries stop with
// the test.
func clockedServer(t *testing.T) (*jikotest.Server, *jikotest.Clock, *jiko.Client) {
	clock := jikotest.NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	t.Cleanup(srv.StopDeliveries)
	return srv, clock, srv.Client(t)
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	rc := &receiver{answers: answers, arrived: make(chan struct{}, 64)}
	verified := jiko.WebhookHandler(hookSecret, func(_ context.Context, ev *jiko.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	})
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests++
		rc.bodies = append(rc.bodies, body)
		var status int
		if len(rc.answers) > 0 {
			status, rc.answers = rc.answers[0], rc.answers[1:]
		}
		rc.mu.Unlock()
		defer func() {
			select {
			case rc.arrived <- struct{}{}:
			default: // nobody is counting this many calls
			}
		}()
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		verified.ServeHTTP(w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) received() []*jiko.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*jiko.Event(nil), rc.events...)
}

// awaitCall waits for the receiver's next call, failing the test if none
// comes within 10 seconds of real time.
func (rc *receiver) awaitCall(t *testing.T) {
	t.Helper()
	select {
	case <-rc.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery arrived")
	}
}

func (rc *receiver) calls() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests
}

// newDeliveringServer is a server whose retry intervals are a thousandth
// of the policy's, stopped when the test ends.
func newDeliveringServer(t *testing.T) (*jikotest.Server, *jiko.Client) {
	srv := jikotest.NewServer(jikotest.WithWebhookTimeScale(0.001))
	t.Cleanup(srv.StopDeliveries)
	return srv, srv.Client(t)
}

func waitDeliveries(t *testing.T, srv *jikotest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForDeliveries(ctx))
}

var approval = &jiko.Event{Type: jiko.EventApplicationApproved, Payload: jiko.EventPayload{Variant: &jiko.ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}}}

func TestTriggeredEventIsDeliveredSigned(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t)
	sub, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL+"/hook", jiko.EventApplicationApproved, jiko.EventACHInSuccess))
	require.NoError(t, err)
	other := newReceiver(t)
	_, err = c.Subscriptions.Create(ctx, newSubscription(other.URL, jiko.EventACHInSuccess))
	require.NoError(t, err)

	sent, err := c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)

	got := rc.received()
	require.Len(t, got, 1)
	assert.Equal(t, sent.ID, got[0].ID)
	assert.Equal(t, jiko.EventApplicationApproved, got[0].Type)
	assert.True(t, sent.Timestamp.Equal(got[0].Timestamp.Time))
	assert.Equal(t, approval.Payload, got[0].Payload)
	assert.Zero(t, other.calls(), "not subscribed to approvals")

	// What went over the wire is the reference's envelope, in its shape.
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/webhooks/application.approved.json"), rc.bodies[0]))

	events, err := c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: sub.ID}).Collect()
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, sent.ID, events[0].Event.ID)
	require.Len(t, events[0].DeliveryAttempts, 1)
	a := events[0].DeliveryAttempts[0]
	assert.Equal(t, sub.ID, a.SubscriptionID)
	assert.True(t, a.Success)
	assert.Equal(t, 200, a.ResponseCode)
	assert.Equal(t, "OK", *a.ResponseMessage)
	assert.Len(t, srv.Events(), 1)
}

func TestFailedDeliveryIsRetriedByItsPolicy(t *testing.T) {
	srv, clock, c := clockedServer(t)
	start := clock.Now()
	ctx := context.Background()
	rc := newReceiver(t, 503, 500)
	req := newSubscription(rc.URL, jiko.EventApplicationApproved)
	req.RetryPolicy = &jiko.RetryPolicy{RetryOnStatusCodes: []int{500, 503}, BackoffCoefficient: 2, MaximumAttempts: 5,
		InitialIntervalSeconds: 20, MaximumIntervalSeconds: 60}
	sub, err := c.Subscriptions.Create(ctx, req)
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)

	// The retries wait for the server's clock, not for real time: 20 s,
	// then 40 s (backoff coefficient 2) on the clock.
	rc.awaitCall(t) // 503
	clock.Advance(19 * time.Second)
	clock.Advance(time.Second)
	rc.awaitCall(t) // 500
	clock.Advance(40 * time.Second)
	rc.awaitCall(t) // 200
	waitDeliveries(t, srv)
	assert.Len(t, rc.received(), 1)

	events, err := c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: sub.ID}).Collect()
	require.NoError(t, err)
	require.Len(t, events, 1)
	var codes []int
	var calls []time.Time
	for _, a := range events[0].DeliveryAttempts {
		codes = append(codes, a.ResponseCode)
		calls = append(calls, a.CalledAt.UTC())
	}
	assert.Equal(t, []int{503, 500, 200}, codes)
	assert.Equal(t, []time.Time{start, start.Add(20 * time.Second), start.Add(60 * time.Second)}, calls)
	assert.Equal(t, "Service Unavailable", *events[0].DeliveryAttempts[0].ResponseMessage)
	assert.True(t, events[0].Delivered())
}

func TestRetriesStopAtTheLimitAndOnUnlistedStatuses(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	policy := &jiko.RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 1, MaximumAttempts: 3, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 1}
	down := newReceiver(t, 503, 503, 503, 503)
	reqDown := newSubscription(down.URL, jiko.EventApplicationApproved)
	reqDown.RetryPolicy = policy
	_, err := c.Subscriptions.Create(ctx, reqDown)
	require.NoError(t, err)
	refusing := newReceiver(t, 400)
	reqRefusing := newSubscription(refusing.URL, jiko.EventApplicationApproved)
	reqRefusing.RetryPolicy = policy
	_, err = c.Subscriptions.Create(ctx, reqRefusing)
	require.NoError(t, err)
	noPolicy := newReceiver(t, 400)
	_, err = c.Subscriptions.Create(ctx, newSubscription(noPolicy.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)

	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	assert.Equal(t, 3, down.calls(), "maximum_attempts")
	assert.Equal(t, 1, refusing.calls(), "400 is not in retry_on_status_codes")
	assert.Equal(t, 1, noPolicy.calls(), "no policy: the default policy does not retry a 400 either")
	events, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Len(t, events[0].DeliveryAttempts, 5)
	assert.False(t, events[0].Delivered())
}

func TestUnreachableReceiverIsRetried(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t)
	addr := rc.URL
	rc.Close() // nothing listens there any more
	req := newSubscription(addr, jiko.EventApplicationApproved)
	req.RetryPolicy = &jiko.RetryPolicy{RetryOnStatusCodes: []int{}, BackoffCoefficient: 1, MaximumAttempts: 2, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 1}
	_, err := c.Subscriptions.Create(ctx, req)
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	events, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	require.Len(t, events[0].DeliveryAttempts, 2)
	for _, a := range events[0].DeliveryAttempts {
		assert.Equal(t, 0, a.ResponseCode)
		assert.Contains(t, *a.ResponseMessage, "connect")
		assert.NotContains(t, *a.ResponseMessage, addr, "the error names no URL")
	}
}

func TestOnlyEnabledSubscriptionsOnLoopbackAreCalled(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t)
	sub, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	_, err = c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{Status: jiko.Set(jiko.SubscriptionDisabled)})
	require.NoError(t, err)
	remote, err := c.Subscriptions.Create(ctx, newSubscription("https://example.com/webhooks", jiko.EventApplicationApproved))
	require.NoError(t, err)

	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	assert.Zero(t, rc.calls(), "disabled")
	events, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Len(t, events[0].DeliveryAttempts, 1)
	a := events[0].DeliveryAttempts[0]
	assert.Equal(t, remote.ID, a.SubscriptionID)
	assert.False(t, a.Success)
	assert.Equal(t, 0, a.ResponseCode)
	assert.Equal(t, "not delivered: jikotest delivers only to loopback URLs (localhost, 127.0.0.0/8, ::1)", *a.ResponseMessage)

	_, err = c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{Status: jiko.Set(jiko.SubscriptionEnabled)})
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	waitDeliveries(t, srv)
	assert.Equal(t, 1, rc.calls(), "enabled again")
}

func TestEventsListFiltersAndOrder(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	approvals, deposits := newReceiver(t), newReceiver(t)
	subA, err := c.Subscriptions.Create(ctx, newSubscription(approvals.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	subD, err := c.Subscriptions.Create(ctx, newSubscription(deposits.URL, jiko.EventACHInSuccess))
	require.NoError(t, err)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var sent []*jiko.Event
	for i, ev := range []*jiko.Event{
		{Type: jiko.EventApplicationApproved, Payload: jiko.EventPayload{Variant: &jiko.ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}}},
		{Type: jiko.EventACHInSuccess, Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}}},
		{Type: jiko.EventACHInSuccess, Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}}},
	} {
		ev.Timestamp = jiko.TimestampOf(base.Add(time.Duration(i) * time.Minute))
		s, err := c.Sandbox.TriggerWebhook(ctx, ev)
		require.NoError(t, err)
		sent = append(sent, s)
	}
	waitDeliveries(t, srv)

	ids := func(params *jiko.EventListParams) []string {
		events, err := c.Events.List(ctx, params).Collect()
		require.NoError(t, err)
		var out []string
		for _, e := range events {
			out = append(out, e.Event.ID)
		}
		return out
	}
	assert.Equal(t, []string{sent[2].ID, sent[1].ID, sent[0].ID}, ids(nil), "newest first")
	assert.Equal(t, []string{sent[2].ID, sent[1].ID}, ids(&jiko.EventListParams{SubscriptionID: subD.ID}))
	assert.Equal(t, []string{sent[0].ID}, ids(&jiko.EventListParams{SubscriptionID: subA.ID}))
	assert.Equal(t, []string{sent[2].ID}, ids(&jiko.EventListParams{After: base.Add(time.Minute)}))
	assert.Equal(t, []string{sent[2].ID, sent[1].ID, sent[0].ID}, ids(&jiko.EventListParams{Limit: 1}), "paged")
	assert.Empty(t, ids(&jiko.EventListParams{SubscriptionID: "00000000-0000-4000-8000-000000000000"}))

	var page json.RawMessage
	require.NoError(t, c.Do(ctx, "GET", "/api/v1/events/", url.Values{"subscription_id": {subA.ID}}, nil, &page))
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/events_list.json"), page, "prev_page", "next_page"))
	for _, q := range []string{"limit=0", "limit=101", "subscription_id=x", "after=yesterday"} {
		code, _ := raw(t, srv, "GET", "/api/v1/events/?"+q, login(t, srv), "", nil, false)
		assert.Equal(t, 422, code, q)
	}
}

func TestTriggerWebhookBodyIsChecked(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	good := func() map[string]any {
		return map[string]any{"event_id": "a7a26ff2-e851-45b6-9634-d595f45458b7", "timestamp": "2023-01-01T14:00:00+00:00",
			"event_type": "card.transaction.approved",
			"payload":    map[string]any{"card_id": "66f6e46c-f6a1-4af8-a1bd-49666bc01304", "amount": 100, "account_id": "8a7ec6c0-2701-40a1-8954-68870964b50d"}}
	}
	cases := map[string]func(m map[string]any){
		`"loc":["body","event_type"],"msg":"value is not a valid enumeration member`: func(m map[string]any) { m["event_type"] = "transfers.on-us.received" },
		`"loc":["body","event_id"],"msg":"value is not a valid uuid"`:                func(m map[string]any) { m["event_id"] = "evt-1" },
		`"loc":["body","timestamp"],"msg":"field required"`:                          func(m map[string]any) { delete(m, "timestamp") },
		`"loc":["body","payload"],"msg":"value is not a valid dict"`:                 func(m map[string]any) { m["payload"] = []int{1} },
		`"loc":["body","payload","amount"],"msg":"value is not a valid integer"`: func(m map[string]any) {
			m["payload"].(map[string]any)["amount"] = 1.5
		},
		`"loc":["body","payload","account_id"],"msg":"field required"`: func(m map[string]any) { delete(m["payload"].(map[string]any), "account_id") },
	}
	for want, mutate := range cases {
		body := good()
		mutate(body)
		err := c.Do(ctx, "POST", "/api/v1/sandbox/webhook/", nil, body, nil)
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr, want)
		assert.Equal(t, 422, jerr.StatusCode)
		assert.Contains(t, string(jerr.Body), want)
	}
	assert.Empty(t, srv.Events())
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/sandbox/webhook/", nil, good(), nil))
	require.Len(t, srv.Events(), 1)
	assert.Equal(t, json.Number("100"), srv.Events()[0].Payload["amount"], "delivered as it came")
}

func TestTriggerResentWithTheSameKeyDeliversOnce(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t)
	_, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	key := jiko.IdempotencyKeyFor("trigger-approval-1")
	ev := *approval
	ev.ID = "a7a26ff2-e851-45b6-9634-d595f45458b7"
	ev.Timestamp = jiko.TimestampOf(time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC))
	for range 2 {
		_, err = c.Sandbox.TriggerWebhook(ctx, &ev, jiko.WithIdempotencyKey(key))
		require.NoError(t, err)
	}
	waitDeliveries(t, srv)
	assert.Equal(t, 1, rc.calls())
	assert.Len(t, srv.Events(), 1)
}

func TestStopDeliveriesEndsPendingRetries(t *testing.T) {
	srv := jikotest.NewServer() // real intervals: the retry would wait an hour
	c := srv.Client(t)
	ctx := context.Background()
	rc := newReceiver(t, 503)
	req := newSubscription(rc.URL, jiko.EventApplicationApproved)
	req.RetryPolicy = &jiko.RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 1, MaximumAttempts: 2, InitialIntervalSeconds: 3600, MaximumIntervalSeconds: 3600}
	_, err := c.Subscriptions.Create(ctx, req)
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return rc.calls() == 1 }, 5*time.Second, time.Millisecond)

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, srv.WaitForDeliveries(short), context.DeadlineExceeded, "the retry is pending")

	done := make(chan struct{})
	go func() { srv.StopDeliveries(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("StopDeliveries did not return")
	}
	require.NoError(t, srv.WaitForDeliveries(ctx))
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err, "the API still answers")
	require.NoError(t, srv.WaitForDeliveries(ctx))
	assert.Equal(t, 1, rc.calls(), "nothing delivered after the stop")
	srv.StopDeliveries() // a second call is harmless
}

func TestStoppingDoesNotWaitForASlowReceiver(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	release := make(chan struct{})
	called := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	_, err := c.Subscriptions.Create(ctx, newSubscription(slow.URL, jiko.EventApplicationApproved))
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	<-called // the delivery is under way
	start := time.Now()
	srv.StopDeliveries()
	assert.Less(t, time.Since(start), 2*time.Second)
	events, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, events[0].DeliveryAttempts, "an interrupted call is no attempt")
}

// The events other resources of the fake record reach the webhooks too,
// and decode into the SDK's typed payloads.
func TestCardEventsAreDeliveredTyped(t *testing.T) {
	srv, c := newDeliveringServer(t)
	ctx := context.Background()
	rc := newReceiver(t)
	_, err := c.Subscriptions.Create(ctx, newSubscription(rc.URL, jiko.EventCardStatusLocked, jiko.EventCardTransactionApproved))
	require.NoError(t, err)
	pocket := srv.AddPocket(customerID, jikotest.PocketSeed{Balance: 10_000})
	_, cardID := physicalCard(t, c, pocket.ID)
	_, err = c.Cards.SetStatus(ctx, pocket.ID, cardID, &jiko.CardSetStatusRequest{Status: jiko.CardStatusLocked})
	require.NoError(t, err)
	vc, err := c.Cards.CreateVirtual(ctx, pocket.ID, virtualCardKey(t).Request())
	require.NoError(t, err)
	require.NoError(t, c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: vc.CardID, AmountUSDC: 1234}))
	waitDeliveries(t, srv)

	var payloads []jiko.EventPayloadVariant
	for _, ev := range rc.received() {
		payloads = append(payloads, ev.Payload.Variant)
	}
	// Deliveries run concurrently: their order of arrival is not fixed.
	assert.ElementsMatch(t, []jiko.EventPayloadVariant{
		&jiko.CardStatusUpdatePayload{CardID: cardID, Status: jiko.CardStatusLocked},
		&jiko.CardTransactionPayload{CardID: vc.CardID, Amount: 1234, AccountID: pocket.ID},
	}, payloads)
}
