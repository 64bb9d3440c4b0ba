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

func TestOnboardingRunsOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), envOf(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
Agreements version 1.0.0: 6 documents to show the applicant.
Individual application for Ada Lovelace: CREATED.
Submitted: SUBMITTED.
Decision: APPROVED; a customer was created.
Customer Ada Lovelace (INDIVIDUAL): PENDING.
Opened Pocket "Savings" (UST-4W): OPEN.
Business application for Analytical Engines, Inc.: CREATED.
Added related party Ada Lovelace (CONTROL_PERSON, owns 0.6).
Added related party Charles Babbage (AUTHORIZED_REPRESENTATIVE, owns 0.4).
Requested document: ARTICLES_OF_INCORPORATION (PENDING_UPLOAD).
Uploaded articles_of_incorporation.pdf: APPROVED.
Submitted: SUBMITTED.
Decision: APPROVED; a customer was created.
Customer Analytical Engines, Inc. (BUSINESS): PENDING.
Opened Pocket "Operating cash" (UST-13W): OPEN.
`, out.String())
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
		assert.EqualError(t, run(context.Background(), envOf(m), &out), want)
		assert.Empty(t, out.String())
	}
}
