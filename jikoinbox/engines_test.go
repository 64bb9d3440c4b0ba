package jikoinbox_test

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
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// pg is the throwaway PostgreSQL server of this package's tests, or nil
// when PostgreSQL is not installed (outside CI).
var pg *pgtest.Server

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "jikoinbox", &pg)) }

// engine is a database the suite runs on.
type engine struct {
	name    string
	dialect jikoinbox.Dialect
	driver  string
	// newDB returns the DSN of a new, empty database.
	newDB func(t testing.TB) string
	// canKill says whether a connection can be killed mid-transaction
	// (pg_terminate_backend).
	canKill bool
}

var sqliteEngine = engine{name: "sqlite", dialect: jikoinbox.SQLite, driver: "sqlite", newDB: func(t testing.TB) string {
	// Writers wait for the lock instead of failing at once; WAL lets
	// readers read while one writes.
	return "file:" + filepath.Join(t.TempDir(), "inbox.db") + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)"
}}

var pgSchemas atomic.Int64

// On PostgreSQL each test has a schema of its own in one database, which
// is much faster to make than a database.
var postgresEngine = engine{name: "postgres", dialect: jikoinbox.Postgres, driver: "pgx", canKill: true, newDB: func(t testing.TB) string {
	admin, err := sql.Open("pgx", pg.DSN("postgres"))
	require.NoError(t, err)
	defer admin.Close()
	name := fmt.Sprintf("inbox_%d", pgSchemas.Add(1))
	_, err = admin.Exec("CREATE SCHEMA " + name)
	require.NoError(t, err)
	return pg.DSN("postgres") + " search_path=" + name
}}

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

// open opens a new database of e with the inbox table and the ledger the
// tests' partner function writes to, returning a pool on it and its DSN.
func open(t testing.TB, e engine, opts ...jikoinbox.Option) (*sql.DB, *jikoinbox.Inbox, string) {
	dsn := e.newDB(t)
	db := openDSN(t, e, dsn)
	ib, err := jikoinbox.New(db, e.dialect, opts...)
	require.NoError(t, err)
	require.NoError(t, ib.Migrate(context.Background()))
	// No key on event_id: the database must not hide a second credit.
	_, err = db.Exec("CREATE TABLE ledger (event_id TEXT NOT NULL, account TEXT NOT NULL, amount INTEGER NOT NULL)")
	require.NoError(t, err)
	return db, ib, dsn
}

// openDSN opens one more pool on a database of e.
func openDSN(t testing.TB, e engine, dsn string) *sql.DB {
	db, err := sql.Open(e.driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}
