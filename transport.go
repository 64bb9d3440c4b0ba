package jiko

import (
	"context"
	"io"
	"net/http"
	"time"
)

// defaultTransport is the transport of a client built without
// WithHTTPClient: net/http's default transport with enough idle
// connections per host for a server's concurrency (the standard 2 makes a
// busy client open and close connections all the time), each attempt
// bounded by defaultTimeout through its context.
func defaultTransport() http.RoundTripper {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &attemptTimeout{next: tr, timeout: defaultTimeout}
}

// attemptTimeout bounds each request, its response body included, to
// timeout through the request's context, as http.Client.Timeout would, but
// only when the caller's context does not already end sooner: a call with
// a deadline of its own pays for no second timer, and the body needs no
// timer-stopping wrapper of the client's.
type attemptTimeout struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t *attemptTimeout) RoundTrip(req *http.Request) (*http.Response, error) {
	if d, ok := req.Context().Deadline(); ok && time.Until(d) <= t.timeout {
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport
// beneath, as http.Client.CloseIdleConnections expects of a transport.
func (t *attemptTimeout) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// cancelOnClose ends an attempt's context, and its timer, once the body is
// read to its end or closed. At the end of the body the transport has
// already taken the connection back for reuse.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
