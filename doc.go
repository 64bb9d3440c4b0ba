// Package jiko is a typed client for the Jiko Partner API: onboarding,
// Pockets (a bank account paired with a brokerage account holding US T-bills),
// money movement, transactions, statements and webhooks.
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
//	p, err := c.Pockets.Get(ctx, customerID, pocketID)
//
// # What every call does
//
// The client logs in with POST /api/v1/login/ on first use and caches the
// bearer token, renewing it before it expires with a single login however
// many goroutines are waiting. Each call encodes its body once and picks one
// idempotency key (a random UUID, or the one given with WithIdempotencyKey),
// then for every attempt sends Authorization, x-jiko-idempotency and
// x-jiko-signature = base64(HMAC-SHA256(secret, key + escaped URL path +
// body)).
//
// Connection errors and 408, 429, 500, 502, 503 and 504 responses are retried
// (WithMaxRetries, default 2) with exponential backoff and full jitter from
// 500 ms up to 8 s, or after the server's Retry-After. Retries resend the
// same bytes with the same key, so the API recognises them and never acts
// twice. Other 4xx responses are not retried. A 401 drops the cached token
// and replays the call once after a fresh login. Waits end as soon as the
// context is done, and a wait that would outlast the context's deadline is
// not started: the failure that caused it is returned at once. Redirects are
// not followed.
//
// # Errors
//
// A call that fails returns a *Error: the status, method, path, idempotency
// key and, for a 422, the failing fields. IsNotFound, IsValidation,
// IsRateLimited, IsUnauthorized and IsForbidden test for the common cases.
// When no response arrived at all, StatusCode is 0, Err holds the cause and
// the call may or may not have happened: send it again with
// WithIdempotencyKey(err.IdempotencyKey) to find out without acting twice.
//
// # Lists
//
// List methods return an iterator whose All method is an iter.Seq2 that
// fetches pages as the loop goes; ListPage-style methods fetch one page.
//
// # Testing
//
// Package jikotest runs an in-process fake of the Partner API that checks
// tokens, signatures and idempotency keys the way the real one does.
//
// Secrets (password, signing secret, tokens) never appear in errors, logs or
// the printed form of a Client.
package jiko
