package jikooutbox_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikooutbox"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAfterTheWindowAnIntentIsReadNotResent: every intent's sends get no
// answer (half after jikotest acted, half before), then jikotest's clock
// passes the hour, in which it forgets the keys. No intent is sent again:
// each is read back, done when the read finds it, needing review when it
// does not, and a RequestIntent, which has no read, needs review.
func TestAfterTheWindowAnIntentIsReadNotResent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		w := newWorld(t, e)
		ctx := context.Background()
		var reviews []string
		d, err := w.ob.NewDispatcher(w.client, func(_ context.Context, _ *sql.Tx, r jikooutbox.Record) error {
			if r.State == jikooutbox.StateNeedsReview {
				reviews = append(reviews, r.ID)
			}
			return nil
		}, jikooutbox.WithConcurrency(1))
		require.NoError(t, err)
		wire := func(id string) *jikooutbox.WireIntent {
			return &jikooutbox.WireIntent{ID: id, PocketID: w.pocket, Request: jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 1500}}
		}
		onUs := func(id string) *jikooutbox.OnUsIntent {
			return &jikooutbox.OnUsIntent{ID: id, Request: &jiko.OnUsReallocationRequest{
				FromAccount: jiko.OnUsAccount{ID: w.pocket}, ToAccount: jiko.OnUsAccount{ID: w.other}, Amount: jiko.RequestedAmount(2500)}}
		}
		intents := []jikooutbox.Intent{ // in id order, the order they are sent in
			achIntent(w, "1-ach-acted", w.ach, 1000), achIntent(w, "2-ach-lost", w.ach, 1100),
			wire("3-wire-acted"), wire("4-wire-lost"), onUs("5-onus-acted"), onUs("6-onus-lost"),
			&jikooutbox.RequestIntent{ID: "7-request", Method: "POST", Path: "/api/v2/pockets/" + w.pocket + "/close/"},
		}
		tx, err := w.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		for _, in := range intents {
			_, err := w.ob.Enqueue(ctx, tx, in)
			require.NoError(t, err)
		}
		require.NoError(t, tx.Commit())
		require.NoError(t, w.client.Login(ctx)) // not a POST the faults take
		for i := range intents {
			drop := jikotest.DropBeforeHandling
			if i%2 == 0 {
				drop = jikotest.DropAfterHandling
			}
			w.srv.FailNext(1, jikotest.Fault{Method: "POST", Drop: drop})
			w.srv.FailNext(1, jikotest.Fault{Method: "POST", Drop: jikotest.DropBeforeHandling}) // the SDK's retry
		}
		n, err := d.RunOnce(ctx)
		require.NoError(t, err)
		require.Equal(t, len(intents), n)
		st, err := w.ob.Stats(ctx)
		require.NoError(t, err)
		assert.EqualValues(t, len(intents), st.Uncertain)

		w.clock.Advance(jikotest.IdempotencyWindow + time.Minute)
		before := len(w.posts())
		n, err = d.RunOnce(ctx)
		require.NoError(t, err)
		assert.Equal(t, len(intents), n)
		assert.Len(t, w.posts(), before, "nothing sent after the window")

		want := map[string]jikooutbox.State{
			"1-ach-acted": jikooutbox.StateDone, "2-ach-lost": jikooutbox.StateNeedsReview,
			"3-wire-acted": jikooutbox.StateDone, "4-wire-lost": jikooutbox.StateNeedsReview,
			"5-onus-acted": jikooutbox.StateDone, "6-onus-lost": jikooutbox.StateNeedsReview,
			"7-request": jikooutbox.StateNeedsReview,
		}
		got := map[string]jikooutbox.State{}
		for id := range want {
			r, err := w.ob.Get(ctx, id)
			require.NoError(t, err)
			got[id] = r.State
			if r.State == jikooutbox.StateDone {
				assert.Equal(t, jikooutbox.ViaRead, r.Via, id)
				assert.NotEmpty(t, r.ObjectID, id)
			} else {
				assert.Contains(t, r.LastError, "idempotency window", id)
			}
		}
		assert.Equal(t, want, got)
		refs := w.ledgerRefs()
		assert.Len(t, refs, 3, "the three acted on, once each")
		r, err := w.ob.Get(ctx, "3-wire-acted")
		require.NoError(t, err)
		assert.Equal(t, 1, refs[r.ObjectID], "the wire's id is its key: %s", r.Reference)
		assert.Equal(t, jikooutbox.KeyFor("3-wire-acted"), r.Reference)

		var listed []string
		for r, err := range w.ob.List(ctx, jikooutbox.StateNeedsReview) {
			require.NoError(t, err)
			listed = append(listed, r.ID)
		}
		assert.Equal(t, []string{"2-ach-lost", "4-wire-lost", "6-onus-lost", "7-request"}, listed)
		assert.ElementsMatch(t, listed, reviews, "the function was told")
		st, err = w.ob.Stats(ctx)
		require.NoError(t, err)
		assert.Equal(t, jikooutbox.Stats{NeedsReview: 4, Done: 3}, st)
	})
}

// TestAConflictIsReadBack: a 409 (here a wire_id already used, as jikotest
// answers it) is neither resent nor refused: the wire is read back.
func TestAConflictIsReadBack(t *testing.T) {
	w := newWorld(t, sqliteEngine)
	ctx := context.Background()
	id := jiko.IdempotencyKeyFor("an earlier wire")
	_, err := w.client.Wires.Create(ctx, w.pocket, &jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 900, WireID: id})
	require.NoError(t, err)
	tx, err := w.db.BeginTx(ctx, nil)
	require.NoError(t, err)
	_, err = w.ob.Enqueue(ctx, tx, &jikooutbox.WireIntent{ID: "again", PocketID: w.pocket,
		Request: jiko.WireCreateRequest{CounterpartyID: w.wire, AmountUSDC: 900, WireID: id}})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	d, err := w.ob.NewDispatcher(w.client, nil)
	require.NoError(t, err)
	_, err = d.RunOnce(ctx)
	require.NoError(t, err)
	r, err := w.ob.Get(ctx, "again")
	require.NoError(t, err)
	assert.Equal(t, jikooutbox.StateDone, r.State)
	assert.Equal(t, jikooutbox.ViaRead, r.Via)
	assert.Equal(t, id, r.ObjectID)
	assert.Equal(t, map[string]int{id: 1}, w.ledgerRefs())
}

// TestListAndPrune: Prune deletes done and refused intents older than the
// retention, never a pending or needs-review one.
func TestListAndPrune(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		w := newWorld(t, e)
		ctx := context.Background()
		tx, err := w.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		for _, in := range []jikooutbox.Intent{achIntent(w, "done", w.ach, 10), achIntent(w, "refused", w.unverified, 10),
			&jikooutbox.RequestIntent{ID: "review", Method: "POST", Path: "/api/v2/nothing/"}} {
			_, err := w.ob.Enqueue(ctx, tx, in)
			require.NoError(t, err)
		}
		require.NoError(t, tx.Commit())
		w.srv.FailNext(2, jikotest.Fault{Path: "/api/v2/nothing/", Status: 500})
		d, err := w.ob.NewDispatcher(w.client, nil)
		require.NoError(t, err)
		_, err = d.RunOnce(ctx)
		require.NoError(t, err)
		w.clock.Advance(2 * time.Hour)
		_, err = d.RunOnce(ctx)
		require.NoError(t, err)
		tx, err = w.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = w.ob.Enqueue(ctx, tx, achIntent(w, "pending", w.ach, 10))
		require.NoError(t, err)
		require.NoError(t, tx.Commit())

		_, err = w.ob.Prune(ctx, 0)
		assert.ErrorContains(t, err, "olderThan")
		n, err := w.ob.Prune(ctx, 3*time.Hour)
		require.NoError(t, err)
		assert.Zero(t, n)
		n, err = w.ob.Prune(ctx, time.Hour)
		require.NoError(t, err)
		assert.EqualValues(t, 2, n)
		left := map[string]jikooutbox.State{}
		for _, s := range []jikooutbox.State{jikooutbox.StatePending, jikooutbox.StateNeedsReview, jikooutbox.StateDone, jikooutbox.StateRefused} {
			for r, err := range w.ob.List(ctx, s) {
				require.NoError(t, err)
				left[r.ID] = r.State
			}
		}
		assert.Equal(t, map[string]jikooutbox.State{"pending": jikooutbox.StatePending, "review": jikooutbox.StateNeedsReview}, left)
	})
}

// TestAResendAfterTheWindowActsAgain is the premise of the read-back:
// jikotest, like the API, forgets a key an hour (on its clock) after its
// first use, so a resend with the same key then makes a second transfer.
func TestAResendAfterTheWindowActsAgain(t *testing.T) {
	w := newWorld(t, sqliteEngine)
	ctx := context.Background()
	in := achIntent(w, "premise", w.ach, 4200)
	key := jiko.WithIdempotencyKey(jikooutbox.KeyFor(in.ID))
	first, err := w.client.ACH.Create(ctx, w.pocket, &in.Request, key)
	require.NoError(t, err)
	w.clock.Advance(jikotest.IdempotencyWindow - time.Second)
	again, err := w.client.ACH.Create(ctx, w.pocket, &in.Request, key)
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID, "within the window: the first transfer")
	w.clock.Advance(2 * time.Second)
	late, err := w.client.ACH.Create(ctx, w.pocket, &in.Request, key)
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, late.ID, "after it: a second transfer")
	assert.Equal(t, map[string]int{first.ID: 1, late.ID: 1}, w.ledgerRefs())
}
