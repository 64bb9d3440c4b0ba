package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// SandboxService reaches the operations that exist only in a sandbox, to
// simulate what the outside world would do: fund a Pocket, swipe a card,
// turn a card order into a card, send a webhook. A partner uses them to
// test its integration end to end before going live. They take a bearer
// token but no signature, and answer 202 with no body. Calling them on
// production fails. Reach it as c.Sandbox.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/sandbox
type SandboxService service

// SandboxFundRequest is the body of [SandboxService.Fund]: incoming ACH
// credits to simulate to a Pocket through its portal.
type SandboxFundRequest struct {
	// AccountID is the Pocket to credit; required. It needs a portal (one
	// is created with every Pocket).
	AccountID string `json:"account_id"`
	// AmountUSDC is the amount of each credit in cents of US dollars (USDC
	// is the API's name, not the stablecoin): more than 0 and less than
	// 5,000,000 ($50,000).
	AmountUSDC int64 `json:"amount_usdc"`
	// CompanyName is the originator the credits show, at most 16
	// characters; empty leaves the API's default, "FakeCompany".
	CompanyName string `json:"company_name,omitempty"`
	// Count is how many credits of AmountUSDC to simulate, 1 to 9; 0 leaves
	// the API's default of 1.
	Count int `json:"count,omitempty"`
}

// Limits of SandboxFundRequest, from the reference's FundPortalRequest.
const (
	// MaxSandboxFundCents bounds AmountUSDC: it must be less.
	MaxSandboxFundCents = 5_000_000
	// MaxSandboxFundCount is the largest Count.
	MaxSandboxFundCount = 9
	// MaxSandboxCompanyName is the longest CompanyName, in characters.
	MaxSandboxCompanyName = 16
)

func (r *SandboxFundRequest) validate() error {
	amount := checkCents("SandboxFundRequest.AmountUSDC", r.AmountUSDC)
	if amount == nil && r.AmountUSDC >= MaxSandboxFundCents {
		amount = invalid("SandboxFundRequest.AmountUSDC", "%d must be less than %d", r.AmountUSDC, MaxSandboxFundCents)
	}
	var count error
	if r.Count < 0 || r.Count > MaxSandboxFundCount {
		count = invalid("SandboxFundRequest.Count", "%d is out of range 1..%d (0 for the default of 1)", r.Count, MaxSandboxFundCount)
	}
	return checkAll(
		checkRequired("SandboxFundRequest.AccountID", r.AccountID),
		amount,
		checkMaxLen("SandboxFundRequest.CompanyName", r.CompanyName, MaxSandboxCompanyName),
		count,
	)
}

// Fund simulates Count incoming ACH credits of AmountUSDC to a Pocket
// through its portal (POST /api/v1/sandbox/fund/), as if an outside bank
// had sent them; they arrive as transfers.ach.in.* events. The API answers
// 202 with no body.
//
// The reference declares no idempotency header for the sandbox operations;
// the client sends its key anyway, reused on every retry, so a sandbox that
// honours it credits a retried call once. Whether the real sandbox does is
// not documented; package jikotest does. Pass [WithIdempotencyKey] to make
// a resend after a crash recognisable as well. [IsValidation] reports a
// refused request.
func (s *SandboxService) Fund(ctx context.Context, req *SandboxFundRequest, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.SandboxFund), nil, req, opts)
}
