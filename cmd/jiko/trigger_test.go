package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// triggerStart is the fake's clock in the trigger tests, far from the
// time of day, so that an event stamped with the client's clock shows.
var triggerStart = time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)

// newClockedServer is a fake on a fixed clock with its controls enabled,
// as jiko serve's.
func newClockedServer(t *testing.T) *jikotest.Server {
	clock := jikotest.NewClock(triggerStart)
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	t.Cleanup(srv.Close)
	require.NoError(t, srv.EnableControls(jikotest.Controls{Clock: clock}))
	return srv
}

// trigger runs "jiko trigger typ" and returns the recorded event it names.
func trigger(t *testing.T, srv *jikotest.Server, args ...string) (jikotest.RecordedEvent, string) {
	t.Helper()
	out, errOut, code := runJiko(t, "", serverEnv(srv), append([]string{"trigger"}, args...)...)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	id, ok := strings.CutPrefix(lines[len(lines)-1], "triggered "+args[0]+" ")
	require.True(t, ok, out)
	for _, ev := range srv.Events() {
		if ev.ID == id {
			return ev, out
		}
	}
	t.Fatalf("no event %s recorded", id)
	return jikotest.RecordedEvent{}, ""
}

// "jiko trigger transfers.ach.out.success" creates an ACH transfer and
// settles it: the event names the real transfer, which is PROCESSED, the
// ledger has its settled entry, and the event's time is the fake's clock.
func TestTriggerBuildsTheACHChain(t *testing.T) {
	t.Parallel()
	srv := newClockedServer(t)
	ev, out := trigger(t, srv, "transfers.ach.out.success")
	assert.Equal(t, "transfers.ach.out.success", ev.Type)
	assert.Equal(t, triggerStart, ev.Timestamp.UTC(), "the fake's clock")
	pocket, achID := ev.Payload["jiko_account_id"].(string), ev.Payload["ach_id"].(string)
	assert.Regexp(t, `^  customer \S+ with Pocket `+pocket+` \(\$1,000\.00\)
  counterparty \S+ \(ach, verified\)
  ACH transfer `+achID+` \(CREDIT, \$10\.00\)
  settled ACH transfer `+achID+`
triggered transfers.ach.out.success `+ev.ID+`
$`, out)

	ach, err := srv.Client(t).ACH.Get(context.Background(), pocket, achID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatus("PROCESSED"), ach.Status)
	var booked []jikotest.LedgerEntry
	for _, e := range srv.LedgerEntries(pocket) {
		if e.RefID == achID {
			booked = append(booked, e)
		}
	}
	require.Len(t, booked, 1)
	assert.Equal(t, int64(-1000), booked[0].Amount)
	assert.Equal(t, jikotest.EntrySettled, booked[0].Status)
}

// Each lifecycle the fake records is built the same way: the event names
// an object that exists in the state the event reports.
func TestTriggerBuildsEachLifecycle(t *testing.T) {
	t.Parallel()
	srv := newClockedServer(t)
	c := srv.Client(t)
	ctx := context.Background()

	ev, _ := trigger(t, srv, "transfers.ach.in.rejected")
	ach, err := c.ACH.Get(ctx, ev.Payload["jiko_account_id"].(string), ev.Payload["ach_id"].(string))
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatus("REJECTED"), ach.Status)
	assert.Equal(t, jiko.ACHDebit, ach.Direction)

	ev, _ = trigger(t, srv, "transfers.wire.out.success")
	wire, err := c.Wires.Get(ctx, ev.Payload["wire_id"].(string))
	require.NoError(t, err)
	assert.Equal(t, ev.Payload["jiko_account_id"], wire.PocketID)

	ev, _ = trigger(t, srv, "transfers.on-us.rejected")
	onUs, err := c.OnUs.Get(ctx, ev.Payload["on_us_id"].(string))
	require.NoError(t, err)
	assert.Equal(t, jiko.OnUsTransferStatus("REJECTED"), onUs.Status)

	ev, _ = trigger(t, srv, "application.documents_needed")
	st, ok := srv.ApplicationStatus(ev.Payload["application_id"].(string))
	require.True(t, ok)
	assert.Equal(t, jiko.ApplicationDocumentsNeeded, st)

	ev, _ = trigger(t, srv, "card.status.locked")
	card, ok := srv.Card(ev.Payload["card_id"].(string))
	require.True(t, ok)
	assert.Equal(t, jiko.CardStatusLocked, card.Status)

	ev, _ = trigger(t, srv, "card.transaction.rejected")
	assert.EqualValues(t, 100_000_00, ev.Payload["amount"], "more than the Pocket holds")
	_, ok = srv.Card(ev.Payload["card_id"].(string))
	assert.True(t, ok)

	for _, ev := range srv.Events() {
		assert.Equal(t, triggerStart, ev.Timestamp.UTC(), "%s on the fake's clock", ev.Type)
	}
}

// The raw form sends the payload as given, stamped with the fake's clock.
func TestTriggerRawPayloadTakesTheFakesClock(t *testing.T) {
	t.Parallel()
	srv := newClockedServer(t)
	ev, out := trigger(t, srv, "application.approved", "--payload", `{"application_id": "3f8e2a61-7c4b-4d1e-9a2f-5b6c7d8e9f01"}`)
	assert.Equal(t, "triggered application.approved "+ev.ID+"\n", out)
	assert.Equal(t, triggerStart, ev.Timestamp.UTC())
	assert.Equal(t, "3f8e2a61-7c4b-4d1e-9a2f-5b6c7d8e9f01", ev.Payload["application_id"])
}
