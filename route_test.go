package jiko

import (
	"context"
	"net/http"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loginPath is the path the token source logs in at.
var loginPath = ops.Login.Path

func TestARouteTakesItsOperationsMethodAndPathFromTheTable(t *testing.T) {
	r, err := newRequest(at(ops.PocketsGetForCustomer, "c 1", "p1"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "GET", r.method)
	assert.Equal(t, "/api/v2/customers/c%201/pockets/p1/", r.path)
	assert.Equal(t, ops.PocketsGetForCustomer.Path, r.pattern)
	assert.Equal(t, ops.Signed, r.auth())

	r, err = newRequest(at(ops.SandboxFund), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, ops.Unsigned, r.auth())
	r, err = newRequest(at(ops.HealthCheck), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, ops.Public, r.auth())

	_, err = newRequest(at(ops.PocketsGetForCustomer, "c1"), nil, nil)
	assert.ErrorContains(t, err, "pocket_id")
	assert.Equal(t, ops.Signed, (&request{}).auth(), "Client.Do signs")
}

// The values an error must not keep are found in the body by the JSON
// names the operation's entry lists; its error text is hidden only when the
// body sends one of them.
func TestSecretsAreFoundByTheEntrysMemberNames(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    any
		names   []string
		values  []string
		present bool
	}{
		{"login", &loginRequest{Username: "u", Password: "pw"}, ops.Login.Secrets, []string{"pw"}, true},
		{"create", &SubscriptionCreateRequest{SharedSecret: "s3cret-s3cret-s3cret"}, ops.SubscriptionsCreate.Secrets, []string{"s3cret-s3cret-s3cret"}, true},
		{"update with secret", &SubscriptionUpdateRequest{SharedSecret: Set("s3cret-s3cret-s3cret")}, ops.SubscriptionsUpdate.Secrets, []string{"s3cret-s3cret-s3cret"}, true},
		{"update without", &SubscriptionUpdateRequest{Description: Set("d")}, ops.SubscriptionsUpdate.Secrets, nil, false},
		{"pin, not sent", &cardPINBody{EncryptedPIN: "enc", PIN: "1234"}, ops.CardsSetPIN.Secrets, []string{"1234"}, true},
		{"plaid", &PlaidCounterpartiesCreateRequest{PublicToken: "public-tok"}, ops.CounterpartiesV1CreatePlaid.Secrets, []string{"public-tok"}, true},
		{"none declared", &loginRequest{Password: "pw"}, nil, nil, false},
		{"nil body", (*loginRequest)(nil), ops.Login.Secrets, nil, false},
	} {
		values, present := secretsOf(tc.body, tc.names)
		assert.Equal(t, tc.values, values, tc.name)
		assert.Equal(t, tc.present, present, tc.name)
	}
}

// A keyed id is filled from the key in a copy of the body, only when the
// caller left it empty.
func TestKeyedIDIsDerivedFromTheKeyInACopy(t *testing.T) {
	req := &WireCreateRequest{AmountUSDC: 5}
	got := withKeyedID(req, ops.WiresCreate.KeyedID, "key-1").(*WireCreateRequest)
	assert.Equal(t, keyedID("key-1"), got.WireID)
	assert.Empty(t, req.WireID, "the caller's request is left as it was")
	assert.NotEqual(t, keyedID("key-1"), keyedID("key-2"))

	req.WireID = "mine"
	got = withKeyedID(req, ops.WiresCreate.KeyedID, "key-1").(*WireCreateRequest)
	assert.Equal(t, "mine", got.WireID)
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
