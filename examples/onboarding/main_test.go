package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnboardingRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Agreements version 1.0.0: 6 documents to show the applicant.
Individual application for Ada Lovelace: CREATED.
Submitted: SUBMITTED.
Decision: APPROVED; a customer was created.
Customer Ada Lovelace (INDIVIDUAL) exists; its account is PENDING until its first Pocket opens.
Opened Pocket "Savings" (UST-4W): OPEN.
The customer's account is now OPEN.
Business application for Analytical Engines, Inc.: CREATED.
Added related party Ada Lovelace (CONTROL_PERSON, owns 60%).
Added related party Charles Babbage (AUTHORIZED_REPRESENTATIVE, owns 40%).
Requested document: ARTICLES_OF_INCORPORATION (PENDING_UPLOAD).
Uploaded articles_of_incorporation.pdf: APPROVED.
Submitted: SUBMITTED.
Decision: APPROVED; a customer was created.
Customer Analytical Engines, Inc. (BUSINESS) exists; its account is PENDING until its first Pocket opens.
Opened Pocket "Operating cash" (UST-13W): OPEN.
The customer's account is now OPEN.
`, out.String())
}

func TestPercentShowsAFractionAsAPercentage(t *testing.T) {
	for in, want := range map[jiko.Decimal]string{"0.6": "60%", "1": "100%", "0.255": "25.5%", "0.12345": "12.35%", "0": "0%", "x": "x"} {
		assert.Equal(t, want, percent(in), in)
	}
}

func TestOnboardingNamesTheMissingVariable(t *testing.T) {
	full := map[string]string{"JIKO_PARTNER": "acme", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p", "JIKO_SIGNING_SECRET": "s"}
	cases := map[string]func(m map[string]string){
		"JIKO_PASSWORD is not set":                       func(m map[string]string) { delete(m, "JIKO_PASSWORD") },
		"JIKO_SIGNING_SECRET is not set":                 func(m map[string]string) { delete(m, "JIKO_SIGNING_SECRET") },
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
		assert.EqualError(t, run(context.Background(), exampleenv.Env(m), &out), want)
		assert.Empty(t, out.String())
	}
}
