package apicheck

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDocumentIsValidOpenAPI31 loads api/openapi.json with kin-openapi
// and validates it as OpenAPI 3.1.
func TestDocumentIsValidOpenAPI31(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Doc.OpenAPI; got != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", got)
	}
	if n := c.Doc.Paths.Len(); n < 79 {
		t.Fatalf("%d paths", n)
	}
}

// TestCheckerRefusesWhatTheDocumentDoesNot: the checker is not a yes-man.
func TestCheckerRefusesWhatTheDocumentDoesNot(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "http://127.0.0.1:1/api/v1/subscriptions/abc/", nil)
	r.Header.Set("x-jiko-idempotency", "0b0c7e52-4e8b-4a4c-9d8e-2f4b7a1c3d5e")
	r.Header.Set("x-jiko-signature", "c2ln")
	if err := c.Request(r, nil); err != nil {
		t.Fatalf("a well-formed request: %v", err)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if err := c.Answer(r, nil, 404, h, []byte(`{"detail":"Not Found"}`)); err != nil {
		t.Fatalf("a well-formed error: %v", err)
	}
	if err := c.Answer(r, nil, 200, h, []byte(`{"id": 7}`)); err == nil {
		t.Fatal("an answer with an integer id passed")
	}
	r.Header.Del("x-jiko-signature")
	if err := c.Request(r, nil); err == nil || !strings.Contains(err.Error(), "x-jiko-signature") {
		t.Fatalf("a request without its signature: %v", err)
	}
	if _, err := c.input(httptest.NewRequest("GET", "/nowhere/", nil), nil); err != ErrNoRoute {
		t.Fatalf("an unknown path: %v", err)
	}
}
