package jiko

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/oauth2"
)

// Environment selects which Jiko deployment [WithPartner] addresses: a
// partner develops against [Sandbox] and switches to [Production] by
// changing this one value.
type Environment int

const (
	// Sandbox is https://{partner}.sandbox-api.jikoservices.com.
	Sandbox Environment = iota + 1
	// Production is https://{partner}.partner-api.jikoservices.com.
	Production
)

// String returns "sandbox" or "production".
func (e Environment) String() string {
	switch e {
	case Sandbox:
		return "sandbox"
	case Production:
		return "production"
	}
	return fmt.Sprintf("Environment(%d)", int(e))
}

// ClientOption configures a [Client] at [NewClient]: it is how a partner
// points the client at its deployment ([WithPartner], [WithBaseURL]), gives
// it credentials ([WithCredentials], [WithSigningSecret]) and sets the
// defaults of every call. Build one with the With... functions; a nil
// ClientOption is refused by NewClient.
type ClientOption interface {
	applyClient(*clientConfig) error
}

// CallOption configures a single call: every method that calls the Partner
// API, and [Client.Do], ends with ...CallOption. [WithIdempotencyKey] and
// [WithResponseInto] are CallOptions only; the [SharedOption]s
// ([WithMaxRetries], [WithRetryBackoff], [WithHeader]) override the
// client's default for that call only. A bad value is refused before
// anything is sent, as a [*ValidationError] naming the option; so is a nil
// CallOption.
type CallOption interface {
	applyCall(*requestConfig) error
}

// SharedOption is an option valid in both places: given to [NewClient] it
// sets the client's default, given to a call it overrides that default for
// the call only. [WithMaxRetries], [WithRetryBackoff] and [WithHeader]
// return one.
//
// The compiler keeps the two places apart: an option that sets up the
// client ([WithBaseURL], [WithCredentials], ...) is not a CallOption, and
// one that only makes sense for one call ([WithIdempotencyKey],
// [WithResponseInto]) is not a ClientOption.
type SharedOption interface {
	ClientOption
	CallOption
}

// clientOpt, callOpt and sharedOpt are the only implementations of the
// option interfaces; each implements exactly the interfaces its With...
// function promises, so a type assertion cannot turn one kind into the
// other.
type clientOpt struct {
	apply func(*clientConfig) error
}

func (o clientOpt) applyClient(c *clientConfig) error { return o.apply(c) }

type callOpt struct {
	name  string
	apply func(*requestConfig) error
}

func (o callOpt) applyCall(r *requestConfig) error {
	if err := o.apply(r); err != nil {
		return &ValidationError{Field: o.name, Reason: strings.TrimPrefix(err.Error(), o.name+": ")}
	}
	return nil
}

type sharedOpt struct {
	clientOpt
	callOpt
}

// clientOption builds a ClientOption; f's errors start with the name of
// its With... function.
func clientOption(f func(*clientConfig) error) ClientOption {
	return clientOpt{apply: f}
}

func callOption(name string, f func(*requestConfig) error) CallOption {
	return callOpt{name: name, apply: f}
}

func sharedOption(name string, client func(*clientConfig) error, call func(*requestConfig) error) SharedOption {
	return sharedOpt{clientOpt{apply: client}, callOpt{name: name, apply: call}}
}

// nilOption is the error of a nil option given to NewClient or a call.
const nilOption = "is nil: use the With... functions"

type clientConfig struct {
	baseURL     string
	baseURLSet  bool
	partnerSet  bool
	username    string
	password    string
	credsSet    bool
	tokenSource oauth2.TokenSource
	secret      string
	secretSet   bool
	httpClient  *http.Client
	maxRetries  int
	backoff     backoff
	logger      *slog.Logger
	userAgent   string
	header      http.Header
	// driftHandler and strictDecoding: see drift.go.
	driftHandler   DriftHandler
	driftPerCall   bool
	strictDecoding bool
}

type requestConfig struct {
	idempotencyKey string
	maxRetries     int
	backoff        backoff
	header         http.Header
	freshKey       bool
	response       *Response
}

// WithBaseURL sets the API's base URL, such as
// "https://acme.sandbox-api.jikoservices.com", for a deployment
// [WithPartner] does not name: a proxy, a gateway or a test server such as
// package jikotest's. It must use https, except for loopback hosts
// (127.0.0.1, ::1, localhost), which tests may serve over plain http. A path
// prefix is kept in front of every request path.
func WithBaseURL(u string) ClientOption {
	return clientOption(func(c *clientConfig) error {
		c.baseURL, c.baseURLSet = u, true
		return nil
	})
}

// WithPartner sets the base URL from the partner name Jiko assigned and the
// environment: https://{name}.sandbox-api.jikoservices.com for [Sandbox] and
// https://{name}.partner-api.jikoservices.com for [Production]. Use it
// instead of [WithBaseURL] for Jiko's own deployments.
func WithPartner(name string, env Environment) ClientOption {
	return clientOption(func(c *clientConfig) error {
		c.partnerSet = true
		if !validHostLabel(name) {
			return fmt.Errorf("WithPartner: name %q is not a DNS label (letters, digits and '-')", name)
		}
		switch env {
		case Sandbox:
			c.baseURL = "https://" + name + ".sandbox-api.jikoservices.com"
		case Production:
			c.baseURL = "https://" + name + ".partner-api.jikoservices.com"
		default:
			return fmt.Errorf("WithPartner: unknown environment %d: use jiko.Sandbox or jiko.Production", int(env))
		}
		return nil
	})
}

// WithCredentials makes the client log in with POST /api/v1/login/ and the
// partner's username and password, caching the bearer token and renewing it
// well before it expires. Use [WithTokenSource] instead when the token comes
// from elsewhere; [Client.Login] checks the credentials at start-up.
func WithCredentials(username, password string) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if username == "" {
			return errors.New("WithCredentials: username is empty")
		}
		if password == "" {
			return errors.New("WithCredentials: password is empty")
		}
		c.username, c.password, c.credsSet = username, password, true
		return nil
	})
}

// WithTokenSource makes the client take its bearer tokens from ts instead of
// logging in itself ([WithCredentials]), for a partner whose tokens come from
// a secrets manager or a cache shared between processes. Tokens are cached
// until their Expiry; after a 401 the client asks ts again, so ts should
// return a new token when called again.
func WithTokenSource(ts oauth2.TokenSource) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if ts == nil {
			return errors.New("WithTokenSource: token source is nil")
		}
		c.tokenSource = ts
		return nil
	})
}

// WithSigningSecret sets the shared secret that signs every request (the
// x-jiko-signature header, see [Signer]); [NewClient] requires it. The client
// never prints or logs it.
func WithSigningSecret(secret string) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if secret == "" {
			return errors.New("WithSigningSecret: secret is empty")
		}
		c.secret, c.secretSet = secret, true
		return nil
	})
}

// WithHTTPClient sets the *http.Client that sends requests (for proxies,
// custom TLS or instrumentation). Its Timeout, if any, bounds each attempt;
// the call as a whole is bounded by its context. The default client bounds
// each attempt, its response body included, to 60 seconds through the
// request's context (unless the call's context ends sooner), and keeps up
// to 64 idle connections per host. Redirects are not followed (a
// redirect would break the signature and turn a POST into a GET): a client
// without a CheckRedirect policy of its own is used through a copy that
// returns 3xx responses as errors.
func WithHTTPClient(hc *http.Client) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if hc == nil {
			return errors.New("WithHTTPClient: client is nil")
		}
		c.httpClient = hc
		return nil
	})
}

// WithLogger sets where the client logs its attempts (at Debug) and retries
// (at Warn). Tokens, passwords, secrets and bodies are never logged. The
// default discards everything.
func WithLogger(l *slog.Logger) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if l == nil {
			return errors.New("WithLogger: logger is nil")
		}
		c.logger = l
		return nil
	})
}

// WithUserAgent puts ua in front of the client's own User-Agent, so that the
// partner's requests can be told apart in Jiko's logs and its own proxies.
func WithUserAgent(ua string) ClientOption {
	return clientOption(func(c *clientConfig) error {
		if strings.ContainsAny(ua, "\r\n") {
			return errors.New("WithUserAgent: value contains a line break")
		}
		c.userAgent = ua
		return nil
	})
}

// WithMaxRetries sets how many times a failed attempt may be retried
// (default 2, so at most 3 attempts). Only connection errors and 408, 429,
// 500, 502, 503 and 504 responses are retried, with the same idempotency
// key and body, so a retry never acts twice. Given to [NewClient] it sets
// the default; given to one call it overrides it for that call (0 turns
// retries off for that call).
func WithMaxRetries(n int) SharedOption {
	check := func() error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		return nil
	}
	return sharedOption("WithMaxRetries",
		func(c *clientConfig) error { c.maxRetries = n; return check() },
		func(r *requestConfig) error { r.maxRetries = n; return check() })
}

// backoff bounds the waits between attempts.
type backoff struct{ base, max time.Duration }

// WithRetryBackoff sets the bounds of the exponential backoff between
// attempts: the first retry waits a random time below base, each further
// one doubles that ceiling, never beyond max. The defaults are 500 ms and
// 8 s. A Retry-After from the server takes precedence. Given to [NewClient]
// it sets the default; given to one call it overrides it, for example to
// keep a call inside a tight latency budget.
func WithRetryBackoff(base, max time.Duration) SharedOption {
	check := func() error {
		if base <= 0 || max < base {
			return fmt.Errorf("WithRetryBackoff: want 0 < base <= max, got base %s, max %s", base, max)
		}
		return nil
	}
	return sharedOption("WithRetryBackoff",
		func(c *clientConfig) error { c.backoff = backoff{base, max}; return check() },
		func(r *requestConfig) error { r.backoff = backoff{base, max}; return check() })
}

// reservedHeaders are set by the client on every request.
var reservedHeaders = map[string]string{
	"Authorization":      "it carries the bearer token",
	"X-Jiko-Idempotency": "use WithIdempotencyKey",
	"X-Jiko-Signature":   "it is computed from the request",
	"Content-Length":     "it is computed from the body",
}

// WithHeader adds a header to requests: to every request when given to
// [NewClient], to one call when given to a method, for a header an operation
// takes that its method does not set (such as the sandbox's x-branch-name)
// or one the partner's own gateway needs. The headers the client computes
// itself (Authorization, x-jiko-idempotency, x-jiko-signature,
// Content-Length) cannot be set this way.
func WithHeader(key, value string) SharedOption {
	canon := textproto.CanonicalMIMEHeaderKey(key)
	check := func() error {
		if !validHeaderName(key) {
			return fmt.Errorf("WithHeader: %q is not a valid header name", key)
		}
		if !validHeaderValue(value) {
			return fmt.Errorf("WithHeader: value of %s contains a control character", canon)
		}
		if why, ok := reservedHeaders[canon]; ok {
			return fmt.Errorf("WithHeader: %s is set by the client (%s)", canon, why)
		}
		return nil
	}
	add := func(h *http.Header) error {
		if err := check(); err != nil {
			return err
		}
		if *h == nil {
			*h = http.Header{}
		}
		h.Add(canon, value)
		return nil
	}
	return sharedOption("WithHeader",
		func(c *clientConfig) error { return add(&c.header) },
		func(r *requestConfig) error { return add(&r.header) })
}

// WithIdempotencyKey sets the call's x-jiko-idempotency key instead of a new
// random one. The key must be a UUID. Derive it from your own record of the
// operation (see [IdempotencyKeyFor]) so that a process that crashes and
// sends the operation again within the hour cannot make it happen twice, or
// pass the IdempotencyKey of an [Error] whose MayHaveSucceeded is true to
// learn the outcome of the call that failed.
//
// On list iterators the key is used for the first page only; later pages
// are new requests and get keys of their own.
func WithIdempotencyKey(key string) CallOption {
	return callOption("WithIdempotencyKey", func(r *requestConfig) error {
		if _, err := uuid.Parse(key); err != nil || len(key) != 36 {
			return fmt.Errorf("WithIdempotencyKey: %q is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", key)
		}
		r.idempotencyKey = strings.ToLower(key)
		return nil
	})
}

// idempotencyNamespace is the UUID namespace of IdempotencyKeyFor.
var idempotencyNamespace = uuid.MustParse("5b1e0c3a-7f0e-4b55-9d8e-6a3c2f1d9e47")

// IdempotencyKeyFor derives a stable idempotency key (a version 5 UUID) from
// your own identifier of an operation, such as a transfer's primary key, for
// [WithIdempotencyKey]. The same input always gives the same key, so a
// retried or replayed operation is recognised by the API as a resend.
// Prefix the identifier with the kind of operation ("payout:", "ach:") so
// that two operations on the same record get different keys.
//
//	key := jiko.IdempotencyKeyFor("payout:" + payout.ID)
//	_, err := c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
func IdempotencyKeyFor(operationID string) string {
	return uuid.NewSHA1(idempotencyNamespace, []byte(operationID)).String()
}

// freshIdempotencyKey drops a caller's key; iterators use it after page one.
func freshIdempotencyKey() CallOption {
	return callOption("freshIdempotencyKey", func(r *requestConfig) error {
		r.freshKey = true
		return nil
	})
}

func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Response describes the HTTP exchange that answered a call: its status,
// headers, idempotency key, trace id and number of attempts, for a partner
// that logs them or quotes the trace id to Jiko support. Pass a pointer to
// one with [WithResponseInto] to read it after the call returns, whether the
// call succeeded or not.
type Response struct {
	// StatusCode is the status of the last attempt; 0 when none answered.
	StatusCode int
	// Header holds the last answer's headers.
	Header http.Header
	// IdempotencyKey is the x-jiko-idempotency key every attempt carried;
	// empty for the operations that take none (login, health).
	IdempotencyKey string
	// TraceID is the API's trace id of the last answer, from its
	// problem-details body or an X-Trace-Id / X-Request-Id header; empty
	// when it gave none.
	TraceID string
	// Attempts is how many times the request was sent.
	Attempts int
}

// WithResponseInto stores what the call's last HTTP exchange looked like
// (status, headers, idempotency key, trace id, attempts) in *dst when the
// call returns. It is a [CallOption]: it applies to a single call only.
//
//	var resp jiko.Response
//	p, err := c.Pockets.Create(ctx, customerID, req, jiko.WithResponseInto(&resp))
//	log.Printf("created with key %s (status %d)", resp.IdempotencyKey, resp.StatusCode)
func WithResponseInto(dst *Response) CallOption {
	return callOption("WithResponseInto", func(r *requestConfig) error {
		if dst == nil {
			return errors.New("WithResponseInto: destination is nil")
		}
		r.response = dst
		return nil
	})
}

// validHeaderName reports whether s is an HTTP token (RFC 9110).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

// validHeaderValue reports whether s holds no control character but tab.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
