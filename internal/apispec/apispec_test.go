package apispec

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
)

// A small SDK of the same shape as the module's: a client of services
// whose methods name the operations.

type Color string

type Widget struct {
	ID      string   `json:"id"`
	Color   Color    `json:"color"`
	Note    *string  `json:"note"`
	Tags    []string `json:"tags,omitempty"`
	Secret  string   `json:"-"`
	Shape   Shape    `json:"shape"`
	Created struct{} `json:"created,omitzero"`
}

type WidgetParams struct {
	Limit int     `url:"limit,omitempty"`
	Color []Color `url:"filter[color],omitempty"`
}

type WidgetRequest struct {
	Name   string `json:"name"`
	Amount int64  `json:"amount_usdc"`
}

type Page[T any] struct{ Items []T }

type ShapeVariant interface{ isShape() }
type Shape struct{ Variant ShapeVariant }
type Circle struct {
	Radius int `json:"radius"`
}
type Square struct {
	Side int `json:"side"`
}

func (*Circle) isShape() {}
func (*Square) isShape() {}

type Option func()

type WidgetsService struct{}

func (*WidgetsService) Get(ctx context.Context, widgetID string, opts ...Option) (*Widget, error) {
	return nil, nil
}
func (*WidgetsService) Create(ctx context.Context, req *WidgetRequest, opts ...Option) (*Widget, error) {
	return nil, nil
}
func (*WidgetsService) Delete(ctx context.Context, widgetID string, opts ...Option) error { return nil }
func (*WidgetsService) List(ctx context.Context, params *WidgetParams, opts ...Option) (*Page[Widget], error) {
	return nil, nil
}

type testClient struct{ Widgets *WidgetsService }

func generate(t *testing.T) map[string]any {
	t.Helper()
	in := Input{
		Title: "t", Version: "1", Client: reflect.TypeFor[testClient](),
		Ops: []*ops.Op{
			{Method: "GET", Path: "/widgets/{widget_id}/", SDK: []string{"Widgets.Get"}, Provenance: ops.Contract},
			{Method: "POST", Path: "/widgets/", SDK: []string{"Widgets.Create"}, Provenance: ops.Inferred, Why: "a guess"},
			{Method: "DELETE", Path: "/widgets/{widget_id}/", SDK: []string{"Widgets.Delete"}, Provenance: ops.Reference, Auth: ops.Unsigned},
			{Method: "GET", Path: "/widgets/", SDK: []string{"Widgets.List"}, Provenance: ops.Reference, Auth: ops.Public},
		},
		Enums:   map[string][]string{"Color": {"RED", "BLUE"}},
		Minimum: map[string]int{"amount_usdc": 1},
		Unions: map[reflect.Type]Union{reflect.TypeFor[ShapeVariant](): {
			Name: "Shape", Key: "kind",
			Variants: map[string]reflect.Type{"circle": reflect.TypeFor[*Circle](), "square": reflect.TypeFor[*Square]()},
		}},
		Answers: map[string]reflect.Type{"Widgets.List": reflect.TypeFor[[]Widget]()},
	}
	b, err := Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at walks doc by keys (and indexes of arrays).
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			v = x[i]
		default:
			t.Fatalf("%s: %q is not a container", path, k)
		}
	}
	return v
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestGenerateOperations(t *testing.T) {
	doc := generate(t)
	get := "paths./widgets/{widget_id}/.get."
	for path, want := range map[string]string{
		get + "x-jiko-provenance":                                           `"contract"`,
		"paths./widgets/.post.x-jiko-provenance":                            `"inferred: a guess"`,
		get + "x-jiko-sdk":                                                  `["Widgets.Get"]`,
		get + "operationId":                                                 `"WidgetsGet"`,
		get + "parameters.0":                                                `{"in":"path","name":"widget_id","required":true,"schema":{"type":"string"}}`,
		get + "parameters.1":                                                `{"$ref":"#/components/parameters/Idempotency"}`,
		get + "parameters.2":                                                `{"$ref":"#/components/parameters/Signature"}`,
		get + "security":                                                    `[{"HTTPBearer":[]}]`,
		get + "responses.2XX.content.application/json":                      `{"schema":{"$ref":"#/components/schemas/Widget"}}`,
		get + "responses.422.$ref":                                          `"#/components/responses/ValidationError"`,
		"paths./widgets/{widget_id}/.delete.parameters":                     `[{"in":"path","name":"widget_id","required":true,"schema":{"type":"string"}},{"$ref":"#/components/parameters/Idempotency"}]`,
		"paths./widgets/{widget_id}/.delete.responses.2XX":                  `{"description":"Success."}`,
		"paths./widgets/.get.security":                                      `[]`,
		"paths./widgets/.get.parameters.1":                                  `{"explode":true,"in":"query","name":"filter[color]","schema":{"items":{"$ref":"#/components/schemas/Color"},"type":"array"},"style":"form"}`,
		"paths./widgets/.get.parameters.0.schema":                           `{"type":"integer"}`,
		"paths./widgets/.get.responses.2XX.content.application/json.schema": `{"items":{"$ref":"#/components/schemas/Widget"},"type":"array"}`,
		"paths./widgets/.post.requestBody.content.application/json.schema":  `{"$ref":"#/components/schemas/WidgetRequest"}`,
	} {
		if got := jsonOf(at(t, doc, path)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", path, got, want)
		}
	}
}

func TestGenerateSchemas(t *testing.T) {
	doc := generate(t)
	s := "components.schemas."
	for path, want := range map[string]string{
		// Always written: required; a pointer may be null; omitempty and
		// omitzero: optional; "-": absent.
		s + "Widget.required":                      `["color","id","note","shape"]`,
		s + "Widget.properties.note":               `{"type":["string","null"]}`,
		s + "Widget.properties.secret":             `null`,
		s + "Color":                                `{"enum":["RED","BLUE"],"type":"string","x-jiko-open-enum":true}`,
		s + "WidgetRequest.properties.amount_usdc": `{"minimum":1,"type":"integer"}`,
		s + "Shape.oneOf":                          `[{"$ref":"#/components/schemas/Circle"},{"$ref":"#/components/schemas/Square"}]`,
		s + "Shape.discriminator":                  `{"mapping":{"circle":"#/components/schemas/Circle","square":"#/components/schemas/Square"},"propertyName":"kind"}`,
		s + "Circle.properties.kind":               `{"const":"circle","type":"string"}`,
		s + "Circle.required":                      `["kind","radius"]`,
		s + "ValidationIssue.required":             `["loc","msg","type"]`,
	} {
		if got := jsonOf(at(t, doc, path)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", path, got, want)
		}
	}
}

func TestGenerateRefusesWhatItCannotDescribe(t *testing.T) {
	in := Input{Client: reflect.TypeFor[testClient](), Ops: []*ops.Op{
		{Method: "GET", Path: "/widgets/{widget_id}/{part}/", SDK: []string{"Widgets.Get"}},
		{Method: "GET", Path: "/x/", SDK: []string{"Widgets.Nope"}},
		{Method: "GET", Path: "/y/", SDK: []string{"Gadgets.Get"}},
	}}
	_, err := Generate(in)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"takes 1 ids for 2 placeholders", "has no method Nope", "has no service Gadgets", "ShapeVariant: an interface that is not a union"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
}

func TestConstStrings(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\ntype Color string\n\nconst (\n\tRed Color = \"RED\"\n\tBlue Color = \"BLUE\"\n\tuntyped = \"X\"\n\tLimit = 3\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p_test.go"), []byte("package p\n\nconst Green Color = \"GREEN\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ConstStrings(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string][]string{"Color": {"RED", "BLUE"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
