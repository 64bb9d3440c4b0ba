package jikotest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// subscription is one of the partner's webhooks.
type subscription struct {
	id          string
	description string
	events      []string
	url         string
	secret      string
	policy      *retryPolicyWire // nil: none set
	status      string
	created     time.Time
	updated     time.Time
}

// subscriptions keeps the partner's webhooks in creation order.
type subscriptions struct {
	byID  map[string]*subscription
	order []string
}

const (
	maxSubscriptionURL    = 2083
	minSharedSecret       = 16
	maxSubscriptionsLimit = 100
	defaultListLimit      = 30
)

var subscriptionStatuses = []string{"enabled", "disabled"}

// subscriptionWire is a Subscription as the current reference's Create
// Subscription response lists it: retry_policy is always there, null when
// none is set. The shared secret is never sent back.
type subscriptionWire struct {
	Description string           `json:"description"`
	Events      []string         `json:"events"`
	URL         string           `json:"url"`
	RetryPolicy *retryPolicyWire `json:"retry_policy"`
	ID          string           `json:"id"`
	TimeCreated string           `json:"time_created"`
	UpdatedAt   string           `json:"updated_at"`
	Status      string           `json:"status"`
	ObjectType  string           `json:"object_type"`
}

// retryPolicyWire is a subscription's retry policy; all five fields are
// required.
type retryPolicyWire struct {
	RetryOnStatusCodes     []int   `json:"retry_on_status_codes"`
	BackoffCoefficient     float64 `json:"backoff_coefficient"`
	MaximumAttempts        int     `json:"maximum_attempts"`
	InitialIntervalSeconds float64 `json:"initial_interval_seconds"`
	MaximumIntervalSeconds float64 `json:"maximum_interval_seconds"`
}

func (sub *subscription) wire() subscriptionWire {
	return subscriptionWire{
		Description: sub.description, Events: slices.Clone(sub.events), URL: sub.url, RetryPolicy: sub.policy,
		ID: sub.id, TimeCreated: webhookTime(sub.created), UpdatedAt: webhookTime(sub.updated),
		Status: sub.status, ObjectType: "Subscription",
	}
}

// webhookTime writes a time as the API does: ISO 8601 with microseconds
// and a +00:00 offset.
func webhookTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999999-07:00") }

func init() { resources = append(resources, registerSubscriptions) }

// registerSubscriptions adds the Subscriptions operations.
func registerSubscriptions(s *Server) {
	s.mount(ops.SubscriptionsList, s.listSubscriptions)
	s.mount(ops.SubscriptionsCreate, s.createSubscription)
	s.mount(ops.SubscriptionsGet, s.getSubscription)
	s.mount(ops.SubscriptionsUpdate, s.updateSubscription)
	s.mount(ops.SubscriptionsDelete, s.deleteSubscription)
}

func (s *Server) listSubscriptions(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, defaultListLimit, maxSubscriptionsLimit)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]subscriptionWire, 0, len(s.state.subscriptions.order))
	for _, id := range s.state.subscriptions.order {
		all = append(all, s.state.subscriptions.byID[id].wire())
	}
	writeJSON(w, http.StatusOK, paginate(all, lp))
}

func (s *Server) createSubscription(w http.ResponseWriter, r *http.Request) {
	in, ok := readSubscriptionBody(w, r, true)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	sub := &subscription{id: uuid.NewString(), status: "enabled", created: now, updated: now}
	in.apply(sub)
	s.state.subscriptions.byID[sub.id] = sub
	s.state.subscriptions.order = append(s.state.subscriptions.order, sub.id)
	s.effects++
	s.warnNotLoopback(sub)
	writeJSON(w, http.StatusCreated, sub.wire())
}

func (s *Server) getSubscription(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (subscriptionWire, bool) {
		sub := s.state.subscriptions.byID[r.PathValue("subscription_id")]
		if sub == nil {
			return subscriptionWire{}, false
		}
		return sub.wire(), true
	})
}

// updateSubscription answers 200 with the subscription, as the Partner
// API's own contract (v1.29) lists. The current Customer API page answers
// 202; the SDK accepts either.
func (s *Server) updateSubscription(w http.ResponseWriter, r *http.Request) {
	in, ok := readSubscriptionBody(w, r, false)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.state.subscriptions.byID[r.PathValue("subscription_id")]
	if sub == nil {
		notFound(w)
		return
	}
	in.apply(sub)
	sub.updated = s.now()
	s.effects++
	if in.url != nil {
		s.warnNotLoopback(sub)
	}
	writeJSON(w, http.StatusOK, sub.wire())
}

func (s *Server) deleteSubscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("subscription_id")
	if s.state.subscriptions.byID[id] == nil {
		notFound(w)
		return
	}
	delete(s.state.subscriptions.byID, id)
	s.state.subscriptions.order = slices.DeleteFunc(s.state.subscriptions.order, func(x string) bool { return x == id })
	s.effects++
	w.WriteHeader(http.StatusNoContent)
}

// Subscriptions returns the partner's subscriptions as the API would
// ([jiko.Subscription]), in creation order, to check what a partner's setup
// code subscribed without a client call.
func (s *Server) Subscriptions() []jiko.Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]jiko.Subscription, 0, len(s.state.subscriptions.order))
	for _, id := range s.state.subscriptions.order {
		out = append(out, toSDK[jiko.Subscription](s.state.subscriptions.byID[id].wire()))
	}
	return out
}

// subscriptionInput is a create or update body, read field by field; a nil
// pointer is a field left alone.
type subscriptionInput struct {
	description *string
	events      []string
	url         *string
	secret      *string
	status      *string
	policySet   bool
	policy      *retryPolicyWire // nil with policySet: removed
}

func (in *subscriptionInput) apply(sub *subscription) {
	if in.description != nil {
		sub.description = *in.description
	}
	if in.events != nil {
		sub.events = in.events
	}
	if in.url != nil {
		sub.url = *in.url
	}
	if in.secret != nil {
		sub.secret = *in.secret
	}
	if in.status != nil {
		sub.status = *in.status
	}
	if in.policySet {
		sub.policy = in.policy
	}
}

// readSubscriptionBody reads a create or update body, answering 422 when
// the API would refuse it.
func readSubscriptionBody(w http.ResponseWriter, r *http.Request, create bool) (subscriptionInput, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return subscriptionInput{}, false
	}
	in := readSubscriptionInput(b, create)
	if b.failed(w) {
		return subscriptionInput{}, false
	}
	return in, true
}

// readSubscriptionInput reads a body as the API's schema does (FastAPI
// 422 issues). Create requires events, url and shared_secret; a null
// description is "" and a null retry_policy none. On update every field is
// optional, status may be set, a null description clears it and a null
// retry_policy removes it; the other fields cannot be null (inferred: the
// current Update page types them "any"). No issue echoes the secret.
func readSubscriptionInput(b bodyReader, create bool) subscriptionInput {
	var in subscriptionInput
	// given reads whether a member that cannot be null is there to read.
	given := func(name string) bool {
		raw, ok := b.fields[name]
		switch {
		case !ok && create:
			b.missing(name)
		case ok && isNull(raw):
			b.add(name, "none is not an allowed value", "type_error.none.not_allowed")
		}
		return ok && !isNull(raw)
	}
	// str reads a member that is there; ok is false when it is refused.
	str := func(name string) (string, bool) {
		v := b.str(name, false, 0)
		return v, !b.failedAt(name)
	}

	if d, ok := b.nullable("description"); ok && !b.failedAt("description") {
		in.description = cmp.Or(d, new(string))
	} else if !ok && create {
		in.description = new(string)
	}
	if given("events") {
		var events []string
		switch err := json.Unmarshal(b.fields["events"], &events); {
		case err != nil:
			b.add("events", "value is not a valid list of strings", "type_error.list")
		case len(events) == 0:
			b.add("events", "ensure this value has at least 1 items", "value_error.list.min_items")
		default:
			if b.enums("events", subscribableEvents...); !b.failedAt("events") {
				in.events = events
			}
		}
	}
	if given("url") {
		if u, ok := str("url"); ok {
			if msg, typ := checkWebhookURL(u); msg != "" {
				b.add("url", msg, typ)
			} else {
				in.url = &u
			}
		}
	}
	if given("shared_secret") {
		if secret, ok := str("shared_secret"); ok {
			if utf8.RuneCountInString(secret) < minSharedSecret {
				b.add("shared_secret", "ensure this value has at least 16 characters", "value_error.any_str.min_length")
			} else {
				in.secret = &secret
			}
		}
	}
	if raw, ok := b.fields["retry_policy"]; ok {
		in.policySet = true
		if !isNull(raw) {
			in.policy = objectIn(readRetryPolicy)(b, "retry_policy")
		}
	}
	if _, ok := b.fields["status"]; ok && !create && given("status") {
		if st, ok := str("status"); ok {
			if !slices.Contains(subscriptionStatuses, st) {
				b.outside("status", subscriptionStatuses...)
			} else {
				in.status = &st
			}
		}
	}
	return in
}

// checkWebhookURL returns the pydantic message and type of a URL the API
// refuses, or "" when it is an absolute http(s) URL of at most 2,083
// characters.
func checkWebhookURL(u string) (msg, typ string) {
	if u == "" {
		return "ensure this value has at least 1 characters", "value_error.any_str.min_length"
	}
	if len(u) > maxSubscriptionURL {
		return "ensure this value has at most 2083 characters", "value_error.any_str.max_length"
	}
	p, err := url.Parse(u)
	switch {
	case err != nil || p.Scheme == "":
		return "invalid or missing URL scheme", "value_error.url.scheme"
	case p.Scheme != "http" && p.Scheme != "https":
		return "URL scheme not permitted", "value_error.url.scheme"
	case p.Host == "":
		return "URL host invalid", "value_error.url.host"
	}
	return "", ""
}

// readRetryPolicy reads a retry_policy object, all five fields required.
func readRetryPolicy(b bodyReader) *retryPolicyWire {
	var p retryPolicyWire
	for _, f := range []struct {
		name, msg, typ string
		dst            any
	}{
		{"retry_on_status_codes", "value is not a valid list of integers", "type_error.list", &p.RetryOnStatusCodes},
		{"backoff_coefficient", "value is not a valid float", "type_error.float", &p.BackoffCoefficient},
		{"maximum_attempts", "value is not a valid integer", "type_error.integer", &p.MaximumAttempts},
		{"initial_interval_seconds", "value is not a valid float", "type_error.float", &p.InitialIntervalSeconds},
		{"maximum_interval_seconds", "value is not a valid float", "type_error.float", &p.MaximumIntervalSeconds},
	} {
		v, ok := b.fields[f.name]
		switch {
		case !ok:
			b.missing(f.name)
		case isNull(v) || json.Unmarshal(v, f.dst) != nil:
			b.add(f.name, f.msg, f.typ)
		}
	}
	if p.RetryOnStatusCodes == nil {
		p.RetryOnStatusCodes = []int{}
	}
	return &p
}

// retryStatus reports whether a failed call with this status (0: no
// answer) is tried again under p. Inferred: a call that got no answer is
// retried; a status only when the policy lists it.
func (p *retryPolicyWire) retryStatus(code int) bool {
	return code == 0 || slices.Contains(p.RetryOnStatusCodes, code)
}

// interval is the wait before retry n (1 for the first).
func (p *retryPolicyWire) interval(n int) time.Duration {
	secs := p.InitialIntervalSeconds
	for range n - 1 {
		secs *= p.BackoffCoefficient
		if secs > p.MaximumIntervalSeconds {
			break
		}
	}
	return time.Duration(max(min(secs, p.MaximumIntervalSeconds), 0) * float64(time.Second))
}
