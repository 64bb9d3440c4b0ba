// Command outbox sends a user's withdrawal to Jiko exactly once through
// jikooutbox: the user's balance is debited and the transfer's intent is
// enqueued in one transaction, and the dispatcher, in the same program,
// sends it with a key fixed at enqueue, resends it with the same key when
// the answer is lost, and records the outcome (the transfer's id, or the
// money given back when Jiko refuses) in one transaction with the
// outbox's record.
//
// It runs offline, against the in-process fake API (package jikotest).
// The balances and the outbox are in an embedded SQLite database in a
// temporary directory unless a PostgreSQL connection string is given,
// with -dsn or JIKO_OUTBOX_DSN (for example
// "postgres://user:pass@localhost:5432/db"): the example then creates the
// tables jiko_outbox_example, jiko_example_balances and
// jiko_example_withdrawals there and drops them when it ends.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/jiko-go/jiko/jikotest"
)

func main() {
	dsn := flag.String("dsn", "", "a PostgreSQL connection string (default: $JIKO_OUTBOX_DSN, or an embedded SQLite database)")
	flag.Parse()
	if *dsn == "" {
		*dsn = os.Getenv("JIKO_OUTBOX_DSN")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *dsn, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "outbox:", err)
		os.Exit(1)
	}
}

const (
	table       = "jiko_outbox_example"
	balances    = "jiko_example_balances"
	withdrawals = "jiko_example_withdrawals"
)

func run(ctx context.Context, dsn string, out io.Writer) error {
	// The fake API and the outbox share a clock, so that "a minute later"
	// takes no time.
	clock := jikotest.NewClock(time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	defer srv.Close()
	fmt.Fprintln(out, "Using the in-process fake Jiko API: this example runs offline only.")
	// No retries of the client's own: the outbox resends.
	c, err := jiko.NewClient(append(srv.ClientOptions(), jiko.WithMaxRetries(0))...)
	if err != nil {
		return err
	}
	customer := srv.AddCustomer("")
	pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "payouts", Balance: 1_000_000}).ID
	bank, err := srv.AddCounterparty(customer, jikotest.CounterpartySeed{Verified: true})
	if err != nil {
		return err
	}
	unverified, err := srv.AddCounterparty(customer, jikotest.CounterpartySeed{})
	if err != nil {
		return err
	}

	st, err := openStore(ctx, dsn, out)
	if err != nil {
		return err
	}
	defer st.close()
	ob, err := jikooutbox.New(st.db, st.dialect, jikooutbox.WithTable(table), jikooutbox.WithClock(clock.Now))
	if err != nil {
		return err
	}
	if err := ob.Migrate(ctx); err != nil {
		return err
	}
	d, err := ob.NewDispatcher(c, st.complete, jikooutbox.WithBackoff(30*time.Second, 5*time.Minute))
	if err != nil {
		return err
	}
	if err := st.exec(ctx, "INSERT INTO "+balances+" (user_id, cents) VALUES (?, ?)", "ann", 50_000); err != nil {
		return err
	}
	fmt.Fprintf(out, "Ann has %s.\n", st.balance(ctx, "ann"))

	fmt.Fprintln(out, "Ann withdraws $120.00 to her bank: her balance and the transfer's intent commit in one transaction.")
	if err := st.withdraw(ctx, ob, "withdrawal-1", "ann", 12_000, pocket, bank); err != nil {
		return err
	}
	stats, err := ob.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  Ann has %s; the outbox holds %d pending intent; nothing is sent yet.\n", st.balance(ctx, "ann"), stats.Pending)

	fmt.Fprintln(out, "The dispatcher sends it; Jiko acts, but the connection drops before the answer:")
	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: "/api/v1/jiko-accounts/*", Drop: jikotest.DropAfterHandling})
	if _, err := d.RunOnce(ctx); err != nil {
		return err
	}
	r, err := ob.Get(ctx, "withdrawal-1")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  the intent is %s after %d send, to be sent again with the same key.\n", r.State, r.Attempts)

	fmt.Fprintln(out, "A minute later the dispatcher sends it again, with the same key:")
	clock.Advance(time.Minute)
	if _, err := d.RunOnce(ctx); err != nil {
		return err
	}
	if r, err = ob.Get(ctx, "withdrawal-1"); err != nil {
		return err
	}
	fmt.Fprintf(out, "  Jiko recognises the resend and answers with the first transfer: %s after %d sends.\n", r.State, r.Attempts)

	fmt.Fprintln(out, "Ann withdraws $50.00 to a bank account that is not verified:")
	if err := st.withdraw(ctx, ob, "withdrawal-2", "ann", 5_000, pocket, unverified); err != nil {
		return err
	}
	if _, err := d.RunOnce(ctx); err != nil {
		return err
	}
	if r, err = ob.Get(ctx, "withdrawal-2"); err != nil {
		return err
	}
	fmt.Fprintf(out, "  Jiko refuses it: %s, never sent again, and the money is given back: Ann has %s.\n", r.State, st.balance(ctx, "ann"))

	return report(ctx, st, ob, srv, pocket, out)
}

// report prints the partner's withdrawals, Jiko's ledger and the outbox's
// counts.
func report(ctx context.Context, st *store, ob *jikooutbox.Outbox, srv *jikotest.Server, pocket string, out io.Writer) error {
	fmt.Fprintln(out, "Withdrawals:")
	rows, err := st.db.QueryContext(ctx, "SELECT id, cents, state, transfer_id FROM "+withdrawals+" ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	transfers := map[string]bool{}
	for rows.Next() {
		var id, state, transfer string
		var cents int64
		if err := rows.Scan(&id, &cents, &state, &transfer); err != nil {
			return err
		}
		line := fmt.Sprintf("  %s %s %s", id, dollars(cents), state)
		if transfer != "" {
			transfers[transfer] = true
			line += ", the transfer's id recorded"
		}
		fmt.Fprintln(out, line)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var moved []string
	for _, e := range srv.LedgerEntries(pocket) {
		if e.Kind == jikotest.KindACH && e.Amount < 0 {
			s := dollars(-e.Amount)
			if transfers[e.RefID] {
				s += " (the recorded one)"
			}
			moved = append(moved, s)
		}
	}
	fmt.Fprintf(out, "Jiko's ledger holds %d ACH transfer out of the Pocket: %s.\n", len(moved), strings.Join(moved, ", "))
	s, err := ob.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "The outbox: %d pending, %d uncertain, %d needing review, %d done, %d refused.\n",
		s.Pending, s.Uncertain, s.NeedsReview, s.Done, s.Refused)
	return nil
}

func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

// store is the partner's database: balances, withdrawals and the outbox.
type store struct {
	db      *sql.DB
	dialect jikooutbox.Dialect
	close   func()
}

// openStore opens the PostgreSQL database dsn names, or an embedded
// SQLite database in a temporary directory, and creates the partner's
// tables.
func openStore(ctx context.Context, dsn string, out io.Writer) (*store, error) {
	driver, dialect := "pgx", jikooutbox.Postgres
	cleanup := func() {}
	if dsn == "" {
		dir, err := os.MkdirTemp("", "jiko-outbox-example")
		if err != nil {
			return nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		driver, dialect = "sqlite", jikooutbox.SQLite
		dsn = "file:" + filepath.Join(dir, "partner.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
		fmt.Fprintln(out, "The balances and the outbox are in an embedded SQLite database (-dsn or JIKO_OUTBOX_DSN for PostgreSQL).")
	} else {
		fmt.Fprintln(out, "The balances and the outbox are in the given PostgreSQL database.")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		cleanup()
		return nil, err
	}
	st := &store{db: db, dialect: dialect}
	// The example's own tables, left over by a run that was stopped.
	drop := func() {
		if dialect == jikooutbox.Postgres {
			for _, t := range []string{table, balances, withdrawals} {
				_, _ = db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+t)
			}
		}
	}
	drop()
	st.close = func() {
		drop()
		db.Close()
		cleanup()
	}
	for _, s := range []string{
		"CREATE TABLE " + balances + " (user_id TEXT PRIMARY KEY, cents BIGINT NOT NULL)",
		"CREATE TABLE " + withdrawals + " (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, cents BIGINT NOT NULL, state TEXT NOT NULL, transfer_id TEXT NOT NULL)",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			st.close()
			return nil, fmt.Errorf("creating the tables: %w", err)
		}
	}
	return st, nil
}

// q writes a statement's ? placeholders as the dialect takes them.
func (st *store) q(s string) string {
	if st.dialect != jikooutbox.Postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (st *store) exec(ctx context.Context, s string, args ...any) error {
	_, err := st.db.ExecContext(ctx, st.q(s), args...)
	return err
}

func (st *store) balance(ctx context.Context, user string) string {
	var cents int64
	if err := st.db.QueryRowContext(ctx, st.q("SELECT cents FROM "+balances+" WHERE user_id = ?"), user).Scan(&cents); err != nil {
		return "an unknown balance (" + err.Error() + ")"
	}
	return dollars(cents)
}

// withdraw is the partner's withdrawal: the debit, the withdrawal's row
// and the transfer's intent, in one transaction.
func (st *store) withdraw(ctx context.Context, ob *jikooutbox.Outbox, id, user string, cents int64, pocket, bank string) error {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, st.q("UPDATE "+balances+" SET cents = cents - ? WHERE user_id = ?"), cents, user); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, st.q("INSERT INTO "+withdrawals+" (id, user_id, cents, state, transfer_id) VALUES (?, ?, ?, 'pending', '')"), id, user, cents); err != nil {
		return err
	}
	if _, err := ob.Enqueue(ctx, tx, &jikooutbox.ACHIntent{ID: id, PocketID: pocket, Request: jiko.ACHCreateRequest{
		CounterpartyID: bank, Direction: jiko.ACHCredit, AmountUSDC: cents, PaymentRelatedInformation: []string{"withdrawal " + id},
	}}); err != nil {
		return err
	}
	return tx.Commit()
}

// complete records a withdrawal's outcome, in the dispatcher's
// transaction: the transfer's id when done, the money given back when
// refused. One needing review keeps the money held for a person to decide.
func (st *store) complete(ctx context.Context, tx *sql.Tx, r jikooutbox.Record) error {
	if _, err := tx.ExecContext(ctx, st.q("UPDATE "+withdrawals+" SET state = ?, transfer_id = ? WHERE id = ?"), string(r.State), r.ObjectID, r.ID); err != nil {
		return err
	}
	if r.State == jikooutbox.StateRefused {
		_, err := tx.ExecContext(ctx, st.q("UPDATE "+balances+" SET cents = cents + (SELECT cents FROM "+withdrawals+" WHERE id = ?) WHERE user_id = (SELECT user_id FROM "+withdrawals+" WHERE id = ?)"), r.ID, r.ID)
		return err
	}
	return nil
}
