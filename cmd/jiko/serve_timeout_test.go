package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeCutsOffAStalledRequest: a request that declares a body and
// stops sending it gets 408 and its connection closed once the body's
// bound passes; a header that stalls has its connection closed; a request
// sent in full is answered as usual. The bounds are shortened for the
// test; the failsafe deadline on the client only ends a broken run.
func TestServeCutsOffAStalledRequest(t *testing.T) {
	// Not parallel: it shortens the package's bounds while serve runs.
	saved := serveReadTimeouts
	serveReadTimeouts.header, serveReadTimeouts.body = 200*time.Millisecond, 300*time.Millisecond
	t.Cleanup(func() { serveReadTimeouts = saved })

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errOut := &lockedWriter{w: &bytes.Buffer{}}
	done := make(chan int, 1)
	e := env{stdin: strings.NewReader(""), stdout: pw, stderr: errOut, getenv: func(string) string { return "" }}
	go func() { done <- run(ctx, e, []string{"serve", "--json", "--addr", "127.0.0.1:0"}) }()
	var info serveInfo
	if err := json.NewDecoder(pr).Decode(&info); err != nil {
		cancel()
		t.Fatalf("serve's settings: %v", err)
	}
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve: exit %d", code)
		}
	}()
	addr := strings.TrimPrefix(info.BaseURL, "http://")
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.SetDeadline(time.Now().Add(20 * time.Second)) // failsafe
		return c
	}

	// A body declared as 100 bytes, of which 6 come.
	c := dial()
	if _, err := io.WriteString(c, "POST /api/v1/login/ HTTP/1.1\r\nHost: jiko\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("stalled body: no answer: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || !resp.Close || !strings.Contains(string(body), "the request body did not arrive within 300ms") {
		t.Errorf("stalled body: %d (close %t) %s", resp.StatusCode, resp.Close, body)
	}
	if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
		t.Errorf("stalled body: the connection is not closed: %q %v", rest, err)
	}

	// A header that never ends: the connection is closed, unanswered.
	c = dial()
	if _, err := io.WriteString(c, "GET /health HTTP/1.1\r\nHost: jiko\r\n"); err != nil {
		t.Fatal(err)
	}
	if rest, err := io.ReadAll(c); err != nil || len(rest) != 0 {
		t.Errorf("stalled header: %q %v", rest, err)
	}

	// A login sent in full is answered, on a connection that stays open.
	c = dial()
	login, _ := json.Marshal(map[string]string{"username": info.Username, "password": info.Password})
	req, _ := http.NewRequest("POST", info.BaseURL+"/api/v1/login/", bytes.NewReader(login))
	req.Header.Set("Content-Type", "application/json")
	if err := req.Write(c); err != nil {
		t.Fatal(err)
	}
	resp, err = http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Errorf("full login: %d (close %t)", resp.StatusCode, resp.Close)
	}
}
