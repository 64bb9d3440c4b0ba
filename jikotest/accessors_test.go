package jikotest_test

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The accessors hand out copies: changing what they return changes nothing
// in the server, nor in what they return next.
func TestAccessorsReturnCopies(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	_, err := c.Sandbox.TriggerWebhook(ctx, approval)
	require.NoError(t, err)

	events := srv.Events()
	require.Len(t, events, 1)
	id := events[0].Payload["application_id"]
	events[0].Payload["application_id"] = "changed"
	assert.Equal(t, id, srv.Events()[0].Payload["application_id"])
	listed, err := c.Events.List(ctx, nil).Collect()
	require.NoError(t, err)
	assert.Equal(t, id, listed[0].Event.Payload.Variant.(*jiko.ApplicationUpdatePayload).ApplicationID)

	reqs := srv.Requests()
	last := 1 // after the login: the trigger, which has a body
	key := reqs[last].Header.Get("X-Jiko-Idempotency")
	body := string(reqs[last].Body)
	reqs[last].Header.Set("X-Jiko-Idempotency", "changed")
	reqs[last].Body[0] = 'X'
	again := srv.Requests()
	assert.Equal(t, key, again[last].Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, body, string(again[last].Body))
}
