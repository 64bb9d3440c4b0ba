package jikooutbox

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Dialect is the SQL of one database engine: [Postgres], [SQLite] or
// [MySQL]. Dialects compare with ==. Its zero value is no dialect: [New]
// refuses it.
type Dialect struct{ *dialect }

type dialect struct {
	name string
	// numbered says whether the engine takes $1, $2 ... (PostgreSQL);
	// otherwise it takes ? (see stmt).
	numbered bool
	// quote quotes an identifier.
	quote func(string) string
	// schema returns the statements that create the table and its indexes.
	schema func(table, due, updated string) []string
	// claim returns the statement that leases up to n due intents to one
	// claim token (see statements.claim).
	claim func(table string) string
	// timeArg converts a time (UTC, microseconds) to a statement argument.
	timeArg func(time.Time) any
	// returning says whether an UPDATE can return the rows it changed.
	returning bool
}

// Postgres is the dialect of PostgreSQL (any maintained version; tested on
// PostgreSQL 15). A dispatcher's claim is one UPDATE whose subquery picks
// the due intents with FOR UPDATE SKIP LOCKED: two replicas claiming at
// the same moment take different intents, and neither waits for the
// other. The claim writes a lease (a token and an expiry) and commits at
// once: no transaction stays open while an intent is sent.
var Postgres = Dialect{&dialect{
	name:      "postgres",
	numbered:  true,
	quote:     func(s string) string { return `"` + s + `"` },
	schema:    postgresSchema,
	claim:     subqueryClaim(" FOR UPDATE SKIP LOCKED"),
	timeArg:   func(t time.Time) any { return t },
	returning: true,
}}

// SQLite is the dialect of SQLite 3.24 or later (tested with the pure-Go
// driver modernc.org/sqlite). SQLite has one writer at a time, so a
// claim, one UPDATE statement that picks the due intents and leases them,
// is atomic without row locks: two dispatchers claim one after the other.
// Open the database with a busy timeout (for modernc.org/sqlite,
// "?_pragma=busy_timeout(10000)") so that a claim or a record waits for
// the write lock instead of failing with SQLITE_BUSY. Times are stored as
// RFC 3339 text in UTC with microseconds, which sorts in time order.
var SQLite = Dialect{&dialect{
	name:      "sqlite",
	quote:     func(s string) string { return `"` + s + `"` },
	schema:    sqliteSchema,
	claim:     subqueryClaim(""),
	timeArg:   func(t time.Time) any { return t.Format(sqliteTime) },
	returning: true,
}}

// MySQL is the dialect of MySQL 8 with InnoDB. It is untested: this
// module's tests check its statements' text but run no MySQL server. The
// claim is an UPDATE joined to the due intents picked with FOR UPDATE SKIP
// LOCKED (MySQL 8.0.1 or later), as on PostgreSQL. Pass times in UTC (the
// go-sql-driver/mysql default, loc=UTC) and read them with parseTime=true
// or as text.
var MySQL = Dialect{&dialect{
	name:    "mysql",
	quote:   func(s string) string { return "`" + s + "`" },
	schema:  mysqlSchema,
	claim:   mysqlClaim,
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

// columns are the table's columns as statements read them.
const columns = "id, kind, method, path, body, idempotency_key, reference, account, state, attempts, " +
	"created_at, first_sent_at, next_at, lease_until, object_id, last_error, via, updated_at"

func postgresSchema(table, due, updated string) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + table + ` (
	id              text PRIMARY KEY,
	kind            text NOT NULL,
	method          text NOT NULL,
	path            text NOT NULL,
	body            text NOT NULL,
	idempotency_key text NOT NULL,
	reference       text NOT NULL,
	account         text NOT NULL,
	state           text NOT NULL,
	attempts        integer NOT NULL,
	created_at      timestamptz NOT NULL,
	first_sent_at   timestamptz,
	next_at         timestamptz NOT NULL,
	lease_until     timestamptz,
	lease_token     text,
	object_id       text NOT NULL,
	last_error      text NOT NULL,
	via             text NOT NULL,
	updated_at      timestamptz NOT NULL
)`,
		"CREATE INDEX IF NOT EXISTS " + due + " ON " + table + " (next_at, id) WHERE " + waiting,
		"CREATE INDEX IF NOT EXISTS " + updated + " ON " + table + " (updated_at)",
	}
}

func sqliteSchema(table, due, updated string) []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + table + ` (
	id              TEXT PRIMARY KEY NOT NULL,
	kind            TEXT NOT NULL,
	method          TEXT NOT NULL,
	path            TEXT NOT NULL,
	body            TEXT NOT NULL,
	idempotency_key TEXT NOT NULL,
	reference       TEXT NOT NULL,
	account         TEXT NOT NULL,
	state           TEXT NOT NULL,
	attempts        INTEGER NOT NULL,
	created_at      TEXT NOT NULL,
	first_sent_at   TEXT,
	next_at         TEXT NOT NULL,
	lease_until     TEXT,
	lease_token     TEXT,
	object_id       TEXT NOT NULL,
	last_error      TEXT NOT NULL,
	via             TEXT NOT NULL,
	updated_at      TEXT NOT NULL
)`,
		"CREATE INDEX IF NOT EXISTS " + due + " ON " + table + " (next_at, id) WHERE " + waiting,
		"CREATE INDEX IF NOT EXISTS " + updated + " ON " + table + " (updated_at)",
	}
}

func mysqlSchema(table, due, updated string) []string {
	return []string{"CREATE TABLE IF NOT EXISTS " + table + ` (
	id              VARCHAR(255) NOT NULL PRIMARY KEY,
	kind            VARCHAR(32) NOT NULL,
	method          VARCHAR(16) NOT NULL,
	path            VARCHAR(2048) NOT NULL,
	body            LONGTEXT NOT NULL,
	idempotency_key CHAR(36) NOT NULL,
	reference       VARCHAR(255) NOT NULL,
	account         VARCHAR(255) NOT NULL,
	state           VARCHAR(32) NOT NULL,
	attempts        INT NOT NULL,
	created_at      DATETIME(6) NOT NULL,
	first_sent_at   DATETIME(6) NULL,
	next_at         DATETIME(6) NOT NULL,
	lease_until     DATETIME(6) NULL,
	lease_token     CHAR(36) NULL,
	object_id       VARCHAR(255) NOT NULL,
	last_error      TEXT NOT NULL,
	via             VARCHAR(16) NOT NULL,
	updated_at      DATETIME(6) NOT NULL,
	INDEX ` + due + ` (state, next_at),
	INDEX ` + updated + ` (updated_at)
)`}
}

// waiting selects the intents a dispatcher has still to send or resolve.
const waiting = "state IN ('" + string(StatePending) + "', '" + string(StateUncertain) + "')"

// dueWhere selects the intents a claim may take: waiting to be sent or
// resolved, due, and not leased (or leased with an expired lease); now is
// the placeholder of the current time.
func dueWhere(now string) string {
	return waiting + " AND next_at <= " + now +
		" AND (lease_until IS NULL OR lease_until <= " + now + ")"
}

// claimSet writes the lease, and dates the first send of an intent never
// sent (its idempotency window starts no later than that): arguments
// token, lease until, now.
const claimSet = " SET lease_token = $1, lease_until = $2, updated_at = $3, first_sent_at = COALESCE(first_sent_at, $3)"

// subqueryClaim is the claim of PostgreSQL (lock is FOR UPDATE SKIP
// LOCKED) and SQLite (one writer; lock is empty): an UPDATE of the rows a
// subquery picks. Arguments: token, lease until, now, limit.
func subqueryClaim(lock string) func(table string) string {
	return func(table string) string {
		return "UPDATE " + table + claimSet + " WHERE id IN (SELECT id FROM " + table + " WHERE " + dueWhere("$3") +
			" ORDER BY next_at, id LIMIT $4" + lock + ")"
	}
}

// mysqlClaim joins the UPDATE to the picked rows: MySQL refuses a LIMIT
// in an IN subquery and an UPDATE reading its own table in a subquery.
func mysqlClaim(table string) string {
	return "UPDATE " + table + " JOIN (SELECT id FROM " + table + " WHERE " + dueWhere("$3") +
		" ORDER BY next_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS due USING (id)" + claimSet
}

// stmt is a statement in its dialect, with the order in which it takes
// the arguments: statements are written with $1, $2 ..., which
// PostgreSQL reads as they are and which become ? for SQLite and MySQL,
// the arguments then repeated and reordered to match.
type stmt struct {
	text  string
	order []int // the argument (from 1) of each placeholder
	// numbered says that the placeholders are $n: the arguments are
	// passed as they are, up to the highest n.
	numbered bool
	highest  int
}

var placeholder = regexp.MustCompile(`\$([0-9]+)`)

func (d Dialect) stmt(text string) stmt {
	var order []int
	replaced := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		order = append(order, n)
		return "?"
	})
	if d.numbered {
		return stmt{text: text, order: order, numbered: true, highest: slices.Max(append(order, 0))}
	}
	return stmt{text: replaced, order: order}
}

// args returns the statement's arguments in the order its placeholders
// take them.
func (s stmt) args(args ...any) []any {
	if s.numbered {
		return args[:s.highest]
	}
	out := make([]any, len(s.order))
	for i, n := range s.order {
		out[i] = args[n-1]
	}
	return out
}

// statements are an outbox's SQL, made once from its dialect and table.
type statements struct {
	schema []string
	// insert adds an intent; args: the columns of insertColumns.
	insert stmt
	// claim leases due intents; args: token, lease until, now, limit.
	claim stmt
	// anyDue reads the id of one due intent, without a lock; args: now.
	anyDue stmt
	// claimed reads the intents of a claim; args: token.
	claimed stmt
	// unlockedDue reads due intents without claiming them (the planted
	// bug of the tests); args: now, limit.
	unlockedDue stmt
	// record writes an intent's outcome and ends its lease; args: state,
	// attempts added, next_at, object_id, last_error, via, updated_at,
	// id, token.
	record stmt
	// recordUnfenced is record without the lease check (the planted bug);
	// the same args, token unused.
	recordUnfenced stmt
	// get reads one intent; args: id.
	get stmt
	// list reads the intents in a state; args: state.
	list stmt
	// prune deletes finished intents; args: updated before.
	prune stmt
	// stats counts the intents per state; args: now.
	stats stmt
}

const insertColumns = "id, kind, method, path, body, idempotency_key, reference, account, state, attempts, " +
	"created_at, next_at, object_id, last_error, via, updated_at"

func (d Dialect) statements(name string) statements {
	table := d.quote(name)
	n := strings.Count(insertColumns, ",") + 1
	phs := make([]string, n)
	for i := range phs {
		phs[i] = fmt.Sprintf("$%d", i+1)
	}
	returning := ""
	if d.returning {
		returning = " RETURNING " + columns
	}
	const set = "state = $1, attempts = attempts + $2, next_at = $3, object_id = $4, last_error = $5, via = $6, " +
		"updated_at = $7, lease_token = NULL, lease_until = NULL"
	return statements{
		schema:         d.schema(table, d.quote(name+"_due"), d.quote(name+"_updated")),
		insert:         d.stmt("INSERT INTO " + table + " (" + insertColumns + ") VALUES (" + strings.Join(phs, ", ") + ")"),
		claim:          d.stmt(d.claim(table) + returning),
		anyDue:         d.stmt("SELECT id FROM " + table + " WHERE " + dueWhere("$1") + " LIMIT 1"),
		claimed:        d.stmt("SELECT " + columns + " FROM " + table + " WHERE lease_token = $1"),
		unlockedDue:    d.stmt("SELECT " + columns + " FROM " + table + " WHERE " + dueWhere("$1") + " ORDER BY next_at, id LIMIT $2"),
		record:         d.stmt("UPDATE " + table + " SET " + set + " WHERE id = $8 AND lease_token = $9"),
		recordUnfenced: d.stmt("UPDATE " + table + " SET " + set + " WHERE id = $8"),
		get:            d.stmt("SELECT " + columns + " FROM " + table + " WHERE id = $1"),
		list:           d.stmt("SELECT " + columns + " FROM " + table + " WHERE state = $1 ORDER BY created_at, id"),
		prune: d.stmt("DELETE FROM " + table + " WHERE state IN ('" + string(StateDone) + "', '" + string(StateRefused) +
			"') AND updated_at < $1"),
		stats: d.stmt("SELECT state, COUNT(*), MIN(created_at), SUM(CASE WHEN lease_until > $1 THEN 1 ELSE 0 END) FROM " +
			table + " GROUP BY state"),
	}
}
