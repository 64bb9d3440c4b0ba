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

// A wall clock runs with the time of day, ahead by its offset; a wait on
// it ends when Advance moves it past the wait, or when the time of day
// gets there.
func TestWallClockWaitsEndByAdvanceOrByTime(t *testing.T) {
	c := NewWallClock(time.Hour)
	before := time.Now().Add(time.Hour)
	now := c.Now()
	assert.False(t, now.Before(before), "an hour ahead")
	assert.Equal(t, time.Hour, c.Offset())

	due, drop := c.until(now.Add(24 * time.Hour))
	defer drop()
	assert.False(t, isClosed(due))
	c.Advance(24 * time.Hour)
	assert.True(t, isClosed(due), "moved past it")
	assert.Equal(t, 25*time.Hour, c.Offset())

	soon, dropSoon := c.until(c.Now().Add(time.Millisecond))
	defer dropSoon()
	select {
	case <-soon:
	case <-time.After(10 * time.Second):
		t.Fatal("the time of day got past the wait, which did not end")
	}
	c.mu.Lock()
	assert.Empty(t, c.waiters)
	c.mu.Unlock()

	c.Set(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, 2030, c.Now().Year(), "Set moves a wall clock's offset")
}
