package jiko

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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

func TestEveryUnionHasTheDriftHooks(t *testing.T) {
	unions := map[unionValue]any{
		Transaction{Variant: &UnknownTransaction{}}:               &UnknownTransaction{},
		TransactionDetails{Variant: &UnknownTransactionDetails{}}: &UnknownTransactionDetails{},
		Trade{Variant: &UnknownTrade{}}:                           &UnknownTrade{},
		Counterparty{Variant: &UnknownCounterparty{}}:             &UnknownCounterparty{},
		CounterpartyName{Variant: &UnknownCounterpartyName{}}:     &UnknownCounterpartyName{},
		Customer{Variant: &UnknownCustomer{}}:                     &UnknownCustomer{},
		OnUsDetails{Variant: &UnknownOnUsDetails{}}:               &UnknownOnUsDetails{},
		EventPayload{Variant: &UnknownEventPayload{}}:             &UnknownEventPayload{},
	}
	for u, unknown := range unions {
		assert.IsType(t, unknown, u.variant(), "%T holds its variant", u)
		_, ok := u.variant().(unknownVariant)
		assert.True(t, ok, "%T is an unknownVariant", unknown)
	}
	var empty Trade
	assert.Nil(t, empty.variant())
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
