package jikoinbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/jiko-go/jiko"
)

// DefaultTable is the name of the inbox table unless [WithTable] says
// otherwise.
const DefaultTable = "jiko_inbox"

// tableName is what WithTable accepts: an identifier short enough that
// the index name (table + "_handled_at") fits PostgreSQL's 63 bytes, after
// a schema's name and a dot when there is one.
var tableName = regexp.MustCompile(`^(?:([A-Za-z_][A-Za-z0-9_]{0,62})\.)?([A-Za-z_][A-Za-z0-9_]{0,51})$`)

// Func is the partner's handling of one event: its writes go through tx,
// which the inbox commits, together with the event's claim, when Func
// returns nil, and rolls back when it returns an error. Func must not
// commit or roll back tx itself, and must have no effect outside the
// database that it cannot repeat: a rolled-back event is delivered again.
type Func func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error

// Inbox records the events handled in a table of the partner's database,
// in the same transaction as the partner's own writes. It is safe for
// concurrent use, and any number of processes may share its table.
type Inbox struct {
	db      *sql.DB
	dialect Dialect
	stmts   statements
	payload bool
	now     func() time.Time
}

// Option configures an [Inbox].
type Option func(*config)

type config struct {
	table   string
	payload bool
	now     func() time.Time
}

// WithTable names the inbox table (default [DefaultTable]): an identifier
// of letters, digits and underscores, starting with a letter or an
// underscore, at most 52 characters, optionally after a schema's name (at
// most 63 characters) and a dot: "jiko.inbox". [New] refuses any other
// name. The statements quote the name, so a reserved word ("order") is a
// name too; on PostgreSQL it is folded to lower case first, as an unquoted
// name is, so "Inbox" is the table inbox.
func WithTable(name string) Option {
	return func(c *config) { c.table = name }
}

// WithPayload stores each handled event (its JSON, as [jiko.Event]
// encodes it) in the payload column, which [Inbox.List] returns. By
// default the payload is not stored.
func WithPayload() Option {
	return func(c *config) { c.payload = true }
}

// WithClock sets the clock that dates handled events (handled_at) and
// that [Inbox.Prune] counts back from (default time.Now); for tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// New returns an inbox on db, in the table of [DefaultTable] or
// [WithTable], speaking dialect d. The table must exist: create it with
// [Inbox.Migrate], or with [Inbox.Schema] in your own migrations. A nil
// db, the zero Dialect or a bad table name is a *jiko.ValidationError.
func New(db *sql.DB, d Dialect, opts ...Option) (*Inbox, error) {
	cfg := config{table: DefaultTable, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case db == nil:
		return nil, &jiko.ValidationError{Field: "db", Reason: "is nil"}
	case d.dialect == nil:
		return nil, &jiko.ValidationError{Field: "Dialect", Reason: "is not set (use jikoinbox.Postgres, SQLite or MySQL)"}
	}
	name := tableName.FindStringSubmatch(cfg.table)
	if name == nil {
		return nil, &jiko.ValidationError{Field: "Table", Reason: fmt.Sprintf("%q is not an identifier of at most 52 letters, digits and underscores, optionally after a schema and a dot", cfg.table)}
	}
	return &Inbox{db: db, dialect: d, stmts: d.statements(d.table(name[1], name[2])), payload: cfg.payload, now: cfg.now}, nil
}

// Schema returns the statements that create the inbox table and its index
// on handled_at, if they do not exist, in the inbox's dialect: for a
// migration tool of your own. The table has one row per handled event:
// event_id (the primary key, the event's id as [StoredID] stores it),
// event_type (stored the same way), event_time (the event's timestamp),
// handled_at (when its transaction ran) and payload (NULL unless
// [WithPayload]). These statements do not change a table created by an
// earlier version; add what [Inbox.Migrate] does to your migrations:
//
//	ALTER TABLE jiko_inbox ALTER COLUMN payload TYPE json USING payload::json -- PostgreSQL
//	ALTER TABLE jiko_inbox MODIFY event_id VARBINARY(255) NOT NULL, MODIFY payload LONGBLOB NULL -- MySQL
func (ib *Inbox) Schema() []string { return slices.Clone(ib.stmts.schema) }

// Migrate runs [Inbox.Schema]'s statements, then brings a table created by
// an earlier version of this package to the current schema: on
// PostgreSQL, a payload column of type jsonb (which refuses a \u0000 in a
// string) becomes json, keeping the rows; on MySQL, event_id becomes
// VARBINARY(255) and payload LONGBLOB. SQLite's table is unchanged. Each
// change is made only when the table still needs it, so Migrate can run
// at every start. The ALTER TABLE that makes a change rewrites the table
// under an exclusive lock: deliveries wait for it. Run Migrate from one
// process, at start or in a deployment step: PostgreSQL can fail two
// concurrent CREATE TABLE IF NOT EXISTS of the same table.
func (ib *Inbox) Migrate(ctx context.Context) error {
	for _, s := range ib.stmts.schema {
		if _, err := ib.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("jikoinbox: migrate: %w", err)
		}
	}
	for _, u := range ib.stmts.upgrades {
		var n int
		if err := ib.db.QueryRowContext(ctx, u.probe, u.probeArgs...).Scan(&n); err != nil {
			return fmt.Errorf("jikoinbox: migrate: %w", err)
		}
		if n == 0 {
			continue
		}
		if _, err := ib.db.ExecContext(ctx, u.alter); err != nil {
			return fmt.Errorf("jikoinbox: migrate: %w", err)
		}
	}
	return nil
}

// Handle runs fn for ev at most once across every process that shares the
// inbox table, and commits fn's writes together with the record of ev:
//
//   - it begins a transaction and claims ev.ID in the table; a concurrent
//     claim of the same id waits for the transaction that holds it to end;
//   - when ev was committed before, it rolls back and returns false, nil
//     without calling fn;
//   - otherwise it calls fn with the transaction and commits when fn
//     returns nil (true, nil), or rolls back when fn returns an error,
//     which it returns as is; a failure to claim or to commit is returned
//     too.
//
// (true, nil) and (false, nil) both mean that ev is recorded as handled.
// An error means that it is not, so a later delivery runs fn again; but
// for a commit whose answer was lost (the connection dropped during it),
// after which the later delivery finds ev committed and skips it. Use
// Handle in a receiver of your own; [Inbox.Handler] calls it for each
// delivery. A panic in fn rolls the transaction back and goes on up the
// stack (an http.Server recovers it and drops the connection, so Jiko
// delivers the event again). An event without an ID is a
// *jiko.ValidationError; any other id is claimed, however long or odd
// (see [StoredID]).
func (ib *Inbox) Handle(ctx context.Context, ev *jiko.Event, fn Func) (handled bool, err error) {
	if ev == nil || ev.ID == "" {
		return false, &jiko.ValidationError{Field: "Event.ID", Reason: "is empty"}
	}
	id := StoredID(ev.ID) // in errors too: bounded, no NUL
	var payload any       // NULL
	if ib.payload {
		b, err := json.Marshal(ev)
		if err != nil {
			return false, fmt.Errorf("jikoinbox: encoding event %s: %w", id, err)
		}
		payload = string(b)
	}
	tx, err := ib.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("jikoinbox: event %s: begin: %w", id, err)
	}
	defer func() { _ = tx.Rollback() }() // after Commit, a no-op
	res, err := tx.ExecContext(ctx, ib.stmts.claim, id, StoredID(string(ev.Type)),
		ib.timeArg(eventTime(ev)), ib.timeArg(ib.now()), payload)
	if err != nil {
		return false, fmt.Errorf("jikoinbox: event %s: claim: %w", id, err)
	}
	claimed, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("jikoinbox: event %s: claim: %w", id, err)
	}
	if claimed == 0 {
		return false, nil // committed by an earlier delivery
	}
	if err := fn(ctx, tx, ev); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("jikoinbox: event %s: commit: %w", id, err)
	}
	return true, nil
}

// timeArg is t as the dialect stores it: UTC, to the microsecond.
func (ib *Inbox) timeArg(t time.Time) any {
	return ib.dialect.timeArg(t.UTC().Truncate(time.Microsecond))
}

// Handler returns an [http.Handler] to mount at a subscription's URL that
// handles each event once, through [Inbox.Handle], across every replica
// of the receiver:
//
//	inbox, err := jikoinbox.New(db, jikoinbox.Postgres)
//	...
//	mux.Handle("POST /webhooks/jiko", inbox.Handler(secret,
//		func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
//			_, err := tx.ExecContext(ctx, "INSERT INTO credits ...", ev.ID) // in tx
//			return err
//		}))
//
// It is a [jiko.WebhookHandler] (which verifies the signature against
// secret and any [jiko.WithWebhookSecrets], caps the body, logs and
// answers as documented there, taking opts) whose function is
// [Inbox.Handle] with fn: a delivery is answered 200 when its event is
// committed, now or by an earlier delivery, and 500 when it is not, so
// that Jiko delivers it again. The inbox is the handler's deduplication:
// a [jiko.WithWebhookDeduplicator] among opts is overridden. fn may return
// nil for an event it has no use for (an unknown type, say): the event is
// then recorded and not delivered again. A nil fn panics, as an empty
// secret does.
func (ib *Inbox) Handler(secret string, fn Func, opts ...jiko.WebhookOption) http.Handler {
	if fn == nil {
		panic("jikoinbox: Handler: nil function")
	}
	opts = append(slices.Clip(opts), jiko.WithWebhookDeduplicator(nil))
	return jiko.WebhookHandler(secret, func(ctx context.Context, ev *jiko.Event) error {
		_, err := ib.Handle(ctx, ev, fn)
		return err
	}, opts...)
}
