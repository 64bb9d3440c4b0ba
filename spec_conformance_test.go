package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests hold every request the client sends for an operation of the
// published v1.29 OpenAPI file against that operation, read from the file
// itself rather than from the client's own idea of the contract: method,
// path (the file's template with the trailing slash the real API uses),
// query names, the auth, idempotency and signature headers, the JSON body
// against its schema (and the smallest body the client accepts against the
// schema's required properties), raw-file uploads, and the documented
// success status. The cases are in spec_conformance_ops_test.go, the
// reading of the file and the schema checks in
// spec_conformance_schema_test.go.

// specIDs are the path ids every case sends. They hold a space, a question mark or
// a non-ASCII letter, so that a path that is not escaped into one segment
// per {param} fails.
var specIDs = map[string]string{
	"customer_id":                  "cus 62c5272e?ä",
	"account_id":                   "acc d0e1dd1b?ø",
	"application_id":               "app 48ac72d0?é",
	"related_party_application_id": "rp 3f9d?ü",
	"transaction_id":               "txn 9c1e?ß",
	"trade_id":                     "trd 7a2b?ç",
	"counterparty_id":              "cp 5e6f?ñ",
	"card_id":                      "card 1d2e?å",
	"card_order_id":                "co 4b5c?ô",
	"subscription_id":              "sub 8d9e?ï",
	"transfer_id":                  "tr 2c3d?õ",
	"portal_id":                    "ptl 6a7b?û",
	"document_id":                  "doc 0e1f?ë",
	"document_type":                string(DocumentIDFront),
}

func sid(name string) string {
	v, ok := specIDs[name]
	if !ok {
		panic("no sample id for " + name)
	}
	return v
}

// expectedPath fills a table path with the escaped sample ids.
func expectedPath(t *testing.T, pattern string) string {
	t.Helper()
	var b strings.Builder
	rest := pattern
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest, '}')
		name := rest[open+1 : end]
		v, ok := specIDs[name]
		require.True(t, ok, "no sample id for {%s}", name)
		b.WriteString(rest[:open] + url.PathEscape(v))
		rest = rest[end+1:]
	}
	return b.String()
}

// loginTap records the login requests, which the harness answers itself
// without recording them.
type loginTap struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []seen
}

func (l *loginTap) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.EscapedPath() == loginPath {
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
			req = req.Clone(req.Context())
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		l.mu.Lock()
		l.reqs = append(l.reqs, seen{req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header.Clone(), body, body != nil})
		l.mu.Unlock()
	}
	return l.next.RoundTrip(req)
}

// TestEverySpecOperationIsCoveredOnce holds the v1.29 file, the table and
// the cases to each other: each operation of the file is an entry of the
// table of provenance contract, and each such entry an operation of the
// file; each has a case, unless unwrapped says why not.
func TestEverySpecOperationIsCoveredOnce(t *testing.T) {
	_, fileOps := loadSpec(t)
	specCases := specCaseTable(t)
	require.Len(t, fileOps, 68, "the v1.29 file has 68 operations")
	inFile := map[*ops.Op]bool{}
	for key, op := range fileOps {
		if !assert.NotNil(t, op.entry, "%s (%s) is not an operation of internal/ops", key, op.OperationID) {
			continue
		}
		inFile[op.entry] = true
		assert.Equal(t, ops.Contract, op.entry.Provenance, "%s: the table's provenance", op.entry)
		_, w := specCases[op.entry]
		_, u := unwrapped[op.entry]
		_, c := changed[op.entry]
		assert.True(t, w || u, "%s (%s) is neither wrapped (specCaseTable) nor listed in unwrapped", key, op.OperationID)
		assert.False(t, w && u, "%s (%s) is both wrapped and unwrapped", key, op.OperationID)
		if c {
			assert.True(t, w, "%s (%s) is changed but has no case", key, op.OperationID)
		}
	}
	for _, op := range ops.All {
		if op.Provenance == ops.Contract {
			assert.True(t, inFile[op], "%s: provenance contract, but the v1.29 file does not have it", op)
		}
	}
	for _, table := range []map[*ops.Op]string{unwrapped, extraSignature, extraIdempotency} {
		for op, why := range table {
			assert.True(t, inFile[op], "a table names %s, which the file does not have", op)
			assert.NotEmpty(t, why, "%s: say why", op)
		}
	}
	for op := range specCases {
		assert.True(t, inFile[op], "specCases names %s, which the file does not have", op)
	}
	for op, c := range changed {
		assert.True(t, inFile[op], "changed names %s, which the file does not have", op)
		assert.NotEmpty(t, c.why, "%s: give the evidence", op)
	}
}

func TestEveryRequestMatchesTheSpec(t *testing.T) {
	spec, fileOps := loadSpec(t)
	run := &specRun{spec: spec, used: map[string]bool{}, ran: map[string]int{}}
	specCases := specCaseTable(t)
	covered := 0
	for key, op := range fileOps {
		tc, ok := specCases[op.entry]
		if !ok {
			continue
		}
		covered++
		t.Run(key, func(t *testing.T) {
			if tc.params != nil {
				assertAllSet(t, tc.params, tc.unset)
			}
			if tc.walk != nil {
				t.Run("walk", func(t *testing.T) { run.checkWalk(t, op, tc) })
			}
			if len(tc.bodies) == 0 {
				run.check(t, op, tc, nil)
				return
			}
			for _, body := range tc.bodies {
				t.Run(bodyName(body), func(t *testing.T) {
					assertAllSet(t, body, tc.unset)
					run.check(t, op, tc, body)
					t.Run("minimal", func(t *testing.T) { run.check(t, op, tc, minimal(body)) })
				})
			}
		})
	}
	t.Logf("%d of %d operations of the v1.29 file sent and checked", covered, len(fileOps))
	for op, c := range changed {
		key := op.Method + " " + strings.TrimSuffix(op.Path, "/")
		if run.ran[key] < max(1, 2*len(specCases[op].bodies)) {
			continue // a -run pattern left some of its requests out
		}
		for kind, names := range map[string][]string{"query": c.query, "body": c.body, "variant": c.variants} {
			for _, name := range names {
				assert.True(t, run.used[changedUse(key, kind, name)], "changed[%q] (%s) allows %s %s, which no request needs: drop it", key, c.why, kind, name)
			}
		}
	}
}

// assertAllSet asserts that a sample sets every field but those of skip.
func assertAllSet(t *testing.T, v any, skip []string) {
	t.Helper()
	unset := slices.DeleteFunc(unsetFields(reflect.ValueOf(v), ""), func(f string) bool { return slices.Contains(skip, f) })
	assert.Empty(t, unset, "the sample leaves fields unset")
}

// specRun holds the file and records which allowances of changed the
// requests needed.
type specRun struct {
	spec *oaSpec
	used map[string]bool
	// ran counts the requests checked per operation, so that the usage of
	// changed is only judged for operations whose cases all ran.
	ran map[string]int
}

// bodyName names a subtest after its body: its event type, or its Go type.
func bodyName(body any) string {
	if ev, ok := body.(*Event); ok {
		return string(ev.Type)
	}
	return fmt.Sprintf("%T", body)
}

// check performs one case against a harness that answers the documented
// success status, then holds the request against op.
func (run *specRun) check(t *testing.T, op specOp, tc specCase, body any) {
	run.ran[op.key]++
	h := newHarness(t)
	tap := &loginTap{next: h.c.hc.Transport}
	h.c.hc.Transport = tap
	code, answer := run.answer(t, op, tc)
	path := expectedPath(t, op.entry.Path)
	var contentLength int64 = -1
	h.on(op.method, path, func(req *http.Request) (*http.Response, error) {
		contentLength = req.ContentLength
		return status(code, answer)(req)
	})
	h.on("GET", "/api/v1/public-keys/", status(200, fixture(t, "public_keys.json")))

	err := tc.call(context.Background(), h.c, body)
	var r seen
	if op.entry == ops.Login {
		require.NotEmpty(t, tap.reqs, "no login request")
		r = tap.reqs[len(tap.reqs)-1]
	} else {
		r = h.last()
	}
	require.Equal(t, op.method+" "+path, r.Method+" "+r.Path)
	require.NoError(t, err, "the documented answer %d is refused", code)
	run.checkParams(t, op, r)
	checkHeaders(t, run.spec, op, r, contentLength)

	switch _, rawUpload := op.header("content-length"); {
	case op.jsonBody() != nil:
		run.checkJSONBody(t, op, r, body)
	case rawUpload:
		require.NotNil(t, tc.file, "an upload case needs its file")
		assert.Equal(t, specFileBytes, string(r.Body), "the body is the file itself")
		assert.Equal(t, tc.file.ContentType, r.Header.Get("Content-Type"))
		assert.Equal(t, tc.file.Size, contentLength, "Content-Length")
	default:
		assert.Empty(t, r.Body, "the operation takes no body")
	}
}

// checkWalk follows a list with its iterator, answering the documented
// example with a next page the first time when the operation declares a
// cursor or an offset, and holds every request against the operation: the
// iterator's own cursor or offset must be declared too, and a list without
// paging must end with its first page.
func (run *specRun) checkWalk(t *testing.T, op specOp, tc specCase) {
	h := newHarness(t)
	code, answer := run.answer(t, op, tc)
	var page map[string]any
	require.NoError(t, json.Unmarshal([]byte(answer), &page))
	items, _ := page["items"].([]any)
	require.NotEmpty(t, items, "the example has no items to walk")
	_, byCursor := op.param("query", "cursor")
	_, byOffset := op.param("query", "offset")
	path := expectedPath(t, op.entry.Path)
	calls := 0
	h.on(op.method, path, func(req *http.Request) (*http.Response, error) {
		calls++
		more := calls == 1
		p := maps.Clone(page)
		switch {
		case byCursor:
			p["next_page"] = map[bool]any{true: "c-next", false: nil}[more]
		case byOffset:
			asked, _ := strconv.Atoi(req.URL.Query().Get("offset"))
			p["offset"], p["count"] = asked, asked+len(items)
			if more {
				p["count"] = asked + 2*len(items)
			}
		}
		b, err := json.Marshal(p)
		require.NoError(t, err)
		return status(code, string(b))(req)
	})
	require.NoError(t, tc.walk(context.Background(), h.c))
	reqs := h.requests()
	if byCursor || byOffset {
		require.Len(t, reqs, 2, "the walk follows one next page")
	} else {
		require.Len(t, reqs, 1, "the operation declares no paging: the walk ends with the first page")
	}
	for _, r := range reqs {
		assert.Equal(t, op.method+" "+path, r.Method+" "+r.Path)
		run.checkParams(t, op, r)
		checkHeaders(t, run.spec, op, r, -1)
	}
}

// answer is the documented success status of op and the body to answer
// it with: the case's, or the example of the file (of the response, or of
// its schema).
func (run *specRun) answer(t *testing.T, op specOp, tc specCase) (int, string) {
	code, example, hasBody := op.success()
	require.NotZero(t, code, "no documented success status")
	switch {
	case tc.answer != "":
		return code, tc.answer
	case !hasBody:
		return code, ""
	}
	if len(example) == 0 {
		k := &schemaCheck{spec: run.spec}
		if s := k.resolve(op.Responses[strconv.Itoa(code)].Content["application/json"].Schema); s != nil {
			example = s.Example
		}
	}
	require.NotEmpty(t, example, "the 2xx has a body but no example: give the case an answer")
	return code, string(example)
}

// checkParams holds the query sent against the operation's query
// parameters (names and values) and the sample path ids against its path
// parameters.
func (run *specRun) checkParams(t *testing.T, op specOp, r seen) {
	t.Helper()
	q, err := url.ParseQuery(r.Query)
	require.NoError(t, err)
	k := &schemaCheck{spec: run.spec}
	for name, values := range q {
		p, ok := op.param("query", name)
		switch {
		case ok:
			k.queryValues(p, values)
		case slices.Contains(changed[op.entry].query, name):
			run.used[changedUse(op.key, "query", name)] = true
		default:
			t.Errorf("query parameter %q is not declared", name)
		}
	}
	for _, p := range op.Parameters {
		if p.In == "path" {
			k.scalarText(p.Schema, specIDs[p.Name], "path {"+p.Name+"}")
		}
	}
	assert.Empty(t, k.errs, "query %s", r.Query)
}

// checkHeaders holds the headers sent against the operation's security and
// header parameters.
func checkHeaders(t *testing.T, spec *oaSpec, op specOp, r seen, contentLength int64) {
	t.Helper()
	auth := r.Header.Get("Authorization")
	if op.secured {
		assert.True(t, strings.HasPrefix(auth, "Bearer "), "Authorization: Bearer is missing")
	} else {
		assert.Empty(t, auth, "the operation has no security")
	}
	checkDeclaredHeader(t, op, r, "x-jiko-idempotency", extraIdempotency)
	checkDeclaredHeader(t, op, r, "x-jiko-signature", extraSignature)
	k := &schemaCheck{spec: spec}
	for _, p := range op.Parameters {
		if p.In != "header" || !p.Required || strings.HasPrefix(p.Name, "x-jiko-") {
			continue
		}
		v := r.Header.Get(p.Name)
		if strings.EqualFold(p.Name, "content-length") {
			v = strconv.FormatInt(contentLength, 10)
		}
		if assert.NotEmpty(t, v, "required header %s is missing", p.Name) {
			k.scalarText(p.Schema, v, "header "+p.Name)
		}
	}
	assert.Empty(t, k.errs)
}

// checkJSONBody holds a JSON body against the operation's schema, but for
// what the current reference adds (changed).
func (run *specRun) checkJSONBody(t *testing.T, op specOp, r seen, body any) {
	t.Helper()
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	var v any
	require.NoError(t, json.Unmarshal(r.Body, &v), "the body is not JSON: %s", r.Body)
	if variant := fmt.Sprintf("%T", body); slices.Contains(changed[op.entry].variants, variant) {
		run.used[changedUse(op.key, "variant", variant)] = true
		return
	}
	k := &schemaCheck{spec: run.spec, allowed: changed[op.entry].body, used: run.used, opKey: op.key}
	k.check(v, []*oaSchema{op.jsonBody()}, "")
	assert.Empty(t, k.errs, "body %s", r.Body)
}

// checkDeclaredHeader asserts the header is sent exactly when the operation
// declares it, or when allow lists the operation.
func checkDeclaredHeader(t *testing.T, op specOp, r seen, name string, allow map[*ops.Op]string) {
	t.Helper()
	_, declared := op.header(name)
	_, allowed := allow[op.entry]
	sent := r.Header.Get(name) != ""
	switch {
	case declared:
		assert.True(t, sent, "%s is declared but not sent", name)
	case allowed:
		assert.True(t, sent, "%s is allowlisted as an extra but not sent: drop it from the list", name)
	default:
		assert.False(t, sent, "%s is sent but not declared", name)
	}
}

// specCase performs one operation of the file with sample arguments.
type specCase struct {
	// call performs the operation with the ids of specIDs and body.
	call func(ctx context.Context, c *Client, body any) error
	// walk follows a list with its iterator, for the requests of the
	// pages after the first.
	walk func(ctx context.Context, c *Client) error
	// bodies are full request bodies (variants of a union), each sent
	// once as it is and once as the smallest body the client accepts
	// (minimal); none for an operation without a JSON body.
	bodies []any
	// unset names the fields of a body or params a full sample leaves
	// unset on purpose; the case's comment says why.
	unset []string
	// params is the call's query params, every field set.
	params any
	// file is the file of a raw-file upload.
	file *File
	// answer replaces the file's example as the success body, for an
	// operation whose 2xx has a body but no example.
	answer string
}

// change is what the current reference changed on purpose in an operation:
// the query names and body paths (dotted) it adds, and the body variants
// (Go types) it adds, which the v1.29 schema cannot judge.
type change struct {
	why      string
	query    []string
	body     []string
	variants []string
}

// specFileBytes is the content of every sample upload.
const specFileBytes = "\x89PNG\r\n\x1a\nspec sample"

func specFile() *File {
	return &File{Body: strings.NewReader(specFileBytes), Size: int64(len(specFileBytes)), ContentType: "image/png", Name: "sample.png"}
}

func noBody(f func(ctx context.Context, c *Client) error) specCase {
	return specCase{call: func(ctx context.Context, c *Client, _ any) error { return f(ctx, c) }}
}

// listCase is a list operation: f fetches one page, or with walk follows
// the list with the iterator.
func listCase[P any](p *P, f func(ctx context.Context, c *Client, p *P, walk bool) error, unset ...string) specCase {
	return specCase{
		params: p, unset: unset,
		call: func(ctx context.Context, c *Client, _ any) error { return f(ctx, c, p, false) },
		walk: func(ctx context.Context, c *Client) error { return f(ctx, c, p, true) },
	}
}

func withBody[B any](b *B, f func(ctx context.Context, c *Client, b *B) error, unset ...string) specCase {
	return specCase{bodies: []any{b}, unset: unset, call: func(ctx context.Context, c *Client, body any) error { return f(ctx, c, body.(*B)) }}
}

func uploadCase(f func(ctx context.Context, c *Client, file *File) error) specCase {
	file := specFile()
	return specCase{file: file, call: func(ctx context.Context, c *Client, _ any) error { return f(ctx, c, file) }}
}

// errOf keeps the error of a call that also returns a value.
func errOf[T any](_ T, err error) error { return err }
