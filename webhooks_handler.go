package jiko

import (
	clist "container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultWebhookMaxBody is the largest delivery body [WebhookHandler] reads
// unless [WithWebhookMaxBody] says otherwise. Jiko's events are a few
// hundred bytes.
const DefaultWebhookMaxBody = 1 << 20

// WebhookOption configures [WebhookHandler]: extra secrets during a
// rotation, a body limit, a logger, deduplication of repeated deliveries.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	secrets   []string // dropped once the handler holds their keys
	maxBody   int64
	logger    *slog.Logger
	loggerSet bool
	dedup     WebhookDeduplicator
	dedupSet  bool
	drift     *webhookDrift // WithWebhookDriftHandler; nil reports nothing
}

// WithWebhookSecrets adds secrets that a delivery may also be signed with.
// To rotate a subscription's shared secret without refusing a delivery,
// add the new one here, update the subscription
// ([SubscriptionsService.Update]), then make the new secret the handler's
// only one.
func WithWebhookSecrets(secrets ...string) WebhookOption {
	return func(c *webhookConfig) { c.secrets = append(c.secrets, secrets...) }
}

// WithWebhookMaxBody sets the largest body the handler reads (default
// [DefaultWebhookMaxBody]); a larger one is answered 413 without being
// verified. n <= 0 keeps the default.
func WithWebhookMaxBody(n int64) WebhookOption {
	return func(c *webhookConfig) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithWebhookLogger sets where the handler reports what it refused and
// what failed. Without it, only refused signatures are logged, through
// [slog.Default] (see [WebhookHandler]); the rest is not logged. It never
// logs a secret, a signature or a body: a bad signature is logged as a
// count, at most once a minute.
func WithWebhookLogger(l *slog.Logger) WebhookOption {
	return func(c *webhookConfig) {
		if l != nil {
			c.logger, c.loggerSet = l, true
		}
	}
}

// WithWebhookDeduplicator sets where the handler remembers the event_ids
// it has handled, replacing its default in-memory one (a
// [MemoryDeduplicator] of [DefaultDeduplicatorCapacity] ids, one per
// handler). A delivery of an event that d has seen handled is answered 200
// without calling the function again. Jiko delivers at least once, so a
// retry after a lost answer, or a replayed request, brings the same event
// back. Within one process, a second delivery of an event that is still
// being handled waits for the first.
//
// A receiver that runs as several replicas needs one store for all of
// them, ideally in the same transaction as the function's own writes:
// package github.com/jiko-go/jiko/jikoinbox claims each event in the
// partner's database, so its effect happens once across replicas. Pass d as
// nil to turn deduplication off, when the function is idempotent itself or
// deduplicates on its own (as with jikoinbox).
func WithWebhookDeduplicator(d WebhookDeduplicator) WebhookOption {
	return func(c *webhookConfig) {
		if d != nil && isNilPointer(d) {
			d = nil
		}
		c.dedup, c.dedupSet = d, true
	}
}

// WebhookDeduplicator remembers which events a [WebhookHandler] has
// handled, so that a repeated delivery is acknowledged without running the
// partner's function twice (see [WithWebhookDeduplicator]). Implement it on
// a store shared by every instance of the receiver, or use a
// [MemoryDeduplicator] for one process. Implementations must be safe for
// concurrent use.
type WebhookDeduplicator interface {
	// Seen reports whether MarkSeen was called for eventID.
	Seen(ctx context.Context, eventID string) (bool, error)
	// MarkSeen records that eventID was handled successfully.
	MarkSeen(ctx context.Context, eventID string) error
}

// WebhookHandler returns the [http.Handler] to mount at a subscription's
// URL, the receiving end of the webhooks a partner creates with
// [SubscriptionsService.Create]:
//
//	handle := func(ctx context.Context, ev *jiko.Event) error {
//		switch p := ev.Payload.Variant.(type) {
//		case *jiko.ApplicationUpdatePayload:
//			return onboarding.Refresh(ctx, p.ApplicationID)
//		}
//		return nil
//	}
//	mux.Handle("POST /webhooks/jiko", jiko.WebhookHandler(secret, handle))
//
// For each POST it reads the body (at most [DefaultWebhookMaxBody], or
// [WithWebhookMaxBody]: 413 beyond), verifies its signature against secret
// and any [WithWebhookSecrets] (401 when none matches), parses it (400 when
// it is not an event envelope; a payload that does not fit its type reaches
// fn as an [*UnknownEventPayload], see [WithWebhookDriftHandler]), calls fn
// with the request's context and answers 200 only when fn returns nil. When
// fn returns an error the answer is 500 and Jiko retries the delivery by the
// subscription's RetryPolicy, so fn must leave nothing half done. Other
// methods are answered 405.
//
// A wrong secret does not fail silently. Every delivery refused for its
// signature is counted ([WebhookReceiver.Stats]) and logged at Warn, through
// [slog.Default] unless [WithWebhookLogger] names another logger: at most
// one line a minute per handler, with the number refused since the last
// line, so forged requests cannot flood the log. A handler that refuses
// Jiko's own deliveries has a secret that is not the subscription's.
//
// A repeated delivery of an event that fn already handled is answered 200
// without calling fn again: by default the handler remembers the last
// [DefaultDeduplicatorCapacity] event ids it handled, in memory. That
// covers one process; a receiver with several replicas needs a shared store
// (package github.com/jiko-go/jiko/jikoinbox, or its own
// [WebhookDeduplicator]), and WithWebhookDeduplicator(nil) turns
// deduplication off (see [WithWebhookDeduplicator]).
//
// The handler keeps its secrets only as HMAC keys, behind pointers, and
// prints as a summary without them (fmt, slog, encoding/json).
//
// An empty secret is a configuration error: WebhookHandler panics, so that
// a missing secret stops the program at start rather than accept forged
// events or refuse every real one. A nil fn panics too.
func WebhookHandler(secret string, fn func(context.Context, *Event) error, opts ...WebhookOption) *WebhookReceiver {
	cfg := webhookConfig{secrets: []string{secret}, maxBody: DefaultWebhookMaxBody, logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	if fn == nil {
		panic("jiko: WebhookHandler: nil function")
	}
	if slices.Contains(cfg.secrets, "") {
		panic("jiko: WebhookHandler: empty secret")
	}
	if !cfg.dedupSet {
		cfg.dedup = NewMemoryDeduplicator(DefaultDeduplicatorCapacity)
	}
	keys := newWebhookKeys(cfg.secrets)
	cfg.secrets = nil
	return &WebhookReceiver{cfg: cfg, fn: fn, keys: keys, now: time.Now, inflight: map[string]chan struct{}{}}
}

// WebhookReceiver is the [http.Handler] that [WebhookHandler] returns. Its
// Stats count what it refused, for a metric or an alert. It prints as a
// summary that never shows its secrets, with every fmt verb and in slog.
type WebhookReceiver struct {
	cfg  webhookConfig
	keys webhookKeys
	fn   func(context.Context, *Event) error
	now  func() time.Time

	refused, duplicates atomic.Uint64

	logMu           sync.Mutex
	lastRefusalLog  time.Time // zero until the first refusal is logged
	refusedSinceLog uint64

	mu       sync.Mutex
	inflight map[string]chan struct{} // event ids being handled, when deduplicating
}

// WebhookStats counts what a [WebhookReceiver] did since it was made.
type WebhookStats struct {
	// Refused is the number of deliveries refused (401) because their
	// signature matched none of the handler's secrets. A rise means the
	// handler's secret is not the subscription's, or someone is posting
	// forged events.
	Refused uint64
	// Duplicates is the number of deliveries acknowledged without calling
	// the function, because their event was already handled.
	Duplicates uint64
}

// Stats returns the handler's counters.
func (h *WebhookReceiver) Stats() WebhookStats {
	return WebhookStats{Refused: h.refused.Load(), Duplicates: h.duplicates.Load()}
}

// refusalLogInterval is the least time between two log lines about
// refused signatures, per handler.
const refusalLogInterval = time.Minute

// refuse counts a delivery whose signature matched no secret, and logs the
// refusals at most once per refusalLogInterval.
func (h *WebhookReceiver) refuse(ctx context.Context) {
	total := h.refused.Add(1)
	h.logMu.Lock()
	h.refusedSinceLog++
	now := h.now()
	if !h.lastRefusalLog.IsZero() && now.Sub(h.lastRefusalLog) < refusalLogInterval {
		h.logMu.Unlock()
		return
	}
	n := h.refusedSinceLog
	h.lastRefusalLog, h.refusedSinceLog = now, 0
	h.logMu.Unlock()
	log := h.cfg.logger
	if !h.cfg.loggerSet {
		log = slog.Default()
	}
	log.WarnContext(ctx, "jiko webhook: invalid signature: is the handler's secret the subscription's shared secret?",
		"refused", n, "refused_total", total)
}

// String describes the handler without its secrets.
func (h *WebhookReceiver) String() string {
	if h == nil {
		return "jiko.WebhookReceiver(nil)"
	}
	return fmt.Sprintf("jiko.WebhookReceiver{%d secret(s) hidden}", len(h.keys))
}

// GoString is String, for %#v.
func (h *WebhookReceiver) GoString() string { return h.String() }

// Format prints String for every verb, so that no format shows a secret.
func (h *WebhookReceiver) Format(f fmt.State, verb rune) { formatMasked(f, verb, h.String()) }

// LogValue logs String.
func (h *WebhookReceiver) LogValue() slog.Value { return slog.StringValue(h.String()) }

// ServeHTTP receives one delivery (see [WebhookHandler]).
func (h *WebhookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx, log := r.Context(), h.cfg.logger
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			log.WarnContext(ctx, "jiko webhook: body too large", "limit", h.cfg.maxBody)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	if h.keys.verify(body, r.Header.Get(WebhookSignatureHeader)) != nil {
		h.refuse(ctx)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	ev, err := ParseWebhook(body)
	if err != nil {
		log.ErrorContext(ctx, "jiko webhook: signed body is not an event", "error", err)
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	// A payload that does not fit its type is not refused: fn gets it as
	// an *UnknownEventPayload, and the drift is reported.
	h.cfg.drift.report(ctx, ev)
	attrs := []any{"event_id", ev.ID, "event_type", string(ev.Type)}
	if d := h.cfg.dedup; d != nil {
		release, err := h.claim(ctx, ev.ID)
		if err != nil {
			http.Error(w, "request cancelled", http.StatusServiceUnavailable)
			return
		}
		defer release()
		seen, err := d.Seen(ctx, ev.ID)
		if err != nil {
			log.ErrorContext(ctx, "jiko webhook: deduplicator failed", append(attrs, "error", err)...)
			http.Error(w, "handler failed", http.StatusInternalServerError)
			return
		}
		if seen {
			h.duplicates.Add(1)
			log.DebugContext(ctx, "jiko webhook: duplicate delivery acknowledged", attrs...)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	if err := h.fn(ctx, ev); err != nil {
		log.ErrorContext(ctx, "jiko webhook: handler failed; answered 500, which the subscription's retry_policy may retry", append(attrs, "error", err)...)
		http.Error(w, "handler failed", http.StatusInternalServerError)
		return
	}
	if d := h.cfg.dedup; d != nil {
		// The event was handled: answer 200 even if it cannot be
		// remembered, or Jiko would deliver it again for nothing.
		if err := d.MarkSeen(ctx, ev.ID); err != nil {
			log.ErrorContext(ctx, "jiko webhook: deduplicator failed to remember a handled event", append(attrs, "error", err)...)
		}
	}
	w.WriteHeader(http.StatusOK)
}

// claim makes the caller the only one handling id in this process, waiting
// while another request handles it; release ends the claim.
func (h *WebhookReceiver) claim(ctx context.Context, id string) (release func(), err error) {
	for {
		h.mu.Lock()
		busy, ok := h.inflight[id]
		if !ok {
			done := make(chan struct{})
			h.inflight[id] = done
			h.mu.Unlock()
			return func() {
				h.mu.Lock()
				delete(h.inflight, id)
				h.mu.Unlock()
				close(done)
			}, nil
		}
		h.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// DefaultDeduplicatorCapacity is the number of event ids a
// [NewMemoryDeduplicator] given 0 remembers.
const DefaultDeduplicatorCapacity = 10_000

// MemoryDeduplicator is an in-memory [WebhookDeduplicator] that remembers
// the most recently seen event ids, up to a capacity, forgetting the least
// recently seen first. It suits a single process, and is what a
// [WebhookHandler] uses by default; several instances behind a load
// balancer need a shared store, such as package
// github.com/jiko-go/jiko/jikoinbox.
type MemoryDeduplicator struct {
	mu       sync.Mutex
	capacity int
	order    *clist.List // of string, most recently seen first
	ids      map[string]*clist.Element
}

// NewMemoryDeduplicator returns a [MemoryDeduplicator] that remembers
// capacity ids ([DefaultDeduplicatorCapacity] when capacity < 1), for
// [WithWebhookDeduplicator].
func NewMemoryDeduplicator(capacity int) *MemoryDeduplicator {
	if capacity < 1 {
		capacity = DefaultDeduplicatorCapacity
	}
	return &MemoryDeduplicator{capacity: capacity, order: clist.New(), ids: map[string]*clist.Element{}}
}

// Seen reports whether eventID is remembered, and makes it the most
// recently seen.
func (d *MemoryDeduplicator) Seen(_ context.Context, eventID string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	el, ok := d.ids[eventID]
	if ok {
		d.order.MoveToFront(el)
	}
	return ok, nil
}

// MarkSeen remembers eventID, forgetting the least recently seen id when
// the capacity is reached.
func (d *MemoryDeduplicator) MarkSeen(_ context.Context, eventID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if el, ok := d.ids[eventID]; ok {
		d.order.MoveToFront(el)
		return nil
	}
	d.ids[eventID] = d.order.PushFront(eventID)
	if d.order.Len() > d.capacity {
		oldest := d.order.Back()
		d.order.Remove(oldest)
		delete(d.ids, oldest.Value.(string))
	}
	return nil
}

// Len returns how many ids are remembered.
func (d *MemoryDeduplicator) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.order.Len()
}
