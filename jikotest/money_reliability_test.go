package jikotest_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMoneyReliabilityUnderFaults sends 1,000 money-moving calls (ACH
// originations, on-us transfers and wires, a third each) from 32
// goroutines while about 30% of attempts fail with 502/503/504, 429 with
// Retry-After: 0, a connection dropped before the server acted, or one
// dropped after it acted. Every call must complete, and the ledger must
// hold exactly one movement per call: its total is the sum of the amounts
// requested, with no transfer lost or doubled. Each call moves a different
// number of cents, so a doubled call would show in the total.
func TestMoneyReliabilityUnderFaults(t *testing.T) {
	const calls, workers = 1000, 32
	srv := jikotest.NewServer()
	c := srv.Client(t, jiko.WithMaxRetries(15))
	ctx := context.Background()
	require.NoError(t, c.Login(ctx))
	ach := addCounterparty(t, srv, customerID, jiko.CounterpartyTypeACH, true)
	wire := addCounterparty(t, srv, customerID, jiko.CounterpartyTypeWire, true)
	type pair struct{ from, to string }
	pockets := make([]pair, workers)
	for i := range pockets {
		pockets[i] = pair{
			srv.AddPocket(customerID, jikotest.PocketSeed{Name: fmt.Sprintf("from-%d", i), Balance: 100_000_000}).ID,
			srv.AddPocket(customerID, jikotest.PocketSeed{Name: fmt.Sprintf("to-%d", i)}).ID,
		}
	}
	var faults []jikotest.Fault
	for _, path := range []string{"/api/v1/jiko-accounts/*", "/api/v1/transfers/*"} {
		faults = append(faults,
			jikotest.Fault{Path: path, Status: 502},
			jikotest.Fault{Path: path, Status: 503},
			jikotest.Fault{Path: path, Status: 504},
			jikotest.Fault{Path: path, Status: 429, RetryAfter: "0"},
			jikotest.Fault{Path: path, Drop: jikotest.DropBeforeHandling},
			jikotest.Fault{Path: path, Drop: jikotest.DropAfterHandling},
		)
	}
	srv.FailRandomly(0.30, 20261125, faults...)

	kinds := []jikotest.EntryKind{jikotest.KindACH, jikotest.KindOnUs, jikotest.KindWire}
	var requested [3]atomic.Int64
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := pockets[w]
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				cents := int64(100 + i)
				var err error
				switch i % 3 {
				case 0:
					_, err = c.ACH.Create(ctx, p.from, &jiko.ACHCreateRequest{CounterpartyID: ach, Direction: jiko.ACHCredit, AmountUSDC: cents})
				case 1:
					_, err = c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{
						FromAccount: jiko.OnUsAccount{ID: p.from}, ToAccount: jiko.OnUsAccount{ID: p.to},
						Amount: jiko.RequestedAmount(cents), AsyncMode: i%2 == 0,
					})
				case 2:
					_, err = c.Wires.Create(ctx, p.from, &jiko.WireCreateRequest{CounterpartyID: wire, AmountUSDC: cents})
				}
				if err != nil {
					errs <- fmt.Errorf("call %d: %w", i, err)
					continue
				}
				requested[i%3].Add(cents)
			}
		}()
	}
	wg.Wait()
	close(errs)
	elapsed := time.Since(start)
	for err := range errs {
		t.Error(err)
	}
	srv.ClearFaults()

	assert.Equal(t, calls, srv.SideEffects(), "exactly one side effect per call")
	var moved, want int64
	for k, kind := range kinds {
		refs := map[string]int{}
		var sum int64
		for _, e := range srv.LedgerEntries("") {
			if e.Kind == kind && e.Amount < 0 { // the debit side of each movement
				refs[e.RefID]++
				sum -= e.Amount
			}
		}
		for ref, n := range refs {
			assert.Equal(t, 1, n, "%s %s booked %d times", kind, ref, n)
		}
		n := calls / 3
		if k < calls%3 {
			n++
		}
		assert.Len(t, refs, n, "%s transfers", kind)
		assert.Equal(t, requested[k].Load(), sum, "%s amounts", kind)
		moved += sum
		want += requested[k].Load()
	}
	assert.Equal(t, want, moved, "the ledger moved exactly what was requested")

	st := statsOf(srv)
	t.Logf("money reliability: %d calls, %d attempts (%.2f per call), %d faults injected (%.1f%% of attempts), %d answered from the idempotency store, %s moved once, logins %d, %s",
		calls, st.attempts, float64(st.attempts)/calls, st.injected, 100*st.faultRate(), st.replays,
		jiko.USD(moved), srv.Logins(), elapsed.Round(time.Millisecond))
	t.Logf("faults by kind: %v", st.byFault)
	assert.InDelta(t, 0.30, st.faultRate(), 0.05)
}

// faultStats sums up what a server received, logins aside.
type faultStats struct {
	attempts, replays, injected int
	byFault                     map[string]int
}

func statsOf(srv *jikotest.Server) faultStats {
	st := faultStats{byFault: map[string]int{}}
	for _, r := range srv.Requests() {
		if r.Path == "/api/v1/login/" {
			continue
		}
		st.attempts++
		if r.Replayed {
			st.replays++
		}
		if r.Fault != "" {
			st.byFault[r.Fault]++
			st.injected++
		}
	}
	return st
}

// faultRate is the share of attempts that met an injected fault.
func (st faultStats) faultRate() float64 { return float64(st.injected) / float64(st.attempts) }
