package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A subscription made without a retry_policy, as the README's is, is
// retried by the default policy on jiko serve's clock: moving the clock
// on 30 s brings the retry at once; the attempts are listed by the
// control and logged on stderr.
func TestServeRetriesASubscriptionWithoutPolicyOnItsClock(t *testing.T) {
	s := startServe(t)
	c, err := jiko.NewClient(jiko.WithBaseURL(s.info.BaseURL), jiko.WithCredentials(s.info.Username, s.info.Password),
		jiko.WithSigningSecret(s.info.SigningSecret))
	require.NoError(t, err)
	ctx := context.Background()
	var calls atomic.Int32
	got := make(chan *jiko.Event, 2)
	verified := jiko.WebhookHandler("hook-secret-0123456789", func(_ context.Context, ev *jiko.Event) error {
		got <- ev
		return nil
	})
	failed := make(chan struct{}, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			failed <- struct{}{}
			return
		}
		verified.ServeHTTP(w, r)
	}))
	defer receiver.Close()
	sub, err := c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{URL: receiver.URL, SharedSecret: "hook-secret-0123456789",
		Events: []jiko.EventName{jiko.EventACHOutSuccess}})
	require.NoError(t, err)
	require.Nil(t, sub.RetryPolicy)
	out, err := c.ACH.Create(ctx, s.info.PocketID, &jiko.ACHCreateRequest{CounterpartyID: s.info.CounterpartyID,
		Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	require.NoError(t, err)
	status, body := s.control("POST", "transfers/"+out.ID+"/settle", "")
	require.Equal(t, http.StatusOK, status, body)
	select {
	case <-failed:
	case <-time.After(10 * time.Second):
		t.Fatal("no first delivery")
	}
	status, body = s.control("POST", "clock/advance", `{"by": "30s"}`)
	require.Equal(t, http.StatusOK, status, body)
	var ev *jiko.Event
	select {
	case ev = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the retry did not come when the clock moved on 30 s")
	}
	assert.Equal(t, jiko.EventACHOutSuccess, ev.Type)
	status, body = s.control("POST", "webhooks/wait", `{"timeout": "10s"}`)
	require.Equal(t, http.StatusOK, status, body)

	status, body = s.control("GET", "events/"+ev.ID+"/attempts", "")
	require.Equal(t, http.StatusOK, status, body)
	var attempts []jiko.DeliveryAttempt
	require.NoError(t, json.Unmarshal([]byte(body), &attempts))
	require.Len(t, attempts, 2)
	assert.Equal(t, []int{500, 200}, []int{attempts[0].ResponseCode, attempts[1].ResponseCode})
	assert.Equal(t, 30*time.Second, attempts[1].CalledAt.Sub(attempts[0].CalledAt.Time).Round(30*time.Second))
	s.stop()
	assert.Contains(t, s.stderr.String(), `msg="jikotest webhook delivery failed; retrying" event_id=`+ev.ID)
	assert.Contains(t, s.stderr.String(), `msg="jikotest webhook delivered" event_id=`+ev.ID)
}

// --fixtures starts with the file's data instead of the default seed,
// prints the ids by ref, and reset comes back to it; a bad file is
// refused naming the field.
func TestServeFixtures(t *testing.T) {
	s := startServe(t, "--fixtures", "../../examples/fixtures/seed.json")
	assert.Empty(t, s.info.PocketID, "no default seed")
	require.Len(t, s.info.Fixtures, 10)
	s.login()
	everyday := s.info.Fixtures["alice-everyday"]
	status, _, body := s.api("GET", "/api/v2/pockets/"+everyday+"/", "", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "Everyday", field(t, body, "pocket_name"))
	status, body = s.control("POST", "pockets/"+everyday+"/balance", `{"balance": 1}`)
	require.Equal(t, http.StatusOK, status, body)
	status, body = s.control("POST", "reset", "")
	require.Equal(t, http.StatusOK, status, body)
	status, body = s.control("GET", "ledger?pocket_id="+everyday, "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, 1, strings.Count(body, `"amount":125000`), "back to the fixtures: %s", body)
	assert.NotContains(t, body, "ADJUSTMENT\",\"amount\":-124999")

	bad := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"customers": [{"pockets": [{"balance": -1}]}]}`), 0o600))
	out, errOut, code := runJiko(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--fixtures", bad)
	assert.Equal(t, exitFail, code)
	assert.Empty(t, out)
	assert.Equal(t, "jiko serve: --fixtures: fixtures: customers[0].pockets[0].balance: -1 is negative (cents)\n", errOut)
}

// With --exit-with-parent, jiko serve stops when the process that started
// it is gone, as "go run" is after "kill $!": here a shell killed with
// SIGKILL, which cannot pass anything on.
func TestServeExitsWithItsParent(t *testing.T) {
	sh := exec.Command("sh", "-c", `"$0" serve --json --addr 127.0.0.1:0 --exit-with-parent; echo "not reached"`, jikoBinary(t))
	stdout, err := sh.StdoutPipe()
	require.NoError(t, err)
	var stderr lockedWriter
	stderr.w = &strings.Builder{}
	sh.Stderr = &stderr
	require.NoError(t, sh.Start())
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	var info serveInfo
	require.NoError(t, json.Unmarshal([]byte(line), &info))

	require.NoError(t, sh.Process.Signal(syscall.SIGKILL))
	done := make(chan error, 1)
	go func() { // the pipe ends when the last process holding it, jiko serve, exits
		_, err := r.ReadString('\n')
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("jiko serve still runs after its parent was killed")
	}
	_ = sh.Wait()
	_, err = http.Get(info.BaseURL + "/health")
	assert.Error(t, err, "nothing listens any more")
	stderr.mu.Lock()
	defer stderr.mu.Unlock()
	assert.Contains(t, stderr.w.(*strings.Builder).String(), "jiko serve: the parent process exited; stopping\n")
}

// With --data, the fixtures make the first start's data; a restart keeps
// the data file's and says the fixtures were not applied.
func TestServeFixturesWithData(t *testing.T) {
	data := filepath.Join(t.TempDir(), "jiko.json")
	first := startServe(t, "--data", data, "--fixtures", "../../examples/fixtures/seed.json")
	first.stop()
	again := startServe(t, "--data", data, "--fixtures", "../../examples/fixtures/seed.json")
	assert.Equal(t, first.info.Fixtures, again.info.Fixtures, "the same objects, kept by the data file")
	again.stop()
	assert.Contains(t, again.stderr.String(), "jiko serve: --fixtures not applied: "+data+" already holds the data\n")
}
