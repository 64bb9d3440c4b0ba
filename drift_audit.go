package jiko

import (
	"bytes"
	"cmp"
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file holds the drift audit: after a 2xx answer decodes, it walks
// the answer's JSON alongside the decoded value and reports what the
// tolerant reader let through (see drift.go for the report's shape).

// maxDriftSeen bounds the drift a client remembers having reported: past
// it, new drift is no longer reported to the handler (strict decoding
// still refuses it).
const maxDriftSeen = 1024

// maxDriftValue is how much of a value a Drift carries.
const maxDriftValue = 64

// driftState is a client's drift reporting: nil when neither a handler
// nor strict decoding is set, so that answers are not audited at all.
type driftState struct {
	handler DriftHandler
	strict  bool

	mu   sync.Mutex
	seen map[driftKey]struct{}
}

// driftKey is what a drift is reported once for: its operation, kind and
// path with list indexes left out (items[].fees[].type).
type driftKey struct {
	op   string
	kind DriftKind
	path string
}

// newDriftState returns the client's drift reporting, or nil when there
// is none to do.
func newDriftState(cfg *clientConfig) *driftState {
	if cfg.driftHandler == nil && !cfg.strictDecoding {
		return nil
	}
	return &driftState{handler: cfg.driftHandler, strict: cfg.strictDecoding, seen: map[driftKey]struct{}{}}
}

// DriftError is the error of a call whose answer differed from the SDK's
// model while [WithStrictDecoding] is set. It is the Err of the call's
// [*Error], found with errors.As: the answer was a success, so a write it
// answers has taken effect; that Error carries the status, the idempotency
// key to resend with to read the outcome again, and MayHaveSucceeded.
type DriftError struct {
	// Operation is the operation's method and path pattern.
	Operation string
	// Drift lists every difference found in the answer, once per kind
	// and path (list indexes aside), ordered by path.
	Drift []Drift
}

// Error lists the drift.
func (e *DriftError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jiko: strict decoding: the answer of %s differs from the SDK's model in %d place(s)", e.Operation, len(e.Drift))
	for i, d := range e.Drift {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// String describes the drift in one line: its kind, path and value, and
// its reason when it has one.
func (d Drift) String() string {
	s := fmt.Sprintf("%s at %s: %q", d.Kind, cmp.Or(d.Path, "(top)"), d.Value)
	if d.Reason != "" {
		s += " (" + d.Reason + ")"
	}
	return s
}

// operation names r's operation for a drift report: its method and path
// pattern, or the path as given to Client.Do.
func (r *request) operation() string {
	if r.pattern != "" {
		return r.method + " " + r.pattern
	}
	return r.method + " " + r.path
}

// audit walks an answer that decoded into out, reports its drift to the
// handler (each once for the client's lifetime) and, under strict
// decoding, returns it as a *DriftError.
func (s *driftState) audit(ctx context.Context, op string, body []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil // it decoded into out already; nothing more to say
	}
	a := &auditor{op: op, norms: map[driftKey]struct{}{}}
	a.walk(raw, reflect.ValueOf(out))
	if len(a.found) == 0 {
		return nil
	}
	slices.SortFunc(a.found, func(x, y found) int {
		return cmp.Or(strings.Compare(x.Path, y.Path), strings.Compare(string(x.Kind), string(y.Kind)))
	})
	if s.handler != nil {
		for _, f := range a.found {
			if s.first(f.key) {
				s.handler(ctx, f.Drift)
			}
		}
	}
	if s.strict {
		drift := make([]Drift, len(a.found))
		for i, f := range a.found {
			drift[i] = f.Drift
		}
		return &DriftError{Operation: op, Drift: drift}
	}
	return nil
}

// first records k and reports whether it is new; past maxDriftSeen keys
// nothing is new any more.
func (s *driftState) first(k driftKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[k]; ok || len(s.seen) >= maxDriftSeen {
		return false
	}
	s.seen[k] = struct{}{}
	return true
}

// auditor walks one answer.
type auditor struct {
	op    string
	found []found
	norms map[driftKey]struct{}
	at    []pathStep // where the walk is; the path is only built to report
}

// pathStep is one step of the walk: a member, a list index, or a map key.
type pathStep struct {
	name  string
	index int // -1 for a member; -2 for a map key
}

// path builds where the walk is (items[3].type) and the same without list
// indexes or map keys (items[].type), which a drift is reported once for.
func (a *auditor) path() (path, norm string) {
	var p, n strings.Builder
	for _, st := range a.at {
		switch {
		case st.index >= 0:
			p.WriteString("[" + strconv.Itoa(st.index) + "]")
			n.WriteString("[]")
			continue
		case p.Len() > 0:
			p.WriteByte('.')
			n.WriteByte('.')
		}
		p.WriteString(st.name)
		if st.index == -2 {
			n.WriteString("*")
		} else {
			n.WriteString(st.name)
		}
	}
	return p.String(), n.String()
}

// step walks raw against v one step further.
func (a *auditor) step(st pathStep, raw any, v reflect.Value) {
	a.at = append(a.at, st)
	a.walk(raw, v)
	a.at = a.at[:len(a.at)-1]
}

// report records a drift at the walk's place, once per kind and
// normalised path of the answer.
func (a *auditor) report(kind DriftKind, value, reason string) {
	path, norm := a.path()
	k := driftKey{op: a.op, kind: kind, path: norm}
	if _, ok := a.norms[k]; ok {
		return
	}
	a.norms[k] = struct{}{}
	a.found = append(a.found, found{Drift{Operation: a.op, Kind: kind, Path: path, Value: shorten(value), Reason: reason}, k})
}

// found is a drift of the answer with the key it is reported once for.
type found struct {
	Drift
	key driftKey
}

// walk holds the JSON value raw against v, the Go value it decoded into.
func (a *auditor) walk(raw any, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if raw == nil || !v.IsValid() {
		return
	}
	info := auditInfoOf(v.Type())
	var hook any
	if info.hooked {
		if v.CanAddr() {
			hook = v.Addr().Interface()
		} else {
			hook = v.Interface()
		}
	}
	switch info.kind {
	case nodeTolerant:
		if text, bad := hook.(tolerantValue).invalidRaw(); bad {
			a.report(DriftInvalidValue, text, fmt.Sprintf("not a valid %s", v.Type().Name()))
		}
	case nodeUnion:
		switch u := hook.(unionValue).variant().(type) {
		case nil:
		case unknownVariant:
			reason := "unknown kind"
			if err := u.decodeErr(); err != nil {
				reason = err.Error()
			}
			a.report(DriftUnknownVariant, u.Kind(), reason)
		default:
			a.walk(raw, reflect.ValueOf(u))
		}
	case nodeEnum:
		if !hook.(knownEnum).IsKnown() {
			a.report(DriftUnknownEnumValue, fmt.Sprint(v.Interface()), "not a documented "+v.Type().Name())
		}
	case nodeNullable:
		if inner := hook.(nullableValue).auditValue(); inner != nil {
			a.walk(raw, reflect.ValueOf(inner))
		}
	case nodeStruct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for name, member := range obj {
			f, ok := info.field(name)
			if !ok {
				a.at = append(a.at, pathStep{name: name, index: -1})
				a.report(DriftUnknownMember, name, "")
				a.at = a.at[:len(a.at)-1]
				continue
			}
			if f.index == nil {
				continue // a member the envelope reads itself
			}
			fv, err := v.FieldByIndexErr(f.index)
			if err != nil {
				continue // an embedded pointer left nil
			}
			a.step(pathStep{name: name, index: -1}, member, fv)
		}
	case nodeList:
		arr, ok := raw.([]any)
		if !ok {
			return
		}
		for i := range min(len(arr), v.Len()) {
			a.step(pathStep{index: i}, arr[i], v.Index(i))
		}
	case nodeMap:
		obj, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for key, member := range obj {
			mv := v.MapIndex(reflect.ValueOf(key).Convert(v.Type().Key()))
			if !mv.IsValid() {
				continue
			}
			cp := reflect.New(mv.Type()).Elem()
			cp.Set(mv)
			a.step(pathStep{name: key, index: -2}, member, cp)
		}
	}
}

// shorten cuts s to maxDriftValue bytes, on a rune boundary.
func shorten(s string) string {
	if len(s) <= maxDriftValue {
		return s
	}
	cut := maxDriftValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

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
	nodeLeaf nodeKind = iota
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
	kind   nodeKind
	hooked bool // the walk calls a method of the value
	fields map[string]auditField
	names  []string // the JSON names of fields, for the case-insensitive match
}

// auditField is a struct field the JSON of its name decodes into.
type auditField struct {
	index []int
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
	hooks := []struct {
		iface reflect.Type
		kind  nodeKind
	}{{tolerantType, nodeTolerant}, {unionType, nodeUnion}, {enumType, nodeEnum}, {nullableType, nodeNullable}}
	for _, h := range hooks {
		if pt.Implements(h.iface) {
			return &auditInfo{kind: h.kind, hooked: true}
		}
	}
	if (pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler)) && !pt.Implements(auditStructType) {
		return &auditInfo{kind: nodeLeaf} // Money, Decimal, ...: a leaf
	}
	switch t.Kind() {
	case reflect.Struct:
		i := &auditInfo{kind: nodeStruct, fields: map[string]auditField{}}
		addFields(i, t, nil)
		if pt.Implements(auditStructType) {
			for _, name := range reflect.New(t).Interface().(auditStruct).auditAsStruct() {
				i.fields[name] = auditField{} // read by the envelope, held by no field
				i.names = append(i.names, name)
			}
		}
		return i
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &auditInfo{kind: nodeLeaf} // base64 bytes
		}
		return &auditInfo{kind: nodeList}
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return &auditInfo{kind: nodeMap}
		}
	}
	return &auditInfo{kind: nodeLeaf}
}

// addFields adds the fields of struct t, as encoding/json names them, at
// index prefix: an untagged embedded struct adds its own fields, and the
// shallower of two fields of one name wins.
func addFields(i *auditInfo, t reflect.Type, prefix []int) {
	var embedded []reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if len(f.Index) != 1 {
			continue // reached through its embedding below
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
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
		if _, ok := i.fields[name]; !ok {
			i.fields[name] = auditField{index: append(slices.Clip(prefix), f.Index[0])}
			i.names = append(i.names, name)
		}
	}
	for _, f := range embedded {
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		addFields(i, ft, append(slices.Clip(prefix), f.Index[0]))
	}
}
