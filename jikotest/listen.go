package jikotest

import (
	"net"
	"net/http"
	"net/http/httptest"
)

// WithListener serves the API on l, such as a fixed port opened with
// net.Listen, rather than on a new loopback port: for a fake that other
// programs reach at a known address (jiko serve). [Server.URL] is
// http:// and l's address; [Server.Close] closes l.
func WithListener(l net.Listener) Option {
	return func(s *Server) { s.listener = l }
}

// start serves h on the listener given with WithListener, or on a new
// loopback port.
func (s *Server) start(h http.Handler) *httptest.Server {
	if s.listener == nil {
		return httptest.NewServer(h)
	}
	hs := httptest.NewUnstartedServer(h)
	_ = hs.Listener.Close()
	hs.Listener = s.listener
	hs.Start()
	return hs
}
