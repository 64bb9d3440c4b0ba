package jikotest

import (
	"sync"
	"time"
)

// Clock is a server clock that moves only when told to, for tests and demos
// that need the fake's time under control: statements appear once a month
// is over, trades settle the next business day, links expire after ten
// minutes, webhook retries fall due, all on the server's clock.
//
//	clock := jikotest.NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
//	srv := jikotest.NewServer(jikotest.WithClock(clock))
//
// It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time     // a stopped clock's time
	running bool          // a wall clock: the time of day plus offset
	offset  time.Duration // how far a wall clock was moved on
	waiters map[*clockWaiter]struct{}
}

// clockWaiter is a wait for the clock to reach at.
type clockWaiter struct {
	at    time.Time
	ch    chan struct{}
	timer *time.Timer // a wall clock's: ends the wait when the time of day gets there
}

// NewClock returns a Clock that reads now until it is moved.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// NewWallClock returns a Clock that runs with the time of day, offset
// ahead of it, and can be moved on as well: the clock of jiko serve. Its
// waits (webhook retries) end when the time of day gets there or when
// [Clock.Advance] moves the clock past them, whichever comes first.
func NewWallClock(offset time.Duration) *Clock { return &Clock{running: true, offset: offset} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read()
}

// Offset returns how far a clock made with [NewWallClock] runs ahead of
// the time of day (0 for a stopped clock).
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// read is the clock's time. The caller holds the lock.
func (c *Clock) read() time.Time {
	if c.running {
		return time.Now().Add(c.offset)
	}
	return c.now
}

// Set moves the clock to t, forward or back. The waits that fall due by t
// (webhook retries) end.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.offset = time.Until(t)
	} else {
		c.now = t
	}
	c.wake()
}

// Advance moves the clock forward by d. The waits that fall due by then
// (webhook retries) end.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.offset += d
	} else {
		c.now = c.now.Add(d)
	}
	c.wake()
}

// until returns a channel that is closed once the clock reads t or later
// (at once if it already does), and a function that drops the wait.
func (c *Clock) until(t time.Time) (<-chan struct{}, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &clockWaiter{at: t, ch: make(chan struct{})}
	now := c.read()
	if !now.Before(t) {
		close(w.ch)
		return w.ch, func() {}
	}
	if c.waiters == nil {
		c.waiters = map[*clockWaiter]struct{}{}
	}
	c.waiters[w] = struct{}{}
	if c.running {
		w.timer = time.AfterFunc(t.Sub(now), func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.wake()
		})
	}
	return w.ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if w.timer != nil {
			w.timer.Stop()
		}
		delete(c.waiters, w)
	}
}

// wake ends the waits that are due. The caller holds the lock.
func (c *Clock) wake() {
	now := c.read()
	for w := range c.waiters {
		if !now.Before(w.at) {
			if w.timer != nil {
				w.timer.Stop()
			}
			close(w.ch)
			delete(c.waiters, w)
		}
	}
}
