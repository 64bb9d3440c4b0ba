package jiko

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// This file holds what the drift audit (drift_audit.go) knows of each Go
// type an answer decodes into: how it treats the type, the JSON kind the
// model has, and which members it always expects. It is computed once per
// type and cached.

// nullableValue is implemented by Nullable: the audit descends into the
// value it holds.
type nullableValue interface {
	// auditValue returns the value, or nil when there is none.
	auditValue() any
}

// auditStruct marks a struct with its own UnmarshalJSON (a list envelope)
// that the audit walks by its fields all the same; auditAsStruct names
// the members it reads besides its fields.
type auditStruct interface{ auditAsStruct() []string }

// nodeKind says how the audit treats a type.
type nodeKind uint8

const (
	nodeLeaf    nodeKind = iota // a string, number or boolean
	nodeDecoded                 // a leaf with its own decoding (Money is a struct, Decimal a leaf)
	nodeTolerant
	nodeUnion
	nodeEnum
	nodeNullable
	nodeStruct
	nodeList
	nodeMap
)

// auditInfo is what the audit knows of a type, computed once per type.
type auditInfo struct {
	kind     nodeKind
	expected string       // the JSON kind the model has; "" for any
	null     bool         // the model has a null: its zero value encodes as null
	integer  bool         // a number that must be whole
	inner    reflect.Type // a Nullable's value type
	fields   map[string]auditField
	names    []string // the JSON names of fields, for the case-insensitive match
	required []string // the members the model always writes
	envelope bool     // a list envelope (auditStruct)
}

// auditField is a struct field the JSON of its name decodes into.
type auditField struct {
	typ reflect.Type // nil for a member an envelope reads itself
}

// field finds the field a JSON member decodes into: its exact name, or
// failing that, as encoding/json does, a name equal under case folding.
func (i *auditInfo) field(name string) (auditField, bool) {
	if f, ok := i.fields[name]; ok {
		return f, true
	}
	for _, n := range i.names {
		if strings.EqualFold(n, name) {
			return i.fields[n], true
		}
	}
	return auditField{}, false
}

var auditInfos sync.Map // reflect.Type -> *auditInfo

var (
	tolerantType    = reflect.TypeFor[tolerantValue]()
	unionType       = reflect.TypeFor[unionValue]()
	enumType        = reflect.TypeFor[knownEnum]()
	nullableType    = reflect.TypeFor[nullableValue]()
	auditStructType = reflect.TypeFor[auditStruct]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func auditInfoOf(t reflect.Type) *auditInfo {
	if i, ok := auditInfos.Load(t); ok {
		return i.(*auditInfo)
	}
	i, _ := auditInfos.LoadOrStore(t, newAuditInfo(t))
	return i.(*auditInfo)
}

func newAuditInfo(t reflect.Type) *auditInfo {
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(tolerantType):
		return &auditInfo{kind: nodeTolerant, expected: "string"}
	case pt.Implements(unionType):
		return &auditInfo{kind: nodeUnion, expected: "object"}
	case pt.Implements(enumType):
		return &auditInfo{kind: nodeEnum, expected: scalarKind(t.Kind())}
	case pt.Implements(nullableType):
		inner := t.Field(0).Type // Nullable[T].value
		return &auditInfo{kind: nodeNullable, expected: auditInfoOf(deref(inner)).expected, null: true, inner: inner}
	case (pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler)) && !pt.Implements(auditStructType):
		return &auditInfo{kind: nodeDecoded, null: zeroKind(t) == "null"} // time.Time, Decimal, ...
	}
	switch t.Kind() {
	case reflect.Struct:
		i := &auditInfo{kind: nodeStruct, expected: "object", fields: map[string]auditField{}}
		addFields(i, t, false)
		if pt.Implements(auditStructType) {
			// A list envelope reads either of its forms and refuses an
			// answer that fits neither: no member of it is required here,
			// and a null cursor or count is its own to read.
			i.required, i.envelope = nil, true
			for _, name := range reflect.New(t).Interface().(auditStruct).auditAsStruct() {
				i.fields[name] = auditField{} // read by the envelope, held by no field
				i.names = append(i.names, name)
			}
		}
		return i
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &auditInfo{kind: nodeLeaf, expected: "string", null: true} // base64 bytes
		}
		return &auditInfo{kind: nodeList, expected: "array", null: t.Kind() == reflect.Slice}
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return &auditInfo{kind: nodeMap, expected: "object", null: true}
		}
	case reflect.Interface:
		return &auditInfo{kind: nodeLeaf, null: true}
	}
	k := t.Kind()
	return &auditInfo{kind: nodeLeaf, expected: scalarKind(k), null: k == reflect.Map || k == reflect.Func || k == reflect.Chan,
		integer: reflect.Int <= k && k <= reflect.Uint64}
}

// scalarKind is the JSON kind of a Go scalar kind, or "" for any.
func scalarKind(k reflect.Kind) string {
	switch {
	case k == reflect.String:
		return "string"
	case k == reflect.Bool:
		return "boolean"
	case reflect.Int <= k && k <= reflect.Float64:
		return "number"
	}
	return ""
}

// addFields adds the fields of struct t, as encoding/json names them: an
// untagged embedded struct adds its own fields, and the shallower of two
// fields of one name wins. A field is required when the model always
// writes it: no omitempty or omitzero, neither a pointer nor a Nullable,
// and not reached through an embedded pointer (viaPointer).
func addFields(i *auditInfo, t reflect.Type, viaPointer bool) {
	var embedded []reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if len(f.Index) != 1 {
			continue // reached through its embedding below
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if deref(f.Type).Kind() == reflect.Struct {
				embedded = append(embedded, f)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, ok := i.fields[name]; ok {
			continue
		}
		i.fields[name] = auditField{typ: f.Type}
		i.names = append(i.names, name)
		omit := slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
		if !omit && !viaPointer && f.Type.Kind() != reflect.Pointer && f.Type.Kind() != reflect.Interface &&
			!reflect.PointerTo(f.Type).Implements(nullableType) {
			i.required = append(i.required, name)
		}
	}
	for _, f := range embedded {
		addFields(i, deref(f.Type), viaPointer || f.Type.Kind() == reflect.Pointer)
	}
}
