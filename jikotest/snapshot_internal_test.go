package jikotest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every kind of value a payload holds comes back from a restore with its
// Go type: an int64 stays an int64 (not a json.Number or a float64), a
// json.Number a json.Number, an empty list empty and a null list null.
func TestSnapshotKeepsPayloadValueTypes(t *testing.T) {
	payload := map[string]any{
		"card_id": "c1", "amount": int64(500), "count": 3, "ratio": 0.25, "raw": json.Number("12.50"),
		"ok": true, "none": nil, "nested": map[string]any{"list": []any{json.Number("1"), "x", int64(-2)}, "empty": map[string]any{}},
		"empty": []any{}, "null_list": []any(nil),
	}
	srv := NewServer()
	t.Cleanup(srv.Close)
	srv.mu.Lock()
	srv.state.events.record(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC), "card.transaction.approved", cloneJSON(payload).(map[string]any))
	srv.mu.Unlock()
	snap, err := srv.Snapshot()
	require.NoError(t, err)

	other := NewServer()
	t.Cleanup(other.Close)
	require.NoError(t, other.Restore(snap))
	events := other.Events()
	require.Len(t, events, 1)
	assert.Equal(t, payload, events[0].Payload)
	assert.IsType(t, int64(0), events[0].Payload["amount"])
	again, err := other.Snapshot()
	require.NoError(t, err)
	assert.Equal(t, string(snap), string(again))
}

// A payload value of a type a snapshot cannot hold is an error naming the
// event and the member, not a value changed on the way.
func TestSnapshotRefusesAPayloadValueItCannotHold(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.Close)
	srv.mu.Lock()
	e := srv.state.events.record(time.Time{}, "card.transaction.approved", map[string]any{"nested": map[string]any{"at": time.Time{}}})
	srv.mu.Unlock()
	_, err := srv.Snapshot()
	require.Error(t, err)
	assert.Equal(t, `jikotest: snapshot: event `+e.ID+` (card.transaction.approved) payload["nested"]["at"]: a time.Time, which a snapshot cannot hold`, err.Error())
}

// The set_pin key pair is shared by every server of the process: a
// restore adopts a saved key only while none is made, and a snapshot
// taken before the key was made (it holds none) never empties it.
func TestRestoreAdoptsTheSavedPINKeyOnlyWhileNoneIsMade(t *testing.T) {
	saved, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	own, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)

	unmade := &lazyKey{}
	adoptPINKey(unmade, saved)
	got, pub, err := unmade.get()
	require.NoError(t, err)
	assert.True(t, saved.Equal(got), "a saved key is adopted while none is made")
	assert.Contains(t, pub, "BEGIN PUBLIC KEY")

	made := &lazyKey{}
	made.once.Do(func() { made.key = own })
	adoptPINKey(made, saved)
	assert.True(t, own.Equal(made.key), "a made key is kept")
	adoptPINKey(made, nil)
	assert.True(t, own.Equal(made.key), "a snapshot without a key leaves it as it is")

	// Through Restore: a snapshot holding no key leaves the shared key as
	// it was, made or not.
	srv := NewServer()
	t.Cleanup(srv.Close)
	srv.mu.Lock()
	srv.state.cards.pinKey = &lazyKey{} // as in a process whose key is not made yet
	srv.mu.Unlock()
	snap, err := srv.Snapshot()
	require.NoError(t, err)
	assert.Contains(t, string(snap), `"pin_key":null`)
	before := sharedPINKey.key
	require.NoError(t, srv.Restore(snap))
	assert.Same(t, before, sharedPINKey.key)
}
