package jikotest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An event another resource records, as ACH settling would, reaches the
// subscriptions for its type, signed with each one's secret.
func TestRecordedEventIsDeliveredToEachSubscription(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.StopDeliveries)
	c := srv.Client(t)
	ctx := context.Background()
	type arrival struct {
		body []byte
		sig  string
	}
	arrivals := make(chan arrival, 4)
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		arrivals <- arrival{b, r.Header.Get(jiko.WebhookSignatureHeader)}
	}))
	defer rc.Close()
	secrets := []string{"first-secret-0123456789", "second-secret-012345678"}
	for _, secret := range secrets {
		_, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
			Events: []jiko.EventName{jiko.EventACHOutSuccess}, URL: rc.URL, SharedSecret: secret,
		})
		require.NoError(t, err)
	}

	srv.mu.Lock()
	e := srv.state.events.record(srv.now(), "transfers.ach.out.success", map[string]any{"jiko_account_id": "8a7ec6c0-2701-40a1-8954-68870964b50d"})
	srv.state.events.record(srv.now(), "transfers.ach.in.success", map[string]any{"jiko_account_id": "8a7ec6c0-2701-40a1-8954-68870964b50d"})
	srv.mu.Unlock()
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForDeliveries(wctx))

	require.Len(t, arrivals, 2, "one per subscription; nobody listens to ach.in")
	for range 2 {
		a := <-arrivals
		assert.NoError(t, jiko.VerifyWebhook(a.body, a.sig, secrets...))
		ev, err := jiko.ParseWebhook(a.body)
		require.NoError(t, err)
		assert.Equal(t, e.ID, ev.ID)
		assert.Equal(t, &jiko.ACHOutgoingPayload{JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}, ev.Payload.Variant)
	}
	assert.Len(t, srv.state.delivery.records[e].attempts, 2)
}

func TestRetryPolicyIntervals(t *testing.T) {
	p := retryPolicyWire{BackoffCoefficient: 3, InitialIntervalSeconds: 0.5, MaximumIntervalSeconds: 10}
	var got []time.Duration
	for n := 1; n <= 5; n++ {
		got = append(got, p.interval(n))
	}
	assert.Equal(t, []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 4500 * time.Millisecond, 10 * time.Second, 10 * time.Second}, got)
	assert.True(t, p.retryStatus(0), "no answer")
	assert.False(t, p.retryStatus(503), "not listed")
}

func TestLoopbackURL(t *testing.T) {
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/h": true, "https://localhost/h": true, "http://[::1]:1/": true, "http://127.9.9.9/": true,
		"https://example.com/h": false, "http://10.0.0.1/": false, "ftp://127.0.0.1/": false, "http://localhost.example.com/": false, "::": false,
	} {
		assert.Equal(t, want, loopbackURL(u), u)
	}
}
