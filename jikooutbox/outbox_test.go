package jikooutbox_test

import (
	"context"
	"database/sql"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRefusesBadConfiguration(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	cases := []struct {
		field string
		db    *sql.DB
		d     jikooutbox.Dialect
		opts  []jikooutbox.Option
	}{
		{"db", nil, jikooutbox.Postgres, nil},
		{"Dialect", db, jikooutbox.Dialect{}, nil},
		{"WithTable", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithTable("")}},
		{"WithTable", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithTable("outbox; DROP TABLE balances")}},
		{"WithTable", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithTable(`"outbox"`)}},
		{"WithTable", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithTable("public.outbox")}},
		{"WithTable", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithTable(strings.Repeat("a", 56))}},
		{"WithClock", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithClock(nil)}},
		{"WithWindow", db, jikooutbox.SQLite, []jikooutbox.Option{jikooutbox.WithWindow(0)}},
	}
	for _, c := range cases {
		ob, err := jikooutbox.New(c.db, c.d, c.opts...)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve, "%s", c.field)
		assert.Equal(t, c.field, ve.Field)
		assert.Nil(t, ob)
	}

	ob, err := jikooutbox.New(db, jikooutbox.SQLite)
	require.NoError(t, err)
	c, err := jiko.NewClient(jiko.WithBaseURL("http://127.0.0.1:1"), jiko.WithCredentials("u", "p"), jiko.WithSigningSecret("s"))
	require.NoError(t, err)
	dcases := []struct {
		field  string
		client *jiko.Client
		opts   []jikooutbox.DispatcherOption
	}{
		{"client", nil, nil},
		{"WithConcurrency", c, []jikooutbox.DispatcherOption{jikooutbox.WithConcurrency(0)}},
		{"WithLease", c, []jikooutbox.DispatcherOption{jikooutbox.WithLease(0)}},
		{"WithLease", c, []jikooutbox.DispatcherOption{jikooutbox.WithLease(30 * time.Minute)}},
		{"WithPollInterval", c, []jikooutbox.DispatcherOption{jikooutbox.WithPollInterval(-time.Second)}},
		{"WithBackoff", c, []jikooutbox.DispatcherOption{jikooutbox.WithBackoff(0, time.Second)}},
		{"WithBackoff", c, []jikooutbox.DispatcherOption{jikooutbox.WithBackoff(time.Minute, time.Second)}},
	}
	for _, dc := range dcases {
		d, err := ob.NewDispatcher(dc.client, nil, dc.opts...)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve, "%s", dc.field)
		assert.Equal(t, dc.field, ve.Field)
		assert.Nil(t, d)
	}
}

func TestEnqueueRefusesABadIntent(t *testing.T) {
	w := newWorld(t, sqliteEngine)
	tx, err := w.db.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	ctx := context.Background()
	cases := map[string]jikooutbox.Intent{
		"intent":               nil,
		"ID":                   &jikooutbox.ACHIntent{PocketID: w.pocket},
		"ACHIntent.PocketID":   &jikooutbox.ACHIntent{ID: "a"},
		"WireIntent.PocketID":  &jikooutbox.WireIntent{ID: "a"},
		"OnUsIntent.Request":   &jikooutbox.OnUsIntent{ID: "a"},
		"RequestIntent.Method": &jikooutbox.RequestIntent{ID: "a", Path: "/api/v1/x/"},
		"RequestIntent.Path":   &jikooutbox.RequestIntent{ID: "a", Method: "POST", Path: "api/v1/x/"},
		"Body":                 &jikooutbox.RequestIntent{ID: "a", Method: "POST", Path: "/api/v1/x/", Body: func() {}},
	}
	for field, in := range cases {
		_, err := w.ob.Enqueue(ctx, tx, in)
		var ve *jiko.ValidationError
		require.ErrorAs(t, err, &ve, field)
		assert.Equal(t, field, ve.Field)
	}
	_, err = w.ob.Enqueue(ctx, tx, &jikooutbox.RequestIntent{ID: strings.Repeat("x", 201), Method: "POST", Path: "/x/"})
	assert.ErrorContains(t, err, "ID: is 201 bytes")
	_, err = w.ob.Enqueue(ctx, nil, achIntent(w, "a", w.ach, 1))
	assert.ErrorContains(t, err, "tx: is nil")
}

func TestSchemaQuotesTheTableInEachDialect(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	for d, q := range map[jikooutbox.Dialect]string{jikooutbox.Postgres: `"`, jikooutbox.SQLite: `"`, jikooutbox.MySQL: "`"} {
		ob, err := jikooutbox.New(db, d, jikooutbox.WithTable("Payouts"))
		require.NoError(t, err)
		s := ob.Schema()
		assert.True(t, strings.HasPrefix(s[0], "CREATE TABLE IF NOT EXISTS "+q+"Payouts"+q+" (\n"), "%s: %s", d, s[0])
		if d == jikooutbox.MySQL {
			assert.Len(t, s, 1)
			assert.Contains(t, s[0], "INDEX `Payouts_due` (state, next_at)")
			continue
		}
		assert.Equal(t, []string{
			"CREATE INDEX IF NOT EXISTS " + q + "Payouts_due" + q + " ON " + q + "Payouts" + q + " (next_at, id) WHERE state IN ('pending', 'uncertain')",
			"CREATE INDEX IF NOT EXISTS " + q + "Payouts_updated" + q + " ON " + q + "Payouts" + q + " (updated_at)",
		}, s[1:], d.String())
	}
}

// TestNothingIsSentBeforeCommit: an intent rolled back is never sent; one
// committed is sent once, with the key derived from its id; on
// PostgreSQL, one not yet committed is not seen by a dispatcher.
func TestNothingIsSentBeforeCommit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		w := newWorld(t, e)
		w.addUser("ann")
		ctx := context.Background()
		d, err := w.ob.NewDispatcher(w.client, nil)
		require.NoError(t, err)

		tx, err := w.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = w.ob.Enqueue(ctx, tx, achIntent(w, "w-rolled-back", w.ach, 500))
		require.NoError(t, err)
		require.NoError(t, tx.Rollback())

		if e.canKill { // PostgreSQL: a dispatcher runs while the enqueue is open
			tx, err := w.db.BeginTx(ctx, nil)
			require.NoError(t, err)
			_, err = w.ob.Enqueue(ctx, tx, achIntent(w, "w-open", w.ach, 700))
			require.NoError(t, err)
			n, err := d.RunOnce(ctx)
			require.NoError(t, err)
			assert.Zero(t, n)
			require.NoError(t, tx.Rollback())
		}
		n, err := d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Zero(t, n)
		assert.Empty(t, w.posts())

		require.NoError(t, w.withdraw(ctx, w.db, "ann", 600, achIntent(w, "w-1", w.ach, 600)))
		n, err = d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		posts := w.posts()
		require.Len(t, posts, 1)
		assert.Equal(t, "/api/v1/jiko-accounts/"+w.pocket+"/ach-originating/", posts[0].Path)
		assert.Equal(t, jikooutbox.KeyFor("w-1"), posts[0].Header.Get("X-Jiko-Idempotency"))
		assert.Equal(t, jiko.IdempotencyKeyFor("jikooutbox:w-1"), jikooutbox.KeyFor("w-1"))
		assert.JSONEq(t, `{"counterparty_id":"`+w.ach+`","direction":"CREDIT","amount_usdc":600,`+
			`"payment_related_information":["withdrawal w-1","jikooutbox `+jikooutbox.KeyFor("w-1")+`"]}`, string(posts[0].Body))
		r, err := w.ob.Get(ctx, "w-1")
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.StateDone, r.State)
		assert.Equal(t, jikooutbox.ViaAnswer, r.Via)
		assert.Equal(t, 1, r.Attempts)
		assert.Equal(t, map[string]int{r.ObjectID: 1}, w.ledgerRefs())
		_, err = w.ob.Get(ctx, "w-rolled-back")
		assert.ErrorIs(t, err, jikooutbox.ErrNotFound)
	})
}

// TestOutcomes: done with the API object's id, refused and never resent,
// uncertain and resent with the same key after the backoff, each final
// outcome recorded with the partner's function in one transaction.
func TestOutcomes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		w := newWorld(t, e)
		w.addUser("ann")
		ctx := context.Background()
		amounts := map[string]int64{"ok": 100, "refused": 200, "503": 300, "dropped": 400}
		d, err := w.ob.NewDispatcher(w.client, w.complete(func(id string) (string, int64) { return "ann", amounts[id] }),
			jikooutbox.WithBackoff(time.Second, time.Minute), jikooutbox.WithConcurrency(1))
		require.NoError(t, err)
		for _, id := range []string{"ok", "refused", "503", "dropped"} {
			cp := w.ach
			if id == "refused" {
				cp = w.unverified
			}
			require.NoError(t, w.withdraw(ctx, w.db, "ann", amounts[id], achIntent(w, id, cp, amounts[id])))
		}
		path := "/api/v1/jiko-accounts/" + w.pocket + "/ach-originating/"
		// The SDK's own retry (one) fails too: the outbox resends later.
		w.srv.FailNext(2, jikotest.Fault{Path: path, Status: 503})
		w.srv.FailNext(2, jikotest.Fault{Path: path, Drop: jikotest.DropAfterHandling})
		_, err = d.RunOnce(ctx)
		require.NoError(t, err)

		states := map[string]jikooutbox.State{}
		for _, id := range []string{"ok", "refused", "503", "dropped"} {
			r, err := w.ob.Get(ctx, id)
			require.NoError(t, err)
			states[id] = r.State
		}
		// One at a time, in id order: 503, dropped, ok, refused.
		assert.Equal(t, map[string]jikooutbox.State{"503": "uncertain", "dropped": "uncertain", "ok": "done", "refused": "refused"}, states)
		st, err := w.ob.Stats(ctx)
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.Stats{Uncertain: 2, Done: 1, Refused: 1, OldestWaiting: 0}, st)
		refused, err := w.ob.Get(ctx, "refused")
		require.NoError(t, err)
		assert.Contains(t, refused.LastError, "422")

		// Before the backoff ends nothing is due.
		n, err := d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Zero(t, n)
		w.clock.Advance(time.Minute)
		st, err = w.ob.Stats(ctx)
		require.NoError(t, err)
		assert.Equal(t, time.Minute, st.OldestWaiting)
		before := len(w.posts())
		n, err = d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "the two uncertain ones, not the refused one")
		for _, p := range w.posts()[before:] {
			assert.Contains(t, []string{jikooutbox.KeyFor("503"), jikooutbox.KeyFor("dropped")}, p.Header.Get("X-Jiko-Idempotency"))
		}
		for _, id := range []string{"ok", "503", "dropped"} {
			r, err := w.ob.Get(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, jikooutbox.StateDone, r.State, id)
			assert.NotEmpty(t, r.ObjectID)
		}
		assert.Len(t, w.ledgerRefs(), 3, "three transfers, each once")
		for ref, n := range w.ledgerRefs() {
			assert.Equal(t, 1, n, ref)
		}
		assert.Equal(t, map[string][]string{"ok": {"done"}, "refused": {"refused"}, "503": {"done"}, "dropped": {"done"}}, w.outcomes())
		var cents int64
		require.NoError(t, w.db.QueryRow(w.q("SELECT cents FROM balances WHERE user_id = ?"), "ann").Scan(&cents))
		assert.Equal(t, int64(startCents-100-300-400), cents, "the refused withdrawal was given back")
		n, err = d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Zero(t, n)
	})
}

// TestNoDriverInTheImportGraph: the outbox takes no database driver with
// it; drivers are the tests' and examples' dependencies.
func TestNoDriverInTheImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/jiko-go/jiko/jikooutbox").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "database/sql")
	for _, d := range deps {
		for _, driver := range []string{"github.com/jackc/", "modernc.org/", "github.com/lib/pq", "github.com/go-sql-driver/", "github.com/ncruces/", "github.com/mattn/go-sqlite3"} {
			assert.False(t, strings.HasPrefix(d, driver), "%s is imported", d)
		}
	}
}
