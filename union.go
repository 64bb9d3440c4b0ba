package jiko

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// This file holds what the unions of the API (oneOf objects keyed by a
// discriminator) share. They are Transaction, TransactionDetails, Trade,
// Counterparty, CounterpartyName, Customer, OnUsDetails and EventPayload
// in answers; the request unions (OnUsTransferRequest,
// CounterpartyCreateRequest) are interfaces the caller picks a variant of.
//
// Every union has one shape: a struct X with one field, Variant, of a
// sealed interface XVariant (sealed by isXVariant(); with Common() where
// the variants share members), implemented by a pointer to each
// documented variant's struct and by *UnknownX; and a method Kind() giving
// the discriminator. A caller writes one type switch on x.Variant.
// UnknownX embeds RawVariant, which holds the kind as it came (its Kind);
// an object of a kind the package does not know, or of a known kind that
// did not decode, arrives there with its raw JSON and the decode error,
// and never fails the call, the page or the webhook. Where the variants
// share members, UnknownX holds them by pointer: nil (absent, not zero)
// unless every one of them decoded. One table per union (a unionTable)
// drives the decoder; variants encode themselves, and an unknown one as
// it came.

// RawVariant is what the unknown variant of every union keeps besides the
// fields it could decode: the object as it came, and why it was not
// decoded into a known variant. Re-encoding an unknown variant gives Raw
// back unchanged.
type RawVariant struct {
	// Raw is the object as the API sent it.
	Raw json.RawMessage `json:"-"`
	// Err is why an object of a known kind could not be decoded into its
	// variant, such as a member of the wrong JSON type; nil when the kind
	// itself is one this package does not know.
	Err error `json:"-"`
	// kind is the discriminator value as it came.
	kind string
}

// Kind returns the discriminator value as it came ("" when the object had
// none, or one that is not a string).
func (u *RawVariant) Kind() string { return u.kind }

func (u *RawVariant) decodeErr() error { return u.Err }

// MarshalJSON returns Raw, or null when it is empty.
func (u *RawVariant) MarshalJSON() ([]byte, error) { return rawOrNull(u.Raw), nil }

// unionTable describes one union for its decode method: where its kind is
// read and the variant each kind decodes into.
type unionTable[K ~string, V any] struct {
	// name names the union in errors, such as "transaction".
	name string
	// key is the member that holds the kind, such as "type".
	key string
	// outside is true when the kind comes from outside the object (an
	// event's payload is keyed by the envelope's event_type).
	outside bool
	// variants makes an empty variant for each known kind.
	variants map[K]func() V
	// unknown makes the unknown variant from what it keeps.
	unknown func(raw RawVariant) V
	// kinds are the known kinds, read without a map's string conversion.
	kinds []K
	// byType is the kind of each variant's type, where one type serves one
	// kind (not so for event payloads).
	byType map[reflect.Type]K
	// probe is a struct type with one string field tagged with key.
	probe reflect.Type
}

// newUnionTable makes the table of a union whose kind is the member key of
// each object.
func newUnionTable[K ~string, V any](name, key string, variants map[K]func() V, unknown func(RawVariant) V) *unionTable[K, V] {
	t := newOutsideUnionTable(name, key, variants, unknown)
	t.outside = false
	t.probe = reflect.StructOf([]reflect.StructField{{
		Name: "Kind", Type: reflect.TypeFor[string](), Tag: reflect.StructTag(`json:"` + key + `"`),
	}})
	return t
}

// newOutsideUnionTable makes the table of a union whose kind is given by
// the object's container, under the name key.
func newOutsideUnionTable[K ~string, V any](name, key string, variants map[K]func() V, unknown func(RawVariant) V) *unionTable[K, V] {
	t := &unionTable[K, V]{name: name, key: key, outside: true, variants: variants, unknown: unknown,
		kinds: slices.Collect(maps.Keys(variants)), byType: map[reflect.Type]K{}}
	for k, mk := range variants {
		typ := reflect.TypeOf(mk())
		if _, shared := t.byType[typ]; shared {
			t.byType[typ] = "" // several kinds: the variant alone does not say which
			continue
		}
		t.byType[typ] = k
	}
	unionTables = append(unionTables, t)
	return t
}

// unionTables are the tables of every union, for the test that finds each
// union's variants (and the unions they hold) by reflection.
var unionTables []interface{ variantTypes() []reflect.Type }

// variantTypes returns the types of the known variants.
func (t *unionTable[K, V]) variantTypes() []reflect.Type { return slices.Collect(maps.Keys(t.byType)) }

// kindOf returns the kind of the variant v: the kind an unknown one came
// with, the kind of a known one's type, "" for none.
func (t *unionTable[K, V]) kindOf(v V) K {
	if any(v) == nil || isNilPointer(v) {
		return ""
	}
	if u, ok := any(v).(unknownVariant); ok {
		return K(u.Kind())
	}
	return t.byType[reflect.TypeOf(v)]
}

// decode decodes one object of the union: into the variant its kind names
// or, for a kind the table does not know or an object its variant cannot
// hold, into the unknown variant, which keeps a copy of b and the decode
// error and has its common fields when all of them decode. kind is the
// kind of an outside table; others read it from b. null (or nothing, an
// absent member) decodes into no variant (nil). Only a value that is not
// a JSON object, for a table that reads its kind from the object, or
// bytes that are not JSON, are an error: that answer is not of the
// expected kind at all.
func (t *unionTable[K, V]) decode(b []byte, kind K) (V, error) {
	var zero V
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return zero, nil
	}
	var err error
	if !t.outside {
		if len(b) == 0 || b[0] != '{' {
			return zero, fmt.Errorf("jiko: %s: not a JSON object", t.name)
		}
		kind, err = t.readKind(b)
	}
	if mk, ok := t.variants[kind]; ok && err == nil {
		v := mk()
		if err = json.Unmarshal(b, v); err == nil {
			return v, nil
		}
		if _, bad := err.(*json.SyntaxError); bad {
			return zero, err // not JSON at all: no variant can keep it
		}
	}
	if err != nil {
		err = fmt.Errorf("jiko: %s of %s %q: %w", t.name, t.key, kind, err)
	}
	v := t.unknown(RawVariant{Raw: bytes.Clone(b), Err: err, kind: string(kind)})
	// The common members, when every one of them decodes: an error here is
	// already in Err, or concerns a member the unknown kind may well give
	// another type, and a member that did not decode must not read as a
	// real zero (an amount of $0.00).
	if json.Unmarshal(b, v) != nil {
		dropCommon(v)
	}
	return v, nil
}

// dropCommon sets the common members an unknown variant holds by pointer
// (its embedded pointer fields) to nil.
func dropCommon(v any) {
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		if f := s.Type().Field(i); f.Anonymous && f.Type.Kind() == reflect.Pointer {
			s.Field(i).SetZero()
		}
	}
}

// readKind reads the kind of the object b from the same bytes its variant
// decodes from: the string of its member key, found by objectMembers
// without a decoder ("" when it has none). A name or kind with escapes,
// or a kind that is not a string, goes through json.Unmarshal into the
// probe, which says what encoding/json would.
func (t *unionTable[K, V]) readKind(b []byte) (K, error) {
	var kind []byte
	found, plain := false, true
	ok := objectMembers(b, func(name, value []byte) bool {
		if bytes.IndexByte(name, '\\') >= 0 {
			plain = false
			return false
		}
		if len(name) == len(t.key)+2 && bytes.EqualFold(name[1:len(name)-1], []byte(t.key)) {
			// The last of several wins, as in encoding/json.
			found = true
			if kind, plain = plainString(value); !plain {
				return false
			}
		}
		return true
	})
	switch {
	case !ok || !plain:
		p := reflect.New(t.probe)
		if err := json.Unmarshal(b, p.Interface()); err != nil {
			return "", err
		}
		return K(p.Elem().Field(0).String()), nil
	case !found:
		return "", nil
	}
	for _, k := range t.kinds {
		if string(k) == string(kind) {
			return k, nil
		}
	}
	return K(kind), nil
}

// has reports whether kind is one of the table's known kinds.
func (t *unionTable[K, V]) has(kind K) bool {
	_, ok := t.variants[kind]
	return ok
}

// marshalVariant encodes a union's variant, or null when there is none.
// Each variant encodes itself (with its discriminator), and an unknown one
// as it came.
func marshalVariant(v any) ([]byte, error) {
	if v == nil || isNilPointer(v) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// rawOrNull returns raw, or null when it is empty.
func rawOrNull(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return []byte("null")
	}
	return raw
}

// typedJSON encodes v, a struct, with "key": kind as its first member: the
// variants whose struct does not hold their discriminator (request bodies,
// on-us transfers, counterparty names) encode through it, so no body can
// mix two kinds.
func typedJSON(key, kind string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	k, _ := json.Marshal(key)
	t, _ := json.Marshal(kind)
	out := append(append(append([]byte{'{'}, k...), ':'), t...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}
