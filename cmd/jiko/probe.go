package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/envconfig"
	"github.com/jiko-go/jiko/internal/ops"
)

const probeUsage = `jiko probe [flags]

Checks every SDK method it safely can against a sandbox, with drift
reporting on, and prints per method where its path comes from (contract,
reference, inferred) and what was learned: confirmed (a 2xx that decodes),
shape_differs (a 2xx that does not decode or drifts: each drift listed),
refused (a 4xx but 404/405), absent (404/405), unknown (5xx, 408, 429, no
answer) or skipped (why). An inferred path holds when confirmed,
shape_differs or refused; fails when absent. Exit 0: all confirmed; 1: a
class of --fail-on, or the run is incomplete (Ctrl-C prints what it has);
2: usage, a host not {partner}.sandbox-api.jikoservices.com or loopback,
or a failed login. Reads JIKO_* as "jiko api" does.`

// probeFlags is the flags' help, one to a line.
const probeFlags = `  --customer ID          a customer (JIKO_CUSTOMER_ID), checked first
  --id KEY=ID, --ids F   ids no list feeds: wire, onus_transfer, card, ...
  --write                also create, change and remove small sandbox objects
  --json, --json-out F   the JSON report on stdout, or also to a file
  --junit F              also a JUnit XML report
  --only G, --skip G     methods matching comma-separated globs (Pockets.*)
  --inferred-only        only the methods whose path is inferred
  --fail-on C            the classes that exit 1 (all but confirmed, skipped)
  --timeout D, --retries N   per call, retries included (15s); retries (1)
  --allow-production     read a host that is not a sandbox (never --write)
`

// The classes of a probed method, in the order the summary counts them.
const (
	classConfirmed = "confirmed"
	classShape     = "shape_differs"
	classRefused   = "refused"
	classAbsent    = "absent"
	classUnknown   = "unknown"
	classSkipped   = "skipped"
)

var classes = []string{classConfirmed, classShape, classRefused, classAbsent, classUnknown, classSkipped}

// failClasses are the classes --fail-on accepts, all by default.
var failClasses = []string{classShape, classRefused, classAbsent, classUnknown}

// Defaults of the probe's flags.
const (
	defaultProbeTimeout = 15 * time.Second
	defaultProbeRetries = 1
)

// probeTransport is what the probe's client sends through; tests replace
// it to see that nothing is sent.
var probeTransport http.RoundTripper = http.DefaultTransport

// probeOptions are the probe's flags once read.
type probeOptions struct {
	customer     string
	ids          map[string]string
	writes       bool
	asJSON       bool
	jsonOut      string
	junitOut     string
	only, skip   []string
	inferredOnly bool
	failOn       map[string]bool
	timeout      time.Duration
	retries      int
}

// probeFlagValues are where the probe's flags are read into: the options,
// and the flags checked once all are read.
type probeFlagValues struct {
	o                  probeOptions
	only, skip, failOn string
	allowProd          bool
}

// newProbeFlags returns the probe's flag set, its help written by hand
// (probeFlags), and where it reads them into.
func newProbeFlags(e env) (*cmdFlags, *probeFlagValues) {
	f := newFlags(e, "probe", probeUsage)
	f.flagsText = probeFlags
	v := &probeFlagValues{o: probeOptions{ids: map[string]string{}}}
	o := &v.o
	f.StringVar(&o.customer, "customer", e.getenv("JIKO_CUSTOMER_ID"), "the `id` of a sandbox customer, checked first; else a Pocket's")
	f.Func("id", "`KEY=ID` for the reads no list feeds (repeat; keys: "+strings.Join(idKeys, ", ")+")", func(s string) error {
		return setID(o.ids, s)
	})
	f.Func("ids", "a `FILE` of KEY=ID lines, as --id", func(name string) error { return readIDs(o.ids, name) })
	f.BoolVar(&o.writes, "write", false, "also create small sandbox objects, then change or remove them")
	f.BoolVar(&o.asJSON, "json", false, "print the whole report as JSON at the end instead of the table")
	f.StringVar(&o.jsonOut, "json-out", "", "also write the JSON report to `FILE`")
	f.StringVar(&o.junitOut, "junit", "", "also write a JUnit XML report to `FILE`")
	f.StringVar(&v.only, "only", "", "probe only the methods matching these comma-separated `globs` (Pockets.*)")
	f.StringVar(&v.skip, "skip", "", "leave out the methods matching these comma-separated `globs`")
	f.BoolVar(&o.inferredOnly, "inferred-only", false, "probe only the methods whose path is inferred")
	f.StringVar(&v.failOn, "fail-on", strings.Join(failClasses, ","), "the `classes` that make the exit status 1")
	f.DurationVar(&o.timeout, "timeout", defaultProbeTimeout, "the longest a call may take, its retries included")
	f.IntVar(&o.retries, "retries", defaultProbeRetries, "how many times a call is retried when it may be")
	f.BoolVar(&v.allowProd, "allow-production", false, "read a host that is not a sandbox (never with --write)")
	return f, v
}

func runProbe(ctx context.Context, e env, args []string) error {
	f, v := newProbeFlags(e)
	o := &v.o
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return f.usagef("unexpected argument %q", pos[0])
	case o.timeout <= 0:
		return f.usagef("--timeout: %v is not a positive duration", o.timeout)
	case o.retries < 0:
		return f.usagef("--retries: %d is negative", o.retries)
	}
	if o.only, err = globs("--only", v.only); err != nil {
		return f.usagef("%v", err)
	}
	if o.skip, err = globs("--skip", v.skip); err != nil {
		return f.usagef("%v", err)
	}
	if o.failOn, err = parseFailOn(v.failOn); err != nil {
		return f.usagef("%v", err)
	}
	if o.customer != "" {
		o.ids["customer"] = o.customer
	}

	// The guard: nothing is sent before it.
	target, err := envconfig.Address(e.getenv)
	if err != nil {
		return f.envError(err)
	}
	if target.Production && o.writes {
		return f.usagef("%s names %s, not a sandbox: --write is refused there, whatever else is given", target.Var, target.Host)
	}
	if target.Production && !v.allowProd {
		return f.usagef("%s names %s, not a sandbox or a loopback address: the probe is for a sandbox (--allow-production to read it)", target.Var, target.Host)
	}

	rec := &recorder{base: probeTransport}
	c, err := target.Connect(e.getenv, nil,
		jiko.WithHTTPClient(&http.Client{Transport: rec}),
		jiko.WithMaxRetries(o.retries),
		jiko.WithDriftHandler(onDrift), jiko.WithDriftPerCall())
	if err != nil {
		return f.envError(err)
	}
	rows, err := selectRows(*o)
	if err != nil {
		return f.usagef("%v", err)
	}
	rec.secrets = []string{e.getenv("JIKO_PASSWORD"), e.getenv("JIKO_SIGNING_SECRET"), e.getenv("JIKO_USERNAME")}
	p := &prober{c: c, rec: rec, ids: o.ids, bad: map[string]string{}, timeout: o.timeout}
	rep := newReport(target, *o)
	p.started = rep.Started
	out := &probeOutput{e: e, o: *o, rec: rec}
	refused := p.probe(ctx, rows, *o, rep, out)
	rep.finish(time.Now().UTC())
	// After a refused login the table has nothing to say: one line did.
	if err := out.end(rep, refused == nil || o.asJSON); err != nil {
		if refused != nil {
			// Both are said; the report not written decides the status.
			fmt.Fprintln(e.stderr, refused)
		}
		return f.failure(err)
	}
	if refused != nil {
		return refused
	}
	if !rep.Complete {
		return f.failure(fmt.Errorf("incomplete: %s", rep.Stopped))
	}
	for _, r := range rep.Results {
		if o.failOn[r.Class] {
			return errReported
		}
	}
	return nil
}

// probe logs in, checks a given customer, and runs rows into rep, printing
// each as it ends. It returns a usage error when the login is refused, and
// nil otherwise: the report says the rest.
func (p *prober) probe(ctx context.Context, rows []probeOp, o probeOptions, rep *probeReport, out *probeOutput) error {
	lctx, cancel := context.WithTimeout(ctx, p.timeout)
	err := p.c.Login(lctx)
	cancel()
	if err != nil {
		var jerr *jiko.Error
		if errors.As(err, &jerr) && jerr.StatusCode >= 400 && jerr.StatusCode < 500 && jerr.StatusCode != http.StatusTooManyRequests {
			rep.Stopped = fmt.Sprintf("login refused: %d %s: check JIKO_USERNAME and JIKO_PASSWORD", jerr.StatusCode, http.StatusText(jerr.StatusCode))
			return &usageError{"jiko probe: " + rep.Stopped}
		}
		if ctx.Err() != nil {
			rep.Stopped = "interrupted"
			return nil
		}
		if !p.answers(ctx) {
			rep.Stopped = "the API does not answer: login: " + p.rec.scrub(noAnswer(err, p.timeout))
			return nil
		}
	}
	first := map[string]*probeResult{}
	if id := p.ids["customer"]; id != "" {
		// A given customer is checked first: a wrong one is said once, not
		// shown as failed paths.
		for _, row := range rows {
			if row.name == "Customers.Get" {
				r := p.run(ctx, row, o.writes)
				if r.Class == classAbsent {
					why := fmt.Sprintf("the customer given (%s) was not found: Customers.Get answered %d", id, r.Evidence.Status)
					r.Class, r.Detail, r.Evidence = classSkipped, why, nil
					p.bad["customer"] = why
					delete(p.ids, "customer")
					rep.Notes = append(rep.Notes, why+"; the methods that need a customer are skipped")
					fmt.Fprintf(out.e.stderr, "jiko probe: %s; the methods that need a customer are skipped\n", why)
				}
				first[row.name] = r
			}
		}
	}
	for i, row := range rows {
		if ctx.Err() != nil {
			rep.Stopped = "interrupted"
			return nil
		}
		r := first[row.name]
		if r == nil {
			r = p.run(ctx, row, o.writes)
		}
		if ctx.Err() != nil && r.Class == classUnknown {
			// The call was cut short by the interrupt, not by the API.
			r.Detail = "interrupted before an answer"
			rep.add(r)
			out.row(r)
			rep.Stopped = "interrupted"
			return nil
		}
		rep.add(r)
		out.row(r)
		if r.Class == classUnknown && r.Evidence != nil && r.Evidence.Status == 0 && !p.answers(ctx) {
			// The API itself stopped answering: the rest would only wait.
			rep.Stopped = "the API stopped answering (GET /health: no answer) after " + row.name
			for _, rest := range rows[i+1:] {
				nr := newResult(rest)
				nr.Class, nr.Detail = classUnknown, "not run: the API stopped answering"
				rep.add(nr)
				out.row(nr)
			}
			return nil
		}
	}
	rep.Complete = true
	return nil
}

// answers reports whether the API still answers GET /health at all.
func (p *prober) answers(ctx context.Context) bool {
	hctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	_, err := p.c.Health.Check(hctx)
	var jerr *jiko.Error
	return err == nil || errors.As(err, &jerr) && jerr.StatusCode != 0
}

// selectRows returns the rows --only, --skip and --inferred-only leave.
func selectRows(o probeOptions) ([]probeOp, error) {
	used := map[string]bool{}
	match := func(patterns []string, name string) bool {
		for _, g := range patterns {
			if ok, _ := path.Match(g, name); ok {
				used[g] = true
				return true
			}
		}
		return false
	}
	var rows []probeOp
	for _, row := range probeOps {
		only := len(o.only) == 0 || match(o.only, row.name)
		skipped := match(o.skip, row.name)
		inferred := row.op() != nil && row.op().Provenance == ops.Inferred
		if only && !skipped && (!o.inferredOnly || inferred) {
			rows = append(rows, row)
		}
	}
	for _, g := range append(o.only[:len(o.only):len(o.only)], o.skip...) {
		if !used[g] {
			return nil, fmt.Errorf("%q names no method of the SDK", g)
		}
	}
	if len(rows) == 0 {
		return nil, errors.New("the selection leaves no method to probe")
	}
	return rows, nil
}

// globs splits a comma-separated list of patterns and checks each.
func globs(flag, list string) ([]string, error) {
	var out []string
	for _, g := range strings.Split(list, ",") {
		if g = strings.TrimSpace(g); g == "" {
			continue
		}
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("%s: %q is not a pattern", flag, g)
		}
		out = append(out, g)
	}
	return out, nil
}

// parseFailOn reads --fail-on.
func parseFailOn(list string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, c := range strings.Split(list, ",") {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
		case c == "none":
			return map[string]bool{}, nil
		case strings.Contains(","+strings.Join(failClasses, ",")+",", ","+c+","):
			set[c] = true
		default:
			return nil, fmt.Errorf("--fail-on: %q is not one of %s (or none)", c, strings.Join(failClasses, ", "))
		}
	}
	return set, nil
}

// setID reads one KEY=ID of --id.
func setID(ids map[string]string, s string) error {
	key, id, ok := strings.Cut(s, "=")
	key, id = strings.TrimSpace(key), strings.TrimSpace(id)
	switch {
	case !ok || id == "":
		return fmt.Errorf("%q is not KEY=ID", s)
	case !isIDKey(key):
		return fmt.Errorf("%q is not a key the probe reads (%s)", key, strings.Join(idKeys, ", "))
	}
	ids[key] = id
	return nil
}

// readIDs reads a file of KEY=ID lines; blank lines and # comments are
// skipped.
func readIDs(ids map[string]string, name string) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := setID(ids, line); err != nil {
			return fmt.Errorf("%s:%d: %v", name, n+1, err)
		}
	}
	return nil
}
