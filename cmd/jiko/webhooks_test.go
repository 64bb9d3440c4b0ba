package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
)

// process is the command running in the background, its standard output
// read line by line.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan string
	stderr bytes.Buffer // read only after stop
}

// startJiko starts the built command; it is interrupted when the test ends.
func startJiko(t *testing.T, envs []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(jikoBinary(t), args...)
	cmd.Env = append(os.Environ(), envs...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, cmd: cmd, lines: make(chan string, 64)}
	cmd.Stderr = &p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("jiko %s: standard error:\n%s", strings.Join(args, " "), p.stderr.Bytes())
		}
	})
	return p
}

// line returns the next line of output, failing the test if none comes
// within a generous bound.
func (p *process) line() string {
	p.t.Helper()
	select {
	case l, ok := <-p.lines:
		if !ok {
			p.t.Fatal("the command ended")
		}
		return l
	case <-time.After(20 * time.Second):
		p.t.Fatal("no output")
	}
	return ""
}

// stop interrupts the command and returns its exit status.
func (p *process) stop() int {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(os.Interrupt)
		p.cmd.Wait()
	}
	return p.cmd.ProcessState.ExitCode()
}

func TestWebhooksListenForwards(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const secret = "whsec-listen-test"

	// The partner's own endpoint, verifying what it is forwarded.
	verified := make(chan error, 4)
	far := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := jiko.VerifyWebhook(body, r.Header.Get(jiko.WebhookSignatureHeader), secret)
		verified <- err
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer far.Close()

	l := startJiko(t, nil, "webhooks", "listen", "--secret", secret, "--addr", "127.0.0.1:0", "--forward-to", far.URL+"/hooks")
	first := l.line()
	listenURL, ok := strings.CutPrefix(first, "listening on ")
	listenURL, _, _ = strings.Cut(listenURL, ", ")
	if !ok || !strings.HasSuffix(first, ", forwarding to "+far.URL+"/hooks") {
		t.Fatalf("first line: %q", first)
	}

	sub := `{"events": ["application.approved"], "url": "` + listenURL + `jiko", "shared_secret": "` + secret + `"}`
	if _, errOut, code := runJiko(t, "", serverEnv(srv), "api", "POST", "/api/v1/subscriptions/", "-d", sub); code != 0 {
		t.Fatalf("subscribe: %d %s", code, errOut)
	}
	out, errOut, code := runJiko(t, "", serverEnv(srv), "trigger", "application.approved", "--payload", `{"application_id": "7b0e3a52-4c1d-4f6e-9a8b-2c3d4e5f6a7b"}`)
	eventID, ok := strings.CutPrefix(strings.TrimSpace(out), "triggered application.approved ")
	if code != 0 || !ok {
		t.Fatalf("trigger: %d %q %s", code, out, errOut)
	}
	if err := <-verified; err != nil {
		t.Fatalf("the forwarded delivery does not verify: %v", err)
	}
	got := l.line()
	fields := strings.Fields(got)
	if len(fields) != 7 || fields[1] != "application.approved" || fields[2] != eventID ||
		fields[3] != "application_id=7b0e3a52-4c1d-4f6e-9a8b-2c3d4e5f6a7b" || strings.Join(fields[4:], " ") != "-> 200 OK" {
		t.Fatalf("event line: %q", got)
	}
	if _, err := time.Parse(time.RFC3339, fields[0]); err != nil {
		t.Fatalf("event line's time: %v", err)
	}
	if code := l.stop(); code != 0 {
		t.Fatalf("listen ended with %d", code)
	}
}

func TestWebhooksListenAnswersTheForwardsStatusClass(t *testing.T) {
	t.Parallel()
	const secret = "whsec-class"
	far := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusConflict)
	}))
	defer far.Close()
	l := startJiko(t, nil, "webhooks", "listen", "--secret", secret, "--addr", "127.0.0.1:0", "--forward-to", far.URL, "-v")
	listenURL, _, _ := strings.Cut(strings.TrimPrefix(l.line(), "listening on "), ", ")

	body := []byte(`{"event_id": "e-1", "event_type": "transfers.wire.out.success", "timestamp": "2026-12-07T08:00:00Z", "payload": {"jiko_account_id": "a-1", "wire_id": "w-1"}}`)
	post := func(sig string) int {
		req, _ := http.NewRequest("POST", listenURL, strings.NewReader(string(body)))
		req.Header.Set(jiko.WebhookSignatureHeader, sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(jiko.SignWebhook(body, secret)); code != 400 {
		t.Fatalf("a 409 forward answered %d, want 400", code)
	}
	if got := l.line(); got != "2026-12-07T08:00:00Z  transfers.wire.out.success  e-1  wire_id=w-1  -> 409 Conflict" {
		t.Fatalf("event line: %q", got)
	}
	if got := l.line(); got != "  {" {
		t.Fatalf("-v: %q", got)
	}
	if code := post(jiko.SignWebhook(body, "another secret")); code != 401 {
		t.Fatalf("a forged delivery answered %d, want 401", code)
	}
}

func TestWebhooksSignAndVerify(t *testing.T) {
	t.Parallel()
	const body = `{"event_id": "e-1"}`
	out, _, code := runJiko(t, body, nil, "webhooks", "sign", "--secret", "s3")
	sig := strings.TrimSpace(out)
	if code != 0 || sig != jiko.SignWebhook([]byte(body), "s3") {
		t.Fatalf("sign: %d %q", code, out)
	}
	if out, _, code := runJiko(t, body, nil, "webhooks", "verify", "--secret", "s3", "--signature", sig); code != 0 || out != "signature ok\n" {
		t.Fatalf("verify: %d %q", code, out)
	}
	_, errOut, code := runJiko(t, body+" ", nil, "webhooks", "verify", "--secret", "s3", "--signature", sig)
	if code != 1 || !strings.HasPrefix(errOut, "jiko webhooks verify: "+jiko.ErrInvalidWebhookSignature.Error()) {
		t.Fatalf("verify altered body: %d %q", code, errOut)
	}
	if _, errOut, code := runJiko(t, body, nil, "webhooks", "sign"); code != 2 || errOut != "jiko webhooks sign: --secret is required (run \"jiko webhooks sign -h\")\n" {
		t.Fatalf("sign without secret: %d %q", code, errOut)
	}
}

func TestWebhooksListenWhenTheForwardDoesNotAnswer(t *testing.T) {
	t.Parallel()
	const secret = "whsec-unanswered"
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	l := startJiko(t, nil, "webhooks", "listen", "--secret", secret, "--addr", "127.0.0.1:0", "--forward-to", gone.URL)
	listenURL, _, _ := strings.Cut(strings.TrimPrefix(l.line(), "listening on "), ", ")
	body := `{"event_id": "e-2", "event_type": "partner.custom", "timestamp": "2026-12-07T08:00:00Z", "payload": {"note": "x", "loan_id": "L-9"}}`
	req, _ := http.NewRequest("POST", listenURL, strings.NewReader(body))
	req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook([]byte(body), secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("answered %d, want 502", resp.StatusCode)
	}
	got := l.line()
	if want := "2026-12-07T08:00:00Z  partner.custom  e-2  loan_id=L-9  -> no answer: "; !strings.HasPrefix(got, want) || !strings.Contains(got, "connection refused") {
		t.Fatalf("event line: %q", got)
	}
	l.stop()
	if errOut := l.stderr.String(); !strings.Contains(errOut, `msg="jiko webhook: drift" operation="webhook partner.custom" kind=unknown_variant path=payload reason="unknown event type"`) {
		t.Fatalf("no drift logged:\n%s", errOut)
	}
}

// Against a loopback JIKO_BASE_URL (jiko serve), listen subscribes itself
// for the events asked, prints the secret, receives what it subscribed to,
// and deletes the subscription on Ctrl-C.
func TestWebhooksListenSubscribesItself(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	l := startJiko(t, serverEnv(srv), "webhooks", "listen", "--addr", "127.0.0.1:0", "--events", "application.approved, application.rejected")
	listenURL := strings.TrimPrefix(l.line(), "listening on ")
	line := l.line()
	m := regexp.MustCompile(`^subscribed (\S+) to application.approved, application.rejected; secret (whsec-\S{24}) \(deleted on exit\)$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("subscription line: %q", line)
	}
	subs := srv.Subscriptions()
	if len(subs) != 1 || subs[0].ID != m[1] || subs[0].URL != listenURL || len(subs[0].Events) != 2 {
		t.Fatalf("subscriptions: %+v", subs)
	}
	body := []byte(`{"event_id": "e-9", "event_type": "application.rejected", "timestamp": "2026-12-07T08:00:00Z", "payload": {"application_id": "a-9"}}`)
	for range 2 { // a resend is shown too
		req, _ := http.NewRequest("POST", listenURL, bytes.NewReader(body))
		req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(body, m[2]))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("a delivery signed with the printed secret answered %d", resp.StatusCode)
		}
		if got := l.line(); got != "2026-12-07T08:00:00Z  application.rejected  e-9  application_id=a-9" {
			t.Fatalf("event line: %q", got)
		}
	}
	if code := l.stop(); code != 0 {
		t.Fatalf("listen ended with %d", code)
	}
	if got := l.line(); got != "deleted subscription "+m[1] {
		t.Fatalf("last line: %q", got)
	}
	if subs := srv.Subscriptions(); len(subs) != 0 {
		t.Fatalf("the subscription is still there: %+v", subs)
	}
}

// With no --events, listen subscribes to every type List Event Types
// returns; without a loopback JIKO_BASE_URL it needs --secret or
// --subscribe.
func TestWebhooksListenSubscribesToEveryType(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	l := startJiko(t, serverEnv(srv), "webhooks", "listen", "--addr", "127.0.0.1:0", "--secret", "whsec-chosen-0123456789")
	l.line()
	if got := l.line(); !strings.HasSuffix(got, " to 20 event types; secret whsec-chosen-0123456789 (deleted on exit)") {
		t.Fatalf("subscription line: %q", got)
	}
	l.stop()

	_, errOut, code := runJiko(t, "", []string{"JIKO_BASE_URL=", "JIKO_PARTNER=acme"}, "webhooks", "listen", "--addr", "127.0.0.1:0")
	if code != 2 || errOut != "jiko webhooks listen: --secret is required (or --subscribe, to create a subscription) (run \"jiko webhooks listen -h\")\n" {
		t.Fatalf("no secret: %d %q", code, errOut)
	}
}
