package jikotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/jiko-go/jiko/internal/ops"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// IdempotencyWindow is how long a key is remembered: a request that reuses
// a key within this window is a resend. Move a [WithClock] clock past it to
// test a resend that comes too late.
const IdempotencyWindow = time.Hour

// DefaultTokenLifetime is the lifetime of the tokens the login issues, as on
// the real API; [WithTokenLifetime] shortens it.
const DefaultTokenLifetime = time.Hour

// The request bodies the server reads are bounded, as at a real API's edge:
// a larger one is answered 413 before it is handled, so it has no effect.
// The upload limit is the reference's 50 MB, plus room; the JSON limit is
// the fake's own choice (the reference publishes none): 1 MiB holds the
// largest body of any JSON operation many times over.
const (
	maxUploadBody = 52<<20 + 1<<10
	maxJSONBody   = 1 << 20
)

// uploads are the operations whose body is a raw file rather than JSON,
// and so take the upload limit.
var uploads = map[*ops.Op]bool{
	ops.CustomersUploadDocument:   true,
	ops.IndividualsUploadDocument: true,
	ops.BusinessesUploadDocument:  true,
}

// bodyLimit returns the most bytes the body of a request to op (nil for
// no operation) may hold.
func bodyLimit(op *ops.Op) int64 {
	if uploads[op] {
		return maxUploadBody
	}
	return maxJSONBody
}

// Server is an in-process fake of the Jiko Partner API, for trying a
// [jiko.Client] offline and for testing a partner's own code against the
// API's rules: authentication, idempotency, validation, money movements,
// webhooks, and injected faults. Create it with [NewServer] and stop it with
// [Server.Close]. It is safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, such as http://127.0.0.1:41234.
	URL string

	// The credentials are fixed at NewServer (WithCredentials,
	// WithSigningSecret) and read through accessors, so that what the
	// server checks is what ClientOptions hands out.
	username, password string
	signingSecret      string

	hs            *httptest.Server
	mux           *http.ServeMux
	auth          map[string]auth    // route pattern -> credentials it takes
	ops           map[string]*ops.Op // route pattern -> the operation mounted there
	tokenLifetime time.Duration
	now           func() time.Time
	clock         *Clock        // the clock behind now, when WithClock gave one
	closing       chan struct{} // closed by Close: injected delays end
	closeOnce     sync.Once
	listener      net.Listener               // WithListener (listen.go)
	readTimeouts  [2]time.Duration           // WithReadTimeouts (listen.go): header, body
	controls      atomic.Pointer[controlSet] // EnableControls (control.go)

	driftMu    sync.Mutex  // guards driftRules
	driftRules []DriftRule // see drift.go

	mu       sync.Mutex // guards everything below
	tokens   map[string]time.Time
	idem     map[string]*idemEntry
	swept    time.Time // when idem was last rid of its expired keys
	requests []Request
	logins   int
	effects  int
	faults   faultState
	state    state
}

// Option configures a [Server] at [NewServer].
type Option func(*Server)

// WithCredentials sets the username and password the login accepts
// (random by default), for a test that builds its client from fixed
// settings rather than [Server.ClientOptions].
func WithCredentials(username, password string) Option {
	return func(s *Server) { s.username, s.password = username, password }
}

// WithSigningSecret sets the signing secret requests must be signed with
// (random by default), for a test that builds its client from fixed
// settings, or checks a known signature.
func WithSigningSecret(secret string) Option {
	return func(s *Server) { s.signingSecret = secret }
}

// WithTokenLifetime sets how long the tokens the login issues stay valid,
// so that tests can watch a client renew them.
func WithTokenLifetime(d time.Duration) Option {
	return func(s *Server) { s.tokenLifetime = d }
}

// WithClock sets the server's clock, which decides token expiry, the
// idempotency window, the times the server records and when webhook
// retries fall due, so that a test can move time on without waiting. The
// default is [time.Now].
//
// clock is a [*Clock] or a function such as its Now method. Only with a
// *Clock do the webhook retries wait for the clock ([Clock.Advance] past
// the interval sends the next attempt); with a function they wait the
// interval in real time, scaled by [WithWebhookTimeScale].
func WithClock[C *Clock | func() time.Time](clock C) Option {
	return func(s *Server) {
		switch c := any(clock).(type) {
		case *Clock:
			s.now, s.clock = c.Now, c
		case func() time.Time:
			s.now, s.clock = c, nil
		}
	}
}

// NewServer starts a fake Partner API on a loopback port. Stop it with
// [Server.Close]; [Server.Client] and [Server.ClientOptions] give a
// [jiko.Client] wired to it.
func NewServer(opts ...Option) *Server {
	s := &Server{
		username:      "partner-" + randomText(6),
		password:      randomText(18),
		signingSecret: randomText(24),
		tokenLifetime: DefaultTokenLifetime,
		now:           time.Now,
		closing:       make(chan struct{}),
		tokens:        map[string]time.Time{},
		idem:          map[string]*idemEntry{},
		state:         newState(),
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.auth = map[string]auth{}
	s.ops = map[string]*ops.Op{}
	for _, register := range resources {
		register(s)
	}
	s.hs = s.start(http.HandlerFunc(s.serveHTTP))
	s.URL = s.hs.URL
	return s
}

// resources lists the API areas the server answers. Each lives in a file
// of its own whose init adds its register function, which declares its
// routes with Server.mount (routes.go).
var resources []func(*Server)

// auth says which credentials a route takes, as the reference declares.
type auth uint8

const (
	// signed: bearer token, idempotency key and signature.
	signed auth = iota
	// unsigned: bearer token and idempotency key; no signature is declared
	// (raw-file uploads, sandbox operations). One sent anyway is ignored.
	unsigned
	// public: no credentials (login, public keys, health).
	public
)

// Close shuts the server down. It first stops the webhook deliveries under
// way, pending retries included (see [Server.StopDeliveries]), and drops
// the requests waiting out an injected delay ([Server.SetLatency],
// [Fault].Delay), then waits for the requests being answered. It may be
// called more than once. [Server.Client] registers it to run when the test
// ends.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.StopDeliveries()
	s.hs.Close()
}

// Username returns the username the login accepts: the one given with
// [WithCredentials], or a random one. It cannot change once the server runs.
func (s *Server) Username() string { return s.username }

// Password returns the password the login accepts: the one given with
// [WithCredentials], or a random one. It cannot change once the server runs.
func (s *Server) Password() string { return s.password }

// SigningSecret returns the shared secret requests must be signed with:
// the one given with [WithSigningSecret], or a random one. It cannot
// change once the server runs.
func (s *Server) SigningSecret() string { return s.signingSecret }

// HTTPClient returns an [*http.Client] that reaches the server, for raw
// HTTP calls in a test, such as reading an answer's exact JSON.
func (s *Server) HTTPClient() *http.Client { return s.hs.Client() }

// ClientOptions returns the options that wire a [jiko.Client] to the
// server: its URL, credentials and signing secret. Pass them to
// [jiko.NewClient], followed by any of your own, outside a test. The client
// keeps its own transport (plain HTTP on loopback), as in production.
//
//	c, err := jiko.NewClient(srv.ClientOptions()...)
func (s *Server) ClientOptions() []jiko.ClientOption {
	return []jiko.ClientOption{
		jiko.WithBaseURL(s.URL),
		jiko.WithCredentials(s.username, s.password),
		jiko.WithSigningSecret(s.signingSecret),
	}
}

// Client returns a [*jiko.Client] wired to the server (see
// [Server.ClientOptions]) for a test. Its retry backoff is short (1 ms to
// 20 ms) so that a test that injects a 429 or 503 does not sleep for
// seconds; opts are applied after these and can change it. The server is
// closed when the test ends.
//
//	func TestOpenSavings(t *testing.T) {
//		srv := jikotest.NewServer()
//		c := srv.Client(t)
//		customer := srv.AddCustomer("")
//		srv.FailNext(1, jikotest.Fault{
//			Method: "POST", Path: "/api/v2/customers/*", Drop: jikotest.DropAfterHandling,
//		})
//		p, err := openSavings(ctx, c, customer, "goal-1") // your code: retried, one Pocket
//		...
//	}
func (s *Server) Client(t testing.TB, opts ...jiko.ClientOption) *jiko.Client {
	t.Helper()
	t.Cleanup(s.Close)
	base := append(s.ClientOptions(), jiko.WithRetryBackoff(time.Millisecond, 20*time.Millisecond))
	c, err := jiko.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("jikotest: %v", err)
	}
	return c
}

// Request is a request as the server received it, as [Server.Requests]
// returns it: for asserting what a client sent (path, query, headers, exact
// body) and how the server answered.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the escaped URL path.
	Path string
	// Query is the raw query string.
	Query string
	// Header holds the request's headers as received.
	Header http.Header
	// Body is the request body as received (bytes, not decoded).
	Body []byte
	// Status is the status the server answered with; 0 when it dropped
	// the connection instead.
	Status int
	// Fault describes the fault injected into this request, if any.
	Fault string
	// Replayed is true when the answer was the stored response of an
	// earlier request with the same idempotency key.
	Replayed bool

	op *ops.Op // the operation at its path, or nil
}

// Requests returns the requests received so far, oldest first, the login
// included. They are copies (headers and bodies too): a test may change
// them without changing what the next call returns.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header, r.Body = r.Header.Clone(), bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// Logins returns how many successful logins the server has answered, to
// check that a client caches and renews its token as it should.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// SideEffects returns how many state changes the server has performed
// (Pockets created, updated, ...). Resends answered from the idempotency
// store perform none, so a test checks with it that a retried or resent
// call acted once.
func (s *Server) SideEffects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.effects
}

type stored struct {
	status int
	header http.Header
	body   []byte
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveControl(w, r) {
		return
	}
	defer s.changed()
	_, pattern := s.mux.Handler(r)
	op := s.ops[pattern]
	limit := bodyLimit(op)
	var body []byte
	if r.ContentLength <= limit {
		var err error
		if body, err = io.ReadAll(io.LimitReader(r.Body, limit+1)); err != nil {
			return
		}
	}
	tooLarge := r.ContentLength > limit || int64(len(body)) > limit
	if tooLarge {
		body = nil // not kept: it is refused unread
	}
	path := r.URL.EscapedPath()
	s.mu.Lock()
	idx := len(s.requests)
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, op: op,
	})
	fault := s.faults.pick(r.Method, path)
	s.mu.Unlock()
	setResult := func(status int, replayed bool) {
		s.mu.Lock()
		s.requests[idx].Status, s.requests[idx].Replayed = status, replayed
		if fault != nil {
			s.requests[idx].Fault = fault.String()
		}
		s.mu.Unlock()
	}

	delay := s.latency()
	if fault != nil {
		delay += fault.Delay
	}
	if delay > 0 && !s.sleep(r, delay) {
		setResult(0, false)
		dropConnection(w)
		return
	}
	if fault != nil {
		switch {
		case fault.Drop == DropBeforeHandling:
			setResult(0, false)
			dropConnection(w)
			return
		case fault.Status != 0:
			if fault.RetryAfter != "" {
				w.Header().Set("Retry-After", fault.RetryAfter)
			}
			writeJSON(w, fault.Status, map[string]string{"detail": http.StatusText(fault.Status) + " (injected by jikotest)"})
			setResult(fault.Status, false)
			return
		}
	}

	if tooLarge {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{
			"detail": "Request body too large: the limit is " + strconv.FormatInt(limit, 10) + " bytes",
		})
		setResult(http.StatusRequestEntityTooLarge, false)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	resp, replayed := s.handle(r, pattern, path, body)
	s.observe(r, body, resp)
	resp = s.applyDrift(r, resp)

	if resp == nil || (fault != nil && fault.Drop == DropAfterHandling) {
		setResult(0, replayed)
		dropConnection(w)
		return
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	if replayed {
		w.Header().Set("X-Jikotest-Replayed", "true")
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
	setResult(resp.status, replayed)
}

// handle checks the credentials, signature and idempotency key of a
// request the way the real API does, then runs its operation (the route
// at pattern). resp is nil when the client went away while its resend
// waited for the first answer.
func (s *Server) handle(r *http.Request, pattern, path string, body []byte) (resp *stored, replayed bool) {
	a, routed := s.auth[pattern]
	if a == public || !routed {
		// No operation at this path (404) or for this method (405): the
		// API routes before it checks credentials, as FastAPI does.
		return s.dispatch(r), false
	}
	if resp := s.checkCredentials(r, path, body, a == signed); resp != nil {
		return resp, false
	}
	key := strings.ToLower(r.Header.Get("X-Jiko-Idempotency"))
	return s.idempotent(r, key, path, sha256.Sum256(canonicalJSON(body)))
}

// checkCredentials answers a request whose credentials the API would
// refuse; nil lets it through. The 401 and 422 bodies are the API's own
// shapes (FastAPI); the 403 for a signature that does not match is an
// assumption: the reference shows no answer for it.
func (s *Server) checkCredentials(r *http.Request, path string, body []byte, sign bool) *stored {
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	s.mu.Lock()
	exp, known := s.tokens[token]
	valid := ok && known && s.now().Before(exp)
	s.mu.Unlock()
	if !valid {
		detail := "Not authenticated"
		if known {
			detail = "Token has expired"
		}
		return jsonResponse(http.StatusUnauthorized, map[string]string{"detail": detail})
	}
	key := r.Header.Get("X-Jiko-Idempotency")
	sig := r.Header.Get("X-Jiko-Signature")
	var issues []issue
	if key == "" {
		issues = append(issues, issue{Loc: []any{"header", "x-jiko-idempotency"}, Msg: "field required", Type: "value_error.missing"})
	} else if _, err := uuid.Parse(key); err != nil || len(key) != 36 {
		issues = append(issues, issue{Loc: []any{"header", "x-jiko-idempotency"}, Msg: "value is not a valid uuid", Type: "type_error.uuid"})
	}
	if sig == "" && sign {
		issues = append(issues, issue{Loc: []any{"header", "x-jiko-signature"}, Msg: "field required", Type: "value_error.missing"})
	}
	if len(issues) > 0 {
		return jsonResponse(http.StatusUnprocessableEntity, map[string]any{"detail": issues})
	}
	if sign && !validSignature(s.signingSecret, key, path, body, sig) {
		return jsonResponse(http.StatusForbidden, map[string]string{
			"detail": "Invalid x-jiko-signature: expected base64(HMAC-SHA256(secret, x-jiko-idempotency + path + body))",
		})
	}
	return nil
}

// validSignature checks a request signature the fake's own way rather than
// with the SDK it tests, so that a signing defect in the SDK cannot pass
// its own fake: x-jiko-signature = base64(HMAC-SHA256(secret, idempotency
// key + escaped URL path + body bytes)), the path as received, any prefix
// included. Only the canonical padded base64 matches.
func validSignature(secret, key, path string, body []byte, sig string) bool {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(key))
	m.Write([]byte(path))
	m.Write(body)
	want := base64.StdEncoding.EncodeToString(m.Sum(nil))
	return hmac.Equal([]byte(want), []byte(sig))
}

// dispatch runs the operation and captures its answer. An operation that
// panics (a bug in the fake) answers 500 with the panic in its detail, and
// the panic and its stack are logged, so that the test that met it fails
// with a reason rather than a dropped connection.
func (s *Server) dispatch(r *http.Request) (resp *stored) {
	defer func() {
		if v := recover(); v != nil {
			log.Printf("jikotest: panic serving %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
			resp = jsonResponse(http.StatusInternalServerError, map[string]string{
				"detail": fmt.Sprintf("jikotest: the operation panicked: %v", v),
			})
		}
	}()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	resp = &stored{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		// The mux's own 404 and 405, in the API's JSON form.
		resp = jsonResponse(rec.Code, map[string]string{"detail": http.StatusText(rec.Code)})
		if allow := rec.Header().Get("Allow"); allow != "" {
			resp.header.Set("Allow", allow)
		}
	}
	return resp
}

// issue is one entry of a 422 detail list.
type issue struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

func jsonResponse(status int, v any) *stored {
	b, _ := json.Marshal(v)
	return &stored{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: b}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// sleep waits d before r is handled; false when the client went away or
// the server is closing first.
func (s *Server) sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("jikotest: response writer cannot drop the connection")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
