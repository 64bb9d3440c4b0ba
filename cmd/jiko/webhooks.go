package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jiko-go/jiko"
)

const webhooksUsage = `jiko webhooks listen|sign|verify [flags]

  listen [--secret S | --subscribe] [--events T,T] [--forward-to URL] [-v]
      receive deliveries, verify each, print one line per event and
      forward the body and its signature to URL, answering with the
      forward's status class; with --subscribe (the default against a
      loopback JIKO_BASE_URL, as jiko serve's), subscribe itself and
      delete the subscription on exit
  sign --secret S                  print the signature of standard input
  verify --secret S --signature SIG
      check the signature of standard input: exit 0 when it holds, 1 not

"jiko webhooks <subcommand> -h" lists its flags.`

func runWebhooks(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "webhooks", webhooksUsage, []subcommand{
		{"listen", runListen},
		{"sign", func(_ context.Context, e env, args []string) error { return runSign(e, args) }},
		{"verify", func(_ context.Context, e env, args []string) error { return runVerify(e, args) }},
	}, args)
}

// secretFlag adds the required --secret flag.
func secretFlag(f *cmdFlags) *string {
	return f.String("secret", "", "the subscription's shared `secret` (required)")
}

func runSign(e env, args []string) error {
	f := newFlags(e, "webhooks sign", "jiko webhooks sign --secret S < body\n\nPrints the x-jiko-signature Jiko would send with the body on standard input.")
	secret := secretFlag(f)
	body, err := stdinBody(f, args, secret)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, jiko.SignWebhook(body, *secret))
	return nil
}

func runVerify(e env, args []string) error {
	f := newFlags(e, "webhooks verify", "jiko webhooks verify --secret S --signature SIG < body\n\nChecks the signature of the body on standard input: exit 0 when it\nholds, 1 when not.")
	secret := secretFlag(f)
	sig := f.String("signature", "", "the x-jiko-signature `value` to check (required)")
	body, err := stdinBody(f, args, secret)
	switch {
	case err != nil:
		return err
	case *sig == "":
		return f.usagef("--signature is required")
	}
	if err := jiko.VerifyWebhook(body, *sig, *secret); err != nil {
		return f.failure(err)
	}
	fmt.Fprintln(e.stdout, "signature ok")
	return nil
}

// stdinBody parses a sign or verify command's flags and reads its body.
func stdinBody(f *cmdFlags, args []string, secret *string) ([]byte, error) {
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return nil, err
	case len(pos) > 0:
		return nil, f.usagef("unexpected argument %q: the body comes on standard input", pos[0])
	case *secret == "":
		return nil, f.usagef("--secret is required")
	}
	body, err := io.ReadAll(f.e.stdin)
	if err != nil {
		return nil, f.failure(err)
	}
	return body, nil
}

const listenUsage = `jiko webhooks listen [--secret S | --subscribe] [--events T,T] [flags]

Receives webhook deliveries on every path of --addr, verifies each (401 when
the signature does not hold) and prints one line per delivery, a repeat too:
time, type, event id, the payload's main id. --subscribe (the default when
JIKO_BASE_URL is a loopback URL, as jiko serve's) subscribes this receiver to
--events, prints the secret, and deletes the subscription on Ctrl-C.
--forward-to posts the body and x-jiko-signature to your receiver and answers
with its status class (502 when it does not answer), so a failure is retried
by the subscription's retry_policy (jiko serve's default when it has none).`

// listenTimeout bounds the calls listen makes to create and delete its
// subscription.
const listenTimeout = 30 * time.Second

func runListen(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "webhooks listen", listenUsage)
	secret := f.String("secret", "", "the subscription's shared `secret` (random with --subscribe)")
	addr := f.String("addr", "127.0.0.1:4242", "the `address` to listen on")
	forward := f.String("forward-to", "", "the `URL` of your own receiver to pass each delivery to")
	verbose := f.Bool("v", false, "print each event's JSON too")
	subscribe := f.Bool("subscribe", loopbackBaseURL(e.getenv("JIKO_BASE_URL")), "create a subscription for --events to this receiver (JIKO_*)")
	events := f.String("events", "", "the event `types` to subscribe to, comma-separated (default: all)")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return f.usagef("unexpected argument %q", pos[0])
	case *secret == "" && !*subscribe:
		return f.usagef("--secret is required (or --subscribe, to create a subscription)")
	case *events != "" && !*subscribe:
		return f.usagef("--events needs --subscribe")
	}
	var c *jiko.Client
	if *subscribe {
		if c, _, err = f.connect(); err != nil {
			return err
		}
		if *secret == "" {
			*secret = "whsec-" + randomText(24)
		}
	}
	l := &listener{e: e, forward: *forward, verbose: *verbose, hc: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	if l.forward != "" {
		if err := checkForwardURL(l.forward); err != nil {
			return f.usagef("--forward-to: %v", err)
		}
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	// Every delivery is shown and forwarded, a retry or a resend of an
	// event already seen too: deduplicating is the receiver's job.
	h := jiko.WebhookHandler(*secret, l.handle, jiko.WithWebhookLogger(logger), jiko.WithWebhookDeduplicator(nil),
		jiko.WithWebhookDriftHandler(func(_ context.Context, d jiko.Drift) {
			logger.Warn("jiko webhook: drift", "operation", d.Operation, "kind", string(d.Kind), "path", d.Path, "reason", d.Reason)
		}))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return f.usagef("--addr: %v", err)
	}
	srv := &http.Server{Handler: l.wrap(h), ReadHeaderTimeout: 10 * time.Second}
	hookURL := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "listening on %s", hookURL)
	if l.forward != "" {
		fmt.Fprintf(e.stdout, ", forwarding to %s", l.forward)
	}
	fmt.Fprintln(e.stdout)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if *subscribe {
		sub, err := subscribeListener(ctx, c, hookURL, *secret, *events)
		if err != nil {
			return f.failure(err)
		}
		fmt.Fprintf(e.stdout, "subscribed %s to %s; secret %s (deleted on exit)\n", sub.ID, eventsText(sub.Events), *secret)
		defer func() {
			del, cancel := context.WithTimeout(context.Background(), listenTimeout)
			defer cancel()
			if err := c.Subscriptions.Delete(del, sub.ID); err != nil {
				fmt.Fprintf(e.stderr, "%s: deleting subscription %s: %v\n", f.name, sub.ID, err)
				return
			}
			fmt.Fprintf(e.stdout, "deleted subscription %s\n", sub.ID)
		}()
	}
	select {
	case err = <-done:
		return f.failure(err)
	case <-ctx.Done():
	}
	return nil
}

// loopbackBaseURL reports whether raw is a URL of a loopback address,
// where jiko serve listens.
func loopbackBaseURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Hostname(), "localhost") {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// subscribeListener creates the subscription of "listen --subscribe":
// to url, for the comma-separated types, or for every type List Event
// Types returns when types is empty.
func subscribeListener(ctx context.Context, c *jiko.Client, url, secret, types string) (*jiko.Subscription, error) {
	ctx, cancel := context.WithTimeout(ctx, listenTimeout)
	defer cancel()
	var names []jiko.EventName
	for t := range strings.SplitSeq(types, ",") {
		if t = strings.TrimSpace(t); t != "" {
			names = append(names, jiko.EventName(t))
		}
	}
	if len(names) == 0 {
		for et, err := range c.Events.ListTypes(ctx).All() {
			if err != nil {
				return nil, err
			}
			names = append(names, et.Event)
		}
	}
	return c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
		Description: "jiko webhooks listen", Events: names, URL: url, SharedSecret: secret,
	})
}

// eventsText names a subscription's event types, or counts them when
// there are many.
func eventsText(names []jiko.EventName) string {
	if len(names) > 3 {
		return fmt.Sprintf("%d event types", len(names))
	}
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// checkForwardURL refuses a URL that cannot be posted to.
func checkForwardURL(u string) error {
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		return err
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" || req.URL.Host == "" {
		return fmt.Errorf("%q is not an http or https URL", u)
	}
	return nil
}

// listener prints and forwards the deliveries WebhookHandler accepted.
type listener struct {
	e       env
	forward string
	verbose bool
	hc      *http.Client
	mu      sync.Mutex // one event's lines at a time
}

// delivery is what the listener keeps of one request while
// WebhookHandler handles it: the raw body and signature to forward, and
// the forward's status.
type delivery struct {
	body      []byte
	signature string
	status    int // the forward's answer; 0 when it did not answer or was not made
	forwarded bool
}

type deliveryKey struct{}

// wrap reads the body before h verifies it, so that the original bytes can
// be forwarded, and answers with the forward's status class when it was
// not a success.
func (l *listener) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, jiko.DefaultWebhookMaxBody+1))
		if err != nil && !errors.As(err, new(*http.MaxBytesError)) {
			http.Error(w, "cannot read the body", http.StatusBadRequest)
			return
		}
		d := &delivery{body: body, signature: r.Header.Get(jiko.WebhookSignatureHeader)}
		r = r.WithContext(context.WithValue(r.Context(), deliveryKey{}, d))
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(&classWriter{ResponseWriter: w, d: d}, r)
	})
}

// classWriter replaces the handler's failure status with the status class
// of the forward's answer.
type classWriter struct {
	http.ResponseWriter
	d *delivery
}

func (w *classWriter) WriteHeader(code int) {
	if d := w.d; d.forwarded && code >= 300 {
		switch {
		case d.status == 0 || d.status < 200 || d.status >= 600 || (d.status >= 300 && d.status < 400):
			code = http.StatusBadGateway
		default:
			code = d.status / 100 * 100
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// handle prints a verified event and forwards it; an error makes
// WebhookHandler answer a failure, which classWriter adjusts.
func (l *listener) handle(ctx context.Context, ev *jiko.Event) error {
	d, _ := ctx.Value(deliveryKey{}).(*delivery)
	line := fmt.Sprintf("%s  %s  %s  %s", ev.Timestamp.UTC().Format(time.RFC3339), ev.Type, ev.ID, mainID(ev.Payload))
	var ferr error
	if l.forward != "" && d != nil {
		d.forwarded = true
		d.status, ferr = l.forwardDelivery(ctx, d)
		switch {
		case ferr != nil:
			line += "  -> no answer: " + ferr.Error()
		default:
			line += fmt.Sprintf("  -> %d %s", d.status, http.StatusText(d.status))
			if d.status < 200 || d.status >= 300 {
				ferr = fmt.Errorf("forward answered %d", d.status)
			}
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.e.stdout, line)
	if l.verbose && d != nil {
		var b bytes.Buffer
		if json.Indent(&b, d.body, "  ", "  ") == nil {
			fmt.Fprintf(l.e.stdout, "  %s\n", b.Bytes())
		}
	}
	return ferr
}

// forwardDelivery posts the original body and signature to the partner's
// endpoint and returns its status.
func (l *listener) forwardDelivery(ctx context.Context, d *delivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.forward, bytes.NewReader(d.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(jiko.WebhookSignatureHeader, d.signature)
	resp, err := l.hc.Do(req)
	if err != nil {
		return 0, withoutURL(err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// mainID names the object an event is about, as "name=id".
func mainID(p jiko.EventPayload) string {
	switch p := p.Variant.(type) {
	case *jiko.ApplicationUpdatePayload:
		return "application_id=" + p.ApplicationID
	case *jiko.CardStatusUpdatePayload:
		return "card_id=" + p.CardID
	case *jiko.CardTransactionPayload:
		return "card_id=" + p.CardID
	case *jiko.ACHIncomingPayload:
		return "jiko_account_id=" + p.JikoAccountID
	case *jiko.ACHOutgoingPayload:
		return "jiko_account_id=" + p.JikoAccountID
	case *jiko.WireOutgoingPayload:
		return "wire_id=" + p.WireID
	case *jiko.OnUsTransferPayload:
		return "on_us_id=" + p.OnUsID
	case *jiko.UnknownEventPayload:
		return firstID(p.Raw)
	}
	return "-"
}

// firstID returns the first member of a JSON object whose name ends in
// "_id" and whose value is a string, as "name=value", or "-".
func firstID(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "-"
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "-"
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return "-"
		}
		var s string
		if name, _ := t.(string); strings.HasSuffix(name, "_id") && json.Unmarshal(v, &s) == nil {
			return name + "=" + s
		}
	}
	return "-"
}
