package jiko

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// The default transport keeps enough idle connections for a server's
// concurrency: 32 goroutines making 20 calls each reuse their connections
// instead of opening one per call.
func TestDefaultTransportReusesConnectionsUnderConcurrency(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == loginPath {
			_ = json.NewEncoder(w).Encode(map[string]any{"token": "t", "expires": time.Now().Add(time.Hour)})
			return
		}
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithCredentials("u", "p"), WithSigningSecret("s"))
	require.NoError(t, err)
	require.NoError(t, c.Login(context.Background()))
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for range 20 {
				_, err := c.Pockets.Get(context.Background(), "x", nil)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	// With the standard two idle connections per host this opens well over a
	// hundred; with 64 it stays near one per goroutine.
	assert.LessOrEqual(t, conns.Load(), int64(64), "640 calls from 32 goroutines")
}

// roundTripFunc is a transport made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A client built without WithHTTPClient bounds each attempt through the
// request's context, and releases that context once the body is read; a
// call whose own context ends sooner keeps it as it is.
func TestDefaultClientBoundsEachAttemptThroughItsContext(t *testing.T) {
	c, err := NewClient(WithBaseURL(testBase), WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})), WithSigningSecret("s"))
	require.NoError(t, err)
	bound, ok := c.hc.Transport.(*attemptTimeout)
	require.True(t, ok, "%T", c.hc.Transport)
	assert.Zero(t, c.hc.Timeout, "no http.Client.Timeout: the transport bounds the attempt")
	assert.Equal(t, 60*time.Second, bound.timeout)
	var seen []context.Context
	bound.next = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Context())
		return &http.Response{StatusCode: 200, ContentLength: 10, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"id":"x"}`)), Request: r}, nil
	})

	start := time.Now()
	_, err = c.Pockets.Get(context.Background(), "x", nil)
	require.NoError(t, err)
	require.Len(t, seen, 1)
	deadline, ok := seen[0].Deadline()
	require.True(t, ok, "the attempt has a deadline")
	assert.WithinDuration(t, start.Add(60*time.Second), deadline, 5*time.Second)
	assert.ErrorIs(t, seen[0].Err(), context.Canceled, "released once the body was read")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = c.Pockets.Get(ctx, "x", nil)
	require.NoError(t, err)
	require.Len(t, seen, 2)
	own, _ := ctx.Deadline()
	got, _ := seen[1].Deadline()
	assert.Equal(t, own, got, "the call's sooner deadline is kept")
	assert.NoError(t, seen[1].Err(), "the caller's context is left alone")
}

// The bound covers the response body: a server that stalls after the
// headers is cut off, as http.Client.Timeout would.
func TestDefaultClientTimesOutAStalledBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})), WithSigningSecret("s"), WithMaxRetries(0))
	require.NoError(t, err)
	c.hc.Transport.(*attemptTimeout).timeout = 50 * time.Millisecond
	_, err = c.Pockets.Get(context.Background(), "x", nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, e.Attempts)
}

// readBody sizes its buffer from Content-Length but trusts the body: one
// that is longer than a hand-made response says, or of unknown length, is
// read whole, up to the cap.
func TestReadBodyReadsTheWholeBody(t *testing.T) {
	long := strings.Repeat("x", 3000)
	for _, tc := range []struct {
		name   string
		length int64
		body   string
	}{
		{"exact length", 3000, long},
		{"unknown length", -1, long},
		{"zero length left unset", 0, long},
		{"empty", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := readBody(&http.Response{ContentLength: tc.length, Body: io.NopCloser(strings.NewReader(tc.body))})
			require.NoError(t, err)
			assert.Equal(t, tc.body, string(b))
		})
	}
	// The cap (at a small size, as MaxResponseBody's 32 MiB would be slow):
	// exactly the cap is read, a byte more is refused, whatever the
	// Content-Length said.
	for _, length := range []int64{-1, 0, 100} {
		b, err := readBodyUpTo(&http.Response{ContentLength: length, Body: io.NopCloser(strings.NewReader(long[:1000]))}, 1000)
		require.NoError(t, err)
		assert.Len(t, b, 1000)
		_, err = readBodyUpTo(&http.Response{ContentLength: length, Body: io.NopCloser(endless{})}, 1000)
		assert.ErrorIs(t, err, errBodyTooLarge)
	}
	_, err := readBodyUpTo(&http.Response{ContentLength: 1001, Body: io.NopCloser(endless{})}, 1000)
	assert.ErrorIs(t, err, errBodyTooLarge, "refused from its Content-Length")
}

// endless is a body that never ends; what it reads is left as it was.
type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }
