package jiko_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newResendWorld starts a fake API with one funded Pocket and a client
// that does not retry on its own, so that each call is one send.
func newResendWorld(t *testing.T) (*jikotest.Server, *jiko.Client, jiko.Pocket) {
	t.Helper()
	srv := jikotest.NewServer()
	t.Cleanup(srv.Close)
	p := srv.AddPocket("", jikotest.PocketSeed{Name: "Payouts", Balance: 100_000})
	c, err := jiko.NewClient(append(srv.ClientOptions(), jiko.WithMaxRetries(0))...)
	require.NoError(t, err)
	return srv, c, p
}

// A partner resends a transfer with its own key until it gets a definite
// answer. The first send acted and lost its answer; the second is answered
// 503. The flag must still say that the transfer may have happened, or the
// partner would drop the key and send the money twice; the third send
// learns the first outcome, and the money moved once.
func TestMayHaveSucceededHoldsAcrossResendsWithTheSameKey(t *testing.T) {
	srv, c, p := newResendWorld(t)
	ctx := context.Background()
	key := jiko.IdempotencyKeyFor("fund:payout-7")
	var err error
	fund := func() error {
		return c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p.ID, AmountUSDC: 2_500}, jiko.WithIdempotencyKey(key))
	}
	const path = "/api/v1/sandbox/fund/"

	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: path, Drop: jikotest.DropAfterHandling})
	err = fund()
	require.Error(t, err)
	assert.True(t, jiko.MayHaveSucceeded(err), "dropped: %v", err)
	assert.Equal(t, 1, srv.SideEffects(), "the first send acted")

	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusRequestTimeout, http.StatusInternalServerError} {
		srv.FailNext(1, jikotest.Fault{Method: "POST", Path: path, Status: status})
		err = fund()
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr)
		assert.Equal(t, status, jerr.StatusCode)
		assert.True(t, jerr.MayHaveSucceeded, "a %d to a resend says nothing of the first send", status)
		assert.Contains(t, err.Error(), "may have taken effect: resend with idempotency key "+key)
	}

	require.NoError(t, fund())
	assert.Equal(t, 1, srv.SideEffects(), "the money moved once")
	var funded int
	for _, e := range srv.LedgerEntries(p.ID) {
		if e.Kind == jikotest.KindSandboxFund {
			funded++
		}
	}
	assert.Equal(t, 1, funded, "one ledger entry")
}

// A definite refusal stays definite, and a key the caller did not supply
// names no earlier send: a 503 then means nothing was done.
func TestMayHaveSucceededIsFalseForDefiniteAnswersAndFreshKeys(t *testing.T) {
	srv, c, p := newResendWorld(t)
	ctx := context.Background()
	const path = "/api/v1/sandbox/fund/"

	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: path, Status: http.StatusServiceUnavailable})
	err := c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p.ID, AmountUSDC: 2_500})
	require.Error(t, err)
	assert.False(t, jiko.MayHaveSucceeded(err), "a new key: nothing was done")

	srv.FailNext(1, jikotest.Fault{Method: "POST", Path: path, Status: http.StatusConflict})
	err = c.Sandbox.Fund(ctx, &jiko.SandboxFundRequest{AccountID: p.ID, AmountUSDC: 2_500}, jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("fund:x")))
	require.Error(t, err)
	assert.False(t, jiko.MayHaveSucceeded(err), "a 409 is a definite answer")
	assert.Zero(t, srv.SideEffects())
}
