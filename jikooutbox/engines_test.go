package jikooutbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jiko-go/jiko/internal/pgtest"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// pg is the throwaway PostgreSQL server of this package's tests, or nil
// when PostgreSQL is not installed (outside CI).
var pg *pgtest.Server

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "jikooutbox", &pg)) }

// engine is a database the suite runs on.
type engine struct {
	name    string
	dialect jikooutbox.Dialect
	driver  string
	// newDB returns the DSN of a new, empty database.
	newDB func(t testing.TB) string
	// canKill says whether a connection can be killed mid-transaction
	// (pg_terminate_backend).
	canKill bool
	// ph returns the placeholder of the n-th argument, for the tests' own
	// statements.
	ph func(n int) string
}

var sqliteEngine = engine{name: "sqlite", dialect: jikooutbox.SQLite, driver: "sqlite", newDB: func(t testing.TB) string {
	// Writers wait for the lock instead of failing at once; WAL lets
	// readers read while one writes.
	return "file:" + filepath.Join(t.TempDir(), "outbox.db") + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)"
}, ph: func(int) string { return "?" }}

var pgSchemas atomic.Int64

// On PostgreSQL each test has a schema of its own in one database, which
// is much faster to make than a database.
var postgresEngine = engine{name: "postgres", dialect: jikooutbox.Postgres, driver: "pgx", canKill: true, newDB: func(t testing.TB) string {
	admin, err := sql.Open("pgx", pg.DSN("postgres"))
	require.NoError(t, err)
	defer admin.Close()
	name := fmt.Sprintf("outbox_%d", pgSchemas.Add(1))
	_, err = admin.Exec("CREATE SCHEMA " + name)
	require.NoError(t, err)
	return pg.DSN("postgres") + " search_path=" + name
}, ph: func(n int) string { return fmt.Sprintf("$%d", n) }}

// forEachEngine runs test on SQLite, then on PostgreSQL (skipped, saying
// why, when it is not installed).
func forEachEngine(t *testing.T, test func(t *testing.T, e engine)) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		t.Run(e.name, func(t *testing.T) {
			if e.name == "postgres" && pg == nil {
				t.Skip("PostgreSQL is not installed: apt-get install postgresql")
			}
			test(t, e)
		})
	}
}

// open opens a new database of e with the outbox table and the partner's
// tables of the tests (see partnerSchema), returning a pool on it and its
// DSN.
func open(t testing.TB, e engine, opts ...jikooutbox.Option) (*sql.DB, *jikooutbox.Outbox, string) {
	dsn := e.newDB(t)
	db := openDSN(t, e, dsn)
	ob, err := jikooutbox.New(db, e.dialect, opts...)
	require.NoError(t, err)
	require.NoError(t, ob.Migrate(context.Background()))
	for _, s := range partnerSchema {
		_, err = db.Exec(s)
		require.NoError(t, err)
	}
	return db, ob, dsn
}

// partnerSchema is the partner's side of the tests: each user's balance,
// and what the partner's completion function writes. No key on intent_id:
// the database must not hide a second record.
var partnerSchema = []string{
	"CREATE TABLE balances (user_id TEXT PRIMARY KEY, cents BIGINT NOT NULL)",
	"CREATE TABLE outcomes (intent_id TEXT NOT NULL, state TEXT NOT NULL, object_id TEXT NOT NULL, cents BIGINT NOT NULL)",
}

// openDSN opens one more pool on a database of e.
func openDSN(t testing.TB, e engine, dsn string) *sql.DB {
	db, err := sql.Open(e.driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}
