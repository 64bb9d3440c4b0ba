package jiko

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/jiko-go/jiko/internal/retry"
)

// Version is the version of this module, sent in the User-Agent header.
// It names the next release until that release is tagged (see
// CHANGELOG.md).
const Version = "0.1.0-dev"

const (
	defaultMaxRetries = 2
	defaultTimeout    = 60 * time.Second
	// maxResponseBody bounds how much of a response the client reads.
	maxResponseBody = MaxResponseBody
)

// Client is a client of the Jiko Partner API. Create it with NewClient; it is
// safe for concurrent use and should be reused, since it caches the login
// token and the HTTP connections.
//
// Each area of the API is a field, one service per tag of the reference:
// c.Pockets, c.Individuals, c.ACH, c.Transactions, c.Cards, ...
type Client struct {
	// Pockets opens, reads, renames, re-strategises and closes Pockets.
	Pockets *PocketsService
	// Strategies lists the trading strategies a Pocket can use.
	Strategies *StrategiesService
	// Health checks that the API is up.
	Health *HealthService
	// Counterparties lists, adds, reads and unlinks external accounts (v2).
	Counterparties *CounterpartiesService
	// CounterpartiesV1 reads v1 counterparties and links accounts through Plaid.
	CounterpartiesV1 *CounterpartiesV1Service
	// Portals lists, opens, renames and closes a Pocket's portals (v2).
	Portals *PortalsService
	// PortalsV1 lists, opens, renames and closes a Pocket's portals (v1).
	PortalsV1 *PortalsV1Service
	// Cards manages debit cards: status, PIN, closing, physical orders, virtual cards.
	Cards *CardsService
	// Security lists Jiko's public keys for card data.
	Security *SecurityService
	// Individuals onboards people: agreements, applications, KYC documents.
	Individuals *IndividualsService
	// Businesses onboards businesses: applications, related parties, KYB documents.
	Businesses *BusinessesService
	// Customers reads customers and uploads their documents.
	Customers *CustomersService
	// ACH originates and reads ACH transfers with external bank accounts.
	ACH *ACHService
	// Wires sends and reads wire transfers.
	Wires *WiresService
	// OnUs books and reads on-us transfers between Jiko Pockets.
	OnUs *OnUsService
	// Events lists past events with their webhook deliveries, and event types.
	Events *EventsService
	// Subscriptions creates, reads, changes and deletes webhook subscriptions.
	Subscriptions *SubscriptionsService
	// Sandbox simulates the outside world in a sandbox: funding, card
	// swipes, generated cards, webhooks.
	Sandbox *SandboxService
	// Transactions lists and reads the movements of the Pockets' bank accounts (v2).
	Transactions *TransactionsService
	// TransactionsV1 reaches the deprecated v1 transaction operations.
	TransactionsV1 *TransactionsV1Service
	// Trades lists the T-bill trades of a customer's Pockets (v2).
	Trades *TradesService
	// TradesV1 reaches the v1 trade operations and trade confirmations.
	TradesV1 *TradesV1Service
	// Statements lists monthly statements and downloads short-lived document links.
	Statements *StatementsService
	// Reports requests and fetches end-of-day statements and trade reports (experimental).
	Reports *ReportsService
	// Accounts reaches the deprecated v1 Accounts operations.
	Accounts *AccountsService

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

	skewOnce *sync.Once // the clock-skew warning of a login is logged once

	drift *driftState // nil: answers are not audited (drift_audit.go)

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
func NewClient(opts ...ClientOption) (*Client, error) {
	cfg := clientConfig{maxRetries: defaultMaxRetries, backoff: backoff{retry.Base, retry.Cap}}
	var errs []error
	for i, o := range opts {
		if o == nil {
			errs = append(errs, fmt.Errorf("opts[%d] %s", i, nilOption))
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
		skewOnce:   new(sync.Once),
		drift:      newDriftState(&cfg),
	}
	if c.hc == nil {
		c.hc = &http.Client{Transport: defaultTransport()}
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
	c.Counterparties = (*CounterpartiesService)(&c.common)
	c.CounterpartiesV1 = (*CounterpartiesV1Service)(&c.common)
	c.Portals = (*PortalsService)(&c.common)
	c.PortalsV1 = (*PortalsV1Service)(&c.common)
	c.Cards = &CardsService{client: c}
	c.Security = (*SecurityService)(&c.common)
	c.Individuals = (*IndividualsService)(&c.common)
	c.Businesses = (*BusinessesService)(&c.common)
	c.Customers = (*CustomersService)(&c.common)
	c.ACH = (*ACHService)(&c.common)
	c.Wires = (*WiresService)(&c.common)
	c.OnUs = (*OnUsService)(&c.common)
	c.Events = (*EventsService)(&c.common)
	c.Subscriptions = (*SubscriptionsService)(&c.common)
	c.Sandbox = (*SandboxService)(&c.common)
	c.Transactions = (*TransactionsService)(&c.common)
	c.TransactionsV1 = (*TransactionsV1Service)(&c.common)
	c.Trades = (*TradesService)(&c.common)
	c.TradesV1 = (*TradesV1Service)(&c.common)
	c.Statements = (*StatementsService)(&c.common)
	c.Reports = (*ReportsService)(&c.common)
	c.Accounts = (*AccountsService)(&c.common)
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
	shown := redactURL(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", "", fmt.Errorf("WithBaseURL: %q is not an absolute URL", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", "", fmt.Errorf("WithBaseURL: %q must not carry user info, a query or a fragment", shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", "", fmt.Errorf("WithBaseURL: %q must use https (plain http is allowed only for loopback hosts)", shown)
		}
	default:
		return "", "", fmt.Errorf("WithBaseURL: %q must use https", shown)
	}
	basePath = strings.TrimRight(u.EscapedPath(), "/")
	return u.Scheme + "://" + u.Host + basePath, basePath, nil
}

// redactURL hides any user info of a URL, even one that does not parse.
func redactURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		scheme, rest = "", raw
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		rest = "REDACTED@" + rest[at+1:]
	}
	if ok {
		return scheme + "://" + rest
	}
	return rest
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Do sends a request to any Partner API operation, with the same login,
// signing, idempotency and retry behaviour as the typed methods. It is the
// way to reach an operation this package does not wrap.
//
// path is the escaped URL path below the base URL, with its trailing slash
// ("/api/v2/pockets/"); it must not carry a query or fragment (pass the
// query as query), and each segment, unescaped, must pass the check an id
// passes: not empty, "." or "..", without '/', '\', '%' or a control
// character. The signature covers the base URL's path prefix followed by
// path, exactly as sent. query may be nil; body, when non-nil, is encoded as JSON; the 2xx response body is
// decoded into out, which must be nil or a non-nil pointer.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any, opts ...CallOption) error {
	if err := checkRawPath(path); err != nil {
		return err
	}
	if !validHeaderName(method) {
		return invalid("method", "%q is not an HTTP method", method)
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return invalid("out", "must be nil or a non-nil pointer, not %T", out)
		}
	}
	return c.do(ctx, request{method: method, path: path, params: query, body: body}, out, opts)
}

// checkRawPath refuses a path Do cannot send as it is.
func checkRawPath(path string) error {
	switch {
	case !strings.HasPrefix(path, "/"):
		return invalid("path", "%q must start with '/'", path)
	case strings.ContainsAny(path, "?#"):
		return invalid("path", "%q must not carry a query or fragment: pass the query separately", path)
	}
	if path == "/" {
		return nil
	}
	// Each segment, unescaped, passes the check an id passes.
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		un, err := url.PathUnescape(seg)
		if err != nil {
			return invalid("path", "%q has a malformed escape", path)
		}
		if err := checkSegment("path", un); err != nil {
			return invalid("path", "%q has a segment that could leave its place: %s", path, err.(*ValidationError).Reason)
		}
	}
	return nil
}

// noRedirects stops the default HTTP client from following redirects: a
// redirected request would lose its signature's path and, for POST, its
// method and body. A 3xx is returned as an *Error instead.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// MaxResponseBody is the largest response body the client reads, 32 MiB.
// A larger answer (checked against Content-Length before reading, and while
// reading) ends the call with an *Error that carries the status and
// idempotency key; a 2xx that is too large has still taken effect.
const MaxResponseBody = 32 << 20

// sent reports whether a transport error may have come after the request
// went out: everything but a failed dial or TLS handshake.
func sent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	return !permanent(err)
}

// permanent reports whether a transport error will not go away on a retry:
// a certificate the client does not trust, a plain-HTTP answer to TLS.
func permanent(err error) bool {
	var (
		unknownCA  x509.UnknownAuthorityError
		invalidErr x509.CertificateInvalidError
		hostErr    x509.HostnameError
		verifyErr  *tls.CertificateVerificationError
		recordErr  tls.RecordHeaderError
	)
	return errors.As(err, &unknownCA) || errors.As(err, &invalidErr) || errors.As(err, &hostErr) ||
		errors.As(err, &verifyErr) || errors.As(err, &recordErr)
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
