package apicheck

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/api"
)

// v129Path is Jiko's published v1.29.0 document, as the module's tests
// keep it.
const v129Path = "../../testdata/spec/jiko-partner-api-1.29.0.openapi.json"

// v129Overrides are where the document departs from v1.29, each keyed by
// the operation and the fact, as TestDocumentAgreesWithV129 names a
// disagreement, with its reason.
var v129Overrides = map[string]string{
	"GET /api/v1/customers/{customer_id}/transactions/: parameters":             "the current reference's v1 transaction filters add filter[on_us_transfer] and filter[wire]",
	"GET /api/v1/jiko-accounts/{account_id}/transactions/: parameters":          "the current reference's v1 transaction filters add filter[on_us_transfer] and filter[wire]; account[] comes with the params type shared with the customer list",
	"GET /api/v1/jiko-accounts/{account_id}/statements/: parameters":            "account[] comes with StatementListParams, shared with the customer list (the SDK sends it only when set)",
	"GET /api/v1/jiko-accounts/{account_id}/trades/: parameters":                "account[] comes with TradeV1ListParams, shared with the customer list (the SDK sends it only when set)",
	"GET /api/v1/business-applications/{application_id}/documents/: parameters": "the table marks the operation signed; v1.29 declares no signature header (one sent anyway is harmless)",
	"POST /api/v1/jiko-accounts/{account_id}/wires/: required body members":     "the SDK always sends amount_usdc: a wire without an amount is refused before it is sent",
	"POST /api/v1/sandbox/webhook/: required body members":                      "v1.29's body is a free object; the SDK sends a whole event envelope, as a delivery carries it",
	"POST /api/v1/sandbox/card-swipe/: parameters":                              "the sandbox operations take the token and an idempotency key (the table's unsigned credentials); x-branch-name, an optional routing header of Jiko's, is not sent",
	"POST /api/v1/sandbox/fund/: parameters":                                    "as card-swipe: idempotency key sent, x-branch-name not",
	"POST /api/v1/sandbox/generate-card/: parameters":                           "as card-swipe: idempotency key sent, x-branch-name not",
	"POST /api/v1/sandbox/webhook/: parameters":                                 "as card-swipe: idempotency key sent, x-branch-name not",
}

// TestDocumentAgreesWithV129: for each operation of v1.29 (its paths
// without the trailing slash the API uses), the document has the same
// method and path, the same parameters (path, query and the signing
// headers, with the same required flags) and the same required members of
// the request body, but for the listed overrides. An answer's required
// members include v1.29's: the document requires, besides, what the
// answers always carry (FastAPI writes every member of an answer model,
// those with a default too, and v1.29 requires only those without one).
// The Content-Type and Content-Length of an upload, header parameters in
// v1.29, are its body's media type and length in the document: OpenAPI
// does not let a document declare Content-Type as a parameter.
func TestDocumentAgreesWithV129(t *testing.T) {
	old := loadJSON(t, v129Path)
	ours := loadJSON(t, "")
	var got, unexplained []string
	n := 0
	for _, path := range sortedKeys(obj(old["paths"])) {
		item := obj(obj(old["paths"])[path])
		ourPath := path
		if path != "/health" {
			ourPath += "/"
		}
		for _, method := range sortedKeys(item) {
			o := obj(item[method])
			if o == nil {
				continue
			}
			n++
			op := strings.ToUpper(method) + " " + ourPath
			mine := obj(obj(obj(ours["paths"])[ourPath])[method])
			if mine == nil {
				unexplained = append(unexplained, op+": missing")
				continue
			}
			diff := func(what string, theirs, mine []string, agree func(a, b []string) bool) {
				if !agree(theirs, mine) {
					key := op + ": " + what
					got = append(got, key)
					if _, ok := v129Overrides[key]; !ok {
						unexplained = append(unexplained, fmt.Sprintf("%s: v1.29 %v, document %v", key, theirs, mine))
					}
				}
			}
			theirParams := slices.DeleteFunc(params(old, o), func(p string) bool {
				return strings.HasPrefix(p, "header content-type") || strings.HasPrefix(p, "header content-length")
			})
			diff("parameters", theirParams, params(ours, mine), slices.Equal)
			diff("required body members", requiredOf(old, obj(o["requestBody"])), requiredOf(ours, obj(mine["requestBody"])), slices.Equal)
			diff("required answer members", requiredOf(old, success(o)), requiredOf(ours, success(mine)), includes)
		}
	}
	if n < 60 {
		t.Fatalf("only %d operations read from v1.29", n)
	}
	for d := range v129Overrides {
		if !slices.Contains(got, d) {
			t.Errorf("override no longer needed: %s", d)
		}
	}
	if len(unexplained) > 0 {
		t.Errorf("%d disagreements with v1.29 not in v129Overrides:\n%s", len(unexplained), strings.Join(unexplained, "\n"))
	}
}

// includes reports whether every member of want is in have.
func includes(want, have []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func loadJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b := api.OpenAPI
	if path != "" {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// resolve follows a local $ref.
func resolve(doc, v map[string]any) map[string]any {
	for v != nil {
		r, ok := v["$ref"].(string)
		if !ok {
			return v
		}
		v = doc
		for _, part := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
			v = obj(v[part])
		}
	}
	return nil
}

// params lists an operation's parameters as "in name" with "!" when
// required, sorted; the Authorization header, which the document writes as
// its security scheme, is left out.
func params(doc, op map[string]any) []string {
	var out []string
	ps, _ := op["parameters"].([]any)
	for _, p := range ps {
		p := resolve(doc, obj(p))
		name := strings.ToLower(p["name"].(string))
		if name == "authorization" {
			continue
		}
		s := p["in"].(string) + " " + name
		if req, _ := p["required"].(bool); req {
			s += "!"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// success is the JSON schema of an operation's success answer, if any.
func success(op map[string]any) map[string]any {
	for _, code := range sortedKeys(obj(op["responses"])) {
		if strings.HasPrefix(code, "2") {
			return obj(obj(op["responses"])[code])
		}
	}
	return nil
}

// requiredOf lists the required members of a body's or answer's JSON
// schema (nil for none, or for one that is not an object).
func requiredOf(doc, body map[string]any) []string {
	s := resolve(doc, obj(obj(obj(body["content"])["application/json"])["schema"]))
	var out []string
	rs, _ := s["required"].([]any)
	for _, r := range rs {
		out = append(out, r.(string))
	}
	sort.Strings(out)
	return out
}
