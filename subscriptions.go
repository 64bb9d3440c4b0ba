package jiko

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jiko-go/jiko/internal/ops"
)

// SubscriptionStatus says whether Jiko delivers a subscription's events.
type SubscriptionStatus string

// The subscription statuses of the reference.
const (
	SubscriptionEnabled  SubscriptionStatus = "enabled"
	SubscriptionDisabled SubscriptionStatus = "disabled"
)

// RetryPolicy says when and how often Jiko calls a subscription's URL again
// after a call failed. Intervals grow from InitialIntervalSeconds by
// BackoffCoefficient after each try, up to MaximumIntervalSeconds.
type RetryPolicy struct {
	// RetryOnStatusCodes are the statuses of the URL's answer after which
	// Jiko tries again, such as 502 and 503; required: nil is refused
	// before sending (it would be sent as null, which the API refuses), and
	// []int{} retries on no status, only when the URL cannot be reached
	// (inferred).
	RetryOnStatusCodes []int `json:"retry_on_status_codes"`
	// BackoffCoefficient multiplies the interval after each try.
	BackoffCoefficient float64 `json:"backoff_coefficient"`
	// MaximumAttempts is how many calls Jiko makes at most, the first one
	// included.
	MaximumAttempts int `json:"maximum_attempts"`
	// InitialIntervalSeconds is the wait before the first retry.
	InitialIntervalSeconds float64 `json:"initial_interval_seconds"`
	// MaximumIntervalSeconds caps the wait between two tries.
	MaximumIntervalSeconds float64 `json:"maximum_interval_seconds"`
}

// Interval returns the wait before retry n (1 for the first retry) under
// the policy: InitialIntervalSeconds × BackoffCoefficient^(n-1), at most
// MaximumIntervalSeconds. Use it to tell how long a failed delivery may take
// to come back, for example to size a receiver's deduplication window.
func (p *RetryPolicy) Interval(n int) time.Duration {
	secs := p.InitialIntervalSeconds * math.Pow(p.BackoffCoefficient, float64(max(n, 1)-1))
	if secs > p.MaximumIntervalSeconds || math.IsNaN(secs) {
		secs = p.MaximumIntervalSeconds
	}
	return time.Duration(secs * float64(time.Second))
}

// validate checks what the reference requires (every field present) and
// what cannot mean anything: statuses outside 100..599, negative or
// non-finite numbers, no attempt at all, a cap below the first interval.
// Inferred: the reference states no bounds of its own. A nil
// RetryOnStatusCodes is refused because it encodes as null, which the API
// refuses ("retry_on_status_codes: refused").
func (p *RetryPolicy) validate(field string) error {
	var errs []error
	if p.RetryOnStatusCodes == nil {
		errs = append(errs, invalid(field+".RetryOnStatusCodes", "is nil: list the statuses of your URL's answer after which Jiko tries again, such as 500, 502, 503 and 504, or []int{} for none"))
	}
	for i, code := range p.RetryOnStatusCodes {
		if code < 100 || code > 599 {
			errs = append(errs, invalid(fmt.Sprintf("%s.RetryOnStatusCodes[%d]", field, i), "%d is not an HTTP status", code))
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"BackoffCoefficient", p.BackoffCoefficient}, {"InitialIntervalSeconds", p.InitialIntervalSeconds}, {"MaximumIntervalSeconds", p.MaximumIntervalSeconds}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			errs = append(errs, invalid(field+"."+f.name, "must be a finite number, at least 0"))
		}
	}
	if p.BackoffCoefficient == 0 {
		errs = append(errs, invalid(field+".BackoffCoefficient", "must be more than 0 (1 keeps the interval constant)"))
	}
	if p.MaximumAttempts < 1 {
		errs = append(errs, invalid(field+".MaximumAttempts", "must be at least 1, got %d", p.MaximumAttempts))
	}
	if p.MaximumIntervalSeconds < p.InitialIntervalSeconds {
		errs = append(errs, invalid(field+".MaximumIntervalSeconds", "%g is below InitialIntervalSeconds %g", p.MaximumIntervalSeconds, p.InitialIntervalSeconds))
	}
	return checkAll(errs...)
}

// Subscription is a webhook: a URL Jiko calls with the events of the types
// it lists, signed with the subscription's shared secret, as the
// [SubscriptionsService] methods return it. The API never returns the
// shared secret, and this type has no field for it.
type Subscription struct {
	// ID identifies the subscription.
	ID string `json:"id"`
	// Description says what the webhook is for.
	Description string `json:"description"`
	// Events are the event types delivered to URL.
	Events []EventName `json:"events"`
	// URL is the address Jiko posts the events to.
	URL string `json:"url"`
	// RetryPolicy says how failed deliveries are retried; nil when none is
	// set.
	RetryPolicy *RetryPolicy `json:"retry_policy,omitempty"`
	// Status is enabled or disabled; a disabled subscription receives
	// nothing.
	Status SubscriptionStatus `json:"status"`
	// TimeCreated is when the subscription was created.
	TimeCreated Timestamp `json:"time_created"`
	// UpdatedAt is when it was last changed.
	UpdatedAt Timestamp `json:"updated_at"`
	// ObjectType is "Subscription".
	ObjectType string `json:"object_type"`
}

// SubscriptionListParams pages [SubscriptionsService.List] and
// [SubscriptionsService.ListPage].
type SubscriptionListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 1 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *SubscriptionListParams) validate() error {
	return checkLimit("SubscriptionListParams.Limit", p.Limit, MaxEventListLimit)
}

// MinSharedSecretLength is the shortest shared secret the API accepts, in
// characters.
const MinSharedSecretLength = 16

// MaxSubscriptionURLLength is the longest subscription URL the API accepts.
const MaxSubscriptionURLLength = 2083

// SubscriptionCreateRequest is the body of [SubscriptionsService.Create]:
// the URL, event types, shared secret and retry policy of a new webhook
// subscription. It is checked before anything is sent.
//
// Printing it with fmt (%v, %+v, %#v, %s) or logging it with log/slog
// shows "REDACTED" in place of the shared secret.
type SubscriptionCreateRequest struct {
	// Description says what the webhook is for; optional.
	Description string `json:"description,omitempty"`
	// Events are the event types to deliver; at least one, each a known
	// type (see EventName).
	Events []EventName `json:"events"`
	// URL is the address Jiko posts events to: an absolute http(s) URL of
	// at most 2,083 characters.
	URL string `json:"url"`
	// RetryPolicy says how failed deliveries are retried; nil leaves the
	// API's default.
	RetryPolicy *RetryPolicy `json:"retry_policy,omitempty"`
	// SharedSecret is the secret Jiko signs each delivery with, at least 16
	// characters; give the same one to WebhookHandler or VerifyWebhook.
	SharedSecret string `json:"shared_secret"`
}

func (r *SubscriptionCreateRequest) validate() error {
	const typ = "SubscriptionCreateRequest"
	var retry error
	if r.RetryPolicy != nil {
		retry = r.RetryPolicy.validate(typ + ".RetryPolicy")
	}
	return checkAll(
		checkEventNames(typ+".Events", r.Events),
		checkSubscriptionURL(typ+".URL", r.URL),
		checkSharedSecret(typ+".SharedSecret", r.SharedSecret),
		retry,
	)
}

// Format prints the request with its shared secret redacted, whatever the
// verb and flags.
func (r SubscriptionCreateRequest) Format(f fmt.State, verb rune) {
	type shown SubscriptionCreateRequest // no methods: printed field by field
	s := shown(r)
	if s.SharedSecret != "" {
		s.SharedSecret = sharedSecretMask
	}
	printMasked(f, verb, s, "jiko.SubscriptionCreateRequest")
}

// String describes the request with its shared secret redacted.
func (r SubscriptionCreateRequest) String() string { return fmt.Sprintf("%+v", r) }

// GoString describes the request with its shared secret redacted, for %#v.
func (r SubscriptionCreateRequest) GoString() string { return fmt.Sprintf("%#v", r) }

// LogValue logs the request with its shared secret redacted, so that a
// log/slog JSON handler does not encode the secret.
func (r SubscriptionCreateRequest) LogValue() slog.Value { return slog.StringValue(r.String()) }

// SubscriptionUpdateRequest is the body of [SubscriptionsService.Update]: it
// changes a subscription, such as to rotate its secret or pause it. Only the
// fields that are set ([Set]) are sent. Description can be set to null
// ([Null]) to clear it and RetryPolicy to fall back to the API's default;
// the other fields cannot be null.
//
// Printing it with fmt or logging it with log/slog shows "REDACTED" in
// place of a shared secret.
type SubscriptionUpdateRequest struct {
	// Description says what the webhook is for.
	Description Nullable[string] `json:"description,omitzero"`
	// Events replaces the event types to deliver; at least one.
	Events Nullable[[]EventName] `json:"events,omitzero"`
	// URL moves the webhook to another address.
	URL Nullable[string] `json:"url,omitzero"`
	// SharedSecret replaces the signing secret, at least 16 characters. To
	// rotate without losing deliveries, accept both secrets for a while
	// (WithWebhookSecrets) before and after the change.
	SharedSecret Nullable[string] `json:"shared_secret,omitzero"`
	// RetryPolicy replaces how failed deliveries are retried. Inferred: the
	// v1.29 Update takes no retry_policy and the current partner page was
	// not readable; the Customer API's Update takes it.
	RetryPolicy Nullable[RetryPolicy] `json:"retry_policy,omitzero"`
	// Status enables or disables the subscription. Inferred, as RetryPolicy.
	Status Nullable[SubscriptionStatus] `json:"status,omitzero"`
}

func (r *SubscriptionUpdateRequest) validate() error {
	const typ = "SubscriptionUpdateRequest"
	if r.Description.IsZero() && r.Events.IsZero() && r.URL.IsZero() && r.SharedSecret.IsZero() &&
		r.RetryPolicy.IsZero() && r.Status.IsZero() {
		return invalid(typ, "no field is set")
	}
	var errs []error
	for _, f := range []struct {
		name string
		null bool
	}{{"Events", r.Events.IsNull()}, {"URL", r.URL.IsNull()}, {"SharedSecret", r.SharedSecret.IsNull()}, {"Status", r.Status.IsNull()}} {
		if f.null {
			errs = append(errs, invalid(typ+"."+f.name, "cannot be null"))
		}
	}
	if events, ok := r.Events.Get(); ok {
		errs = append(errs, checkEventNames(typ+".Events", events))
	}
	if u, ok := r.URL.Get(); ok {
		errs = append(errs, checkSubscriptionURL(typ+".URL", u))
	}
	if secret, ok := r.SharedSecret.Get(); ok {
		errs = append(errs, checkSharedSecret(typ+".SharedSecret", secret))
	}
	if st, ok := r.Status.Get(); ok && st != SubscriptionEnabled && st != SubscriptionDisabled {
		errs = append(errs, invalid(typ+".Status", "%q is not one of enabled, disabled", st))
	}
	if p, ok := r.RetryPolicy.Get(); ok {
		errs = append(errs, p.validate(typ+".RetryPolicy"))
	}
	return checkAll(errs...)
}

// Format prints the request with a shared secret redacted, whatever the
// verb and flags.
func (r SubscriptionUpdateRequest) Format(f fmt.State, verb rune) {
	type shown SubscriptionUpdateRequest
	s := shown(r)
	if _, ok := s.SharedSecret.Get(); ok {
		s.SharedSecret = Set(sharedSecretMask)
	}
	printMasked(f, verb, s, "jiko.SubscriptionUpdateRequest")
}

// String describes the request with a shared secret redacted.
func (r SubscriptionUpdateRequest) String() string { return fmt.Sprintf("%+v", r) }

// GoString describes the request with a shared secret redacted, for %#v.
func (r SubscriptionUpdateRequest) GoString() string { return fmt.Sprintf("%#v", r) }

// LogValue logs the request with a shared secret redacted.
func (r SubscriptionUpdateRequest) LogValue() slog.Value { return slog.StringValue(r.String()) }

// sharedSecretMask stands in for a secret in printed values.
const sharedSecretMask = "REDACTED"

// printMasked prints v, a copy of a value whose secrets were replaced,
// with the verb and flags of f; %#v names the original type.
func printMasked(f fmt.State, verb rune, v any, typeName string) {
	if verb == 'v' && f.Flag('#') {
		s := fmt.Sprintf("%#v", v)
		if i := strings.IndexByte(s, '{'); i >= 0 {
			s = typeName + s[i:]
		}
		_, _ = io.WriteString(f, s)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

// checkEventNames refuses an empty list and a type this package does not know.
func checkEventNames(field string, events []EventName) error {
	if len(events) == 0 {
		return invalid(field, "needs at least one event type")
	}
	for i, e := range events {
		if !e.Known() {
			return invalid(fmt.Sprintf("%s[%d]", field, i), "%q is not a known event type", e)
		}
	}
	return nil
}

// checkSubscriptionURL refuses what is not an absolute http(s) URL of at
// most 2,083 characters. The URL is not echoed: it may carry a token.
// Inferred: the reference says "uri"; that it must be http or https is
// not stated.
func checkSubscriptionURL(field, raw string) error {
	if raw == "" {
		return invalid(field, "is empty")
	}
	if len(raw) > MaxSubscriptionURLLength {
		return invalid(field, "is %d characters; at most %d", len(raw), MaxSubscriptionURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalid(field, "is not an absolute http or https URL")
	}
	return nil
}

// checkSharedSecret refuses a secret shorter than 16 characters without
// saying anything about it.
func checkSharedSecret(field, secret string) error {
	if utf8.RuneCountInString(secret) < MinSharedSecretLength {
		return invalid(field, "must be at least %d characters", MinSharedSecretLength)
	}
	return nil
}

// SubscriptionsService reaches the Subscriptions operations: the webhooks
// Jiko calls with the partner's events. Receive them with [WebhookHandler].
// Reach it as c.Subscriptions.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/subscriptions
type SubscriptionsService service

// List iterates over the partner's subscriptions
// (GET /api/v1/subscriptions/), following the cursors page by page. params
// may be nil. Errors arrive with the iteration; [IsValidation] reports a
// refused params field.
func (s *SubscriptionsService) List(ctx context.Context, params *SubscriptionListParams, opts ...CallOption) *CursorIter[Subscription] {
	return list[Subscription](ctx, s.client, at(ops.SubscriptionsList), params, opts)
}

// ListPage fetches one page of the partner's subscriptions
// (GET /api/v1/subscriptions/). Pass the page's NextPage as params.Cursor
// for the next one. [IsValidation] reports a refused params field.
func (s *SubscriptionsService) ListPage(ctx context.Context, params *SubscriptionListParams, opts ...CallOption) (*CursorPage[Subscription], error) {
	return page[Subscription](ctx, s.client, at(ops.SubscriptionsList), params, opts)
}

// Create subscribes a URL to event types (POST /api/v1/subscriptions/).
// Jiko then posts each event of those types to the URL, signed with
// req.SharedSecret (see [WebhookHandler]), and retries failed calls by
// req.RetryPolicy.
//
// A resend after a crash would create a second subscription, and every
// event would arrive twice: pass [WithIdempotencyKey] with a key derived
// from your own name for the webhook ([IdempotencyKeyFor]) to make a resend
// within the hour return the first one; [MayHaveSucceeded] tells when to
// resend. [IsValidation] reports a refused field. The API's error text is
// not kept in the error, since it could echo the secret: [Error.Issues]
// still names the refused fields.
func (s *SubscriptionsService) Create(ctx context.Context, req *SubscriptionCreateRequest, opts ...CallOption) (*Subscription, error) {
	return call[Subscription](ctx, s.client, at(ops.SubscriptionsCreate), nil, req, opts)
}

// Get reads a subscription (GET /api/v1/subscriptions/{subscription_id}/).
// [IsNotFound] reports an unknown subscription.
func (s *SubscriptionsService) Get(ctx context.Context, subscriptionID string, opts ...CallOption) (*Subscription, error) {
	return call[Subscription](ctx, s.client, at(ops.SubscriptionsGet, subscriptionID), nil, nil, opts)
}

// Update changes a subscription: its events, URL, secret, retry policy,
// description, or status to enable or disable it
// (PATCH /api/v1/subscriptions/{subscription_id}/). Only the fields set in
// req are sent. The Partner API's contract (v1.29) answers 200 with the
// subscription and the current Customer API twin answers 202: either, as
// any 2xx with the subscription, is accepted. [IsNotFound] reports an unknown
// subscription; [IsValidation] a refused field. When req sets SharedSecret,
// the API's error text is not kept in the error, since it could echo the
// secret.
func (s *SubscriptionsService) Update(ctx context.Context, subscriptionID string, req *SubscriptionUpdateRequest, opts ...CallOption) (*Subscription, error) {
	return call[Subscription](ctx, s.client, at(ops.SubscriptionsUpdate, subscriptionID), nil, req, opts)
}

// Delete removes a subscription
// (DELETE /api/v1/subscriptions/{subscription_id}/; 204): Jiko stops
// calling its URL. [IsNotFound] reports an unknown (or already deleted)
// subscription, so a retried delete can treat it as done.
func (s *SubscriptionsService) Delete(ctx context.Context, subscriptionID string, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.SubscriptionsDelete, subscriptionID), nil, nil, opts)
}
