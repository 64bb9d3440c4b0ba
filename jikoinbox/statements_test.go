package jikoinbox_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a database/sql driver that records the statements it is
// sent, with their arguments, and reports claimed rows as told: the exact
// SQL of each dialect, MySQL's included, which no server here runs.
type recorder struct {
	mu       sync.Mutex
	log      []recorded
	affected int64 // rows an Exec reports
	count    int64 // what a SELECT COUNT(*) answers
}

type recorded struct {
	query string
	args  []driver.Value
}

var rec = &recorder{}

func init() { sql.Register("inbox-recorder", rec) }

func (r *recorder) Open(string) (driver.Conn, error) { return recConn{r}, nil }

func (r *recorder) add(q string, args []driver.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log = append(r.log, recorded{q, args})
}

type recConn struct{ r *recorder }

func (c recConn) Prepare(q string) (driver.Stmt, error) { return recStmt{c.r, q}, nil }
func (c recConn) Close() error                          { return nil }
func (c recConn) Begin() (driver.Tx, error)             { c.r.add("BEGIN", nil); return recTx(c), nil }

type recTx struct{ r *recorder }

func (t recTx) Commit() error   { t.r.add("COMMIT", nil); return nil }
func (t recTx) Rollback() error { t.r.add("ROLLBACK", nil); return nil }

type recStmt struct {
	r *recorder
	q string
}

func (s recStmt) Close() error  { return nil }
func (s recStmt) NumInput() int { return -1 }
func (s recStmt) Exec(args []driver.Value) (driver.Result, error) {
	s.r.add(s.q, args)
	return driver.RowsAffected(s.r.affected), nil
}
func (s recStmt) Query(args []driver.Value) (driver.Rows, error) {
	s.r.add(s.q, args)
	if strings.HasPrefix(s.q, "SELECT COUNT(*)") {
		return &countRow{n: s.r.count}, nil
	}
	return noRows{}, nil
}

// countRow is the one row of a SELECT COUNT(*).
type countRow struct {
	n    int64
	done bool
}

func (*countRow) Columns() []string { return []string{"count"} }
func (*countRow) Close() error      { return nil }
func (r *countRow) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done, dest[0] = true, r.n
	return nil
}

type noRows struct{}

func (noRows) Columns() []string {
	return []string{"event_id", "event_type", "event_time", "handled_at", "payload"}
}
func (noRows) Close() error              { return nil }
func (noRows) Next([]driver.Value) error { return io.EOF }

func TestTheStatementsOfEachDialect(t *testing.T) {
	db, err := sql.Open("inbox-recorder", "")
	require.NoError(t, err)
	defer db.Close()
	now := time.Date(2026, 3, 14, 10, 0, 0, 123456789, time.UTC)
	at := now.Truncate(time.Microsecond)
	ev := deposit("ev-1")
	cases := []struct {
		d                                   jikoinbox.Dialect
		claim, list, prune                  string
		eventTime, handledAt, anHourEarlier any
	}{
		{jikoinbox.Postgres,
			`INSERT INTO "order" (event_id, event_type, event_time, handled_at, payload) VALUES ($1, $2, $3, $4, $5::json) ON CONFLICT (event_id) DO NOTHING`,
			`SELECT event_id, event_type, event_time, handled_at, payload FROM "order" WHERE handled_at >= $1 ORDER BY handled_at, event_id`,
			`DELETE FROM "order" WHERE handled_at < $1`,
			t0.Truncate(time.Microsecond), at, at.Add(-time.Hour)},
		{jikoinbox.SQLite,
			`INSERT INTO "Order" (event_id, event_type, event_time, handled_at, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
			`SELECT event_id, event_type, event_time, handled_at, payload FROM "Order" WHERE handled_at >= ? ORDER BY handled_at, event_id`,
			`DELETE FROM "Order" WHERE handled_at < ?`,
			"2026-03-14T09:26:53.589793Z", "2026-03-14T10:00:00.123456Z", "2026-03-14T09:00:00.123456Z"},
		{jikoinbox.MySQL,
			"INSERT IGNORE INTO `Order` (event_id, event_type, event_time, handled_at, payload) VALUES (?, ?, ?, ?, ?)",
			"SELECT event_id, event_type, event_time, handled_at, payload FROM `Order` WHERE handled_at >= ? ORDER BY handled_at, event_id",
			"DELETE FROM `Order` WHERE handled_at < ?",
			t0.Truncate(time.Microsecond), at, at.Add(-time.Hour)},
	}
	for _, c := range cases {
		t.Run(c.d.String(), func(t *testing.T) {
			ib, err := jikoinbox.New(db, c.d, jikoinbox.WithTable("Order"), jikoinbox.WithClock(func() time.Time { return now }))
			require.NoError(t, err)
			ctx := context.Background()
			calls := 0
			fn := func(context.Context, *sql.Tx, *jiko.Event) error { calls++; return nil }

			rec.log, rec.affected = nil, 1
			handled, err := ib.Handle(ctx, ev, fn)
			require.NoError(t, err)
			assert.True(t, handled)
			claim := recorded{c.claim, []driver.Value{"ev-1", "transfers.ach.in.success", c.eventTime, c.handledAt, nil}}
			assert.Equal(t, []recorded{{"BEGIN", nil}, claim, {"COMMIT", nil}}, rec.log)

			rec.log, rec.affected = nil, 0
			handled, err = ib.Handle(ctx, ev, fn)
			require.NoError(t, err)
			assert.False(t, handled, "no row claimed: committed before")
			assert.Equal(t, []recorded{{"BEGIN", nil}, claim, {"ROLLBACK", nil}}, rec.log)
			assert.Equal(t, 1, calls)

			rec.log = nil
			for _, err := range ib.List(ctx, now) {
				require.NoError(t, err)
			}
			rec.affected = 7
			n, err := ib.Prune(ctx, time.Hour)
			require.NoError(t, err)
			assert.EqualValues(t, 7, n)
			assert.Equal(t, []recorded{{c.list, []driver.Value{c.handledAt}}, {c.prune, []driver.Value{c.anHourEarlier}}}, rec.log)
		})
	}
}

// TestMigrateStatements: Migrate creates the table, then changes a table
// of an earlier version only when the probe finds a column to change.
func TestMigrateStatements(t *testing.T) {
	db, err := sql.Open("inbox-recorder", "")
	require.NoError(t, err)
	defer db.Close()
	cases := []struct {
		d     jikoinbox.Dialect
		table string
		probe []recorded
		alter string
	}{
		{jikoinbox.Postgres, "jiko.Inbox", []recorded{{"SELECT COUNT(*) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'payload' AND atttypid = 'jsonb'::regtype",
			[]driver.Value{`"jiko"."inbox"`}}},
			`ALTER TABLE "jiko"."inbox" ALTER COLUMN payload TYPE json USING payload::json`},
		{jikoinbox.SQLite, "jiko.Inbox", nil, ""},
		{jikoinbox.MySQL, "jiko.Inbox", []recorded{{"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND " +
			"((column_name = 'event_id' AND data_type <> 'varbinary') OR (column_name = 'payload' AND data_type <> 'longblob'))",
			[]driver.Value{"jiko", "Inbox"}}},
			"ALTER TABLE `jiko`.`Inbox` MODIFY event_id VARBINARY(255) NOT NULL, MODIFY payload LONGBLOB NULL"},
		{jikoinbox.MySQL, "Inbox", []recorded{{"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND " +
			"((column_name = 'event_id' AND data_type <> 'varbinary') OR (column_name = 'payload' AND data_type <> 'longblob'))",
			[]driver.Value{nil, "Inbox"}}},
			"ALTER TABLE `Inbox` MODIFY event_id VARBINARY(255) NOT NULL, MODIFY payload LONGBLOB NULL"},
	}
	for _, c := range cases {
		t.Run(c.d.String()+" "+c.table, func(t *testing.T) {
			ib, err := jikoinbox.New(db, c.d, jikoinbox.WithTable(c.table))
			require.NoError(t, err)
			var created []recorded
			for _, s := range ib.Schema() {
				created = append(created, recorded{s, []driver.Value{}})
			}
			for _, outdated := range []int64{0, 1} {
				rec.log, rec.count = nil, outdated
				require.NoError(t, ib.Migrate(context.Background()))
				want := append(slices.Clone(created), c.probe...)
				if outdated == 1 && c.alter != "" {
					want = append(want, recorded{c.alter, []driver.Value{}})
				}
				assert.Equal(t, want, rec.log, "outdated columns: %d", outdated)
			}
		})
	}
}
