package jiko

import (
	"context"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// SandboxCardSwipeRequest is the body of [SandboxService.SwipeCard]: a
// payment to simulate with a virtual card.
type SandboxCardSwipeRequest struct {
	// CardID is the card that pays; required. The reference simulates
	// swipes of virtual cards only.
	CardID string `json:"card_id"`
	// AmountUSDC is the amount in cents of US dollars, more than 0: 1234 is
	// $12.34 (USDC is the API's name, not the stablecoin).
	AmountUSDC int64 `json:"amount_usdc"`
}

func (r *SandboxCardSwipeRequest) validate() error {
	var amount error
	if r.AmountUSDC <= 0 {
		amount = invalid("SandboxCardSwipeRequest.AmountUSDC", "must be more than 0 cents, got %d", r.AmountUSDC)
	}
	return checkAll(checkRequired("SandboxCardSwipeRequest.CardID", r.CardID), amount)
}

// SandboxGenerateCardRequest is the body of [SandboxService.GenerateCard]:
// the card order whose physical card to make.
type SandboxGenerateCardRequest struct {
	// CardOrderID is the order to fulfil; required.
	CardOrderID string `json:"card_order_id"`
}

func (r *SandboxGenerateCardRequest) validate() error {
	if strings.TrimSpace(r.CardOrderID) == "" {
		return invalid("SandboxGenerateCardRequest.CardOrderID", "is empty")
	}
	return nil
}

// SwipeCard simulates a payment with a virtual card in the sandbox
// (POST /api/v1/sandbox/card-swipe/; 202). The answer only says the swipe
// was accepted: whether it was approved comes as a card.transaction.approved
// or card.transaction.rejected event, and an approved one appears in the
// Pocket's transactions. Each call is a new payment unless it is resent
// with the same idempotency key ([WithIdempotencyKey]); the client's own
// retries reuse it. [IsValidation] reports a refused request.
func (s *SandboxService) SwipeCard(ctx context.Context, req *SandboxCardSwipeRequest, opts ...CallOption) error {
	return sandboxCardOp(ctx, s.client, ops.SandboxSwipeCard, req, opts)
}

// GenerateCard makes the physical card of a card order in the sandbox, as
// printing it would (POST /api/v1/sandbox/generate-card/; 202). The order
// then names its card ([CardsService.GetOrder]), whose PIN can be set
// before it is activated. [IsValidation] reports a refused request.
func (s *SandboxService) GenerateCard(ctx context.Context, req *SandboxGenerateCardRequest, opts ...CallOption) error {
	return sandboxCardOp(ctx, s.client, ops.SandboxGenerateCard, req, opts)
}

// sandboxCardOp sends a sandbox card operation: a 202 without a body.
func sandboxCardOp(ctx context.Context, c *Client, op *ops.Op, body any, opts []CallOption) error {
	return callNoContent(ctx, c, at(op), nil, body, opts)
}
