package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"testing"
)

// driftProxy stands between the probe and jikotest and changes the
// answers of the requests its rules match, the way a real API drifts: a
// member added, dropped, renamed, nulled or of another kind, an unknown
// value, another status, an HTML error page, a dropped connection or an
// answer that never comes. It is the probe's own, not jikotest's drift
// control.
type driftProxy struct {
	*httptest.Server
	rules []proxyRule
	hang  chan struct{} // closed when the test ends: hung answers return

	mu   sync.Mutex
	auth []string // the Authorization headers seen
}

// proxyRule changes the answers to method and the paths re matches.
type proxyRule struct {
	method string
	re     *regexp.Regexp
	// edit changes a JSON answer in place (the answer is an object).
	edit func(m map[string]any)
	// status, contentType and body replace the answer when status is set.
	status      int
	contentType string
	body        string
	drop        bool   // close the connection without an answer
	hang        bool   // answer nothing until the test ends
	before      func() // called when the rule matches, before it acts
}

func rule(method, pattern string) proxyRule {
	return proxyRule{method: method, re: regexp.MustCompile("^" + pattern + "$")}
}

func newDriftProxy(t *testing.T, upstream string, rules ...proxyRule) *driftProxy {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &driftProxy{rules: rules, hang: make(chan struct{})}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		r := p.match(resp.Request)
		if r == nil || r.edit == nil || resp.StatusCode >= 300 {
			return nil
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err == nil {
			r.edit(m)
			b, _ = json.Marshal(m)
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
		resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
		return nil
	}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p.mu.Lock()
		p.auth = append(p.auth, req.Header.Get("Authorization"))
		p.mu.Unlock()
		r := p.match(req)
		if r != nil && r.before != nil {
			r.before()
		}
		switch {
		case r == nil || r.edit != nil:
			rp.ServeHTTP(w, req)
		case r.drop:
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		case r.hang:
			select {
			case <-p.hang:
			case <-req.Context().Done():
			}
		default:
			w.Header().Set("Content-Type", r.contentType)
			w.Header().Set("X-Trace-Id", "trace-"+strconv.Itoa(r.status))
			w.WriteHeader(r.status)
			io.WriteString(w, r.body)
		}
	}))
	t.Cleanup(func() {
		close(p.hang)
		p.Close()
	})
	return p
}

func (p *driftProxy) match(req *http.Request) *proxyRule {
	for i := range p.rules {
		r := &p.rules[i]
		if r.method == req.Method && r.re.MatchString(req.URL.Path) {
			return r
		}
	}
	return nil
}

// tokens are the bearer tokens the proxy saw.
func (p *driftProxy) tokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, a := range p.auth {
		if len(a) > len("Bearer ") {
			out = append(out, a[len("Bearer "):])
		}
	}
	return out
}

// Edits of a JSON answer.

func addMember(name string, v any) func(map[string]any) {
	return func(m map[string]any) { m[name] = v }
}

func dropMember(name string) func(map[string]any) {
	return func(m map[string]any) { delete(m, name) }
}

func renameMember(from, to string) func(map[string]any) {
	return func(m map[string]any) { m[to] = m[from]; delete(m, from) }
}

func setMember(name string, v any) func(map[string]any) {
	return func(m map[string]any) { m[name] = v }
}

// inMember applies edit to the object under name.
func inMember(name string, edit func(map[string]any)) func(map[string]any) {
	return func(m map[string]any) {
		if o, ok := m[name].(map[string]any); ok {
			edit(o)
		}
	}
}

// inItems applies edit to every item of the list's items.
func inItems(edit func(map[string]any)) func(map[string]any) {
	return func(m map[string]any) {
		items, _ := m["items"].([]any)
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				edit(o)
			}
		}
	}
}

func both(edits ...func(map[string]any)) func(map[string]any) {
	return func(m map[string]any) {
		for _, e := range edits {
			e(m)
		}
	}
}
