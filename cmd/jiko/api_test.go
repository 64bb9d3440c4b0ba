package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/jikotest"
)

// serverEnv returns the JIKO_* variables that point the command at srv.
func serverEnv(srv *jikotest.Server) []string {
	return []string{
		"JIKO_PARTNER=", "JIKO_ENVIRONMENT=",
		"JIKO_BASE_URL=" + srv.URL,
		"JIKO_USERNAME=" + srv.Username(),
		"JIKO_PASSWORD=" + srv.Password(),
		"JIKO_SIGNING_SECRET=" + srv.SigningSecret(),
	}
}

func newServer(t *testing.T) *jikotest.Server {
	srv := jikotest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

func TestAPISignedGet(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cust := srv.AddCustomer("")
	p := srv.AddPocket(cust, jikotest.PocketSeed{Name: "Rainy day"})
	srv.AddPocket(cust, jikotest.PocketSeed{Name: "Second"})

	out, errOut, code := runJiko(t, "", serverEnv(srv), "api", "get", "/api/v2/pockets/?limit=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
		NextPage *string `json:"next_page"`
	}
	if err := json.Unmarshal([]byte(out), &page); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if len(page.Items) != 1 || page.NextPage == nil {
		t.Fatalf("want one item and a next page: %s", out)
	}
	if strings.Contains(out, "\n  ") {
		t.Fatalf("output to a pipe is indented: %q", out)
	}
	if srv.Logins() != 1 {
		t.Fatalf("logins: %d", srv.Logins())
	}
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "GET" || last.Path != "/api/v2/pockets/" || last.Query != "limit=1" {
		t.Fatalf("sent %s %s?%s", last.Method, last.Path, last.Query)
	}
	if last.Header.Get("x-jiko-signature") == "" || last.Header.Get("x-jiko-idempotency") == "" || last.Status != 200 {
		t.Fatalf("not signed or refused: %d %v", last.Status, last.Header)
	}

	out, _, code = runJiko(t, "", serverEnv(srv), "api", "--pretty", "GET", "/api/v2/pockets/"+p.ID+"/")
	if code != 0 || !strings.Contains(out, "\n  \"id\": \""+p.ID+"\"") {
		t.Fatalf("pretty get: %d %s", code, out)
	}
}

func TestAPIPostWithReusedKey(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cust := srv.AddCustomer("")
	body := filepath.Join(t.TempDir(), "pocket.json")
	if err := os.WriteFile(body, []byte(`{"pocket_name": "Savings", "deposit_strategy_id": "UST-4W"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	path := "/api/v2/customers/" + cust + "/pockets/"
	const key = "5f0c2d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f"
	args := []string{"api", "POST", path, "-d", "@" + body, "--idempotency-key", key}
	first, errOut, code := runJiko(t, "", serverEnv(srv), args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	effects := srv.SideEffects()
	second, errOut, code := runJiko(t, "", serverEnv(srv), args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if first != second || !strings.Contains(first, `"pocket_name":"Savings"`) {
		t.Fatalf("answers differ or miss the Pocket:\n%s\n%s", first, second)
	}
	if srv.SideEffects() != effects || len(srv.Pockets()) != 1 {
		t.Fatalf("side effects %d then %d, %d pockets", effects, srv.SideEffects(), len(srv.Pockets()))
	}
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if !last.Replayed || last.Header.Get("x-jiko-idempotency") != key {
		t.Fatalf("second POST not a replay of the key: %+v", last.Header)
	}

	// The body from standard input, and an API error: exit 1, the
	// error on standard error as *jiko.Error prints it.
	out, errOut, code := runJiko(t, `{"pocket_name": ""}`, serverEnv(srv), "api", "POST", path, "-d", "@-")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "jiko api: jiko: POST "+path+": 422 Unprocessable Entity") {
		t.Fatalf("refused POST: %d %q %q", code, out, errOut)
	}
}

// TestAPIAgainstServe: "jiko api" reaches "jiko serve" with the
// credentials it prints.
func TestAPIAgainstServe(t *testing.T) {
	t.Parallel()
	s := startJiko(t, nil, "serve", "--json", "--addr", "127.0.0.1:0")
	var info struct {
		BaseURL       string `json:"base_url"`
		Username      string `json:"username"`
		Password      string `json:"password"`
		SigningSecret string `json:"signing_secret"`
		PocketID      string `json:"pocket_id"`
	}
	if err := json.Unmarshal([]byte(s.line()), &info); err != nil {
		t.Fatal(err)
	}
	envs := []string{
		"JIKO_PARTNER=", "JIKO_ENVIRONMENT=", "JIKO_BASE_URL=" + info.BaseURL,
		"JIKO_USERNAME=" + info.Username, "JIKO_PASSWORD=" + info.Password, "JIKO_SIGNING_SECRET=" + info.SigningSecret,
	}
	out, errOut, code := runJiko(t, "", envs, "api", "GET", "/api/v2/pockets/"+info.PocketID+"/")
	var p struct {
		ID string `json:"id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &p) != nil || p.ID != info.PocketID {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve ended with %d", code)
	}
}
