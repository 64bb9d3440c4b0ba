package jiko

import "encoding/json"

// This file holds what the unions of the API (oneOf objects keyed by a
// discriminator: transactions, trades, counterparties, on-us transfers,
// customers, webhook payloads) share: decoding into the variant the
// discriminator names, and encoding a variant, or an unknown one as it
// came.

// decodeUnion decodes one object of a union whose discriminator is kind:
// into the variant that variants makes for it, or, for a kind it does not
// know, into the variant that unknown makes from a copy of the raw object,
// with the common fields decoded into it as far as they go.
func decodeUnion[K ~string, V any](b []byte, kind K, variants map[K]func() V, unknown func(json.RawMessage) V) (V, error) {
	var v V
	if mk, ok := variants[kind]; ok {
		v = mk()
	} else {
		v = unknown(append(json.RawMessage(nil), b...))
	}
	// Decoding into the variant's struct, whatever its own JSON methods.
	if err := json.Unmarshal(b, structOf(v)); err != nil {
		var zero V
		return zero, err
	}
	return v, nil
}

// marshalVariant encodes a union's variant, or null when there is none.
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

// structOf returns the pointer to decode a union variant's own fields into,
// bypassing a MarshalJSON/UnmarshalJSON the variant type may have (the
// unknown variants re-encode as their raw JSON).
func structOf(v any) any {
	switch u := v.(type) {
	case *UnknownTransactionActivity:
		return &u.TransactionActivityCommon
	case *UnknownTrade:
		return &u.TradeCommon
	case *UnknownDetailsV1:
		return &u.TransactionDetailsV1Common
	}
	return v
}

// typedJSON encodes v, a struct, with "type": typ as its first key: the
// request unions are written from typed variants, so no body can mix two.
func typedJSON(typ string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	t, _ := json.Marshal(typ)
	out := append([]byte(`{"type":`), t...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}
