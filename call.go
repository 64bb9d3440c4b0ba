package jiko

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/query"
	"github.com/jiko-go/jiko/internal/retry"
)

// This file runs one logical call: the body encoded once, one idempotency
// key, then attempts with the token and signature, retries and the error
// contract.

// callState is one logical call in progress: what every attempt shares.
type callState struct {
	c        *Client
	ctx      context.Context
	r        request
	cfg      requestConfig
	target   string
	body     []byte
	key      string
	signPath string

	attempts   int
	retries    int
	unanswered bool // an attempt went out and got no answer
	status     int
	header     http.Header
}

func (c *Client) do(ctx context.Context, r request, out any, opts []Option) (err error) {
	if ctx == nil {
		return invalid("ctx", "is nil")
	}
	k := &callState{c: c, ctx: ctx, r: r, cfg: requestConfig{maxRetries: c.maxRetries, backoff: c.backoff}}
	for _, o := range opts {
		if err := o.applyRequest(&k.cfg); err != nil {
			return err
		}
	}
	if err := k.prepare(); err != nil {
		return err
	}
	if k.cfg.response != nil {
		defer func() { k.fillResponse(err) }()
	}
	return k.run(out)
}

// prepare picks the idempotency key and encodes the body and query once.
func (k *callState) prepare() error {
	r := &k.r
	// One key per logical call, reused unchanged on every retry. The
	// operations that take no credentials take no key either.
	if r.auth != authNone {
		k.key = k.cfg.idempotencyKey
		if k.key == "" || k.cfg.freshKey {
			k.key = uuid.NewString()
		}
	}
	if r.keyed != nil {
		r.body = r.keyed(k.key)
	}
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			// A value the body cannot encode (an impossible date) is bad
			// input: refused before anything is sent.
			return &ValidationError{Field: fmt.Sprintf("%T", r.body), Reason: "cannot be encoded: " + err.Error()}
		}
		k.body = b
	}
	k.target = k.c.base + r.path
	var q url.Values
	switch p := r.params.(type) {
	case nil:
	case url.Values:
		q = p
	default:
		var err error
		if q, err = query.Values(p); err != nil {
			return &ValidationError{Field: fmt.Sprintf("%T", p), Reason: "cannot be encoded: " + err.Error()}
		}
	}
	if len(q) > 0 {
		k.target += "?" + q.Encode()
	}
	k.signPath = k.c.basePath + r.path
	return nil
}

// run sends attempts until one succeeds, fails for good, or the retries
// run out.
func (k *callState) run(out any) error {
	c, ctx, r := k.c, k.ctx, &k.r
	if err := ctx.Err(); err != nil {
		return k.fail(err)
	}
	replayed := false
	for {
		var token string
		if r.auth != authNone {
			var err error
			if token, err = c.tokens.token(ctx); err != nil {
				if k.attempts == 0 && isContextErr(err) {
					return k.fail(err)
				}
				if k.unanswered {
					// An earlier attempt went out and got no answer: the
					// call may have acted, so keep the key to resend with
					// and MayHaveSucceeded in view rather than a bare
					// login error.
					return k.fail(fmt.Errorf("login: %w", err))
				}
				return fmt.Errorf("jiko: %s %s: login: %w", r.method, r.path, err)
			}
		}
		req, err := k.newHTTPRequest(token)
		if err != nil {
			return err
		}
		k.attempts++
		start := c.now()
		resp, err := c.hc.Do(req)
		var respBody []byte
		if err == nil {
			k.status, k.header = resp.StatusCode, resp.Header
			respBody, err = readBody(resp)
			if c.logger.Enabled(ctx, slog.LevelDebug) {
				c.logger.DebugContext(ctx, "jiko attempt", k.logAttrs("status", resp.StatusCode, "duration", c.now().Sub(start))...)
			}
			if errors.Is(err, errBodyTooLarge) {
				// The operation ran; its answer is lost to the cap.
				return k.unusable(err)
			}
		}
		if err != nil {
			// No complete answer: a connection error, or a body cut short.
			if ctxErr := ctx.Err(); ctxErr != nil {
				k.unanswered = k.unanswered || sent(err)
				return k.fail(ctxErr)
			}
			if permanent(err) {
				return k.fail(err)
			}
			k.unanswered = k.unanswered || sent(err)
			if c.logger.Enabled(ctx, slog.LevelDebug) {
				c.logger.DebugContext(ctx, "jiko attempt failed", k.logAttrs("error", err)...)
			}
			if err := k.again(k.fail(err), -1, "reason", "connection error"); err != nil {
				return err
			}
			continue
		}

		switch code := resp.StatusCode; {
		case code >= 200 && code < 300:
			if out == nil {
				return nil
			}
			if b := bytes.TrimSpace(respBody); len(b) == 0 || bytes.Equal(b, []byte("null")) {
				// An empty or null answer would decode into a zero value
				// (a transfer without an id) and pass for a success.
				return k.unusable(errors.New("the response has no body"))
			}
			if err := decodeAnswer(respBody, out); err != nil {
				return k.unusable(fmt.Errorf("decoding the response: %w", err))
			}
			if c.drift != nil {
				if err := c.drift.audit(ctx, r.operation(), respBody, out); err != nil {
					return k.unusable(err)
				}
			}
			return nil
		case code == http.StatusUnauthorized && r.auth != authNone && !replayed:
			// The token was refused: forget it, log in again and replay
			// once. This does not count as a retry.
			replayed = true
			c.tokens.invalidate(token)
			if c.logger.Enabled(ctx, slog.LevelWarn) {
				c.logger.WarnContext(ctx, "jiko token refused, logging in again", k.logAttrs()...)
			}
			continue
		}
		switch resp.StatusCode {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
			// The API failed, or a gateway lost its answer, after the
			// request reached it: an operation that changes something may
			// have taken effect.
			k.unanswered = true
		}
		apiErr := newAPIError(resp.StatusCode, r.method, r.path, k.key, k.attempts, resp.Header, respBody, !r.hideErrorBody)
		apiErr.redact(token)
		for _, secret := range r.secrets {
			apiErr.redact(secret)
		}
		apiErr.MayHaveSucceeded = k.mayHaveSucceeded(resp.StatusCode)
		if !retry.RetryableStatus(resp.StatusCode) {
			return apiErr
		}
		wait, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), c.now())
		switch {
		case !ok:
			wait = -1
		case wait > retry.MaxRetryAfter:
			// The server asks for a longer pause than a call should hold:
			// give its answer back now.
			return apiErr
		}
		if err := k.again(apiErr, wait, "status", resp.StatusCode); err != nil {
			return err
		}
	}
}

// again waits before the next attempt when retries are left; otherwise, or
// when the context ends first, it returns the error that ends the call.
func (k *callState) again(cause error, wait time.Duration, why ...any) error {
	if k.retries >= k.cfg.maxRetries {
		return cause
	}
	k.retries++
	if wait < 0 {
		wait = retry.Backoff(k.retries, k.cfg.backoff.base, k.cfg.backoff.max, k.c.jitter)
	}
	if deadline, ok := k.ctx.Deadline(); ok && time.Until(deadline) < wait {
		// The context would end during the wait: give up now with the
		// failure itself rather than a bare deadline error.
		return cause
	}
	if k.c.logger.Enabled(k.ctx, slog.LevelWarn) {
		k.c.logger.WarnContext(k.ctx, "jiko retrying", append(k.logAttrs("wait", wait), why...)...)
	}
	if err := sleep(k.ctx, wait); err != nil {
		// Keep the failure that caused the wait in view (IsRateLimited
		// still answers), joined with the context's error.
		return errors.Join(cause, err)
	}
	return nil
}

// fail ends the call without a usable API answer.
func (k *callState) fail(err error) *Error {
	return &Error{
		Method: k.r.method, Path: k.r.path, IdempotencyKey: k.key, Attempts: k.attempts,
		MayHaveSucceeded: k.mayHaveSucceeded(0), Err: err,
	}
}

// unusable ends the call on a 2xx (or oversized) answer that cannot be
// used: a write took effect, or may have; a read took none.
func (k *callState) unusable(err error) *Error {
	e := k.fail(err)
	e.StatusCode, e.Header, e.MayHaveSucceeded = k.status, k.header, !k.read()
	return e
}

// mayHaveSucceeded tells whether a call failing with status (0: no
// answer) may nevertheless have taken effect. A read never does. A write
// may when one of its attempts got no answer or a 500, 502 or 504. And a
// key the caller supplied names a request that an earlier call may have
// sent: any failure without a definite answer (no answer, 408, 429, 5xx)
// leaves that first send's outcome unknown, so a resend answered 503 still
// says it may have succeeded.
func (k *callState) mayHaveSucceeded(status int) bool {
	if k.read() {
		return false
	}
	callerKey := k.cfg.idempotencyKey != "" && !k.cfg.freshKey
	indefinite := status == 0 || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
	return k.unanswered || (callerKey && indefinite)
}

// read reports whether the call only reads: it cannot take effect.
func (k *callState) read() bool { return k.r.method == http.MethodGet || k.r.method == http.MethodHead }

func (k *callState) logAttrs(extra ...any) []any {
	attrs := []any{"method", k.r.method, "path", k.r.path, "attempt", k.attempts}
	if k.key != "" {
		attrs = append(attrs, "idempotency_key", k.key)
	}
	return append(attrs, extra...)
}

// fillResponse reports the last exchange to WithResponseInto.
func (k *callState) fillResponse(err error) {
	resp := k.cfg.response
	*resp = Response{StatusCode: k.status, Header: k.header, IdempotencyKey: k.key, Attempts: k.attempts}
	var e *Error
	if errors.As(err, &e) && e.TraceID != "" {
		resp.TraceID = e.TraceID
	} else if k.header != nil {
		resp.TraceID = cmp.Or(k.header.Get("X-Trace-Id"), k.header.Get("X-Request-Id"))
	}
}

// newHTTPRequest builds one attempt: the same body bytes, key and signature
// every time, and the current token.
func (k *callState) newHTTPRequest(token string) (*http.Request, error) {
	r := &k.r
	var rd io.Reader = http.NoBody
	switch {
	case r.upload != nil:
		body, err := r.upload.open()
		if err != nil {
			return nil, fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
		}
		rd = body
	case k.body != nil:
		rd = bytes.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(k.ctx, r.method, k.target, rd)
	if err != nil {
		return nil, fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
	}
	for key, vs := range k.c.header {
		req.Header[key] = append([]string(nil), vs...)
	}
	for key, vs := range r.header {
		req.Header[key] = append([]string(nil), vs...)
	}
	for key, vs := range k.cfg.header {
		req.Header[key] = append(req.Header[key], vs...)
	}
	req.Header.Set("User-Agent", k.c.userAgent)
	req.Header.Set("Accept", "application/json")
	switch {
	case r.upload != nil:
		req.ContentLength = r.upload.Size
		req.GetBody = func() (io.ReadCloser, error) { return r.upload.open() }
		req.Header.Set("Content-Type", r.upload.ContentType)
	case k.body != nil:
		req.Header.Set("Content-Type", "application/json")
	}
	if r.auth != authNone {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", k.key)
	}
	if r.auth == authSigned {
		req.Header.Set("X-Jiko-Signature", k.c.signer.Sign(k.key, k.signPath, k.body))
	}
	return req, nil
}
