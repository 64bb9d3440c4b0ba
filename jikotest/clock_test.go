package jikotest_test

import (
	"testing"
	"time"

	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
)

func TestClockMovesOnlyWhenTold(t *testing.T) {
	start := time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)
	c := jikotest.NewClock(start)
	assert.Equal(t, start, c.Now())
	c.Advance(36 * time.Hour)
	assert.Equal(t, start.Add(36*time.Hour), c.Now())
	c.Set(start.Add(-time.Hour))
	assert.Equal(t, start.Add(-time.Hour), c.Now())
}
