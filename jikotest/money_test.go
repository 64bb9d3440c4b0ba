package jikotest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// world is a fake with one customer, two funded Pockets of theirs and
// verified ACH and wire counterparties.
type world struct {
	t          testing.TB
	srv        *jikotest.Server
	c          *jiko.Client
	ctx        context.Context
	a, b       jiko.Pocket
	ach, wire  string
	customerID string
}

func newWorld(t testing.TB, opts ...jiko.ClientOption) *world {
	t.Helper()
	srv := jikotest.NewServer()
	w := &world{t: t, srv: srv, c: srv.Client(t, opts...), ctx: context.Background(), customerID: customerID}
	w.a = srv.AddPocket(customerID, jikotest.PocketSeed{Name: "A", Balance: 100_000})
	w.b = srv.AddPocket(customerID, jikotest.PocketSeed{Name: "B", Balance: 50_000})
	w.ach = addCounterparty(t, srv, customerID, jiko.CounterpartyTypeACH, true)
	w.wire = addCounterparty(t, srv, customerID, jiko.CounterpartyTypeWire, true)
	return w
}

// addCounterparty adds a counterparty of a kind to a customer, verified or
// pending.
func addCounterparty(t testing.TB, srv *jikotest.Server, customerID string, kind jiko.CounterpartyType, verified bool) string {
	t.Helper()
	id, err := srv.AddCounterparty(customerID, jikotest.CounterpartySeed{Type: kind, Verified: verified})
	require.NoError(t, err)
	return id
}

// balance returns a Pocket's total value and what a withdrawal could take.
func (w *world) balance(pocketID string) (total, available int64) {
	w.t.Helper()
	p, ok := w.srv.Pocket(pocketID)
	require.True(w.t, ok)
	return p.Portfolio.TotalValue.Value, p.Portfolio.LiquidationValueT0.Value
}

// do sends a request through the client and returns the raw answer.
func (w *world) do(method, path string, body any, opts ...jiko.CallOption) (json.RawMessage, error) {
	var out json.RawMessage
	err := w.c.Do(w.ctx, method, path, nil, body, &out, opts...)
	return out, err
}

// entriesOf returns the ledger entries of a kind, in all Pockets.
func entriesOf(srv *jikotest.Server, kind jikotest.EntryKind) []jikotest.LedgerEntry {
	var out []jikotest.LedgerEntry
	for _, e := range srv.LedgerEntries("") {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// eventsOf returns the types of the recorded events that concern id.
func eventsOf(srv *jikotest.Server, id string) []string {
	var out []string
	for _, e := range srv.Events() {
		for _, v := range e.Payload {
			if v == id {
				out = append(out, e.Type)
				break
			}
		}
	}
	return out
}

// moneyOp is one money-moving operation, for the tests every one of them
// must pass: it runs the operation and says how many transfers and ledger
// entries (of the moved amount) exist.
type moneyOp struct {
	name string
	path string
	run  func(w *world, c *jiko.Client, opts ...jiko.CallOption) error
	// count returns the transfers and the ledger entries that exist.
	count func(w *world) (transfers, entries int)
	// delta is what one run changes in Pocket A's available balance.
	delta int64
}

var moneyOps = []moneyOp{
	{
		name: "ACH.Create", path: "/api/v1/jiko-accounts/*", delta: -12_345,
		run: func(w *world, c *jiko.Client, opts ...jiko.CallOption) error {
			_, err := c.ACH.Create(w.ctx, w.a.ID, &jiko.ACHCreateRequest{
				CounterpartyID: w.ach, Direction: jiko.ACHCredit, AmountUSDC: 12_345,
			}, opts...)
			return err
		},
		count: func(w *world) (int, int) {
			list, err := w.c.ACH.ListForPocket(w.ctx, w.a.ID, nil).Collect()
			require.NoError(w.t, err)
			return len(list), len(entriesOf(w.srv, jikotest.KindACH))
		},
	},
	{
		name: "Wires.Create", path: "/api/v1/jiko-accounts/*", delta: -12_345,
		run: func(w *world, c *jiko.Client, opts ...jiko.CallOption) error {
			_, err := c.Wires.Create(w.ctx, w.a.ID, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 12_345}, opts...)
			return err
		},
		count: func(w *world) (int, int) {
			list, err := w.c.Wires.List(w.ctx, &jiko.WireListParams{PocketID: w.a.ID}).Collect()
			require.NoError(w.t, err)
			return len(list), len(entriesOf(w.srv, jikotest.KindWire))
		},
	},
	{
		name: "OnUs.Create", path: "/api/v1/transfers/on-us/", delta: -12_345,
		run: func(w *world, c *jiko.Client, opts ...jiko.CallOption) error {
			_, err := c.OnUs.Create(w.ctx, &jiko.OnUsReallocationRequest{
				FromAccount: jiko.OnUsAccount{ID: w.a.ID}, ToAccount: jiko.OnUsAccount{ID: w.b.ID},
				Amount: jiko.RequestedAmount(12_345),
			}, opts...)
			return err
		},
		count: func(w *world) (int, int) {
			debits, ids := 0, map[string]bool{}
			for _, e := range entriesOf(w.srv, jikotest.KindOnUs) {
				ids[e.RefID] = true
				if e.Amount < 0 {
					debits++
				}
			}
			return len(ids), debits
		},
	},
	{
		name: "Sandbox.Fund", path: "/api/v1/sandbox/fund/", delta: 12_345,
		run: func(w *world, c *jiko.Client, opts ...jiko.CallOption) error {
			return c.Sandbox.Fund(w.ctx, &jiko.SandboxFundRequest{AccountID: w.a.ID, AmountUSDC: 12_345}, opts...)
		},
		count: func(w *world) (int, int) {
			n := len(entriesOf(w.srv, jikotest.KindSandboxFund))
			return n, n // each credit is its own incoming ACH
		},
	},
}

// The connection drops after the server acted: the client's own retry
// carries the same key, gets the stored answer, and nothing moves twice.
func TestMoneyMovesOnceWhenTheAnswerIsLost(t *testing.T) {
	for _, op := range moneyOps {
		t.Run(op.name, func(t *testing.T) {
			w := newWorld(t)
			w.srv.FailNext(1, jikotest.Fault{Method: "POST", Path: op.path, Drop: jikotest.DropAfterHandling})
			require.NoError(t, op.run(w, w.c))
			transfers, entries := op.count(w)
			assert.Equal(t, 1, transfers, "transfers")
			assert.Equal(t, 1, entries, "ledger entries")
			assert.Equal(t, 1, w.srv.SideEffects())
			_, available := w.balance(w.a.ID)
			assert.Equal(t, 100_000+op.delta, available, "the money moved once")

			var posts []jikotest.Request
			for _, r := range w.srv.Requests() {
				if r.Method == "POST" && r.Path != "/api/v1/login/" {
					posts = append(posts, r)
				}
			}
			require.Len(t, posts, 2)
			assert.Equal(t, "drop after handling", posts[0].Fault)
			assert.True(t, posts[1].Replayed, "the retry is answered from the idempotency store")
			assert.Equal(t, posts[0].Header.Get("X-Jiko-Idempotency"), posts[1].Header.Get("X-Jiko-Idempotency"))
		})
	}
}

// The client gives up (no retries), the process "restarts" with a new
// client, and the caller sends the operation again with the key from the
// error: still one transfer, one ledger entry.
func TestMoneyMovesOnceWhenTheCallerResendsWithTheKey(t *testing.T) {
	for _, op := range moneyOps {
		t.Run(op.name, func(t *testing.T) {
			w := newWorld(t, jiko.WithMaxRetries(0))
			w.srv.FailNext(1, jikotest.Fault{Method: "POST", Path: op.path, Drop: jikotest.DropAfterHandling})
			err := op.run(w, w.c)
			require.Error(t, err)
			assert.True(t, jiko.MayHaveSucceeded(err), "%v", err)
			var jerr *jiko.Error
			require.ErrorAs(t, err, &jerr)
			transfers, entries := op.count(w)
			require.Equal(t, 1, transfers, "the server acted before the connection dropped")
			require.Equal(t, 1, entries)

			restarted, err := jiko.NewClient(w.srv.ClientOptions()...)
			require.NoError(t, err)
			require.NoError(t, op.run(w, restarted, jiko.WithIdempotencyKey(jerr.IdempotencyKey)))
			transfers, entries = op.count(w)
			assert.Equal(t, 1, transfers, "transfers")
			assert.Equal(t, 1, entries, "ledger entries")
			assert.Equal(t, 1, w.srv.SideEffects())
			_, available := w.balance(w.a.ID)
			assert.Equal(t, 100_000+op.delta, available, "the money moved once")
		})
	}
}

// A key derived from the caller's own transfer id makes even a first
// attempt from a restarted process a resend.
func TestIdempotencyKeyForSurvivesARestart(t *testing.T) {
	for _, op := range moneyOps {
		t.Run(op.name, func(t *testing.T) {
			w := newWorld(t)
			key := jiko.IdempotencyKeyFor("payout-2026-0042")
			require.NoError(t, op.run(w, w.c, jiko.WithIdempotencyKey(key)))
			restarted, err := jiko.NewClient(w.srv.ClientOptions()...)
			require.NoError(t, err)
			require.NoError(t, op.run(w, restarted, jiko.WithIdempotencyKey(key)))
			transfers, entries := op.count(w)
			assert.Equal(t, 1, transfers)
			assert.Equal(t, 1, entries)
		})
	}
}

// BenchmarkMoneyCallsAgainstTheFake is one signed money-moving call
// through the SDK and the fake's ledger, for each operation.
func BenchmarkMoneyCallsAgainstTheFake(b *testing.B) {
	for _, op := range moneyOps {
		b.Run(op.name, func(b *testing.B) {
			w := newWorld(b)
			require.NoError(b, w.srv.SetBalance(w.a.ID, 1<<50))
			require.NoError(b, w.c.Login(w.ctx))
			b.ReportAllocs()
			for b.Loop() {
				if err := op.run(w, w.c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
