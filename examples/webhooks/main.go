// Command webhooks receives Jiko's webhooks: it mounts jiko.WebhookHandler
// on an HTTP server, subscribes it to application approvals and incoming
// ACH settlements, has the sandbox trigger one of each, prints what
// arrived, then shows a delivery that fails once being retried by the
// subscription's retry policy.
//
// With no configuration it runs offline against an in-process fake API
// (package jikotest), which delivers real signed webhooks to a local
// receiver. To run it against your Jiko sandbox, set:
//
//	JIKO_PARTNER         your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME        the API username
//	JIKO_PASSWORD        the API password
//	JIKO_SIGNING_SECRET  the shared signing secret
//	JIKO_WEBHOOK_URL     a public URL that reaches this program (a tunnel to JIKO_WEBHOOK_ADDR)
//	JIKO_WEBHOOK_ADDR    where to listen (default 127.0.0.1:8080)
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/jiko-go/jiko/jikotest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhooks:", err)
		os.Exit(1)
	}
}

// The ids the demo events carry.
const (
	demoApplicationID = "48ac72d0-a829-4896-a067-dcb1c2b0f30c"
	demoPocketID      = "8a7ec6c0-2701-40a1-8954-68870964b50d"
	hookPath          = "/webhooks/jiko"
)

// receiver is the partner's side: a WebhookHandler whose function passes
// each event on, and can be told to fail the next one.
type receiver struct {
	arrived  chan *jiko.Event
	failNext atomic.Bool
}

func newReceiver(secret string) (*receiver, http.Handler) {
	rc := &receiver{arrived: make(chan *jiko.Event, 16)}
	mux := http.NewServeMux()
	mux.Handle("POST "+hookPath, jiko.WebhookHandler(secret, func(ctx context.Context, ev *jiko.Event) error {
		if rc.failNext.CompareAndSwap(true, false) {
			return errors.New("simulated outage")
		}
		rc.arrived <- ev
		return nil
	}, jiko.WithWebhookDeduplicator(jiko.NewMemoryDeduplicator(1000))))
	return rc, mux
}

// await waits for the event with id to be handled.
func (rc *receiver) await(ctx context.Context, id string) (*jiko.Event, error) {
	timeout := time.NewTimer(2 * time.Minute)
	defer timeout.Stop()
	for {
		select {
		case ev := <-rc.arrived:
			if ev.ID == id {
				return ev, nil
			}
		case <-timeout.C:
			return nil, fmt.Errorf("event %s did not arrive", id)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	env, err := setUp(getenv, out)
	if err != nil {
		return err
	}
	defer env.close()
	c, rc := env.client, env.receiver

	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		Description:  "jiko-go webhooks example",
		Events:       []jiko.EventName{jiko.EventApplicationApproved, jiko.EventACHInSuccess},
		URL:          env.url,
		SharedSecret: env.secret,
		RetryPolicy: &jiko.RetryPolicy{RetryOnStatusCodes: []int{500, 502, 503}, BackoffCoefficient: 2,
			MaximumAttempts: 3, InitialIntervalSeconds: 2, MaximumIntervalSeconds: 30},
	})
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	defer func() { _ = c.Subscriptions.Delete(context.WithoutCancel(ctx), sub.ID) }()
	fmt.Fprintf(out, "Subscribed %s to %s.\n", hookPath, joinNames(sub.Events))

	approval := &jiko.Event{Type: jiko.EventApplicationApproved, Payload: jiko.EventPayload{Variant: &jiko.ApplicationUpdatePayload{ApplicationID: demoApplicationID}}}
	deposit := &jiko.Event{Type: jiko.EventACHInSuccess, Payload: jiko.EventPayload{Variant: &jiko.ACHIncomingPayload{JikoAccountID: demoPocketID}}}
	for _, ev := range []*jiko.Event{approval, deposit} {
		if _, err := deliver(ctx, c, rc, ev, out); err != nil {
			return err
		}
	}

	fmt.Fprintln(out, "The receiver fails the next delivery once:")
	rc.failNext.Store(true)
	sent, err := deliver(ctx, c, rc, deposit, out)
	if err != nil {
		return err
	}
	return printAttempts(ctx, c, sub.ID, sent.ID, out)
}

// deliver has the sandbox send ev and waits until the receiver handled it.
func deliver(ctx context.Context, c *jiko.Client, rc *receiver, ev *jiko.Event, out io.Writer) (*jiko.Event, error) {
	sent, err := c.Sandbox.TriggerWebhook(ctx, ev)
	if err != nil {
		return nil, fmt.Errorf("triggering %s: %w", ev.Type, err)
	}
	fmt.Fprintf(out, "Triggered %s.\n", sent.Type)
	got, err := rc.await(ctx, sent.ID)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "  received: %s\n", describe(got))
	return sent, nil
}

// describe says what an event means to the partner.
func describe(ev *jiko.Event) string {
	switch p := ev.Payload.Variant.(type) {
	case *jiko.ApplicationUpdatePayload:
		return "application " + p.ApplicationID + " " + strings.TrimPrefix(string(ev.Type), "application.")
	case *jiko.ACHIncomingPayload:
		return "an incoming ACH transfer settled into Pocket " + p.JikoAccountID
	}
	return fmt.Sprintf("%s (%T)", ev.Type, ev.Payload.Variant)
}

// printAttempts lists how Jiko delivered the event to the subscription,
// once the listing shows the successful attempt (it is recorded after the
// receiver answers).
func printAttempts(ctx context.Context, c *jiko.Client, subscriptionID, eventID string, out io.Writer) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		pe, err := findEvent(ctx, c, subscriptionID, eventID)
		if err != nil {
			return err
		}
		if pe != nil && pe.Delivered() {
			fmt.Fprintln(out, "  delivery attempts:")
			for i, a := range pe.DeliveryAttempts {
				msg := ""
				if a.ResponseMessage != nil {
					msg = *a.ResponseMessage
				}
				fmt.Fprintf(out, "    %d. %d %s\n", i+1, a.ResponseCode, msg)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("event %s is not listed as delivered", eventID)
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// findEvent returns the listed event with eventID, or nil.
func findEvent(ctx context.Context, c *jiko.Client, subscriptionID, eventID string) (*jiko.PartnerEvent, error) {
	for pe, err := range c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: subscriptionID}).All() {
		if err != nil {
			return nil, fmt.Errorf("listing events: %w", err)
		}
		if pe.Event.ID == eventID {
			return &pe, nil
		}
	}
	return nil, nil
}

func joinNames(names []jiko.EventName) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, " and ")
}

// env is what the demo runs against: a client, the receiver and the URL
// Jiko reaches it at.
type env struct {
	client   *jiko.Client
	receiver *receiver
	url      string
	secret   string
	close    func()
}

// setUp starts the receiver and builds the client from the environment,
// or starts the offline fake when nothing is configured.
func setUp(getenv func(string) string, out io.Writer) (*env, error) {
	if !exampleenv.Configured(getenv, "JIKO_WEBHOOK_URL") {
		// Retry intervals a thousand times shorter: 2 s becomes 2 ms.
		c, srv, err := exampleenv.Offline(out, jikotest.WithWebhookTimeScale(0.001))
		if err != nil {
			return nil, err
		}
		const secret = "offline-demo-shared-secret"
		rc, handler := newReceiver(secret)
		hs := httptest.NewServer(handler)
		fmt.Fprintln(out, "Webhooks go to a receiver on a local port.")
		return &env{client: c, receiver: rc, url: hs.URL + hookPath, secret: secret,
			close: func() { srv.Close(); hs.Close() }}, nil
	}
	return setUpSandbox(getenv, out)
}

func setUpSandbox(getenv func(string) string, out io.Writer) (*env, error) {
	c, err := exampleenv.Connect(getenv, "JIKO_WEBHOOK_URL")
	if err != nil {
		return nil, err
	}
	addr := getenv("JIKO_WEBHOOK_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	// A secret of this run only: the subscription is deleted at the end.
	raw := make([]byte, 24)
	_, _ = rand.Read(raw)
	secret := base64.RawURLEncoding.EncodeToString(raw)
	rc, handler := newReceiver(secret)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("JIKO_WEBHOOK_ADDR: %w", err)
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	fmt.Fprintf(out, "Using %s; receiving at %s (listening on %s).\n", c.BaseURL(), getenv("JIKO_WEBHOOK_URL"), ln.Addr())
	return &env{client: c, receiver: rc, url: getenv("JIKO_WEBHOOK_URL"), secret: secret,
		close: func() { _ = hs.Close() }}, nil
}
