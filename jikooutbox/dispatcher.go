package jikooutbox

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// Func is the partner's record of an intent's final outcome: its writes go
// through tx, which the dispatcher commits together with the intent's new
// state (done, refused or needs review, in r.State), or rolls back when
// Func returns an error, in which case the outcome is learnt again later
// (the intent is sent again with its key, or read back) and Func called
// again. Its writes commit once per intent, across every replica: the
// record holds only for the dispatcher that holds the intent's lease, and
// a final state is never left. Func must not commit or roll back tx
// itself.
//
//	func(ctx context.Context, tx *sql.Tx, r jikooutbox.Record) error {
//		switch r.State {
//		case jikooutbox.StateDone: // store the transfer's id
//			_, err := tx.ExecContext(ctx, "UPDATE withdrawals SET transfer_id = $1 WHERE id = $2", r.ObjectID, r.ID)
//			return err
//		case jikooutbox.StateRefused: // give the money back
//			...
//		}
//		return nil // needs review: alert, and leave the money held
//	}
type Func func(ctx context.Context, tx *sql.Tx, r Record) error

// Dispatcher sends an outbox's intents. Run any number of them, in one
// process or in many: each intent is held by one dispatcher at a time (a
// lease), and its outcome recorded by the dispatcher holding it.
type Dispatcher struct {
	ob     *Outbox
	client *jiko.Client
	fn     Func
	cfg    dispatcherConfig
	stats  dispatcherCounters
}

// DispatcherOption configures a [Dispatcher].
type DispatcherOption func(*dispatcherConfig)

type dispatcherConfig struct {
	concurrency   int
	lease         time.Duration
	poll          time.Duration
	base, maxWait time.Duration
	onError       func(error)
	bug           plantedBug
}

// plantedBug is a defect the tests plant to see their invariants fail.
type plantedBug int

// The planted bugs; the zero plantedBug is none.
const (
	// bugFreshKey sends every attempt with a new random key.
	bugFreshKey plantedBug = iota + 1
	// bugNoLock reads due intents without claiming them and records
	// outcomes without checking the lease.
	bugNoLock
)

// WithConcurrency sets how many intents the dispatcher sends at once
// (default 4).
func WithConcurrency(n int) DispatcherOption {
	return func(c *dispatcherConfig) { c.concurrency = n }
}

// WithLease sets how long a dispatcher holds an intent it claimed (default
// 1 minute): another dispatcher may claim it once the lease ends, so make
// it longer than a send takes (the client's retries included). Each send
// and read is cancelled when the lease's time has passed, and an intent is
// sent again only while its idempotency window is open for a lease more.
func WithLease(d time.Duration) DispatcherOption {
	return func(c *dispatcherConfig) { c.lease = d }
}

// WithPollInterval sets how long the dispatcher waits before looking for
// due intents again when it found none (default 1 second).
func WithPollInterval(d time.Duration) DispatcherOption {
	return func(c *dispatcherConfig) { c.poll = d }
}

// WithBackoff sets the wait before an uncertain intent is sent again:
// base doubled after each attempt, at most max, less a random part of up
// to half (default 5 seconds and 5 minutes).
func WithBackoff(base, max time.Duration) DispatcherOption {
	return func(c *dispatcherConfig) { c.base, c.maxWait = base, max }
}

// WithErrorHandler sets the function told of each failure that is not an
// intent's outcome: a claim or a record that failed, a Func that returned
// an error, a lease lost to another dispatcher (default: none).
func WithErrorHandler(f func(error)) DispatcherOption {
	return func(c *dispatcherConfig) { c.onError = f }
}

// NewDispatcher returns a dispatcher that sends ob's intents with client
// and records each final outcome with fn (which may be nil). A nil client
// or an option out of range (a concurrency below 1, a lease, poll
// interval or backoff that is not positive, a lease not shorter than half
// the idempotency window) is a *jiko.ValidationError naming it.
func (ob *Outbox) NewDispatcher(client *jiko.Client, fn Func, opts ...DispatcherOption) (*Dispatcher, error) {
	cfg := dispatcherConfig{concurrency: 4, lease: time.Minute, poll: time.Second, base: 5 * time.Second, maxWait: 5 * time.Minute}
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case client == nil:
		return nil, &jiko.ValidationError{Field: "client", Reason: "is nil"}
	case cfg.concurrency < 1:
		return nil, &jiko.ValidationError{Field: "WithConcurrency", Reason: fmt.Sprintf("%d is less than 1", cfg.concurrency)}
	case cfg.lease <= 0 || cfg.lease >= ob.window/2:
		return nil, &jiko.ValidationError{Field: "WithLease", Reason: fmt.Sprintf("%v is not between 0 and half the idempotency window (%v)", cfg.lease, ob.window)}
	case cfg.poll <= 0:
		return nil, &jiko.ValidationError{Field: "WithPollInterval", Reason: fmt.Sprintf("%v is not positive", cfg.poll)}
	case cfg.base <= 0 || cfg.maxWait < cfg.base:
		return nil, &jiko.ValidationError{Field: "WithBackoff", Reason: fmt.Sprintf("base %v and max %v: base must be positive and max at least base", cfg.base, cfg.maxWait)}
	}
	return &Dispatcher{ob: ob, client: client, fn: fn, cfg: cfg}, nil
}

// DispatcherStats are what one dispatcher did since it was made, for the
// partner's metrics.
type DispatcherStats struct {
	// Claimed counts the intents it claimed.
	Claimed int64
	// Sends counts the requests it sent; Resends those of intents sent
	// before (by it or another dispatcher).
	Sends, Resends int64
	// Uncertain counts the sends without a definite answer.
	Uncertain int64
	// Done, Refused and NeedsReview count the final outcomes it recorded;
	// ResolvedByReading those of them learnt by a read.
	Done, Refused, NeedsReview, ResolvedByReading int64
	// LeasesLost counts the outcomes it dropped because another
	// dispatcher had claimed the intent since (its lease had ended).
	LeasesLost int64
	// Errors counts the failures told to the error handler.
	Errors int64
}

type dispatcherCounters struct {
	claimed, sends, resends, uncertain                   atomic.Int64
	done, refused, needsReview, byReading, lost, errored atomic.Int64
}

// Stats returns the dispatcher's counts.
func (d *Dispatcher) Stats() DispatcherStats {
	s := &d.stats
	return DispatcherStats{
		Claimed: s.claimed.Load(), Sends: s.sends.Load(), Resends: s.resends.Load(), Uncertain: s.uncertain.Load(),
		Done: s.done.Load(), Refused: s.refused.Load(), NeedsReview: s.needsReview.Load(),
		ResolvedByReading: s.byReading.Load(), LeasesLost: s.lost.Load(), Errors: s.errored.Load(),
	}
}

func (d *Dispatcher) fail(err error) {
	d.stats.errored.Add(1)
	if d.cfg.onError != nil {
		d.cfg.onError(err)
	}
}

// Run sends due intents until ctx is done, then returns ctx's error. It
// claims up to the concurrency's worth of due intents at a time (leases
// them), and for each:
//
//   - while its idempotency window is open (from its first send, for a
//     lease more), sends it with its key and records the answer: done,
//     refused, or uncertain and due again after a backoff;
//   - after the window, reads it back (see the package documentation)
//     and records it done or needing review; it is never sent again;
//   - records a final outcome and calls the Func in one transaction, only
//     while it still holds the intent's lease.
//
// Cancelling ctx abandons the sends in flight, as a crash would: their
// intents are claimed again once their leases end, and sent with the
// same key, so that none is lost or sent twice.
func (d *Dispatcher) Run(ctx context.Context) error {
	slots := make(chan struct{}, d.cfg.concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		// Claim for half the slots at least, or as many as are free when
		// none is busy: one claim per intent would make the claims, one
		// at a time, the bottleneck.
		free := 1
		for free < d.cfg.concurrency {
			if free >= (d.cfg.concurrency+1)/2 {
				select {
				case slots <- struct{}{}:
					free++
					continue
				default:
				}
				break
			}
			select {
			case slots <- struct{}{}:
				free++
				continue
			case <-ctx.Done():
				for range free {
					<-slots
				}
				return ctx.Err()
			}
		}
		claimed, token, at, err := d.claim(ctx, free)
		for range free - len(claimed) {
			<-slots
		}
		if err != nil && ctx.Err() == nil {
			d.fail(fmt.Errorf("jikooutbox: claim: %w", err))
		}
		if len(claimed) == 0 {
			if err := d.idle(ctx); err != nil {
				return err
			}
			continue
		}
		for _, r := range claimed {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				d.process(ctx, r, token, at)
			}()
		}
	}
}

// idle waits for an intent to fall due, looking every poll interval with
// a read that takes no lock: an idle dispatcher does not contend for the
// table (on SQLite, for the one writer's lock).
func (d *Dispatcher) idle(ctx context.Context) error {
	s := d.ob.stmts.anyDue
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d.cfg.poll):
		}
		var id string
		err := d.ob.db.QueryRowContext(ctx, s.text, s.args(d.ob.timeArg(d.ob.now()))...).Scan(&id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) && ctx.Err() == nil {
			d.fail(fmt.Errorf("jikooutbox: looking for due intents: %w", err))
		}
	}
}

// RunOnce sends or reads the intents due now, as [Dispatcher.Run] does,
// until a claim finds none, and returns how many it handled: for a
// partner that dispatches from a scheduled job rather than a loop, and for
// tests. Intents that become due while it runs (an uncertain one's
// backoff ending) are handled if it is still running then.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	n := 0
	for {
		claimed, token, at, err := d.claim(ctx, d.cfg.concurrency)
		if err != nil {
			return n, fmt.Errorf("jikooutbox: claim: %w", err)
		}
		if len(claimed) == 0 {
			return n, nil
		}
		var wg sync.WaitGroup
		for _, r := range claimed {
			wg.Go(func() { d.process(ctx, r, token, at) })
		}
		wg.Wait()
		n += len(claimed)
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
}

// claim leases up to n due intents to a new token and returns them, with
// the time of the claim (to the microsecond, as stored).
func (d *Dispatcher) claim(ctx context.Context, n int) ([]Record, string, time.Time, error) {
	now := d.ob.now().UTC().Truncate(time.Microsecond)
	st := d.ob.stmts
	if d.cfg.bug == bugNoLock {
		rs, err := d.query(ctx, st.unlockedDue, d.ob.timeArg(now), n)
		return rs, "", now, err
	}
	token := uuid.NewString()
	args := []any{token, d.ob.timeArg(now.Add(d.cfg.lease)), d.ob.timeArg(now), n}
	var rs []Record
	var err error
	if d.ob.dialect.returning {
		rs, err = d.query(ctx, st.claim, args...)
	} else if _, err = d.ob.db.ExecContext(ctx, st.claim.text, st.claim.args(args...)...); err == nil {
		// The claim committed: should reading its rows fail, they are
		// claimed again when the lease ends.
		rs, err = d.query(ctx, st.claimed, token)
	}
	// In the order they fell due.
	slices.SortFunc(rs, func(a, b Record) int { return cmp.Or(a.NextAt.Compare(b.NextAt), cmp.Compare(a.ID, b.ID)) })
	return rs, token, now, err
}

func (d *Dispatcher) query(ctx context.Context, s stmt, args ...any) ([]Record, error) {
	rows, err := d.ob.db.QueryContext(ctx, s.text, s.args(args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// process sends or reads one claimed intent and records the outcome.
func (d *Dispatcher) process(ctx context.Context, r Record, token string, claimed time.Time) {
	d.stats.claimed.Add(1)
	// A send ends with the lease: after it another dispatcher may send.
	sctx, cancel := context.WithTimeout(ctx, d.cfg.lease)
	defer cancel()
	first := r.FirstSentAt
	if first.IsZero() {
		first = d.ob.now()
	}
	var o outcome
	if d.ob.now().Add(d.cfg.lease).Before(first.Add(d.ob.window)) {
		o = d.send(sctx, r)
		if o.sent {
			d.stats.sends.Add(1)
			// Sent before: recorded, or claimed earlier by a dispatcher
			// that did not record it.
			if r.Attempts > 0 || !r.FirstSentAt.IsZero() && r.FirstSentAt.Before(claimed) {
				d.stats.resends.Add(1)
			}
		}
		if o.state == StateUncertain {
			d.stats.uncertain.Add(1)
		}
		if o.read {
			sent := o.sent
			o = d.read(sctx, r, o.err)
			o.sent = sent
		}
	} else {
		o = d.read(sctx, r, fmt.Errorf("no definite answer within the idempotency window of %v", d.ob.window))
	}
	if ctx.Err() != nil {
		return // killed between the answer and the record: the lease ends
	}
	if err := d.record(ctx, r, token, o); err != nil {
		d.fail(fmt.Errorf("jikooutbox: intent %s: %w", r.ID, err))
	}
}

// record writes o as r's new state, with the Func for a final one, in one
// transaction, if the dispatcher still holds r's lease.
func (d *Dispatcher) record(ctx context.Context, r Record, token string, o outcome) error {
	now := d.ob.now()
	added := 0
	if o.sent {
		added = 1
	}
	r.Attempts += added
	if o.state != "" { // else a 401 or 403, a failed read: the state stays
		r.State = o.state
	}
	r.NextAt, r.UpdatedAt, r.LeasedUntil, r.Via = now, now, time.Time{}, o.via
	if !r.State.Final() {
		r.NextAt = now.Add(d.backoff(max(r.Attempts, 1)))
	}
	if o.err != nil {
		r.LastError = o.err.Error()
	}
	if o.objectID != "" {
		r.ObjectID = o.objectID
	}
	tx, err := d.ob.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // after Commit, a no-op
	s := d.ob.stmts.record
	if d.cfg.bug == bugNoLock {
		s = d.ob.stmts.recordUnfenced
	}
	res, err := tx.ExecContext(ctx, s.text, s.args(string(r.State), added, d.ob.timeArg(r.NextAt), r.ObjectID,
		r.LastError, string(r.Via), d.ob.timeArg(now), r.ID, token)...)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("record: %w", err)
	} else if n == 0 {
		d.stats.lost.Add(1)
		return errors.New("lease lost: another dispatcher claimed it; its outcome is theirs to record")
	}
	if r.State.Final() && d.fn != nil {
		if err := d.fn(ctx, tx, r); err != nil {
			return fmt.Errorf("func: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	switch r.State {
	case StateDone:
		d.stats.done.Add(1)
	case StateRefused:
		d.stats.refused.Add(1)
	case StateNeedsReview:
		d.stats.needsReview.Add(1)
	}
	if r.State.Final() && r.Via == ViaRead {
		d.stats.byReading.Add(1)
	}
	return nil
}

// backoff is the wait after the n-th attempt: base doubled n-1 times, at
// most max, less up to half at random.
func (d *Dispatcher) backoff(n int) time.Duration {
	w := d.cfg.maxWait
	if n < 32 {
		w = min(d.cfg.base<<(n-1), d.cfg.maxWait)
	}
	return w - time.Duration(rand.Int64N(int64(w)/2+1))
}
