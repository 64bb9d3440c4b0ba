package main

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
	"github.com/jiko-go/jiko/jikotest"
)

// TestProbeRowsCoverEveryMethod holds the probe's rows against the SDK:
// every method of every service of jiko.Client is in them once, as probed
// or skipped with a reason, and they name nothing else.
func TestProbeRowsCoverEveryMethod(t *testing.T) {
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
	for _, row := range probeOps {
		switch {
		case seen[row.name]:
			t.Errorf("%s: listed twice", row.name)
		case !methods[row.name]:
			t.Errorf("%s: no such method of a jiko.Client service", row.name)
		case row.kind == opSkip && row.why == "":
			t.Errorf("%s: skipped without a reason", row.name)
		case row.kind != opSkip && row.run == nil:
			t.Errorf("%s: probed without a function", row.name)
		}
		seen[row.name] = true
	}
	for m := range methods {
		if !seen[m] {
			t.Errorf("%s: missing from the probe's rows", m)
		}
	}
}

// TestProbeRowsFollowTheOpsTable: every SDK method the operations table
// names has a row, every row names a method the table knows (but the two
// that follow a link), and a row that calls another's operation names a
// method of the same operation.
func TestProbeRowsFollowTheOpsTable(t *testing.T) {
	t.Parallel()
	rows := map[string]probeOp{}
	for _, row := range probeOps {
		rows[row.name] = row
		switch op := row.op(); {
		case row.viaLink && op != nil:
			t.Errorf("%s: follows a link, but the table has it as %s", row.name, op)
		case row.viaLink && row.kind != opSkip:
			t.Errorf("%s: follows a link and is probed", row.name)
		case !row.viaLink && op == nil:
			t.Errorf("%s: the operations table does not know it", row.name)
		case row.sameAs != "" && ops.BySDK(row.sameAs) != op:
			t.Errorf("%s: same as %s, which calls another operation", row.name, row.sameAs)
		}
	}
	for _, op := range ops.All {
		for _, name := range op.SDK {
			if _, ok := rows[name]; !ok {
				t.Errorf("%s (%s): no probe row", name, op)
			}
		}
	}
	if n := len(probeOps); n < 130 {
		t.Fatalf("only %d rows", n)
	}
}

// TestProbeTableAgreesWithTheDocComments: an operation the table marks
// inferred says so in its method's doc comment, and the comment names the
// table's path.
func TestProbeTableAgreesWithTheDocComments(t *testing.T) {
	t.Parallel()
	docs := sdkMethodDocs(t)
	for _, row := range probeOps {
		doc, ok := docs[row.name]
		if !ok {
			t.Errorf("%s: no doc comment found", row.name)
			continue
		}
		op := row.op()
		if op == nil {
			continue
		}
		if op.Provenance == ops.Inferred && row.sameAs == "" && !strings.Contains(strings.ToLower(doc), "inferred") {
			t.Errorf("%s: inferred in the table, but its doc comment does not say so", row.name)
		}
		lower := strings.ToLower(doc)
		if op.Provenance != ops.Inferred && (strings.Contains(lower, "inferred path") || strings.Contains(lower, "path is inferred") || strings.Contains(lower, "path inferred")) {
			t.Errorf("%s: its doc comment says the path is inferred; the table says %s", row.name, op.Provenance)
		}
		if !strings.Contains(doc, "("+op.String()) && row.sameAs != "Reports.Get" {
			t.Errorf("%s: the doc comment does not name (%s", row.name, op)
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

// seedProbe gives srv a customer with two Pockets and a counterparty, so that
// the probe finds ids to read with; it returns the customer's id.
func seedProbe(t *testing.T, srv *jikotest.Server) string {
	t.Helper()
	cust := srv.AddCustomer("")
	p := srv.AddPocket(cust, jikotest.PocketSeed{Name: "Probe me"})
	srv.AddPocket(cust, jikotest.PocketSeed{Name: "Probe me too"})
	if err := srv.SetBalance(p.ID, 12_500); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddCounterparty(cust, jikotest.CounterpartySeed{Verified: true}); err != nil {
		t.Fatal(err)
	}
	return cust
}

// decodeReport decodes a JSON report, failing the test when it is not one
// valid JSON document.
func decodeReport(t *testing.T, out string) probeReport {
	t.Helper()
	var rep probeReport
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("not a report: %v: %s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document: %s", out)
	}
	return rep
}

func resultOf(t *testing.T, rep probeReport, method string) *probeResult {
	t.Helper()
	for _, r := range rep.Results {
		if r.Method == method {
			return r
		}
	}
	t.Fatalf("%s: not in the report", method)
	return nil
}

// TestProbeAgainstJikotest: a clean run confirms every method it probes,
// skips the rest with a reason, leaves nothing behind, and exits 0.
func TestProbeAgainstJikotest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	out, errOut, code := runJiko(t, "", serverEnv(srv), "probe", "--json", "--write")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep := decodeReport(t, out)
	if len(rep.Results) != len(probeOps) || !rep.Complete {
		t.Fatalf("%d results for %d rows, complete %v", len(rep.Results), len(probeOps), rep.Complete)
	}
	for _, r := range rep.Results {
		switch {
		case r.Class == classSkipped && r.Detail == "":
			t.Errorf("%s: skipped without a reason", r.Method)
		case r.Class != classConfirmed && r.Class != classSkipped:
			t.Errorf("%s %s: %s: %s %+v", r.Method, r.Path, r.Class, r.Detail, r.Drift)
		}
	}
	for _, m := range []string{"Pockets.ListPage", "Customers.Get", "Pockets.ListForCustomerPage", "Pockets.Create", "Pockets.Close", "Portals.Close",
		"Subscriptions.Delete", "Transactions.Get", "Counterparties.Get", "Reports.Create", "Reports.Get", "Counterparties.Update"} {
		if r := resultOf(t, rep, m); r.Class != classConfirmed {
			t.Errorf("%s: %s %s", m, r.Class, r.Detail)
		}
	}
	if len(srv.Subscriptions()) != 0 {
		t.Errorf("the probe left a subscription behind")
	}
	in := rep.Summary.Inferred
	if len(in.Hold) < 10 || len(in.Failed) != 0 || len(in.Unknown) != 0 {
		t.Errorf("inferred: %+v", in)
	}
	if rep.Target.Environment != "loopback" || rep.Target.Host != "127.0.0.1" || rep.SDK.Version != jiko.Version || rep.SchemaVersion != probeSchemaVersion {
		t.Errorf("header: %+v %+v %d", rep.Target, rep.SDK, rep.SchemaVersion)
	}

	// Without --write, the writes are skipped and say why.
	out, _, code = runJiko(t, "", serverEnv(srv), "probe", "--json")
	rep = decodeReport(t, out)
	if r := resultOf(t, rep, "Pockets.Create"); code != 0 || r.Class != classSkipped || r.Detail != "a write: run with --write" {
		t.Errorf("Pockets.Create without --write: exit %d, %s %s", code, r.Class, r.Detail)
	}
}

// driftCase is one line the drifting proxy's run must show.
type driftCase struct {
	method, line string   // the method and its table line, fields joined by one space
	below        []string // lines printed under it (detail, drift, evidence), each a prefix
	drift        []string // its JSON drift entries as "kind path expected actual count"
}

// TestProbeThroughADriftingProxy: between the probe and jikotest, a proxy
// drifts answers as a real API would; each class and each kind of drift
// shows in the table line, the JSON entry and the exit status, and no
// output carries a credential or a card number.
func TestProbeThroughADriftingProxy(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	const card = "4111111111111111"
	proxy := newDriftProxy(t, srv.URL,
		rule("GET", "/api/v1/customers/[^/]+/").withEdit(both(addMember("risk_score", 7), setMember("date_of_birth", "1970-13-45"))),
		rule("GET", "/api/v2/pockets/[^/]+/").withEdit(dropMember("status")),
		rule("GET", "/api/v2/customers/[^/]+/pockets/[^/]+/").withEdit(renameMember("pocket_name", "name")),
		rule("PATCH", "/api/v2/customers/[^/]+/pockets/[^/]+/").withEdit(addMember("audit_note", "x")),
		rule("GET", "/api/v1/jiko-accounts/[^/]+/").withEdit(setMember("status", nil)),
		rule("GET", "/api/v2/pockets/[^/]+/earnings/").withEdit(inMember("earnings", setMember("value", "abc"))),
		rule("GET", "/api/v2/pockets/").withEdit(inItems(setMember("status", "DORMANT"))),
		rule("GET", "/api/v2/pockets/[^/]+/transactions/[^/]+/").withEdit(setMember("type", "TELEPORT")),
		rule("GET", "/api/v1/wires/").withAnswer(403, "application/json", `{"detail":"Wires are not enabled for this partner","card_number":"`+card+`","echo":"`+card+`"}`),
		rule("GET", "/api/v2/customers/[^/]+/counterparties/").withAnswer(404, "application/json", `{"detail":"Not found."}`),
		rule("GET", "/api/v2/pockets/[^/]+/portals/").withAnswer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
		rule("GET", "/api/v2/customers/[^/]+/transactions/").withAnswer(500, "application/json", `{"detail":"Server Error"}`),
		rule("GET", "/api/v1/report-requests/[^/]+/").withAnswer(200, "application/json",
			`{"id":"rpt-1","type":"TRADE_REPORT","status":"COMPLETED","pocket_ids":"abc","date_from":"2026-01-01","date_to":"2026-01-01","output_formats":["CSV"],"files":[],"time_created":"2026-01-01T00:00:00Z"}`),
	)
	envs := append(serverEnv(srv), "JIKO_BASE_URL="+proxy.URL)
	dir := t.TempDir()
	jsonOut, junitOut := filepath.Join(dir, "probe.json"), filepath.Join(dir, "probe.xml")
	table, tableErr, code := runJiko(t, "", envs, "probe", "--write", "--json-out", jsonOut, "--junit", junitOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, tableErr)
	}
	cases := []driftCase{
		{method: "Health.Check", line: "contract confirmed GET /health"},
		{method: "Cards.SetPIN", line: "contract skipped POST /api/v1/jiko-accounts/{account_id}/cards/{card_id}/pin/", below: []string{"changes or issues a card"}},
		{method: "Customers.Get", line: "contract shape_differs GET /api/v1/customers/{customer_id}/",
			below: []string{"unknown_member risk_score (number 7)", `invalid_value date_of_birth="1970-13-45"`, "status 200, application/json, 1 attempt(s)", "replay: jiko api GET /api/v1/customers/"},
			drift: []string{"invalid_value date_of_birth   1", "unknown_member risk_score  number 1"}},
		{method: "Pockets.Get", line: "reference shape_differs GET /api/v2/pockets/{pocket_id}/",
			below: []string{"missing_member status (string expected)"}, drift: []string{"missing_member status string  1"}},
		{method: "Pockets.GetForCustomer", line: "reference shape_differs GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/",
			below: []string{"unknown_member name (string Probe me", "missing_member pocket_name (string expected)"},
			drift: []string{"missing_member pocket_name string  1", "unknown_member name  string 1"}},
		{method: "Pockets.Update", line: "reference shape_differs PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/",
			below: []string{"unknown_member audit_note (string x)"}, drift: []string{"unknown_member audit_note  string 1"}},
		{method: "Pockets.Close", line: "reference shape_differs PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/",
			below: []string{"unknown_member audit_note (string x)"}, drift: []string{"unknown_member audit_note  string 1"}},
		{method: "Accounts.Get", line: "contract shape_differs GET /api/v1/jiko-accounts/{account_id}/",
			below: []string{"null_value status (null, not string)"}, drift: []string{"null_value status string null 1"}},
		{method: "Pockets.GetEarnings", line: "reference shape_differs GET /api/v2/pockets/{pocket_id}/earnings/",
			below: []string{"1 wrong_kind", "wrong_kind earnings.value (string, not number)"}, drift: []string{"wrong_kind earnings.value number string 1"}},
		{method: "Pockets.ListPage", line: "reference shape_differs GET /api/v2/pockets/",
			below: []string{`unknown_enum_value items[*].status="DORMANT" ×2`}, drift: []string{"unknown_enum_value items[*].status   2"}},
		{method: "Transactions.Get", line: "inferred shape_differs GET /api/v2/pockets/{pocket_id}/transactions/{transaction_id}/",
			below: []string{`unknown_variant (top)="TELEPORT"`}, drift: []string{"unknown_variant (top)   1"}},
		{method: "Reports.Get", line: "inferred shape_differs GET /api/v1/report-requests/{report_request_id}/",
			below: []string{"wrong_kind pocket_ids (string, not array)"}, drift: []string{"wrong_kind pocket_ids array string 1"}},
		{method: "Wires.ListPage", line: "inferred refused GET /api/v1/wires/",
			below: []string{"403 Wires are not enabled for this partner", "status 403, application/json, 1 attempt(s)", "replay: jiko api GET /api/v1/wires/?limit=5"}},
		{method: "Counterparties.ListForCustomerPage", line: "inferred absent GET /api/v2/customers/{customer_id}/counterparties/",
			below: []string{"404 Not Found", "status 404, application/json, 1 attempt(s)"}},
		{method: "Portals.ListForPocketPage", line: "inferred unknown GET /api/v2/pockets/{pocket_id}/portals/",
			below: []string{"502 Bad Gateway: proves nothing about the path", "status 502, text/html, 2 attempt(s)", "trace id trace-502"}},
		{method: "Transactions.ListForCustomerPage", line: "inferred unknown GET /api/v2/customers/{customer_id}/transactions/",
			below: []string{"500 Internal Server Error: proves nothing about the path", "status 500, application/json, 2 attempt(s)"}},
	}
	lines := strings.Split(table, "\n")
	for _, c := range cases {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, c.method+" ") })
		if i < 0 {
			t.Errorf("%s: no line", c.method)
			continue
		}
		if got := strings.Join(strings.Fields(lines[i])[1:], " "); got != c.line {
			t.Errorf("%s: line %q, want %q", c.method, got, c.line)
		}
		var below []string
		for _, l := range lines[i+1:] {
			if !strings.HasPrefix(l, "   ") {
				break
			}
			below = append(below, strings.TrimSpace(l))
		}
		for _, want := range c.below {
			if !slices.ContainsFunc(below, func(l string) bool { return strings.Contains(l, want) }) {
				t.Errorf("%s: no line %q below it in\n%s", c.method, want, strings.Join(below, "\n"))
			}
		}
	}
	if strings.Contains(table, "cannot unmarshal") {
		t.Errorf("an error in Go's words:\n%s", table)
	}
	var summary string
	for _, l := range lines {
		if strings.Contains(l, " methods: ") {
			summary = l
		}
	}
	// Inferred and skipped: Wires.Get, Counterparties.Get and Portals.Get,
	// whose lists gave no id.
	if summary != "134 methods: 45 confirmed, 10 shape_differs, 1 refused, 1 absent, 2 unknown, 75 skipped; "+
		"inferred paths: 10 hold, 1 failed, 2 unknown, 3 skipped (failed: Counterparties.ListForCustomerPage)" {
		t.Errorf("summary: %q", summary)
	}

	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	rep := decodeReport(t, string(b))
	checkSchema(t, b)
	for _, c := range cases {
		r := resultOf(t, rep, c.method)
		if want := strings.Fields(c.line)[1]; r.Class != want {
			t.Errorf("%s: JSON class %s, want %s", c.method, r.Class, want)
		}
		var got []string
		for _, d := range r.Drift {
			got = append(got, strings.Join([]string{d.Kind, d.Path, d.Expected, d.Actual, strconv.Itoa(d.Count)}, " "))
		}
		slices.Sort(got)
		if len(c.drift) > 0 && !slices.Equal(got, c.drift) {
			t.Errorf("%s: JSON drift %q, want %q", c.method, got, c.drift)
		}
		if r.Class != classConfirmed && r.Class != classSkipped && (r.Evidence == nil || r.Evidence.Replay == "" || r.Evidence.Attempts == 0) {
			t.Errorf("%s: no evidence: %+v", c.method, r.Evidence)
		}
	}
	in := rep.Summary.Inferred
	for _, m := range []string{"Portals.ListForPocketPage", "Transactions.ListForCustomerPage"} {
		if slices.Contains(in.Hold, m) || !slices.Contains(in.Unknown, m) {
			t.Errorf("%s: a 5xx counted as holding: %+v", m, in)
		}
	}
	for _, m := range []string{"Wires.ListPage", "Transactions.Get", "Reports.Get"} {
		if !slices.Contains(in.Hold, m) {
			t.Errorf("%s: not holding: %+v", m, in)
		}
	}
	if ev := resultOf(t, rep, "Wires.ListPage").Evidence; !strings.Contains(ev.Body, `"card_number":"[redacted]"`) {
		t.Errorf("evidence body: %s", ev.Body)
	}

	// The same run with --json prints one document and the same status.
	out, _, code := runJiko(t, "", envs, "probe", "--json", "--write")
	if decodeReport(t, out); code != 1 {
		t.Errorf("--json: exit %d", code)
	}

	// No output carries a credential, a token or the card number.
	x, err := os.ReadFile(junitOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(x), `<failure message="absent: 404 Not Found" type="absent">`) {
		t.Errorf("junit:\n%s", x)
	}
	secrets := append([]string{srv.Password(), srv.SigningSecret(), srv.Username(), card}, proxy.tokens()...)
	if len(secrets) < 5 {
		t.Fatalf("no token seen")
	}
	for name, s := range map[string]string{"table": table, "stderr": tableErr, "--json": out, "--json-out": string(b), "--junit": string(x)} {
		for _, secret := range secrets {
			if secret != "" && strings.Contains(s, secret) {
				t.Errorf("%s carries %q", name, secret)
			}
		}
	}

	// --fail-on narrows the exit status.
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"--only", "Health.Check,Customers.Get,Pockets.ListPage", "--fail-on", "absent,unknown"}, 0},
		{[]string{"--only", "Health.Check,Customers.Get,Pockets.ListPage"}, 1},
		{[]string{"--only", "Health.Check,Customers.Get,Pockets.ListPage", "--fail-on", "refused"}, 0},
		{[]string{"--only", "Wires.ListPage", "--fail-on", "refused"}, 1},
		{[]string{"--only", "Health.Check"}, 0},
	} {
		if _, errOut, code := runJiko(t, "", envs, append([]string{"probe", "--json"}, c.args...)...); code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, errOut)
		}
	}
}

func (r proxyRule) dropping() proxyRule { r.drop = true; return r }

func (r proxyRule) hanging() proxyRule { r.hang = true; return r }

func (r proxyRule) withEdit(edit func(map[string]any)) proxyRule { r.edit = edit; return r }

func (r proxyRule) withAnswer(status int, contentType, body string) proxyRule {
	r.status, r.contentType, r.body = status, contentType, body
	return r
}

// TestProbeSurvivesCallsWithoutAnswer: a dropped connection and an answer
// that never comes are "unknown", the run goes on (the API still answers
// /health), and --json prints a complete report.
func TestProbeSurvivesCallsWithoutAnswer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	proxy := newDriftProxy(t, srv.URL,
		rule("GET", "/api/v2/pockets/[^/]+/earnings/").dropping(),
		rule("GET", "/api/v1/customers/[^/]+/statements/").hanging(),
		rule("GET", "/api/v1/jiko-accounts/[^/]+/").withAnswer(200, "application/json", ""),
	)
	envs := append(serverEnv(srv), "JIKO_BASE_URL="+proxy.URL)
	out, errOut, code := runJiko(t, "", envs, "probe", "--json", "--timeout", "700ms", "--retries", "1")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep := decodeReport(t, out)
	if !rep.Complete || len(rep.Results) != len(probeOps) {
		t.Fatalf("complete %v, %d results: %s", rep.Complete, len(rep.Results), rep.Stopped)
	}
	for m, detail := range map[string]string{
		"Pockets.GetEarnings":            "no answer: ",
		"Statements.ListForCustomerPage": "no answer within --timeout 700ms",
	} {
		r := resultOf(t, rep, m)
		if r.Class != classUnknown || !strings.HasPrefix(r.Detail, detail) || r.Evidence == nil || r.Evidence.Status != 0 || r.Evidence.Attempts == 0 {
			t.Errorf("%s: %s %q %+v", m, r.Class, r.Detail, r.Evidence)
		}
	}
	if r := resultOf(t, rep, "Subscriptions.ListPage"); r.Class != classConfirmed {
		t.Errorf("the run did not go on: %s %s", r.Class, r.Detail)
	}
	// A 2xx without a body is an answer of another shape, not an error.
	if r := resultOf(t, rep, "Accounts.Get"); r.Class != classShape || r.Detail != "the answer has no body" || r.Evidence.Status != 200 {
		t.Errorf("Accounts.Get: %s %q %+v", r.Class, r.Detail, r.Evidence)
	}
}

// TestProbeStopsWhenTheAPIStopsAnswering: with no API at all, the run
// stops at once with a report that says why, marked incomplete.
func TestProbeStopsWhenTheAPIStopsAnswering(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	out, errOut, code := runJiko(t, "", append(serverEnv(srv), "JIKO_BASE_URL=http://127.0.0.1:1"), "probe", "--json", "--timeout", "2s")
	rep := decodeReport(t, out)
	if code != 1 || rep.Complete || !strings.HasPrefix(rep.Stopped, "the API does not answer: login: ") || len(rep.Results) != 0 {
		t.Errorf("exit %d, %+v: %s", code, rep, errOut)
	}
	if !strings.Contains(errOut, "jiko probe: incomplete: the API does not answer") {
		t.Errorf("stderr: %q", errOut)
	}
}

// TestProbeFailedLogin: one clear line and exit 2.
func TestProbeFailedLogin(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	out, errOut, code := runJiko(t, "", append(serverEnv(srv), "JIKO_PASSWORD=wrong"), "probe")
	if code != 2 || errOut != "jiko probe: login refused: 401 Unauthorized: check JIKO_USERNAME and JIKO_PASSWORD\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if strings.Count(out, "\n") > 1 {
		t.Errorf("rows after a failed login:\n%s", out)
	}
	out, _, code = runJiko(t, "", append(serverEnv(srv), "JIKO_PASSWORD=wrong"), "probe", "--json")
	checkSchema(t, []byte(out))
	if rep := decodeReport(t, out); code != 2 || rep.Complete || !strings.HasPrefix(rep.Stopped, "login refused") {
		t.Errorf("--json: exit %d, %+v", code, rep)
	}
}

// TestProbeChecksAGivenCustomer: a --customer that Customers.Get does not
// find is said once; the methods that need it are skipped, not failed.
func TestProbeChecksAGivenCustomer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	out, errOut, code := runJiko(t, "", serverEnv(srv), "probe", "--json", "--customer", "no-such-customer")
	rep := decodeReport(t, out)
	if code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if strings.Count(errOut, "no-such-customer") != 1 || len(rep.Notes) != 1 {
		t.Errorf("said %d times: %q %q", strings.Count(errOut, "no-such-customer"), errOut, rep.Notes)
	}
	for _, m := range []string{"Customers.Get", "Pockets.ListForCustomerPage", "Counterparties.ListForCustomerPage"} {
		if r := resultOf(t, rep, m); r.Class != classSkipped || !strings.HasPrefix(r.Detail, "the customer given (no-such-customer) was not found: Customers.Get answered 404") {
			t.Errorf("%s: %s %q", m, r.Class, r.Detail)
		}
	}
	if len(rep.Summary.Inferred.Failed) != 0 {
		t.Errorf("failed: %v", rep.Summary.Inferred.Failed)
	}
}

// TestProbeSelectionAndIDs: --only, --skip and --inferred-only choose the
// rows; --id and --ids give the ids no list feeds; bad flags are usage
// errors naming the flag.
func TestProbeSelectionAndIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	ids := filepath.Join(t.TempDir(), "ids")
	if err := os.WriteFile(ids, []byte("# ids\nwire=w-404\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runJiko(t, "", serverEnv(srv), "probe", "--json", "--only", "Wires.*,OnUs.Get", "--skip", "Wires.List", "--id", "onus_transfer=t-404", "--ids", ids)
	rep := decodeReport(t, out)
	var got []string
	for _, r := range rep.Results {
		got = append(got, r.Method+" "+r.Class)
	}
	want := []string{"Wires.ListPage confirmed", "Wires.Get absent", "Wires.Create skipped", "OnUs.Get absent"}
	if code != 1 || !slices.Equal(got, want) {
		t.Errorf("exit %d %q, want %q: %s", code, got, want, errOut)
	}
	if r := resultOf(t, rep, "Wires.Get"); r.Evidence == nil || r.Evidence.Replay != "jiko api GET /api/v1/wires/w-404/" {
		t.Errorf("replay: %+v", r.Evidence)
	}
	out, _, _ = runJiko(t, "", serverEnv(srv), "probe", "--json", "--inferred-only")
	for _, r := range decodeReport(t, out).Results {
		if r.Provenance != "inferred" {
			t.Errorf("--inferred-only: %s is %s", r.Method, r.Provenance)
		}
	}
	for _, c := range []struct{ args, msg string }{
		{"--only Nope.*", `jiko probe: "Nope.*" names no method of the SDK`},
		{"--only [", `jiko probe: --only: "[" is not a pattern`},
		{"--fail-on absent,sometimes", `jiko probe: --fail-on: "sometimes" is not one of shape_differs, refused, absent, unknown (or none)`},
		{"--id wire", `jiko probe: invalid value "wire" for flag -id: "wire" is not KEY=ID`},
		{"--id colour=red", `jiko probe: invalid value "colour=red" for flag -id: "colour" is not a key the probe reads`},
		{"--timeout 0s", "jiko probe: --timeout: 0s is not a positive duration"},
	} {
		out, errOut, code := runJiko(t, "", serverEnv(srv), append([]string{"probe"}, strings.Fields(c.args)...)...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, c.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: exit %d %q %q", c.args, code, out, errOut)
		}
	}
}

// refuseTransport fails the test on any request.
type refuseTransport struct{ t *testing.T }

func (r refuseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.t.Errorf("sent %s %s", req.Method, req.URL)
	return nil, http.ErrUseLastResponse
}

// TestProbeRefusesProduction: a host that is not positively a sandbox or
// a loopback address is refused, whatever its case, a trailing dot or a
// port, and --write is refused there even with --allow-production; nothing
// is sent. (Not parallel: it replaces the probe's transport.)
func TestProbeRefusesProduction(t *testing.T) {
	probeTransport = refuseTransport{t}
	defer func() { probeTransport = http.DefaultTransport }()
	creds := []string{"JIKO_USERNAME=u", "JIKO_PASSWORD=p", "JIKO_SIGNING_SECRET=s", "JIKO_CUSTOMER_ID="}
	for _, c := range []struct {
		vars []string
		args string
		msg  string
	}{
		{[]string{"JIKO_PARTNER=acme", "JIKO_ENVIRONMENT=production"}, "", "JIKO_PARTNER names acme.partner-api.jikoservices.com, not a sandbox or a loopback address"},
		{[]string{"JIKO_BASE_URL=https://acme.partner-api.jikoservices.com./"}, "", "JIKO_BASE_URL names acme.partner-api.jikoservices.com, not a sandbox"},
		{[]string{"JIKO_BASE_URL=https://ACME.Partner-API.JikoServices.com"}, "", "JIKO_BASE_URL names acme.partner-api.jikoservices.com, not a sandbox"},
		{[]string{"JIKO_BASE_URL=https://acme.partner-api.jikoservices.com:443/"}, "", "JIKO_BASE_URL names acme.partner-api.jikoservices.com, not a sandbox"},
		{[]string{"JIKO_BASE_URL=https://acme.sandbox-api.jikoservices.com.evil.example"}, "", "JIKO_BASE_URL names acme.sandbox-api.jikoservices.com.evil.example, not a sandbox"},
		{[]string{"JIKO_BASE_URL=https://10.1.2.3"}, "", "JIKO_BASE_URL names 10.1.2.3, not a sandbox"},
		{[]string{"JIKO_BASE_URL=https://acme.partner-api.jikoservices.com"}, "--allow-production --write", "JIKO_BASE_URL names acme.partner-api.jikoservices.com, not a sandbox: --write is refused there, whatever else is given"},
		{[]string{"JIKO_PARTNER=acme", "JIKO_ENVIRONMENT=production"}, "--write --allow-production --only Pockets.Create", "JIKO_PARTNER names acme.partner-api.jikoservices.com, not a sandbox: --write is refused there"},
	} {
		vars := map[string]string{"JIKO_PARTNER": "", "JIKO_ENVIRONMENT": "", "JIKO_BASE_URL": ""}
		for _, kv := range append(c.vars, creds...) {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		var out, errOut strings.Builder
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
		code := run(context.Background(), e, append([]string{"probe"}, strings.Fields(c.args)...))
		if code != 2 || out.String() != "" || !strings.HasPrefix(errOut.String(), "jiko probe: "+c.msg) || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%v %s: exit %d %q %q", c.vars, c.args, code, out.String(), errOut.String())
		}
	}
}

// TestProbeInterruptedPrintsAPartialReport: Ctrl-C (the context's end)
// mid-run prints the report so far, marked incomplete, with exit status 1.
func TestProbeInterruptedPrintsAPartialReport(t *testing.T) {
	srv := newServer(t)
	seedProbe(t, srv)
	// The hung call is interrupted as soon as it reaches the proxy.
	var mu sync.Mutex
	var cancel context.CancelFunc
	hung := rule("GET", "/api/v1/customers/[^/]+/statements/")
	hung.hang = true
	hung.before = func() {
		mu.Lock()
		defer mu.Unlock()
		cancel()
	}
	proxy := newDriftProxy(t, srv.URL, hung)
	vars := map[string]string{}
	for _, kv := range append(serverEnv(srv), "JIKO_BASE_URL="+proxy.URL, "JIKO_CUSTOMER_ID=") {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	for _, args := range [][]string{{"--json"}, nil} {
		mu.Lock()
		ctx, stop := context.WithCancel(context.Background())
		cancel = stop
		mu.Unlock()
		var out, errOut strings.Builder
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
		code := run(ctx, e, append([]string{"probe"}, args...))
		stop()
		if code != 1 || !strings.Contains(errOut.String(), "jiko probe: incomplete: interrupted") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
		if args == nil {
			if !strings.Contains(out.String(), "\nINCOMPLETE: interrupted\n") || !strings.Contains(out.String(), " methods: ") {
				t.Errorf("table:\n%s", out.String())
			}
			continue
		}
		rep := decodeReport(t, out.String())
		checkSchema(t, []byte(out.String()))
		last := rep.Results[len(rep.Results)-1]
		if rep.Complete || rep.Stopped != "interrupted" || len(rep.Results) >= len(probeOps) || last.Method != "Statements.ListForCustomerPage" || last.Detail != "interrupted before an answer" {
			t.Errorf("complete %v %q, %d results, last %s %q", rep.Complete, rep.Stopped, len(rep.Results), last.Method, last.Detail)
		}
	}
}

// TestProbeStopsWhenTheAPIStopsMidRun: when a call gets no answer and
// /health gets none either, the run stops: the rest are listed as not
// run, and the report, marked incomplete, says why.
func TestProbeStopsWhenTheAPIStopsMidRun(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedProbe(t, srv)
	ref := make(chan *driftProxy, 1)
	gone := rule("GET", "/api/v2/pockets/[^/]+/earnings/").dropping()
	gone.before = func() { // no new connection from now on
		p := <-ref
		ref <- p
		p.Listener.Close()
	}
	proxy := newDriftProxy(t, srv.URL, gone)
	ref <- proxy
	out, errOut, code := runJiko(t, "", append(serverEnv(srv), "JIKO_BASE_URL="+proxy.URL), "probe", "--json", "--timeout", "2s")
	rep := decodeReport(t, out)
	if code != 1 || rep.Complete || rep.Stopped != "the API stopped answering (GET /health: no answer) after Pockets.GetEarnings" {
		t.Fatalf("exit %d, complete %v %q: %s", code, rep.Complete, rep.Stopped, errOut)
	}
	if len(rep.Results) != len(probeOps) {
		t.Errorf("%d results for %d rows", len(rep.Results), len(probeOps))
	}
	if r := resultOf(t, rep, "Subscriptions.ListPage"); r.Class != classUnknown || r.Detail != "not run: the API stopped answering" {
		t.Errorf("after the stop: %s %q", r.Class, r.Detail)
	}
}
