package jikotest

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"time"
	"unsafe"
)

// A snapshot is the server's data as JSON: every resource (customers,
// Pockets, the ledger, counterparties, portals, cards and card orders,
// applications and documents, transfers, subscriptions, events and their
// delivery attempts, T-bill books, statements, reports), the tokens issued,
// the idempotency keys with their stored answers and the counters. It is
// neither the server's configuration (the credentials, the clock, the
// options and the injected faults stay those of the server that restores
// it) nor its log of requests ([Server.Requests]), which goes on.
//
// The data is written by walking the server's own types, so that a field a
// resource adds is covered without a second description of it. The walk
// keeps what is data (numbers, strings, times, slices, maps, structs,
// decoded JSON values) and shares a value reached through two pointers
// (an entry in the ledger's list and in its index) as one value, written
// once in refs and named by its index elsewhere. It leaves out what is
// machinery rather than data: functions, channels, interfaces with
// methods, and the types of the sync packages; the restored server keeps
// its own. Two types have a form of their own: the set_pin key pair
// (PKCS #8) and the webhook delivery (its attempts only; the deliveries
// under way are not data).

// snapshotFormat names the layout of a snapshot, so that another is
// refused rather than misread.
const snapshotFormat = "jikotest-state/1"

// snapshotFile is the top level of a snapshot.
type snapshotFile struct {
	Format string `json:"format"`
	Data   any    `json:"data"`
	Refs   []any  `json:"refs"`
}

// persisted is what a snapshot holds of a Server.
type persisted struct {
	State   *state
	Tokens  map[string]time.Time
	Idem    map[string]*idemEntry
	Swept   time.Time
	Logins  int
	Effects int
}

// Snapshot returns the server's data as JSON, for [Server.Restore] on this
// server or another: a test saves a state and comes back to it, and a
// served fake (jiko serve --data) survives a restart. The operations
// running while it is taken are either in it or not, each as a whole.
func (s *Server) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := persisted{State: &s.state, Tokens: s.tokens, Idem: s.idem, Swept: s.swept, Logins: s.logins, Effects: s.effects}
	enc := &encoder{index: map[refKey]int{}}
	data, err := enc.value(reflect.ValueOf(&p).Elem())
	if err != nil {
		return nil, fmt.Errorf("jikotest: snapshot: %w", err)
	}
	return json.Marshal(snapshotFile{Format: snapshotFormat, Data: data, Refs: enc.refs})
}

// Restore replaces the server's data with a snapshot taken by
// [Server.Snapshot], of this server or another built by the same version
// of jikotest: it answers as the snapshotted server did, but with its own
// credentials, clock and faults. Tokens issued by the other server work
// here too. A snapshot it cannot read leaves the data as it was and returns
// an error. Webhook deliveries under way go on, against the data they
// started with.
func (s *Server) Restore(snapshot []byte) error {
	var f snapshotFile
	dec := json.NewDecoder(bytes.NewReader(snapshot))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("jikotest: restore: %w", err)
	}
	if f.Format != snapshotFormat {
		return fmt.Errorf("jikotest: restore: format %q, want %q", f.Format, snapshotFormat)
	}
	fresh := newState()
	unused := fresh.delivery // replaced by the server's own below
	defer unused.stop()
	p := persisted{State: &fresh}
	d := &decoder{raw: f.Refs, refs: make([]reflect.Value, len(f.Refs))}
	if err := d.value(f.Data, reflect.ValueOf(&p).Elem(), "data"); err != nil {
		return fmt.Errorf("jikotest: restore: %w", err)
	}
	done := make(chan struct{})
	close(done)
	for key, e := range p.Idem {
		if e == nil || e.resp == nil {
			delete(p.Idem, key) // still running when saved: a resend runs it
			continue
		}
		e.done = done
	}
	if p.Tokens == nil {
		p.Tokens = map[string]time.Time{}
	}
	if p.Idem == nil {
		p.Idem = map[string]*idemEntry{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	own := s.state.delivery
	own.records = fresh.delivery.records
	fresh.delivery, fresh.events.notify = own, s.state.events.notify
	s.state = fresh
	s.tokens, s.idem, s.swept = p.Tokens, p.Idem, p.Swept
	s.logins, s.effects = p.Logins, p.Effects
	return nil
}

var (
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rsaKeyType      = reflect.TypeFor[*rsa.PrivateKey]()
	lazyKeyType     = reflect.TypeFor[lazyKey]()
	deliveryType    = reflect.TypeFor[delivery]()
)

// machinery says whether values of type t are left out of a snapshot.
func machinery(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Uintptr:
		return true
	case reflect.Interface:
		return t.NumMethod() > 0
	case reflect.Struct:
		return t.PkgPath() == "sync" || t.PkgPath() == "sync/atomic"
	}
	return false
}

// open returns an addressable value's own view, free of the read-only mark
// that reaching it through an unexported field leaves, so that it can be
// read as an interface and set.
func open(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// addressable returns v itself when it is addressable, else a copy that is
// (a map's value).
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return open(v)
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}

type refKey struct {
	ptr uintptr
	typ reflect.Type
}

// encoder turns values into JSON trees; pointees go to refs once each.
type encoder struct {
	refs  []any
	index map[refKey]int
}

func (e *encoder) value(v reflect.Value) (any, error) {
	v = addressable(v)
	t := v.Type()
	switch {
	case t == rsaKeyType:
		if v.IsNil() {
			return nil, nil
		}
		return x509.MarshalPKCS8PrivateKey(v.Interface())
	case t == lazyKeyType:
		return e.value(reflect.ValueOf(&v.Addr().Interface().(*lazyKey).key).Elem())
	case t == deliveryType:
		return e.value(reflect.ValueOf(&v.Addr().Interface().(*delivery).records).Elem())
	case t.Implements(textMarshaler) && reflect.PointerTo(t).Implements(textUnmarshaler):
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b), err
	}
	switch t.Kind() {
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	case reflect.String:
		return v.String(), nil
	case reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		b, err := json.Marshal(v.Interface())
		return json.RawMessage(b), err
	case reflect.Pointer:
		return e.pointer(v)
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return v.Bytes(), nil
		}
		return e.list(v)
	case reflect.Array:
		return e.list(v)
	case reflect.Map:
		return e.mapping(v)
	case reflect.Struct:
		out := map[string]any{}
		for i := range t.NumField() {
			if machinery(t.Field(i).Type) {
				continue
			}
			x, err := e.value(v.Field(i))
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name(), t.Field(i).Name, err)
			}
			out[t.Field(i).Name] = x
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot save a %s", t)
}

// pointer writes a pointer as the index of its pointee in refs.
func (e *encoder) pointer(v reflect.Value) (any, error) {
	if v.IsNil() {
		return nil, nil
	}
	k := refKey{v.Pointer(), v.Type()}
	if n, ok := e.index[k]; ok {
		return n, nil
	}
	n := len(e.refs)
	e.index[k] = n
	e.refs = append(e.refs, nil)
	x, err := e.value(v.Elem())
	e.refs[n] = x
	return n, err
}

func (e *encoder) list(v reflect.Value) (any, error) {
	out := make([]any, v.Len())
	for i := range out {
		x, err := e.value(v.Index(i))
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// mapping writes a map as a list of [key, value] pairs in the order of
// their keys' JSON, so that a snapshot of the same data has the same bytes.
func (e *encoder) mapping(v reflect.Value) (any, error) {
	if v.IsNil() {
		return nil, nil
	}
	type pair struct {
		key  []byte
		k, x any
	}
	pairs := make([]pair, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k, err := e.value(it.Key())
		if err != nil {
			return nil, err
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, pair{key: kb, k: k, x: it.Value()})
	}
	sort.Slice(pairs, func(i, j int) bool { return bytes.Compare(pairs[i].key, pairs[j].key) < 0 })
	out := make([]any, len(pairs))
	for i, p := range pairs {
		x, err := e.value(p.x.(reflect.Value))
		if err != nil {
			return nil, err
		}
		out[i] = []any{p.k, x}
	}
	return out, nil
}

// decoder reads a snapshot's JSON tree (decoded once, numbers as
// json.Number) into values; refs[n] is the pointer made for raw[n], once it
// was met.
type decoder struct {
	raw  []any
	refs []reflect.Value
}

// value decodes x into v, an addressable value; at names where v is in
// the snapshot, for the errors.
func (d *decoder) value(x any, v reflect.Value, at string) error {
	v = open(v)
	t := v.Type()
	switch {
	case t == rsaKeyType:
		return d.rsaKey(x, v, at)
	case t == lazyKeyType:
		// The key pair is made once per process and shared by every
		// server (sharedPINKey): a saved key is adopted only while none
		// has been made, and a saved absence (a snapshot taken before the
		// first use) leaves the key as it is, never emptied.
		var saved *rsa.PrivateKey
		if err := d.value(x, reflect.ValueOf(&saved).Elem(), at); err != nil || saved == nil {
			return err
		}
		der, err := x509.MarshalPKIXPublicKey(&saved.PublicKey)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		k := v.Addr().Interface().(*lazyKey)
		k.once.Do(func() {
			k.key, k.pubPEM = saved, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
		})
		return nil
	case t == deliveryType:
		return d.value(x, reflect.ValueOf(&v.Addr().Interface().(*delivery).records).Elem(), at)
	case t.Implements(textMarshaler) && reflect.PointerTo(t).Implements(textUnmarshaler):
		text, ok := x.(string)
		if !ok {
			return mismatch(at, x, t)
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		return nil
	}
	if x == nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			v.SetZero()
			return nil
		}
		return mismatch(at, x, t)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return d.pointer(x, v, at)
	case reflect.Interface:
		v.Set(reflect.ValueOf(x))
		return nil
	case reflect.Map:
		return d.mapping(x, v, at)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			text, ok := x.(string)
			b, err := base64.StdEncoding.DecodeString(text)
			if !ok || err != nil {
				return mismatch(at, x, t)
			}
			v.SetBytes(b)
			return nil
		}
		items, ok := x.([]any)
		if !ok {
			return mismatch(at, x, t)
		}
		v.Set(reflect.MakeSlice(t, len(items), len(items)))
		return d.items(items, v, at)
	case reflect.Array:
		items, ok := x.([]any)
		if !ok || len(items) != v.Len() {
			return mismatch(at, x, t)
		}
		return d.items(items, v, at)
	case reflect.Struct:
		fields, ok := x.(map[string]any)
		if !ok {
			return mismatch(at, x, t)
		}
		for name, fx := range fields {
			f, ok := t.FieldByName(name)
			if !ok || len(f.Index) != 1 || machinery(f.Type) {
				return fmt.Errorf("%s: %s has no field %s: the snapshot is of another version", at, t, name)
			}
			if err := d.value(fx, v.Field(f.Index[0]), at+"."+name); err != nil {
				return err
			}
		}
		return nil
	}
	return d.scalar(x, v, at)
}

// scalar decodes a number, string or boolean.
func (d *decoder) scalar(x any, v reflect.Value, at string) error {
	t := v.Type()
	var err error
	switch t.Kind() {
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return mismatch(at, x, t)
		}
		v.SetBool(b)
		return nil
	case reflect.String:
		str, ok := x.(string)
		if !ok {
			return mismatch(at, x, t)
		}
		v.SetString(str)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var n int64
		if num, ok := x.(json.Number); !ok {
			return mismatch(at, x, t)
		} else if n, err = strconv.ParseInt(string(num), 10, t.Bits()); err == nil {
			v.SetInt(n)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var n uint64
		if num, ok := x.(json.Number); !ok {
			return mismatch(at, x, t)
		} else if n, err = strconv.ParseUint(string(num), 10, t.Bits()); err == nil {
			v.SetUint(n)
		}
	case reflect.Float32, reflect.Float64:
		var f float64
		if num, ok := x.(json.Number); !ok {
			return mismatch(at, x, t)
		} else if f, err = strconv.ParseFloat(string(num), t.Bits()); err == nil {
			v.SetFloat(f)
		}
	default:
		return fmt.Errorf("%s: cannot restore a %s", at, t)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", at, err)
	}
	return nil
}

func mismatch(at string, x any, t reflect.Type) error {
	return fmt.Errorf("%s: want %s, got %T", at, t, x)
}

func (d *decoder) items(items []any, v reflect.Value, at string) error {
	for i, item := range items {
		if err := d.value(item, v.Index(i), at+"["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	return nil
}

// pointer decodes a pointee's index. The first time an index is met, its
// pointee is decoded into the pointer's current target when there is one
// (the fresh state's own parts), else into a new value.
func (d *decoder) pointer(x any, v reflect.Value, at string) error {
	num, ok := x.(json.Number)
	n, err := strconv.Atoi(string(num))
	if !ok || err != nil || n < 0 || n >= len(d.raw) {
		return fmt.Errorf("%s: bad reference %v", at, x)
	}
	if p := d.refs[n]; p.IsValid() {
		if p.Type() != v.Type() {
			return fmt.Errorf("%s: reference %d is a %s, not a %s", at, n, p.Type(), v.Type())
		}
		v.Set(p)
		return nil
	}
	if v.IsNil() {
		v.Set(reflect.New(v.Type().Elem()))
	}
	d.refs[n] = v
	return d.value(d.raw[n], v.Elem(), "refs["+strconv.Itoa(n)+"]")
}

// mapping decodes a list of [key, value] pairs.
func (d *decoder) mapping(x any, v reflect.Value, at string) error {
	pairs, ok := x.([]any)
	if !ok {
		return mismatch(at, x, v.Type())
	}
	t := v.Type()
	m := reflect.MakeMapWithSize(t, len(pairs))
	for i, p := range pairs {
		where := at + "[" + strconv.Itoa(i) + "]"
		pair, ok := p.([]any)
		if !ok || len(pair) != 2 {
			return fmt.Errorf("%s: not a [key, value] pair", where)
		}
		k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		if err := d.value(pair[0], k, where); err != nil {
			return err
		}
		if err := d.value(pair[1], e, where); err != nil {
			return err
		}
		m.SetMapIndex(k, e)
	}
	v.Set(m)
	return nil
}

func (d *decoder) rsaKey(x any, v reflect.Value, at string) error {
	if x == nil {
		v.SetZero()
		return nil
	}
	text, ok := x.(string)
	der, err := base64.StdEncoding.DecodeString(text)
	if !ok || err != nil {
		return mismatch(at, x, v.Type())
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	rk, ok := key.(*rsa.PrivateKey)
	if err != nil || !ok {
		return fmt.Errorf("%s: not an RSA private key", at)
	}
	v.Set(reflect.ValueOf(rk))
	return nil
}
