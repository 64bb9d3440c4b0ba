package jikotest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The controls' requests answer shows no secret: not the login's password,
// the bearer token, a signature nor a subscription's shared secret, while
// Server.Requests keeps them as received for a Go test.
func TestControlsRequestsAreScrubbed(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	ctx := context.Background()
	_, err := ct.c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		URL: "http://127.0.0.1:9/hook", Events: []jiko.EventName{"transfers.ach.out.success"}, SharedSecret: "whsec-very-secret-1",
	})
	require.NoError(t, err)

	status, body := ct.call("GET", "requests", "")
	require.Equal(t, 200, status)
	var reqs []struct {
		Path   string              `json:"path"`
		Header map[string][]string `json:"header"`
		Body   *string             `json:"body"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &reqs))
	require.Len(t, reqs, 2, "the login and the create")
	for _, secret := range []string{ct.srv.Password(), "whsec-very-secret-1"} {
		assert.NotContains(t, body, secret)
	}
	var login map[string]string
	require.NoError(t, json.Unmarshal([]byte(*reqs[0].Body), &login))
	assert.Equal(t, map[string]string{"username": ct.srv.Username(), "password": "[REDACTED]"}, login)
	assert.Contains(t, *reqs[1].Body, `"shared_secret":"[REDACTED]"`)
	assert.Contains(t, *reqs[1].Body, `"url":"http://127.0.0.1:9/hook"`, "the rest of the body is shown")
	assert.Equal(t, []string{"Bearer [REDACTED]"}, reqs[1].Header["Authorization"])
	assert.Equal(t, []string{"[REDACTED]"}, reqs[1].Header["X-Jiko-Signature"])
	assert.Len(t, reqs[1].Header["X-Jiko-Idempotency"], 1, "the idempotency key is no secret")

	kept := ct.srv.Requests()
	assert.Contains(t, string(kept[1].Body), "whsec-very-secret-1", "Server.Requests keeps the request as received")
}
