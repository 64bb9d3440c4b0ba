package jikotest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
)

// TestTheServerAnswersTheTablesOperations holds the server's routes to the
// table: each API route (under /api/, and /health) is an operation of the
// table with its credentials, and each operation of the table has a route.
func TestTheServerAnswersTheTablesOperations(t *testing.T) {
	s := NewServer()
	defer s.Close()
	byPattern := map[string]*ops.Op{}
	for _, op := range ops.All {
		byPattern[op.Pattern()] = op
		a, ok := s.auth[op.Pattern()]
		switch {
		case !ok:
			t.Errorf("%s: no route", op)
		case a != authOf(op.Auth):
			t.Errorf("%s: the route takes credentials %d, the table says %s", op, a, op.Auth)
		}
	}
	var others []string
	for pattern := range s.auth {
		_, path, _ := strings.Cut(pattern, " ")
		if !strings.HasPrefix(path, "/api/") && path != "/health" {
			others = append(others, pattern)
			continue
		}
		if byPattern[pattern] == nil {
			t.Errorf("route %q is not an operation of the table (internal/ops)", pattern)
		}
	}
	// The routes that are not operations: the short-lived document links
	// the server hands out, and the OpenAPI document it serves.
	slices.Sort(others)
	if want := []string{"GET /jikotest/documents/{id}/{name}", "GET /openapi.json"}; !slices.Equal(others, want) {
		t.Errorf("routes outside the API: %q, want %q", others, want)
	}
}

// A handler that reads a placeholder under another name than the table's
// finds it under its own.
func TestMountRenamesAPlaceholder(t *testing.T) {
	s := NewServer()
	defer s.Close()
	op := &ops.Op{Method: "GET", Path: "/test/{account_id}/", Auth: ops.Public}
	s.mount(op, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.PathValue("pocket_id")+" "+r.PathValue("account_id"))
	}, rename{"account_id", "pocket_id"})
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest("GET", "/test/p-1/", nil))
	if got := rec.Body.String(); got != "p-1 p-1" {
		t.Errorf("the handler read %q, want %q", got, "p-1 p-1")
	}
	if s.auth[op.Pattern()] != public {
		t.Errorf("credentials %d, want public", s.auth[op.Pattern()])
	}
}
