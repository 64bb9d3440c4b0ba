package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/api"
	"github.com/jiko-go/jiko/internal/ops"
)

// TestOpenAPIPrintsTheDocument: jiko openapi prints api/openapi.json as
// it is, JSON with every operation of the table, and nothing else.
func TestOpenAPIPrintsTheDocument(t *testing.T) {
	t.Parallel()
	out, errOut, code := runJiko(t, "", nil, "openapi")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !bytes.Equal([]byte(out), api.OpenAPI) {
		t.Fatal("stdout is not api/openapi.json")
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, o := range ops.All {
		if _, ok := doc.Paths[o.Path][strings.ToLower(o.Method)]; !ok {
			t.Errorf("%s is not in the document", o)
		}
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
}

func TestOpenAPIRefusesArguments(t *testing.T) {
	t.Parallel()
	out, errOut, code := runJiko(t, "", nil, "openapi", "yaml")
	if code != exitUsage || out != "" || errOut != "jiko openapi: takes no arguments (run \"jiko openapi -h\")\n" {
		t.Fatalf("exit %d, stdout %d bytes, stderr %q", code, len(out), errOut)
	}
}

// TestServeServesTheDocument: jiko serve names GET /openapi.json in its
// --json output and answers it without credentials with the document.
func TestServeServesTheDocument(t *testing.T) {
	s := startServe(t)
	if s.info.OpenAPI != s.info.BaseURL+"/openapi.json" {
		t.Fatalf("openapi %q, base URL %q", s.info.OpenAPI, s.info.BaseURL)
	}
	resp, err := http.Get(s.info.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" || !bytes.Equal(body, api.OpenAPI) {
		t.Fatalf("%d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	var out bytes.Buffer
	printServeInfo(&out, s.info)
	if want := "  openapi         " + s.info.OpenAPI + " (the API, no credentials)\n"; !strings.Contains(out.String(), want) {
		t.Errorf("the printed info lacks %q:\n%s", want, out.String())
	}
}
