package jikooutbox_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The chaos test: four replicas, each with its own pool and client, run
// dispatchers over one outbox while the test enqueues 1,000 withdrawals
// (ACH originations, wires and on-us transfers from one Pocket, a few of
// them to an unverified counterparty, which jikotest refuses). jikotest
// answers a quarter of the sends with 500, 503 or 429, or drops the
// connection before or after acting; replicas are killed between an
// answer and its record (their context cancelled), and on PostgreSQL the
// record's database connection is killed; twice the replicas stop and
// jikotest's clock jumps past the idempotency window, so that the
// intents left uncertain are read back. The clock also runs on, twenty
// times faster than real time, so that backoffs and leases end.
const (
	chaosSeed      = 27
	chaosIntents   = 1000
	chaosReplicas  = 4
	chaosUsers     = 10
	chaosFaultRate = 0.25
	chaosKillRate  = 0.03 // of the answers to sends, and of the records
	chaosConnRate  = 0.08 // of the records: a connection killed, or on SQLite a failure
	chaosRefused   = 0.03 // of the intents: to an unverified counterparty
	chaosJumps     = 2
	chaosLease     = 20 * time.Second
	chaosTick      = 5 * time.Millisecond // real time per 100 ms of the clock
)

// chaosOptions plant bugs, or shrink the run.
type chaosOptions struct {
	intents int
	bug     []jikooutbox.DispatcherOption
}

// chaosFigures are what a run counts.
type chaosFigures struct {
	intents, done, refused, needsReview                      int
	sends, resends, uncertain, byReading, leasesLost         int64
	posts, replayed                                          int
	replicaKills, connKills, failures                        atomic.Int64
	uncertainAtJumps                                         int64
	duplicates, lost, sentButNotDone, recordedTwice, unequal int
	partnerCents, heldCents, ledgerCents, startCents         int64
	elapsed                                                  time.Duration
}

// violations lists the invariants a run broke.
func (f *chaosFigures) violations() []string {
	var v []string
	if f.duplicates > 0 {
		v = append(v, fmt.Sprintf("%d intents sent twice", f.duplicates))
	}
	if f.lost > 0 {
		v = append(v, fmt.Sprintf("%d intents lost", f.lost))
	}
	if f.sentButNotDone > 0 {
		v = append(v, fmt.Sprintf("%d intents refused or needing review are in the ledger", f.sentButNotDone))
	}
	if f.recordedTwice > 0 {
		v = append(v, fmt.Sprintf("%d outcomes recorded more than once", f.recordedTwice))
	}
	if f.unequal > 0 {
		v = append(v, fmt.Sprintf("%d done intents whose object id is not their transfer", f.unequal))
	}
	if f.partnerCents+f.heldCents+f.ledgerCents != f.startCents {
		v = append(v, fmt.Sprintf("balances %d + held for review %d + ledger outflow %d != %d",
			f.partnerCents, f.heldCents, f.ledgerCents, f.startCents))
	}
	return v
}

// chance returns a number in [0, 1) fixed by the seed, a name and a count.
func chance(name string, n int64) float64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(chaosSeed<<32|uint64(n), h.Sum64())).Float64()
}

// replica is one dispatching process: its pool, its client, and the
// cancel function of its current run, which a kill calls.
type replica struct {
	n      int
	pool   *sql.DB
	cancel atomic.Pointer[context.CancelFunc]
	// calls and records count the answers and records of all its runs,
	// for the chances of its faults.
	calls, records atomic.Int64
}

func (r *replica) kill() {
	if c := r.cancel.Load(); c != nil {
		(*c)()
	}
}

// killingTransport kills its replica after some answers to sends: the
// answer arrived, the record will not happen.
type killingTransport struct {
	base http.RoundTripper
	r    *replica
	figs *chaosFigures
}

func (k killingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := k.base.RoundTrip(req)
	if err == nil && req.Method == http.MethodPost && chance(fmt.Sprintf("answer %d", k.r.n), k.r.calls.Add(1)) < chaosKillRate {
		k.figs.replicaKills.Add(1)
		k.r.kill()
	}
	return resp, err
}

// runChaos runs the chaos on e and returns its figures.
func runChaos(t *testing.T, e engine, o chaosOptions) *chaosFigures {
	ctx := context.Background()
	w := newWorld(t, e)
	figs := &chaosFigures{intents: o.intents, startCents: chaosUsers * startCents}
	for u := range chaosUsers {
		w.addUser(fmt.Sprintf("user-%d", u))
	}
	cents := func(i int) int64 { return int64(1000 + i) } // each intent its own amount
	ids := make([]string, o.intents)
	intents := make([]jikooutbox.Intent, o.intents)
	byID := map[string]int{}
	for i := range ids {
		ids[i] = fmt.Sprintf("withdrawal-%04d", i)
		byID[ids[i]] = i
		switch p := chance("kind", int64(i)); {
		case p < chaosRefused:
			intents[i] = achIntent(w, ids[i], w.unverified, cents(i))
		case p < 0.70:
			intents[i] = achIntent(w, ids[i], w.ach, cents(i))
		case p < 0.85:
			intents[i] = &jikooutbox.WireIntent{ID: ids[i], PocketID: w.pocket, Request: jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: cents(i)}}
		default:
			intents[i] = &jikooutbox.OnUsIntent{ID: ids[i], Request: &jiko.OnUsReallocationRequest{
				FromAccount: jiko.OnUsAccount{ID: w.pocket}, ToAccount: jiko.OnUsAccount{ID: w.other}, Amount: jiko.RequestedAmount(cents(i))}}
		}
	}
	userOf := func(i int) string { return fmt.Sprintf("user-%d", i%chaosUsers) }

	var faults []jikotest.Fault
	for _, path := range []string{"/api/v1/jiko-accounts/*", "/api/v1/transfers/*"} {
		faults = append(faults,
			jikotest.Fault{Method: "POST", Path: path, Status: 500},
			jikotest.Fault{Method: "POST", Path: path, Status: 503},
			jikotest.Fault{Method: "POST", Path: path, Status: 429, RetryAfter: "0"},
			jikotest.Fault{Method: "POST", Path: path, Drop: jikotest.DropBeforeHandling},
			jikotest.Fault{Method: "POST", Path: path, Drop: jikotest.DropAfterHandling},
		)
	}
	w.srv.FailRandomly(chaosFaultRate, chaosSeed, faults...)

	// The clock runs on until the test ends.
	stopClock := make(chan struct{})
	clockDone := make(chan struct{})
	go func() {
		defer close(clockDone)
		tick := time.NewTicker(chaosTick)
		defer tick.Stop()
		for {
			select {
			case <-stopClock:
				return
			case <-tick.C:
				w.clock.Advance(100 * time.Millisecond)
			}
		}
	}()
	defer func() { close(stopClock); <-clockDone }()

	var killer *sql.DB
	if e.canKill {
		killer = openDSN(t, e, w.dsn)
	}
	complete := w.complete(func(id string) (string, int64) { i := byID[id]; return userOf(i), cents(i) })
	replicas := make([]*replica, chaosReplicas)
	dispatchers := make([][]*jikooutbox.Dispatcher, chaosReplicas) // every run's, for the counts
	var dmu sync.Mutex
	start := func(r *replica) <-chan struct{} {
		hc := &http.Client{Transport: killingTransport{base: w.srv.HTTPClient().Transport, r: r, figs: figs}}
		client := w.newClient(jiko.WithHTTPClient(hc))
		fn := func(ctx context.Context, tx *sql.Tx, rec jikooutbox.Record) error {
			p := chance(fmt.Sprintf("record %d", r.n), r.records.Add(1))
			switch {
			case p < chaosKillRate: // the replica dies before its record commits
				figs.replicaKills.Add(1)
				r.kill()
				return ctx.Err()
			case p < chaosKillRate+chaosConnRate && e.canKill:
				var pid int
				err := tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid)
				if err == nil {
					_, err = killer.ExecContext(ctx, "SELECT pg_terminate_backend($1)", pid)
				}
				if err != nil {
					return err
				}
				figs.connKills.Add(1)
				return complete(ctx, tx, rec) // fails, or its commit does
			case p < chaosKillRate+chaosConnRate:
				figs.failures.Add(1)
				return errors.New("injected failure")
			}
			return complete(ctx, tx, rec)
		}
		opts := append([]jikooutbox.DispatcherOption{jikooutbox.WithConcurrency(4), jikooutbox.WithLease(chaosLease),
			jikooutbox.WithPollInterval(20 * time.Millisecond), jikooutbox.WithBackoff(time.Second, 20*time.Second)}, o.bug...)
		ob, err := jikooutbox.New(r.pool, e.dialect, jikooutbox.WithClock(w.clock.Now))
		require.NoError(t, err)
		d, err := ob.NewDispatcher(client, fn, opts...)
		require.NoError(t, err)
		dmu.Lock()
		dispatchers[r.n] = append(dispatchers[r.n], d)
		dmu.Unlock()
		rctx, cancel := context.WithCancel(ctx)
		r.cancel.Store(&cancel)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = d.Run(rctx)
		}()
		return done
	}
	// supervise restarts a killed replica until stop is closed.
	var stop chan struct{}
	var running sync.WaitGroup
	supervise := func(r *replica) {
		defer running.Done()
		for {
			done := start(r)
			select {
			case <-done:
				select {
				case <-stop:
					return
				default:
				}
			case <-stop:
				r.kill()
				<-done
				return
			}
		}
	}
	startAll := func() {
		stop = make(chan struct{})
		for _, r := range replicas {
			running.Add(1)
			go supervise(r)
		}
	}
	stopAll := func() {
		close(stop)
		running.Wait()
	}
	for i := range replicas {
		r := &replica{n: i, pool: openDSN(t, e, w.dsn)}
		r.pool.SetMaxOpenConns(8)
		r.pool.SetMaxIdleConns(8)
		replicas[i] = r
	}
	startAll()

	began := time.Now()
	// Enqueue, jumping past the window twice on the way.
	enqueuer := openDSN(t, e, w.dsn)
	for i, in := range intents {
		require.NoError(t, w.withdraw(ctx, enqueuer, userOf(i), cents(i), in))
		if (i+1)%(o.intents/(chaosJumps+1)) == 0 && i+1 < o.intents {
			stopAll()
			// Sent, and the outcome not known: uncertain, or claimed by a
			// replica that died.
			var n int64
			require.NoError(t, w.db.QueryRow("SELECT COUNT(*) FROM jiko_outbox WHERE state IN ('pending', 'uncertain') AND first_sent_at IS NOT NULL").Scan(&n))
			figs.uncertainAtJumps += n
			w.clock.Advance(jikotest.IdempotencyWindow + time.Minute)
			startAll()
		}
	}
	// Wait until every intent has an outcome.
	deadline := time.After(3 * time.Minute)
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
wait:
	for {
		select {
		case <-deadline:
			t.Errorf("intents still waiting after 3 minutes")
			break wait
		case <-poll.C:
			st, err := w.ob.Stats(ctx)
			require.NoError(t, err)
			if st.Pending+st.Uncertain == 0 {
				break wait
			}
		}
	}
	figs.elapsed = time.Since(began)
	stopAll()
	w.srv.ClearFaults()
	figs.tally(t, w, ids, cents, dispatchers)
	return figs
}

// tally counts the run's outcomes against jikotest's ledger and requests.
func (f *chaosFigures) tally(t *testing.T, w *world, ids []string, cents func(int) int64, dispatchers [][]*jikooutbox.Dispatcher) {
	ctx := context.Background()
	for _, ds := range dispatchers {
		for _, d := range ds {
			s := d.Stats()
			f.sends += s.Sends
			f.resends += s.Resends
			f.uncertain += s.Uncertain
			f.byReading += s.ResolvedByReading
			f.leasesLost += s.LeasesLost
		}
	}
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && r.Path != "/api/v1/login/" {
			f.posts++
			if r.Replayed {
				f.replayed++
			}
		}
	}
	// Each intent moves its own amount out of the Pocket: count the
	// movements of each amount, and what they total.
	moved := map[int64][]string{}
	for _, e := range w.srv.LedgerEntries(w.pocket) {
		if e.Amount < 0 && (e.Kind == jikotest.KindACH || e.Kind == jikotest.KindWire || e.Kind == jikotest.KindOnUs) {
			moved[-e.Amount] = append(moved[-e.Amount], e.RefID)
			f.ledgerCents -= e.Amount
		}
	}
	recorded := w.outcomes()
	for i, id := range ids {
		r, err := w.ob.Get(ctx, id)
		require.NoError(t, err)
		refs := moved[cents(i)]
		switch r.State {
		case jikooutbox.StateDone:
			f.done++
			if len(refs) == 0 {
				f.lost++
			} else if refs[0] != r.ObjectID {
				f.unequal++
			}
		case jikooutbox.StateRefused, jikooutbox.StateNeedsReview:
			if r.State == jikooutbox.StateRefused {
				f.refused++
			} else {
				f.needsReview++
				f.heldCents += cents(i)
			}
			if len(refs) > 0 {
				f.sentButNotDone++
			}
		default:
			f.lost++
		}
		if len(refs) > 1 {
			f.duplicates++
		}
		if len(recorded[id]) > 1 {
			f.recordedTwice++
		}
	}
	rows, err := w.db.Query("SELECT COALESCE(SUM(cents), 0) FROM balances")
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(&f.partnerCents))
}

func (f *chaosFigures) log(t *testing.T, name string) {
	t.Logf("%s: %d intents, %d sends (%d resends, %d replayed by jikotest), %d uncertain answers, "+
		"%d uncertain at %d window jumps, %d resolved by reading, %d done, %d refused, %d needs review; "+
		"%d replicas killed, %d connections killed, %d records failed, %d leases lost; "+
		"%d sent twice, %d lost, %d recorded twice (%.1fs)",
		name, f.intents, f.sends, f.resends, f.replayed, f.uncertain, f.uncertainAtJumps, chaosJumps, f.byReading,
		f.done, f.refused, f.needsReview, f.replicaKills.Load(), f.connKills.Load(), f.failures.Load(), f.leasesLost,
		f.duplicates, f.lost, f.recordedTwice, f.elapsed.Seconds())
}

func TestChaosEveryIntentOnceAcrossFourReplicas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		f := runChaos(t, e, chaosOptions{intents: chaosIntents})
		f.log(t, e.name)
		assert.Empty(t, f.violations())
		assert.Equal(t, chaosIntents, f.done+f.refused+f.needsReview)
		assert.Positive(t, f.uncertain, "some sends were uncertain")
		assert.Positive(t, f.uncertainAtJumps, "some intents were uncertain when the window closed")
		assert.Positive(t, f.byReading, "some were resolved by reading")
		assert.Positive(t, f.refused)
		assert.Positive(t, f.replicaKills.Load())
		if e.canKill {
			assert.Positive(t, f.connKills.Load())
		} else {
			assert.Positive(t, f.failures.Load())
		}
	})
}

// TestChaosCatchesThePlantedBugs runs a shorter chaos with each planted
// bug and checks that the invariants catch it: a dispatcher that sends
// each attempt with a fresh key sends transfers twice; one that takes
// intents without claiming them records outcomes twice (its sends carry
// the stored key, so within the window jikotest acts once) and, after
// the window, sends twice too.
func TestChaosCatchesThePlantedBugs(t *testing.T) {
	e := sqliteEngine
	if pg != nil {
		e = postgresEngine
	}
	t.Run("fresh key/"+e.name, func(t *testing.T) {
		f := runChaos(t, e, chaosOptions{intents: 300, bug: []jikooutbox.DispatcherOption{jikooutbox.WithFreshKeyBug()}})
		f.log(t, "fresh key bug, "+e.name)
		t.Logf("fresh key bug, %s: invariants broken: %s", e.name, strings.Join(f.violations(), "; "))
		assert.Positive(t, f.duplicates, "sent twice")
		assert.NotEmpty(t, f.violations())
	})
	t.Run("no lock/"+e.name, func(t *testing.T) {
		f := runChaos(t, e, chaosOptions{intents: 300, bug: []jikooutbox.DispatcherOption{jikooutbox.WithNoLockBug()}})
		f.log(t, "no-lock bug, "+e.name)
		t.Logf("no-lock bug, %s: invariants broken: %s", e.name, strings.Join(f.violations(), "; "))
		assert.Positive(t, f.recordedTwice, "recorded twice")
		assert.NotEmpty(t, f.violations())
	})
}
