package jikotest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"time"
)

// WithListener serves the API on l, such as a fixed port opened with
// net.Listen, rather than on a new loopback port: for a fake that other
// programs reach at a known address (jiko serve). [Server.URL] is
// http:// and l's address; [Server.Close] closes l.
func WithListener(l net.Listener) Option {
	return func(s *Server) { s.listener = l }
}

// WithReadTimeouts bounds how long a request may take to arrive: its
// header within header, its body within body of the handler's start (0:
// no bound, the default). A client that declares a body and stops sending
// it gets 408 Request Timeout and its connection closed, rather than
// holding the connection forever. The bound covers the body's arrival
// only: an answer delayed by [Server.SetLatency] or a [Fault] is not cut
// short by it.
func WithReadTimeouts(header, body time.Duration) Option {
	return func(s *Server) { s.readTimeouts = [2]time.Duration{header, body} }
}

// start serves h on the listener given with WithListener, or on a new
// loopback port, with the read timeouts of WithReadTimeouts.
func (s *Server) start(h http.Handler) *httptest.Server {
	header, body := s.readTimeouts[0], s.readTimeouts[1]
	if body > 0 {
		h = bodyDeadline(h, body)
	}
	hs := httptest.NewUnstartedServer(h)
	hs.Config.ReadHeaderTimeout = header
	if s.listener != nil {
		_ = hs.Listener.Close()
		hs.Listener = s.listener
	}
	hs.Start()
	return hs
}

// bodyDeadline gives the body of each request d to arrive. The deadline
// is on the connection, set only while a body is being read: it is lifted
// at the body's end, so that the wait for the next request, and a request
// without a body, are not bound by it.
func bodyDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(d)) == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, w: w, rc: rc, d: d}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// deadlineBody is a request body read under a deadline.
type deadlineBody struct {
	io.ReadCloser
	w  http.ResponseWriter
	rc *http.ResponseController
	d  time.Duration
}

// Read reads the body; at its end it lifts the deadline. When the
// deadline passes, it answers 408, closes the connection and ends the
// handler (http.ErrAbortHandler): no handler goes on with half a body.
func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.w.Header().Set("Connection", "close")
		b.w.Header().Set("Content-Type", "application/json")
		b.w.WriteHeader(http.StatusRequestTimeout)
		fmt.Fprintf(b.w, "{\"detail\": \"the request body did not arrive within %s\"}\n", b.d)
		_ = b.rc.Flush()
		panic(http.ErrAbortHandler)
	case err != nil:
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
