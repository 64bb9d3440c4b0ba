package jiko

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

type flakyTokens struct{ n atomic.Int32 }

func (f *flakyTokens) Token() (*oauth2.Token, error) {
	if f.n.Add(1) == 1 {
		return &oauth2.Token{AccessToken: "tok-1"}, nil
	}
	return nil, errors.New("identity provider unreachable")
}

// A retry whose new login fails still reports that the first attempt may
// have moved the money, with the key to resend with.
func TestALoginFailingOnARetryKeepsTheUnknownOutcome(t *testing.T) {
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	var calls atomic.Int32
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", testBase+path, func(*http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return nil, errors.New("connection reset by peer")
		}
		return httpmock.NewStringResponse(401, `{"detail":"Unauthorized"}`), nil
	})
	c, err := NewClient(WithBaseURL(testBase), WithTokenSource(&flakyTokens{}), WithSigningSecret(testSecret),
		WithHTTPClient(&http.Client{Transport: mt}), WithRetryBackoff(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	key := IdempotencyKeyFor("ach:payout-1")
	_, err = c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 100}, WithIdempotencyKey(key))
	require.Error(t, err)
	assert.True(t, MayHaveSucceeded(err), "attempt 1 went out and got no answer")
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, key, jerr.IdempotencyKey)
}

// A 504 from a gateway means the API may have acted.
func TestAGatewayTimeoutOnAWriteMayHaveSucceeded(t *testing.T) {
	h := newHarness(t, WithMaxRetries(1), WithRetryBackoff(time.Millisecond, time.Millisecond))
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(504, `<html>Gateway Timeout</html>`))
	_, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 100})
	require.Error(t, err)
	assert.True(t, MayHaveSucceeded(err))
}

// A 2xx answer of null would decode into a transfer without an id.
func TestANullAnswerIsNotASuccess(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(200, "null"))
	tr, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 100})
	assert.Nil(t, tr)
	assert.Error(t, err)
	assert.True(t, MayHaveSucceeded(err))
}

// A 500 on a read says nothing about side effects.
func TestAServerErrorOnAReadIsPlain(t *testing.T) {
	h := newHarness(t, WithMaxRetries(0))
	h.on("GET", getPocketPath, status(500, `{"detail":"boom"}`))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	require.Error(t, err)
	assert.False(t, MayHaveSucceeded(err))
}
