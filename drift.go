package jiko

import "context"

// This file holds drift reporting: what the tolerant reader let through
// when an answer differed from the SDK's model of it.

// DriftKind says how an answer differed from the SDK's model.
type DriftKind string

const (
	// DriftUnknownMember is a JSON member the SDK does not model; Actual is
	// its JSON kind and Sample a short, scrubbed rendering of its value.
	DriftUnknownMember DriftKind = "unknown_member"
	// DriftMissingMember is a member the model always expects (one it
	// writes without omitempty, neither a pointer nor a Nullable) that the
	// answer left out; Expected is its JSON kind.
	DriftMissingMember DriftKind = "missing_member"
	// DriftNull is a JSON null where the model has no null (a member that
	// is neither a pointer, a Nullable, a list nor a map).
	DriftNull DriftKind = "null_value"
	// DriftWrongKind is a value of another JSON kind than the model's:
	// Expected and Actual name the kinds ("number", "string"), Value is a
	// short, scrubbed rendering of the value. The rest of the answer is
	// audited all the same.
	DriftWrongKind DriftKind = "wrong_kind"
	// DriftInvalidValue is a date or time that did not parse (a tolerant
	// Date or Timestamp keeps its raw text), or another value of the right
	// kind that does not decode (a fraction where the model has an integer).
	DriftInvalidValue DriftKind = "invalid_value"
	// DriftUnknownEnumValue is an enum or status value the SDK has no
	// constant for.
	DriftUnknownEnumValue DriftKind = "unknown_enum_value"
	// DriftUnknownVariant is a union member whose discriminator the SDK
	// does not know, or a known one that could not be decoded (Reason says
	// which); it is kept as the union's unknown variant with its raw JSON.
	DriftUnknownVariant DriftKind = "unknown_variant"
)

// DriftKinds lists every kind, in the order reports list them.
var DriftKinds = []DriftKind{
	DriftUnknownMember, DriftMissingMember, DriftNull, DriftWrongKind,
	DriftInvalidValue, DriftUnknownEnumValue, DriftUnknownVariant,
}

// Drift is one difference between an answer and the SDK's model of it,
// reported by [WithDriftHandler] and refused by [WithStrictDecoding].
type Drift struct {
	// Operation is the operation's method and path pattern, such as
	// "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/"; for a
	// call through [Client.Do], its method and path as given; for a webhook
	// ([WithWebhookDriftHandler]), "webhook " followed by the event type.
	Operation string
	// Kind says how the answer differed.
	Kind DriftKind
	// Path locates the value in the answer, such as "items[3].fees[0].type";
	// when the same drift is found in several items of a list (Count > 1),
	// the list's index is written [*]: "items[*].fees[*].type".
	Path string
	// Value is the value as it came (for an unknown or missing member, its
	// name), cut to at most 64 bytes and then marked with "…".
	Value string
	// Expected and Actual are JSON kinds ("object", "array", "string",
	// "number", "boolean", "null"): the model's and the answer's, where
	// the Kind concerns them.
	Expected, Actual string
	// Sample is, for an unknown member, a short rendering of its value
	// with members named like secrets and long digit runs masked.
	Sample string
	// Count is how many places of the answer the drift was found in (the
	// items of a list grouped under one Path); 0 or 1 for one place.
	Count int
	// Reason says why the value did not fit, where there is more to say
	// than Kind.
	Reason string
}

// DriftHandler receives the drift found in one answer, once per operation,
// kind and path for the client's lifetime (every time with
// [WithDriftPerCall]).
type DriftHandler func(ctx context.Context, d Drift)

// WithDriftHandler reports every difference between Jiko's answers and the
// SDK's model of them: members the SDK does not model or that the answer
// left out, nulls and values of the wrong JSON kind, dates and times that
// failed to parse, unknown enum values and unknown union variants. Each is
// reported once per operation, kind and path. An answer that does not
// decode is audited too, and its call fails with a [*DriftError] that
// lists what differed. Without it, answers are not audited and drift costs
// nothing.
func WithDriftHandler(h DriftHandler) ClientOption {
	return clientOption(func(c *clientConfig) error {
		c.driftHandler = h
		return nil
	})
}

// WithDriftPerCall makes the [WithDriftHandler] hear of the drift of every
// answer, each time, rather than once per operation, kind and path for the
// client's lifetime: for a tool that attributes drift to each call (jiko
// probe reports it per SDK method, also when two methods share an
// operation). The handler tells the calls apart by their context.
func WithDriftPerCall() ClientOption {
	return clientOption(func(c *clientConfig) error {
		c.driftPerCall = true
		return nil
	})
}

// WithStrictDecoding turns every drift into an error of the call, so that
// a test suite, or a partner's CI against a sandbox, catches a difference
// between Jiko and the SDK as soon as it appears. Production code leaves it
// off: the tolerant reader keeps working and [WithDriftHandler] reports.
func WithStrictDecoding() ClientOption {
	return clientOption(func(c *clientConfig) error {
		c.strictDecoding = true
		return nil
	})
}

// The hooks the audit walks through. A union implements unionValue; its
// unknown variant implements unknownVariant; a tolerant scalar (Date,
// Timestamp) implements tolerantValue; an enum implements IsKnown.

// unionValue is implemented by every union: the audit descends into the
// variant it holds.
type unionValue interface {
	// variant returns the decoded variant (a pointer to its struct), or
	// the union's unknown variant.
	variant() any
}

// unknownVariant is implemented by every union's unknown variant.
type unknownVariant interface {
	// Kind is the discriminator value as it came.
	Kind() string
	// decodeErr is why a known kind could not be decoded; nil when the
	// kind itself is unknown.
	decodeErr() error
}

// tolerantValue is implemented by scalars that keep text they cannot
// parse.
type tolerantValue interface {
	// invalidRaw returns the raw text and true when it did not parse.
	invalidRaw() (string, bool)
}

// knownEnum is implemented by every enum type: IsKnown reports whether the
// value is one of the documented constants.
type knownEnum interface{ IsKnown() bool }
