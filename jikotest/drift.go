package jikotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// This file makes the server's answers drift from the SDK's model on
// purpose, to test a client's tolerant reading and drift reports.

// DriftRule rewrites the JSON success answers of one operation, the way an
// API that changed would: it adds a member, renames one, sends an enum
// value the SDK does not know, or adds a union variant it does not know to
// a list. Set one or more of its changes; they apply in that order. It is
// a plain JSON-serialisable value.
//
// Paths locate values in the answer: members separated by dots, a list's
// items by "[]" (every item) or "[2]" (one), "" for the answer itself:
// "items[].status", "portfolio.fees[0]".
type DriftRule struct {
	// Operation is the method and path pattern of the operation, as
	// jiko.Drift names it: "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/".
	// A {placeholder} matches any one path segment.
	Operation string `json:"operation"`
	// AddMember adds a member the SDK does not model.
	AddMember *DriftAddMember `json:"add_member,omitempty"`
	// RenameMember renames a member.
	RenameMember *DriftRenameMember `json:"rename_member,omitempty"`
	// EnumValue replaces a value with a string, such as an enum value the
	// SDK has no constant for.
	EnumValue *DriftEnumValue `json:"enum_value,omitempty"`
	// UnknownVariant appends to a list a copy of its first item with its
	// discriminator set to a kind the SDK does not know.
	UnknownVariant *DriftUnknownVariant `json:"unknown_variant,omitempty"`
}

// DriftAddMember adds the member Name with Value to the objects at Path.
type DriftAddMember struct {
	// Path locates the objects: "" for the answer, "items[]" for every item.
	Path string `json:"path"`
	// Name is the new member's name.
	Name string `json:"name"`
	// Value is the new member's JSON value; null when empty.
	Value json.RawMessage `json:"value,omitempty"`
}

// DriftRenameMember renames the member at Path to To.
type DriftRenameMember struct {
	// Path locates the member: "items[].status".
	Path string `json:"path"`
	// To is its new name.
	To string `json:"to"`
}

// DriftEnumValue sets the values at Path to the string Value.
type DriftEnumValue struct {
	// Path locates the values: "status", "items[].fees[].type".
	Path string `json:"path"`
	// Value is the string sent instead.
	Value string `json:"value"`
}

// DriftUnknownVariant appends to the lists at Path a copy of their first
// item whose member Discriminator is Kind.
type DriftUnknownVariant struct {
	// Path locates the lists: "items".
	Path string `json:"path"`
	// Discriminator is the member that names the variant, such as "type".
	Discriminator string `json:"discriminator"`
	// Kind is the variant's name the SDK does not know.
	Kind string `json:"kind"`
}

// Drift makes the answers of the rules' operations drift, until
// [Server.ClearDrift]. A rule that names no operation, changes nothing or
// has a path that does not parse is refused, and none of rules is added.
func (s *Server) Drift(rules ...DriftRule) error {
	for _, r := range rules {
		if err := r.check(); err != nil {
			return err
		}
	}
	s.driftMu.Lock()
	defer s.driftMu.Unlock()
	s.driftRules = append(s.driftRules, rules...)
	return nil
}

// ClearDrift drops every rule of [Server.Drift]: answers are the model's
// again.
func (s *Server) ClearDrift() {
	s.driftMu.Lock()
	defer s.driftMu.Unlock()
	s.driftRules = nil
}

// check refuses a rule that cannot apply.
func (r DriftRule) check() error {
	method, pattern, ok := strings.Cut(r.Operation, " ")
	if !ok || method == "" || !strings.HasPrefix(pattern, "/") {
		return fmt.Errorf("jikotest: drift rule: operation %q is not \"METHOD /path/pattern/\"", r.Operation)
	}
	if r.AddMember == nil && r.RenameMember == nil && r.EnumValue == nil && r.UnknownVariant == nil {
		return fmt.Errorf("jikotest: drift rule for %s changes nothing", r.Operation)
	}
	var paths []string
	if a := r.AddMember; a != nil {
		if a.Name == "" {
			return errors.New("jikotest: drift rule: AddMember has no name")
		}
		if len(a.Value) > 0 && !json.Valid(a.Value) {
			return errors.New("jikotest: drift rule: AddMember's value is not JSON")
		}
		paths = append(paths, a.Path)
	}
	if m := r.RenameMember; m != nil {
		if m.To == "" {
			return errors.New("jikotest: drift rule: RenameMember has no new name")
		}
		paths = append(paths, m.Path)
	}
	if e := r.EnumValue; e != nil {
		paths = append(paths, e.Path)
	}
	if u := r.UnknownVariant; u != nil {
		if u.Discriminator == "" || u.Kind == "" {
			return errors.New("jikotest: drift rule: UnknownVariant needs a discriminator and a kind")
		}
		paths = append(paths, u.Path)
	}
	for _, p := range paths {
		if _, err := parseDriftPath(p); err != nil {
			return err
		}
	}
	return nil
}

// applyDrift rewrites a JSON success answer to r by the rules that name
// its operation, as it is written: a stored answer replayed to a resend
// drifts by the rules of the moment.
func (s *Server) applyDrift(r *http.Request, resp *stored) *stored {
	if resp == nil || resp.status < 200 || resp.status > 299 || len(resp.body) == 0 {
		return resp
	}
	s.driftMu.Lock()
	var rules []DriftRule
	for _, rule := range s.driftRules {
		if driftMatches(rule.Operation, r.Method, r.URL.EscapedPath()) {
			rules = append(rules, rule)
		}
	}
	s.driftMu.Unlock()
	if len(rules) == 0 {
		return resp
	}
	var doc any
	if err := json.Unmarshal(resp.body, &doc); err != nil {
		return resp
	}
	for _, rule := range rules {
		doc = rule.apply(doc)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return resp
	}
	out := *resp
	out.header = resp.header.Clone()
	out.header.Del("Content-Length")
	out.body = b.Bytes()
	return &out
}

// driftMatches reports whether an operation "METHOD /pattern/" names a
// request: the same method, and the same segments but where the pattern
// has a {placeholder}.
func driftMatches(op, method, path string) bool {
	m, pattern, _ := strings.Cut(op, " ")
	if m != method {
		return false
	}
	ps, rs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(rs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") && rs[i] != "" {
			continue
		}
		if p != rs[i] {
			return false
		}
	}
	return true
}

// apply makes the rule's changes to doc.
func (r DriftRule) apply(doc any) any {
	if a := r.AddMember; a != nil {
		value := any(nil)
		if len(a.Value) > 0 {
			_ = json.Unmarshal(a.Value, &value)
		}
		doc = editAt(doc, mustPath(a.Path), func(v any) any {
			if obj, ok := v.(map[string]any); ok {
				obj[a.Name] = value
			}
			return v
		})
	}
	if m := r.RenameMember; m != nil {
		steps := mustPath(m.Path)
		if n := len(steps); n > 0 && steps[n-1].key != "" {
			name := steps[n-1].key
			doc = editAt(doc, steps[:n-1], func(v any) any {
				if obj, ok := v.(map[string]any); ok {
					if member, ok := obj[name]; ok {
						delete(obj, name)
						obj[m.To] = member
					}
				}
				return v
			})
		}
	}
	if e := r.EnumValue; e != nil {
		doc = editAt(doc, mustPath(e.Path), func(any) any { return e.Value })
	}
	if u := r.UnknownVariant; u != nil {
		doc = editAt(doc, mustPath(u.Path), func(v any) any {
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				return v
			}
			first, ok := list[0].(map[string]any)
			if !ok {
				return v
			}
			item := make(map[string]any, len(first))
			for k, x := range first {
				item[k] = x
			}
			item[u.Discriminator] = u.Kind
			return append(list, item)
		})
	}
	return doc
}

// driftStep is one step of a path: a member, or a list's items (every
// one when index is -1).
type driftStep struct {
	key   string // a member's name; empty for a list step
	index int
}

// parseDriftPath reads "items[].fees[0].type" into its steps.
func parseDriftPath(p string) ([]driftStep, error) {
	var steps []driftStep
	if p == "" {
		return nil, nil
	}
	for _, part := range strings.Split(p, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name == "" && rest == "" {
			return nil, fmt.Errorf("jikotest: drift path %q has an empty member", p)
		}
		if name != "" {
			steps = append(steps, driftStep{key: name})
		}
		for rest != "" {
			idx, after, ok := strings.Cut(rest, "]")
			if !ok {
				return nil, fmt.Errorf("jikotest: drift path %q: unclosed [", p)
			}
			i := -1
			if idx != "" {
				n, err := strconv.Atoi(idx)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("jikotest: drift path %q: %q is not an index", p, idx)
				}
				i = n
			}
			steps = append(steps, driftStep{index: i})
			rest = strings.TrimPrefix(after, "[")
			if after != "" && !strings.HasPrefix(after, "[") {
				return nil, fmt.Errorf("jikotest: drift path %q: %q after ]", p, after)
			}
		}
	}
	return steps, nil
}

// mustPath parses a path a rule's check has accepted.
func mustPath(p string) []driftStep {
	steps, _ := parseDriftPath(p)
	return steps
}

// editAt replaces every value steps reach in v with f of it; values the
// steps do not reach are left alone.
func editAt(v any, steps []driftStep, f func(any) any) any {
	if len(steps) == 0 {
		return f(v)
	}
	st, rest := steps[0], steps[1:]
	if st.key != "" {
		obj, ok := v.(map[string]any)
		if !ok {
			return v
		}
		if member, ok := obj[st.key]; ok {
			obj[st.key] = editAt(member, rest, f)
		}
		return v
	}
	list, ok := v.([]any)
	if !ok {
		return v
	}
	for i := range list {
		if st.index < 0 || st.index == i {
			list[i] = editAt(list[i], rest, f)
		}
	}
	return list
}
