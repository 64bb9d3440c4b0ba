package jiko

import (
	"go/ast"
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

// TestIDParametersAreNamedAfterTheirPath holds the naming rule's "ids come
// first in path order": a method whose operation's path has placeholders
// takes them, after the context, in that order, named after what they are
// (pocketID for a v1 path's account_id).
func TestIDParametersAreNamedAfterTheirPath(t *testing.T) {
	fields := map[string]string{} // service type -> Client field
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		if f := ct.Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			fields[f.Type.Elem().Name()] = f.Name
		}
	}
	var checked int
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
			id, ok := star.X.(*ast.Ident)
			if !ok || fields[id.Name] == "" {
				continue
			}
			name := fields[id.Name] + "." + fd.Name.Name
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
	}
	if checked < 97 {
		t.Fatalf("%d methods checked: the parse looks in the wrong place", checked)
	}
}
