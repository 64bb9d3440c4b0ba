package jiko_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The whole loop offline: a partner's WebhookHandler subscribed on the fake
// API, events triggered through the sandbox, delivered signed, retried when
// the partner's function fails, handled once however often they arrive.
func TestWebhookHandlerAgainstJikotest(t *testing.T) {
	srv := jikotest.NewServer(jikotest.WithWebhookTimeScale(0.001))
	t.Cleanup(srv.StopDeliveries)
	c := srv.Client(t)
	ctx := context.Background()

	const secret = "e2e-shared-secret-0001"
	var mu sync.Mutex
	var handled []string
	failures := 1
	h := jiko.WebhookHandler(secret, func(_ context.Context, ev *jiko.Event) error {
		mu.Lock()
		defer mu.Unlock()
		if failures > 0 {
			failures--
			return errors.New("the ledger is busy")
		}
		handled = append(handled, ev.ID)
		return nil
	}, jiko.WithWebhookDeduplicator(jiko.NewMemoryDeduplicator(100)))
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		Events: []jiko.EventName{jiko.EventACHInSuccess}, URL: receiver.URL + "/webhooks/jiko", SharedSecret: secret,
		RetryPolicy: &jiko.RetryPolicy{RetryOnStatusCodes: []int{500}, BackoffCoefficient: 2, MaximumAttempts: 3,
			InitialIntervalSeconds: 5, MaximumIntervalSeconds: 60},
	})
	require.NoError(t, err)

	deposit := &jiko.Event{Type: jiko.EventACHInSuccess, Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}}}
	sent, err := c.Sandbox.TriggerWebhook(ctx, deposit)
	require.NoError(t, err)
	// The same event again, as Jiko may deliver it twice.
	_, err = c.Sandbox.TriggerWebhook(ctx, sent)
	require.NoError(t, err)
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForDeliveries(wctx))

	mu.Lock()
	assert.Equal(t, []string{sent.ID}, handled, "handled once")
	mu.Unlock()
	events, err := c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: sub.ID}).Collect()
	require.NoError(t, err)
	require.Len(t, events, 2, "two deliveries of one event")
	var codes []int
	for _, pe := range events {
		assert.Equal(t, sent.ID, pe.Event.ID)
		assert.True(t, pe.Delivered())
		for _, a := range pe.DeliveryAttempts {
			codes = append(codes, a.ResponseCode)
		}
	}
	assert.ElementsMatch(t, []int{500, 200, 200}, codes, "the failed call was retried; the duplicate acknowledged")

	// A delivery signed with another secret is refused.
	_, err = c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{SharedSecret: jiko.Set("rotated-secret-000000001")})
	require.NoError(t, err)
	_, err = c.Sandbox.TriggerWebhook(ctx, deposit)
	require.NoError(t, err)
	require.NoError(t, srv.WaitForDeliveries(wctx))
	events, err = c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: sub.ID, Limit: 1}).Collect()
	require.NoError(t, err)
	assert.Equal(t, 401, events[0].DeliveryAttempts[0].ResponseCode, "newest first")
	assert.Len(t, events[0].DeliveryAttempts, 1, "401 is not retried")
}
