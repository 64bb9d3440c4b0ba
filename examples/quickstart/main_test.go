package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Logged in.
The customer's Pockets:
  Everyday     OPEN   UST-4W  $1,250.00
Opened "Rainy day" investing in UST-26W T-bills: OPEN.
Renamed it to "Rainy day fund".
Read it back: "Rainy day fund", OPEN, worth $0.00.
Closed it: CLOSED.
`, out.String())
}

func TestQuickstartNamesTheMissingOrBadVariable(t *testing.T) {
	full := map[string]string{
		"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p",
		"JIKO_SIGNING_SECRET": "s", "JIKO_CUSTOMER_ID": "c",
	}
	cases := map[string]func(m map[string]string){
		"JIKO_PASSWORD is not set":                       func(m map[string]string) { delete(m, "JIKO_PASSWORD") },
		"JIKO_CUSTOMER_ID is not set":                    func(m map[string]string) { delete(m, "JIKO_CUSTOMER_ID") },
		"JIKO_PARTNER is not set (or set JIKO_BASE_URL)": func(m map[string]string) { delete(m, "JIKO_PARTNER") },
		"set JIKO_PARTNER or JIKO_BASE_URL, not both":    func(m map[string]string) { m["JIKO_BASE_URL"] = "https://x.example.com" },
		`JIKO_BASE_URL: jiko: NewClient: WithBaseURL: "http://jiko.example.com" must use https (plain http is allowed only for loopback hosts)`: func(m map[string]string) {
			delete(m, "JIKO_PARTNER")
			m["JIKO_BASE_URL"] = "http://jiko.example.com"
		},
		`JIKO_PARTNER: jiko: NewClient: WithPartner: name "acme corp" is not a DNS label (letters, digits and '-')`: func(m map[string]string) {
			m["JIKO_PARTNER"] = "acme corp"
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
