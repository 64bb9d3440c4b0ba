package jikotest

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An operation that panics must not keep its idempotency key: the client
// gets a 500 naming the panic, and a resend (waiting or later) runs the
// operation again instead of waiting forever for an answer that never
// comes.
func TestPanickingOperationReleasesItsKey(t *testing.T) {
	srv := NewServer()
	var calls atomic.Int32
	entered, release := make(chan struct{}), make(chan struct{})
	srv.route("POST /api/v1/jikotest-panic/{$}", signed, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
			panic("the fake is broken")
		}
		writeJSON(w, http.StatusOK, map[string]string{"outcome": "ran"})
	})
	c := srv.Client(t, jiko.WithMaxRetries(0))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	key := uuid.NewString()
	call := func() (map[string]string, error) {
		var out map[string]string
		err := c.Do(ctx, "POST", "/api/v1/jikotest-panic/", nil, map[string]any{}, &out, jiko.WithIdempotencyKey(key))
		return out, err
	}

	first := make(chan error, 1)
	go func() { _, err := call(); first <- err }()
	<-entered
	resend := make(chan error, 1)
	var resent map[string]string
	go func() { out, err := call(); resent = out; resend <- err }()
	require.Eventually(t, func() bool { return len(srv.Requests()) == 3 }, 2*time.Second, time.Millisecond, "login, first call, resend")
	close(release)

	err := <-first
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr, "the panic is answered, not a dropped connection")
	assert.Equal(t, http.StatusInternalServerError, jerr.StatusCode)
	assert.Contains(t, jerr.Error(), "the fake is broken")

	require.NoError(t, <-resend, "the waiting resend runs the operation")
	assert.Equal(t, "ran", resent["outcome"])
	out, err := call()
	require.NoError(t, err)
	assert.Equal(t, "ran", out["outcome"])
	assert.Equal(t, int32(2), calls.Load(), "the failed run and one successful run; the last call is a replay")
}

// An operation that writes nothing answers 200 with an empty body, as
// net/http does, and a resend replays that answer.
func TestSilentOperationIsStoredAsAnEmpty200(t *testing.T) {
	srv := NewServer()
	var calls atomic.Int32
	srv.route("POST /api/v1/jikotest-silent/{$}", signed, func(http.ResponseWriter, *http.Request) { calls.Add(1) })
	c := srv.Client(t)
	ctx := context.Background()
	key := uuid.NewString()
	for range 2 {
		require.NoError(t, c.Do(ctx, "POST", "/api/v1/jikotest-silent/", nil, map[string]any{}, nil, jiko.WithIdempotencyKey(key)))
	}
	assert.Equal(t, int32(1), calls.Load())
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs[1:] {
		assert.Equal(t, http.StatusOK, r.Status)
	}
	assert.True(t, reqs[2].Replayed)
}

// The keys older than the window are forgotten, with their stored answers,
// so a long-lived server does not keep every answer it ever gave.
func TestExpiredKeysAreDropped(t *testing.T) {
	clock := NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
	srv := NewServer(WithClock(clock), WithTokenLifetime(24*time.Hour))
	c := srv.Client(t)
	ctx := context.Background()
	for range 10 {
		_, err := c.Strategies.List(ctx).Collect()
		require.NoError(t, err)
	}
	srv.mu.Lock()
	assert.Len(t, srv.idem, 10)
	srv.mu.Unlock()
	clock.Advance(IdempotencyWindow + time.Minute)
	_, err := c.Strategies.List(ctx).Collect()
	require.NoError(t, err)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.Len(t, srv.idem, 1, "only the new key")
}
