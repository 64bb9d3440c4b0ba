// Package jikooutbox sends each of a partner's writes to the Partner API
// (ACH originations, wires, on-us transfers, any other write) exactly
// once, across crashes and replicas: the partner enqueues the write as an
// intent in its own database transaction, together with its own change
// (a user's balance debited), and dispatchers send the committed intents,
// each with an idempotency key fixed when it was enqueued.
//
//	db, _ := sql.Open("pgx", dsn) // any database/sql driver
//	ob, err := jikooutbox.New(db, jikooutbox.Postgres) // or SQLite, MySQL
//	if err != nil {
//		return err
//	}
//	if err := ob.Migrate(ctx); err != nil { // or ob.Schema() in your migrations
//		return err
//	}
//
//	// The withdrawal: the balance and the intent commit together.
//	tx, _ := db.BeginTx(ctx, nil)
//	tx.ExecContext(ctx, "UPDATE balances SET cents = cents - $1 WHERE user_id = $2", cents, user)
//	ob.Enqueue(ctx, tx, &jikooutbox.ACHIntent{ID: "withdrawal:" + id, PocketID: pocket,
//		Request: jiko.ACHCreateRequest{CounterpartyID: bank, Direction: jiko.ACHCredit, AmountUSDC: cents}})
//	tx.Commit()
//
//	// In every replica: send what is due, record each outcome.
//	d, err := ob.NewDispatcher(client, func(ctx context.Context, tx *sql.Tx, r jikooutbox.Record) error {
//		_, err := tx.ExecContext(ctx, "UPDATE withdrawals SET state = $1, transfer_id = $2 WHERE id = $3",
//			r.State, r.ObjectID, r.ID)
//		return err
//	})
//	go d.Run(ctx)
//
// # Keys and the idempotency window
//
// An intent's key is [KeyFor] its ID (jiko.IdempotencyKeyFor("jikooutbox:"
// + id)), stored with it: every send of it, from any replica, after any
// restart, carries the same key, and the API answers a resend with the
// first send's outcome instead of acting twice. The API remembers a key
// for an hour ([DefaultWindow]; the reference: "a key reused within 1
// hour is treated as a repeat"), counted here from the intent's first
// send ([WithWindow] to shorten it). After that a resend would act again,
// so an intent is sent again only while its window is open for a lease
// more ([WithLease]), and never after.
//
// # Outcomes
//
// Each send ends the intent:
//
//   - done, with the API object's id (ObjectID), on a 2xx answer;
//   - refused, on a definite 4xx (or a request the SDK refused before
//     sending): never sent again; LastError says why;
//   - uncertain, on no answer, a 5xx, 408 or 429 ([jiko.MayHaveSucceeded]):
//     sent again with the same key after a backoff ([WithBackoff]) while
//     the window is open;
//   - in the state it had, on a 401 or 403 (the credentials or the
//     signature were refused; nothing happened), and sent again after a
//     backoff.
//
// An intent whose outcome is not known when its window closes (uncertain,
// or claimed by a dispatcher that died before recording) is read back,
// never sent blindly:
//
//   - an ACH origination ([ACHIntent]) carries, as its last
//     payment_related_information entry, [ACHReferencePrefix] and its
//     key; the dispatcher looks for it in the Pocket's list of
//     originations (List ACH Originations, every page);
//   - a wire ([WireIntent]) is sent with its wire_id set to its key
//     (unless the request sets one) and read with Get Wire by that id.
//     Inferred: the reference publishes no wire object and its Get
//     Wire path is the SDK's inference ([jiko.WiresService.Get]);
//   - an on-us transfer ([OnUsIntent]) is sent with its transfer_id set
//     to its key (unless the request sets one) and read with Get On-Us
//     Transfer by it. Inferred: the path names transfer_id, but whether
//     the API takes the partner's transfer_id there, or only its own id,
//     is not stated;
//   - any other write ([RequestIntent]) has no read.
//
// Found, the intent is done (Via is [ViaRead]); not found, or without a
// read, it needs review: it is never sent again, the partner's [Func] is
// told (State [StateNeedsReview]), [Outbox.List] lists it and
// [Outbox.Stats] counts it. A 409 answer (the key or the transfer's id
// was used by an earlier send) is read back the same way at once.
//
// # Dispatchers
//
// Any number of dispatchers, in any number of processes, share the
// table. A dispatcher claims due intents in one statement that writes a
// lease (a token and an expiry) and commits: no transaction stays open
// during a send. On PostgreSQL and MySQL the statement picks the intents
// with FOR UPDATE SKIP LOCKED; on SQLite, which has one writer at a time,
// the statement alone is atomic. The dispatcher then sends each intent
// (or reads it back) and records the outcome, with the partner's [Func]
// for a final one, in one transaction whose UPDATE holds only if the
// dispatcher still has the lease: an outcome learnt after the lease ended
// is dropped, the intent being another dispatcher's by then, which sends
// it again with the same key. A dispatcher that dies between the answer
// and the record loses nothing: the intent is claimed again when its
// lease ends.
//
// # What is inferred about the API
//
// The reference states the one-hour idempotency window and the fields of
// an ACH origination, payment_related_information among them, which its
// list returns. The rest is inferred, and marked so in the SDK: the path
// of Get Wire and that it takes the wire_id the partner sent; that Get
// On-Us Transfer takes the partner's transfer_id; that a 401 or 403 means
// nothing was done; that a key reused within the window for a different
// request, or a wire_id or transfer_id used before, is answered 409 (the
// reference documents neither answer; jikotest answers both so). Should an
// inference be wrong, the read fails safe: a 404 leaves the intent needing
// review, another failure leaves it waiting to be read again, and neither
// sends anything.
//
// # Metrics
//
// [Outbox.Stats] counts the intents per state, those in flight and the
// age of the oldest waiting one, from the table: export them, and alert
// on NeedsReview and on OldestWaiting. [Dispatcher.Stats] counts what one
// dispatcher did (sends, resends, uncertain answers, outcomes resolved by
// reading, leases lost). [Dispatcher.RunOnce] dispatches what is due
// from a scheduled job instead of a loop.
//
// # The table
//
// One row per intent, keyed by its ID: what to send (kind, method, path,
// body), its key and the reference a read finds it by, its state,
// attempts and times, its lease, its outcome (object_id, last_error,
// via). [Outbox.Prune] deletes done and refused intents after a
// retention period. Every statement passes its values as parameters; the
// table name ([WithTable]) is checked to be a plain identifier and
// quoted. [Postgres] and [SQLite] are tested against real servers by this
// package's tests; [MySQL] is not (see its documentation).
package jikooutbox
