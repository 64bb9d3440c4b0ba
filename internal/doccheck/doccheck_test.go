package doccheck

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// packages are the public packages whose exported identifiers must all be
// documented, as directories relative to this one.
var packages = []struct{ dir, importPath string }{
	{"../..", "github.com/jiko-go/jiko"},
	{"../../jikotest", "github.com/jiko-go/jiko/jikotest"},
	{"../../jikoinbox", "github.com/jiko-go/jiko/jikoinbox"},
}

// TestExportedIdentifiersAreDocumented fails, listing them, when an exported
// identifier of a public package has no doc comment: a type, a function, a
// method of an exported type, a named field of an exported struct type
// (including the fields of an anonymous struct inside it), a constant or a
// variable. A field counts as documented with a comment above it or at the
// end of its line. A constant or variable counts as documented when its
// group has a doc comment, or its own line has one above it or at its end.
// Test files are not read; embedded fields are not checked (their type has
// its own doc).
func TestExportedIdentifiersAreDocumented(t *testing.T) {
	if _, ok := os.LookupEnv("JIKO_DOCCHECK_SKIP"); ok {
		t.Skip("JIKO_DOCCHECK_SKIP is set")
	}
	for _, pkg := range packages {
		t.Run(path.Base(pkg.importPath), func(t *testing.T) {
			missing, err := undocumented(pkg.dir, pkg.importPath)
			if err != nil {
				t.Fatal(err)
			}
			if len(missing) > 0 {
				t.Errorf("%d exported identifiers of %s have no doc comment:\n\t%s",
					len(missing), pkg.importPath, strings.Join(missing, "\n\t"))
			}
		})
	}
}

// undocumented lists the exported identifiers of the package in dir that
// lack a doc comment, one "file:line: kind name" per identifier, in source
// order.
func undocumented(dir, importPath string) ([]string, error) {
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles { // GoFiles leaves out _test.go files
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return nil, err
	}

	type finding struct {
		pos  token.Position
		text string
	}
	var found []finding
	report := func(pos token.Pos, kind, name string) {
		position := fset.Position(pos)
		found = append(found, finding{position, fmt.Sprintf("%s:%d: %s %s",
			filepath.Base(position.Filename), position.Line, kind, name)})
	}

	values := func(vals []*doc.Value) {
		for _, v := range vals {
			if v.Doc != "" { // the group's doc covers every name in it
				continue
			}
			kind := v.Decl.Tok.String()
			for _, spec := range v.Decl.Specs {
				vs := spec.(*ast.ValueSpec)
				if vs.Doc != nil || vs.Comment != nil {
					continue
				}
				for _, n := range vs.Names {
					if n.IsExported() {
						report(n.Pos(), kind, n.Name)
					}
				}
			}
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			if f.Doc != "" {
				continue
			}
			switch {
			case f.Recv == "":
				report(f.Decl.Pos(), "func", f.Name)
			case f.Level > 0:
				report(f.Decl.Pos(), "method", strings.TrimPrefix(f.Recv, "*")+"."+f.Name+" (promoted from "+f.Orig+")")
			default:
				report(f.Decl.Pos(), "method", strings.TrimPrefix(f.Recv, "*")+"."+f.Name)
			}
		}
	}
	var fields func(prefix string, st *ast.StructType)
	fields = func(prefix string, st *ast.StructType) {
		for _, f := range st.Fields.List {
			for _, n := range f.Names {
				if !n.IsExported() {
					continue
				}
				if f.Doc == nil && f.Comment == nil {
					report(n.Pos(), "field", prefix+"."+n.Name)
				}
				if inner, ok := f.Type.(*ast.StructType); ok {
					fields(prefix+"."+n.Name, inner)
				}
			}
		}
	}

	values(p.Consts)
	values(p.Vars)
	funcs(p.Funcs)
	for _, typ := range p.Types {
		for _, spec := range typ.Decl.Specs {
			ts, ok := spec.(*ast.TypeSpec)
			if !ok || ts.Name.Name != typ.Name {
				continue
			}
			if typ.Doc == "" {
				report(ts.Pos(), "type", typ.Name)
			}
			if st, ok := ts.Type.(*ast.StructType); ok {
				fields(typ.Name, st)
			}
		}
		values(typ.Consts)
		values(typ.Vars)
		funcs(typ.Funcs)
		funcs(typ.Methods)
	}

	sort.Slice(found, func(i, j int) bool {
		a, b := found[i].pos, found[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	out := make([]string, len(found))
	for i, f := range found {
		out[i] = f.text
	}
	return out, nil
}

// TestUndocumentedFindsExactlyTheUndocumented runs the check on a sample
// package in which every identifier that must be reported has a name
// starting with Bad.
func TestUndocumentedFindsExactlyTheUndocumented(t *testing.T) {
	got, err := undocumented("testdata/sample", "example.com/sample")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"sample.go:15: const BadConst",
		"sample.go:19: var BadVar",
		"sample.go:19: var OtherBadVar",
		"sample.go:27: var BadInGroup",
		"sample.go:30: func BadFunc",
		"sample.go:37: type BadType",
		"sample.go:38: field BadType.BadField",
		"sample.go:44: field BadType.BadA",
		"sample.go:44: field BadType.BadB",
		"sample.go:47: field BadType.Nested.BadInner",
		"sample.go:53: method BadType.BadMethod",
		"sample.go:60: func NewBadType",
		"sample.go:65: method Embedded.BadEmbeddedMethod",
		"sample.go:73: const BadKindB",
		"sample.go:81: method Outer.BadPromoted (promoted from inner)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("undocumented(testdata/sample):\ngot:\n\t%s\nwant:\n\t%s",
			strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
