package jiko

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// optionKinds is where each option may be given: "client" (NewClient),
// "call" (a method) or "shared" (both). An option function missing here
// fails TestOptionsImplementOnlyWhereTheyApply.
var optionKinds = map[string]string{
	"WithBaseURL":        "client",
	"WithPartner":        "client",
	"WithCredentials":    "client",
	"WithTokenSource":    "client",
	"WithSigningSecret":  "client",
	"WithHTTPClient":     "client",
	"WithLogger":         "client",
	"WithUserAgent":      "client",
	"WithDriftHandler":   "client",
	"WithDriftPerCall":   "client",
	"WithStrictDecoding": "client",
	"WithMaxRetries":     "shared",
	"WithRetryBackoff":   "shared",
	"WithHeader":         "shared",
	"WithIdempotencyKey": "call",
	"WithResponseInto":   "call",
}

var optionFuncs = map[string]any{
	"WithBaseURL": WithBaseURL, "WithPartner": WithPartner, "WithCredentials": WithCredentials,
	"WithTokenSource": WithTokenSource, "WithSigningSecret": WithSigningSecret,
	"WithHTTPClient": WithHTTPClient, "WithLogger": WithLogger, "WithUserAgent": WithUserAgent,
	"WithDriftHandler": WithDriftHandler, "WithDriftPerCall": WithDriftPerCall,
	"WithStrictDecoding": WithStrictDecoding, "WithMaxRetries": WithMaxRetries,
	"WithRetryBackoff": WithRetryBackoff, "WithHeader": WithHeader,
	"WithIdempotencyKey": WithIdempotencyKey, "WithResponseInto": WithResponseInto,
}

// parsePackage parses the package's non-test files.
func parsePackage(t *testing.T) []*ast.File {
	t.Helper()
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		files = append(files, f)
	}
	return files
}

// typeName is the name of an identifier type expression, "" otherwise.
func typeName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestOptionsImplementOnlyWhereTheyApply is the proof that the compiler
// refuses an option given in the wrong place: each With... function's result
// type, and the value it returns, implements ClientOption only if the option
// configures a client and CallOption only if it configures a call.
func TestOptionsImplementOnlyWhereTheyApply(t *testing.T) {
	clientT := reflect.TypeFor[ClientOption]()
	callT := reflect.TypeFor[CallOption]()
	found := map[string]string{}
	for _, f := range parsePackage(t) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
				continue
			}
			switch typeName(fd.Type.Results.List[0].Type) {
			case "ClientOption":
				found[fd.Name.Name] = "client"
			case "CallOption":
				found[fd.Name.Name] = "call"
			case "SharedOption":
				found[fd.Name.Name] = "shared"
			}
		}
	}
	assert.Equal(t, optionKinds, found, "every option function is classified here")

	for name, kind := range optionKinds {
		fn := reflect.ValueOf(optionFuncs[name])
		require.True(t, fn.IsValid(), "%s is missing from optionFuncs", name)
		args := make([]reflect.Value, fn.Type().NumIn())
		for i := range args {
			args[i] = reflect.Zero(fn.Type().In(i))
		}
		out := fn.Call(args)[0]
		wantClient, wantCall := kind != "call", kind != "client"
		for _, typ := range []reflect.Type{fn.Type().Out(0), out.Elem().Type()} {
			assert.Equal(t, wantClient, typ.Implements(clientT), "%s: %s implements ClientOption", name, typ)
			assert.Equal(t, wantCall, typ.Implements(callT), "%s: %s implements CallOption", name, typ)
		}
	}
}

// TestMethodsTakeCallOptions checks the other side: NewClient takes
// ...ClientOption and every other function or method of the package that
// takes options takes ...CallOption.
func TestMethodsTakeCallOptions(t *testing.T) {
	var calls int
	for _, f := range parsePackage(t) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || len(fd.Type.Params.List) == 0 {
				continue
			}
			last := fd.Type.Params.List[len(fd.Type.Params.List)-1].Type
			var elem string
			switch e := last.(type) {
			case *ast.Ellipsis:
				elem = typeName(e.Elt)
			case *ast.ArrayType:
				elem = typeName(e.Elt)
			}
			if !strings.HasSuffix(elem, "Option") || elem == "WebhookOption" {
				continue
			}
			want := "CallOption"
			if fd.Name.Name == "NewClient" {
				want = "ClientOption"
			} else {
				calls++
			}
			assert.Equal(t, want, elem, "%s takes ...%s", fd.Name.Name, want)
		}
	}
	assert.Greater(t, calls, 100, "the service methods were found")
}

func TestNilOptionsAreRefused(t *testing.T) {
	_, err := NewClient(WithBaseURL(testBase), nil, WithCredentials("u", "p"), WithSigningSecret("s"))
	assert.EqualError(t, err, "jiko: NewClient: opts[1] is nil: use the With... functions")

	h := newHarness(t)
	_, err = h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(0), nil)
	assert.EqualError(t, err, "jiko: opts[1]: is nil: use the With... functions")
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}
