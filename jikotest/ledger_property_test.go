package jikotest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ledger is the one source of truth: after any sequence of funding,
// ACH in and out, on-us transfers, wires, card swipes, settlements,
// rejections, refusals and maturities, every view the API gives of a
// Pocket (its portfolio, earnings, transactions, trades, transfers and
// statements) agrees with the ledger. Each seed runs a different random
// sequence through the SDK client, checking after every step.
func TestLedgerAgreesWithEveryViewUnderRandomOperations(t *testing.T) {
	steps := 60
	if testing.Short() {
		steps = 20
	}
	for _, seed := range []uint64{1, 7, 2026} {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			m := newLedgerModel(t, seed)
			for step := range steps {
				op := m.step()
				t.Log(step, op)
				if t.Failed() {
					t.Fatalf("step %d (%s) failed", step, op)
				}
				m.checkInvariants(fmt.Sprintf("after step %d (%s)", step, op))
				if t.Failed() {
					t.Fatalf("invariants broken after step %d (%s)", step, op)
				}
			}
			m.checkStatements()
		})
	}
}

// movement is a transfer the model made, with the Pockets it touches.
type movement struct {
	kind    string // "ach", "wire" or "onus"
	id      string
	pocket  string // the Pocket the transfer is read through (ACH)
	touches []string
	pending bool
}

type ledgerModel struct {
	t          *testing.T
	srv        *jikotest.Server
	clock      *jikotest.Clock
	c          *jiko.Client
	ctx        context.Context
	rng        *rand.Rand
	pockets    []string
	cards      map[string]string // Pocket id -> virtual card id
	ach, wire  string
	transfers  []*movement
	customerID string
}

func newLedgerModel(t *testing.T, seed uint64) *ledgerModel {
	clock := jikotest.NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock), jikotest.WithTokenLifetime(1000*time.Hour))
	m := &ledgerModel{
		t: t, srv: srv, clock: clock, c: srv.Client(t), ctx: context.Background(),
		rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), cards: map[string]string{}, customerID: customerID,
	}
	srv.SetTransferFees(jikotest.TransferFees{Wire: 1_500, OnUs: 250})
	for _, seedP := range []jikotest.PocketSeed{
		{Name: "Spending"},
		{Name: "Savings", DepositStrategy: jiko.StrategyUST13W, ReinvestmentStrategy: jiko.StrategyUST26W},
		{Name: "Goal", Balance: 250_000},
	} {
		m.pockets = append(m.pockets, srv.AddPocket(customerID, seedP).ID)
	}
	m.ach = addCounterparty(t, srv, customerID, jiko.CounterpartyTypeACH, true)
	m.wire = addCounterparty(t, srv, customerID, jiko.CounterpartyTypeWire, true)
	for _, p := range m.pockets[:2] {
		vc, err := m.c.Cards.CreateVirtual(m.ctx, p, virtualCardKey(t).Request())
		require.NoError(t, err)
		m.cards[p] = vc.CardID
	}
	return m
}

func (m *ledgerModel) pocket() string { return m.pockets[m.rng.IntN(len(m.pockets))] }

// amount is up to about what the Pocket has, and now and then more.
func (m *ledgerModel) amount(pocketID string) int64 {
	p, ok := m.srv.Pocket(pocketID)
	require.True(m.t, ok)
	avail := p.Portfolio.LiquidationValueT0.Value
	return 1 + m.rng.Int64N(max(avail+avail/5, 10_000))
}

func (m *ledgerModel) pendingOf() *movement {
	var open []*movement
	for _, mv := range m.transfers {
		if mv.pending {
			open = append(open, mv)
		}
	}
	if len(open) == 0 {
		return nil
	}
	return open[m.rng.IntN(len(open))]
}

// refusedOrDone checks the outcome of a money call: either it succeeded,
// or the API refused it (422) and the ledger did not move.
func (m *ledgerModel) refusedOrDone(before int, err error) bool {
	if err == nil {
		return true
	}
	assert.Equal(m.t, 422, statusOf(err), "only a business refusal is expected: %v", err)
	assert.Len(m.t, m.srv.LedgerEntries(""), before, "a refused call books nothing")
	return false
}

func statusOf(err error) int {
	var jerr *jiko.Error
	if errors.As(err, &jerr) {
		return jerr.StatusCode
	}
	return 0
}

// step runs one random operation, after moving the clock on by up to three
// days (so that bills mature within the run), and names it.
func (m *ledgerModel) step() string {
	m.clock.Advance(time.Duration(m.rng.Int64N(int64(72 * time.Hour))))
	before := len(m.srv.LedgerEntries(""))
	t, ctx, c := m.t, m.ctx, m.c
	p := m.pocket()
	switch m.rng.IntN(11) {
	case 0, 1:
		n := 1 + m.rng.IntN(3)
		require.NoError(t, c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p, AmountUSDC: 5_000 + m.rng.Int64N(1_500_000), Count: n}))
		return "fund"
	case 2:
		out, err := c.ACH.Create(ctx, p, &jiko.ACHCreateRequest{CounterpartyID: m.ach, Direction: jiko.ACHCredit, AmountUSDC: m.amount(p)})
		if m.refusedOrDone(before, err) {
			m.transfers = append(m.transfers, &movement{kind: "ach", id: out.ID, pocket: p, touches: []string{p}, pending: true})
		}
		return "ACH out"
	case 3:
		out, err := c.ACH.Create(ctx, p, &jiko.ACHCreateRequest{CounterpartyID: m.ach, Direction: jiko.ACHDebit, AmountUSDC: 1 + m.rng.Int64N(800_000)})
		require.NoError(t, err)
		m.transfers = append(m.transfers, &movement{kind: "ach", id: out.ID, pocket: p, touches: []string{p}, pending: true})
		return "ACH in"
	case 4:
		out, err := c.Wires.Create(ctx, p, &jiko.WireCreateRequest{CounterpartyID: m.wire, AmountUSDC: m.amount(p)})
		if m.refusedOrDone(before, err) {
			m.transfers = append(m.transfers, &movement{kind: "wire", id: out.WireID, touches: []string{p}, pending: true})
		}
		return "wire"
	case 5:
		to := m.pocket() // now and then the same Pocket: refused as INVALID_TRANSFER
		amount := jiko.TransferAmount{Type: jiko.TransferAmountRequested, AmountUSDC: m.amount(p)}
		if m.rng.IntN(5) == 0 {
			amount = jiko.TransferAmount{Type: jiko.TransferAmountFullWithdrawal}
		}
		async := m.rng.IntN(2) == 0
		out, err := c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{
			FromAccount: jiko.OnUsAccount{ID: p}, ToAccount: jiko.OnUsAccount{ID: to}, Amount: amount, AsyncMode: async,
		})
		require.NoError(t, err)
		mv := &movement{kind: "onus", id: out.ID, pending: out.Status == jiko.OnUsStatusPending}
		if out.Status != jiko.OnUsStatusRejected {
			mv.touches = []string{p, to}
		}
		m.transfers = append(m.transfers, mv)
		return fmt.Sprintf("on-us %s", out.Status)
	case 6:
		card, ok := m.cards[p]
		if !ok {
			return "no card"
		}
		require.NoError(t, c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: card, AmountUSDC: m.amount(p)}))
		return "card swipe"
	case 7, 8:
		mv := m.pendingOf()
		if mv == nil {
			return "nothing to settle"
		}
		require.NoError(t, m.srv.Settle(mv.id))
		mv.pending = false
		return "settle " + mv.kind
	case 9:
		mv := m.pendingOf()
		if mv == nil {
			return "nothing to reject"
		}
		require.NoError(t, m.srv.Reject(mv.id, ""))
		mv.pending = false
		return "reject " + mv.kind
	default:
		n := m.srv.AdvanceTo(jiko.DateOf(m.clock.Now().UTC()))
		return fmt.Sprintf("maturities (%d)", n)
	}
}

// sums are what the ledger says of a Pocket.
type sums struct {
	settled, pendingDebits, pending, interest int64
}

func ledgerSums(entries []jikotest.LedgerEntry) sums {
	var s sums
	for _, e := range entries {
		switch e.Status {
		case jikotest.EntrySettled:
			s.settled += e.Amount
			if e.Kind == jikotest.KindInterest {
				s.interest += e.Amount
			}
		case jikotest.EntryPending:
			s.pending += e.Amount
			if e.Amount < 0 {
				s.pendingDebits += e.Amount
			}
		}
	}
	return s
}

func (m *ledgerModel) checkInvariants(when string) {
	t, ctx, c := m.t, m.ctx, m.c
	for _, id := range m.pockets {
		l := ledgerSums(m.srv.LedgerEntries(id))

		p, err := c.Pockets.Get(ctx, id, nil)
		require.NoError(t, err)
		pf := p.Portfolio
		assert.Equal(t, l.settled, pf.TotalValue.Value, "%s: total value is the settled ledger", when)
		var securities int64
		for _, s := range pf.Securities {
			securities += s.MarketValue.Value
		}
		assert.Equal(t, pf.TotalValue.Value, pf.Cash.Value+securities, "%s: cash and bills make the total", when)
		assert.GreaterOrEqual(t, pf.Cash.Value, int64(0), "%s: cash", when)
		assert.Equal(t, l.settled+l.pendingDebits, pf.LiquidationValueT0.Value, "%s: available is settled less held", when)
		assert.GreaterOrEqual(t, pf.LiquidationValueT0.Value, int64(0), "%s: available balance", when)
		assert.Equal(t, l.interest, pf.AllTimeEarnings.Value, "%s: earnings are the interest", when)
		earned, err := c.Pockets.GetEarnings(ctx, id, nil)
		require.NoError(t, err)
		assert.Equal(t, l.interest, earned.Earnings.Value, "%s: Earnings", when)

		txs, err := c.Transactions.ListForPocket(ctx, id, &jiko.TransactionListParams{Limit: 100}).Collect()
		require.NoError(t, err)
		var settledTx, bookedTx int64
		ids := map[string]bool{}
		for _, tx := range txs {
			cm := tx.Common()
			assert.False(t, ids[cm.ID], "%s: transaction %s listed once", when, cm.ID)
			ids[cm.ID] = true
			if cm.Status == jiko.BookingStatusSettled {
				settledTx += cm.Signed()
			} else {
				bookedTx += cm.Signed()
			}
		}
		assert.Equal(t, l.settled-l.interest, settledTx, "%s: settled transactions are the settled ledger but interest", when)
		assert.Equal(t, l.pending, bookedTx, "%s: booked transactions are the pending ledger", when)

		trades, err := c.Trades.ListForCustomer(ctx, m.customerID, &jiko.TradeListParams{PocketIDs: []string{id}, Limit: 100}).Collect()
		require.NoError(t, err)
		var flow int64
		for _, tr := range trades {
			switch n := tr.Security().Notional.Value; tr.Common().Activity {
			case jiko.TradeActivityBuy:
				flow += n
			case jiko.TradeActivitySell, jiko.TradeActivityMaturity:
				flow -= n
			}
		}
		assert.Equal(t, securities, flow+l.interest, "%s: bills held are bought less sold less matured, plus their gains", when)
	}
	m.checkTransfers(when)
}

// checkTransfers checks that each transfer has exactly one entry in each
// Pocket it touches (and at most one fee), in the state its status says;
// a returned ACH has its settled entry and a settled return entry that
// brings the amount back.
func (m *ledgerModel) checkTransfers(when string) {
	t, ctx, c := m.t, m.ctx, m.c
	byRef := map[string][]jikotest.LedgerEntry{}
	for _, e := range m.srv.LedgerEntries("") {
		byRef[e.RefID] = append(byRef[e.RefID], e)
	}
	for _, mv := range m.transfers {
		var status string
		switch mv.kind {
		case "ach":
			got, err := c.ACH.Get(ctx, mv.pocket, mv.id)
			require.NoError(t, err)
			status = map[jiko.ACHStatus]string{jiko.ACHStatusPending: "p", jiko.ACHStatusProcessed: "s", jiko.ACHStatusRejected: "r"}[got.Status]
		case "wire":
			got, err := c.Wires.Get(ctx, mv.id)
			require.NoError(t, err)
			status = map[jiko.WireStatus]string{jiko.WireStatusProcessing: "p", jiko.WireStatusCompleted: "s", jiko.WireStatusRejected: "r"}[got.Status]
		case "onus":
			got, err := c.OnUs.Get(ctx, mv.id)
			require.NoError(t, err)
			status = map[jiko.OnUsTransferStatus]string{jiko.OnUsStatusPending: "p", jiko.OnUsStatusCompleted: "s", jiko.OnUsStatusRejected: "r"}[got.Status]
		}
		want := map[string]jikotest.EntryStatus{"p": jikotest.EntryPending, "s": jikotest.EntrySettled, "r": jikotest.EntryRejected}[status]
		returned := mv.kind == "ach" && status == "r"
		if returned {
			want = jikotest.EntrySettled
		}
		require.NotEmpty(t, want, "%s: %s %s has a known status", when, mv.kind, mv.id)
		assert.Equal(t, mv.pending, status == "p", "%s: %s %s pending as the test left it", when, mv.kind, mv.id)

		moves, fees, net := map[string]int{}, map[string]int{}, int64(0)
		for _, e := range byRef[mv.id] {
			if e.Kind == jikotest.KindFee {
				fees[e.PocketID]++
			} else {
				moves[e.PocketID]++
				net += e.Amount
			}
			assert.Equal(t, want, e.Status, "%s: entry of %s %s", when, mv.kind, mv.id)
		}
		if returned {
			assert.Zero(t, net, "%s: ach %s is returned in full", when, mv.id)
		}
		for _, p := range mv.touches {
			assert.Equal(t, map[bool]int{false: 1, true: 2}[returned], moves[p], "%s: %s %s has its entries in %s", when, mv.kind, mv.id, p)
			assert.LessOrEqual(t, fees[p], 1, "%s: %s %s has at most one fee in %s", when, mv.kind, mv.id, p)
		}
		assert.Len(t, moves, len(mv.touches), "%s: %s %s touches no other Pocket", when, mv.kind, mv.id)
	}
}

var statementValue = regexp.MustCompile(`\((Opening|Closing) value: ([^)]*)\)`)

// checkStatements moves the clock past the month and checks that each
// Pocket's brokerage statements chain (a month opens at the last one's
// close) and that the last one closes at the Pocket's total value.
func (m *ledgerModel) checkStatements() {
	t, ctx, c := m.t, m.ctx, m.c
	now := m.clock.Now().UTC()
	m.clock.Set(time.Date(now.Year(), now.Month()+1, 2, 0, 0, 0, 0, time.UTC))
	for _, id := range m.pockets {
		p, err := c.Pockets.Get(ctx, id, nil)
		require.NoError(t, err)
		stmts, err := c.Statements.ListForCustomer(ctx, m.customerID, &jiko.StatementListParams{
			Types: []jiko.StatementType{jiko.StatementTypeBrokerage}, Order: jiko.SortAsc, Limit: 150, Accounts: []string{id},
		}).Collect()
		require.NoError(t, err)
		require.NotEmpty(t, stmts)
		last := ""
		for _, st := range stmts {
			var pdf bytes.Buffer
			_, err := c.Statements.Download(ctx, st.PDFDownloadURL, &pdf)
			require.NoError(t, err)
			values := statementValue.FindAllStringSubmatch(pdf.String(), -1)
			require.Len(t, values, 2, "statement %s", st.Key)
			if last != "" {
				assert.Equal(t, last, values[0][2], "%s opens at the previous close", st.Key)
			}
			last = values[1][2]
		}
		assert.Equal(t, p.Portfolio.TotalValue.Formatted, last, "the last statement closes at the total value")
	}
}

// A month in which only a settlement happened (an ACH out booked in
// January, settled in February) has its statements: the value changed in
// it, and the next month opens where it closes.
func TestStatementsCoverTheMonthAMovementSettles(t *testing.T) {
	clock := jikotest.NewClock(time.Date(2025, 1, 27, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock), jikotest.WithTokenLifetime(1000*time.Hour))
	c := srv.Client(t)
	ctx := context.Background()
	p := srv.AddPocket(customerID, jikotest.PocketSeed{Balance: 500_000})
	ach := addCounterparty(t, srv, customerID, jiko.CounterpartyTypeACH, true)
	out, err := c.ACH.Create(ctx, p.ID, &jiko.ACHCreateRequest{CounterpartyID: ach, Direction: jiko.ACHCredit, AmountUSDC: 100_000})
	require.NoError(t, err)
	clock.Set(time.Date(2025, 2, 10, 15, 0, 0, 0, time.UTC))
	require.NoError(t, srv.Settle(out.ID))
	clock.Set(time.Date(2025, 3, 2, 15, 0, 0, 0, time.UTC))

	stmts, err := c.Statements.ListForCustomer(ctx, customerID, &jiko.StatementListParams{
		Types: []jiko.StatementType{jiko.StatementTypeBrokerage}, Order: jiko.SortAsc, Accounts: []string{p.ID},
	}).Collect()
	require.NoError(t, err)
	var keys []string
	for _, st := range stmts {
		keys = append(keys, st.Key)
	}
	require.Equal(t, []string{"2025-01-01", "2025-02-01"}, keys)
	var pdf bytes.Buffer
	_, err = c.Statements.Download(ctx, stmts[1].PDFDownloadURL, &pdf)
	require.NoError(t, err)
	values := statementValue.FindAllStringSubmatch(pdf.String(), -1)
	require.Len(t, values, 2)
	assert.Equal(t, "$5,000.00", values[0][2], "February opens with the ACH still held")
	assert.Equal(t, "$4,000.00", values[1][2], "and closes once it settled")
}
