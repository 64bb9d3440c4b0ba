package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/envconfig"
)

// checkSchema holds a JSON report against probe-report.schema.json with
// the part of JSON Schema the file uses: type, required, properties,
// additionalProperties false, items, enum and local $ref.
func checkSchema(t *testing.T, doc []byte) {
	t.Helper()
	b, err := os.ReadFile("probe-report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatalf("the schema: %v", err)
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("the report: %v", err)
	}
	for _, e := range validate(schema, schema, v, "report") {
		t.Error(e)
	}
}

func validate(root, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		def := root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			def, _ = def[part].(map[string]any)
		}
		if def == nil {
			return []string{at + ": unresolved " + ref}
		}
		return validate(root, def, v, at)
	}
	var errs []string
	if want, ok := s["type"].(string); ok && jsonType(v, want) != want {
		return []string{fmt.Sprintf("%s: %s, want %s", at, jsonType(v, want), want)}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, v, enum))
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range s["required"].([]any) {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: no %s", at, r))
			}
		}
		for k, val := range x {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					errs = append(errs, fmt.Sprintf("%s: %s is not in the schema", at, k))
				}
				continue
			}
			errs = append(errs, validate(root, ps, val, at+"."+k)...)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, validate(root, items, it, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

// jsonType names v's JSON type, saying "integer" for a whole number when
// want is integer.
func jsonType(v any, want string) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if want == "integer" && x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	}
	return "unknown"
}

// TestProbeSchemaCatchesAStrayKey: the check fails a report with a key
// the schema does not declare, one without a required key, and a class
// the schema does not list.
func TestProbeSchemaCatchesAStrayKey(t *testing.T) {
	t.Parallel()
	b, _ := os.ReadFile("probe-report.schema.json")
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	if v, _ := schema["properties"].(map[string]any)["schema_version"].(map[string]any)["enum"].([]any); len(v) != 1 || v[0] != float64(probeSchemaVersion) {
		t.Errorf("the schema is for version %v, the report writes %d", v, probeSchemaVersion)
	}
	rep := newReport(envconfig.Target{Host: "127.0.0.1", Environment: envconfig.Loopback}, probeOptions{})
	rep.Results = append(rep.Results, &probeResult{Method: "Health.Check", Path: "GET /health", Provenance: "contract", Class: "fine"})
	doc, _ := json.Marshal(rep)
	var m map[string]any
	json.Unmarshal(doc, &m)
	m["extra"] = 1
	delete(m, "summary")
	doc, _ = json.Marshal(m)
	got := validate(schema, schema, mustJSON(doc), "report")
	slices.Sort(got)
	want := []string{"report.results[0].class: fine is not one of [confirmed shape_differs refused absent unknown skipped]", "report: extra is not in the schema", "report: no summary"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func mustJSON(b []byte) any {
	var v any
	json.Unmarshal(b, &v)
	return v
}
