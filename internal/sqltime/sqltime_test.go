package sqltime

import (
	"testing"
	"time"
)

func TestScanner(t *testing.T) {
	want := time.Date(2026, 12, 7, 18, 30, 5, 123456000, time.UTC)
	for _, v := range []any{
		want.In(time.FixedZone("x", 3600)),
		"2026-12-07T18:30:05.123456Z",
		[]byte("2026-12-07 18:30:05.123456"),
		"2026-12-07 19:30:05.123456+01:00",
	} {
		var got time.Time
		if err := Into(&got).Scan(v); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Scan(%v) = %v, %v; want %v in UTC", v, got, err, want)
		}
	}
	got := want
	if err := Into(&got).Scan("0000-00-00 00:00:00"); err != nil || !got.IsZero() {
		t.Errorf("MySQL's zero date: %v, %v", got, err)
	}
	for _, v := range []any{"yesterday", 42} {
		if err := Into(&got).Scan(v); err == nil {
			t.Errorf("Scan(%v) = nil error", v)
		}
	}
}
