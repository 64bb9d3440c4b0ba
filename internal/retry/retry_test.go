package retry

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRetryableStatus(t *testing.T) {
	for code := 100; code < 600; code++ {
		want := code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504
		assert.Equal(t, want, RetryableStatus(code), "status %d", code)
	}
}

func TestBackoffCeilingDoublesUpToCap(t *testing.T) {
	almostOne := func() float64 { return 0.999999 }
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, w := range want {
		got := Backoff(i+1, Base, Cap, almostOne)
		assert.InDelta(t, float64(w), float64(got), float64(time.Millisecond), "retry %d", i+1)
	}
	assert.Equal(t, time.Duration(0), Backoff(3, Base, Cap, func() float64 { return 0 }))
	assert.Equal(t, Cap/2, Backoff(1000, Base, Cap, func() float64 { return 0.5 }), "huge attempt numbers stay at the cap")
}

func TestBackoffCustomBounds(t *testing.T) {
	one := func() float64 { return 0.999999 }
	assert.InDelta(t, float64(40*time.Millisecond), float64(Backoff(3, 10*time.Millisecond, time.Second, one)), float64(time.Millisecond))
	assert.InDelta(t, float64(50*time.Millisecond), float64(Backoff(9, 10*time.Millisecond, 50*time.Millisecond, one)), float64(time.Millisecond))
	assert.Equal(t, time.Duration(0), Backoff(40, 0, 0, one))
}

func TestBackoffDefaultRandomStaysInRange(t *testing.T) {
	for range 1000 {
		d := Backoff(2, Base, Cap, nil)
		assert.GreaterOrEqual(t, d, time.Duration(0))
		assert.Less(t, d, time.Second)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"soon", 0, false},
		{"0", 0, true},
		{"3", 3 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"-5", 0, true},
		{"86400", 24 * time.Hour, true},
		{"99999999999999999", 24 * time.Hour, true},
		{now.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour, true},
	}
	for _, c := range cases {
		got, ok := RetryAfter(c.in, now)
		assert.Equal(t, c.ok, ok, "%q", c.in)
		assert.Equal(t, c.want, got, "%q", c.in)
	}
}
