package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhooksRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Webhooks go to a receiver on a local port.
Subscribed /webhooks/jiko to application.approved and transfers.ach.in.success.
Triggered application.approved.
  received: application 48ac72d0-a829-4896-a067-dcb1c2b0f30c approved
Triggered transfers.ach.in.success.
  received: an incoming ACH transfer settled into Pocket 8a7ec6c0-2701-40a1-8954-68870964b50d
The receiver fails the next delivery once:
Triggered transfers.ach.in.success.
  received: an incoming ACH transfer settled into Pocket 8a7ec6c0-2701-40a1-8954-68870964b50d
  delivery attempts:
    1. 500 Internal Server Error
    2. 200 OK
`, out.String())
}

func TestWebhooksNamesTheMissingVariable(t *testing.T) {
	full := map[string]string{
		"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p",
		"JIKO_SIGNING_SECRET": "s", "JIKO_WEBHOOK_URL": "https://hooks.example.com/webhooks/jiko",
	}
	cases := map[string]func(m map[string]string){
		"JIKO_WEBHOOK_URL is not set":                    func(m map[string]string) { delete(m, "JIKO_WEBHOOK_URL") },
		"JIKO_PASSWORD is not set":                       func(m map[string]string) { delete(m, "JIKO_PASSWORD") },
		"JIKO_PARTNER is not set (or set JIKO_BASE_URL)": func(m map[string]string) { delete(m, "JIKO_PARTNER") },
		"set JIKO_PARTNER or JIKO_BASE_URL, not both":    func(m map[string]string) { m["JIKO_BASE_URL"] = "https://x.example.com" },
		"JIKO_WEBHOOK_ADDR: listen tcp: address nowhere: missing port in address": func(m map[string]string) {
			m["JIKO_WEBHOOK_ADDR"] = "nowhere"
		},
	}
	for want, mutate := range cases {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		mutate(m)
		var out bytes.Buffer
		err := run(context.Background(), exampleenv.Env(m), &out)
		assert.EqualError(t, err, want)
		assert.Empty(t, out.String())
	}
}
