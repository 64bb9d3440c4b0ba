package jikooutbox

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/jiko-go/jiko"
)

// DefaultTable is the name of the outbox table unless [WithTable] says
// otherwise.
const DefaultTable = "jiko_outbox"

// DefaultWindow is how long the API remembers an idempotency key: the
// reference says that a key reused within one hour is treated as a
// repeat.
const DefaultWindow = time.Hour

// tableName is what WithTable accepts: an identifier short enough that
// the index names (table + "_updated") fit PostgreSQL's 63 bytes.
var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,54}$`)

// State is where an intent stands, stored in the table's state column.
type State string

// The states of an intent. Pending and uncertain intents are the
// dispatchers' work; done, refused and needs review are final.
const (
	// StatePending is an intent not sent yet, or sent and answered with a
	// failure that says nothing happened (401, 403), waiting to be sent.
	StatePending State = "pending"
	// StateUncertain is an intent sent without a definite answer (no
	// answer, 408, 429, 5xx: [jiko.MayHaveSucceeded]). It is sent again
	// with the same key, after a backoff, while the idempotency window
	// is open, and read back after it closes.
	StateUncertain State = "uncertain"
	// StateDone is an intent the API carried out: the record's ObjectID
	// is the API object's id (the transfer's, the wire's).
	StateDone State = "done"
	// StateRefused is an intent the API refused with a definite answer (a
	// 4xx other than 401, 403, 408, 409 and 429), or that the SDK refused
	// before sending it: it is never sent again. LastError says why.
	StateRefused State = "refused"
	// StateNeedsReview is an intent whose outcome the dispatcher could not
	// learn: no definite answer within the idempotency window, and the
	// read after it did not find the transfer (or the kind has no read).
	// It is never sent again: a person decides.
	StateNeedsReview State = "needs_review"
)

// Final reports whether s is a state a dispatcher never leaves: done,
// refused or needs review.
func (s State) Final() bool {
	return s == StateDone || s == StateRefused || s == StateNeedsReview
}

// Outbox holds the intents of a partner's writes to the Partner API in a
// table of the partner's database, enqueued in the partner's own
// transactions and sent by [Dispatcher]s. It is safe for concurrent use,
// and any number of processes may share its table.
type Outbox struct {
	db      *sql.DB
	dialect Dialect
	stmts   statements
	now     func() time.Time
	window  time.Duration
}

// Option configures an [Outbox].
type Option func(*config)

type config struct {
	table  string
	now    func() time.Time
	window time.Duration
}

// WithTable names the outbox table (default [DefaultTable]): an
// identifier of letters, digits and underscores, starting with a letter
// or an underscore, at most 55 characters, quoted in every statement.
// [New] refuses any other name.
func WithTable(name string) Option {
	return func(c *config) { c.table = name }
}

// WithClock sets the clock that dates intents, leases, backoffs and the
// idempotency window (default time.Now); for tests, which share it with
// jikotest's server.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithWindow sets how long after an intent's first send the API still
// recognises its idempotency key (default [DefaultWindow], the
// reference's hour). Set it shorter, never longer, if Jiko says so: a
// dispatcher sends an intent again only while its first send plus the
// window is more than a lease away.
func WithWindow(d time.Duration) Option {
	return func(c *config) { c.window = d }
}

// New returns an outbox on db, in the table of [DefaultTable] or
// [WithTable], speaking dialect d. The table must exist: create it with
// [Outbox.Migrate], or with [Outbox.Schema] in your own migrations. A nil
// db, the zero Dialect, a bad table name, a nil clock or a window that is
// not positive is a *jiko.ValidationError naming it.
func New(db *sql.DB, d Dialect, opts ...Option) (*Outbox, error) {
	cfg := config{table: DefaultTable, now: time.Now, window: DefaultWindow}
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case db == nil:
		return nil, &jiko.ValidationError{Field: "db", Reason: "is nil"}
	case d.dialect == nil:
		return nil, &jiko.ValidationError{Field: "Dialect", Reason: "is not set (use jikooutbox.Postgres, SQLite or MySQL)"}
	case !tableName.MatchString(cfg.table):
		return nil, &jiko.ValidationError{Field: "WithTable", Reason: fmt.Sprintf("%q is not an identifier of at most 55 letters, digits and underscores", cfg.table)}
	case cfg.now == nil:
		return nil, &jiko.ValidationError{Field: "WithClock", Reason: "is nil"}
	case cfg.window <= 0:
		return nil, &jiko.ValidationError{Field: "WithWindow", Reason: fmt.Sprintf("%v is not positive", cfg.window)}
	}
	return &Outbox{db: db, dialect: d, stmts: d.statements(cfg.table), now: cfg.now, window: cfg.window}, nil
}

// Schema returns the statements that create the outbox table and its
// indexes, if they do not exist, in the outbox's dialect: for a migration
// tool of your own. The table has one row per intent, keyed by its id:
// what to send (kind, method, path, body), its idempotency key and the
// reference a read finds it by, its state, attempts and times, its lease,
// and its outcome (object_id, last_error, via).
func (ob *Outbox) Schema() []string { return slices.Clone(ob.stmts.schema) }

// Migrate runs [Outbox.Schema]'s statements. Run it from one process, at
// start or in a deployment step: PostgreSQL can fail two concurrent CREATE
// TABLE IF NOT EXISTS of the same table.
func (ob *Outbox) Migrate(ctx context.Context) error {
	for _, s := range ob.stmts.schema {
		if _, err := ob.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("jikooutbox: migrate: %w", err)
		}
	}
	return nil
}

// Enqueue records intent in tx, the partner's transaction, as pending,
// with its idempotency key ([KeyFor] of its ID). Nothing is sent: a
// [Dispatcher] sends it once tx commits, and never if tx rolls back.
//
//	tx, _ := db.BeginTx(ctx, nil)
//	tx.ExecContext(ctx, "UPDATE balances SET cents = cents - $1 WHERE user_id = $2", amount, user)
//	err := ob.Enqueue(ctx, tx, &jikooutbox.ACHIntent{ID: "withdrawal:" + id, PocketID: pocket,
//		Request: jiko.ACHCreateRequest{CounterpartyID: bank, Direction: jiko.ACHCredit, AmountUSDC: amount}})
//	...
//	tx.Commit()
//
// It returns the key. An intent without an ID, with an ID longer than 200
// bytes, or missing what its kind needs is a *jiko.ValidationError; an ID
// already in the table fails with the database's unique-key error.
func (ob *Outbox) Enqueue(ctx context.Context, tx *sql.Tx, intent Intent) (key string, err error) {
	switch {
	case tx == nil:
		return "", &jiko.ValidationError{Field: "tx", Reason: "is nil"}
	case intent == nil:
		return "", &jiko.ValidationError{Field: "intent", Reason: "is nil"}
	case intent.IntentID() == "":
		return "", &jiko.ValidationError{Field: "ID", Reason: "is empty"}
	case len(intent.IntentID()) > maxIDLength:
		return "", &jiko.ValidationError{Field: "ID", Reason: fmt.Sprintf("is %d bytes, more than %d", len(intent.IntentID()), maxIDLength)}
	}
	id := intent.IntentID()
	key = KeyFor(id)
	r, err := intent.encode(key)
	if err != nil {
		return "", err
	}
	now := ob.timeArg(ob.now())
	s := ob.stmts.insert
	_, err = tx.ExecContext(ctx, s.text, s.args(id, string(r.kind), r.method, r.path, r.body, key, r.reference, r.account,
		string(StatePending), 0, now, now, "", "", "", now)...)
	if err != nil {
		return "", fmt.Errorf("jikooutbox: enqueue %s: %w", id, err)
	}
	return key, nil
}

// timeArg is t as the dialect stores it: UTC, to the microsecond.
func (ob *Outbox) timeArg(t time.Time) any {
	return ob.dialect.timeArg(t.UTC().Truncate(time.Microsecond))
}
