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
	// quote returns an identifier quoted, so that a reserved word
	// ("order") is a name.
	quote func(ident string) string
	// schema returns the statements that create the table and its index.
	schema func(t table) []string
	// upgrades returns the changes that bring a table created by an
	// earlier version to the current schema.
	upgrades func(t table) []upgrade
	// insert is the claim's verb and conflict clause around "table (cols)
	// VALUES (...)": an insert that adds no row when the event id is
	// already there, after waiting for an uncommitted claim of it to end.
	insert, onConflict string
	// payloadCast follows the payload's placeholder in the claim.
	payloadCast string
	// timeArg converts a time (UTC, microseconds) to a statement argument.
	timeArg func(time.Time) any
}

// table is the inbox table's name in a dialect.
type table struct {
	// Quoted: the table after its schema when there is one, the table
	// alone, and the index on handled_at as CREATE INDEX names it.
	name, bare, index string
	// As WithTable gave them: the schema ("" for the connection's) and
	// the table.
	schema, table string
}

// upgrade is one change to a table created by an earlier version: probe
// (a query with probeArgs) counts what is to change; when it counts none,
// alter is not run.
type upgrade struct {
	probe     string
	probeArgs []any
	alter     string
}

// Postgres is the dialect of PostgreSQL (any maintained version; tested on
// PostgreSQL 15). The claim is INSERT ... ON CONFLICT (event_id) DO NOTHING:
// at the default READ COMMITTED isolation, a claim of an event id that an
// uncommitted transaction holds waits for it to end, then adds no row if it
// committed, or the row if it rolled back. The payload column is json,
// which keeps the text as it came (jsonb refuses a \u0000 in a string).
// Names are folded to lower case before they are quoted, as PostgreSQL
// folds an unquoted name.
var Postgres = Dialect{&dialect{
	name:     "postgres",
	ph:       func(n int) string { return fmt.Sprintf("$%d", n) },
	quote:    func(s string) string { return `"` + strings.ToLower(s) + `"` },
	schema:   postgresSchema,
	upgrades: postgresUpgrades,
	insert:   "INSERT INTO", onConflict: " ON CONFLICT (event_id) DO NOTHING",
	// The payload's type is json, not the column's: a claim prepared on
	// a connection before Migrate changed the column from jsonb would
	// otherwise go on converting the payload to jsonb.
	payloadCast: "::json",
	timeArg:     func(t time.Time) any { return t },
}}

// SQLite is the dialect of SQLite 3.24 or later (tested with the pure-Go
// driver modernc.org/sqlite). SQLite has one writer at a time: the claim
// (INSERT ... ON CONFLICT (event_id) DO NOTHING, the transaction's first
// statement) waits for the write lock, so open the database with a busy
// timeout (for modernc.org/sqlite, "?_pragma=busy_timeout(10000)") or a
// concurrent delivery fails with SQLITE_BUSY and is retried by Jiko. Times
// are stored as RFC 3339 text in UTC with microseconds, which sorts in time
// order and which SQLite's date functions read. A schema in [WithTable] is
// an attached database's name.
var SQLite = Dialect{&dialect{
	name:   "sqlite",
	ph:     func(int) string { return "?" },
	quote:  func(s string) string { return `"` + s + `"` },
	schema: sqliteSchema,
	insert: "INSERT INTO", onConflict: " ON CONFLICT (event_id) DO NOTHING",
	timeArg: func(t time.Time) any { return t.Format(sqliteTime) },
}}

// MySQL is the dialect of MySQL 8 with InnoDB. It is untested: this
// module's tests check its statements' text but run no MySQL server. The
// claim is INSERT IGNORE, which waits for an uncommitted claim of the same
// event id and then adds no row if it committed; a claim that InnoDB
// reports as a deadlock fails, is answered 5xx and is retried by Jiko.
// The event id is VARBINARY, compared byte for byte (a case-insensitive
// collation would take "A" and "a" for one event), and the payload
// LONGBLOB, kept as it came. Pass times in UTC (the go-sql-driver/mysql
// default, loc=UTC). A schema in [WithTable] is a database's name.
var MySQL = Dialect{&dialect{
	name:     "mysql",
	ph:       func(int) string { return "?" },
	quote:    func(s string) string { return "`" + s + "`" },
	schema:   mysqlSchema,
	upgrades: mysqlUpgrades,
	insert:   "INSERT IGNORE INTO",
	timeArg:  func(t time.Time) any { return t },
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

// table quotes the inbox table's name, schema and name as WithTable gave
// them (schema may be empty).
func (d Dialect) table(schema, name string) table {
	t := table{name: d.quote(name), bare: d.quote(name), index: d.quote(name + "_handled_at"), schema: schema, table: name}
	if schema != "" {
		t.name = d.quote(schema) + "." + t.name
		if d == SQLite { // CREATE INDEX schema.index ON table
			t.index = d.quote(schema) + "." + t.index
		}
	}
	return t
}

func postgresSchema(t table) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + t.name + ` (
	event_id   text PRIMARY KEY,
	event_type text NOT NULL,
	event_time timestamptz NOT NULL,
	handled_at timestamptz NOT NULL,
	payload    json
)`,
		"CREATE INDEX IF NOT EXISTS " + t.index + " ON " + t.name + " (handled_at)",
	}
}

// postgresUpgrades turns the payload column of earlier versions, jsonb,
// into json. The ALTER rewrites the table under an exclusive lock.
func postgresUpgrades(t table) []upgrade {
	return []upgrade{{
		probe:     "SELECT COUNT(*) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'payload' AND atttypid = 'jsonb'::regtype",
		probeArgs: []any{t.name},
		alter:     "ALTER TABLE " + t.name + " ALTER COLUMN payload TYPE json USING payload::json",
	}}
}

func sqliteSchema(t table) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + t.name + ` (
	event_id   TEXT PRIMARY KEY NOT NULL,
	event_type TEXT NOT NULL,
	event_time TEXT NOT NULL,
	handled_at TEXT NOT NULL,
	payload    TEXT
)`,
		"CREATE INDEX IF NOT EXISTS " + t.index + " ON " + t.bare + " (handled_at)",
	}
}

func mysqlSchema(t table) []string {
	return []string{"CREATE TABLE IF NOT EXISTS " + t.name + ` (
	event_id   VARBINARY(255) NOT NULL PRIMARY KEY,
	event_type VARCHAR(255) CHARACTER SET utf8mb4 NOT NULL,
	event_time DATETIME(6) NOT NULL,
	handled_at DATETIME(6) NOT NULL,
	payload    LONGBLOB NULL,
	INDEX ` + t.index + ` (handled_at)
)`}
}

// mysqlUpgrades turns the columns of earlier versions, event_id
// VARCHAR(255) in the table's collation and payload JSON, into VARBINARY
// and LONGBLOB.
func mysqlUpgrades(t table) []upgrade {
	schema := any(nil) // the connection's database
	if t.schema != "" {
		schema = t.schema
	}
	return []upgrade{{
		probe: "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND " +
			"((column_name = 'event_id' AND data_type <> 'varbinary') OR (column_name = 'payload' AND data_type <> 'longblob'))",
		probeArgs: []any{schema, t.table},
		alter:     "ALTER TABLE " + t.name + " MODIFY event_id VARBINARY(255) NOT NULL, MODIFY payload LONGBLOB NULL",
	}}
}

// statements are an inbox's SQL, made once from its dialect and table.
type statements struct {
	schema   []string
	upgrades []upgrade
	claim    string // args: event_id, event_type, event_time, handled_at, payload
	list     string // args: handled since
	prune    string // args: handled before
}

func (d Dialect) statements(t table) statements {
	const cols = "event_id, event_type, event_time, handled_at, payload"
	phs := make([]string, 5)
	for i := range phs {
		phs[i] = d.ph(i + 1)
	}
	phs[4] += d.payloadCast
	s := statements{
		schema: d.schema(t),
		claim:  d.insert + " " + t.name + " (" + cols + ") VALUES (" + strings.Join(phs, ", ") + ")" + d.onConflict,
		list:   "SELECT " + cols + " FROM " + t.name + " WHERE handled_at >= " + d.ph(1) + " ORDER BY handled_at, event_id",
		prune:  "DELETE FROM " + t.name + " WHERE handled_at < " + d.ph(1),
	}
	if d.upgrades != nil {
		s.upgrades = d.upgrades(t)
	}
	return s
}
