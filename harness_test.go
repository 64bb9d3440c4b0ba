package jiko

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

const (
	testBase     = "https://acme.sandbox-api.jikoservices.com"
	testUser     = "acme-user"
	testPassword = "pa55-w0rd-never-print"
	testSecret   = "signing-secret-never-print"
	customerID   = "62c5272e-ef8c-4d8a-a49d-633432409fd4"
	pocketID     = "d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd"
)

// seen is one request as the fake transport received it.
type seen struct {
	Method  string
	Path    string // escaped
	Query   string // raw
	Header  http.Header
	Body    []byte
	HasBody bool
}

// harness routes requests of a Client to scripted responders through an
// httpmock transport, and counts logins.
type harness struct {
	t      *testing.T
	c      *Client
	mu     sync.Mutex
	routes map[string][]httpmock.Responder
	reqs   []seen
	logins atomic.Int32
	// loginLifetime is the lifetime of the tokens the fake login issues.
	loginLifetime time.Duration
	loginDelay    time.Duration
}

func newHarness(t *testing.T, opts ...ClientOption) *harness {
	t.Helper()
	h := &harness{t: t, routes: map[string][]httpmock.Responder{}, loginLifetime: time.Hour}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(h.serve)
	base := []ClientOption{
		WithBaseURL(testBase),
		WithCredentials(testUser, testPassword),
		WithSigningSecret(testSecret),
		WithHTTPClient(&http.Client{Transport: mt}),
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	c.jitter = func() float64 { return 0.5 }
	h.c = c
	return h
}

// on scripts the responses to method+escaped path; the last one repeats.
func (h *harness) on(method, path string, rs ...httpmock.Responder) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.routes[method+" "+path] = rs
}

func (h *harness) serve(req *http.Request) (*http.Response, error) {
	var body []byte
	hasBody := req.Body != nil && req.Body != http.NoBody
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	if req.URL.EscapedPath() == loginPath {
		n := h.logins.Add(1)
		if h.loginDelay > 0 {
			time.Sleep(h.loginDelay)
		}
		var in loginRequest
		if err := json.Unmarshal(body, &in); err != nil || in.Username != testUser || in.Password != testPassword {
			return httpmock.NewStringResponse(401, `{"detail":"Unauthorized"}`), nil
		}
		return httpmock.NewJsonResponse(200, map[string]any{
			"token":   fmt.Sprintf("tok-%d", n),
			"expires": time.Now().Add(h.loginLifetime).Format(time.RFC3339Nano),
		})
	}
	checkSDKRequest(h.t, req, body)
	h.mu.Lock()
	h.reqs = append(h.reqs, seen{req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header.Clone(), body, hasBody})
	key := req.Method + " " + req.URL.EscapedPath()
	rs := h.routes[key]
	if len(rs) == 0 {
		h.mu.Unlock()
		return httpmock.NewStringResponse(599, "no route for "+key), nil
	}
	r := rs[0]
	if len(rs) > 1 {
		h.routes[key] = rs[1:]
	}
	h.mu.Unlock()
	return r(req)
}

func (h *harness) requests() []seen {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]seen(nil), h.reqs...)
}

func (h *harness) last() seen {
	r := h.requests()
	require.NotEmpty(h.t, r, "no request reached the server")
	return r[len(r)-1]
}

// status answers with a status code, a JSON body and optional header pairs.
func status(code int, body string, header ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, body)
		resp.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			resp.Header.Set(header[i], header[i+1])
		}
		return resp, nil
	}
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

// compactJSON removes insignificant white space, for comparing bodies.
func compactJSON(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, []byte(s)))
	return b.String()
}
