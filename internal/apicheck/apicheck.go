// Package apicheck checks requests and answers against the module's
// OpenAPI document (api/openapi.json) with an independent validator, so
// that the SDK, jikotest and the document agree through the document
// rather than through each other. It is for the module's tests only.
//
// Main installs it for a whole test binary: every request jikotest
// accepted (2xx) must validate as a request, and every answer jikotest
// gave to an operation of the document must validate as that operation's
// answer. The violations are printed, and fail the binary, at the end.
package apicheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/jiko-go/jiko/internal/ops"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/jiko-go/jiko/api"
	"github.com/jiko-go/jiko/internal/apihook"
)

// Checker validates requests and answers against the document.
type Checker struct {
	Doc    *openapi3.T
	router routers.Router
}

// New loads and validates the document (as OpenAPI 3.1) and returns its
// checker; the document's servers are dropped, so that any host matches.
func New() (*Checker, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("apicheck: load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("apicheck: the document is not valid OpenAPI: %w", err)
	}
	doc.Servers = nil
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apicheck: router: %w", err)
	}
	return &Checker{Doc: doc, router: r}, nil
}

// ErrNoRoute is returned for a request that is no operation of the
// document.
var ErrNoRoute = fmt.Errorf("apicheck: no operation of the document")

func (c *Checker) input(r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return nil, ErrNoRoute
	}
	return &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError:         true,
		},
	}, nil
}

// Request checks a request as sent, its body given apart (r.Body is not
// read).
func (c *Checker) Request(r *http.Request, body []byte) error {
	in, err := c.input(r, body)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(context.Background(), in)
}

// Answer checks the answer to request r.
func (c *Checker) Answer(r *http.Request, body []byte, status int, header http.Header, answer []byte) error {
	in, err := c.input(r, body)
	if err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header,
		Body:    io.NopCloser(bytes.NewReader(answer)),
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	return openapi3filter.ValidateResponse(context.Background(), out)
}

// Exception is a known disagreement between the document and jikotest or
// the SDK, excused by name with its reason.
type Exception struct {
	// Operation is the operation of the table the violation is of.
	Operation *ops.Op
	// Contains is a text the violation's message holds.
	Contains string
	// Why is the reason.
	Why string
}

// Exceptions lists the known disagreements, each with its reason.
var Exceptions = []Exception{
	{
		Operation: ops.BusinessesUpdateApplication,
		Contains:  `Error at "/formation_date"`,
		Why: "the contract types formation_date as a plain string and jikotest accepts any; the SDK models it " +
			"as a Date (format date); TestBusinessDocumentsFollowTheEntityType sends text that is not a date on purpose",
	},
	{
		Operation: ops.BusinessesGetApplication,
		Contains:  `Error at "/formation_date"`,
		Why:       "the answer carries the formation_date sent by hand above",
	},
	{
		Operation: ops.BusinessesApply,
		Contains:  `Error at "/formation_date"`,
		Why:       "the answer carries the formation_date sent by hand above",
	},
	{
		Operation: ops.SandboxTriggerWebhook,
		Contains:  `Error at "/event_type": value is not one of the allowed values`,
		Why: "TestSandboxTriggerWebhookUnknownType triggers an event of a type the document does not list, " +
			"on purpose: the SDK lets a partner do so to try its handling of unknown events",
	},
	{
		Operation: ops.PocketsCreate,
		Contains:  `header Content-Type has unexpected value ""`,
		Why: "jikotest's signature tests (TestSignatureIsCheckedWithoutTheSDK, TestSignatureCoversTheExactBody) " +
			"send requests made by hand, without a Content-Type; the SDK always sends application/json",
	},
}

// SentRequest checks a request the SDK sent: nil for a request to no
// operation of the document (Client.Do's), or for a known exception.
func (c *Checker) SentRequest(r *http.Request, body []byte) error {
	in, err := c.input(r, body)
	if err != nil {
		return nil
	}
	return excuse(in.Route.Method+" "+in.Route.Path, c.Request(r, body))
}

// excuse returns err but for the known exceptions of the operation op.
func excuse(op string, err error) error {
	if err == nil {
		return nil
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	for _, e := range Exceptions {
		if e.Operation.String() == op && strings.Contains(msg, e.Contains) {
			return nil
		}
	}
	return errors.New(msg)
}

// Main runs the tests with the checker watching jikotest, and fails when
// a request or an answer disagreed with the document (but for the known
// Exceptions). Call it from TestMain: os.Exit(apicheck.Main(m)).
func Main(m *testing.M) int {
	c, err := New()
	if err != nil {
		// The tests still run: the one that regenerates the document
		// (go generate ./...) can then repair it.
		m.Run()
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var mu sync.Mutex
	seen := map[string]int{}
	checked := 0
	apihook.Answer = func(r *http.Request, body []byte, status int, header http.Header, answer []byte) {
		vs := c.violations(r, body, status, header, answer)
		mu.Lock()
		defer mu.Unlock()
		checked++
		for _, v := range vs {
			seen[v]++
		}
	}
	code := m.Run()
	apihook.Answer = nil
	if testing.Verbose() {
		fmt.Printf("apicheck: %d answers of jikotest checked against api/openapi.json\n", checked)
	}
	if len(seen) > 0 {
		var lines []string
		for v, n := range seen {
			lines = append(lines, fmt.Sprintf("%s (%d times)", v, n))
		}
		sort.Strings(lines)
		fmt.Fprintf(os.Stderr, "apicheck: %d disagreements between jikotest, the SDK and api/openapi.json:\n  %s\n",
			len(lines), strings.Join(lines, "\n  "))
		if code == 0 {
			code = 1
		}
	}
	return code
}

// violations lists what a request and its answer break, less the known
// exceptions: the request is checked only when jikotest accepted it.
func (c *Checker) violations(r *http.Request, body []byte, status int, header http.Header, answer []byte) []string {
	in, err := c.input(r, body)
	if err != nil {
		return nil
	}
	op := in.Route.Method + " " + in.Route.Path
	var out []string
	add := func(what string, err error) {
		if err = excuse(op, err); err != nil {
			out = append(out, fmt.Sprintf("%s: %s %d: %v", op, what, status, err))
		}
	}
	if status >= 200 && status < 300 {
		add("request", c.Request(r, body))
	}
	add("answer", c.Answer(r, body, status, header, answer))
	return out
}
