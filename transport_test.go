package jiko

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
				_, err := c.Pockets.GetByID(context.Background(), "x", nil)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	// With the standard two idle connections per host this opens well over a
	// hundred; with 64 it stays near one per goroutine.
	assert.LessOrEqual(t, conns.Load(), int64(64), "640 calls from 32 goroutines")
}
