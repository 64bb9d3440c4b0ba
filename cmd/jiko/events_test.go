package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newControlledServer is a fake with its controls enabled, as jiko serve's.
func newControlledServer(t *testing.T) *jikotest.Server {
	srv := newServer(t)
	require.NoError(t, srv.EnableControls(jikotest.Controls{}))
	return srv
}

func waitIdle(t *testing.T, srv *jikotest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForDeliveries(ctx))
}

// A delivery the receiver refused (400: not retried) is listed as not
// delivered, resent with "jiko events resend", and its attempts show both
// calls.
func TestEventsListResendAndAttempts(t *testing.T) {
	t.Parallel()
	srv := newControlledServer(t)
	envs := serverEnv(srv)
	var calls atomic.Int32
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer rc.Close()
	c := srv.Client(t)
	ctx := context.Background()
	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{URL: rc.URL, SharedSecret: "events-secret-0123456789",
		Events: []jiko.EventName{jiko.EventApplicationApproved}})
	require.NoError(t, err)
	sent, err := c.Sandbox.TriggerWebhook(ctx, &jiko.Event{Type: jiko.EventApplicationApproved,
		Payload: jiko.EventPayload{Variant: &jiko.ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}}})
	require.NoError(t, err)
	waitIdle(t, srv)

	out, errOut, code := runJiko(t, "", envs, "events", "list")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, sent.Timestamp.UTC().Format(time.RFC3339)+"  application.approved  "+sent.ID+"  not delivered (1 attempt)\n", out)

	out, errOut, code = runJiko(t, "", envs, "events", "resend", sent.ID)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "resent "+sent.ID+" to "+sub.ID+"\n", out)
	waitIdle(t, srv)

	out, errOut, code = runJiko(t, "", envs, "events", "attempts", sent.ID)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 4, out)
	assert.Equal(t, "application.approved "+sent.ID+" delivered (2 attempts)", lines[0])
	assert.Regexp(t, `^CALLED AT\s+SUBSCRIPTION\s+STATUS\s+SUCCESS\s+MESSAGE$`, lines[1])
	assert.Regexp(t, `^\S+Z\s+`+sub.ID+`\s+400\s+false\s+Bad Request$`, lines[2])
	assert.Regexp(t, `^\S+Z\s+`+sub.ID+`\s+200\s+true\s+OK$`, lines[3])

	out, _, code = runJiko(t, "", envs, "events", "attempts", sent.ID, "--json")
	require.Equal(t, 0, code)
	want, err := srv.DeliveryAttempts(sent.ID)
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), out)

	_, errOut, code = runJiko(t, "", envs, "events", "attempts", "0d7c1a52-4a7e-4b8e-9d36-6f1e2b3c4d5e")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "jiko events attempts: no event 0d7c1a52-4a7e-4b8e-9d36-6f1e2b3c4d5e in the events list\n", errOut)
	_, errOut, code = runJiko(t, "", envs, "events", "resend", "nope")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "jiko events resend: control POST /_jikotest/events/nope/resend: 404: jikotest: no event \"nope\"\n", errOut)
	_, errOut, code = runJiko(t, "", append(envs, "JIKO_BASE_URL=", "JIKO_PARTNER=acme"), "events", "resend", sent.ID)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jiko events resend: resend needs the test controls of jiko serve: set JIKO_BASE_URL to its base URL (run \"jiko events resend -h\")\n", errOut)
	_, errOut, code = runJiko(t, "", envs, "events")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jiko events: want a subcommand: list, attempts or resend (run \"jiko events -h\")\n", errOut)
}
