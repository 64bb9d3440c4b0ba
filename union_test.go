package jiko

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeLeniently decodes raw into a T as the client does (unknown members
// allowed), failing the test on an error.
func decodeLeniently[T any](t *testing.T, raw string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(raw), &v))
	return v
}

// requireUnknown checks that union holds its unknown variant, a U, kept
// from raw with its kind and, when errPart is not empty, a decode error
// containing errPart (none otherwise); re-encoding the union gives raw
// back. It returns the variant.
func requireUnknown[U any](t *testing.T, union unionValue, kind, raw, errPart string) U {
	t.Helper()
	u, ok := union.variant().(U)
	require.True(t, ok, "%T is not the unknown variant", union.variant())
	uv, ok := any(u).(unknownVariant)
	require.True(t, ok, "%T does not implement unknownVariant", u)
	assert.Equal(t, kind, uv.Kind())
	if errPart == "" {
		assert.NoError(t, uv.decodeErr(), "an unknown kind is no decode error")
	} else {
		require.Error(t, uv.decodeErr())
		assert.Contains(t, uv.decodeErr().Error(), errPart)
	}
	b, err := json.Marshal(union)
	require.NoError(t, err)
	assert.JSONEq(t, raw, string(b), "the unknown variant re-encodes as it came")
	return u
}

func TestUnionDecodeRefusesOnlyWhatIsNotAnObject(t *testing.T) {
	for _, raw := range []string{`"ACH"`, `12`, `[{"type":"ACH"}]`, `true`} {
		var tx Transaction
		err := json.Unmarshal([]byte(raw), &tx)
		assert.EqualError(t, err, "jiko: transaction: not a JSON object", raw)
	}
	var tx Transaction
	require.NoError(t, json.Unmarshal([]byte(`null`), &tx))
	assert.Nil(t, tx.Variant, "null is no variant")
	b, err := json.Marshal(tx)
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	// A discriminator of the wrong JSON type, or none, is an unknown kind.
	tx = decodeLeniently[Transaction](t, `{"type":7,"id":"x"}`)
	u := requireUnknown[*UnknownTransaction](t, tx, "", `{"type":7,"id":"x"}`, `jiko: transaction of type "": json: cannot unmarshal number`)
	assert.Nil(t, u.TransactionCommon, "a common field that does not decode (type) leaves them absent")
	tx = decodeLeniently[Transaction](t, `{"id":"x"}`)
	requireUnknown[*UnknownTransaction](t, tx, "", `{"id":"x"}`, "")
}

func TestTypedJSONPutsTheKindFirst(t *testing.T) {
	b, err := typedJSON("type", "on_us", struct {
		A string `json:"a"`
	}{"x"})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"on_us","a":"x"}`, string(b))
	b, err = typedJSON("kind", "K", struct{}{})
	require.NoError(t, err)
	assert.Equal(t, `{"kind":"K"}`, string(b))
}

// unionsOfTheAPI finds, by reflection, every union a caller can receive:
// among the types reachable from the results of every service method of
// Client, from Event and from the variants of every union table, each
// struct that holds a field of a sealed interface type (one with an
// unexported method). A new union is found without being listed here.
func unionsOfTheAPI(t *testing.T) []reflect.Type {
	t.Helper()
	pkg := reflect.TypeFor[Client]().PkgPath()
	seen := map[reflect.Type]bool{}
	var unions []reflect.Type
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			walk(typ.Elem())
			return
		case reflect.Func:
			for i := range typ.NumIn() {
				walk(typ.In(i))
			}
			for i := range typ.NumOut() {
				walk(typ.Out(i))
			}
			return
		}
		if typ.PkgPath() != pkg && typ.Name() != "" {
			return // a type of another package (time.Time, ...)
		}
		pt := reflect.PointerTo(typ)
		for i := range pt.NumMethod() {
			walk(pt.Method(i).Type)
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		sealed := false
		for _, f := range reflect.VisibleFields(typ) {
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Type.Kind() == reflect.Interface && f.Type.NumMethod() > 0 && !f.Type.Method(f.Type.NumMethod()-1).IsExported() {
				sealed = true
			}
			walk(f.Type)
		}
		if sealed {
			unions = append(unions, typ)
		}
	}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[Client]()) {
		if f.IsExported() {
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Event]())
	for _, table := range unionTables {
		for _, v := range table.variantTypes() {
			walk(v)
		}
	}
	return unions
}

// Every union has the one shape union.go describes, and the hooks the
// drift audit walks through: Kind(), a Variant field of a sealed
// interface XVariant (isXVariant(), and Common() at most besides), an
// unknown variant that embeds RawVariant.
func TestEveryUnionHasOneShapeAndTheDriftHooks(t *testing.T) {
	unions := unionsOfTheAPI(t)
	var names []string
	for _, u := range unions {
		names = append(names, u.Name())
		pt := reflect.PointerTo(u)
		assert.True(t, pt.Implements(reflect.TypeFor[unionValue]()), "%s is a unionValue", u)
		kind, ok := u.MethodByName("Kind")
		if assert.True(t, ok, "%s has Kind()", u) {
			assert.Equal(t, 1, kind.Type.NumIn(), "%s.Kind takes nothing", u)
			assert.True(t, kind.Type.NumOut() == 1 && kind.Type.Out(0).Kind() == reflect.String, "%s.Kind returns its kind", u)
		}
		f, ok := u.FieldByName("Variant")
		if !assert.True(t, ok, "%s holds Variant", u) || !assert.Equal(t, reflect.Interface, f.Type.Kind()) {
			continue
		}
		iface := f.Type
		assert.Equal(t, u.Name()+"Variant", iface.Name(), "%s's variant interface", u)
		var methods []string
		for i := range iface.NumMethod() {
			methods = append(methods, iface.Method(i).Name)
		}
		assert.Contains(t, methods, "is"+iface.Name(), "%s is sealed by is%s()", iface, iface.Name())
		assert.Subset(t, []string{"Common", "is" + iface.Name()}, methods, "%s has no other method", iface)

		// The unknown variant: what an object of no known kind decodes into.
		var unknown any
		switch v := reflect.New(u).Interface().(type) {
		case json.Unmarshaler:
			require.NoError(t, v.UnmarshalJSON([]byte(`{"type":"?","activity":"?","transaction_type":"?"}`)))
			unknown = v.(unionValue).variant()
		case *EventPayload:
			var ev Event
			require.NoError(t, json.Unmarshal([]byte(`{"event_type":"?","payload":{}}`), &ev))
			unknown = ev.Payload.Variant
		default:
			t.Errorf("%s: no way to decode it", u)
			continue
		}
		uv, ok := unknown.(unknownVariant)
		if assert.True(t, ok, "%s's unknown variant %T is an unknownVariant", u, unknown) {
			assert.Equal(t, "?", uv.Kind())
		}
		_, embeds := reflect.TypeOf(unknown).Elem().FieldByName("RawVariant")
		assert.True(t, embeds, "%T embeds RawVariant", unknown)
	}
	// The walk reaches the unions of the answers and of the webhooks.
	assert.Subset(t, names, []string{"Transaction", "TransactionDetails", "Trade", "Counterparty",
		"CounterpartyName", "Customer", "OnUsDetails", "EventPayload"})
	var empty Trade
	assert.Nil(t, empty.variant())
	assert.Equal(t, TradeActivity(""), empty.Kind())
}

// A union's Kind reads the kind from the variant: a known variant's type,
// or an unknown one's kind as it came; an event payload's variant that
// several event types share does not say which.
func TestKindComesFromTheVariant(t *testing.T) {
	assert.Equal(t, TransactionTypeWire, Transaction{Variant: &WireTransaction{}}.Kind(), "built in code, without its Type member")
	assert.Equal(t, OnUsPeerToPeer, OnUsDetails{Variant: &OnUsPeerToPeerDetails{}}.Kind())
	assert.Equal(t, CounterpartyNameIndividual, IndividualCounterpartyName("A", "B").Kind())
	assert.Equal(t, CustomerType(""), Customer{Variant: (*BusinessCustomer)(nil)}.Kind(), "a nil variant has no kind")
	assert.Equal(t, EventName(""), EventPayload{Variant: &ApplicationUpdatePayload{}}.Kind(), "four event types share it")
	assert.Equal(t, EventName(""), EventPayload{}.Kind())
}

// TestPagesMixingVariantsDecodeWholeOverHTTP serves pages that mix known,
// unknown and malformed items from a real HTTP server, read with the
// iterators: every item arrives, none fails the page.
func TestPagesMixingVariantsDecodeWholeOverHTTP(t *testing.T) {
	txPage := `{"items":[` + fixture(t, "transaction_unknown.json") + `,` +
		`{"type":"WIRE","id":"w1","amount":{"value":1,"currency":"USD"},"wire_id":["not","a","string"]},` +
		`{"type":"GENERIC","id":"g1","amount":{"value":2,"currency":"USD"}}],"next_page":null,"prev_page":null,"object_type":"CursorList"}`
	cpPage := `{"items":[` + fixture(t, "counterparties_get_wire.inferred.json") + `,` +
		`{"type":"on_us","id":"o1","account_number":{"n":1}},{"type":"sepa","id":"s1"}],"next_page":null,"object_type":"CursorList"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case loginPath:
			_, _ = io.WriteString(w, `{"token":"t","expires":"2999-01-01T00:00:00+00:00"}`)
		case "/api/v2/pockets/" + pocketID + "/transactions/":
			_, _ = io.WriteString(w, txPage)
		case "/api/v2/customers/" + customerID + "/counterparties/":
			_, _ = io.WriteString(w, cpPage)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithBaseURL(srv.URL), WithCredentials("u", "p"), WithSigningSecret(testSecret), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	ctx := context.Background()

	txs, err := c.Transactions.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, txs, 3)
	requireUnknown[*UnknownTransaction](t, txs[0], "STABLECOIN", fixture(t, "transaction_unknown.json"), "")
	u := requireUnknown[*UnknownTransaction](t, txs[1], "WIRE",
		`{"type":"WIRE","id":"w1","amount":{"value":1,"currency":"USD"},"wire_id":["not","a","string"]}`, "WireTransaction.wire_id")
	assert.Equal(t, int64(1), u.Amount.Value)
	assert.IsType(t, &GenericTransaction{}, txs[2].Variant)

	cps, err := c.Counterparties.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, cps, 3)
	assert.IsType(t, &WireCounterparty{}, cps[0].Variant)
	requireUnknown[*UnknownCounterparty](t, cps[1], "on_us", `{"type":"on_us","id":"o1","account_number":{"n":1}}`, "OnUsCounterparty.account_number")
	requireUnknown[*UnknownCounterparty](t, cps[2], "sepa", `{"type":"sepa","id":"s1"}`, "")
}
