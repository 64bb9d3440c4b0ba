package jiko

import (
	"go/ast"
	"go/types"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
)

// idParams are the Go names of the path placeholders whose name is not the
// placeholder's own: a v1 path's {account_id} is a Pocket id, and a related
// party's application is named as its methods are (UpdateRelatedParty).
var idParams = map[string]string{
	"account_id":                   "pocketID",
	"related_party_application_id": "relatedPartyID",
}

// placeholder matches a path's id placeholders ({document_type}, a typed
// value, is not an id).
var placeholder = regexp.MustCompile(`\{([a-z_]+_id)\}`)

// idParam is the Go parameter name of a path placeholder: customer_id is
// customerID.
func idParam(p string) string {
	if n, ok := idParams[p]; ok {
		return n
	}
	parts := strings.Split(p, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
		} else {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// serviceDecls reads the service methods from the package's source, keyed
// as internal/ops names them ("ACH.ListForPocket").
func serviceDecls(t *testing.T) map[string]*ast.FuncDecl {
	t.Helper()
	fields := map[string]string{} // service type -> Client field
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		if f := ct.Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			fields[f.Type.Elem().Name()] = f.Name
		}
	}
	out := map[string]*ast.FuncDecl{}
	for _, f := range parsePackage(t) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			if id, ok := star.X.(*ast.Ident); ok && fields[id.Name] != "" {
				out[fields[id.Name]+"."+fd.Name.Name] = fd
			}
		}
	}
	return out
}

// TestIDParametersAreNamedAfterTheirPath holds the naming rule's "ids come
// first in path order": a method whose operation's path has placeholders
// takes them, after the context, in that order, named after what they are
// (pocketID for a v1 path's account_id).
func TestIDParametersAreNamedAfterTheirPath(t *testing.T) {
	var checked int
	for name, fd := range serviceDecls(t) {
		op := ops.BySDK(name)
		if op == nil {
			continue
		}
		var want, got []string
		for _, m := range placeholder.FindAllStringSubmatch(op.Path, -1) {
			want = append(want, idParam(m[1]))
		}
		for _, field := range fd.Type.Params.List[1:] {
			if typeName(field.Type) != "string" {
				break
			}
			for _, n := range field.Names {
				got = append(got, n.Name)
			}
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("%s takes (ctx, %s), its path %s wants (ctx, %s)", name, strings.Join(got, ", "), op.Path, strings.Join(want, ", "))
		}
		checked++
	}
	if checked < 97 {
		t.Fatalf("%d methods checked: the parse looks in the wrong place", checked)
	}
}

// answersNoBody are the Create and Update methods whose operation the API answers
// without a body, so they cannot return the object Get returns.
var answersNoBody = map[string]string{
	"Wires.Create":   "201 with no body: a *WireReceipt names the wire for Get",
	"Portals.Update": "204 with no body: only an error",
}

// TestCreateAndUpdateReturnWhatGetReturns holds the rule "Get, Create and
// Update return *T of the same T" to every service, but for the operations
// the API answers with no body.
func TestCreateAndUpdateReturnWhatGetReturns(t *testing.T) {
	results := map[string]string{} // "Service.Method" -> its results, as written
	for name, fd := range serviceDecls(t) {
		var res []string
		for _, r := range fd.Type.Results.List {
			res = append(res, types.ExprString(r.Type))
		}
		results[name] = strings.Join(res, ", ")
	}
	var compared int
	for name, got := range results {
		service, method, _ := strings.Cut(name, ".")
		kind, ok := strings.CutPrefix(method, "Create")
		if !ok {
			if kind, ok = strings.CutPrefix(method, "Update"); !ok {
				continue
			}
		}
		want, ok := results[service+".Get"+kind]
		if !ok {
			continue // a kind of its own (CreatePlaidLinkToken)
		}
		compared++
		if why, ok := answersNoBody[name]; ok {
			if got == want {
				t.Errorf("%s returns (%s) like Get%s: drop it from answersNoBody (%s)", name, got, kind, why)
			}
			continue
		}
		if got != want {
			t.Errorf("%s returns (%s), Get%s (%s): return the same, or say in answersNoBody why not", name, got, kind, want)
		}
	}
	if compared < 15 {
		t.Fatalf("%d methods compared: the parse looks in the wrong place", compared)
	}
}
