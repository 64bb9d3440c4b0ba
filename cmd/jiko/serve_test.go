package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// served is a running "jiko serve --json", driven by a plain HTTP client
// that signs requests itself, as a partner's code in another language
// would.
type served struct {
	t      *testing.T
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	info   serveInfo
	token  string
	waited chan struct{}
}

// startServe runs jiko serve --json --addr 127.0.0.1:0 with extra args and
// reads its settings; the test's end stops it.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	cmd := exec.Command(jikoBinary(t), append([]string{"serve", "--json", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	s := &served{t: t, cmd: cmd, stderr: &bytes.Buffer{}, waited: make(chan struct{})}
	cmd.Stderr = &lockedWriter{w: s.stderr}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { s.stop() })
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	require.NoError(t, err, "stderr: %s", s.stderr)
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&s.info), "%s", line)
	go func() {
		rest, _ := io.ReadAll(stdout)
		assert.Empty(t, string(rest), "nothing on stdout after the JSON object")
		close(s.waited)
	}()
	return s
}

// stop interrupts the server, as Ctrl-C would, and checks that it ended
// cleanly. It may be called more than once.
func (s *served) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	<-s.waited
	err := s.cmd.Wait()
	assert.NoError(s.t, err, "exit status; stderr: %s", s.stderr)
	assert.True(s.t, strings.HasSuffix(s.stderr.String(), "jiko serve: stopped\n"), "%s", s.stderr)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	_, err := rand.Read(b)
	require.NoError(t, err)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// login takes a token with the printed credentials.
func (s *served) login() {
	s.t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, s.info.Username, s.info.Password)
	resp, err := http.Post(s.info.BaseURL+"/api/v1/login/", "application/json", strings.NewReader(body))
	require.NoError(s.t, err)
	defer resp.Body.Close()
	require.Equal(s.t, http.StatusOK, resp.StatusCode)
	var out struct{ Token string }
	require.NoError(s.t, json.NewDecoder(resp.Body).Decode(&out))
	s.token = out.Token
}

// api sends a signed API request with key (a new one when empty): the
// signature is base64(HMAC-SHA256(secret, key + path + body)).
func (s *served) api(method, path, key, body string) (int, http.Header, string) {
	s.t.Helper()
	if key == "" {
		key = newKey(s.t)
	}
	mac := hmac.New(sha256.New, []byte(s.info.SigningSecret))
	mac.Write([]byte(key + path + body))
	req, err := http.NewRequest(method, s.info.BaseURL+path, strings.NewReader(body))
	require.NoError(s.t, err)
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("x-jiko-idempotency", key)
	req.Header.Set("x-jiko-signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return s.do(req)
}

// control calls a test control.
func (s *served) control(method, path, body string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.info.Controls+path, strings.NewReader(body))
	require.NoError(s.t, err)
	status, _, out := s.do(req)
	return status, out
}

func (s *served) do(req *http.Request) (int, http.Header, string) {
	s.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	return resp.StatusCode, resp.Header, string(b)
}

func field(t *testing.T, body, name string) any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m[name]
}

func TestServeAnswersAPlainSignedClient(t *testing.T) {
	s := startServe(t)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.info.BaseURL)
	assert.Equal(t, s.info.BaseURL+"/_jikotest/", s.info.Controls)
	s.login()

	status, _, body := s.api("GET", "/api/v2/pockets/"+s.info.PocketID+"/", "", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, s.info.PocketID, field(t, body, "id"))
	assert.Equal(t, "OPEN", field(t, body, "status"))
	portfolio := field(t, body, "portfolio").(map[string]any)
	assert.Equal(t, map[string]any{"value": 100000.0, "currency": "USD", "formatted": "$1,000.00"}, portfolio["total_value"])

	// A POST resent with its key is answered from the store, once.
	key := newKey(t)
	create := `{"pocket_name":"Rainy day","deposit_strategy_id":"UST-4W"}`
	path := "/api/v2/customers/" + s.info.CustomerID + "/pockets/"
	status, _, first := s.api("POST", path, key, create)
	require.Equal(t, http.StatusCreated, status, first)
	status, header, again := s.api("POST", path, key, create)
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, first, again)
	assert.Equal(t, "true", header.Get("X-Jikotest-Replayed"))
	status, _, list := s.api("GET", path, "", "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, field(t, list, "items"), 2, "the seeded Pocket and one more")

	// Bad credentials answer as the API does.
	s.token = "nope"
	status, _, body = s.api("GET", path, "", "")
	assert.Equal(t, http.StatusUnauthorized, status, body)
	s.login()
	req, err := http.NewRequest("GET", s.info.BaseURL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("x-jiko-idempotency", newKey(t))
	req.Header.Set("x-jiko-signature", "AAAA")
	status, _, _ = s.do(req)
	assert.Equal(t, http.StatusForbidden, status, "a signature that does not match")
}

// Credentials given as flags are the ones the login takes; the others are
// random.
func TestServeFixedCredentials(t *testing.T) {
	s := startServe(t, "--username", "acme", "--signing-secret", "0123456789abcdef")
	assert.Equal(t, "acme", s.info.Username)
	assert.Len(t, s.info.Password, 18)
	assert.Equal(t, "0123456789abcdef", s.info.SigningSecret)
	s.login()
	status, _, body := s.api("GET", "/api/v2/pockets/"+s.info.PocketID+"/", "", "")
	assert.Equal(t, http.StatusOK, status, body)
}

func TestServeControls(t *testing.T) {
	s := startServe(t)
	s.login()
	ach := func() string {
		t.Helper()
		status, _, body := s.api("POST", "/api/v1/jiko-accounts/"+s.info.PocketID+"/ach-originating/", "",
			`{"counterparty_id":"`+s.info.CounterpartyID+`","direction":"CREDIT","amount_usdc":2500}`)
		require.Equal(t, http.StatusOK, status, body)
		return field(t, body, "id").(string)
	}
	id := ach()
	status, body := s.control("POST", "transfers/"+id+"/settle", "")
	require.Equal(t, http.StatusOK, status, body)
	status, _, body = s.api("GET", "/api/v1/jiko-accounts/"+s.info.PocketID+"/ach-originating/"+id+"/", "", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "PROCESSED", field(t, body, "status"))
	status, body = s.control("GET", "ledger?pocket_id="+s.info.PocketID, "")
	require.Equal(t, http.StatusOK, status)
	var ledger []struct {
		Amount int64
		Status string
	}
	require.NoError(t, json.Unmarshal([]byte(body), &ledger))
	require.Len(t, ledger, 2)
	assert.Equal(t, int64(-2500), ledger[1].Amount)
	assert.Equal(t, "SETTLED", ledger[1].Status)

	status, body = s.control("POST", "clock/advance", `{"by":"1440h"}`)
	require.Equal(t, http.StatusOK, status, body)
	now, err := time.Parse(time.RFC3339Nano, field(t, body, "now").(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(1440*time.Hour), now, time.Minute)
	assert.Positive(t, field(t, body, "maturities"), "the seeded deposit's T-bills matured")
	s.login() // the token expired as the clock moved on

	status, body = s.control("POST", "faults/next", `{"path":"/api/v2/pockets/*","status":429,"retry_after":"7"}`)
	require.Equal(t, http.StatusOK, status, body)
	status, header, body := s.api("GET", "/api/v2/pockets/"+s.info.PocketID+"/", "", "")
	assert.Equal(t, http.StatusTooManyRequests, status, body)
	assert.Equal(t, "7", header.Get("Retry-After"))
	status, _, _ = s.api("GET", "/api/v2/pockets/"+s.info.PocketID+"/", "", "")
	assert.Equal(t, http.StatusOK, status, "the fault was for the next request only")

	status, body = s.control("POST", "reset", "")
	require.Equal(t, http.StatusOK, status, body)
	s.login()
	status, body = s.control("GET", "ledger?pocket_id="+s.info.PocketID, "")
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal([]byte(body), &ledger))
	assert.Len(t, ledger, 1, "back to the opening deposit")

	resp, err := http.Get(s.info.Controls + "openapi.yaml")
	require.NoError(t, err)
	doc, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, jikotest.ControlOpenAPI, doc)
	assert.Equal(t, "application/yaml", resp.Header.Get("Content-Type"))
}

// The SDK's client works against jiko serve unchanged, and webhooks reach
// a receiver on a loopback URL, signed with the subscription's secret.
func TestServeWithTheSDKAndWebhooks(t *testing.T) {
	s := startServe(t)
	c, err := jiko.NewClient(jiko.WithBaseURL(s.info.BaseURL), jiko.WithCredentials(s.info.Username, s.info.Password),
		jiko.WithSigningSecret(s.info.SigningSecret))
	require.NoError(t, err)
	ctx := context.Background()
	p, err := c.Pockets.Get(ctx, s.info.PocketID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(100_000), p.Portfolio.TotalValue.Value)

	got := make(chan *jiko.Event, 1)
	receiver := httptest.NewServer(jiko.WebhookHandler("hook-secret-0123456789", func(_ context.Context, ev *jiko.Event) error {
		got <- ev
		return nil
	}))
	defer receiver.Close()
	_, err = c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{Description: "test", URL: receiver.URL + "/hook",
		SharedSecret: "hook-secret-0123456789", Events: []jiko.EventName{jiko.EventACHOutSuccess}})
	require.NoError(t, err)
	out, err := c.ACH.Create(ctx, s.info.PocketID, &jiko.ACHCreateRequest{CounterpartyID: s.info.CounterpartyID,
		Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	require.NoError(t, err)
	status, body := s.control("POST", "transfers/"+out.ID+"/settle", "")
	require.Equal(t, http.StatusOK, status, body)
	select {
	case ev := <-got:
		assert.Equal(t, jiko.EventACHOutSuccess, ev.Type)
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook delivered")
	}
}

// With --data, the data, the credentials and the seeded ids survive a
// restart; reset still goes back to the seeded start.
func TestServeDataSurvivesARestart(t *testing.T) {
	data := filepath.Join(t.TempDir(), "jiko.json")
	s := startServe(t, "--data", data)
	s.login()
	status, _, created := s.api("POST", "/api/v2/customers/"+s.info.CustomerID+"/pockets/", "",
		`{"pocket_name":"Kept","deposit_strategy_id":"UST-4W"}`)
	require.Equal(t, http.StatusCreated, status, created)
	status, body := s.control("POST", "clock/advance", `{"by":"48h"}`)
	require.Equal(t, http.StatusOK, status, body)
	moved, err := time.Parse(time.RFC3339Nano, field(t, body, "now").(string))
	require.NoError(t, err)
	s.login() // a token of the moved clock: the first one has expired
	token := s.token
	s.stop()
	fi, err := os.Stat(data)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	again := startServe(t, "--data", data)
	info := again.info
	info.BaseURL, info.Controls, info.OpenAPI = s.info.BaseURL, s.info.Controls, s.info.OpenAPI
	assert.Equal(t, s.info, info, "the same credentials and seeded ids")
	again.token = token
	id := field(t, created, "id").(string)
	status, _, body2 := again.api("GET", "/api/v2/pockets/"+id+"/", "", "")
	require.Equal(t, http.StatusOK, status, "the token and the Pocket survived: %s", body2)
	assert.Equal(t, "Kept", field(t, body2, "pocket_name"))
	status, body = again.control("GET", "clock", "")
	require.Equal(t, http.StatusOK, status)
	now, err := time.Parse(time.RFC3339Nano, field(t, body, "now").(string))
	require.NoError(t, err)
	assert.False(t, now.Before(moved), "the clock stays moved on")

	status, body = again.control("POST", "reset", "")
	require.Equal(t, http.StatusOK, status, body)
	again.login()
	status, _, _ = again.api("GET", "/api/v2/pockets/"+id+"/", "", "")
	assert.Equal(t, http.StatusNotFound, status, "reset forgets what came after the seed")
	status, _, _ = again.api("GET", "/api/v2/pockets/"+s.info.PocketID+"/", "", "")
	assert.Equal(t, http.StatusOK, status)
}

func TestServeRefusesBadInput(t *testing.T) {
	_, errOut, code := runJiko(t, "", nil, "serve", "--colour")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jiko serve: flag provided but not defined: -colour (run \"jiko serve -h\")\n", errOut)
	_, errOut, code = runJiko(t, "", nil, "serve", "extra")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jiko serve: unexpected argument \"extra\" (run \"jiko serve -h\")\n", errOut)
	out, _, code := runJiko(t, "", nil, "serve", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "-addr")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	out, errOut, code = runJiko(t, "", nil, "serve", "--addr", l.Addr().String())
	assert.Equal(t, exitFail, code)
	assert.Empty(t, out)
	assert.Equal(t, "jiko serve: listen tcp "+l.Addr().String()+": bind: address already in use\n", errOut)

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{oops"), 0o600))
	_, errOut, code = runJiko(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--data", bad)
	assert.Equal(t, exitFail, code)
	assert.Regexp(t, `^jiko serve: .*bad.json: not a jiko serve data file: .*\n$`, errOut)
	assert.Equal(t, 1, strings.Count(errOut, "\n"))
}

// Another address than loopback is served only when asked, with a warning.
func TestServeWarnsOffLoopback(t *testing.T) {
	s := startServe(t, "--addr", "0.0.0.0:0")
	s.stop()
	assert.Regexp(t, `^jiko serve: warning: listening on (0\.0\.0\.0|\[::\]):\d+, not a loopback address`, s.stderr.String())
}
