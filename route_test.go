package jiko

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestARouteDeclaresItsOperationsProperties(t *testing.T) {
	r, err := newRequest("POST", at("/api/v1/sandbox/fund/").unsigned(), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, authUnsigned, r.auth)
	assert.False(t, r.hideErrorBody)

	r, err = newRequest("GET", at("/health").public(), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, authNone, r.auth)

	r, err = newRequest("POST", at("/api/v1/subscriptions/").hidingErrors(true), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, authSigned, r.auth, "signed unless declared otherwise")
	assert.True(t, r.hideErrorBody)
}

func TestOperationsSendTheCredentialsTheirRouteDeclares(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/fund/", status(http.StatusAccepted, ""))
	h.on("GET", "/api/v1/public-keys/", status(200, fixture(t, "public_keys.json")))
	h.on("GET", "/health", status(200, `"OK"`))
	ctx := context.Background()

	require.NoError(t, h.c.Sandbox.Fund(ctx, &SandboxFundRequest{AccountID: pocketID, AmountUSDC: 100}))
	fund := h.last()
	assert.Equal(t, "Bearer tok-1", fund.Header.Get("Authorization"))
	assert.NotEmpty(t, fund.Header.Get("X-Jiko-Idempotency"))
	assert.Empty(t, fund.Header.Values("X-Jiko-Signature"), "the sandbox takes no signature")

	_, err := h.c.Security.GetPublicKeys(ctx)
	require.NoError(t, err)
	_, err = h.c.Health.Check(ctx)
	require.NoError(t, err)
	for _, r := range h.requests()[len(h.requests())-2:] {
		assert.Empty(t, r.Header.Values("Authorization"), r.Path)
		assert.Empty(t, r.Header.Values("X-Jiko-Idempotency"), r.Path)
		assert.Empty(t, r.Header.Values("X-Jiko-Signature"), r.Path)
	}
}
