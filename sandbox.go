package jiko

// SandboxService reaches the sandbox-only operations, which simulate what
// Jiko or the outside world would do (https://docs.jiko.io/products/partner-api/reference/sandbox).
// They exist on the sandbox API only, take a token and an idempotency key
// but no signature, and answer 202.
type SandboxService service
