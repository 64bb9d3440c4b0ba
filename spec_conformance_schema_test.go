package jiko

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
	"github.com/stretchr/testify/require"
)

// The v1.29 OpenAPI file as the conformance tests read it, and the checks
// of a JSON value against its schemas.

const specPath = "testdata/spec/jiko-partner-api-1.29.0.openapi.json"

type oaSchema struct {
	Ref        string               `json:"$ref"`
	Type       string               `json:"type"`
	Properties map[string]*oaSchema `json:"properties"`
	Required   []string             `json:"required"`
	Items      *oaSchema            `json:"items"`
	AllOf      []*oaSchema          `json:"allOf"`
	AnyOf      []*oaSchema          `json:"anyOf"`
	OneOf      []*oaSchema          `json:"oneOf"`
	Enum       []any                `json:"enum"`
	Format     string               `json:"format"`
	Pattern    string               `json:"pattern"`
	Example    json.RawMessage      `json:"example"`
	// Discriminator picks the oneOf branch by a property's value.
	Discriminator *struct {
		PropertyName string            `json:"propertyName"`
		Mapping      map[string]string `json:"mapping"`
	} `json:"discriminator"`
}

type oaParam struct {
	Name     string    `json:"name"`
	In       string    `json:"in"`
	Required bool      `json:"required"`
	Schema   *oaSchema `json:"schema"`
}

type oaMedia struct {
	Schema  *oaSchema       `json:"schema"`
	Example json.RawMessage `json:"example"`
}

type oaOperation struct {
	OperationID string                `json:"operationId"`
	Security    []map[string][]string `json:"security"`
	Parameters  []oaParam             `json:"parameters"`
	RequestBody *struct {
		Content map[string]oaMedia `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]oaMedia `json:"content"`
	} `json:"responses"`
}

type oaSpec struct {
	Security   []map[string][]string                 `json:"security"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]*oaSchema `json:"schemas"`
	} `json:"components"`
}

// specOp is one operation of the file, keyed "METHOD /template" with the
// template as the file writes it (no trailing slash), and its entry of
// internal/ops (nil when the table lacks it): the same method, and the
// template with the trailing slash the table writes (but /health).
type specOp struct {
	key, method, template string
	oaOperation
	secured bool
	entry   *ops.Op
}

func (o specOp) header(name string) (oaParam, bool) {
	for _, p := range o.Parameters {
		if p.In == "header" && strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return oaParam{}, false
}

func (o specOp) param(in, name string) (oaParam, bool) {
	for _, p := range o.Parameters {
		if p.In == in && p.Name == name {
			return p, true
		}
	}
	return oaParam{}, false
}

// success is the documented 2xx status, with its JSON example if any.
func (o specOp) success() (int, json.RawMessage, bool) {
	for code, r := range o.Responses {
		if n, _ := strconv.Atoi(code); n >= 200 && n < 300 {
			m, hasBody := r.Content["application/json"]
			return n, m.Example, hasBody
		}
	}
	return 0, nil, false
}

func (o specOp) jsonBody() *oaSchema {
	if o.RequestBody == nil {
		return nil
	}
	return o.RequestBody.Content["application/json"].Schema
}

var loadSpecOnce = sync.OnceValues(func() (*oaSpec, error) {
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return nil, err
	}
	var s oaSpec
	return &s, json.Unmarshal(raw, &s)
})

func loadSpec(t *testing.T) (*oaSpec, map[string]specOp) {
	t.Helper()
	s, err := loadSpecOnce()
	require.NoError(t, err)
	byKey := map[string]*ops.Op{}
	for _, op := range ops.All {
		byKey[op.Method+" "+strings.TrimSuffix(op.Path, "/")] = op
	}
	fileOps := map[string]specOp{}
	for template, item := range s.Paths {
		for method, raw := range item {
			method = strings.ToUpper(method)
			if !slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, method) {
				continue
			}
			op := specOp{key: method + " " + template, method: method, template: template, entry: byKey[method+" "+template]}
			require.NoError(t, json.Unmarshal(raw, &op.oaOperation), op.key)
			sec := op.Security
			if sec == nil {
				sec = s.Security
			}
			op.secured = len(sec) > 0
			fileOps[op.key] = op
		}
	}
	return s, fileOps
}

// schemaCheck holds a JSON value against the schemas of the file.
type schemaCheck struct {
	spec *oaSpec
	// allowed are dotted paths the current reference adds (see changed):
	// neither they nor what is under them is checked.
	allowed []string
	// used records the allowed paths met, keyed as changedUse names them.
	used  map[string]bool
	opKey string
	errs  []string
}

func (k *schemaCheck) errorf(format string, args ...any) {
	k.errs = append(k.errs, fmt.Sprintf(format, args...))
}

func (k *schemaCheck) isAllowed(path string) bool {
	for _, a := range k.allowed {
		if path == a || strings.HasPrefix(path, a+".") {
			if k.used != nil {
				k.used[changedUse(k.opKey, "body", a)] = true
			}
			return true
		}
	}
	return false
}

// changedUse names one allowance of the changed table, to check that each
// is still needed.
func changedUse(opKey, kind, name string) string { return opKey + " " + kind + " " + name }

func (k *schemaCheck) resolve(s *oaSchema) *oaSchema {
	for s != nil && s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		next := k.spec.Components.Schemas[name]
		if !ok || next == nil {
			k.errorf("unresolvable $ref %q", s.Ref)
			return nil
		}
		s = next
	}
	return s
}

// leaves flattens $ref and allOf/anyOf/oneOf into the schemas whose
// properties, items, types and enums a value may draw on.
func (k *schemaCheck) leaves(ss []*oaSchema) []*oaSchema {
	var out []*oaSchema
	for _, s := range ss {
		if s = k.resolve(s); s == nil {
			continue
		}
		out = append(out, s)
		out = append(out, k.leaves(slices.Concat(s.AllOf, s.AnyOf, s.OneOf))...)
	}
	return out
}

// narrow replaces a schema whose discriminator names a branch for obj by
// that branch alone.
func (k *schemaCheck) narrow(obj map[string]any, ss []*oaSchema, path string) []*oaSchema {
	out := make([]*oaSchema, 0, len(ss))
	for _, s := range ss {
		r := k.resolve(s)
		if r == nil || r.Discriminator == nil {
			out = append(out, s)
			continue
		}
		prop := r.Discriminator.PropertyName
		v, _ := obj[prop].(string)
		ref, ok := r.Discriminator.Mapping[v]
		if !ok {
			if !k.isAllowed(dotted(path, prop)) {
				k.errorf("%s: %q names no branch of the schema", dotted(path, prop), v)
			}
			out = append(out, s)
			continue
		}
		out = append(out, &oaSchema{Ref: ref})
	}
	return out
}

// missing lists the required properties of s absent from obj (a null
// counts as absent): all of allOf's, and those of the anyOf/oneOf branch
// that misses fewest.
func (k *schemaCheck) missing(obj map[string]any, s *oaSchema, path string) []string {
	if s = k.resolve(s); s == nil {
		return nil
	}
	var out []string
	for _, name := range s.Required {
		if v, ok := obj[name]; (!ok || v == nil) && !k.isAllowed(dotted(path, name)) {
			out = append(out, name)
		}
	}
	for _, b := range s.AllOf {
		out = append(out, k.missing(obj, b, path)...)
	}
	if alts := slices.Concat(s.AnyOf, s.OneOf); len(alts) > 0 {
		out = append(out, k.fewestMissing(obj, alts, path)...)
	}
	return out
}

func (k *schemaCheck) fewestMissing(obj map[string]any, alts []*oaSchema, path string) []string {
	var best []string
	for i, a := range alts {
		if m := k.missing(obj, a, path); i == 0 || len(m) < len(best) {
			best = m
		}
	}
	return best
}

func dotted(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// check holds v against any of the alternative schemas ss.
func (k *schemaCheck) check(v any, ss []*oaSchema, path string) {
	if k.isAllowed(path) {
		return
	}
	if obj, ok := v.(map[string]any); ok {
		ss = k.narrow(obj, ss, path)
	}
	leaves := k.leaves(ss)
	switch v := v.(type) {
	case map[string]any:
		if k.typed(leaves, "object") {
			k.errorf("%s: an object does not match the schema's type", bodyPath(path))
			return
		}
		props := map[string][]*oaSchema{}
		for _, l := range leaves {
			for name, p := range l.Properties {
				props[name] = append(props[name], p)
			}
		}
		if len(props) == 0 {
			return // a free-form object
		}
		for _, name := range slices.Sorted(maps.Keys(v)) {
			p := dotted(path, name)
			if _, ok := props[name]; !ok && !k.isAllowed(p) {
				k.errorf("%s: sent but not a property of the schema", p)
				continue
			}
			k.check(v[name], props[name], p)
		}
		if m := k.fewestMissing(v, ss, path); len(m) > 0 {
			k.errorf("%s: required %v missing", bodyPath(path), m)
		}
	case []any:
		if k.typed(leaves, "array") {
			k.errorf("%s: an array does not match the schema's type", bodyPath(path))
			return
		}
		var items []*oaSchema
		for _, l := range leaves {
			if l.Items != nil {
				items = append(items, l.Items)
			}
		}
		for i, e := range v {
			k.check(e, items, fmt.Sprintf("%s[%d]", path, i))
		}
	case nil:
		// Optional properties are Optional[...] in the API (FastAPI): null
		// is accepted; a required one is reported by missing.
	default:
		k.scalar(v, leaves, path)
	}
}

func bodyPath(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// typed reports whether the leaves constrain the type and none allows want.
func (k *schemaCheck) typed(leaves []*oaSchema, want string) bool {
	constrained := false
	for _, l := range leaves {
		if l.Type == want {
			return false
		}
		constrained = constrained || l.Type != ""
	}
	return constrained
}

func (k *schemaCheck) scalar(v any, leaves []*oaSchema, path string) {
	kind := "boolean"
	switch v := v.(type) {
	case string:
		kind = "string"
	case float64:
		kind = "number"
		if v == float64(int64(v)) {
			kind = "integer"
		}
	}
	ok := !k.typed(leaves, kind) || kind == "integer" && !k.typed(leaves, "number")
	if !ok {
		k.errorf("%s: %s %v does not match the schema's type", path, kind, v)
		return
	}
	var enum []any
	for _, l := range leaves {
		enum = append(enum, l.Enum...)
	}
	if len(enum) > 0 && !slices.Contains(enum, v) {
		k.errorf("%s: %v is not one of %v", path, v, enum)
	}
	if text, ok := v.(string); ok {
		var first error
		for _, l := range leaves {
			if l.Type != "string" {
				continue
			}
			err := textFormat(l, text)
			if err == nil {
				return
			}
			first = cmp.Or(first, err)
		}
		if first != nil {
			k.errorf("%s: %v", path, first)
		}
	}
}

// textFormat checks a string against the format (date-time, date) and
// pattern of a schema.
func textFormat(s *oaSchema, v string) error {
	switch s.Format {
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return fmt.Errorf("%q is not an RFC 3339 date-time", v)
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Errorf("%q is not a date", v)
		}
	}
	if s.Pattern != "" && !regexp.MustCompile(s.Pattern).MatchString(v) {
		return fmt.Errorf("%q does not match %s", v, s.Pattern)
	}
	return nil
}

// queryValues holds the values sent for a query parameter against its
// schema: an array's items each, a scalar once.
func (k *schemaCheck) queryValues(p oaParam, values []string) {
	s := k.resolve(p.Schema)
	if s == nil {
		return
	}
	if s.Type == "array" {
		for _, v := range values {
			k.scalarText(s.Items, v, p.Name+"[]")
		}
		return
	}
	if len(values) != 1 {
		k.errorf("%s: sent %d times but is not an array", p.Name, len(values))
	}
	for _, v := range values {
		k.scalarText(s, v, p.Name)
	}
}

// scalarText holds a value sent as text (query, path) against a scalar
// schema: its type, enum, date-time format and pattern.
func (k *schemaCheck) scalarText(s *oaSchema, v, where string) {
	if s = k.resolve(s); s == nil {
		return
	}
	switch s.Type {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			k.errorf("%s: %q is not an integer", where, v)
		}
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			k.errorf("%s: %q is not a number", where, v)
		}
	case "boolean":
		if v != "true" && v != "false" {
			k.errorf("%s: %q is not a boolean", where, v)
		}
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, any(v)) {
		k.errorf("%s: %q is not one of %v", where, v, s.Enum)
	}
	if err := textFormat(s, v); err != nil {
		k.errorf("%s: %v", where, err)
	}
}

// unsetFields lists the exported fields of a request or params value left
// at their zero value, looking into nested structs, pointers, interfaces
// and the first element of slices: a full sample leaves none, so that every
// name the client can send is held against the file.
func unsetFields(v reflect.Value, prefix string) []string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return unsetFields(v.Elem(), prefix)
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		return unsetFields(v.Index(0), prefix+"[0]")
	case reflect.Struct:
	default:
		return nil
	}
	var out []string
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() || sf.Tag.Get("json") == "-" {
			continue
		}
		name := dotted(prefix, sf.Name)
		if f.IsZero() {
			out = append(out, name)
			continue
		}
		if hasExportedFields(f.Type()) || f.Kind() != reflect.Struct {
			out = append(out, unsetFields(f, name)...)
		}
	}
	return out
}

// hasExportedFields reports whether t is a struct sent as a JSON object of
// its fields: a type that encodes itself (Date, Nullable) is a leaf.
func hasExportedFields(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) ||
		t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) {
		return false
	}
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
)

// minimal returns a copy of body with every field the client's own
// validation lets go set to its zero value, field by field and into nested
// structs: the smallest request a caller can send. The copy is deep where
// it changes anything, so body is left as it was.
func minimal(body any) any {
	rv := reflect.ValueOf(body)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return body
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(rv.Elem())
	valid := func() bool { return checkBody(cp.Interface()) == nil }
	minimize(cp.Elem(), valid)
	return cp.Interface()
}

func minimize(v reflect.Value, valid func() bool) {
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanSet() || f.IsZero() {
			continue
		}
		old := reflect.New(f.Type()).Elem()
		old.Set(f)
		f.SetZero()
		if valid() {
			continue
		}
		f.Set(old)
		switch {
		case f.Kind() == reflect.Struct && hasExportedFields(f.Type()):
			minimize(f, valid)
		case f.Kind() == reflect.Pointer && hasExportedFields(f.Type().Elem()):
			np := reflect.New(f.Type().Elem())
			np.Elem().Set(f.Elem())
			f.Set(np)
			minimize(np.Elem(), valid)
		}
	}
}
