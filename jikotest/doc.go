// Package jikotest runs an in-process fake of the Jiko Partner API, for
// trying jiko-go offline and for testing code that uses it.
//
// The server enforces what the real API enforces: POST /api/v1/login/ issues
// bearer tokens that expire (WithTokenLifetime); every other call needs a
// valid token, an x-jiko-idempotency UUID and an x-jiko-signature that the
// server recomputes from the key, the escaped path and the exact body.
// Failures answer as the API does:
//
//   - no token, an unknown one or an expired one: 401 {"detail": "..."}
//   - a missing or malformed x-jiko-idempotency, or a missing signature:
//     422 with the FastAPI detail list naming the header
//   - a signature that does not match: 403 {"detail": "Invalid x-jiko-signature: ..."}
//     (an assumption: the reference shows no answer for a bad signature)
//   - an unknown path: 404 {"detail": "Not Found"}
//
// Uploads and sandbox operations, for which the reference declares no
// signature header, need a token and an idempotency key only; login, the
// public keys and the health check need nothing.
//
// A request that reuses an idempotency key within IdempotencyWindow (one
// hour) is a resend: it gets the stored answer of the first request, marked
// with the header X-Jikotest-Replayed: true, and performs no second side
// effect. Reusing a key for a different method, path, query or body is
// refused with 409 Conflict (an assumption: the reference documents the
// one-hour window, not the answer to a reused key). Server errors are not
// stored, so a resend after one runs the operation again.
//
// Answers are rendered from the server's own wire types in the shapes of the
// reference's examples (a null reinvestment_strategy_id, fees as a list,
// no portfolio in the answer to Update Pocket), and requests the API's
// schema refuses (an unknown closure_reason, a pocket_name over 100
// characters, a status other than CLOSED) get its 422 detail list.
//
// Server.Client gives a test a client wired to the server with a short
// retry backoff, so injected 429s and 503s do not slow the test.
//
// Money lives in one ledger: every movement into or out of a Pocket is an
// entry, and balances and portfolios are derived from it. LedgerEntries
// lists the entries.
//
// Money moves as the API moves it: Sandbox Fund credits a Pocket through
// its default portal (settled at once); ACH originations, wires and on-us
// transfers book pending entries that hold the funds they take, and the
// test moves them on with Settle or Reject, each change recording its
// transfers.* event. An ACH or wire to a counterparty that is unknown, of
// another customer or type, or not verified, from a closed or frozen
// Pocket, or beyond the available balance, is refused with 422 and a
// detail text; an on-us transfer the rules refuse is answered REJECTED with
// its reason (INVALID_TRANSFER, ACCOUNT_UNAVAILABLE, INSUFFICIENT_FUNDS).
// Counterparties start unverified: VerifyCounterparty (or the Plaid flow)
// verifies them. AddPartnerPocket adds the partner's own Pocket for the
// funding and defunding transfers; SetTransferFees sets wire and on-us fees
// (none by default: the reference publishes no fee schedule).
//
// Onboarding: individual and business applications go CREATED → SUBMITTED
// (Apply) and are approved at once unless the test queues another outcome
// with SetNextDecision or holds them for DecideApplication; approval creates
// the customer, so Customers.Get and Pockets.Create work at once; each
// decision records an application.* event.
//
// Webhooks: subscriptions are stored, and every event the server records
// is posted, signed with the subscription's shared secret, to each matching
// subscription's URL (loopback addresses only), retried by its retry policy
// (WithWebhookTimeScale shortens the intervals); the attempts show in List
// Events. WaitForDeliveries waits for the deliveries under way; Close stops
// them.
//
// Cards: orders become physical cards with the sandbox's generate-card;
// virtual card data is encrypted to the caller's public key; a PIN is
// decrypted with the server's own set_pin key and can be checked with
// CheckCardPIN; sandbox swipes debit the ledger and record card.* events.
//
// State lives in memory: customers (AddCustomer) and Pockets (AddPocket,
// or created through the API), with the reference's rules: creation with a
// trading strategy; lists paged by opaque cursors with limit at most 30 and
// filter[status] defaulting to PENDING, OPEN and FROZEN; renaming; changing
// strategies; closing only an empty Pocket, with a closure_reason, while the
// customer keeps another open one. Rule violations answer 422 in the
// problem-details form of the v2 endpoints.
//
// Faults can be injected: FailNext fails the next requests that match a
// method and path with a status (and Retry-After), a dropped connection
// before or after the operation ran, or a delay; FailRandomly fails a
// fraction of requests with a seeded generator; SetLatency slows every
// request. Requests returns what the server received, for assertions, and
// SideEffects counts the state changes performed.
//
// Answers can drift from the SDK's model on purpose: Drift rewrites the
// success answers of one operation (a member added or renamed, an unknown
// enum value, an unknown union variant in a list), so that a test sees
// what a client reports with jiko.WithDriftHandler or refuses with
// jiko.WithStrictDecoding; ClearDrift ends it.
package jikotest
