package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jiko-go/jiko"
)

const probeUsage = `jiko probe [--customer ID] [--write] [--json] [--allow-production]

Runs, against a sandbox, every operation of the SDK that it safely can,
reading ids from lists, with drift reporting on, and prints one line per
operation: the SDK method, its path, whether the path is from the contract
or inferred, and the outcome (ok; drift: what differed from the SDK's
model; not found: 404 or 405; refused: the API's message; skipped: why;
error). The summary counts each outcome and the inferred paths that hold
and that failed. Send the --json report to whoever maintains the SDK.
Reads the JIKO_* variables as "jiko api" does; JIKO_CUSTOMER_ID stands
for --customer. It refuses a production deployment.`

// Outcomes of a probed operation.
const (
	outcomeOK       = "ok"
	outcomeDrift    = "drift"
	outcomeNotFound = "not found"
	outcomeRefused  = "refused"
	outcomeSkipped  = "skipped"
	outcomeError    = "error"
)

// outcomes lists them in the summary's order.
var outcomes = []string{outcomeOK, outcomeDrift, outcomeNotFound, outcomeRefused, outcomeSkipped, outcomeError}

// probeResult is one line of the report.
type probeResult struct {
	Operation string       `json:"operation"`
	Path      string       `json:"path"`
	Inferred  bool         `json:"inferred"`
	Outcome   string       `json:"outcome"`
	Detail    string       `json:"detail,omitempty"`
	Drift     []probeDrift `json:"drift,omitempty"`
	// SameAs names the method that calls the same operation (an
	// iterator's page method), whose line tells whether it holds.
	SameAs string `json:"same_as,omitempty"`

	mu   sync.Mutex // the drift handler may be called from the call's goroutine
	stop error      // the API cannot be reached or the login failed: the probe stops
}

// probeDrift is a [jiko.Drift] as the JSON report writes it.
type probeDrift struct {
	Operation string         `json:"operation"`
	Kind      jiko.DriftKind `json:"kind"`
	Path      string         `json:"path"`
	Value     string         `json:"value,omitempty"`
	Reason    string         `json:"reason,omitempty"`
}

// probeSummary counts the outcomes.
type probeSummary struct {
	Counts          map[string]int `json:"counts"`
	InferredHold    []string       `json:"inferred_hold"`
	InferredFailed  []string       `json:"inferred_failed"`
	InferredUnknown []string       `json:"inferred_not_probed"`
}

// probeReport is the whole report, as --json prints it.
type probeReport struct {
	SDKVersion string         `json:"sdk_version"`
	Started    time.Time      `json:"started"`
	Write      bool           `json:"write"`
	Results    []*probeResult `json:"results"`
	Summary    probeSummary   `json:"summary"`
}

// prober runs the operations, keeping the ids their answers give.
type prober struct {
	c       *jiko.Client
	ids     map[string]string
	started time.Time
}

// skipped is the error of an operation that lacks an id.
type skipped string

func (s skipped) Error() string { return string(s) }

// with1 calls f with the id kept under key, or reports the operation
// skipped when no answer gave one.
func (p *prober) with1(key string, f func(string) error) error {
	id := p.ids[key]
	if id == "" {
		return skipped(noID(key))
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
func noID(key string) string {
	switch {
	case key == "customer":
		return "no customer id: no Pocket gave one; pass --customer"
	case strings.HasPrefix(key, "probe_"):
		return "no " + strings.ReplaceAll(strings.TrimPrefix(key, "probe_"), "_", " ") + " created by the probe"
	}
	return "no " + strings.ReplaceAll(key, "_", " ") + " id: no list gave one"
}

// keep remembers the member of the first of items under each key that
// holds no id yet.
func (p *prober) keep(items any, member string, keys ...string) {
	id := keepFirst(items, member)
	for _, k := range keys {
		if p.ids[k] == "" && id != "" {
			p.ids[k] = id
		}
	}
}

// set remembers id under key.
func (p *prober) set(key, id string) { p.ids[key] = id }

type probeResultKey struct{}

// onDrift records drift on the result the call's context names.
func onDrift(ctx context.Context, d jiko.Drift) {
	if r, ok := ctx.Value(probeResultKey{}).(*probeResult); ok {
		r.mu.Lock()
		r.Drift = append(r.Drift, probeDrift(d))
		r.mu.Unlock()
	}
}

func runProbe(ctx context.Context, e env, args []string) int {
	f := newFlags(e, "probe", probeUsage)
	customer := f.String("customer", e.getenv("JIKO_CUSTOMER_ID"), "the `id` of a sandbox customer, when no Pocket names one")
	writes := f.Bool("write", false, "also create small sandbox objects, then change or remove them")
	asJSON := f.Bool("json", false, "print the whole report as JSON at the end instead of the table")
	allowProd := f.Bool("allow-production", false, "probe a production deployment too")
	pos, code, ok := f.parse(args)
	switch {
	case !ok:
		return code
	case len(pos) > 0:
		return f.fail("unexpected argument %q", pos[0])
	}
	c, target, code, ok := f.connect(jiko.WithDriftHandler(onDrift))
	if !ok {
		return code
	}
	if target.Production && !*allowProd {
		return f.fail("%s names a production deployment: the probe is for a sandbox (--allow-production to insist)", target.Var)
	}
	p := &prober{c: c, ids: map[string]string{}, started: time.Now().UTC()}
	if *customer != "" {
		p.ids["customer"] = *customer
	}
	rep := &probeReport{SDKVersion: jiko.Version, Started: p.started, Write: *writes}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-38s %-8s %-9s %s\n", "OPERATION", "SOURCE", "OUTCOME", "PATH / DETAIL")
	}
	for _, op := range probeOps {
		if ctx.Err() != nil {
			break
		}
		r := p.run(ctx, op, *writes)
		rep.Results = append(rep.Results, r)
		if !*asJSON {
			printResult(e, r)
		}
		if r.stop != nil {
			// Every other operation would fail the same way.
			fmt.Fprintf(e.stderr, "%s: stopped: %v\n", f.name, r.stop)
			return exitFail
		}
	}
	rep.Summary = summarize(rep.Results)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		fmt.Fprintln(e.stdout, summaryLine(rep.Summary))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "%s: interrupted\n", f.name)
		return exitFail
	}
	return exitOK
}

// run probes one operation and says what came of it.
func (p *prober) run(ctx context.Context, op probeOp, writes bool) *probeResult {
	r := &probeResult{Operation: op.name, Path: op.path, Inferred: bool(op.source), SameAs: op.sameAs}
	switch {
	case op.kind == opSkip:
		r.Outcome, r.Detail = outcomeSkipped, op.why
		return r
	case op.kind == opWrite && !writes:
		r.Outcome, r.Detail = outcomeSkipped, "a write: run with --write"
		return r
	}
	err := op.run(context.WithValue(ctx, probeResultKey{}, r), p)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Outcome, r.Detail = classify(err)
	if unreachable(err) {
		r.stop = err
	}
	if r.Outcome == outcomeOK && len(r.Drift) > 0 {
		r.Outcome, r.Detail = outcomeDrift, driftDetail(r.Drift)
	}
	return r
}

// classify turns a call's error into an outcome and its detail.
func classify(err error) (outcome, detail string) {
	var jerr *jiko.Error
	var skip skipped
	switch {
	case err == nil:
		return outcomeOK, ""
	case errors.As(err, &skip):
		return outcomeSkipped, string(skip)
	case errors.As(err, &jerr) && (jerr.StatusCode == http.StatusNotFound || jerr.StatusCode == http.StatusMethodNotAllowed):
		return outcomeNotFound, fmt.Sprintf("%d %s", jerr.StatusCode, http.StatusText(jerr.StatusCode))
	case errors.As(err, &jerr) && jerr.StatusCode >= 400:
		msg := jerr.Detail
		for _, is := range jerr.Issues {
			msg = strings.TrimPrefix(msg+"; "+is.String(), "; ")
		}
		if msg == "" {
			msg = http.StatusText(jerr.StatusCode)
		}
		return outcomeRefused, fmt.Sprintf("%d: %s", jerr.StatusCode, msg)
	}
	return outcomeError, err.Error()
}

// unreachable reports an error that every later call would get too: no
// answer at all, or a failed login.
func unreachable(err error) bool {
	var jerr *jiko.Error
	if !errors.As(err, &jerr) {
		return false
	}
	// The login's path, as the SDK's client sends it.
	return (jerr.StatusCode == 0 && jerr.Attempts > 0) || jerr.Path == "/api/v1/login/"
}

// driftDetail names what differed: members and values.
func driftDetail(ds []probeDrift) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s %s", d.Kind, d.Path)
		if d.Kind != jiko.DriftUnknownMember && d.Value != "" {
			parts[i] += fmt.Sprintf("=%q", d.Value)
		}
	}
	return strings.Join(parts, ", ")
}

func printResult(e env, r *probeResult) {
	src := "contract"
	if r.Inferred {
		src = "inferred"
	}
	fmt.Fprintf(e.stdout, "%-38s %-8s %-9s %s\n", r.Operation, src, r.Outcome, r.Path)
	if r.Detail != "" {
		fmt.Fprintf(e.stdout, "%59s %s\n", "", r.Detail)
	}
}

// summarize counts the outcomes and sorts the inferred operations into
// those whose path answered (ok, drift or refused: the path is there),
// those that were not found, and those not probed; a method that calls
// another's operation (an iterator) counts with that one only.
func summarize(rs []*probeResult) probeSummary {
	s := probeSummary{Counts: map[string]int{}}
	for _, o := range outcomes {
		s.Counts[o] = 0
	}
	for _, r := range rs {
		s.Counts[r.Outcome]++
		if !r.Inferred || r.SameAs != "" {
			continue
		}
		switch r.Outcome {
		case outcomeOK, outcomeDrift, outcomeRefused:
			s.InferredHold = append(s.InferredHold, r.Operation)
		case outcomeNotFound:
			s.InferredFailed = append(s.InferredFailed, r.Operation)
		default:
			s.InferredUnknown = append(s.InferredUnknown, r.Operation)
		}
	}
	return s
}

func summaryLine(s probeSummary) string {
	var b strings.Builder
	n := 0
	for _, o := range outcomes {
		n += s.Counts[o]
	}
	fmt.Fprintf(&b, "%d operations:", n)
	for i, o := range outcomes {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %d %s", s.Counts[o], o)
	}
	fmt.Fprintf(&b, "; inferred paths: %d hold, %d failed, %d not probed", len(s.InferredHold), len(s.InferredFailed), len(s.InferredUnknown))
	if len(s.InferredFailed) > 0 {
		fmt.Fprintf(&b, " (failed: %s)", strings.Join(s.InferredFailed, ", "))
	}
	return b.String()
}
