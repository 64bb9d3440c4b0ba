package jikotest_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func faultsOf(srv *jikotest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Path != "/api/v1/login/" {
			out = append(out, fmt.Sprintf("%s %d %s", r.Method, r.Status, r.Fault))
		}
	}
	return out
}

func TestFailNextStatusIsRetriedBySDK(t *testing.T) {
	srv := jikotest.NewServer()
	srv.AddCustomer(customerID)
	c := srv.Client(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	srv.FailNext(2, jikotest.Fault{Method: "POST", Path: path, Status: 503, RetryAfter: "0"})
	srv.FailNext(1, jikotest.Fault{Method: "GET", Status: 500}) // does not match the POST
	_, err := c.Pockets.Create(context.Background(), customerID, &jiko.PocketCreateRequest{PocketName: "A", DepositStrategyID: jiko.StrategyUST4W})
	require.NoError(t, err)
	assert.Equal(t, []string{"POST 503 status 503 Retry-After 0", "POST 503 status 503 Retry-After 0", "POST 201 "}, faultsOf(srv))
	assert.Equal(t, 1, srv.SideEffects())
	reqs := srv.Requests()
	assert.Equal(t, reqs[1].Header.Get("X-Jiko-Idempotency"), reqs[3].Header.Get("X-Jiko-Idempotency"))
}

func TestDropBeforeHandlingDoesNothing(t *testing.T) {
	srv := jikotest.NewServer()
	srv.AddCustomer(customerID)
	c := srv.Client(t, jiko.WithMaxRetries(0))
	srv.FailNext(1, jikotest.Fault{Path: "/api/v2/*", Drop: jikotest.DropBeforeHandling})
	_, err := c.Pockets.Create(context.Background(), customerID, &jiko.PocketCreateRequest{PocketName: "A", DepositStrategyID: jiko.StrategyUST4W})
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 0, jerr.StatusCode)
	assert.Equal(t, 0, srv.SideEffects())
	assert.Empty(t, srv.Pockets())
}

func TestDropAfterHandlingThenResendActsOnce(t *testing.T) {
	srv := jikotest.NewServer()
	srv.AddCustomer(customerID)
	c := srv.Client(t, jiko.WithMaxRetries(0))
	ctx := context.Background()
	req := &jiko.PocketCreateRequest{PocketName: "A", DepositStrategyID: jiko.StrategyUST4W}
	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling})
	_, err := c.Pockets.Create(ctx, customerID, req)
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 0, jerr.StatusCode, "no answer arrived")
	assert.Equal(t, 1, srv.SideEffects(), "but the pocket was created")

	// The caller resends with the key from the error: the API answers with
	// the stored result and creates nothing more.
	p, err := c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(jerr.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SideEffects())
	require.Len(t, srv.Pockets(), 1)
	assert.Equal(t, srv.Pockets()[0].ID, p.ID)
}

func TestLatencyAndDelayRespectTheCallersDeadline(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t, jiko.WithMaxRetries(0))
	require.NoError(t, c.Login(context.Background()))
	srv.SetLatency(time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Strategies.List(ctx).Collect()
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 900*time.Millisecond, "the call ends with its context, not with the server")

	srv.ClearFaults()
	srv.FailNext(1, jikotest.Fault{Delay: 50 * time.Millisecond})
	start = time.Now()
	_, err = c.Strategies.List(context.Background()).Collect()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestFailRandomlyIsRepeatableForASeed(t *testing.T) {
	run := func(seed uint64) []string {
		srv := jikotest.NewServer()
		c := srv.Client(t, jiko.WithMaxRetries(0))
		require.NoError(t, c.Login(context.Background()))
		srv.FailRandomly(0.5, seed, jikotest.Fault{Status: 502}, jikotest.Fault{Status: 429, RetryAfter: "0"})
		for range 40 {
			_, _ = c.Strategies.List(context.Background()).Collect()
		}
		return faultsOf(srv)
	}
	a, b := run(7), run(7)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, run(8))
	failed := 0
	for _, f := range a {
		if f != "GET 200 " {
			failed++
		}
	}
	assert.InDelta(t, 20, failed, 10, "about half fail")
}

// TestReliabilityUnderFaults sends 1,000 Pocket-creating or -updating calls
// through the SDK while about 30% of attempts fail with 502/503/504, 429
// with Retry-After: 0, or a connection dropped after the server acted.
// Every call must succeed and the server must hold exactly 1,000 side
// effects: none lost, none doubled. The backoff is scaled down 25 times
// (20 ms to 320 ms) so that the run's time does not hang on the one call
// in a thousand that meets six failures in a row.
func TestReliabilityUnderFaults(t *testing.T) {
	const calls, workers = 1000, 32
	srv := jikotest.NewServer()
	c := srv.Client(t, jiko.WithMaxRetries(15), jiko.WithRetryBackoff(20*time.Millisecond, 320*time.Millisecond))
	ctx := context.Background()
	require.NoError(t, c.Login(ctx))
	var seeds []jiko.Pocket
	for i := range workers {
		seeds = append(seeds, srv.AddPocket(customerID, jikotest.PocketSeed{Name: fmt.Sprintf("seed-%d", i)}))
	}
	srv.FailRandomly(0.30, 20261124,
		jikotest.Fault{Path: "/api/v2/*", Status: 502},
		jikotest.Fault{Path: "/api/v2/*", Status: 503},
		jikotest.Fault{Path: "/api/v2/*", Status: 504},
		jikotest.Fault{Path: "/api/v2/*", Status: 429, RetryAfter: "0"},
		jikotest.Fault{Path: "/api/v2/*", Drop: jikotest.DropAfterHandling},
	)

	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				var err error
				if i%2 == 0 {
					_, err = c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{
						PocketName: fmt.Sprintf("created-%d", i), DepositStrategyID: jiko.StrategyUST4W})
				} else {
					_, err = c.Pockets.Update(ctx, customerID, seeds[w].ID, &jiko.PocketUpdateRequest{
						PocketName: jiko.Set(fmt.Sprintf("renamed-%d", i))})
				}
				if err != nil {
					errs <- fmt.Errorf("call %d: %w", i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	elapsed := time.Since(start)
	for err := range errs {
		t.Error(err)
	}

	assert.Equal(t, calls, srv.SideEffects(), "exactly one side effect per call")
	names := map[string]int{}
	for _, p := range srv.Pockets() {
		names[p.PocketName]++
	}
	created := 0
	for name, n := range names {
		assert.Equal(t, 1, n, "pocket %q created %d times", name, n)
		if len(name) > 8 && name[:8] == "created-" {
			created++
		}
	}
	assert.Equal(t, calls/2, created, "no create lost or doubled")

	st := statsOf(srv)
	t.Logf("reliability: %d calls, %d attempts (%.2f per call), %d faults injected (%.1f%% of attempts), %d answered from the idempotency store, logins %d, %s",
		calls, st.attempts, float64(st.attempts)/calls, st.injected, 100*st.faultRate(), st.replays, srv.Logins(), elapsed.Round(time.Millisecond))
	t.Logf("faults by kind: %v", st.byFault)
	assert.InDelta(t, 0.30, st.faultRate(), 0.05)
}
