package apispec

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// A schema is a JSON Schema object as the document writes it.
type schema = map[string]any

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	timeType          = reflect.TypeFor[time.Time]()
)

// ref is a reference to the component schema name.
func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

// nullable lets s be null too: a type list with "null" where s has one
// type, an anyOf with null otherwise.
func nullable(s schema) schema {
	if t, ok := s["type"].(string); ok {
		out := make(schema, len(s))
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{t, "null"}
		if e, ok := s["enum"].([]string); ok {
			out["enum"] = append(append([]any{}, toAny(e)...), nil)
		}
		return out
	}
	return schema{"anyOf": []any{s, schema{"type": "null"}}}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// schemaOf returns the schema of t: a reference to a component for a named
// struct, an enum or a union, an inline schema otherwise. It adds the
// components it needs to g.schemas.
func (g *generator) schemaOf(t reflect.Type) schema {
	if s, ok := g.in.Special[t]; ok {
		return s
	}
	if t == timeType {
		return schema{"type": "string", "format": "date-time"}
	}
	if t == rawMessageType {
		return schema{}
	}
	if u, ok := g.in.Unions[t]; ok {
		return g.unionRef(t, u)
	}
	if t.Kind() == reflect.Struct && t.NumField() == 1 {
		// A union's container: one field holding the variant.
		if u, ok := g.in.Unions[t.Field(0).Type]; ok {
			return g.unionRef(t.Field(0).Type, u)
		}
	}
	if name, elem, ok := g.generic(t); ok {
		switch name {
		case "Nullable":
			return nullable(g.schemaOf(elem))
		case "CursorPage":
			return g.cursorPage(elem)
		case "OffsetPage":
			return g.offsetPage(elem)
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schemaOf(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return schema{}
		}
		g.fail("%s: an interface that is not a union", t)
		return schema{}
	case reflect.String:
		if vals, ok := g.in.Enums[t.Name()]; ok && t.PkgPath() == g.pkg {
			return g.component(t.Name(), t, func() schema {
				return schema{"type": "string", "enum": toAny(vals), "x-jiko-open-enum": true}
			})
		}
		return schema{"type": "string"}
	case reflect.Bool:
		return schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return schema{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return schema{"type": "string", "contentEncoding": "base64"}
		}
		return schema{"type": "array", "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return schema{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
			return schema{"type": "string"}
		}
		if t.Name() == "" {
			return g.object(t, nil)
		}
		if (t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType)) && !g.in.SameShape[t] && g.variantOf[t] == nil {
			g.fail("%s encodes itself: give its schema in Input.Special or list it in Input.SameShape", t)
		}
		return g.component(t.Name(), t, func() schema { return g.object(t, g.variantOf[t]) })
	}
	g.fail("%s: no JSON schema for kind %s", t, t.Kind())
	return schema{}
}

// component adds the component of a named type once and returns a
// reference to it. make runs once per type; a recursive type sees its own
// reference.
func (g *generator) component(name string, t reflect.Type, make func() schema) schema {
	if prev, ok := g.named[name]; ok {
		if prev != t {
			g.fail("two types named %s: %s and %s", name, prev, t)
		}
		return ref(name)
	}
	g.named[name] = t
	g.schemas[name] = schema{} // a placeholder while make runs
	g.schemas[name] = make()
	return ref(name)
}

// generic recognises the module's generic types by name: Nullable[T],
// CursorPage[T] and OffsetPage[T], with T read from their fields.
func (g *generator) generic(t reflect.Type) (name string, elem reflect.Type, ok bool) {
	if t.Kind() != reflect.Struct || t.PkgPath() != g.pkg {
		return "", nil, false
	}
	name, _, ok = strings.Cut(t.Name(), "[")
	if !ok {
		return "", nil, false
	}
	switch name {
	case "Nullable":
		return name, t.Field(0).Type, true
	case "CursorPage", "OffsetPage":
		f, _ := t.FieldByName("Items")
		return name, f.Type.Elem(), true
	}
	return "", nil, false
}

// cursorPage is the envelope of a cursor list of elem (CursorList).
func (g *generator) cursorPage(elem reflect.Type) schema {
	return schema{
		"type": "object",
		"properties": schema{
			"items":       schema{"type": "array", "items": g.schemaOf(elem)},
			"next_page":   schema{"type": []string{"string", "null"}, "description": "The cursor of the following page; null on the last page."},
			"prev_page":   schema{"type": []string{"string", "null"}, "description": "The cursor of the preceding page; null on the first page."},
			"object_type": schema{"type": "string", "const": "CursorList"},
		},
		"required": []string{"items", "next_page", "prev_page"},
	}
}

// offsetPage is the envelope of an offset list of elem (List).
func (g *generator) offsetPage(elem reflect.Type) schema {
	return schema{
		"type": "object",
		"properties": schema{
			"items":       schema{"type": "array", "items": g.schemaOf(elem)},
			"offset":      schema{"type": "integer", "minimum": 0, "description": "The position of the first item in the whole list."},
			"count":       schema{"type": "integer", "minimum": 0, "description": "The number of items in the whole list."},
			"object_type": schema{"type": "string", "const": "List"},
		},
		"required": []string{"count", "items", "offset"},
	}
}

// member is one member of an object as encoding/json writes it.
type member struct {
	name     string
	t        reflect.Type
	optional bool // omitempty or omitzero: absent when zero
	quoted   bool // the ",string" option
}

// members lists the members of struct t as encoding/json encodes them:
// tagged names, "-" left out, untagged embedded structs flattened (an
// outer member hides an inner one of the same name).
func members(t reflect.Type) []member {
	var out []member
	seen := map[string]bool{}
	var walk func(t reflect.Type, depth int)
	var deferred []reflect.Type
	walk = func(t reflect.Type, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					deferred = append(deferred, ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if !hasTag || name == "" {
				name = f.Name
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, member{
				name:     name,
				t:        ft,
				optional: strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,"),
				quoted:   strings.Contains(","+opts+",", ",string,"),
			})
		}
	}
	walk(t, 0)
	for len(deferred) > 0 {
		next := deferred
		deferred = nil
		for _, d := range next {
			walk(d, 1)
		}
	}
	return out
}

// object is the schema of struct t. A member is required when it is always
// written (neither omitempty nor omitzero); a pointer or Nullable member
// may be null. v, for a union's variant, adds its discriminator as a
// required constant.
func (g *generator) object(t reflect.Type, v *variant) schema {
	props := schema{}
	var required []string
	for _, m := range members(t) {
		s := g.bounded(m.name, g.schemaOf(m.t))
		if m.quoted {
			s = schema{"type": "string"}
		}
		if m.t.Kind() == reflect.Pointer {
			s = nullable(s)
		}
		props[m.name] = s
		if !m.optional {
			required = append(required, m.name)
		}
	}
	if v != nil && !v.outside {
		props[v.key] = schema{"type": "string", "const": v.kind}
		if !contains(required, v.key) {
			required = append(required, v.key)
		}
	}
	out := schema{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}

// bounded adds Input.Minimum's bound to s, an integer member's schema.
func (g *generator) bounded(name string, s schema) schema {
	least, ok := g.in.Minimum[name]
	if !ok || s["type"] != "integer" {
		return s
	}
	out := schema{"minimum": least}
	for k, v := range s {
		out[k] = v
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// variant is what a union's variant struct adds to its schema.
type variant struct {
	key, kind string
	outside   bool
}

// unionRef adds the component of a union (named after its container or
// interface) and returns a reference to it: a oneOf of its variants with
// the discriminator's mapping, or, for a union keyed from outside the
// object, an anyOf of them.
func (g *generator) unionRef(t reflect.Type, u Union) schema {
	name := u.Name
	if name == "" {
		name = t.Name()
	}
	return g.component(name, t, func() schema {
		kinds := make([]string, 0, len(u.Variants))
		for k := range u.Variants {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		var refs []any
		mapping := schema{}
		for _, k := range kinds {
			vt := u.Variants[k]
			for vt.Kind() == reflect.Pointer {
				vt = vt.Elem()
			}
			g.variantOf[vt] = &variant{key: u.Key, kind: k, outside: u.Outside}
			r := g.schemaOf(vt)
			refs = append(refs, r)
			mapping[k] = r["$ref"]
		}
		if u.Outside {
			return schema{"anyOf": refs, "description": "Keyed by the enclosing object's " + u.Key + "."}
		}
		return schema{"oneOf": refs, "discriminator": schema{"propertyName": u.Key, "mapping": mapping}}
	})
}

func (g *generator) fail(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}
