package jikotest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Close does not wait out an injected delay: a request sleeping in
// SetLatency or a Fault's Delay is dropped, and Close returns.
func TestCloseEndsDelayedRequests(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t, jiko.WithMaxRetries(0))
	srv.SetLatency(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	called := make(chan error, 1)
	go func() {
		_, err := c.Pockets.List(ctx, nil).Collect()
		called <- err
	}()
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, 2*time.Second, time.Millisecond)

	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Error("Close waits for the delayed request")
		cancel()
		<-closed
	}
	select {
	case err := <-called:
		require.Error(t, err, "the delayed request was dropped")
	case <-time.After(3 * time.Second):
		t.Error("the delayed request is still waiting")
	}
	assert.Equal(t, 0, srv.Requests()[0].Status, "recorded as dropped")
}

// jikotestGoroutines returns the stacks of the goroutines running code of
// package jikotest (but for the tests).
func jikotestGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "jiko/jikotest.(*") {
			out = append(out, g)
		}
	}
	return out
}

// Close leaves no goroutine behind: the webhook deliveries under way (a
// call to a receiver that does not answer, a retry waiting for its turn)
// and their connections end with it.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := jikotest.NewServer()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	require.NoError(t, err)
	ctx := context.Background()
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the end of the call ends r's context
		<-r.Context().Done()
	}))
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	for _, url := range []string{hanging.URL, failing.URL} {
		req := newSubscription(url, jiko.EventApplicationApproved)
		req.RetryPolicy = &jiko.RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 1, MaximumAttempts: 5, InitialIntervalSeconds: 3600, MaximumIntervalSeconds: 3600}
		_, err := c.Subscriptions.Create(ctx, req)
		require.NoError(t, err)
	}
	_, err = c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		events, err := c.Events.List(ctx, nil).Collect()
		return err == nil && len(events[0].DeliveryAttempts) == 1
	}, 5*time.Second, time.Millisecond, "the failing receiver was called, its retry waits")

	srv.Close()
	hanging.Close()
	failing.Close()
	assert.Eventually(t, func() bool { return len(jikotestGoroutines()) == 0 }, 3*time.Second, 5*time.Millisecond,
		"goroutines of the server: %v", jikotestGoroutines())
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(3 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(5 * time.Millisecond)
	}
	assert.LessOrEqual(t, after, before, "goroutines before the server and after it")
}

// Requests, controls and accessors used at once from many goroutines keep
// the server consistent (run with -race): money calls, reads, settlements,
// maturities and every accessor.
func TestConcurrentRequestsControlsAndAccessors(t *testing.T) {
	w := newWorld(t)
	ctx := w.ctx
	var wg sync.WaitGroup
	ids := make(chan string, 64)
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				switch (g + i) % 4 {
				case 0:
					assert.NoError(t, w.c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: w.a.ID, AmountUSDC: 25_000}))
				case 1:
					out, err := w.c.ACH.Create(ctx, w.a.ID, &jiko.ACHCreateRequest{CounterpartyID: w.ach, Direction: jiko.ACHCredit, AmountUSDC: 1_000})
					if assert.NoError(t, err) {
						ids <- out.ID
					}
				case 2:
					_, err := w.c.Pockets.Get(ctx, w.a.ID, nil)
					assert.NoError(t, err)
				case 3:
					_, err := w.c.Transactions.ListForPocketPage(ctx, w.a.ID, nil)
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 40 {
			select {
			case id := <-ids:
				assert.NoError(t, w.srv.Settle(id))
			default:
			}
			w.srv.LedgerEntries("")
			w.srv.Events()
			w.srv.Requests()
			w.srv.Pockets()
			w.srv.AdvanceTo(jiko.DateOf(time.Now().AddDate(0, 2, 0)))
		}
	})
	wg.Wait()
	close(ids)
	for id := range ids {
		require.NoError(t, w.srv.Settle(id))
	}
	total, available := w.balance(w.a.ID)
	var settled int64
	for _, e := range w.srv.LedgerEntries(w.a.ID) {
		if e.Status == jikotest.EntrySettled {
			settled += e.Amount
		}
	}
	assert.Equal(t, settled, total)
	assert.Equal(t, total, available, "everything settled")
}
