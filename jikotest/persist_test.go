package jikotest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// busyServer is a server on a fixed clock whose data touches every
// resource: customers and Pockets, money moved every way (pending,
// settled, rejected), counterparties, a subscription with delivered events,
// cards, an application, a report, T-bills.
type busyServer struct {
	srv   *jikotest.Server
	clock *jikotest.Clock
	c     *jiko.Client
	rc    *receiver
	a, b  jiko.Pocket
	ach   string // a pending ACH origination
	order string // a card order
	key   jiko.CallOption
}

func newBusyServer(t *testing.T) *busyServer {
	t.Helper()
	clock := jikotest.NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock.Now), jikotest.WithCredentials("partner", "pw"),
		jikotest.WithSigningSecret("secret"))
	t.Cleanup(srv.StopDeliveries)
	b := &busyServer{srv: srv, clock: clock, c: srv.Client(t), rc: newReceiver(t)}
	ctx := context.Background()
	c := b.c
	_, err := c.Subscriptions.Create(ctx, newSubscription(b.rc.URL, jiko.EventACHOutSuccess, jiko.EventApplicationApproved))
	require.NoError(t, err)

	b.a = srv.AddPocket("c1", jikotest.PocketSeed{Name: "A", Balance: 500_000})
	b.b = srv.AddPocket("c1", jikotest.PocketSeed{Name: "B"})
	cp, err := srv.AddCounterparty("c1", jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeACH, Verified: true})
	require.NoError(t, err)
	wire, err := srv.AddCounterparty("c1", jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeWire})
	require.NoError(t, err)
	require.NoError(t, srv.VerifyCounterparty(wire))
	require.NoError(t, c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: b.a.ID, AmountUSDC: 25_000}))

	settled, err := c.ACH.Create(ctx, b.a.ID, &jiko.ACHCreateRequest{CounterpartyID: cp, Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	require.NoError(t, err)
	require.NoError(t, srv.Settle(settled.ID))
	w, err := c.Wires.Create(ctx, b.a.ID, &jiko.WireCreateRequest{CounterpartyID: wire, AmountUSDC: 3_000})
	require.NoError(t, err)
	require.NoError(t, srv.Reject(w.WireID, ""))
	_, err = c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{
		FromAccount: jiko.OnUsAccount{ID: b.a.ID}, ToAccount: jiko.OnUsAccount{ID: b.b.ID}, Amount: jiko.RequestedAmount(4_000),
	})
	require.NoError(t, err)

	b.order, _ = physicalCard(t, c, b.a.ID)
	_, err = c.Security.GetPublicKeys(ctx) // makes the set_pin key
	require.NoError(t, err)
	app, err := c.Individuals.CreateApplication(ctx, applicant(t, c))
	require.NoError(t, err)
	_, err = c.Individuals.Apply(ctx, app.ID)
	require.NoError(t, err)
	_, err = c.Reports.Create(ctx, &jiko.ReportCreateRequest{
		Type: jiko.ReportTypeTrade, PocketIDs: []string{b.a.ID},
		DateFrom: jiko.Date{Year: 2025, Month: 1, Day: 1}, DateTo: jiko.Date{Year: 2025, Month: 1, Day: 31},
		OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV},
	})
	require.NoError(t, err)
	clock.Set(time.Date(2025, 3, 10, 15, 0, 0, 0, time.UTC))
	srv.AdvanceTo(jiko.Date{Year: 2025, Month: 3, Day: 10})
	b.key = jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("pending-ach"))
	pending, err := c.ACH.Create(ctx, b.a.ID, &jiko.ACHCreateRequest{CounterpartyID: cp, Direction: jiko.ACHCredit, AmountUSDC: 2_000}, b.key)
	require.NoError(t, err)
	b.ach = pending.ID
	waitDeliveries(t, srv)
	return b
}

// paths are the reads whose answers a restored server must repeat byte for
// byte.
func (b *busyServer) paths() []string {
	return []string{
		"/api/v2/customers/c1/pockets/",
		"/api/v2/pockets/" + b.a.ID + "/",
		"/api/v2/pockets/" + b.b.ID + "/",
		"/api/v2/pockets/" + b.a.ID + "/earnings/",
		"/api/v2/pockets/" + b.a.ID + "/portals/",
		"/api/v1/customers/c1/",
		"/api/v2/customers/c1/counterparties/",
		"/api/v1/customers/c1/ach-originating/",
		"/api/v1/wires/",
		"/api/v2/pockets/" + b.a.ID + "/transactions/",
		"/api/v2/customers/c1/trades/",
		"/api/v1/customers/c1/statements/",
		"/api/v1/subscriptions/",
		"/api/v1/events/",
		"/api/v1/public-keys/",
		"/api/v1/customers/c1/cards/",
		"/api/v1/customers/c1/card-orders/",
		"/api/v1/report-requests/",
	}
}

func get(t *testing.T, c *jiko.Client, path string) (int, string) {
	t.Helper()
	var resp jiko.Response
	var out json.RawMessage
	err := c.Do(context.Background(), http.MethodGet, path, nil, nil, &out, jiko.WithResponseInto(&resp))
	if err != nil {
		return resp.StatusCode, err.Error()
	}
	return resp.StatusCode, string(out)
}

// A server restored from a snapshot answers every read as the snapshotted
// one did, accepts its tokens, replays its idempotency keys, and goes on
// from the same data; its own snapshot is the same bytes.
func TestSnapshotRestoresEveryResource(t *testing.T) {
	b := newBusyServer(t)
	snap, err := b.srv.Snapshot()
	require.NoError(t, err)

	clock := jikotest.NewClock(b.clock.Now())
	other := jikotest.NewServer(jikotest.WithClock(clock.Now), jikotest.WithCredentials("partner", "pw"),
		jikotest.WithSigningSecret("secret"))
	t.Cleanup(other.Close)
	require.NoError(t, other.Restore(snap))
	again, err := other.Snapshot()
	require.NoError(t, err)
	assert.JSONEq(t, string(snap), string(again))
	assert.Equal(t, string(snap), string(again), "the same data has the same bytes")

	// The first client keeps its token: pointed at the other server, it
	// does not log in again.
	logins := other.Logins()
	moved, err := jiko.NewClient(append(b.srv.ClientOptions(), jiko.WithBaseURL(other.URL))...)
	require.NoError(t, err)
	for _, path := range b.paths() {
		wantStatus, want := get(t, b.c, path)
		require.Equal(t, http.StatusOK, wantStatus, "%s: %s", path, want)
		status, got := get(t, moved, path)
		assert.Equal(t, wantStatus, status, path)
		assert.Equal(t, want, strings.ReplaceAll(got, other.URL, b.srv.URL), path, "the same but for links to the server")
	}
	assert.Equal(t, logins+1, other.Logins(), "a new client logs in once")
	assert.Equal(t, b.srv.Pockets(), other.Pockets())
	assert.Equal(t, b.srv.LedgerEntries(""), other.LedgerEntries(""))
	assert.Equal(t, b.srv.Subscriptions(), other.Subscriptions())
	assert.Equal(t, len(b.srv.Events()), len(other.Events()))

	// The pending ACH, resent with its key, is the stored answer; settled,
	// it moves the restored ledger.
	c := other.Client(t)
	before, _ := other.Pocket(b.a.ID)
	var resp jiko.Response
	_, err = c.ACH.Create(context.Background(), b.a.ID, &jiko.ACHCreateRequest{CounterpartyID: mustACH(t, other), Direction: jiko.ACHCredit, AmountUSDC: 2_000}, b.key, jiko.WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, "true", resp.Header.Get("X-Jikotest-Replayed"))
	require.NoError(t, other.Settle(b.ach))
	after, _ := other.Pocket(b.a.ID)
	assert.Equal(t, before.Portfolio.TotalValue.Value-2_000, after.Portfolio.TotalValue.Value)
	st, err := other.AdvanceCardOrder(b.order)
	require.NoError(t, err)
	assert.Equal(t, jiko.CardOrderStatus("ORDERED"), st)
	assert.Equal(t, 1, other.CompleteReports())
}

func mustACH(t *testing.T, srv *jikotest.Server) string {
	t.Helper()
	for _, e := range srv.LedgerEntries("") {
		if e.Kind == jikotest.KindACH {
			return e.Counterparty
		}
	}
	t.Fatal("no ACH entry")
	return ""
}

// Restore refuses what is not a snapshot, or one of another layout, and
// leaves the data as it was.
func TestRestoreRefusesABadSnapshot(t *testing.T) {
	srv := jikotest.NewServer()
	t.Cleanup(srv.Close)
	p := srv.AddPocket("c1", jikotest.PocketSeed{Balance: 100})
	for bad, want := range map[string]string{
		`not json`: "invalid character",
		`{"format":"jikotest-state/0","data":{}}`:                               `format "jikotest-state/0", want "jikotest-state/1"`,
		`{"format":"jikotest-state/1","data":{"State":0,"Nope":1},"refs":[{}]}`: "data: jikotest.persisted has no field Nope: the snapshot is of another version",
		`{"format":"jikotest-state/1","data":{"State":3},"refs":[]}`:            "data.State: bad reference 3",
		`{"format":"jikotest-state/1","data":{"Logins":"many"},"refs":[]}`:      "data.Logins: want int, got string",
	} {
		err := srv.Restore([]byte(bad))
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), want)
	}
	got, ok := srv.Pocket(p.ID)
	require.True(t, ok)
	assert.Equal(t, p, got)
}

// BenchmarkSnapshotAndRestore saves and restores a server whose ledger
// holds 10,000 entries.
func BenchmarkSnapshotAndRestore(b *testing.B) {
	srv := jikotest.NewServer()
	b.Cleanup(srv.Close)
	p := srv.AddPocket("c1", jikotest.PocketSeed{})
	for i := range 10_000 {
		require.NoError(b, srv.SetBalance(p.ID, int64(i+1)))
	}
	other := jikotest.NewServer()
	b.Cleanup(other.Close)
	var size int
	for b.Loop() {
		snap, err := srv.Snapshot()
		require.NoError(b, err)
		require.NoError(b, other.Restore(snap))
		size = len(snap)
	}
	b.ReportMetric(float64(size), "bytes/snapshot")
}
