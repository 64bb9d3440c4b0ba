package jikoinbox_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The chaos test: four receivers behind a load balancer, one database,
// every event delivered three times at once (three subscriptions to the
// same URL), the partner's function failing at random and, on PostgreSQL,
// its connection killed in the middle of its transaction.
const (
	chaosSeed       = 19
	chaosEvents     = 1000
	chaosCopies     = 3   // subscriptions, so deliveries of each event
	chaosInstances  = 4   // receivers, each with its own pool
	chaosBatch      = 100 // events triggered before waiting for their deliveries
	chaosFailRate   = 0.20
	chaosKillRate   = 0.10 // of the calls that do not fail, on PostgreSQL
	chaosMaxAttempt = 30   // per subscription: enough that every event ends committed
)

// chaosFigures are what a chaos run counts.
type chaosFigures struct {
	deliveries, acknowledged, refused atomic.Int64 // answers 2xx and others
	calls, failures, kills            atomic.Int64 // of the partner's function
}

// chance returns a number in [0, 1) fixed by the seed, the event and how
// many times the function was called for it: the run's faults do not
// depend on the order the deliveries arrive in.
func chance(eventID string, call int64) float64 {
	h := fnv.New64a()
	h.Write([]byte(eventID))
	return rand.New(rand.NewPCG(chaosSeed<<32|uint64(call), h.Sum64())).Float64()
}

// chaosRun is one run: a fake Jiko delivering to receivers made by
// handler(i), through a load balancer that spreads deliveries at random.
type chaosRun struct {
	t       *testing.T
	figures chaosFigures
	calls   sync.Map // event id -> *atomic.Int64
}

// call counts a call of the partner's function for ev and returns its
// number (from 1).
func (r *chaosRun) call(ev *jiko.Event) int64 {
	r.figures.calls.Add(1)
	n, _ := r.calls.LoadOrStore(ev.ID, new(atomic.Int64))
	return n.(*atomic.Int64).Add(1)
}

// deliver has the fake deliver chaosEvents events, each to chaosCopies
// subscriptions of the balancer's URL, until every delivery is
// acknowledged or out of attempts, and returns the event ids.
func (r *chaosRun) deliver(handlers []http.Handler) []string {
	t := r.t
	ctx := context.Background()
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(chaosSeed, 0))
	balancer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		h := handlers[rng.IntN(len(handlers))]
		mu.Unlock()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, req)
		r.figures.deliveries.Add(1)
		if sw.code >= 200 && sw.code < 300 {
			r.figures.acknowledged.Add(1)
		} else {
			r.figures.refused.Add(1)
		}
	}))
	defer balancer.Close()

	// Retries at once: the policy's intervals are scaled to nothing.
	srv := jikotest.NewServer(jikotest.WithWebhookTimeScale(0))
	defer srv.Close()
	c, err := jiko.NewClient(srv.ClientOptions()...)
	require.NoError(t, err)
	for i := range chaosCopies {
		_, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
			Description: fmt.Sprintf("chaos %d", i), Events: []jiko.EventName{jiko.EventACHInSuccess},
			URL: balancer.URL + "/webhooks/jiko", SharedSecret: secret,
			RetryPolicy: &jiko.RetryPolicy{RetryOnStatusCodes: []int{500, 503}, BackoffCoefficient: 1,
				MaximumAttempts: chaosMaxAttempt, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 1},
		})
		require.NoError(t, err)
	}
	ids := make([]string, chaosEvents)
	for i := range ids {
		ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i) // a UUID, as the API requires
		_, err := c.Sandbox.TriggerWebhook(ctx, &jiko.Event{ID: ids[i], Type: jiko.EventACHInSuccess,
			Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: fmt.Sprintf("8a7ec6c0-2701-40a1-8954-%012d", i%37)}}})
		require.NoError(t, err)
		if (i+1)%chaosBatch == 0 {
			wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			require.NoError(t, srv.WaitForDeliveries(wctx))
			cancel()
		}
	}
	return ids
}

// statusWriter keeps the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

var errInjected = errors.New("injected failure")

func TestChaosEveryEventOnceAcrossFourReplicas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db, _, dsn := open(t, e)
		var killer *sql.DB
		if e.canKill {
			killer = openDSN(t, e, dsn)
		}
		run := &chaosRun{t: t}
		// kill ends tx's connection from another one. The backend, waiting
		// for tx's next statement, exits on the signal and undoes the
		// transaction. (With a timeout, pg_terminate_backend would wait for
		// the exit, polling every 100 ms.)
		kill := func(ctx context.Context, tx *sql.Tx) {
			var pid int
			err := tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid)
			if err == nil {
				_, err = killer.ExecContext(ctx, "SELECT pg_terminate_backend($1)", pid)
			}
			if !assert.NoError(t, err) {
				return
			}
			run.figures.kills.Add(1)
		}
		fn := func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			p := chance(ev.ID, run.call(ev))
			switch {
			case p < chaosFailRate:
				if err := credit(e)(ctx, tx, ev); err != nil { // written, then undone
					return err
				}
				run.figures.failures.Add(1)
				return errInjected
			case e.canKill && p < chaosFailRate+chaosKillRate/2:
				kill(ctx, tx) // before the credit, which then fails
			case e.canKill && p < chaosFailRate+chaosKillRate:
				if err := credit(e)(ctx, tx, ev); err != nil {
					return err
				}
				kill(ctx, tx) // after it: the commit fails
				return nil
			}
			return credit(e)(ctx, tx, ev)
		}
		handlers := make([]http.Handler, chaosInstances)
		for i := range handlers {
			pool := openDSN(t, e, dsn)
			pool.SetMaxOpenConns(8)
			pool.SetMaxIdleConns(8) // not the default 2: no connection churn
			ib, err := jikoinbox.New(pool, e.dialect)
			require.NoError(t, err)
			handlers[i] = ib.Handler(secret, fn)
		}
		ids := run.deliver(handlers)

		f := &run.figures
		got := credits(t, db)
		want := map[string]int{}
		for _, id := range ids {
			want[id] = 1
		}
		assert.Equal(t, want, got, "every event credited exactly once")
		ib, err := jikoinbox.New(db, e.dialect)
		require.NoError(t, err)
		var inbox []string
		for r, err := range ib.List(context.Background(), time.Time{}) {
			require.NoError(t, err)
			inbox = append(inbox, r.EventID)
		}
		slices.Sort(inbox)
		assert.Equal(t, ids, inbox, "the inbox holds exactly the committed events")
		assert.EqualValues(t, chaosEvents*chaosCopies, f.acknowledged.Load(), "every delivery ends acknowledged")
		assert.Positive(t, f.failures.Load())
		if e.canKill {
			assert.Positive(t, f.kills.Load())
		}
		t.Logf("%s: %d events, %d deliveries (%d answered 5xx and retried), %d partner failures injected, "+
			"%d connections killed mid-transaction, %d duplicates avoided, %d effects",
			e.name, chaosEvents, f.deliveries.Load(), f.refused.Load(), f.failures.Load(), f.kills.Load(),
			f.acknowledged.Load()-int64(len(got)), sum(got))
	})
}

// TestChaosMemoryDeduplicatorLetsDuplicatesThrough runs the same
// deliveries through jiko.WebhookHandler with an in-memory deduplicator per
// replica and a function that writes as it goes, then fails, as a receiver
// without the inbox would. The duplicates are certain, whatever order the
// deliveries arrive in: every call credits, and an acknowledgement needs a
// call that did not fail, so each injected failure is a duplicate, and
// each event whose first call fails (which the seed decides) is credited
// at least twice. Replicas that both hear "not seen" add more, which vary
// from run to run. The database plays no part in them, so it runs on one
// engine: PostgreSQL when it is installed.
func TestChaosMemoryDeduplicatorLetsDuplicatesThrough(t *testing.T) {
	e := sqliteEngine
	if pg != nil {
		e = postgresEngine
	}
	t.Run(e.name, func(t *testing.T) {
		db, _, _ := open(t, e)
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		run := &chaosRun{t: t}
		q := creditSQL(e)
		fn := func(ctx context.Context, ev *jiko.Event) error {
			p := chance(ev.ID, run.call(ev))
			if _, err := db.ExecContext(ctx, q, ev.ID, ev.Payload.Variant.(*jiko.ACHIncomingPayload).JikoAccountID); err != nil {
				return err
			}
			if p < chaosFailRate {
				run.figures.failures.Add(1)
				return errInjected // after the credit: a crash before MarkSeen
			}
			return nil
		}
		handlers := make([]http.Handler, chaosInstances)
		for i := range handlers {
			handlers[i] = jiko.WebhookHandler(secret, fn, jiko.WithWebhookDeduplicator(jiko.NewMemoryDeduplicator(chaosEvents)))
		}
		ids := run.deliver(handlers)
		got := credits(t, db)
		f := &run.figures
		firstFailed := 0
		for _, id := range ids {
			assert.Positive(t, got[id], "event %s credited", id)
			if chance(id, 1) < chaosFailRate {
				firstFailed++
				assert.GreaterOrEqual(t, got[id], 2, "event %s, whose first call failed after its credit, credited again", id)
			}
		}
		assert.EqualValues(t, chaosEvents*chaosCopies, f.acknowledged.Load(), "every delivery ends acknowledged")
		require.Positive(t, firstFailed, "the seed makes some first calls fail")
		assert.GreaterOrEqual(t, int(f.failures.Load()), firstFailed)
		assert.GreaterOrEqual(t, sum(got)-len(ids), int(f.failures.Load()), "a duplicate for every failure after a credit")
		assert.GreaterOrEqual(t, countAbove(got, 1), firstFailed)
		t.Logf("%s, WebhookHandler + MemoryDeduplicator per replica: %d events, %d deliveries, %d partner failures injected, "+
			"%d effects: %d duplicates let through, %d events credited more than once (%d certain: their first call failed)",
			e.name, chaosEvents, f.deliveries.Load(), f.failures.Load(), sum(got), sum(got)-len(ids), countAbove(got, 1), firstFailed)
	})
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func countAbove(m map[string]int, k int) int {
	n := 0
	for _, v := range m {
		if v > k {
			n++
		}
	}
	return n
}
