// Package jikoinbox handles each of Jiko's webhook events exactly once,
// however many replicas of the receiver run and however often Jiko
// delivers the event, by recording it in an inbox table of the partner's
// own database in the same transaction as the partner's writes.
//
//	db, _ := sql.Open("pgx", dsn) // any database/sql driver
//	inbox, err := jikoinbox.New(db, jikoinbox.Postgres) // or SQLite, MySQL
//	if err != nil {
//		return err
//	}
//	if err := inbox.Migrate(ctx); err != nil { // or inbox.Schema() in your migrations
//		return err
//	}
//	mux.Handle("POST /webhooks/jiko", inbox.Handler(secret,
//		func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
//			p, ok := ev.Payload.Variant.(*jiko.ACHIncomingPayload)
//			if !ok {
//				return nil // recorded, not delivered again
//			}
//			_, err := tx.ExecContext(ctx, "UPDATE balances SET ...", p.JikoAccountID)
//			return err
//		}))
//
// For each verified delivery the handler begins a transaction, claims the
// event's id in the inbox table (its primary key), calls the function with
// the transaction and commits both, or neither. A claim of an id that
// another transaction holds, on another replica or in this one, waits for
// that transaction: if it commits, the delivery is acknowledged without
// calling the function; if it rolls back (the function failed, the process
// died, the connection was cut), the waiting delivery handles the event.
// The answer is 200 once the event is committed, now or earlier, and 500
// when it is not, so that Jiko delivers it again.
//
// # Inbox or WebhookDeduplicator
//
// [jiko.WebhookHandler] with a [jiko.WebhookDeduplicator] asks "seen?",
// runs the function, then says "seen": enough for one process whose
// effects are idempotent or outside a database. With several replicas
// behind a load balancer, two of them can both hear "not seen" and both
// run the function, and a crash between the function's writes and the
// "seen" replays them: a balance credited twice. Use this package when
// the receiver runs as more than one process, or when its effects are
// writes to a SQL database that can hold the inbox table: the record of
// the event and the effects then commit together. Effects outside that
// database (an e-mail, a call to another API) are not covered by the
// transaction: make them idempotent, or write them to an outbox table in
// the transaction and send them from there.
//
// # The table
//
// One row per handled event: event_id (the key), event_type, event_time
// (the event's timestamp), handled_at (when it was handled) and payload
// (NULL unless [WithPayload]). No signed event is refused by the table, so
// none is answered 500 on every delivery: an id or type that a column
// could not hold as it is (a NUL, which PostgreSQL's text refuses, or more
// than 255 bytes: MySQL's column holds 255, PostgreSQL's index about 2,700)
// is stored as "sha256:" and its hash ([StoredID]), distinct ids staying
// distinct keys; the payload is stored as the event encodes, in a column
// that keeps it as it is (json on PostgreSQL, which unlike jsonb takes a
// \u0000; TEXT on SQLite; LONGBLOB on MySQL). [Inbox.Migrate] converts a
// table made by an earlier version. [Inbox.List] reads the table back;
// [Inbox.Prune] deletes old rows, for retention. Every statement passes
// its values as parameters; the table name ([WithTable]) is an identifier,
// optionally schema-qualified, that the statements quote, so a reserved
// word is a name. [Postgres] and [SQLite] are tested against real servers
// by this package's tests; [MySQL] is not (see its documentation).
package jikoinbox
