package jikotest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// A wait on the clock ends when the clock reaches its time, by Advance or
// Set, and not before; a dropped wait is forgotten.
func TestClockWaitsEndWhenTheClockGetsThere(t *testing.T) {
	start := time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)
	c := NewClock(start)
	now, _ := c.until(start)
	assert.True(t, isClosed(now), "due already")

	due, drop := c.until(start.Add(30 * time.Second))
	defer drop()
	c.Advance(29 * time.Second)
	assert.False(t, isClosed(due))
	c.Set(start) // back: still not due
	assert.False(t, isClosed(due))
	c.Set(start.Add(30 * time.Second))
	assert.True(t, isClosed(due))

	later, dropLater := c.until(start.Add(time.Hour))
	dropLater()
	assert.Empty(t, c.waiters)
	c.Advance(time.Hour)
	assert.False(t, isClosed(later), "a dropped wait is not woken")
}
