package jiko

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jiko-go/jiko/internal/scrub"
)

// This file holds the drift audit: after a 2xx answer, decoded or not, it
// walks the answer's JSON against the type it decodes into and reports
// what the tolerant reader let through or could not read (see drift.go
// for the report's shape, drift_model.go for what it knows of each type).

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
	perCall bool // every answer's drift to the handler, not once per key
	strict  bool

	mu   sync.Mutex
	seen map[driftKey]struct{}
}

// driftKey is what a drift is reported once for: its operation, kind and
// path with list indexes left out (items[*].fees[*].type).
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
	return &driftState{handler: cfg.driftHandler, perCall: cfg.driftPerCall, strict: cfg.strictDecoding, seen: map[driftKey]struct{}{}}
}

// DriftError is the error of a call whose answer differed from the SDK's
// model while [WithStrictDecoding] is set, or whose answer did not decode
// while drift is audited (Err is then the decoding error). It is the Err
// of the call's [*Error], found with errors.As: the answer was a success,
// so a write it answers has taken effect; that Error carries the status,
// the idempotency key to resend with to read the outcome again, and
// MayHaveSucceeded.
type DriftError struct {
	// Operation is the operation's method and path pattern.
	Operation string
	// Drift lists every difference found in the answer, once per kind
	// and path (list items grouped), ordered by path.
	Drift []Drift
	// Err is why the answer did not decode, or nil when it did.
	Err error
}

// Error lists the drift.
func (e *DriftError) Error() string {
	var b strings.Builder
	if e.Err != nil {
		fmt.Fprintf(&b, "jiko: the answer of %s does not decode: it differs from the SDK's model in %d place(s)", e.Operation, len(e.Drift))
	} else {
		fmt.Fprintf(&b, "jiko: strict decoding: the answer of %s differs from the SDK's model in %d place(s)", e.Operation, len(e.Drift))
	}
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

// Unwrap returns the decoding error, if any.
func (e *DriftError) Unwrap() error { return e.Err }

// String describes the drift in one line: its kind, path and value, the
// kinds expected and found, its count, and its reason when it has one.
func (d Drift) String() string {
	s := fmt.Sprintf("%s at %s: %q", d.Kind, cmp.Or(d.Path, "(top)"), d.Value)
	switch {
	case d.Expected != "" && d.Actual != "":
		s += fmt.Sprintf(" (%s, not %s)", d.Actual, d.Expected)
	case d.Expected != "":
		s += fmt.Sprintf(" (%s expected)", d.Expected)
	case d.Actual != "":
		s += fmt.Sprintf(" (%s)", d.Actual)
	}
	if d.Count > 1 {
		s += fmt.Sprintf(" ×%d", d.Count)
	}
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

// audit walks a 2xx answer against the type of out, which decodeErr says
// whether it decoded into, and reports its drift to the handler (each
// once for the client's lifetime, or every time with WithDriftPerCall).
// It returns a *DriftError when the answer did not decode and the audit
// explains why, or under strict decoding when there is drift; nil
// otherwise (a decoding error the audit cannot explain stays the caller's
// to return).
func (s *driftState) audit(ctx context.Context, op string, body []byte, out any, decodeErr error) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil // not JSON: the decoding error says so
	}
	a := &auditor{groups: map[driftKey]int{}}
	a.walk(raw, reflect.TypeOf(out))
	if len(a.found) == 0 {
		return nil
	}
	drift := make([]Drift, len(a.found))
	for i, f := range a.found {
		f.Operation = op
		if f.Count > 1 {
			f.Path = f.key.path
		}
		drift[i] = f.Drift
		a.found[i].key.op = op
	}
	order := make([]int, len(drift))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Or(strings.Compare(drift[x].Path, drift[y].Path), strings.Compare(string(drift[x].Kind), string(drift[y].Kind)))
	})
	sorted := make([]Drift, len(drift))
	for i, j := range order {
		sorted[i] = drift[j]
	}
	if s.handler != nil {
		for _, j := range order {
			if s.perCall || s.first(a.found[j].key) {
				s.handler(ctx, drift[j])
			}
		}
	}
	if decodeErr != nil || s.strict {
		return &DriftError{Operation: op, Drift: sorted, Err: decodeErr}
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
	found  []found
	groups map[driftKey]int // index in found of each kind and normalised path
	at     []pathStep       // where the walk is; the path is only built to report
}

// pathStep is one step of the walk: a member, a list index, or a map key.
type pathStep struct {
	name  string
	index int // -1 for a member; -2 for a map key
}

// path builds where the walk is (items[3].type) and the same without list
// indexes or map keys (items[*].type), under which drift is grouped.
func (a *auditor) path() (path, norm string) {
	var p, n strings.Builder
	for _, st := range a.at {
		switch {
		case st.index >= 0:
			p.WriteString("[" + strconv.Itoa(st.index) + "]")
			n.WriteString("[*]")
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

// step walks raw against t one step further.
func (a *auditor) step(st pathStep, raw any, t reflect.Type) {
	a.at = append(a.at, st)
	a.walk(raw, t)
	a.at = a.at[:len(a.at)-1]
}

// report records d at the walk's place; the same kind at the same
// normalised path (another item of a list) only counts again.
func (a *auditor) report(d Drift) {
	path, norm := a.path()
	k := driftKey{kind: d.Kind, path: norm}
	if i, ok := a.groups[k]; ok {
		a.found[i].Count++
		return
	}
	a.groups[k] = len(a.found)
	d.Path, d.Value, d.Count = path, shorten(d.Value), 1
	a.found = append(a.found, found{d, k})
}

// found is a drift of the answer with the key it is reported once for.
type found struct {
	Drift
	key driftKey
}

// jsonKind names the JSON kind of a value decoded with UseNumber.
func jsonKind(raw any) string {
	switch raw.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return ""
}

// walk holds the JSON value raw against t, the Go type it decodes into.
func (a *auditor) walk(raw any, t reflect.Type) {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	info := auditInfoOf(t)
	if raw == nil {
		if !nullable && !info.null {
			a.report(Drift{Kind: DriftNull, Value: "null", Expected: info.expected, Actual: "null"})
		}
		return
	}
	if actual := jsonKind(raw); info.expected != "" && actual != info.expected {
		a.report(Drift{Kind: DriftWrongKind, Value: sample(raw, a.member()), Expected: info.expected, Actual: actual})
		return
	}
	switch info.kind {
	case nodeLeaf:
		if n, ok := raw.(json.Number); ok && info.integer {
			if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
				a.report(Drift{Kind: DriftInvalidValue, Value: string(n), Reason: "not a whole number"})
			}
		}
	case nodeDecoded:
		// A type with its own decoding (time.Time, Decimal, ...): decode
		// the value alone.
		if _, err := decodeAlone(raw, t); err != nil {
			d := Drift{Kind: DriftInvalidValue, Value: sample(raw, a.member()), Reason: "not a valid " + t.Name()}
			if z := zeroKind(t); z != "" && z != "null" && z != jsonKind(raw) {
				d.Kind, d.Expected, d.Actual, d.Reason = DriftWrongKind, z, jsonKind(raw), ""
			}
			a.report(d)
		}
	case nodeTolerant:
		if v, err := decodeAlone(raw, t); err == nil {
			if text, bad := v.Interface().(tolerantValue).invalidRaw(); bad {
				a.report(Drift{Kind: DriftInvalidValue, Value: text, Reason: fmt.Sprintf("not a valid %s", t.Name())})
			}
		}
	case nodeEnum:
		if v, err := decodeAlone(raw, t); err == nil && !v.Elem().Interface().(knownEnum).IsKnown() {
			a.report(Drift{Kind: DriftUnknownEnumValue, Value: fmt.Sprint(v.Elem().Interface()), Reason: "not a documented " + t.Name()})
		}
	case nodeUnion:
		v, err := decodeAlone(raw, t)
		if err != nil {
			a.report(Drift{Kind: DriftInvalidValue, Value: sample(raw, a.member()), Reason: "not a valid " + t.Name()})
			return
		}
		switch u := v.Interface().(unionValue).variant().(type) {
		case nil:
		case unknownVariant:
			reason := "unknown kind"
			if err := u.decodeErr(); err != nil {
				reason = err.Error()
			}
			a.report(Drift{Kind: DriftUnknownVariant, Value: u.Kind(), Reason: reason})
		default:
			a.walk(raw, reflect.TypeOf(u))
		}
	case nodeNullable:
		a.walk(raw, info.inner)
	case nodeStruct:
		obj := raw.(map[string]any)
		for name, member := range obj {
			f, ok := info.field(name)
			if !ok {
				a.at = append(a.at, pathStep{name: name, index: -1})
				a.report(Drift{Kind: DriftUnknownMember, Value: name, Actual: jsonKind(member), Sample: sample(member, name)})
				a.at = a.at[:len(a.at)-1]
				continue
			}
			if f.typ == nil || member == nil && info.envelope {
				continue // a member the envelope reads itself
			}
			a.step(pathStep{name: name, index: -1}, member, f.typ)
		}
		for _, name := range info.required {
			if !hasMember(obj, name) {
				a.at = append(a.at, pathStep{name: name, index: -1})
				a.report(Drift{Kind: DriftMissingMember, Value: name, Expected: auditInfoOf(deref(info.fields[name].typ)).expected})
				a.at = a.at[:len(a.at)-1]
			}
		}
	case nodeList:
		for i, item := range raw.([]any) {
			a.step(pathStep{index: i}, item, t.Elem())
		}
	case nodeMap:
		for key, member := range raw.(map[string]any) {
			a.step(pathStep{name: key, index: -2}, member, t.Elem())
		}
	}
}

// member is the name of the member the walk is at, or "".
func (a *auditor) member() string {
	for i := len(a.at) - 1; i >= 0; i-- {
		if a.at[i].index == -1 {
			return a.at[i].name
		}
	}
	return ""
}

// hasMember reports whether obj has the member name, exactly or under
// case folding as encoding/json matches it.
func hasMember(obj map[string]any, name string) bool {
	if _, ok := obj[name]; ok {
		return true
	}
	for k := range obj {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// decodeAlone decodes raw into a new value of t and returns the pointer
// to it.
func decodeAlone(raw any, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t)
	if s, ok := raw.(string); ok && t.Kind() == reflect.String && !reflect.PointerTo(t).Implements(jsonUnmarshaler) && !reflect.PointerTo(t).Implements(textUnmarshaler) {
		v.Elem().SetString(s) // an enum: no need to encode it again
		return v, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal(b, v.Interface())
}

// zeroKind is the JSON kind of t's zero value as the model encodes it, or
// "" when it does not encode.
func zeroKind(t reflect.Type) string {
	b, err := json.Marshal(reflect.Zero(t).Interface())
	if err != nil || len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// sample renders raw, the value of the member name, for a report: short,
// with the values of members named like secrets replaced and runs of 12
// digits or more (a card or account number) masked.
func sample(raw any, name string) string {
	if scrub.SecretName(name) {
		return scrub.Redacted
	}
	if s, ok := raw.(string); ok {
		return shorten(scrub.Digits(s))
	}
	b, err := json.Marshal(scrub.JSON(raw))
	if err != nil {
		return ""
	}
	return shorten(scrub.Digits(string(b)))
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
