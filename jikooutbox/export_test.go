package jikooutbox

// The planted bugs, for the tests that check that the chaos invariants
// catch them. They exist only in the test binary's API.

// WithFreshKeyBug makes a dispatcher send every attempt with a new random
// idempotency key, as a dispatcher that did not store its key would.
func WithFreshKeyBug() DispatcherOption {
	return func(c *dispatcherConfig) { c.bug = bugFreshKey }
}

// WithNoLockBug makes a dispatcher read the due intents without claiming
// them (no lock, no lease) and record outcomes without checking that it
// holds the intent.
func WithNoLockBug() DispatcherOption {
	return func(c *dispatcherConfig) { c.bug = bugNoLock }
}
