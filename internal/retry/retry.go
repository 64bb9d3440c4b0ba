// Package retry holds the retry policy of the jiko client: which responses
// are worth another attempt and how long to wait before it.
package retry

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Default backoff bounds: the first retry waits up to Base, each further
// retry doubles the ceiling, which never exceeds Cap.
const (
	Base = 500 * time.Millisecond
	Cap  = 8 * time.Second
	// MaxRetryAfter bounds how long a server's Retry-After may hold a call;
	// a longer one ends the call at once with the server's answer.
	MaxRetryAfter = 60 * time.Second
	// maxParsed saturates the waits RetryAfter returns.
	maxParsed = 24 * time.Hour
)

// RetryableStatus reports whether a response with this status code may be
// sent again: request timeouts, rate limits and transient server errors.
func RetryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Backoff returns the wait before retry number n (1 for the first retry):
// exponential with full jitter, uniformly drawn from
// [0, min(limit, base*2^(n-1))). rnd returns a float in [0, 1); nil means
// math/rand/v2.
func Backoff(n int, base, limit time.Duration, rnd func() float64) time.Duration {
	if n < 1 {
		n = 1
	}
	ceiling := limit
	if n <= 32 {
		if c := base << (n - 1); c > 0 && c < limit {
			ceiling = c
		}
	}
	if rnd == nil {
		rnd = rand.Float64
	}
	return time.Duration(rnd() * float64(ceiling))
}

// RetryAfter parses a Retry-After header value, either delta-seconds or an
// HTTP date, relative to now. It reports false when the header is absent or
// malformed. Negative waits become zero and waits beyond a day become a
// day; the caller compares the result with MaxRetryAfter.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs > int64(maxParsed/time.Second) {
			return maxParsed, true
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, 0), maxParsed), true
}
