package jikotest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// Every event the server records is posted to each enabled subscription
// for its type, signed with the subscription's shared secret, and retried
// by its retry policy, as Jiko does; a subscription without one is retried
// by [DefaultRetryPolicy], this fake's choice. Each (event, subscription)
// pair is delivered by a goroutine of its own, which holds the server's
// lock only to read and record state, never while it calls the URL, so
// deliveries arrive in no set order, even to one subscription. Only
// loopback URLs are called: a delivery to any other address is recorded
// as a failed attempt that says so, and not retried.

// deliveryTimeout bounds one call to a subscription's URL.
const deliveryTimeout = 10 * time.Second

// delivery is the state of the webhook deliveries. The server's lock
// guards it, but for the fields set once by newDelivery and the options.
type delivery struct {
	timeScale float64
	client    *http.Client
	ctx       context.Context // ends when StopDeliveries is called
	stop      context.CancelFunc
	wg        sync.WaitGroup // the delivery goroutines

	logger *slog.Logger // nil: attempts are not logged

	stopped bool
	pending int           // deliveries under way
	idle    chan struct{} // closed when pending drops to 0
	records map[*event]*eventDeliveries
}

// eventDeliveries are where an event was sent and what came of it.
type eventDeliveries struct {
	targets  []string // subscription ids, in the order they were scheduled
	attempts []deliveryAttempt
}

// deliveryAttempt is one call to a subscription's URL.
type deliveryAttempt struct {
	id             string
	subscriptionID string
	code           int    // 0: no answer
	message        string // the status text, or why there was no answer
	calledAt       time.Time
}

func (a deliveryAttempt) wire() attemptWire {
	msg := a.message
	return attemptWire{
		DeliveryAttemptID: a.id, SubscriptionID: a.subscriptionID, Success: a.code >= 200 && a.code < 300,
		ResponseCode: a.code, ResponseMessage: &msg, CalledAt: webhookTime(a.calledAt),
	}
}

// job is one event to deliver to one subscription, with what the
// subscription said when the event was recorded.
type job struct {
	event          *event
	subscriptionID string
	url            string
	signature      string
	body           []byte
	policy         retryPolicyWire
}

// defaultRetryPolicy is what the fake applies to a subscription without a
// retry_policy. The reference says retries follow the subscription's
// policy and publishes nothing for a subscription without one: this is
// the fake's choice, so that a receiver's failure handling is exercised
// (five calls over about seven and a half minutes), not a fact about Jiko.
var defaultRetryPolicy = retryPolicyWire{
	RetryOnStatusCodes: []int{408, 429, 500, 502, 503, 504},
	BackoffCoefficient: 2, MaximumAttempts: 5, InitialIntervalSeconds: 30, MaximumIntervalSeconds: 300,
}

// DefaultRetryPolicy returns the retry policy the fake applies to a
// subscription created without one (its retry_policy stays null): five
// calls at most, retried after no answer or a 408, 429, 500, 502, 503 or
// 504, 30 s after the first call and then twice as long each time (30 s,
// 60 s, 120 s, 240 s), on the server's clock. It is this fake's choice:
// Jiko's reference says retries follow the subscription's retry_policy
// and does not publish what a subscription without one gets. Give your
// subscriptions a retry_policy to rely on a known behaviour.
func DefaultRetryPolicy() jiko.RetryPolicy { return toSDK[jiko.RetryPolicy](defaultRetryPolicy) }

func newDelivery() *delivery {
	ctx, stop := context.WithCancel(context.Background())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// Only loopback addresses are called, so a receiver's self-signed
	// test certificate (httptest.NewTLSServer) is accepted.
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	return &delivery{
		timeScale: 1,
		client: &http.Client{
			Transport:     tr,
			Timeout:       deliveryTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		ctx: ctx, stop: stop,
		records: map[*event]*eventDeliveries{},
	}
}

// WithWebhookTimeScale multiplies the intervals of every retry policy
// ([jiko.RetryPolicy]) by f, so that a test sees retries without waiting for
// them: with 0.001 a 30-second interval takes 30 ms. f <= 0 retries at once.
// The default is 1. With a [*Clock] given to [WithClock], the retries wait
// for the clock instead, the scaled interval on it.
func WithWebhookTimeScale(f float64) Option {
	return func(s *Server) { s.state.delivery.timeScale = max(f, 0) }
}

// WithWebhookLogger logs each webhook delivery attempt on l: Info when
// the receiver answered 2xx, Warn otherwise, saying whether and when it is
// retried, and Warn for a subscription created or changed to a URL the
// fake does not call (not loopback). jiko serve logs them on standard
// error. Bodies and secrets are never logged.
func WithWebhookLogger(l *slog.Logger) Option {
	return func(s *Server) { s.state.delivery.logger = l }
}

// WaitForDeliveries waits until no delivery is under way: every event
// recorded so far has been delivered, or its retries have run out. A test
// calls it before asserting what its webhook receiver got. It returns ctx's
// error if ctx ends first.
func (s *Server) WaitForDeliveries(ctx context.Context) error {
	for {
		s.mu.Lock()
		d := s.state.delivery
		if d.pending == 0 {
			s.mu.Unlock()
			return nil
		}
		idle := d.idle
		s.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// StopDeliveries ends the deliveries under way, with their pending retries,
// waits for their goroutines to return, and delivers nothing more. Call it
// when a test is done with webhooks but still uses the server, such as
// before shutting down its receiver while a retry is pending; [Server.Close]
// calls it too.
func (s *Server) StopDeliveries() {
	s.mu.Lock()
	d := s.state.delivery
	d.stopped = true
	s.mu.Unlock()
	d.stop()
	d.wg.Wait()
	d.client.CloseIdleConnections()
}

// scheduleDeliveries starts the delivery of e to each enabled subscription
// for its type. It is the event log's notify hook: the caller holds the
// lock, so it only takes a snapshot of each subscription and starts a
// goroutine.
func (s *Server) scheduleDeliveries(e *event) {
	for _, id := range s.state.subscriptions.order {
		sub := s.state.subscriptions.byID[id]
		if sub.status == "enabled" && slices.Contains(sub.events, e.Type) {
			s.startDelivery(e, sub)
		}
	}
}

// startDelivery starts delivering e to sub, retried by its policy, unless
// deliveries have stopped. The caller holds the lock.
func (s *Server) startDelivery(e *event, sub *subscription) {
	d := s.state.delivery
	if d.stopped {
		return
	}
	body, _ := json.Marshal(e.wire())
	j := &job{event: e, subscriptionID: sub.id, url: sub.url, signature: signWebhook(sub.secret, body), body: body, policy: defaultRetryPolicy}
	if sub.policy != nil {
		j.policy = *sub.policy
	}
	rec := d.records[e]
	if rec == nil {
		rec = &eventDeliveries{}
		d.records[e] = rec
	}
	if !slices.Contains(rec.targets, sub.id) {
		rec.targets = append(rec.targets, sub.id)
	}
	if d.pending == 0 {
		d.idle = make(chan struct{})
	}
	d.pending++
	d.wg.Add(1)
	go s.deliver(j)
}

// Redeliver sends a recorded event again, as a new delivery with its own
// retries: to the subscription subscriptionID, or, when it is "", to every
// enabled subscription for the event's type. It returns the subscriptions
// it is sent to. Jiko's Partner API publishes no redelivery operation:
// this is the fake's control (POST /_jikotest/events/{event_id}/resend,
// "jiko events resend"), for replaying a delivery a receiver failed. A
// disabled subscription, or one that does not list the event's type, is
// refused.
func (s *Server) Redeliver(eventID, subscriptionID string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.findEvent(eventID)
	if e == nil {
		return nil, fmt.Errorf("jikotest: no event %q", eventID)
	}
	var subs []*subscription
	if subscriptionID != "" {
		sub := s.state.subscriptions.byID[subscriptionID]
		switch {
		case sub == nil:
			return nil, fmt.Errorf("jikotest: no subscription %q", subscriptionID)
		case sub.status != "enabled":
			return nil, fmt.Errorf("jikotest: subscription %s is %s", subscriptionID, sub.status)
		case !slices.Contains(sub.events, e.Type):
			return nil, fmt.Errorf("jikotest: subscription %s does not listen to %s", subscriptionID, e.Type)
		}
		subs = append(subs, sub)
	} else {
		for _, id := range s.state.subscriptions.order {
			if sub := s.state.subscriptions.byID[id]; sub.status == "enabled" && slices.Contains(sub.events, e.Type) {
				subs = append(subs, sub)
			}
		}
	}
	if s.state.delivery.stopped {
		return nil, errors.New("jikotest: deliveries are stopped")
	}
	ids := make([]string, 0, len(subs))
	for _, sub := range subs {
		s.startDelivery(e, sub)
		ids = append(ids, sub.id)
	}
	return ids, nil
}

// DeliveryAttempts returns the calls made to deliver the event eventID,
// oldest first, as List Events shows them (delivery_attempts): one per
// call, retries and redeliveries included, and one failed attempt for
// each delivery skipped because its URL is not a loopback address.
func (s *Server) DeliveryAttempts(eventID string) ([]jiko.DeliveryAttempt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.findEvent(eventID)
	if e == nil {
		return nil, fmt.Errorf("jikotest: no event %q", eventID)
	}
	out := []jiko.DeliveryAttempt{}
	if rec := s.state.delivery.records[e]; rec != nil {
		for _, a := range rec.attempts {
			out = append(out, toSDK[jiko.DeliveryAttempt](a.wire()))
		}
	}
	return out, nil
}

// findEvent returns the recorded event with this id, or nil. The caller
// holds the lock.
func (s *Server) findEvent(id string) *event {
	for _, e := range s.state.events.events {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// signWebhook is the x-jiko-signature of a delivery:
// base64(HMAC-SHA256(shared secret, body)). The fake computes it itself
// rather than with the SDK it tests.
func signWebhook(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// deliver calls the job's URL until it answers 2xx, the answer is not one
// the policy retries, the attempts run out, or deliveries stop.
func (s *Server) deliver(j *job) {
	d := s.state.delivery
	defer func() {
		s.mu.Lock()
		d.pending--
		if d.pending == 0 {
			close(d.idle)
		}
		s.mu.Unlock()
		d.wg.Done()
	}()
	attempts := max(j.policy.MaximumAttempts, 1)
	for n := 1; ; n++ {
		at := s.now()
		code, msg, called := s.call(d, j)
		if d.ctx.Err() != nil {
			return // stopped: this was no attempt
		}
		s.mu.Lock()
		rec := d.records[j.event]
		rec.attempts = append(rec.attempts, deliveryAttempt{id: uuid.NewString(), subscriptionID: j.subscriptionID, code: code, message: msg, calledAt: at})
		s.mu.Unlock()
		retry := called && (code < 200 || code >= 300) && n < attempts && j.policy.retryStatus(code)
		interval := time.Duration(float64(j.policy.interval(n)) * d.timeScale)
		s.logAttempt(j, n, code, msg, retry, at.Add(interval))
		if !retry || !s.waitRetry(d, at, interval) {
			return
		}
	}
}

// waitRetry waits until the next attempt falls due, interval after the
// attempt made at at: on the server's [Clock] when [WithClock] gave one
// (the test moves it on), in real time otherwise. It is false when
// deliveries stop first.
func (s *Server) waitRetry(d *delivery, at time.Time, interval time.Duration) bool {
	if s.clock == nil {
		t := time.NewTimer(interval)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-d.ctx.Done():
			return false
		}
	}
	due, drop := s.clock.until(at.Add(interval))
	defer drop()
	select {
	case <-due:
		return true
	case <-d.ctx.Done():
		return false
	}
}

// call posts the job's body once. It returns the answer's status and
// status text, or 0 and why no answer came; called is false when the URL
// was not called at all (it is not a loopback URL).
func (s *Server) call(d *delivery, j *job) (code int, msg string, called bool) {
	if !loopbackURL(j.url) {
		return 0, notLoopback, false
	}
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, j.url, bytes.NewReader(j.body))
	if err != nil {
		return 0, err.Error(), false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "jikotest-webhooks")
	req.Header.Set("X-Jiko-Signature", j.signature)
	resp, err := d.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // without the method and URL
		}
		return 0, err.Error(), true
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))), true
}

// notLoopback is the response_message of a delivery the fake skipped.
const notLoopback = "not delivered: jikotest delivers only to loopback URLs (localhost, 127.0.0.0/8, ::1)"

// logAttempt logs one delivery attempt on the logger given with
// [WithWebhookLogger]: Info when it succeeded, Warn otherwise, with when
// the next attempt falls due.
func (s *Server) logAttempt(j *job, n, code int, msg string, retry bool, next time.Time) {
	l := s.state.delivery.logger
	if l == nil {
		return
	}
	attrs := []any{"event_id", j.event.ID, "event_type", j.event.Type, "subscription_id", j.subscriptionID,
		"url", j.url, "attempt", n, "status", code, "message", msg}
	switch {
	case code >= 200 && code < 300:
		l.Info("jikotest webhook delivered", attrs...)
	case retry:
		l.Warn("jikotest webhook delivery failed; retrying", append(attrs, "next_attempt", next.UTC().Format(time.RFC3339))...)
	default:
		l.Warn("jikotest webhook delivery failed; no retry", attrs...)
	}
}

// warnNotLoopback logs, on the logger given with [WithWebhookLogger], that
// sub's URL will not be called. The fake accepts such a subscription, as
// Jiko would, and records each delivery to it as a failed attempt.
func (s *Server) warnNotLoopback(sub *subscription) {
	if l := s.state.delivery.logger; l != nil && !loopbackURL(sub.url) {
		l.Warn("jikotest webhook subscription to a URL the fake does not call: each delivery is recorded as a failed attempt",
			"subscription_id", sub.id, "url", sub.url)
	}
}

// loopbackURL reports whether raw is an http(s) URL of localhost or a
// loopback IP address.
func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
