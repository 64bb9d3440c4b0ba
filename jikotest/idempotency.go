package jikotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// This file holds the server's idempotency: a request's key is claimed
// once, a repeat within IdempotencyWindow gets the first answer, and a
// repeat that differs from the first request is refused.

// idemEntry is the stored outcome of the first request with a key.
type idemEntry struct {
	method, path, query string
	bodySum             [32]byte // of the body's canonicalJSON
	at                  time.Time
	done                chan struct{}
	resp                *stored
}

// canonicalJSON returns body as compact JSON with sorted object members
// and numbers as written, or body itself when it is not JSON (an upload),
// so that the same JSON value with its members in another order or other
// spacing is the same request: a client that retries after a restart may
// encode its body anew.
func canonicalJSON(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return body
	}
	b, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return b
}

// idempotent runs a request once per idempotency key. A resend (the same
// method, path, query parameters in any order and JSON value, see
// canonicalJSON) gets the
// stored answer of the first, waiting for it if the first is still running;
// a different request with the same key is refused with 409. The reference
// documents that a key reused within the hour is "treated as a repeat";
// that the same JSON re-encoded is a repeat, and the 409 for another
// request, are inferred. Server errors (a panicking operation's 500
// included) are not stored, so a resend after one, or waiting for one,
// runs the operation again. A resend whose client
// goes away while it waits gets nil: there is no one left to answer.
func (s *Server) idempotent(r *http.Request, key, path string, sum [32]byte) (*stored, bool) {
	for {
		s.mu.Lock()
		e := s.idem[key]
		if e != nil && s.now().Sub(e.at) >= IdempotencyWindow {
			e = nil
		}
		if e == nil {
			s.sweepKeys()
			e = &idemEntry{method: r.Method, path: path, query: r.URL.Query().Encode(), bodySum: sum, at: s.now(), done: make(chan struct{})}
			s.idem[key] = e
			s.mu.Unlock()
			return s.runOnce(r, key, e), false
		}
		s.mu.Unlock()
		if e.method != r.Method || e.path != path || e.query != r.URL.Query().Encode() || e.bodySum != sum {
			return jsonResponse(http.StatusConflict, map[string]string{
				"detail": "x-jiko-idempotency key was already used for a different request",
			}), false
		}
		select {
		case <-e.done:
		case <-r.Context().Done():
			return nil, false
		}
		s.mu.Lock()
		resp := e.resp
		s.mu.Unlock()
		if resp != nil {
			return resp, true
		}
	}
}

// sweepKeys forgets the keys whose window has passed, with their stored
// answers, at most once a quarter of the window (on the server's clock), so
// that a long-lived server keeps only the last hour's answers. An entry
// still running is only dropped from the map; its resends hold it. The
// caller holds the lock.
func (s *Server) sweepKeys() {
	now := s.now()
	if now.Sub(s.swept) < IdempotencyWindow/4 {
		return
	}
	s.swept = now
	for key, e := range s.idem {
		if now.Sub(e.at) >= IdempotencyWindow {
			delete(s.idem, key)
		}
	}
}

// runOnce runs the first request with a key and settles its entry e: the
// answer is stored unless it is a server error, in which case the key is
// forgotten, and the resends waiting for it are woken in every case.
func (s *Server) runOnce(r *http.Request, key string, e *idemEntry) (resp *stored) {
	defer func() {
		s.mu.Lock()
		if resp != nil && resp.status < 500 {
			e.resp = resp
		} else if s.idem[key] == e {
			delete(s.idem, key)
		}
		s.mu.Unlock()
		close(e.done)
	}()
	return s.dispatch(r)
}
