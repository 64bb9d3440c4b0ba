// Package jikotest runs an in-process fake of the Jiko Partner API, for
// trying jiko-go offline and for testing code that uses it.
//
// # Using it
//
// [NewServer] starts the fake on a loopback port; [Server.ClientOptions]
// are the options that wire a [jiko.Client] to it (its URL, credentials
// and signing secret). A program, a demo or a test of your own builds its
// client from them as it would against Jiko:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//
//		"github.com/jiko-go/jiko"
//		"github.com/jiko-go/jiko/jikotest"
//	)
//
//	func main() {
//		srv := jikotest.NewServer()
//		defer srv.Close()
//		customer := srv.AddCustomer("")
//		pocket := srv.AddPocket(customer, jikotest.PocketSeed{Name: "Everyday", Balance: 125_000})
//
//		c, err := jiko.NewClient(srv.ClientOptions()...)
//		if err != nil {
//			log.Fatal(err)
//		}
//		p, err := c.Pockets.GetForCustomer(context.Background(), customer, pocket.ID, nil)
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println(p.PocketName, p.Portfolio.TotalValue) // Everyday $1,250.00
//	}
//
// In a test, [Server.Client] does both in one line, with a short retry
// backoff so that injected 429s and 503s do not slow the test, and closes
// the server when the test ends. The credentials are random unless
// [WithCredentials] and [WithSigningSecret] fix them; they are set once, at
// [NewServer], and read with [Server.Username], [Server.Password] and
// [Server.SigningSecret].
//
// # Test values
//
// Requests that carry bank or card numbers need numbers of the right form:
// a made-up routing number such as "123456789" fails the ABA checksum and
// the SDK refuses it before sending. The package publishes values that the
// SDK and the fake accept and that name no one's account, as card networks
// publish test card numbers: [TestRoutingNumber] and [TestAccountNumber]
// for ACH and domestic wire counterparties, [TestSWIFTCode] and [TestIBAN]
// for international wires, and [TestCardNumber], the number of the first
// virtual card a server issues.
//
// # What it enforces
//
// The server enforces what the real API enforces: POST /api/v1/login/
// issues bearer tokens that expire ([WithTokenLifetime]); every other call
// needs a valid token, an x-jiko-idempotency UUID and an x-jiko-signature,
// which the server recomputes with its own HMAC-SHA256 (not the SDK's
// [jiko.Signer], so that a signing defect of the SDK cannot pass) from the
// key, the escaped path as received and the exact body. Failures answer as
// the API does:
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
// A request that reuses an idempotency key within [IdempotencyWindow] (one
// hour) is a resend: it gets the stored answer of the first request, marked
// with the header X-Jikotest-Replayed: true, and performs no second side
// effect. A resend is the same method, path, query parameters (in any
// order) and JSON value (members in any order, any spacing): a client that
// retries after a restart may encode its body anew. Reusing a key for a
// different request is refused with 409 Conflict (an assumption: the
// reference documents the one-hour window and that a reused key is a
// repeat, not how a repeat is compared nor the answer to another request).
// Server errors are not stored, so a resend after one runs the operation
// again. A JSON body over 1 MiB (an upload over 50 MB) is answered 413
// before it is handled.
//
// Answers are rendered from the server's own wire types in the shapes of the
// reference's examples (a null reinvestment_strategy_id, fees as a list,
// no portfolio in the answer to Update Pocket), and requests the API's
// schema refuses (an unknown closure_reason, a pocket_name over 100
// characters, a status other than CLOSED) get its 422 detail list.
//
// # Time
//
// The server's clock ([WithClock]) decides token expiry, the idempotency
// window, settlement and maturity dates, statements and webhook retries. A
// [Clock] moves only when the test moves it ([Clock.Advance], [Clock.Set]),
// so a test steps through a day, a month or a retry interval without
// waiting.
//
// # Money
//
// Money lives in one ledger: every movement into or out of a Pocket is an
// entry, and balances and portfolios are derived from it.
// [Server.LedgerEntries] lists the entries.
//
// Money moves as the API moves it: Sandbox Fund credits a Pocket through
// its default portal (settled at once); ACH originations, wires and on-us
// transfers book pending entries that hold the funds they take, and the
// test moves them on with [Server.Settle] or [Server.Reject], each change
// recording its transfers.* event. A rejected ACH is returned as a bank
// returns one: its entry settles and a return entry, titled with the
// reason, brings the money back, both visible in the transactions. An ACH or wire to a counterparty that is
// unknown, of another customer or type, or not verified, from a closed or
// frozen Pocket, or beyond the available balance, is refused with 422 and
// a detail text; an on-us transfer the rules refuse is answered REJECTED
// with its reason (INVALID_TRANSFER, ACCOUNT_UNAVAILABLE,
// INSUFFICIENT_FUNDS). Counterparties start unverified:
// [Server.VerifyCounterparty] (or the Plaid flow) verifies them, and
// [Server.AddCounterparty] adds a verified one directly.
// [Server.AddPartnerPocket] adds the partner's own Pocket for the funding
// and defunding transfers; [Server.SetTransferFees] sets wire and on-us
// fees (none by default: the reference publishes no fee schedule).
//
// # Onboarding
//
// Individual and business applications go CREATED → SUBMITTED (Apply) and
// are approved at once unless the test queues another outcome with
// [Server.SetNextDecision] or holds them for [Server.DecideApplication];
// approval creates the customer, so Customers.Get and Pockets.Create work
// at once; each decision records an application.* event.
//
// # Webhooks
//
// Subscriptions are stored, and every event the server records is posted
// to each matching subscription's URL with the header x-jiko-signature:
// base64(HMAC-SHA256(shared secret, raw body)), no timestamp, so a
// receiver deduplicates by event_id. Deliveries are retried by the
// subscription's retry policy, or by [DefaultRetryPolicy] (this fake's
// choice; Jiko publishes no default) when it has none: on a [Clock], when
// the test advances it past the interval (a [NewWallClock] also when the
// time comes); otherwise in real time, which [WithWebhookTimeScale]
// shortens. Only loopback URLs are called: a subscription to another
// address is accepted and each delivery to it is a failed attempt that
// says why. The attempts show in List Events and
// [Server.DeliveryAttempts]; [Server.Redeliver] sends an event again;
// [WithWebhookLogger] logs each attempt. [Server.WaitForDeliveries] waits
// for the deliveries under way; [Server.StopDeliveries] and
// [Server.Close] stop them.
//
// # Cards
//
// Orders become physical cards with the sandbox's generate-card; virtual
// card data is encrypted to the caller's public key; a PIN is decrypted
// with the server's own set_pin key and can be checked with
// [Server.CheckCardPIN]; sandbox swipes debit the ledger and record card.*
// events.
//
// # State
//
// State lives in memory: customers ([Server.AddCustomer]) and Pockets
// ([Server.AddPocket], or created through the API), with the reference's
// rules: creation with a trading strategy; lists paged by opaque cursors
// with limit at most 30 and filter[status] defaulting to PENDING, OPEN and
// FROZEN; renaming; changing strategies; closing only an empty Pocket, with
// a closure_reason, while the customer keeps another open one. Rule
// violations answer 422 in the problem-details form of the v2 endpoints.
//
// # Faults
//
// [Server.FailNext] fails the next requests that match a method and path
// with a status (and Retry-After), a dropped connection before or after
// the operation ran, or a delay; [Server.FailRandomly] fails a fraction of
// requests with a seeded generator; [Server.SetLatency] slows every
// request. [Server.Requests] returns what the server received, for
// assertions, and [Server.SideEffects] counts the state changes performed.
//
// # Drift
//
// Answers can drift from the SDK's model on purpose: [Server.Drift]
// rewrites the success answers of one operation (a member added or
// renamed, an unknown enum value, an unknown union variant in a list), so
// that a test sees what a client reports with jiko.WithDriftHandler or
// refuses with jiko.WithStrictDecoding; [Server.ClearDrift] ends it.
//
// # Other languages: jiko serve
//
// Other languages and running programs reach the fake through the jiko
// command: "jiko serve" runs it on a port (127.0.0.1:8765 by default,
// [WithListener]) and prints its URL and credentials, and any client that
// follows the API's rules works against it. Its test controls are served
// over HTTP ([Server.EnableControls]) under /_jikotest/, a prefix the real
// API cannot have: each calls the method of the same name ([Server.Settle],
// [Server.Reject], [Server.DecideApplication], [Server.VerifyCounterparty],
// [Server.AdvanceTo] on a moved clock, [Server.CompleteReports],
// [Server.AdvanceCardOrder], [Server.FailNext], [Server.FailRandomly],
// [Server.SetLatency], [Server.ClearFaults], [Server.Drift],
// [Server.ClearDrift], [Server.LedgerEntries], [Server.Requests],
// [Server.Events], [Server.DeliveryAttempts], [Server.Redeliver],
// [Server.WaitForDeliveries]); they take and answer JSON and are described in
// [ControlOpenAPI] (control.openapi.yaml). [Server.Snapshot] and [Server.Restore]
// save the server's data and bring it back, for reset and for
// "jiko serve --data", which survives a restart; [Server.LoadFixtures]
// reads the declarative test data of "jiko serve --fixtures".
package jikotest
