package jiko

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSandboxFund(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/fund/", status(202, ""))
	err := h.c.Sandbox.Fund(context.Background(), &SandboxFundRequest{
		AccountID: pocketID, AmountUSDC: 125_000, CompanyName: "Acme Payroll", Count: 2,
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/api/v1/sandbox/fund/", r.Path)
	assert.Empty(t, r.Query)
	assert.Equal(t, `{"account_id":"`+pocketID+`","amount_usdc":125000,"company_name":"Acme Payroll","count":2}`, string(r.Body))
	assert.Empty(t, r.Header.Values("X-Jiko-Signature"), "the sandbox operations declare no signature")
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "))
}

func TestSandboxFundSendsOnlyWhatIsSet(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/fund/", status(202, ""))
	key := IdempotencyKeyFor("fund:1")
	require.NoError(t, h.c.Sandbox.Fund(context.Background(), &SandboxFundRequest{AccountID: pocketID, AmountUSDC: 4_999_999}, WithIdempotencyKey(key)))
	assert.Equal(t, `{"account_id":"`+pocketID+`","amount_usdc":4999999}`, string(h.last().Body))
	assert.Equal(t, key, h.last().Header.Get("X-Jiko-Idempotency"))
}

func TestSandboxFundRefusesBadInputWithoutSending(t *testing.T) {
	cases := map[string]SandboxFundRequest{
		"jiko: SandboxFundRequest.AccountID: is empty":                                     {AmountUSDC: 1},
		"jiko: SandboxFundRequest.AmountUSDC: must be a positive number of cents, got 0":   {AccountID: "p"},
		"jiko: SandboxFundRequest.AmountUSDC: 5000000 must be less than 5000000":           {AccountID: "p", AmountUSDC: 5_000_000},
		"jiko: SandboxFundRequest.CompanyName: is 17 characters; at most 16":               {AccountID: "p", AmountUSDC: 1, CompanyName: "Seventeen letters"},
		"jiko: SandboxFundRequest.Count: 10 is out of range 1..9 (0 for the default of 1)": {AccountID: "p", AmountUSDC: 1, Count: 10},
		"jiko: SandboxFundRequest.Count: -1 is out of range 1..9 (0 for the default of 1)": {AccountID: "p", AmountUSDC: 1, Count: -1},
	}
	h := newHarness(t)
	for want, req := range cases {
		err := h.c.Sandbox.Fund(context.Background(), &req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	assert.EqualError(t, h.c.Sandbox.Fund(context.Background(), nil), "jiko: SandboxFundRequest: is nil")
	assert.Empty(t, h.requests())
}
