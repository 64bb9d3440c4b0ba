package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
	"github.com/jiko-go/jiko/internal/scrub"
)

// This file holds how the probe runs one method: the ids it needs, the
// call with its timeout, the evidence its answer leaves, and the class
// that says what was learned.

// prober runs the methods, keeping the ids their answers give.
type prober struct {
	c       *jiko.Client
	rec     *recorder
	ids     map[string]string
	bad     map[string]string // ids known to be wrong, and why
	started time.Time
	timeout time.Duration
}

// idKeys are the ids the probe reads, which --id may give.
var idKeys = []string{
	"customer", "pocket", "account", "transaction", "transaction_v1", "trade_v1", "ach", "wire",
	"onus_transfer", "counterparty", "counterparty_v1", "card", "card_order", "portal", "portal_v1",
	"report", "subscription", "application", "business_application",
}

func isIDKey(k string) bool { return slices.Contains(idKeys, k) }

// skipped is the error of an operation that lacks an id.
type skipped string

func (s skipped) Error() string { return string(s) }

// with1 calls f with the id kept under key, or reports the operation
// skipped when no answer gave one.
func (p *prober) with1(key string, f func(string) error) error {
	id := p.ids[key]
	if id == "" {
		return skipped(p.noID(key))
	}
	return f(id)
}

// with2 is with1 for two ids.
func (p *prober) with2(k1, k2 string, f func(string, string) error) error {
	return p.with1(k1, func(a string) error {
		return p.with1(k2, func(b string) error { return f(a, b) })
	})
}

// noID says why an id is missing.
func (p *prober) noID(key string) string {
	switch {
	case p.bad[key] != "":
		return p.bad[key]
	case key == "customer":
		return "no customer id: no Pocket gave one; pass --customer"
	case strings.HasPrefix(key, "probe_"):
		return "no " + strings.ReplaceAll(strings.TrimPrefix(key, "probe_"), "_", " ") + " created by the probe"
	}
	return "no " + strings.ReplaceAll(key, "_", " ") + " id: no list gave one; pass --id " + key + "=ID"
}

// keep remembers the member of the first of items under each key that
// holds no id yet (and is not known to be wrong).
func (p *prober) keep(items any, member string, keys ...string) {
	id := keepFirst(items, member)
	for _, k := range keys {
		if p.ids[k] == "" && p.bad[k] == "" && id != "" {
			p.ids[k] = id
		}
	}
}

// set remembers id under key.
func (p *prober) set(key, id string) { p.ids[key] = id }

// keepFirst returns the member of the first of items (a slice of models),
// read through their JSON, which names ids the same way for every model.
func keepFirst(items any, member string) string {
	b, err := json.Marshal(items)
	if err != nil {
		return ""
	}
	var objs []map[string]json.RawMessage
	if json.Unmarshal(b, &objs) != nil || len(objs) == 0 {
		return ""
	}
	var s string
	json.Unmarshal(objs[0][member], &s)
	return s
}

type probeResultKey struct{}

// onDrift records drift on the result the call's context names.
func onDrift(ctx context.Context, d jiko.Drift) {
	if r, ok := ctx.Value(probeResultKey{}).(*probeResult); ok {
		r.mu.Lock()
		r.Drift = append(r.Drift, driftEntry(d))
		r.mu.Unlock()
	}
}

// driftEntry is d as the report writes it.
func driftEntry(d jiko.Drift) probeDrift {
	return probeDrift{Kind: string(d.Kind), Path: cmp.Or(d.Path, "(top)"), Value: d.Value, Expected: d.Expected,
		Actual: d.Actual, Sample: d.Sample, Count: max(d.Count, 1), Reason: d.Reason}
}

// run probes one method and says what came of it.
func (p *prober) run(ctx context.Context, row probeOp, writes bool) *probeResult {
	r := newResult(row)
	switch {
	case row.kind == opSkip:
		r.Class, r.Detail = classSkipped, row.why
		return r
	case row.kind == opWrite && !writes:
		r.Class, r.Detail = classSkipped, "a write: run with --write"
		return r
	}
	cctx, cancel := context.WithTimeout(context.WithValue(ctx, probeResultKey{}, r), p.timeout)
	start := time.Now()
	err := row.run(cctx, p)
	cancel()
	took := time.Since(start)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Class, r.Detail = p.classify(err)
	if r.Class == classConfirmed && len(r.Drift) > 0 {
		r.Class = classShape
	}
	if r.Class == classShape && len(r.Drift) == 0 {
		var de *jiko.DriftError
		if errors.As(err, &de) {
			for _, d := range de.Drift {
				r.Drift = append(r.Drift, driftEntry(d))
			}
		}
	}
	if r.Class == classShape && r.Detail == "" {
		r.Detail = driftSummary(r.Drift)
	}
	if r.Class != classConfirmed && r.Class != classSkipped {
		r.Evidence = p.rec.evidence(r, took)
		if r.Evidence.Status == 0 && r.Class == classUnknown && errors.Is(err, context.DeadlineExceeded) {
			r.Detail = noAnswer(err, p.timeout)
		}
	}
	r.calls = nil
	return r
}

// classify turns a call's error into a class and its detail.
func (p *prober) classify(err error) (class, detail string) {
	var jerr *jiko.Error
	var skip skipped
	var de *jiko.DriftError
	var verr *jiko.ValidationError
	switch {
	case err == nil:
		return classConfirmed, ""
	case errors.As(err, &skip):
		return classSkipped, string(skip)
	case errors.As(err, &verr):
		return classSkipped, "not sent: " + p.rec.scrub(verr.Error())
	case errors.As(err, &de):
		return classShape, ""
	case !errors.As(err, &jerr):
		return classUnknown, p.rec.scrub(err.Error())
	}
	code := jerr.StatusCode
	switch {
	case code >= 200 && code < 300:
		// A success that does not decode and that the audit cannot place.
		msg := "the answer does not decode"
		if strings.Contains(err.Error(), "has no body") { // the SDK's words for an empty 2xx
			msg = "the answer has no body"
		}
		return classShape, msg
	case code == http.StatusNotFound || code == http.StatusMethodNotAllowed:
		return classAbsent, fmt.Sprintf("%d %s", code, http.StatusText(code))
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests:
		return classUnknown, fmt.Sprintf("%d %s: proves nothing about the path", code, http.StatusText(code))
	case code >= 400 && code < 500:
		msg := jerr.Detail
		for _, is := range jerr.Issues {
			msg = strings.TrimPrefix(msg+"; "+is.String(), "; ")
		}
		if jerr.Path == ops.Login.Path {
			msg = "login: " + http.StatusText(code)
			return classUnknown, fmt.Sprintf("%d %s", code, msg)
		}
		return classRefused, fmt.Sprintf("%d %s", code, p.rec.scrub(cmp.Or(msg, http.StatusText(code))))
	case code >= 500:
		return classUnknown, fmt.Sprintf("%d %s: proves nothing about the path", code, http.StatusText(code))
	}
	return classUnknown, noAnswer(err, p.timeout)
}

// noAnswer describes a call that got no answer.
func noAnswer(err error, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within --timeout %v", timeout)
	}
	var jerr *jiko.Error
	if errors.As(err, &jerr) && jerr.Err != nil {
		err = jerr.Err
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // the URL is in the evidence's replay
	}
	return "no answer: " + err.Error()
}

// driftSummary names the drift in a few words: how many entries of which
// kinds.
func driftSummary(ds []probeDrift) string {
	n := map[string]int{}
	var kinds []string
	for _, d := range ds {
		if n[d.Kind] == 0 {
			kinds = append(kinds, d.Kind)
		}
		n[d.Kind]++
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", n[k], k)
	}
	return strings.Join(parts, ", ")
}

// recorder is the probe's transport: it keeps, for the result its
// request's context names, what each attempt sent and got, and the
// credentials it saw, which every output is scrubbed of.
type recorder struct {
	base    http.RoundTripper
	mu      sync.Mutex
	secrets []string // passwords, the signing secret, tokens seen
}

// attempt is one request of a call.
type attempt struct {
	method, target string
	status         int
	contentType    string
	traceID        string
	body           bytes.Buffer
}

// maxEvidenceBody is how much of an answer the recorder keeps.
const maxEvidenceBody = 2048

func (rc *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if auth := req.Header.Get("Authorization"); auth != "" {
		rc.mu.Lock()
		if tok := strings.TrimPrefix(auth, "Bearer "); !slices.Contains(rc.secrets, tok) {
			rc.secrets = append(rc.secrets, tok)
		}
		rc.mu.Unlock()
	}
	r, _ := req.Context().Value(probeResultKey{}).(*probeResult)
	if r == nil || strings.HasSuffix(req.URL.Path, "/login/") {
		resp, err := rc.base.RoundTrip(req)
		if err == nil && strings.HasSuffix(req.URL.Path, "/login/") {
			resp.Body = &tokenBody{ReadCloser: resp.Body, rc: rc}
		}
		return resp, err
	}
	a := &attempt{method: req.Method, target: req.URL.RequestURI()}
	r.mu.Lock()
	r.calls = append(r.calls, a)
	r.mu.Unlock()
	resp, err := rc.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	a.status, a.contentType = resp.StatusCode, resp.Header.Get("Content-Type")
	a.traceID = cmp.Or(resp.Header.Get("X-Trace-Id"), resp.Header.Get("X-Request-Id"))
	r.mu.Unlock()
	resp.Body = &teeBody{ReadCloser: resp.Body, r: r, a: a}
	return resp, nil
}

// teeBody keeps the start of an answer for the evidence.
type teeBody struct {
	io.ReadCloser
	r *probeResult
	a *attempt
}

func (t *teeBody) Read(b []byte) (int, error) {
	n, err := t.ReadCloser.Read(b)
	t.r.mu.Lock()
	if room := maxEvidenceBody - t.a.body.Len(); room > 0 {
		t.a.body.Write(b[:min(n, room)])
	}
	t.r.mu.Unlock()
	return n, err
}

// tokenBody reads the login's answer for the token, which no output may
// carry.
type tokenBody struct {
	io.ReadCloser
	rc  *recorder
	buf bytes.Buffer
}

func (t *tokenBody) Read(b []byte) (int, error) {
	n, err := t.ReadCloser.Read(b)
	t.buf.Write(b[:n])
	if err == io.EOF {
		var v map[string]any
		if json.Unmarshal(t.buf.Bytes(), &v) == nil {
			t.rc.mu.Lock()
			for _, x := range v {
				if s, ok := x.(string); ok && len(s) >= 8 {
					t.rc.secrets = append(t.rc.secrets, s)
				}
			}
			t.rc.mu.Unlock()
		}
	}
	return n, err
}

// evidence is what the last attempt of r's call left, scrubbed. r.mu is
// held.
func (rc *recorder) evidence(r *probeResult, took time.Duration) *probeEvidence {
	ev := &probeEvidence{Attempts: len(r.calls), DurationMS: took.Milliseconds()}
	if len(r.calls) == 0 {
		return ev
	}
	a := r.calls[len(r.calls)-1]
	ev.Status, ev.ContentType, ev.TraceID = a.status, a.contentType, rc.scrub(a.traceID)
	ev.Body = rc.scrubBody(a.body.Bytes())
	ev.Replay = "jiko api " + a.method + " " + rc.scrub(a.target)
	return ev
}

// maxReportBody is how much of an answer a report shows.
const maxReportBody = 512

// scrubBody renders an answer for a report: a JSON one with the values of
// members named like secrets replaced, long digit runs masked, the
// credentials seen replaced, and all cut to maxReportBody bytes.
func (rc *recorder) scrubBody(b []byte) string {
	var v any
	s := string(bytes.TrimSpace(b))
	if json.Unmarshal(b, &v) == nil {
		if c, err := json.Marshal(scrub.JSON(v)); err == nil {
			s = string(c)
		}
	}
	s = rc.scrub(scrub.Digits(s))
	if len(s) > maxReportBody {
		cut := maxReportBody
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// scrub replaces every credential the recorder has seen in s.
func (rc *recorder) scrub(s string) string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, secret := range rc.secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, scrub.Redacted)
		}
	}
	return s
}
