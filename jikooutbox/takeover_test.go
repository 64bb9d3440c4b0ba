package jikooutbox_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cancelAfterPost cancels a context once a POST's answer has arrived: the
// dispatcher dies between the answer and its record.
type cancelAfterPost struct {
	base   http.RoundTripper
	cancel context.CancelFunc
}

func (c cancelAfterPost) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if req.Method == http.MethodPost && req.URL.Path != "/api/v1/login/" {
		c.cancel()
	}
	return resp, err
}

// TestADispatcherKilledMidSendIsTakenOver: the intent stays leased (in
// flight) until the lease ends, then another dispatcher sends it with the
// same key, jikotest answers with the first transfer, and the outcome is
// recorded once.
func TestADispatcherKilledMidSendIsTakenOver(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		w := newWorld(t, e)
		w.addUser("ann")
		ctx := context.Background()
		require.NoError(t, w.withdraw(ctx, w.db, "ann", 3100, achIntent(w, "w-1", w.ach, 3100)))

		dying, kill := context.WithCancel(ctx)
		defer kill()
		hc := &http.Client{Transport: cancelAfterPost{base: w.srv.HTTPClient().Transport, cancel: kill}}
		complete := w.complete(func(string) (string, int64) { return "ann", 3100 })
		d1, err := w.ob.NewDispatcher(w.newClient(jiko.WithHTTPClient(hc)), complete, jikooutbox.WithLease(time.Minute))
		require.NoError(t, err)
		_, err = d1.RunOnce(dying)
		require.ErrorIs(t, err, context.Canceled)
		assert.Len(t, w.ledgerRefs(), 1, "jikotest acted")
		r, err := w.ob.Get(ctx, "w-1")
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.StatePending, r.State, "nothing recorded")
		assert.Equal(t, t0.Add(time.Minute), r.LeasedUntil)
		st, err := w.ob.Stats(ctx)
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.Stats{Pending: 1, InFlight: 1}, st)

		d2, err := w.ob.NewDispatcher(w.client, complete, jikooutbox.WithLease(time.Minute))
		require.NoError(t, err)
		n, err := d2.RunOnce(ctx)
		require.NoError(t, err)
		assert.Zero(t, n, "leased to the dead dispatcher")
		w.clock.Advance(time.Minute)
		n, err = d2.RunOnce(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		r, err = w.ob.Get(ctx, "w-1")
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.StateDone, r.State)
		assert.Equal(t, map[string]int{r.ObjectID: 1}, w.ledgerRefs(), "one transfer, the one recorded")
		assert.Equal(t, map[string][]string{"w-1": {"done"}}, w.outcomes())
		posts := w.posts()
		require.Len(t, posts, 2)
		assert.Equal(t, posts[0].Header.Get("X-Jiko-Idempotency"), posts[1].Header.Get("X-Jiko-Idempotency"))
		assert.True(t, posts[1].Replayed)
		assert.Equal(t, jikooutbox.DispatcherStats{Claimed: 1, Sends: 1, Resends: 1, Done: 1}, d2.Stats())
	})
}
