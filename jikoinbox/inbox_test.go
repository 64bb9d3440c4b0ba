package jikoinbox_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "inbox-test-shared-secret"

// t0 is when the test events happened.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

func deposit(id string) *jiko.Event {
	return &jiko.Event{ID: id, Type: jiko.EventACHInSuccess, Timestamp: jiko.TimestampOf(t0),
		Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}}}
}

// credit is the tests' partner function: it credits the event's Pocket in
// the ledger, in tx.
func credit(e engine) jikoinbox.Func {
	q := creditSQL(e)
	return func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
		_, err := tx.ExecContext(ctx, q, ev.ID, ev.Payload.Variant.(*jiko.ACHIncomingPayload).JikoAccountID)
		return err
	}
}

// creditSQL inserts a credit of one for an event id and an account.
func creditSQL(e engine) string {
	if e.dialect == jikoinbox.Postgres {
		return "INSERT INTO ledger (event_id, account, amount) VALUES ($1, $2, 1)"
	}
	return "INSERT INTO ledger (event_id, account, amount) VALUES (?, ?, 1)"
}

// credits returns how many ledger rows each event has.
func credits(t testing.TB, db *sql.DB) map[string]int {
	rows, err := db.Query("SELECT event_id, COUNT(*) FROM ledger GROUP BY event_id")
	require.NoError(t, err)
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		require.NoError(t, rows.Scan(&id, &n))
		got[id] = n
	}
	require.NoError(t, rows.Err())
	return got
}

func list(t testing.TB, ib *jikoinbox.Inbox, since time.Time) []jikoinbox.Record {
	var got []jikoinbox.Record
	for r, err := range ib.List(context.Background(), since) {
		require.NoError(t, err)
		got = append(got, r)
	}
	return got
}

func TestNewRefusesBadConfiguration(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	cases := []struct {
		field string
		db    *sql.DB
		d     jikoinbox.Dialect
		opts  []jikoinbox.Option
	}{
		{"db", nil, jikoinbox.Postgres, nil},
		{"Dialect", db, jikoinbox.Dialect{}, nil},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable("")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable("inbox; DROP TABLE ledger")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable("1inbox")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable(`"inbox"`)}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable("a.b.inbox")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable("public.")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable(".inbox")}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable(`public."inbox"`)}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable(strings.Repeat("a", 53))}},
		{"Table", db, jikoinbox.SQLite, []jikoinbox.Option{jikoinbox.WithTable(strings.Repeat("s", 64) + ".inbox")}},
	}
	for _, c := range cases {
		ib, err := jikoinbox.New(c.db, c.d, c.opts...)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve, "%s", c.field)
		assert.Equal(t, c.field, ve.Field)
		assert.Nil(t, ib)
	}
	ib, err := jikoinbox.New(db, jikoinbox.SQLite, jikoinbox.WithTable("_Inbox_2"+strings.Repeat("a", 44)))
	require.NoError(t, err)
	assert.Contains(t, ib.Schema()[0], `CREATE TABLE IF NOT EXISTS "_Inbox_2aaaa`)
	ib, err = jikoinbox.New(db, jikoinbox.SQLite, jikoinbox.WithTable(strings.Repeat("s", 63)+".order"))
	require.NoError(t, err)
	assert.Contains(t, ib.Schema()[0], `CREATE TABLE IF NOT EXISTS "sss`)
}

func TestSchemaOfEachDialect(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	want := map[jikoinbox.Dialect][]string{
		jikoinbox.Postgres: {`CREATE TABLE IF NOT EXISTS "partner"."order" (
	event_id   text PRIMARY KEY,
	event_type text NOT NULL,
	event_time timestamptz NOT NULL,
	handled_at timestamptz NOT NULL,
	payload    json
)`, `CREATE INDEX IF NOT EXISTS "order_handled_at" ON "partner"."order" (handled_at)`},
		jikoinbox.SQLite: {`CREATE TABLE IF NOT EXISTS "Partner"."Order" (
	event_id   TEXT PRIMARY KEY NOT NULL,
	event_type TEXT NOT NULL,
	event_time TEXT NOT NULL,
	handled_at TEXT NOT NULL,
	payload    TEXT
)`, `CREATE INDEX IF NOT EXISTS "Partner"."Order_handled_at" ON "Order" (handled_at)`},
		jikoinbox.MySQL: {"CREATE TABLE IF NOT EXISTS `Partner`.`Order`" + ` (
	event_id   VARBINARY(255) NOT NULL PRIMARY KEY,
	event_type VARCHAR(255) CHARACTER SET utf8mb4 NOT NULL,
	event_time DATETIME(6) NOT NULL,
	handled_at DATETIME(6) NOT NULL,
	payload    LONGBLOB NULL,
	INDEX ` + "`Order_handled_at`" + ` (handled_at)
)`},
	}
	for d, stmts := range want {
		ib, err := jikoinbox.New(db, d, jikoinbox.WithTable("Partner.Order"))
		require.NoError(t, err)
		assert.Equal(t, stmts, ib.Schema(), d.String())
	}
	assert.Equal(t, "postgres", jikoinbox.Postgres.String())
}

func TestHandleCommitsOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		handledAt := time.Date(2026, 3, 14, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
		db, ib, _ := open(t, e, jikoinbox.WithClock(func() time.Time { return handledAt }))
		ctx := context.Background()
		calls := 0
		fn := func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			calls++
			return credit(e)(ctx, tx, ev)
		}
		handled, err := ib.Handle(ctx, deposit("ev-1"), fn)
		require.NoError(t, err)
		assert.True(t, handled)
		handled, err = ib.Handle(ctx, deposit("ev-1"), fn)
		require.NoError(t, err)
		assert.False(t, handled, "a second delivery is a duplicate")
		assert.Equal(t, 1, calls)
		assert.Equal(t, map[string]int{"ev-1": 1}, credits(t, db))

		assert.Equal(t, []jikoinbox.Record{{EventID: "ev-1", EventType: jiko.EventACHInSuccess,
			EventTime: t0.Truncate(time.Microsecond), HandledAt: handledAt.UTC().Truncate(time.Microsecond)}},
			list(t, ib, time.Time{}))

		_, err = ib.Handle(ctx, &jiko.Event{Type: jiko.EventACHInSuccess}, fn)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "Event.ID", ve.Field)
		assert.Equal(t, 1, calls)
	})
}

func TestHandleRollsBackWhenTheFunctionFails(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db, ib, _ := open(t, e)
		ctx := context.Background()
		boom := errors.New("ledger service unavailable")
		handled, err := ib.Handle(ctx, deposit("ev-1"), func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			require.NoError(t, credit(e)(ctx, tx, ev)) // written, then undone
			return boom
		})
		assert.Same(t, boom, err, "the function's error is returned as is")
		assert.False(t, handled)
		assert.Empty(t, credits(t, db))
		assert.Empty(t, list(t, ib, time.Time{}))

		handled, err = ib.Handle(ctx, deposit("ev-1"), credit(e))
		require.NoError(t, err)
		assert.True(t, handled, "the next delivery handles the event")
		assert.Equal(t, map[string]int{"ev-1": 1}, credits(t, db))
	})
}

// TestAPanickingFunctionRollsBack: a panic in the function goes up the
// stack; its transaction is rolled back, its connection goes back to the
// pool, and the next delivery handles the event.
func TestAPanickingFunctionRollsBack(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db, ib, _ := open(t, e)
		db.SetMaxOpenConns(1) // a connection the panic kept would block what follows
		ctx := context.Background()
		panicking := func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			require.NoError(t, credit(e)(ctx, tx, ev)) // written, then undone
			panic("partner bug")
		}
		assert.PanicsWithValue(t, "partner bug", func() { _, _ = ib.Handle(ctx, deposit("ev-1"), panicking) })
		require.Zero(t, db.Stats().InUse, "the connection is back in the pool")
		assert.Empty(t, credits(t, db), "the credit is rolled back")
		assert.Empty(t, list(t, ib, time.Time{}), "and so is the claim")

		// Through the handler, the server drops the connection: no 200.
		var panics atomic.Bool
		panics.Store(true)
		srv := httptest.NewUnstartedServer(ib.Handler(secret, func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			if panics.Load() {
				return panicking(ctx, tx, ev)
			}
			return credit(e)(ctx, tx, ev)
		}))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Start()
		defer srv.Close()
		post := func(id string) (int, error) {
			b, err := json.Marshal(deposit(id))
			require.NoError(t, err)
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(b))
			require.NoError(t, err)
			req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(b, secret))
			resp, err := srv.Client().Do(req)
			if err != nil {
				return 0, err
			}
			resp.Body.Close()
			return resp.StatusCode, nil
		}
		_, err := post("ev-2")
		require.Error(t, err, "a delivery whose function panics gets no answer")
		require.Zero(t, db.Stats().InUse)
		panics.Store(false)
		for _, id := range []string{"ev-1", "ev-2", "ev-2"} {
			code, err := post(id)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, code, id)
		}
		assert.Equal(t, map[string]int{"ev-1": 1, "ev-2": 1}, credits(t, db), "each event handled once, after the panics")
	})
}

// TestAConcurrentClaimWaitsForTheFirst holds a claim open in one pool
// while another pool claims the same event: the second waits, then skips
// the event if the first committed, or handles it if the first rolled
// back.
func TestAConcurrentClaimWaitsForTheFirst(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		for _, firstFails := range []bool{false, true} {
			t.Run(fmt.Sprintf("first fails %v", firstFails), func(t *testing.T) {
				db, ib, dsn := open(t, e)
				other, err := jikoinbox.New(openDSN(t, e, dsn), e.dialect)
				require.NoError(t, err)
				ctx := context.Background()
				inFirst, release := make(chan struct{}), make(chan struct{})
				firstDone := make(chan error, 1)
				go func() {
					_, err := ib.Handle(ctx, deposit("ev-1"), func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
						if err := credit(e)(ctx, tx, ev); err != nil {
							return err
						}
						close(inFirst)
						<-release
						if firstFails {
							return errors.New("first delivery fails")
						}
						return nil
					})
					firstDone <- err
				}()
				<-inFirst
				var secondCalled atomic.Bool
				secondDone := make(chan bool, 1)
				go func() {
					handled, err := other.Handle(ctx, deposit("ev-1"), func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
						secondCalled.Store(true)
						return credit(e)(ctx, tx, ev)
					})
					assert.NoError(t, err)
					secondDone <- handled
				}()
				if e.dialect == jikoinbox.Postgres {
					waitForLockWait(t, db)
				}
				assert.False(t, secondCalled.Load(), "the second claim waits while the first is open")
				close(release)
				firstErr := <-firstDone
				handled := <-secondDone
				assert.Equal(t, firstFails, firstErr != nil)
				assert.Equal(t, firstFails, handled, "the second handles the event only when the first rolled back")
				assert.Equal(t, firstFails, secondCalled.Load())
				assert.Equal(t, map[string]int{"ev-1": 1}, credits(t, db))
			})
		}
	})
}

// waitForLockWait returns once a backend waits for a lock: the second
// claim, blocked on the first's uncommitted row.
func waitForLockWait(t *testing.T, db *sql.DB) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").Scan(&n))
		if n == 1 {
			return
		}
		require.True(t, time.Now().Before(deadline), "the second claim never waited for the first")
	}
}

func TestHandlerAnswers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db, ib, _ := open(t, e)
		failing := atomic.Bool{}
		h := ib.Handler(secret, func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			if err := credit(e)(ctx, tx, ev); err != nil {
				return err
			}
			if failing.Load() {
				return errors.New("partner failure")
			}
			return nil
		}, jiko.WithWebhookMaxBody(4096))
		post := func(body []byte, signature string) int {
			req := httptest.NewRequest(http.MethodPost, "/webhooks/jiko", bytes.NewReader(body))
			req.Header.Set(jiko.WebhookSignatureHeader, signature)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		body := func(id string) []byte {
			b, err := json.Marshal(deposit(id))
			require.NoError(t, err)
			return b
		}

		assert.Equal(t, http.StatusOK, post(body("ev-1"), jiko.SignWebhook(body("ev-1"), secret)))
		assert.Equal(t, http.StatusOK, post(body("ev-1"), jiko.SignWebhook(body("ev-1"), secret)), "a duplicate is acknowledged")
		assert.Equal(t, http.StatusUnauthorized, post(body("ev-2"), jiko.SignWebhook(body("ev-2"), "another secret")))
		big := bytes.Repeat([]byte(" "), 5000)
		assert.Equal(t, http.StatusRequestEntityTooLarge, post(big, jiko.SignWebhook(big, secret)), "the options reach WebhookHandler")
		failing.Store(true)
		assert.Equal(t, http.StatusInternalServerError, post(body("ev-3"), jiko.SignWebhook(body("ev-3"), secret)))
		assert.Equal(t, map[string]int{"ev-1": 1}, credits(t, db))

		require.NoError(t, db.Close())
		failing.Store(false)
		assert.Equal(t, http.StatusInternalServerError, post(body("ev-3"), jiko.SignWebhook(body("ev-3"), secret)), "no database, no acknowledgement")
	})
}

func TestHandlerPanicsWithoutAFunction(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	ib, err := jikoinbox.New(db, jikoinbox.SQLite)
	require.NoError(t, err)
	assert.PanicsWithValue(t, "jikoinbox: Handler: nil function", func() { ib.Handler(secret, nil) })
}

func TestListAndPrune(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		now := t0
		_, ib, _ := open(t, e, jikoinbox.WithPayload(), jikoinbox.WithTable("partner_inbox"),
			jikoinbox.WithClock(func() time.Time { return now }))
		ctx := context.Background()
		for i, id := range []string{"ev-1", "ev-2", "ev-3"} {
			now = t0.Add(time.Duration(i) * time.Hour)
			_, err := ib.Handle(ctx, deposit(id), credit(e))
			require.NoError(t, err)
		}
		recs := list(t, ib, t0.Add(time.Hour))
		require.Len(t, recs, 2)
		assert.Equal(t, "ev-2", recs[0].EventID)
		assert.Equal(t, t0.Add(time.Hour), recs[0].HandledAt.Add(time.Duration(t0.Nanosecond()%1000)))
		assert.Equal(t, "ev-3", recs[1].EventID)
		var ev jiko.Event
		require.NoError(t, json.Unmarshal(recs[0].Payload, &ev), "the payload is stored when asked")
		assert.Equal(t, *deposit("ev-2"), ev)

		now = t0.Add(2*time.Hour + 30*time.Minute)
		n, err := ib.Prune(ctx, time.Hour)
		require.NoError(t, err)
		assert.EqualValues(t, 2, n, "ev-1 and ev-2 were handled more than an hour ago")
		recs = list(t, ib, time.Time{})
		require.Len(t, recs, 1)
		assert.Equal(t, "ev-3", recs[0].EventID)

		_, err = ib.Prune(ctx, 0)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "olderThan", ve.Field)
	})
}

// TestNoDriverInTheImportGraph: the SDK and the inbox take no database
// driver with them; drivers are the tests' and examples' dependencies.
func TestNoDriverInTheImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/jiko-go/jiko", "github.com/jiko-go/jiko/jikoinbox").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "database/sql")
	require.Contains(t, deps, "github.com/jiko-go/jiko/jikoinbox")
	for _, d := range deps {
		for _, driver := range []string{"github.com/jackc/", "modernc.org/", "github.com/lib/pq", "github.com/go-sql-driver/", "github.com/ncruces/", "github.com/mattn/go-sqlite3"} {
			assert.False(t, strings.HasPrefix(d, driver), "%s is imported", d)
		}
	}
}
