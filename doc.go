// Package jiko is a typed client for the Jiko Partner API: onboarding
// (KYC and KYB), Pockets (a bank account paired with a brokerage account
// holding US T-bills), money movement (ACH, wires, on-us transfers,
// counterparties, portals), transactions, trades, statements and reports,
// debit cards, and events with their webhooks.
//
// # Getting started
//
//	c, err := jiko.NewClient(
//		jiko.WithPartner("acme", jiko.Sandbox),
//		jiko.WithCredentials(os.Getenv("JIKO_USERNAME"), os.Getenv("JIKO_PASSWORD")),
//		jiko.WithSigningSecret(os.Getenv("JIKO_SIGNING_SECRET")),
//	)
//	if err != nil {
//		return err
//	}
//	p, err := c.Pockets.GetForCustomer(ctx, customerID, pocketID, nil)
//
// Each area of the API is a field of [Client]: c.Pockets, c.Individuals,
// c.ACH, c.Transactions, c.Cards, c.Subscriptions, ... Every method takes a
// context first and ends with options ([CallOption]) that apply to that
// call only, such as [WithIdempotencyKey] or [WithResponseInto]; NewClient
// takes [ClientOption]s, and the compiler refuses one in the other's place.
//
// # What every call does
//
// The client logs in with POST /api/v1/login/ on first use and caches the
// bearer token, renewing it before it expires with a single login however
// many goroutines are waiting. Each call encodes its body once and picks one
// idempotency key (a random UUID, or the one given with [WithIdempotencyKey]),
// then for every attempt sends Authorization, x-jiko-idempotency and
// x-jiko-signature = base64(HMAC-SHA256(secret, key + escaped URL path +
// body)). Raw-file uploads and the sandbox operations, for which the
// reference declares no signature, carry the token and key only.
//
// Connection errors and 408, 429, 500, 502, 503 and 504 responses are retried
// ([WithMaxRetries], default 2) with exponential backoff and full jitter from
// 500 ms up to 8 s, or after the server's Retry-After (one beyond 60 s ends
// the call at once). Retries resend the same bytes with the same key, so the
// API recognises them and never acts twice. Other 4xx responses are not
// retried. A 401 drops the cached token and replays the call once after a
// fresh login. Waits end as soon as the context is done, and a wait that
// would outlast the context's deadline is not started. Redirects are not
// followed.
//
// # Errors
//
// Input the client can check is refused before anything is sent, with a
// [*ValidationError] naming the field or option; a request with several
// bad fields is refused once, its Issues listing every one. A call that reached the
// network and failed returns an [*Error]: the status, method, path,
// idempotency key and, for a 422, the failing fields or the problem
// details. [IsValidation] reports both kinds; [IsNotFound], [IsConflict],
// [IsPreconditionFailed], [IsRateLimited], [IsUnauthorized] and
// [IsForbidden] test for the other common cases.
//
// When [MayHaveSucceeded] reports true (an attempt got no answer, a write
// got a 500, 502 or 504, or a 2xx answer could not be used), the operation
// may have taken effect: send it
// again with WithIdempotencyKey(err.IdempotencyKey) within the hour to learn
// the outcome without acting twice. Derive keys from your own records with
// [IdempotencyKeyFor] so that a restarted process resends the same key.
//
// # Decoding
//
// The SDK reads Jiko's answers as a tolerant reader, so that an answer
// that differs from its model where that is safe keeps working, and it
// says exactly what differed.
//
// Strict, failing the call: the answer is JSON of the expected kind (an
// object where an object is expected, a list envelope with its items, and
// count for an offset list); ids, money amounts ([Money]) and currencies
// decode as they are typed.
//
// Tolerant, never failing the call or the page: dates ([Date]) and
// timestamps ([Timestamp]) that do not parse keep their raw text, with
// Valid reporting false and Raw returning the text; enum and status values
// the SDK has no constant for are kept as they came (every enum type has
// IsKnown); a union member whose discriminator the SDK does not know, or a
// known one that does not decode, is kept as the union's unknown variant
// with its raw JSON; members the SDK does not model are ignored. A
// decoded answer encodes back to the same values. Requests are checked
// strictly: a Date that is not a calendar date is refused before sending.
//
// What the tolerant reader let through is drift ([Drift]). Without an
// option nothing is audited and nothing is paid for it. [WithDriftHandler]
// walks each answer against the type it decodes into (also one that does
// not decode) and reports every drift once per operation, kind and path
// (list indexes aside) for the client's lifetime ([WithDriftPerCall]: for
// every answer); [WithStrictDecoding] turns drift into an error of the call (a
// [*DriftError] inside the call's [*Error]: for a write, the operation has
// taken effect, and the Error carries its idempotency key), for test
// suites and a partner's CI against a sandbox. Package jikotest can make
// its answers drift on purpose (jikotest.Server.Drift).
//
// # Lists
//
// List methods return an iterator ([CursorIter] or [OffsetIter]) whose All
// method is an iter.Seq2 that fetches pages as the loop goes, in constant
// memory; the ...Page methods fetch one page for callers that page by hand.
//
// # Conventions
//
// Every service reads the same way; CONTRIBUTING.md gives the reasons.
//
//   - List walks the whole collection the partner sees (all Pockets, all
//     wires, all events). ListForCustomer and ListForPocket walk one
//     customer's or one Pocket's, taking its id first. A v1 path's
//     jiko-accounts/{account_id} is a Pocket id, so its lists are
//     ListForPocket too. A second kind of item on one service adds its name:
//     ListOrdersForPocket, ListTypes, ListRelatedParties.
//   - Every list has an iterator method ([CursorIter] or [OffsetIter]) and
//     a Page twin of the same name plus Page (ListForPocketPage) that
//     fetches one page. A list the API answers in one response is an
//     iterator with a single page.
//   - Get reads one object and returns *T, nil with any error; Get<Kind>
//     reads another kind (GetOrder, GetStatus, GetAgreements). When one
//     object has two routes, Get takes its id alone and the other is named
//     by its scope, as lists are (GetForCustomer).
//   - Create, Update and Close (or Delete, when the API removes the object)
//     take the parent ids first, then the object's id, then the request;
//     Create<Kind> and Update<Kind> for another kind. An operation that sets
//     one property is Set<Property> (SetStatus, SetPIN); any other action is
//     a verb (Apply, Fund, Wait).
//   - One item type per kind of object: the iterator yields T, its pages
//     hold []T, and Get, Create and Update return *T of the same T, but
//     where the API answers with no body: such an Update returns only an
//     error (Portals.Update), and such a Create a receipt naming the new
//     object (Wires.Create returns a [WireReceipt]). A response is named
//     after what it is, never ...Request, and a response struct after the
//     API's object_type: [EventType] is that object, so the name of an
//     event's type is an [EventName].
//   - An id parameter is named after what it is: a v1 path's
//     jiko-accounts/{account_id} is a Pocket id, taken as pocketID.
//   - A refused field's name is the Field field of both a [ValidationError]
//     and an API [ValidationIssue].
//   - Every method that calls the Partner API takes a context first and
//     ends with opts ...[CallOption].
//   - Input is checked before anything is sent, and every failing field is
//     reported at once in one [*ValidationError].
//   - Amounts named ...USDC are integer cents of US dollars (1000 is
//     $10.00), not units of the USDC stablecoin.
//
// # Webhooks
//
// [WebhookHandler] verifies, parses and hands events to your function,
// answering 2xx only when it succeeded; [VerifyWebhook] and [ParseWebhook]
// do the same steps separately, and [SignWebhook] signs test deliveries.
// A receiver that runs as several replicas, or whose effects are writes to
// a SQL database, handles each event exactly once with package jikoinbox
// (github.com/jiko-go/jiko/jikoinbox).
//
// # Testing
//
// Package jikotest (github.com/jiko-go/jiko/jikotest) runs an in-process
// fake of the Partner API that checks tokens, signatures and idempotency
// keys the way the real one does, keeps its money in one ledger, moves
// lifecycles when the test says so, delivers signed webhooks and injects
// faults.
//
// Secrets (password, signing secret, tokens, webhook shared secrets, PINs,
// card numbers) never appear in errors, logs or the printed form of a value.
package jiko
