package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/query"
	"github.com/jiko-go/jiko/internal/retry"
)

// Version is the version of this module, sent in the User-Agent header.
const Version = "0.1.0"

const (
	defaultMaxRetries = 2
	defaultTimeout    = 60 * time.Second
	// maxResponseBody bounds how much of a response the client reads.
	maxResponseBody = 32 << 20
	loginPath       = "/api/v1/login/"
)

// Client is a client of the Jiko Partner API. Create it with NewClient; it is
// safe for concurrent use and should be reused, since it caches the login
// token and the HTTP connections.
//
// Each API area is a field: c.Pockets, c.Strategies, c.Health.
type Client struct {
	// Pockets opens, reads, renames, re-strategises and closes Pockets.
	Pockets *PocketsService
	// Strategies lists the trading strategies a Pocket can use.
	Strategies *StrategiesService
	// Health checks that the API is up.
	Health *HealthService

	common service

	base       string // scheme://host[/prefix], no trailing slash
	basePath   string // the escaped /prefix part of base, may be empty
	hc         *http.Client
	tokens     *tokenCache
	signer     *Signer
	maxRetries int
	backoff    backoff
	logger     *slog.Logger
	userAgent  string
	header     http.Header

	// Test hooks.
	jitter func() float64
	now    func() time.Time
}

// service is embedded by every resource service; it points back at the
// Client that sends its requests.
type service struct {
	client *Client
}

// NewClient returns a Client configured by opts. It needs a base URL
// (WithPartner or WithBaseURL), credentials (WithCredentials or
// WithTokenSource) and the signing secret (WithSigningSecret); the error
// names whatever is missing or wrong. NewClient makes no network call: the
// first request logs in.
func NewClient(opts ...Option) (*Client, error) {
	cfg := clientConfig{maxRetries: defaultMaxRetries, backoff: backoff{retry.Base, retry.Cap}}
	var errs []error
	for _, o := range opts {
		if o == nil {
			errs = append(errs, errors.New("nil Option"))
			continue
		}
		if err := o.applyClient(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	switch {
	case cfg.baseURLSet && cfg.partnerSet:
		errs = append(errs, errors.New("both WithPartner and WithBaseURL given: use one"))
	case cfg.baseURL == "" && !cfg.partnerSet:
		errs = append(errs, errors.New("no base URL: use WithPartner or WithBaseURL"))
	}
	base, basePath, err := checkBaseURL(cfg.baseURL)
	if err != nil && cfg.baseURL != "" {
		errs = append(errs, err)
	}
	switch {
	case cfg.credsSet && cfg.tokenSource != nil:
		errs = append(errs, errors.New("both WithCredentials and WithTokenSource given: use one"))
	case !cfg.credsSet && cfg.tokenSource == nil:
		errs = append(errs, errors.New("no credentials: use WithCredentials or WithTokenSource"))
	}
	if !cfg.secretSet {
		errs = append(errs, errors.New("no signing secret: use WithSigningSecret"))
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, errors.New("jiko: NewClient: " + strings.Join(msgs, "; "))
	}

	c := &Client{
		base:       base,
		basePath:   basePath,
		hc:         cfg.httpClient,
		signer:     NewSigner(cfg.secret),
		maxRetries: cfg.maxRetries,
		backoff:    cfg.backoff,
		logger:     cfg.logger,
		userAgent:  "jiko-go/" + Version,
		header:     cfg.header,
		now:        time.Now,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: defaultTimeout}
	}
	if c.hc.CheckRedirect == nil {
		hc := *c.hc // a shallow copy: the caller's client is left as it was
		hc.CheckRedirect = noRedirects
		c.hc = &hc
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.userAgent != "" {
		c.userAgent = cfg.userAgent + " " + c.userAgent
	}
	if cfg.tokenSource != nil {
		ts := cfg.tokenSource
		c.tokens = newTokenCache(func(context.Context) (*oauth2Token, error) { return ts.Token() }, c.clock)
	} else {
		user, pass := cfg.username, cfg.password
		c.tokens = newTokenCache(func(ctx context.Context) (*oauth2Token, error) {
			return c.login(ctx, user, pass)
		}, c.clock)
	}
	c.common.client = c
	c.Pockets = (*PocketsService)(&c.common)
	c.Strategies = (*StrategiesService)(&c.common)
	c.Health = (*HealthService)(&c.common)
	return c, nil
}

func (c *Client) clock() time.Time { return c.now() }

// String describes the client without any secret.
func (c *Client) String() string { return "jiko.Client{base: " + c.base + "}" }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.base }

func checkBaseURL(raw string) (base, basePath string, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", "", fmt.Errorf("WithBaseURL: %q is not an absolute URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", "", fmt.Errorf("WithBaseURL: %q must not carry user info, a query or a fragment", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", "", fmt.Errorf("WithBaseURL: %q must use https (plain http is allowed only for loopback hosts)", raw)
		}
	default:
		return "", "", fmt.Errorf("WithBaseURL: %q must use https", raw)
	}
	basePath = strings.TrimRight(u.EscapedPath(), "/")
	return u.Scheme + "://" + u.Host + basePath, basePath, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// request describes one logical API call.
type request struct {
	method string
	path   string // escaped, starting and ending with '/'
	params any    // query struct for internal/query, or url.Values
	body   any    // JSON-encoded when non-nil
	noAuth bool   // login and health: no token, no signature
	// hideErrorBody drops the error body where it may echo secrets (login).
	hideErrorBody bool
}

// Do sends a request to any Partner API operation, with the same login,
// signing, idempotency and retry behaviour as the typed methods. It is the
// way to reach an operation this package does not wrap yet.
//
// path is the escaped URL path below the base URL, with its trailing slash
// ("/api/v2/pockets/"); query may be nil; body, when non-nil, is encoded as
// JSON; the 2xx response body is decoded into out unless out is nil.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any, opts ...RequestOption) error {
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("jiko: Do: path %q must start with '/'", path)
	}
	return c.do(ctx, request{method: method, path: path, params: query, body: body}, out, opts)
}

func (c *Client) do(ctx context.Context, r request, out any, opts []RequestOption) error {
	if ctx == nil {
		return fmt.Errorf("jiko: %s %s: nil context", r.method, r.path)
	}
	cfg := requestConfig{maxRetries: c.maxRetries, backoff: c.backoff}
	for _, o := range opts {
		if o == nil {
			return fmt.Errorf("jiko: %s %s: nil RequestOption", r.method, r.path)
		}
		if err := o.applyRequest(&cfg); err != nil {
			return fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
		}
	}
	// The body is encoded once; every attempt sends these exact bytes.
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("jiko: %s %s: encoding request body: %w", r.method, r.path, err)
		}
	}
	target := c.base + r.path
	switch p := r.params.(type) {
	case nil:
	case url.Values:
		if len(p) > 0 {
			target += "?" + p.Encode()
		}
	default:
		q, err := query.Values(p)
		if err != nil {
			return fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
	}
	// One key per logical call, reused unchanged on every retry.
	key := cfg.idempotencyKey
	if key == "" || cfg.freshKey {
		key = uuid.NewString()
	}
	signPath := c.basePath + r.path

	var (
		retries, attempts int
		replayed          bool
		logFields         = []any{"method", r.method, "path", r.path, "idempotency_key", key}
	)
	// fail ends the call without an API answer.
	fail := func(err error) error {
		return &Error{Method: r.method, Path: r.path, IdempotencyKey: key, Attempts: attempts, Err: err}
	}
	// again waits before the next attempt when retries are left; it returns
	// the error that ends the call otherwise.
	again := func(cause error, wait time.Duration, why ...any) error {
		if retries >= cfg.maxRetries {
			return cause
		}
		retries++
		if wait < 0 {
			wait = retry.Backoff(retries, cfg.backoff.base, cfg.backoff.max, c.jitter)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// The context would end during the wait: give up now with the
			// failure itself rather than a bare deadline error.
			return cause
		}
		c.logger.WarnContext(ctx, "jiko retrying", append(append(logFields, "attempt", attempts, "wait", wait), why...)...)
		if err := sleep(ctx, wait); err != nil {
			return fail(err)
		}
		return nil
	}
	for {
		attempts++
		var token string
		if !r.noAuth {
			var err error
			if token, err = c.tokens.token(ctx); err != nil {
				return fmt.Errorf("jiko: %s %s: login: %w", r.method, r.path, err)
			}
		}
		req, err := c.newHTTPRequest(ctx, r, target, body, &cfg, token, key, signPath)
		if err != nil {
			return err
		}

		start := c.now()
		resp, err := c.hc.Do(req)
		var respBody []byte
		if err == nil {
			respBody, err = readBody(resp)
			c.logger.DebugContext(ctx, "jiko attempt", append(logFields, "attempt", attempts, "status", resp.StatusCode, "duration", c.now().Sub(start))...)
		}
		if err != nil {
			// No complete answer: a connection error, or a body cut short.
			if ctxErr := ctx.Err(); ctxErr != nil {
				return fail(ctxErr)
			}
			if errors.Is(err, errBodyTooLarge) {
				return fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
			}
			c.logger.DebugContext(ctx, "jiko attempt failed", append(logFields, "attempt", attempts, "error", err)...)
			if err := again(fail(err), -1, "reason", "connection error"); err != nil {
				return err
			}
			continue
		}

		switch code := resp.StatusCode; {
		case code >= 200 && code < 300:
			if out == nil || len(bytes.TrimSpace(respBody)) == 0 {
				return nil
			}
			if err := json.Unmarshal(respBody, out); err != nil {
				// The call took effect; keep the key in view for reconciling.
				return fmt.Errorf("jiko: %s %s: decoding %d response (idempotency key %s): %w", r.method, r.path, code, key, err)
			}
			return nil
		case code == http.StatusUnauthorized && !r.noAuth && !replayed:
			// The token was refused: forget it, log in again and replay
			// once. This does not count as a retry.
			replayed = true
			c.tokens.invalidate(token)
			c.logger.WarnContext(ctx, "jiko token refused, logging in again", append(logFields, "attempt", attempts)...)
			continue
		}
		apiErr := newAPIError(resp.StatusCode, r.method, r.path, key, attempts, resp.Header, respBody, !r.hideErrorBody)
		if !retry.RetryableStatus(resp.StatusCode) {
			return apiErr
		}
		wait, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), c.now())
		if !ok {
			wait = -1
		}
		if err := again(apiErr, wait, "status", resp.StatusCode); err != nil {
			return err
		}
	}
}

// newHTTPRequest builds one attempt: the same body bytes, key and signature
// every time, and the current token.
func (c *Client) newHTTPRequest(ctx context.Context, r request, target string, body []byte, cfg *requestConfig, token, key, signPath string) (*http.Request, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, rd)
	if err != nil {
		return nil, fmt.Errorf("jiko: %s %s: %w", r.method, r.path, err)
	}
	for k, vs := range c.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range cfg.header {
		req.Header[k] = append(req.Header[k], vs...)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !r.noAuth {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", key)
		req.Header.Set("X-Jiko-Signature", c.signer.Sign(key, signPath, body))
	}
	return req, nil
}

// noRedirects stops the default HTTP client from following redirects: a
// redirected request would lose its signature's path and, for POST, its
// method and body. A 3xx is returned as an *Error instead.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

var errBodyTooLarge = fmt.Errorf("response body larger than %d bytes", maxResponseBody)

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxResponseBody {
		return nil, errBodyTooLarge
	}
	return b, nil
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pathf builds an escaped request path from a pattern whose %s verbs are
// replaced by path-escaped segments, and checks that no segment is empty.
func pathf(pattern string, field []string, segs ...string) (string, error) {
	args := make([]any, len(segs))
	for i, s := range segs {
		if strings.TrimSpace(s) == "" {
			return "", fmt.Errorf("jiko: %s is empty", field[i])
		}
		args[i] = url.PathEscape(s)
	}
	return fmt.Sprintf(pattern, args...), nil
}
