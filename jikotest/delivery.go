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
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Every event the server records is posted to each enabled subscription
// for its type, signed with the subscription's shared secret, and retried
// by its retry policy, as Jiko does. Each (event, subscription) pair is
// delivered by a goroutine of its own, which holds the server's lock only
// to read and record state, never while it calls the URL, so deliveries
// arrive in no set order, even to one subscription. Only loopback
// URLs are called: a subscription to any other address gets a failed
// attempt that says so.

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

// defaultRetryPolicy is used when a subscription has none: a single call.
// Inferred: the reference documents no default; 1 attempt is the default
// value of maximum_attempts in the Customer API's schema.
var defaultRetryPolicy = retryPolicyWire{BackoffCoefficient: 1, MaximumAttempts: 1, InitialIntervalSeconds: 30, MaximumIntervalSeconds: 300}

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
	d := s.state.delivery
	if d.stopped {
		return
	}
	var body []byte
	for _, id := range s.state.subscriptions.order {
		sub := s.state.subscriptions.byID[id]
		if sub.status != "enabled" || !slices.Contains(sub.events, e.Type) {
			continue
		}
		if body == nil {
			body, _ = json.Marshal(e.wire())
		}
		j := &job{event: e, subscriptionID: sub.id, url: sub.url, signature: signWebhook(sub.secret, body), body: body, policy: defaultRetryPolicy}
		if sub.policy != nil {
			j.policy = *sub.policy
		}
		rec := d.records[e]
		if rec == nil {
			rec = &eventDeliveries{}
			d.records[e] = rec
		}
		rec.targets = append(rec.targets, sub.id)
		if d.pending == 0 {
			d.idle = make(chan struct{})
		}
		d.pending++
		d.wg.Add(1)
		go s.deliver(j)
	}
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
		if !called || (code >= 200 && code < 300) || n >= attempts || !j.policy.retryStatus(code) {
			return
		}
		if !s.waitRetry(d, at, time.Duration(float64(j.policy.interval(n))*d.timeScale)) {
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
		return 0, "jikotest delivers only to loopback URLs", false
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
