package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatementRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API on 10 February 2025.
Treasury (UST-4W T-bills): $25,092.14, of which $75.70 in cash.
  holds 251 x US T-Bill 912797ER4 maturing Thu Mar  6 2025, worth $25,016.44 (yield 0.0435)

Activity:
  Mon Jan  6 10:00  ACH credit from ACME PAYROLL     $25,000.00  SETTLED

Trades:
  Thu Feb  6 09:30  BUY       251 x 912797ER4 @ 99.667111    $25,016.44
  Thu Feb  6 09:30  MATURITY  250 x 912797DX2 @ 100.000000   $25,000.00
  Mon Jan  6 10:00  BUY       250 x 912797DX2 @ 99.631444    $24,907.86

Earned: $92.14 since the Pocket opened.
Statement 2025-01 (BROKERAGE): 906 bytes, %PDF-1.4
`, out.String())
}

func TestStatementNamesTheMissingOrBadVariable(t *testing.T) {
	full := map[string]string{
		"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p",
		"JIKO_SIGNING_SECRET": "s", "JIKO_CUSTOMER_ID": "c", "JIKO_POCKET_ID": "p1",
	}
	cases := map[string]func(m map[string]string){
		"JIKO_POCKET_ID is not set":                      func(m map[string]string) { delete(m, "JIKO_POCKET_ID") },
		"JIKO_PASSWORD is not set":                       func(m map[string]string) { delete(m, "JIKO_PASSWORD") },
		"JIKO_PARTNER is not set (or set JIKO_BASE_URL)": func(m map[string]string) { delete(m, "JIKO_PARTNER") },
		"set JIKO_PARTNER or JIKO_BASE_URL, not both":    func(m map[string]string) { m["JIKO_BASE_URL"] = "https://x.example.com" },
	}
	for want, change := range cases {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		change(m)
		err := run(context.Background(), exampleenv.Env(m), &bytes.Buffer{})
		assert.EqualError(t, err, want)
	}
}
