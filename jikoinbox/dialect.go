package jikoinbox

import (
	"fmt"
	"strings"
	"time"
)

// Dialect is the SQL of one database engine: [Postgres], [SQLite] or
// [MySQL]. Dialects compare with ==. Its zero value is no dialect: [New]
// refuses it.
type Dialect struct{ *dialect }

type dialect struct {
	name string
	// ph returns the placeholder of the n-th argument (from 1).
	ph func(n int) string
	// schema returns the statements that create the table and its index.
	schema func(table string) []string
	// insert is the claim's verb and conflict clause around "table (cols)
	// VALUES (...)": an insert that adds no row when the event id is
	// already there, after waiting for an uncommitted claim of it to end.
	insert, onConflict string
	// timeArg converts a time (UTC, microseconds) to a statement argument.
	timeArg func(time.Time) any
}

// Postgres is the dialect of PostgreSQL (any maintained version; tested on
// PostgreSQL 15). The claim is INSERT ... ON CONFLICT (event_id) DO NOTHING:
// at the default READ COMMITTED isolation, a claim of an event id that an
// uncommitted transaction holds waits for it to end, then adds no row if it
// committed, or the row if it rolled back. The payload column is jsonb.
var Postgres = Dialect{&dialect{
	name:   "postgres",
	ph:     func(n int) string { return fmt.Sprintf("$%d", n) },
	schema: postgresSchema,
	insert: "INSERT INTO", onConflict: " ON CONFLICT (event_id) DO NOTHING",
	timeArg: func(t time.Time) any { return t },
}}

// SQLite is the dialect of SQLite 3.24 or later (tested with the pure-Go
// driver modernc.org/sqlite). SQLite has one writer at a time: the claim
// (INSERT ... ON CONFLICT (event_id) DO NOTHING, the transaction's first
// statement) waits for the write lock, so open the database with a busy
// timeout (for modernc.org/sqlite, "?_pragma=busy_timeout(10000)") or a
// concurrent delivery fails with SQLITE_BUSY and is retried by Jiko. Times
// are stored as RFC 3339 text in UTC with microseconds, which sorts in time
// order and which SQLite's date functions read.
var SQLite = Dialect{&dialect{
	name:   "sqlite",
	ph:     func(int) string { return "?" },
	schema: sqliteSchema,
	insert: "INSERT INTO", onConflict: " ON CONFLICT (event_id) DO NOTHING",
	timeArg: func(t time.Time) any { return t.Format(sqliteTime) },
}}

// MySQL is the dialect of MySQL 8 with InnoDB. It is untested: this
// module's tests check its statements' text but run no MySQL server. The
// claim is INSERT IGNORE, which waits for an uncommitted claim of the same
// event id and then adds no row if it committed; a claim that InnoDB
// reports as a deadlock fails, is answered 5xx and is retried by Jiko.
// Pass times in UTC (the go-sql-driver/mysql default, loc=UTC).
var MySQL = Dialect{&dialect{
	name:    "mysql",
	ph:      func(int) string { return "?" },
	schema:  mysqlSchema,
	insert:  "INSERT IGNORE INTO",
	timeArg: func(t time.Time) any { return t },
}}

// String returns the dialect's name: postgres, sqlite or mysql (empty for
// the zero Dialect).
func (d Dialect) String() string {
	if d.dialect == nil {
		return ""
	}
	return d.name
}

// sqliteTime is how the SQLite dialect stores a time: fixed width, so that
// text order is time order.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

func postgresSchema(table string) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + table + ` (
	event_id   text PRIMARY KEY,
	event_type text NOT NULL,
	event_time timestamptz NOT NULL,
	handled_at timestamptz NOT NULL,
	payload    jsonb
)`,
		"CREATE INDEX IF NOT EXISTS " + table + "_handled_at ON " + table + " (handled_at)",
	}
}

func sqliteSchema(table string) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + table + ` (
	event_id   TEXT PRIMARY KEY NOT NULL,
	event_type TEXT NOT NULL,
	event_time TEXT NOT NULL,
	handled_at TEXT NOT NULL,
	payload    TEXT
)`,
		"CREATE INDEX IF NOT EXISTS " + table + "_handled_at ON " + table + " (handled_at)",
	}
}

func mysqlSchema(table string) []string {
	return []string{"CREATE TABLE IF NOT EXISTS " + table + ` (
	event_id   VARCHAR(255) NOT NULL PRIMARY KEY,
	event_type VARCHAR(255) NOT NULL,
	event_time DATETIME(6) NOT NULL,
	handled_at DATETIME(6) NOT NULL,
	payload    JSON NULL,
	INDEX ` + table + `_handled_at (handled_at)
)`}
}

// statements are an inbox's SQL, made once from its dialect and table.
type statements struct {
	schema []string
	claim  string // args: event_id, event_type, event_time, handled_at, payload
	list   string // args: handled since
	prune  string // args: handled before
}

func (d Dialect) statements(table string) statements {
	const cols = "event_id, event_type, event_time, handled_at, payload"
	phs := make([]string, 5)
	for i := range phs {
		phs[i] = d.ph(i + 1)
	}
	return statements{
		schema: d.schema(table),
		claim:  d.insert + " " + table + " (" + cols + ") VALUES (" + strings.Join(phs, ", ") + ")" + d.onConflict,
		list:   "SELECT " + cols + " FROM " + table + " WHERE handled_at >= " + d.ph(1) + " ORDER BY handled_at, event_id",
		prune:  "DELETE FROM " + table + " WHERE handled_at < " + d.ph(1),
	}
}
