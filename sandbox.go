package jiko

// SandboxService reaches the Sandbox operations of the Partner API, which
// simulate in a sandbox what happens outside it (funding, card swipes, card
// printing, webhooks)
// (https://docs.jiko.io/products/partner-api/reference/sandbox). They take
// a token and an idempotency key but no signature, and answer 202.
type SandboxService service
