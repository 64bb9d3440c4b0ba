package jiko

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
)

// These tests hold the SDK to the table of operations (internal/ops): every
// method of a service is an SDK name of one entry, every entry but Login is
// called by a method, each method's route is its entry's, and its doc
// comment names the entry's method and path. (jikotest holds its routes to
// the same table: jikotest/routes_internal_test.go.)

// serviceMethods lists the exported methods of the Client's services, as
// the table names them ("Pockets.ListPage"), found by reflection.
func serviceMethods() map[string]bool {
	out := map[string]bool{}
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		for j := range f.Type.NumMethod() {
			out[f.Name+"."+f.Type.Method(j).Name] = true
		}
	}
	return out
}

// notOperations lists the service methods that call no operation of the
// API, with the reason.
var notOperations = map[string]string{
	"Statements.Download": "fetches a short-lived document link on a foreign host, without the client's credentials",
	"Reports.Download":    "fetches a report file's short-lived link, as Statements.Download does",
}

func TestEverySDKMethodIsInTheTable(t *testing.T) {
	methods := serviceMethods()
	if len(methods) < 97 {
		t.Fatalf("%d service methods found: the reflection looks in the wrong place", len(methods))
	}
	for name, why := range notOperations {
		if !methods[name] || why == "" || ops.BySDK(name) != nil {
			t.Errorf("notOperations: %s is not a method the table leaves out, with a reason", name)
		}
	}
	for name := range methods {
		if _, ok := notOperations[name]; !ok && ops.BySDK(name) == nil {
			t.Errorf("%s is not an SDK method of any entry of internal/ops", name)
		}
	}
	for _, op := range ops.All {
		if op != ops.Login && len(op.SDK) == 0 {
			t.Errorf("%s: no SDK method calls it", op)
		}
		for _, name := range op.SDK {
			if !methods[name] {
				t.Errorf("%s names %s, which the Client does not have", op, name)
			}
		}
	}
}

// methodSource is a service method as the source declares it.
type methodSource struct {
	pos   token.Position
	doc   string
	ops   []string // the entries of internal/ops its body names
	calls []string // the methods of its own service ("Service.Method") and the functions its body calls
}

// sdkSources reads the service methods from the package's source, keyed as
// the table names them, and the package's functions, keyed by name.
func sdkSources(t *testing.T) map[string]*methodSource {
	t.Helper()
	fields := map[string]string{} // service type -> Client field
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		if f := ct.Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			fields[f.Type.Elem().Name()] = f.Name
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]*methodSource{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			key, recv := fd.Name.Name, ""
			if fd.Recv != nil {
				star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
				if !ok || len(fd.Recv.List[0].Names) == 0 {
					continue
				}
				id, ok := star.X.(*ast.Ident)
				if !ok || fields[id.Name] == "" {
					continue
				}
				key, recv = fields[id.Name]+"."+fd.Name.Name, fd.Recv.List[0].Names[0].Name
			}
			service, _, _ := strings.Cut(key, ".")
			m := &methodSource{pos: fset.Position(fd.Pos()), doc: strings.Join(strings.Fields(fd.Doc.Text()), " ")}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok {
						switch {
						case x.Name == "ops":
							m.ops = append(m.ops, n.Sel.Name)
						case recv != "" && x.Name == recv:
							m.calls = append(m.calls, service+"."+n.Sel.Name)
						}
					}
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok {
						m.calls = append(m.calls, id.Name)
					}
				}
				return true
			})
			out[key] = m
		}
	}
	return out
}

// opNames maps each entry of the table to its name in internal/ops.
func opNames(t *testing.T) map[string]*ops.Op {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("internal", "ops", "table.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*ops.Op{}
	byPath := map[string]*ops.Op{}
	for _, op := range ops.All {
		byPath[op.String()] = op
	}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		lit, ok := vs.Values[0].(*ast.UnaryExpr)
		if !ok {
			return true
		}
		var method, path string
		for _, e := range lit.X.(*ast.CompositeLit).Elts {
			kv := e.(*ast.KeyValueExpr)
			if v, ok := kv.Value.(*ast.BasicLit); ok {
				switch kv.Key.(*ast.Ident).Name {
				case "Method":
					method = strings.Trim(v.Value, `"`)
				case "Path":
					path = strings.Trim(v.Value, `"`)
				}
			}
		}
		out[vs.Names[0].Name] = byPath[method+" "+path]
		return true
	})
	if len(out) != len(ops.All) {
		t.Fatalf("%d named entries read from table.go, want %d", len(out), len(ops.All))
	}
	return out
}

// TestEverySDKMethodTakesItsEntrysRoute holds each method's body to the
// entry that names it: the entries the body names (or, for a method built
// on others of its service, theirs) are exactly that one.
func TestEverySDKMethodTakesItsEntrysRoute(t *testing.T) {
	srcs, named := sdkSources(t), opNames(t)
	var reached func(name string, seen map[string]bool) []*ops.Op
	reached = func(name string, seen map[string]bool) []*ops.Op {
		m := srcs[name]
		if m == nil || seen[name] {
			return nil
		}
		seen[name] = true
		var out []*ops.Op
		for _, n := range m.ops {
			if op := named[n]; op != nil {
				out = append(out, op)
			}
		}
		if len(out) == 0 {
			for _, c := range m.calls {
				out = append(out, reached(c, seen)...)
			}
		}
		return slices.Compact(out)
	}
	if len(srcs) < 97 {
		t.Fatalf("%d methods read: the parse looks in the wrong place", len(srcs))
	}
	for name := range serviceMethods() {
		want := ops.BySDK(name)
		if want == nil {
			continue // TestEverySDKMethodIsInTheTable says so
		}
		if got := reached(name, map[string]bool{}); len(got) != 1 || got[0] != want {
			t.Errorf("%s: %s: its route is %v, the table says %s", srcs[name].pos, name, got, want)
		}
	}
}

// TestEverySDKMethodsDocNamesItsEntry holds each method's doc comment to
// the method and path of its entry: "(GET /api/v1/events/".
func TestEverySDKMethodsDocNamesItsEntry(t *testing.T) {
	srcs := sdkSources(t)
	for name := range serviceMethods() {
		op, m := ops.BySDK(name), srcs[name]
		if op == nil || m == nil {
			continue
		}
		if !strings.Contains(m.doc, "("+op.String()) {
			t.Errorf("%s: the doc comment of %s does not name (%s", m.pos, name, op)
		}
	}
}
