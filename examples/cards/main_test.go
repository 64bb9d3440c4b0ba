package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testKeyFile is the committed 4096-bit test key pair: generating one
// takes the test a second or more.
const testKeyFile = "../../testdata/keys/virtual-card-test-key-4096.pem"

func TestCardsRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(map[string]string{"JIKO_CARD_KEY_FILE": testKeyFile}), &out))
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

func TestCardsNamesABadKeyFile(t *testing.T) {
	for name, want := range map[string]string{
		"no-such-file.pem":                      "JIKO_CARD_KEY_FILE: open no-such-file.pem: no such file or directory",
		"../../testdata/keys/README.md":         "JIKO_CARD_KEY_FILE: jiko: ParseVirtualCardKey: no PEM block found",
		"../../testdata/keys/test-key-1024.pem": "JIKO_CARD_KEY_FILE: jiko: ParseVirtualCardKey: RSA key is 1024 bits; at least 2048 are required",
	} {
		err := run(context.Background(), exampleenv.Env(map[string]string{"JIKO_CARD_KEY_FILE": name}), &bytes.Buffer{})
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), want, name)
	}
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
		assert.EqualError(t, run(context.Background(), exampleenv.Env(m), &out), missing+" is not set")
		assert.Empty(t, out.String())
	}
	m := map[string]string{"JIKO_BASE_URL": "https://x.example.com"}
	for k, v := range full {
		m[k] = v
	}
	assert.EqualError(t, run(context.Background(), exampleenv.Env(m), &bytes.Buffer{}), "set JIKO_PARTNER or JIKO_BASE_URL, not both")
}
