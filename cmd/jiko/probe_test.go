package main

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// TestProbeTableCoversEveryMethod holds the probe's table against the SDK:
// every method of every service of jiko.Client is in it once, as probed
// or skipped with a reason, and it names nothing else.
func TestProbeTableCoversEveryMethod(t *testing.T) {
	t.Parallel()
	methods := map[string]bool{}
	ct := reflect.TypeFor[jiko.Client]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		for j := range f.Type.NumMethod() {
			methods[f.Name+"."+f.Type.Method(j).Name] = true
		}
	}
	if len(methods) < 100 {
		t.Fatalf("found only %d service methods", len(methods))
	}
	seen := map[string]bool{}
	for _, op := range probeOps {
		switch {
		case seen[op.name]:
			t.Errorf("%s: listed twice", op.name)
		case !methods[op.name]:
			t.Errorf("%s: no such method of a jiko.Client service", op.name)
		case op.kind == opSkip && op.why == "":
			t.Errorf("%s: skipped without a reason", op.name)
		case op.kind != opSkip && op.run == nil:
			t.Errorf("%s: probed without a function", op.name)
		case !strings.Contains(op.path, " /") && !strings.Contains(op.path, "{link}"):
			t.Errorf("%s: path %q is not METHOD /path", op.name, op.path)
		}
		seen[op.name] = true
	}
	for m := range methods {
		if !seen[m] {
			t.Errorf("%s: missing from the probe's table", m)
		}
	}
}

// seedServer gives srv a customer with a Pocket, so that the probe finds
// ids to read with.
func seedServer(t *testing.T, srv *jikotest.Server) {
	t.Helper()
	cust := srv.AddCustomer("")
	p := srv.AddPocket(cust, jikotest.PocketSeed{Name: "Probe me"})
	if err := srv.SetBalance(p.ID, 12_500); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddCounterparty(cust, jikotest.CounterpartySeed{Verified: true}); err != nil {
		t.Fatal(err)
	}
}

// probeJSON runs the probe with --json and decodes its report.
func probeJSON(t *testing.T, envs []string, args ...string) probeReport {
	t.Helper()
	out, errOut, code := runJiko(t, "", envs, append([]string{"probe", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("probe: exit %d: %s", code, errOut)
	}
	var rep probeReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rep.Results) != len(probeOps) {
		t.Fatalf("%d results for %d operations", len(rep.Results), len(probeOps))
	}
	return rep
}

func resultOf(t *testing.T, rep probeReport, op string) *probeResult {
	t.Helper()
	for _, r := range rep.Results {
		if r.Operation == op {
			return r
		}
	}
	t.Fatalf("%s: not in the report", op)
	return nil
}

func TestProbeAgainstJikotest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedServer(t, srv)
	rep := probeJSON(t, serverEnv(srv), "--write")
	for _, r := range rep.Results {
		switch r.Outcome {
		case outcomeOK:
		case outcomeSkipped:
			if r.Detail == "" {
				t.Errorf("%s: skipped without a reason", r.Operation)
			}
		default:
			t.Errorf("%s %s: %s: %s", r.Operation, r.Path, r.Outcome, r.Detail)
		}
	}
	for _, op := range []string{"Pockets.ListPage", "Customers.Get", "Pockets.ListForCustomerPage", "Pockets.Create", "Portals.Close", "Subscriptions.Delete",
		"Transactions.Get", "Counterparties.Get", "CounterpartiesV1.Get", "Reports.Create", "Reports.Get", "Counterparties.Create", "Counterparties.Update"} {
		if r := resultOf(t, rep, op); r.Outcome != outcomeOK {
			t.Errorf("%s: %s %s", op, r.Outcome, r.Detail)
		}
	}
	if len(srv.Subscriptions()) != 0 {
		t.Errorf("the probe left a subscription behind")
	}
	if rep.Summary.Counts[outcomeOK] == 0 || len(rep.Summary.InferredFailed) != 0 || len(rep.Summary.InferredHold) == 0 {
		t.Errorf("summary: %+v", rep.Summary)
	}

	// Without --write, the writes are skipped and say why.
	rep = probeJSON(t, serverEnv(srv))
	if r := resultOf(t, rep, "Pockets.Create"); r.Outcome != outcomeSkipped || r.Detail != "a write: run with --write" {
		t.Errorf("Pockets.Create without --write: %s %s", r.Outcome, r.Detail)
	}
}

func TestProbeReportsAPathNotFound(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedServer(t, srv)
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/wires/" {
			http.NotFound(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	envs := append(serverEnv(srv), "JIKO_BASE_URL="+front.URL)

	out, errOut, code := runJiko(t, "", envs, "probe")
	if code != 0 {
		t.Fatalf("probe: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "OPERATION SOURCE OUTCOME PATH / DETAIL" {
		t.Fatalf("header: %q", lines[0])
	}
	var wires string
	for i, l := range lines {
		if strings.HasPrefix(l, "Wires.ListPage ") {
			wires = l + "\n" + lines[i+1]
		}
	}
	if f := strings.Fields(wires); len(f) < 9 || strings.Join(f[1:], " ") != "inferred not found GET /api/v1/wires/ 404 Not Found" {
		t.Fatalf("Wires.ListPage: %q", wires)
	}
	summary := lines[len(lines)-1]
	if !strings.Contains(summary, " 1 not found,") || !strings.Contains(summary, "1 failed") || !strings.HasSuffix(summary, "(failed: Wires.ListPage)") {
		t.Fatalf("summary: %q", summary)
	}
	if r := resultOf(t, probeJSON(t, envs), "Wires.Get"); r.Outcome != outcomeSkipped || r.Detail != "no wire id: no list gave one" {
		t.Fatalf("Wires.Get: %s %s", r.Outcome, r.Detail)
	}
}

func TestProbeRefusesProduction(t *testing.T) {
	t.Parallel()
	for _, envs := range [][]string{
		{"JIKO_BASE_URL=", "JIKO_PARTNER=acme", "JIKO_ENVIRONMENT=production"},
		{"JIKO_PARTNER=", "JIKO_ENVIRONMENT=", "JIKO_BASE_URL=https://acme.partner-api.jikoservices.com"},
	} {
		envs = append(envs, "JIKO_USERNAME=u", "JIKO_PASSWORD=p", "JIKO_SIGNING_SECRET=s")
		out, errOut, code := runJiko(t, "", envs, "probe")
		if code != 2 || out != "" || !strings.Contains(errOut, "names a production deployment") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: %d %q %q", envs, code, out, errOut)
		}
	}
}

// TestProbeRecordsDriftOnItsOperation: drift the client reports during a
// call lands on that call's line, which stays a success with the drift
// named, and counts as an inferred path that holds.
func TestProbeRecordsDriftOnItsOperation(t *testing.T) {
	t.Parallel()
	op := read("Wires.ListPage", "GET /api/v1/wires/", inferred, func(ctx context.Context, _ *prober) error {
		onDrift(ctx, jiko.Drift{Operation: "GET /api/v1/wires/", Kind: jiko.DriftUnknownMember, Path: "items[0].memo", Value: "memo"})
		onDrift(ctx, jiko.Drift{Operation: "GET /api/v1/wires/", Kind: jiko.DriftUnknownEnumValue, Path: "items[0].status", Value: "HELD"})
		return nil
	})
	p := &prober{ids: map[string]string{}}
	r := p.run(context.Background(), op, false)
	if r.Outcome != outcomeDrift || r.Detail != `unknown_member items[0].memo, unknown_enum_value items[0].status="HELD"` || len(r.Drift) != 2 {
		t.Fatalf("%s %q %v", r.Outcome, r.Detail, r.Drift)
	}
	s := summarize([]*probeResult{r})
	if s.Counts[outcomeDrift] != 1 || len(s.InferredHold) != 1 {
		t.Fatalf("summary: %+v", s)
	}
	if got := summaryLine(s); got != "1 operations: 0 ok, 1 drift, 0 not found, 0 refused, 0 skipped, 0 error; inferred paths: 1 hold, 0 failed, 0 not probed" {
		t.Fatalf("summary line: %q", got)
	}
}

// TestProbeStopsWhenTheAPICannotBeUsed: no answer, or a refused login,
// ends the probe at once with exit status 1 rather than a hundred
// failures.
func TestProbeStopsWhenTheAPICannotBeUsed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, c := range []struct {
		env, msg string
	}{
		{"JIKO_BASE_URL=http://127.0.0.1:1", "jiko probe: stopped: jiko: GET /health: no response after "},
		{"JIKO_PASSWORD=wrong", "jiko probe: stopped: jiko: GET /api/v2/trading-strategies/: login: jiko: POST /api/v1/login/: 401 Unauthorized"},
	} {
		out, errOut, code := runJiko(t, "", append(serverEnv(srv), c.env), "probe")
		if code != 1 || !strings.HasPrefix(errOut, c.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q", c.env, code, errOut)
		}
		if n := strings.Count(out, "\n"); n > 5 {
			t.Errorf("%s: %d lines before stopping:\n%s", c.env, n, out)
		}
	}
}

// TestProbeTableAgreesWithTheDocComments: an operation the table marks
// inferred says so in its method's doc comment, and the table's path is
// the one the comment names.
func TestProbeTableAgreesWithTheDocComments(t *testing.T) {
	t.Parallel()
	docs := sdkMethodDocs(t)
	for _, op := range probeOps {
		doc, ok := docs[op.name]
		if !ok {
			t.Errorf("%s: no doc comment found", op.name)
			continue
		}
		if op.source == inferred && op.sameAs == "" && !strings.Contains(strings.ToLower(doc), "inferred") {
			t.Errorf("%s: marked inferred, but its doc comment does not say so", op.name)
		}
		lower := strings.ToLower(doc)
		if op.source == contract && (strings.Contains(lower, "inferred path") || strings.Contains(lower, "path is inferred") || strings.Contains(lower, "path inferred")) {
			t.Errorf("%s: its doc comment says the path is inferred; the table says contract", op.name)
		}
		if !strings.Contains(op.path, "{link}") && !strings.Contains(doc, "("+op.path) && op.sameAs != "Reports.Get" {
			t.Errorf("%s: the doc comment does not name (%s", op.name, op.path)
		}
	}
}

// sdkMethodDocs reads the doc comments of the SDK's service methods,
// keyed as the table names them ("Pockets.ListPage"), from the source.
func sdkMethodDocs(t *testing.T) map[string]string {
	t.Helper()
	fields := map[string]string{} // service type -> Client field
	ct := reflect.TypeFor[jiko.Client]()
	for i := range ct.NumField() {
		if f := ct.Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			fields[f.Type.Elem().Name()] = f.Name
		}
	}
	fset := token.NewFileSet()
	files, err := filepath.Glob("../../*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("the SDK's sources: %v", err)
	}
	docs := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Doc == nil {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			if id, ok := star.X.(*ast.Ident); ok && fields[id.Name] != "" {
				docs[fields[id.Name]+"."+fd.Name.Name] = strings.Join(strings.Fields(fd.Doc.Text()), " ")
			}
		}
	}
	return docs
}

// TestProbeReportsDrift: against a fake whose answers to one operation
// drift, the probe reports that operation as drift, naming what differs,
// and every other one as before.
func TestProbeReportsDrift(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedServer(t, srv)
	if err := srv.Drift(jikotest.DriftRule{
		Operation: "GET /api/v2/pockets/{pocket_id}/",
		AddMember: &jikotest.DriftAddMember{Name: "risk_score", Value: json.RawMessage(`7`)},
		EnumValue: &jikotest.DriftEnumValue{Path: "status", Value: "DORMANT"},
	}); err != nil {
		t.Fatal(err)
	}
	rep := probeJSON(t, serverEnv(srv))
	for _, r := range rep.Results {
		want := outcomeOK
		if r.Operation == "Pockets.Get" {
			want = outcomeDrift
		}
		if r.Outcome != want && r.Outcome != outcomeSkipped {
			t.Errorf("%s: %s %s, want %s", r.Operation, r.Outcome, r.Detail, want)
		}
	}
	r := resultOf(t, rep, "Pockets.Get")
	if r.Outcome != outcomeDrift || len(r.Drift) != 2 {
		t.Fatalf("Pockets.Get: %s %q %+v", r.Outcome, r.Detail, r.Drift)
	}
	for _, want := range []string{"unknown_member risk_score", `unknown_enum_value status="DORMANT"`} {
		if !strings.Contains(r.Detail, want) {
			t.Errorf("detail %q lacks %q", r.Detail, want)
		}
	}
	if rep.Summary.Counts[outcomeDrift] != 1 {
		t.Errorf("summary: %+v", rep.Summary)
	}
}
