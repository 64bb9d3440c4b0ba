package jikooutbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/jiko-go/jiko/internal/sqltime"
	"iter"
	"time"

	"github.com/jiko-go/jiko"
)

// Via says how an intent's final outcome was learnt.
type Via string

// The ways an outcome is learnt.
const (
	// ViaAnswer is the API's answer to a send.
	ViaAnswer Via = "answer"
	// ViaRead is a read after the idempotency window closed (or after a
	// 409): the Pocket's ACH list, Get Wire or Get On-Us Transfer.
	ViaRead Via = "read"
)

// Record is one intent, a row of the outbox table.
type Record struct {
	// ID is the intent's id (id), the table's key.
	ID string
	// Kind is the intent's kind (kind).
	Kind Kind
	// Method and Path are the request's (method, path).
	Method, Path string
	// Body is the request's JSON (body), or nil for none.
	Body json.RawMessage
	// IdempotencyKey is the key of every send (idempotency_key).
	IdempotencyKey string
	// Reference is what a read finds the transfer by (reference): the
	// payment_related_information entry of an ACH origination, the
	// wire_id of a wire, the transfer_id of an on-us transfer; empty for
	// a RequestIntent.
	Reference string
	// PocketID is the Pocket of an ACH origination or a wire (account).
	PocketID string
	// State is where the intent stands (state).
	State State
	// Attempts is how many times it was sent (attempts).
	Attempts int
	// CreatedAt is when it was enqueued (created_at).
	CreatedAt time.Time
	// FirstSentAt is when its first send was claimed (first_sent_at), the
	// start of its idempotency window; zero until then.
	FirstSentAt time.Time
	// NextAt is when it is next due (next_at).
	NextAt time.Time
	// LeasedUntil is when the lease of the dispatcher sending it ends
	// (lease_until); zero when no dispatcher holds it.
	LeasedUntil time.Time
	// ObjectID is the API object's id once done (object_id).
	ObjectID string
	// LastError is the last failure (last_error): the refusal of a refused
	// intent, why one needs review.
	LastError string
	// Via says how a final outcome was learnt (via); empty before.
	Via Via
	// UpdatedAt is when the row last changed (updated_at).
	UpdatedAt time.Time
}

// scanRecord reads a row of the columns constant.
func scanRecord(rows interface{ Scan(...any) error }) (Record, error) {
	var r Record
	var kind, state, via, body string
	var first, lease nullTime
	err := rows.Scan(&r.ID, &kind, &r.Method, &r.Path, &body, &r.IdempotencyKey, &r.Reference, &r.PocketID, &state,
		&r.Attempts, sqltime.Into(&r.CreatedAt), &first, sqltime.Into(&r.NextAt), &lease, &r.ObjectID, &r.LastError, &via,
		sqltime.Into(&r.UpdatedAt))
	if err != nil {
		return Record{}, err
	}
	r.Kind, r.State, r.Via = Kind(kind), State(state), Via(via)
	r.FirstSentAt, r.LeasedUntil = first.t, lease.t
	if body != "" {
		r.Body = json.RawMessage(body)
	}
	return r, nil
}

// List yields the intents in state s, oldest first, reading them from the
// table as it goes; it stops at the first error, which it yields. Use it
// for the intents that need review, or those refused. The same query in
// SQL, for a report of your own (PostgreSQL):
//
//	SELECT * FROM jiko_outbox WHERE state = 'needs_review' ORDER BY created_at, id
func (ob *Outbox) List(ctx context.Context, s State) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		rows, err := ob.db.QueryContext(ctx, ob.stmts.list.text, ob.stmts.list.args(string(s))...)
		if err != nil {
			yield(Record{}, fmt.Errorf("jikooutbox: list: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				yield(Record{}, fmt.Errorf("jikooutbox: list: %w", err))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Record{}, fmt.Errorf("jikooutbox: list: %w", err))
		}
	}
}

// ErrNotFound is the error of [Outbox.Get] for an id the table does not
// hold.
var ErrNotFound = errors.New("jikooutbox: no such intent")

// Get reads the intent whose id is id, or returns an error that is
// [ErrNotFound] when there is none.
func (ob *Outbox) Get(ctx context.Context, id string) (Record, error) {
	r, err := scanRecord(ob.db.QueryRowContext(ctx, ob.stmts.get.text, ob.stmts.get.args(id)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Record{}, fmt.Errorf("jikooutbox: get %s: %w", id, err)
	}
	return r, nil
}

// Prune deletes the done and refused intents last changed more than
// olderThan ago, by the outbox's clock, and returns how many it deleted.
// Pending, uncertain and needs-review intents are kept whatever their
// age. A pruned intent's id may be enqueued again, as a new intent with
// the same key: keep intents longer than any retry of your own that could
// enqueue the same id. An olderThan that is not positive is a
// *jiko.ValidationError.
func (ob *Outbox) Prune(ctx context.Context, olderThan time.Duration) (int64, error) {
	if olderThan <= 0 {
		return 0, &jiko.ValidationError{Field: "olderThan", Reason: "must be positive"}
	}
	s := ob.stmts.prune
	res, err := ob.db.ExecContext(ctx, s.text, s.args(ob.timeArg(ob.now().Add(-olderThan)))...)
	if err != nil {
		return 0, fmt.Errorf("jikooutbox: prune: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("jikooutbox: prune: %w", err)
	}
	return n, nil
}

// Stats are the outbox's counts, for the partner's metrics and alerts.
type Stats struct {
	// Pending counts the intents waiting for their first send (or for a
	// send after a 401 or 403), InFlight included.
	Pending int64
	// Uncertain counts the intents sent without a definite answer,
	// waiting to be sent again or read back, InFlight included.
	Uncertain int64
	// InFlight counts the pending and uncertain intents a dispatcher holds
	// (an unexpired lease).
	InFlight int64
	// NeedsReview counts the intents parked for a person: alert on it.
	NeedsReview int64
	// Done and Refused count the finished intents not yet pruned.
	Done, Refused int64
	// OldestWaiting is the age of the oldest pending or uncertain intent,
	// by the outbox's clock; 0 when there is none.
	OldestWaiting time.Duration
}

// Stats counts the intents in each state, in one query.
func (ob *Outbox) Stats(ctx context.Context) (Stats, error) {
	now := ob.now()
	s := ob.stmts.stats
	rows, err := ob.db.QueryContext(ctx, s.text, s.args(ob.timeArg(now))...)
	if err != nil {
		return Stats{}, fmt.Errorf("jikooutbox: stats: %w", err)
	}
	defer rows.Close()
	var st Stats
	var oldest time.Time
	for rows.Next() {
		var state string
		var n, leased int64
		var created time.Time
		if err := rows.Scan(&state, &n, sqltime.Into(&created), &leased); err != nil {
			return Stats{}, fmt.Errorf("jikooutbox: stats: %w", err)
		}
		switch State(state) {
		case StatePending:
			st.Pending = n
		case StateUncertain:
			st.Uncertain = n
		case StateNeedsReview:
			st.NeedsReview = n
		case StateDone:
			st.Done = n
		case StateRefused:
			st.Refused = n
		}
		if State(state) == StatePending || State(state) == StateUncertain {
			st.InFlight += leased
			if oldest.IsZero() || created.Before(oldest) {
				oldest = created
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("jikooutbox: stats: %w", err)
	}
	if !oldest.IsZero() {
		st.OldestWaiting = max(0, now.Sub(oldest))
	}
	return st, nil
}

// nullTime is a time column that may be NULL (the zero time).
type nullTime struct{ t time.Time }

func (n *nullTime) Scan(v any) error {
	if v == nil {
		n.t = time.Time{}
		return nil
	}
	return sqltime.Into(&n.t).Scan(v)
}
