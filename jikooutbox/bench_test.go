package jikooutbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
)

// benchConcurrency is the number of withdrawals in flight at once, with
// the outbox (its enqueuers and its dispatcher's sends) and without.
const benchConcurrency = 8

// BenchmarkWithdrawals measures withdrawals per second, each a debit of a
// user's balance and an ACH origination sent to jikotest with a key
// derived from its id and its transfer id recorded: through the outbox
// (enqueued in the debit's transaction, sent by a dispatcher, recorded
// with its function) and directly (the debit committed, the call made,
// the transfer id written), eight at a time in both, on the same
// jikotest:
//
//	go test -run '^$' -bench Withdrawals -benchmem -benchtime 2000x ./jikooutbox
func BenchmarkWithdrawals(b *testing.B) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		b.Run(e.name, func(b *testing.B) {
			if e.name == "postgres" && pg == nil {
				b.Skip("PostgreSQL is not installed: apt-get install postgresql")
			}
			b.Run("outbox", func(b *testing.B) { benchOutbox(b, e) })
			b.Run("direct", func(b *testing.B) { benchDirect(b, e) })
		})
	}
}

// benchWorld is a world on the real clock with a user per withdrawal in
// flight, so that no two wait for the same balance row.
func benchWorld(b *testing.B, e engine) *world {
	w := newWorld(b, e, jikooutbox.WithClock(time.Now))
	for u := range benchConcurrency {
		w.addUser(benchUser(u))
	}
	w.db.SetMaxOpenConns(2 * benchConcurrency)
	w.db.SetMaxIdleConns(2 * benchConcurrency)
	return w
}

func benchUser(i int) string { return fmt.Sprintf("user-%d", i%benchConcurrency) }

// inParallel runs f(i) for i in [0, n) from benchConcurrency goroutines.
func inParallel(b testing.TB, n int, f func(i int) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range benchConcurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func benchOutbox(b *testing.B, e engine) {
	w := benchWorld(b, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var recorded atomic.Int64
	all := make(chan struct{})
	n := int64(b.N)
	d, err := w.ob.NewDispatcher(w.client, func(ctx context.Context, tx *sql.Tx, r jikooutbox.Record) error {
		_, err := tx.ExecContext(ctx, w.q("INSERT INTO outcomes (intent_id, state, object_id, cents) VALUES (?, ?, ?, 1)"), r.ID, string(r.State), r.ObjectID)
		if err == nil && recorded.Add(1) == n {
			close(all)
		}
		return err
	}, jikooutbox.WithConcurrency(benchConcurrency), jikooutbox.WithPollInterval(time.Millisecond))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	go func() { _ = d.Run(ctx) }()
	inParallel(b, b.N, func(i int) error {
		return w.withdraw(ctx, w.db, benchUser(i), 1, achIntent(w, fmt.Sprintf("w-%d", i), w.ach, 1))
	})
	<-all
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "withdrawals/s")
}

func benchDirect(b *testing.B, e engine) {
	w := benchWorld(b, e)
	ctx := context.Background()
	debit, record := w.q("UPDATE balances SET cents = cents - ? WHERE user_id = ?"),
		w.q("INSERT INTO outcomes (intent_id, state, object_id, cents) VALUES (?, ?, ?, 1)")
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	inParallel(b, b.N, func(i int) error {
		id := fmt.Sprintf("w-%d", i)
		if _, err := w.db.ExecContext(ctx, debit, 1, benchUser(i)); err != nil {
			return err
		}
		in := achIntent(w, id, w.ach, 1)
		t, err := w.client.ACH.Create(ctx, in.PocketID, &in.Request, jiko.WithIdempotencyKey(jikooutbox.KeyFor(id)))
		if err != nil {
			return err
		}
		_, err = w.db.ExecContext(ctx, record, id, "done", t.ID)
		return err
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "withdrawals/s")
}
