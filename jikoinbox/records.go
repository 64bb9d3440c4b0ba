package jikoinbox

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/jiko-go/jiko/internal/sqltime"
	"iter"
	"time"

	"github.com/jiko-go/jiko"
)

// Record is one handled event, a row of the inbox table.
type Record struct {
	// EventID is the event's id (event_id), the table's key, as
	// [StoredID] stores it: the id, or the hash of an id that the table
	// could not hold as it is.
	EventID string
	// EventType is the event's type (event_type), stored as the id is.
	EventType jiko.EventName
	// EventTime is the event's timestamp (event_time), in UTC: the zero
	// time when the SDK could not parse it.
	EventTime time.Time
	// HandledAt is when the transaction that handled it ran (handled_at),
	// in UTC.
	HandledAt time.Time
	// Payload is the event's JSON when the inbox stores it ([WithPayload]),
	// or nil.
	Payload json.RawMessage
}

// List yields the events handled since the given time (handled_at >=
// since), oldest first, reading them from the table as it goes; it stops
// at the first error, which it yields. The same query in SQL, for a
// report of your own (PostgreSQL):
//
//	SELECT event_id, event_type, event_time, handled_at, payload
//	FROM jiko_inbox WHERE handled_at >= $1 ORDER BY handled_at, event_id
func (ib *Inbox) List(ctx context.Context, since time.Time) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		rows, err := ib.db.QueryContext(ctx, ib.stmts.list, ib.timeArg(since))
		if err != nil {
			yield(Record{}, fmt.Errorf("jikoinbox: list: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r Record
			var typ string
			var payload []byte
			if err := rows.Scan(&r.EventID, &typ, sqltime.Into(&r.EventTime), sqltime.Into(&r.HandledAt), &payload); err != nil {
				yield(Record{}, fmt.Errorf("jikoinbox: list: %w", err))
				return
			}
			r.EventType = jiko.EventName(typ)
			if payload != nil {
				r.Payload = json.RawMessage(payload)
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Record{}, fmt.Errorf("jikoinbox: list: %w", err))
		}
	}
}

// Prune deletes the records of events handled more than olderThan ago, by
// the inbox's clock, and returns how many it deleted. An event whose
// record is pruned is handled again if Jiko delivers it again, so keep
// records longer than Jiko may retry or replay a delivery (the longest
// retry policy of your subscriptions, and any replay you request). An
// olderThan that is not positive is a *jiko.ValidationError.
func (ib *Inbox) Prune(ctx context.Context, olderThan time.Duration) (int64, error) {
	if olderThan <= 0 {
		return 0, &jiko.ValidationError{Field: "olderThan", Reason: "must be positive"}
	}
	res, err := ib.db.ExecContext(ctx, ib.stmts.prune, ib.timeArg(ib.now().Add(-olderThan)))
	if err != nil {
		return 0, fmt.Errorf("jikoinbox: prune: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("jikoinbox: prune: %w", err)
	}
	return n, nil
}
