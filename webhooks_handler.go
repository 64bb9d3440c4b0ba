package jiko

import (
	clist "container/list"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
)

// DefaultWebhookMaxBody is the largest delivery body [WebhookHandler] reads
// unless [WithWebhookMaxBody] says otherwise. Jiko's events are a few
// hundred bytes.
const DefaultWebhookMaxBody = 1 << 20

// WebhookOption configures [WebhookHandler]: extra secrets during a
// rotation, a body limit, a logger, deduplication of repeated deliveries.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	secrets []string
	maxBody int64
	logger  *slog.Logger
	dedup   WebhookDeduplicator
	drift   *webhookDrift // WithWebhookDriftHandler; nil reports nothing
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
// what failed (nothing is logged by default). It never logs a secret, a
// signature or a body: a bad signature is logged as a bare fact.
func WithWebhookLogger(l *slog.Logger) WebhookOption {
	return func(c *webhookConfig) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithWebhookDeduplicator makes the handler call its function once per
// event_id: a delivery of an event that d has seen handled is answered 200
// without calling it again. Jiko delivers at least once, so a retry after a
// lost answer, or a replayed request, brings the same event back. Within
// one process, a second delivery of an event that is still being handled
// waits for the first. d may be a [NewMemoryDeduplicator], or the partner's
// own store shared by all its instances.
func WithWebhookDeduplicator(d WebhookDeduplicator) WebhookOption {
	return func(c *webhookConfig) { c.dedup = d }
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

// WebhookHandler returns an [http.Handler] to mount at a subscription's URL,
// the receiving end of the webhooks a partner creates with
// [SubscriptionsService.Create]:
//
//	handle := func(ctx context.Context, ev *jiko.Event) error {
//		switch p := ev.Payload.Variant.(type) {
//		case *jiko.ApplicationUpdatePayload:
//			return onboarding.Refresh(ctx, p.ApplicationID)
//		}
//		return nil
//	}
//	dedup := jiko.WithWebhookDeduplicator(jiko.NewMemoryDeduplicator(10_000))
//	mux.Handle("POST /webhooks/jiko", jiko.WebhookHandler(secret, handle, dedup))
//
// For each POST it reads the body (at most [DefaultWebhookMaxBody], or
// [WithWebhookMaxBody]: 413 beyond), verifies its signature against secret
// and any [WithWebhookSecrets] (401, logged without detail, when none
// matches), parses it (400 when it is not an event envelope; a payload
// that does not fit its type reaches fn as an [*UnknownEventPayload], see
// [WithWebhookDriftHandler]), calls fn with the
// request's context and answers 200 only when fn returns nil. When fn
// returns an error the answer is 500 and Jiko retries the delivery by the
// subscription's RetryPolicy, so fn must leave nothing half done. Other
// methods are answered 405.
//
// An empty secret is a configuration error: WebhookHandler panics, so that
// a missing secret stops the program at start rather than accept forged
// events or refuse every real one. A nil fn panics too.
func WebhookHandler(secret string, fn func(context.Context, *Event) error, opts ...WebhookOption) http.Handler {
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
	return &webhookHandler{cfg: cfg, fn: fn, keys: newWebhookKeys(cfg.secrets), inflight: map[string]chan struct{}{}}
}

type webhookHandler struct {
	cfg  webhookConfig
	keys webhookKeys
	fn   func(context.Context, *Event) error

	mu       sync.Mutex
	inflight map[string]chan struct{} // event ids being handled, when deduplicating
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		log.WarnContext(ctx, "jiko webhook: invalid signature")
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
			log.DebugContext(ctx, "jiko webhook: duplicate delivery acknowledged", attrs...)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	if err := h.fn(ctx, ev); err != nil {
		log.ErrorContext(ctx, "jiko webhook: handler failed; Jiko will retry", append(attrs, "error", err)...)
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
func (h *webhookHandler) claim(ctx context.Context, id string) (release func(), err error) {
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
// recently seen first. It suits a single process; several instances behind
// a load balancer need a shared store.
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
