// Command inbox receives Jiko's webhooks on two replicas that share one
// database, through jikoinbox: each event credits a Pocket's ledger
// exactly once, whichever replica a delivery reaches, however often Jiko
// delivers it, and even when the partner's function fails once.
//
// It runs offline, against the in-process fake API (package jikotest),
// which delivers real signed webhooks. The inbox and the ledger are in an
// embedded SQLite database in a temporary directory unless a PostgreSQL
// connection string is given, with -dsn or JIKO_INBOX_DSN (for example
// "postgres://user:pass@localhost:5432/db"): the example then creates the
// tables jiko_inbox_example and jiko_example_ledger there and drops them
// when it ends.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/jiko-go/jiko/jikotest"
)

func main() {
	dsn := flag.String("dsn", "", "a PostgreSQL connection string (default: $JIKO_INBOX_DSN, or an embedded SQLite database)")
	flag.Parse()
	getenv := os.Getenv
	if *dsn != "" {
		getenv = func(k string) string {
			if k == "JIKO_INBOX_DSN" {
				return *dsn
			}
			return os.Getenv(k)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "inbox:", err)
		os.Exit(1)
	}
}

const (
	hookPath = "/webhooks/jiko"
	secret   = "offline-demo-shared-secret"
	pocketID = "8a7ec6c0-2701-40a1-8954-68870964b50d"
	table    = "jiko_inbox_example"
	ledger   = "jiko_example_ledger"
)

// The demo's deposits: fixed ids and times, so that the output is too.
var (
	firstDeposit  = &jiko.Event{ID: "5f0c8a4e-1d2b-4c3a-9e8f-000000000001", Type: jiko.EventACHInSuccess, Timestamp: jiko.TimestampOf(time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)), Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: pocketID}}}
	secondDeposit = &jiko.Event{ID: "5f0c8a4e-1d2b-4c3a-9e8f-000000000002", Type: jiko.EventACHInSuccess, Timestamp: jiko.TimestampOf(time.Date(2026, 3, 2, 14, 6, 0, 0, time.UTC)), Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: pocketID}}}
)

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	c, srv, err := exampleenv.Offline(out, jikotest.WithWebhookTimeScale(0.001))
	if err != nil {
		return err
	}
	defer srv.Close()
	store, err := openStore(ctx, getenv("JIKO_INBOX_DSN"), out)
	if err != nil {
		return err
	}
	defer store.close()

	// Two replicas, each with its own pool on the shared database, behind
	// a load balancer that takes turns.
	const replicas = 2
	lb := &balancer{out: out}
	for i := range replicas {
		db, err := sql.Open(store.driver, store.dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		inbox, err := jikoinbox.New(db, store.dialect, jikoinbox.WithTable(table))
		if err != nil {
			return err
		}
		lb.replicas = append(lb.replicas, inbox.Handler(secret, lb.credit(store)))
		if i == 0 {
			if err := inbox.Migrate(ctx); err != nil {
				return err
			}
			store.inbox = inbox
		}
	}
	hs := httptest.NewServer(lb)
	defer hs.Close()
	fmt.Fprintf(out, "%d replicas receive webhooks behind a local load balancer.\n", replicas)

	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		Description: "jiko-go inbox example", Events: []jiko.EventName{jiko.EventACHInSuccess},
		URL: hs.URL + hookPath, SharedSecret: secret,
		RetryPolicy: &jiko.RetryPolicy{RetryOnStatusCodes: []int{500, 503}, BackoffCoefficient: 2,
			MaximumAttempts: 3, InitialIntervalSeconds: 2, MaximumIntervalSeconds: 30},
	})
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	defer func() { _ = c.Subscriptions.Delete(context.WithoutCancel(ctx), sub.ID) }()

	steps := []struct {
		say      string
		ev       *jiko.Event
		failOnce bool
	}{
		{"Jiko delivers a deposit:", firstDeposit, false},
		{"Jiko delivers the same deposit again (a retry after a lost answer):", firstDeposit, false},
		{"Jiko delivers a second deposit; the ledger fails once, so Jiko retries:", secondDeposit, true},
	}
	for _, s := range steps {
		fmt.Fprintln(out, s.say)
		lb.failNext(s.failOnce)
		if _, err := c.Sandbox.TriggerWebhook(ctx, s.ev); err != nil {
			return fmt.Errorf("triggering %s: %w", s.ev.Type, err)
		}
		if err := srv.WaitForDeliveries(ctx); err != nil {
			return err
		}
	}
	return store.report(ctx, out)
}

// balancer hands each delivery to the next replica and says what it
// answered.
type balancer struct {
	out      io.Writer
	replicas []http.Handler

	mu   sync.Mutex
	turn int
	fail bool // the ledger fails the next credit
}

func (b *balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	n := b.turn % len(b.replicas)
	b.turn++
	b.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	b.replicas[n].ServeHTTP(sw, r)
	fmt.Fprintf(b.out, "  replica %d answered %d %s\n", n+1, sw.code, http.StatusText(sw.code))
}

func (b *balancer) failNext(fail bool) {
	b.mu.Lock()
	b.fail = fail
	b.mu.Unlock()
}

// credit is the partner's function: it credits the Pocket in the ledger,
// in the inbox's transaction.
func (b *balancer) credit(st *store) jikoinbox.Func {
	return func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
		p, ok := ev.Payload.Variant.(*jiko.ACHIncomingPayload)
		if !ok {
			return nil // not ours: recorded, not delivered again
		}
		if _, err := tx.ExecContext(ctx, st.insertCredit, ev.ID, p.JikoAccountID); err != nil {
			return err
		}
		b.mu.Lock()
		fail := b.fail
		b.fail = false
		b.mu.Unlock()
		if fail {
			return errors.New("ledger unavailable") // the credit above is rolled back
		}
		return nil
	}
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// store is the partner's database: the inbox table and a ledger.
type store struct {
	driver, dsn  string
	dialect      jikoinbox.Dialect
	insertCredit string
	admin        *sql.DB
	inbox        *jikoinbox.Inbox
	close        func()
}

// openStore opens the PostgreSQL database dsn names, or an embedded
// SQLite database in a temporary directory, and creates the ledger.
func openStore(ctx context.Context, dsn string, out io.Writer) (*store, error) {
	st := &store{driver: "pgx", dsn: dsn, dialect: jikoinbox.Postgres,
		insertCredit: "INSERT INTO " + ledger + " (event_id, pocket_id, credits) VALUES ($1, $2, 1)"}
	cleanup := func() {}
	if dsn == "" {
		dir, err := os.MkdirTemp("", "jiko-inbox-example")
		if err != nil {
			return nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		st.driver, st.dialect = "sqlite", jikoinbox.SQLite
		st.dsn = "file:" + filepath.Join(dir, "partner.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
		st.insertCredit = "INSERT INTO " + ledger + " (event_id, pocket_id, credits) VALUES (?, ?, 1)"
		fmt.Fprintln(out, "The inbox and the ledger are in an embedded SQLite database (-dsn or JIKO_INBOX_DSN for PostgreSQL).")
	} else {
		fmt.Fprintln(out, "The inbox and the ledger are in the given PostgreSQL database.")
	}
	admin, err := sql.Open(st.driver, st.dsn)
	if err != nil {
		cleanup()
		return nil, err
	}
	st.admin = admin
	// The example's own tables, left over by a run that was stopped.
	dropTables := func() {
		if dsn != "" {
			for _, t := range []string{table, ledger} {
				_, _ = admin.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+t)
			}
		}
	}
	dropTables()
	st.close = func() {
		dropTables()
		admin.Close()
		cleanup()
	}
	if _, err := admin.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+ledger+" (event_id TEXT NOT NULL, pocket_id TEXT NOT NULL, credits INTEGER NOT NULL)"); err != nil {
		st.close()
		return nil, fmt.Errorf("creating the ledger: %w", err)
	}
	return st, nil
}

// report prints the ledger's balance and what the inbox recorded.
func (st *store) report(ctx context.Context, out io.Writer) error {
	var credits int
	if err := st.admin.QueryRowContext(ctx, "SELECT COALESCE(SUM(credits), 0) FROM "+ledger).Scan(&credits); err != nil {
		return err
	}
	fmt.Fprintf(out, "Pocket %s was credited %d times, once per deposit.\n", pocketID, credits)
	fmt.Fprintln(out, "The inbox holds:")
	for r, err := range st.inbox.List(ctx, time.Time{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s %s of %s\n", r.EventID, r.EventType, r.EventTime.Format(time.RFC3339))
	}
	return nil
}
