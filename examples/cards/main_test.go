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

func TestCardsRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), envOf(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Pocket "Everyday" holds $500.00.
Ordered a physical card for "Ada Lovelace": INITIAL.
The sandbox made the card: order CARD_CREATED, card NOT_ACTIVATED.
Set its PIN (****), encrypted with Jiko's set_pin key.
Activated it: OPEN.
Created a virtual card: CardDetails{PAN: **** 0010, CVV: ***, Expiration: **/**}.
Paid $12.34 with it in the sandbox.
Pocket "Everyday" now holds $487.66.
The Pocket's cards:
  PHYSICAL OPEN   Jiko Physical Debit Card
  VIRTUAL  OPEN   Jiko Virtual Debit Card
`, out.String())
	assert.NotContains(t, out.String(), "4821")
}

func TestCardsNamesTheMissingVariable(t *testing.T) {
	full := map[string]string{
		"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p",
		"JIKO_SIGNING_SECRET": "s", "JIKO_POCKET_ID": "p1",
	}
	for _, missing := range []string{"JIKO_USERNAME", "JIKO_PASSWORD", "JIKO_SIGNING_SECRET", "JIKO_POCKET_ID"} {
		m := map[string]string{}
		for k, v := range full {
			if k != missing {
				m[k] = v
			}
		}
		var out bytes.Buffer
		assert.EqualError(t, run(context.Background(), envOf(m), &out), missing+" is not set")
		assert.Empty(t, out.String())
	}
	m := map[string]string{"JIKO_BASE_URL": "https://x.example.com"}
	for k, v := range full {
		m[k] = v
	}
	assert.EqualError(t, run(context.Background(), envOf(m), &bytes.Buffer{}), "set JIKO_PARTNER or JIKO_BASE_URL, not both")
}
