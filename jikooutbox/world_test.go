package jikooutbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/require"
)

// t0 is when the tests' clocks start.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// startCents is what each user, and the partner's Pocket, holds at first.
const startCents = 100_000_000

// world is a partner's database and jikotest's Partner API on one clock:
// a customer with two Pockets, a verified ACH counterparty, an unverified
// one (a transfer to it is refused) and a verified wire counterparty.
type world struct {
	t                     testing.TB
	e                     engine
	db                    *sql.DB
	dsn                   string
	ob                    *jikooutbox.Outbox
	clock                 *jikotest.Clock
	srv                   *jikotest.Server
	client                *jiko.Client
	pocket, other         string
	ach, unverified, wire string
}

func newWorld(t testing.TB, e engine, opts ...jikooutbox.Option) *world {
	clock := jikotest.NewClock(t0)
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	t.Cleanup(srv.Close)
	db, ob, dsn := open(t, e, append([]jikooutbox.Option{jikooutbox.WithClock(clock.Now)}, opts...)...)
	w := &world{t: t, e: e, db: db, dsn: dsn, ob: ob, clock: clock, srv: srv}
	w.client = w.newClient()
	customer := srv.AddCustomer("")
	w.pocket = srv.AddPocket(customer, jikotest.PocketSeed{Name: "payouts", Balance: startCents}).ID
	w.other = srv.AddPocket(customer, jikotest.PocketSeed{Name: "savings"}).ID
	var err error
	w.ach, err = srv.AddCounterparty(customer, jikotest.CounterpartySeed{Verified: true})
	require.NoError(t, err)
	w.unverified, err = srv.AddCounterparty(customer, jikotest.CounterpartySeed{})
	require.NoError(t, err)
	w.wire, err = srv.AddCounterparty(customer, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeWire, Verified: true})
	require.NoError(t, err)
	return w
}

// newClient returns a client of the world's server that retries at once
// and only once: the outbox does the resending.
func (w *world) newClient(opts ...jiko.ClientOption) *jiko.Client {
	base := append(w.srv.ClientOptions(), jiko.WithRetryBackoff(time.Millisecond, 2*time.Millisecond), jiko.WithMaxRetries(1))
	c, err := jiko.NewClient(append(base, opts...)...)
	require.NoError(w.t, err)
	return c
}

// q adapts a statement written with ? to the engine.
func (w *world) q(s string) string {
	out := make([]byte, 0, len(s)+8)
	n := 0
	for i := range len(s) {
		if s[i] == '?' {
			n++
			out = append(out, w.e.ph(n)...)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// withdraw is the partner's withdrawal: the user's balance and the
// intent in one transaction.
func (w *world) withdraw(ctx context.Context, db *sql.DB, user string, cents int64, intent jikooutbox.Intent) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, w.q("UPDATE balances SET cents = cents - ? WHERE user_id = ?"), cents, user); err != nil {
		return err
	}
	if _, err := w.ob.Enqueue(ctx, tx, intent); err != nil {
		return err
	}
	return tx.Commit()
}

// complete is the partner's completion function: it records each final
// outcome with the amount, and gives a refused withdrawal's money back.
func (w *world) complete(amounts func(id string) (user string, cents int64)) jikooutbox.Func {
	return func(ctx context.Context, tx *sql.Tx, r jikooutbox.Record) error {
		user, cents := amounts(r.ID)
		if _, err := tx.ExecContext(ctx, w.q("INSERT INTO outcomes (intent_id, state, object_id, cents) VALUES (?, ?, ?, ?)"),
			r.ID, string(r.State), r.ObjectID, cents); err != nil {
			return err
		}
		if r.State == jikooutbox.StateRefused {
			_, err := tx.ExecContext(ctx, w.q("UPDATE balances SET cents = cents + ? WHERE user_id = ?"), cents, user)
			return err
		}
		return nil
	}
}

// addUser gives a user the starting balance.
func (w *world) addUser(user string) {
	_, err := w.db.Exec(w.q("INSERT INTO balances (user_id, cents) VALUES (?, ?)"), user, startCents)
	require.NoError(w.t, err)
}

// outcomes returns the partner's recorded outcomes of each intent.
func (w *world) outcomes() map[string][]string {
	rows, err := w.db.Query("SELECT intent_id, state FROM outcomes")
	require.NoError(w.t, err)
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id, state string
		require.NoError(w.t, rows.Scan(&id, &state))
		out[id] = append(out[id], state)
	}
	require.NoError(w.t, rows.Err())
	return out
}

// posts returns the POST requests jikotest received, the login excluded.
func (w *world) posts() []jikotest.Request {
	var out []jikotest.Request
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && r.Path != "/api/v1/login/" {
			out = append(out, r)
		}
	}
	return out
}

// ledgerRefs counts the ledger entries that took money out of the
// payouts Pocket, by transfer id.
func (w *world) ledgerRefs() map[string]int {
	refs := map[string]int{}
	for _, e := range w.srv.LedgerEntries(w.pocket) {
		if e.Amount < 0 {
			refs[e.RefID]++
		}
	}
	return refs
}

func achIntent(w *world, id, counterparty string, cents int64) *jikooutbox.ACHIntent {
	return &jikooutbox.ACHIntent{ID: id, PocketID: w.pocket, Request: jiko.ACHCreateRequest{
		CounterpartyID: counterparty, Direction: jiko.ACHCredit, AmountUSDC: cents,
		PaymentRelatedInformation: []string{fmt.Sprintf("withdrawal %s", id)},
	}}
}
