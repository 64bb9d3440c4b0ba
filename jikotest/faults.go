package jikotest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Drop says whether and when a [Fault] closes the connection instead of
// answering: before the operation runs, to test a plain retry, or after, to
// test that a call that may have taken effect is resent with its key
// ([jiko.MayHaveSucceeded]).
type Drop int

const (
	// DropNone answers normally.
	DropNone Drop = iota
	// DropBeforeHandling closes the connection before the operation runs:
	// nothing happened.
	DropBeforeHandling
	// DropAfterHandling runs the operation (and stores its answer under the
	// idempotency key), then closes the connection without answering: the
	// client cannot tell that it happened.
	DropAfterHandling
)

// Fault is a failure to inject into matching requests with
// [Server.FailNext] or [Server.FailRandomly], to test a partner's retry and
// resend logic: an error status (with Retry-After), a dropped connection,
// a delay.
type Fault struct {
	// Method matches the request method; empty matches any.
	Method string
	// Path matches the escaped request path exactly, or as a prefix when it
	// ends with "*"; empty matches any.
	Path string
	// Status, when not 0, answers with this status (and an error body)
	// without running the operation.
	Status int
	// RetryAfter, when not empty, is sent as the Retry-After header of a
	// Status fault.
	RetryAfter string
	// Drop closes the connection before or after the operation runs.
	Drop Drop
	// Delay is waited before anything else happens.
	Delay time.Duration
}

func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == "" || f.Path == path
}

// String describes the fault, as recorded in [Request.Fault].
func (f *Fault) String() string {
	var parts []string
	if f.Status != 0 {
		s := fmt.Sprintf("status %d", f.Status)
		if f.RetryAfter != "" {
			s += " Retry-After " + f.RetryAfter
		}
		parts = append(parts, s)
	}
	switch f.Drop {
	case DropBeforeHandling:
		parts = append(parts, "drop before handling")
	case DropAfterHandling:
		parts = append(parts, "drop after handling")
	}
	if f.Delay > 0 {
		parts = append(parts, "delay "+f.Delay.String())
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

type queuedFault struct {
	fault Fault
	left  int
}

type faultState struct {
	queue    []*queuedFault
	latency  time.Duration
	fraction float64
	rng      *rand.Rand
	mix      []Fault
}

// pick returns the fault for a request, if any: queued faults first, then
// the random ones. The caller holds the server's lock.
func (fs *faultState) pick(method, path string) *Fault {
	for i, q := range fs.queue {
		if q.fault.matches(method, path) {
			q.left--
			if q.left <= 0 {
				fs.queue = append(fs.queue[:i], fs.queue[i+1:]...)
			}
			f := q.fault
			return &f
		}
	}
	if fs.rng != nil && fs.rng.Float64() < fs.fraction {
		candidates := make([]*Fault, 0, len(fs.mix))
		for i := range fs.mix {
			if fs.mix[i].matches(method, path) {
				candidates = append(candidates, &fs.mix[i])
			}
		}
		if len(candidates) > 0 {
			f := *candidates[fs.rng.IntN(len(candidates))]
			return &f
		}
	}
	return nil
}

// FailNext injects f into the next n requests that match it, to test how
// a client or a partner's code handles exactly those failures. Calls queue
// up: a request takes the first queued fault it matches.
func (s *Server) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.queue = append(s.faults.queue, &queuedFault{fault: f, left: n})
}

// FailRandomly injects, into each request that no queued fault took, with
// probability fraction, one of faults drawn at random among those matching
// it: a soak test of a partner's retry logic under an unreliable network.
// The draws come from a generator seeded with seed, so a run is repeatable
// for the same sequence of requests. A fraction of 0 stops it.
func (s *Server) FailRandomly(fraction float64, seed uint64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if fraction <= 0 || len(faults) == 0 {
		s.faults.rng, s.faults.mix, s.faults.fraction = nil, nil, 0
		return
	}
	s.faults.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.faults.mix = append([]Fault(nil), faults...)
	s.faults.fraction = fraction
}

// SetLatency delays every request by d, to test a client's timeouts and
// deadlines.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.latency = d
}

// ClearFaults removes queued and random faults and the latency, so that
// the rest of a test runs against a healthy server.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = faultState{}
}

func (s *Server) latency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.latency
}
