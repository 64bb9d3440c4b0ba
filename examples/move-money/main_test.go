package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestMoveMoneyRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), envOf(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Funded the Pocket with $2,500.00 from Acme Payroll.
Paid $300.00 by ACH (WEB, "Release TX"): PENDING.
  ... settled: PROCESSED.
Moved $500.00 to the second Pocket on-us: COMPLETED.
Sent a wire of $700.00 to External Accountholder: PROCESSING.
  ... settled: COMPLETED.
Balances:
  Everyday   total $1,000.00  available $1,000.00
  Savings    total $500.00    available $500.00
`, out.String())
}

func TestMoveMoneyNamesTheMissingVariable(t *testing.T) {
	full := map[string]string{
		"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p", "JIKO_SIGNING_SECRET": "s",
		"JIKO_POCKET_ID": "p1", "JIKO_SECOND_POCKET_ID": "p2", "JIKO_ACH_COUNTERPARTY_ID": "c1", "JIKO_WIRE_COUNTERPARTY_ID": "c2",
	}
	cases := map[string]func(m map[string]string){
		"JIKO_WIRE_COUNTERPARTY_ID is not set":           func(m map[string]string) { delete(m, "JIKO_WIRE_COUNTERPARTY_ID") },
		"JIKO_SECOND_POCKET_ID is not set":               func(m map[string]string) { delete(m, "JIKO_SECOND_POCKET_ID") },
		"JIKO_PARTNER is not set (or set JIKO_BASE_URL)": func(m map[string]string) { delete(m, "JIKO_PARTNER") },
		"set JIKO_PARTNER or JIKO_BASE_URL, not both":    func(m map[string]string) { m["JIKO_BASE_URL"] = "https://x.example.com" },
	}
	for want, mutate := range cases {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		mutate(m)
		var out bytes.Buffer
		assert.EqualError(t, run(context.Background(), envOf(m), &out), want)
		assert.Empty(t, out.String())
	}
}
