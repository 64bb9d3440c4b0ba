package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/envconfig"
	"github.com/jiko-go/jiko/internal/ops"
)

// This file holds the probe's report: its JSON form (whose schema is
// probe-report.schema.json), the table, the summary and the JUnit file.

// probeSchemaVersion is the version of probe-report.schema.json the
// report follows; it changes when a key is removed or changes meaning.
const probeSchemaVersion = 1

// probeReport is the whole report, as --json prints it.
type probeReport struct {
	Schema        string         `json:"schema"`
	SchemaVersion int            `json:"schema_version"`
	Target        probeTarget    `json:"target"`
	SDK           probeSDK       `json:"sdk"`
	Started       time.Time      `json:"started"`
	Ended         time.Time      `json:"ended"`
	DurationMS    int64          `json:"duration_ms"`
	Options       probeSettings  `json:"options"`
	Complete      bool           `json:"complete"`
	Stopped       string         `json:"stopped,omitempty"`
	Notes         []string       `json:"notes,omitempty"`
	Results       []*probeResult `json:"results"`
	Summary       probeSummary   `json:"summary"`
}

// probeTarget is the deployment probed.
type probeTarget struct {
	Host        string `json:"host"`
	Environment string `json:"environment"`
}

// probeSDK is the SDK the probe is built on.
type probeSDK struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
}

// probeSettings are the flags that shape a run.
type probeSettings struct {
	Write        bool     `json:"write"`
	Only         []string `json:"only,omitempty"`
	Skip         []string `json:"skip,omitempty"`
	InferredOnly bool     `json:"inferred_only"`
	TimeoutMS    int64    `json:"timeout_ms"`
	Retries      int      `json:"retries"`
}

// probeResult is one line of the report: one SDK method.
type probeResult struct {
	Method     string         `json:"method"`
	Path       string         `json:"path"`
	Provenance string         `json:"provenance"`
	Why        string         `json:"why,omitempty"`
	Class      string         `json:"class"`
	Detail     string         `json:"detail,omitempty"`
	Drift      []probeDrift   `json:"drift,omitempty"`
	Evidence   *probeEvidence `json:"evidence,omitempty"`
	// SameAs names the method that calls the same operation (an
	// iterator's page method), whose line tells whether it holds.
	SameAs string `json:"same_as,omitempty"`

	op    *ops.Op
	mu    sync.Mutex // the drift handler and the transport write from the call's goroutines
	calls []*attempt // the call's attempts, while it runs
}

// probeDrift is a [jiko.Drift] as the report writes it.
type probeDrift struct {
	Kind     string `json:"kind"`
	Path     string `json:"path"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	Sample   string `json:"sample,omitempty"`
	Count    int    `json:"count"`
	Reason   string `json:"reason,omitempty"`
}

// probeEvidence is what a call that was not confirmed left.
type probeEvidence struct {
	Status      int    `json:"status"`
	ContentType string `json:"content_type,omitempty"`
	Attempts    int    `json:"attempts"`
	DurationMS  int64  `json:"duration_ms"`
	TraceID     string `json:"trace_id,omitempty"`
	Body        string `json:"body,omitempty"`
	Replay      string `json:"replay,omitempty"`
}

// probeSummary counts the classes.
type probeSummary struct {
	Counts       map[string]int            `json:"counts"`
	ByProvenance map[string]map[string]int `json:"by_provenance"`
	Inferred     inferredSummary           `json:"inferred"`
}

// inferredSummary sorts the inferred operations (each once, by its first
// method) into those that hold, fail, are unknown and were skipped.
type inferredSummary struct {
	Hold    []string `json:"hold"`
	Failed  []string `json:"failed"`
	Unknown []string `json:"unknown"`
	Skipped []string `json:"skipped"`
}

// newResult is row's line before it runs.
func newResult(row probeOp) *probeResult {
	r := &probeResult{Method: row.name, SameAs: row.sameAs, op: row.op()}
	if r.op == nil {
		r.Path, r.Provenance = "GET {link}", "link"
		return r
	}
	r.Path, r.Provenance = r.op.String(), r.op.Provenance.String()
	if r.op.Provenance == ops.Inferred {
		r.Why = r.op.Why
	}
	return r
}

// newReport starts the report of a run.
func newReport(t envconfig.Target, o probeOptions) *probeReport {
	rep := &probeReport{
		Schema: "https://github.com/jiko-go/jiko/blob/main/cmd/jiko/probe-report.schema.json", SchemaVersion: probeSchemaVersion,
		Target:  probeTarget{Host: t.Host, Environment: t.Environment},
		SDK:     probeSDK{Version: jiko.Version, Commit: vcsCommit()},
		Started: time.Now().UTC(),
		Options: probeSettings{Write: o.writes, Only: o.only, Skip: o.skip, InferredOnly: o.inferredOnly,
			TimeoutMS: o.timeout.Milliseconds(), Retries: o.retries},
		Results: []*probeResult{},
	}
	rep.Summary = summarize(nil)
	return rep
}

// vcsCommit is the commit the binary was built from, when Go recorded it.
func vcsCommit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			return s.Value
		}
	}
	return ""
}

func (rep *probeReport) add(r *probeResult) { rep.Results = append(rep.Results, r) }

// finish closes the report at end.
func (rep *probeReport) finish(end time.Time) {
	rep.Ended = end
	rep.DurationMS = end.Sub(rep.Started).Milliseconds()
	rep.Summary = summarize(rep.Results)
}

// summarize counts the classes, per provenance too, and sorts the
// inferred operations: one holds when a method of it is confirmed, shape
// differs or is refused (the path is there), fails when absent, and is
// otherwise unknown or skipped. A method that calls another's operation
// (an iterator) counts with that one only.
func summarize(rs []*probeResult) probeSummary {
	s := probeSummary{Counts: map[string]int{}, ByProvenance: map[string]map[string]int{}}
	for _, p := range []string{"contract", "reference", "inferred"} {
		s.ByProvenance[p] = map[string]int{}
		for _, c := range classes {
			s.ByProvenance[p][c] = 0
		}
	}
	for _, c := range classes {
		s.Counts[c] = 0
	}
	s.Inferred = inferredSummary{Hold: []string{}, Failed: []string{}, Unknown: []string{}, Skipped: []string{}}
	var order []*ops.Op
	got := map[*ops.Op][]*probeResult{}
	for _, r := range rs {
		s.Counts[r.Class]++
		if m := s.ByProvenance[r.Provenance]; m != nil {
			m[r.Class]++
		}
		if r.op == nil || r.op.Provenance != ops.Inferred || r.SameAs != "" {
			continue
		}
		if got[r.op] == nil {
			order = append(order, r.op)
		}
		got[r.op] = append(got[r.op], r)
	}
	for _, op := range order {
		rows := got[op]
		has := func(cs ...string) bool {
			for _, r := range rows {
				for _, c := range cs {
					if r.Class == c {
						return true
					}
				}
			}
			return false
		}
		name := rows[0].Method
		switch {
		case has(classConfirmed, classShape, classRefused):
			s.Inferred.Hold = append(s.Inferred.Hold, name)
		case has(classAbsent):
			s.Inferred.Failed = append(s.Inferred.Failed, name)
		case has(classUnknown):
			s.Inferred.Unknown = append(s.Inferred.Unknown, name)
		default:
			s.Inferred.Skipped = append(s.Inferred.Skipped, name)
		}
	}
	return s
}

// summaryLine is the summary in one line.
func summaryLine(s probeSummary) string {
	var b strings.Builder
	n := 0
	for _, c := range classes {
		n += s.Counts[c]
	}
	fmt.Fprintf(&b, "%d methods:", n)
	for i, c := range classes {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %d %s", s.Counts[c], c)
	}
	in := s.Inferred
	fmt.Fprintf(&b, "; inferred paths: %d hold, %d failed, %d unknown, %d skipped", len(in.Hold), len(in.Failed), len(in.Unknown), len(in.Skipped))
	if len(in.Failed) > 0 {
		fmt.Fprintf(&b, " (failed: %s)", strings.Join(in.Failed, ", "))
	}
	return b.String()
}

// probeOutput writes the report where the flags ask: the table as the
// run goes (or JSON at its end), and the files.
type probeOutput struct {
	e      env
	o      probeOptions
	rec    *recorder
	header bool // the table's header is printed
}

const rowFormat = "%-38s %-9s %-13s %s\n"

// begin prints the table's header, once.
func (out *probeOutput) begin() {
	if !out.header {
		fmt.Fprintf(out.e.stdout, rowFormat, "METHOD", "SOURCE", "CLASS", "PATH / DETAIL")
		out.header = true
	}
}

// row prints one line of the table, with its detail, drift and evidence
// below it.
func (out *probeOutput) row(r *probeResult) {
	if out.o.asJSON {
		return
	}
	out.begin()
	w := out.e.stdout
	pad := strings.Repeat(" ", 63)
	fmt.Fprintf(w, rowFormat, r.Method, r.Provenance, r.Class, r.Path)
	if r.Detail != "" {
		fmt.Fprintf(w, "%s%s\n", pad, r.Detail)
	}
	for _, d := range r.Drift {
		fmt.Fprintf(w, "%s%s\n", pad, driftLine(d))
	}
	if ev := r.Evidence; ev != nil {
		fmt.Fprintf(w, "%s%s\n", pad, evidenceLine(ev))
		if ev.Replay != "" {
			fmt.Fprintf(w, "%sreplay: %s\n", pad, ev.Replay)
		}
	}
}

// driftLine is one drift entry in the table.
func driftLine(d probeDrift) string {
	s := d.Kind + " " + d.Path
	switch d.Kind {
	case string(jiko.DriftUnknownMember):
		s += " (" + d.Actual
		if d.Sample != "" {
			s += fmt.Sprintf(" %s", d.Sample)
		}
		s += ")"
	case string(jiko.DriftMissingMember):
		s += " (" + d.Expected + " expected)"
	case string(jiko.DriftNull), string(jiko.DriftWrongKind):
		s += fmt.Sprintf(" (%s, not %s)", d.Actual, d.Expected)
	default:
		s += fmt.Sprintf("=%q", d.Value)
	}
	if d.Count > 1 {
		s += fmt.Sprintf(" ×%d", d.Count)
	}
	return s
}

// evidenceLine is a call's evidence in one line.
func evidenceLine(ev *probeEvidence) string {
	parts := []string{fmt.Sprintf("status %d", ev.Status)}
	if ev.Status == 0 {
		parts[0] = "no answer"
	}
	if ev.ContentType != "" {
		parts = append(parts, ev.ContentType)
	}
	parts = append(parts, fmt.Sprintf("%d attempt(s)", ev.Attempts), fmt.Sprintf("%dms", ev.DurationMS))
	if ev.TraceID != "" {
		parts = append(parts, "trace id "+ev.TraceID)
	}
	s := strings.Join(parts, ", ")
	if ev.Body != "" {
		body := ev.Body
		if len(body) > 120 {
			body = body[:120] + "…"
		}
		s += ": " + strings.Join(strings.Fields(body), " ")
	}
	return s
}

// end prints the JSON report or, when print, the table's summary, and
// writes the files; every output passes through the recorder's scrub
// last.
func (out *probeOutput) end(rep *probeReport, print bool) error {
	doc, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	doc = []byte(out.rec.scrub(string(doc)) + "\n")
	w := out.e.stdout
	switch {
	case !print:
	case out.o.asJSON:
		w.Write(doc)
	default:
		out.begin()
		fmt.Fprintln(w, summaryLine(rep.Summary))
		fmt.Fprint(w, classTable(rep.Summary))
		if !rep.Complete {
			fmt.Fprintf(w, "INCOMPLETE: %s\n", rep.Stopped)
		}
	}
	if out.o.jsonOut != "" {
		if err := os.WriteFile(out.o.jsonOut, doc, 0o644); err != nil {
			return fmt.Errorf("--json-out: %w", err)
		}
	}
	if out.o.junitOut != "" {
		x, err := junit(rep, out.o.failOn)
		if err != nil {
			return err
		}
		if err := os.WriteFile(out.o.junitOut, []byte(out.rec.scrub(string(x))), 0o644); err != nil {
			return fmt.Errorf("--junit: %w", err)
		}
	}
	return nil
}

// classTable is the count of each class per provenance.
func classTable(s probeSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s", "")
	for _, c := range classes {
		fmt.Fprintf(&b, " %13s", c)
	}
	b.WriteByte('\n')
	for _, p := range []string{"contract", "reference", "inferred"} {
		fmt.Fprintf(&b, "%-10s", p)
		for _, c := range classes {
			fmt.Fprintf(&b, " %13d", s.ByProvenance[p][c])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// The JUnit file: one test case per method; a failure for a class of
// --fail-on, a skip for a skipped one.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Hostname  string      `xml:"hostname,attr"`
	Time      string      `xml:"time,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func junit(rep *probeReport, failOn map[string]bool) ([]byte, error) {
	s := junitSuite{Name: "jiko probe", Timestamp: rep.Started.Format(time.RFC3339), Hostname: rep.Target.Host,
		Time: fmt.Sprintf("%.3f", float64(rep.DurationMS)/1000)}
	for _, r := range rep.Results {
		service, method, _ := strings.Cut(r.Method, ".")
		c := junitCase{ClassName: "jiko." + service, Name: method + " " + r.Path, Time: "0"}
		var text bytes.Buffer
		for _, d := range r.Drift {
			fmt.Fprintln(&text, driftLine(d))
		}
		if ev := r.Evidence; ev != nil {
			c.Time = fmt.Sprintf("%.3f", float64(ev.DurationMS)/1000)
			fmt.Fprintln(&text, evidenceLine(ev))
			if ev.Replay != "" {
				fmt.Fprintln(&text, "replay: "+ev.Replay)
			}
		}
		msg := strings.TrimSpace(r.Class + ": " + r.Detail)
		switch {
		case r.Class == classSkipped:
			c.Skipped = &junitMessage{Message: r.Detail}
			s.Skipped++
		case failOn[r.Class]:
			c.Failure = &junitMessage{Message: msg, Type: r.Class, Text: text.String()}
			s.Failures++
		case r.Class != classConfirmed:
			c.SystemOut = msg + "\n" + text.String()
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	doc := junitSuites{Name: "jiko probe", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Time: s.Time, Suites: []junitSuite{s}}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
