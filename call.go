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
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
	"github.com/jiko-go/jiko/internal/query"
	"github.com/jiko-go/jiko/internal/retry"
)

// This file runs one logical call: the body encoded once, one idempotency
// key, then attempts with the token and signature, retries and the error
// contract. What an operation declares beyond its path (credentials,
// secrets, hidden error text, a keyed id) is read from its entry of the
// operations table (internal/ops) here, not patched by its method.

// request describes one logical API call.
type request struct {
	method string
	path   string // escaped, starting with '/'
	params any    // query struct for internal/query, or url.Values
	body   any    // JSON-encoded when non-nil
	upload *File  // sent as the raw body instead of body
	header http.Header
	// op is the operation's table entry; nil for Client.Do, which sends a
	// signed request to any path.
	op *ops.Op
	// pattern is the route's pattern, naming the operation in drift reports.
	pattern string
}

// auth is the credentials the call carries: its operation's, or all of
// them for Client.Do.
func (r *request) auth() ops.Auth {
	if r.op == nil {
		return ops.Signed
	}
	return r.op.Auth
}

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
	// secrets are the request's values an error must not keep, and
	// hideErrorBody drops the API's error text when the request carries
	// one its operation says the text may echo (ops.Op.HideErrors).
	secrets       []string
	hideErrorBody bool

	attempts   int
	retries    int
	unanswered bool // an attempt went out and got no answer
	status     int
	header     http.Header
}

// do performs r and decodes its 2xx answer into out (nil: the answer is
// not read).
func (c *Client) do(ctx context.Context, r request, out any, opts []CallOption) error {
	_, err := c.doKeyed(ctx, r, out, opts)
	return err
}

// doKeyed is do, and also returns the idempotency key the call carried
// ("" when it failed before choosing one).
func (c *Client) doKeyed(ctx context.Context, r request, out any, opts []CallOption) (key string, err error) {
	if ctx == nil {
		return "", invalid("ctx", "is nil")
	}
	k := &callState{c: c, ctx: ctx, r: r, cfg: requestConfig{maxRetries: c.maxRetries, backoff: c.backoff}}
	for i, o := range opts {
		if o == nil {
			return "", invalid(fmt.Sprintf("opts[%d]", i), nilOption)
		}
		if err := o.applyCall(&k.cfg); err != nil {
			return "", err
		}
	}
	if err := k.prepare(); err != nil {
		return k.key, err
	}
	if k.cfg.response != nil {
		defer func() { k.fillResponse(err) }()
	}
	return k.key, k.run(out)
}

// prepare picks the idempotency key and encodes the body and query once.
func (k *callState) prepare() error {
	r := &k.r
	// One key per logical call, reused unchanged on every retry. The
	// operations that take no credentials take no key either.
	if r.auth() != ops.Public {
		k.key = k.cfg.idempotencyKey
		if k.key == "" || k.cfg.freshKey {
			k.key = uuid.NewString()
		}
	}
	if r.op != nil {
		if r.op.KeyedID != "" {
			r.body = withKeyedID(r.body, r.op.KeyedID, k.key)
		}
		var present bool
		k.secrets, present = secretsOf(r.body, r.op.Secrets)
		k.hideErrorBody = r.op.HideErrors && present
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
	q, err := encodeQuery(r.params)
	if err != nil {
		return err
	}
	if len(q) > 0 {
		k.target += "?" + q.Encode()
	}
	k.signPath = k.c.basePath + r.path
	return nil
}

// encodeQuery encodes a request's params, a query struct for
// internal/query or url.Values, into new url.Values the caller may change.
func encodeQuery(params any) (url.Values, error) {
	switch p := params.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		q := make(url.Values, len(p))
		for k, vs := range p {
			q[k] = append([]string(nil), vs...)
		}
		return q, nil
	default:
		q, err := query.Values(p)
		if err != nil {
			return nil, &ValidationError{Field: fmt.Sprintf("%T", p), Reason: "cannot be encoded: " + err.Error()}
		}
		return q, nil
	}
}

// secretsOf finds, in body (a struct or a pointer to one), the values of
// the members names lists by JSON name, or by a secret tag for a member
// that is not sent as it is (a PIN sent encrypted). present reports whether
// the body sends any of them: a member without omitempty or omitzero
// always, another when it is set.
func secretsOf(body any, names []string) (values []string, present bool) {
	if len(names) == 0 || body == nil {
		return nil, false
	}
	return secretsIn(reflect.ValueOf(body), names)
}

func secretsIn(v reflect.Value, names []string) (values []string, present bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range v.NumField() {
		f, fv := v.Type().Field(i), v.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			more, p := secretsIn(fv, names)
			values, present = append(values, more...), present || p
			continue
		}
		if name == "-" {
			name = f.Tag.Get("secret")
		}
		if !f.IsExported() || !slices.Contains(names, name) {
			continue
		}
		var s string
		set := !strings.Contains(opts, "omit")
		if n, ok := fv.Interface().(interface{ Get() (string, bool) }); ok {
			s, _ = n.Get()
			set = set || !fv.IsZero()
		} else if fv.Kind() == reflect.String {
			s = fv.String()
			set = set || s != ""
		}
		if s != "" {
			values = append(values, s)
		}
		present = present || set
	}
	return values, present
}

// keyedIDNamespace is the UUID namespace of the ids derived from
// idempotency keys (ops.Op.KeyedID).
var keyedIDNamespace = uuid.MustParse("0f6b1c52-3d7e-4a8f-b1e9-2c5d8a7f6e31")

// keyedID is the id derived from an idempotency key: the same key, the same
// id.
func keyedID(key string) string { return uuid.NewSHA1(keyedIDNamespace, []byte(key)).String() }

// withKeyedID returns a copy of body (a pointer to a struct) whose string
// member of JSON name member is, when empty, the id derived from key. The
// caller's body is left as it was.
func withKeyedID(body any, member, key string) any {
	v := reflect.ValueOf(body)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return body
	}
	cp := reflect.New(v.Elem().Type())
	cp.Elem().Set(v.Elem())
	for i := range cp.Elem().NumField() {
		f := cp.Elem().Type().Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == member && f.Type.Kind() == reflect.String {
			if fv := cp.Elem().Field(i); fv.String() == "" {
				fv.SetString(keyedID(key))
			}
		}
	}
	return cp.Interface()
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
		if r.auth() != ops.Public {
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
			decodeErr := decodeAnswer(respBody, out)
			if c.drift != nil {
				// Audited even when it did not decode, to say where it differs.
				if err := c.drift.audit(ctx, r.operation(), respBody, out, decodeErr); err != nil {
					return k.unusable(err)
				}
			}
			if decodeErr != nil {
				return k.unusable(fmt.Errorf("decoding the response: %w", decodeErr))
			}
			return nil
		case code == http.StatusUnauthorized && r.auth() != ops.Public && !replayed:
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
		apiErr := newAPIError(resp.StatusCode, r.method, r.path, k.key, k.attempts, resp.Header, respBody, !k.hideErrorBody)
		apiErr.redact(token)
		for _, secret := range k.secrets {
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
	if r.auth() != ops.Public {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", k.key)
	}
	if r.auth() == ops.Signed {
		req.Header.Set("X-Jiko-Signature", k.c.signer.Sign(k.key, k.signPath, k.body))
	}
	return req, nil
}

var errBodyTooLarge = fmt.Errorf("response body larger than %d bytes", maxResponseBody)

// readBody reads a whole response body, up to maxResponseBody, and closes
// it. The buffer is sized from Content-Length when the answer gives one (a
// single allocation, with a byte of room to see the end, which hands the
// connection back for reuse), and grows as io.ReadAll's would otherwise.
func readBody(resp *http.Response) ([]byte, error) { return readBodyUpTo(resp, maxResponseBody) }

// readBodyUpTo is readBody with a cap of limit bytes.
func readBodyUpTo(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > limit {
		return nil, errBodyTooLarge
	}
	size := int64(512)
	if resp.ContentLength >= 0 {
		size = resp.ContentLength + 1
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := resp.Body.Read(b[len(b):min(int64(cap(b)), limit+1)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, errBodyTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
