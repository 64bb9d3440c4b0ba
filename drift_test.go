package jiko

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The audit's unit tests: a model of every shape the audit walks, with a
// union of its own (the package's unions implement the same hooks).

// auditShape is a known variant of auditUnion.
type auditShape struct {
	Kind string  `json:"kind"`
	Side float64 `json:"side"`
}

// auditUnknown is auditUnion's unknown variant.
type auditUnknown struct {
	kind string
	err  error
}

func (u *auditUnknown) Kind() string     { return u.kind }
func (u *auditUnknown) decodeErr() error { return u.err }

// auditUnion decodes "square" into an auditShape; a square that does not
// decode, and any other kind, into an auditUnknown.
type auditUnion struct{ v any }

func (u auditUnion) variant() any { return u.v }

func (u *auditUnion) UnmarshalJSON(b []byte) error {
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	if head.Kind != "square" {
		u.v = &auditUnknown{kind: head.Kind}
		return nil
	}
	var s auditShape
	if err := json.Unmarshal(b, &s); err != nil {
		u.v = &auditUnknown{kind: head.Kind, err: err}
		return nil
	}
	u.v = &s
	return nil
}

type auditBase struct {
	ID string `json:"id"`
}

type auditItem struct {
	Status PocketStatus `json:"status"`
	Fees   []Fee        `json:"fees"`
}

type auditModel struct {
	auditBase
	Name    string                `json:"name,omitempty"`
	Secret  string                `json:"-"`
	Created Timestamp             `json:"created"`
	Day     Date                  `json:"day,omitzero"`
	Amount  Money                 `json:"amount"`
	Items   []auditItem           `json:"items"`
	ByName  map[string]auditItem  `json:"by_name"`
	Later   Nullable[auditItem]   `json:"later,omitzero"`
	Shapes  []auditUnion          `json:"shapes"`
	Shape   auditUnion            `json:"shape"`
	Ptr     *auditItem            `json:"ptr"`
	Extra   map[string]any        `json:"extra"`
	Plain   string                `json:"Plain"`
	Nested  struct{ A, B string } `json:"nested"`
}

const auditAnswer = `{
	"id": "m1", "name": "n", "Secret": "s", "created": "yesterday", "day": "2026-02-30",
	"amount": {"value": 1, "currency": "USD", "cents": 1},
	"items": [
		{"status": "OPEN", "fees": [{"type": "AUM_FEE", "amount": {"value": 1, "currency": "USD"}}]},
		{"status": "MOLTEN", "colour": "red", "fees": [{"type": "LATE_FEE"}, {"type": "OTHER_FEE"}]}
	],
	"by_name": {"a": {"status": "THAWED"}},
	"later": {"status": "MELTED"},
	"shapes": [{"kind": "square", "side": 2, "corners": 4}, {"kind": "square", "side": "big"}, {"kind": "circle"}],
	"shape": {"kind": "circle"},
	"ptr": null,
	"extra": {"anything": 1},
	"PLAIN": "case folded",
	"nested": {"a": "x", "c": "y"},
	"new_top": true
}`

// auditRun answers auditAnswer to Client.Do with the client's options and
// returns the drift the handler got.
func auditRun(t *testing.T, calls int, opts ...ClientOption) ([]Drift, error) {
	t.Helper()
	var mu sync.Mutex
	var got []Drift
	handler := WithDriftHandler(func(_ context.Context, d Drift) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, d)
	})
	h := newHarness(t, append([]ClientOption{handler}, opts...)...)
	h.on("GET", "/models/7/", status(200, auditAnswer))
	var err error
	for range calls {
		var m auditModel
		if err = h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m); err != nil {
			break
		}
		assert.Equal(t, PocketStatus("MOLTEN"), m.Items[1].Status, "the answer is decoded tolerantly")
		assert.Equal(t, "yesterday", m.Created.Raw())
	}
	return got, err
}

func TestDriftAuditWalksEveryShape(t *testing.T) {
	got, err := auditRun(t, 2)
	require.NoError(t, err)
	lines := make([]string, len(got))
	for i, d := range got {
		assert.Equal(t, "GET /models/7/", d.Operation, "Client.Do names the operation by its path")
		lines[i] = fmt.Sprintf("%s %s %s %s", d.Kind, d.Path, d.Value, d.Reason)
		if strings.HasPrefix(lines[i], "unknown_variant shapes[*] square ") {
			assert.Contains(t, d.Reason, "cannot unmarshal string", "a known kind that does not decode says why")
			lines[i] = "unknown_variant shapes[*] square (its error)"
		}
	}
	assert.ElementsMatch(t, []string{
		"unknown_member Secret Secret ", // a field tagged "-" takes no member
		"unknown_member amount.cents cents ",
		"invalid_value created yesterday not a valid Timestamp",
		"invalid_value day 2026-02-30 not a valid Date",
		"unknown_enum_value items[1].status MOLTEN not a documented PocketStatus",
		"unknown_member items[1].colour colour ",
		// items[*].fees[*].type is found twice (LATE_FEE, OTHER_FEE): one
		// entry with the first value, counted.
		"unknown_enum_value items[*].fees[*].type LATE_FEE not a documented FeeType",
		"missing_member items[*].fees[*].amount amount ",
		"unknown_enum_value by_name.a.status THAWED not a documented PocketStatus",
		"missing_member by_name.a.fees fees ",
		"unknown_enum_value later.status MELTED not a documented PocketStatus",
		"missing_member later.fees fees ",
		"unknown_member shapes[0].corners corners ",
		// shapes[*] holds two unknown variants: one entry, counted.
		"unknown_variant shapes[*] square (its error)",
		"unknown_variant shape circle unknown kind",
		"unknown_member nested.c c ",
		"missing_member nested.B B ", // untagged, not omitempty: always written
		"unknown_member new_top new_top ",
	}, lines, "the second call reports nothing new; PLAIN matches Plain as encoding/json does")
	counts := map[string]int{}
	for _, d := range got {
		counts[d.Path+" "+string(d.Kind)] = d.Count
	}
	assert.Equal(t, 2, counts["items[*].fees[*].type unknown_enum_value"])
	assert.Equal(t, 2, counts["items[*].fees[*].amount missing_member"])
	assert.Equal(t, 2, counts["shapes[*] unknown_variant"])
	assert.Equal(t, 1, counts["new_top unknown_member"])
}

func TestDriftStrictDecodingFailsEveryCall(t *testing.T) {
	for range 2 {
		got, err := auditRun(t, 2, WithStrictDecoding())
		var de *DriftError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "GET /models/7/", de.Operation)
		assert.Len(t, de.Drift, 18)
		assert.Equal(t, got, de.Drift, "the handler still hears of each drift, in the same order")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 200, e.StatusCode)
		assert.NotEmpty(t, e.IdempotencyKey)
		assert.False(t, e.MayHaveSucceeded, "a read takes no effect (a write's case: TestDriftFromTheServerFailsStrictDecoding)")
		assert.Contains(t, err.Error(), "strict decoding: the answer of GET /models/7/ differs from the SDK's model in 18 place(s): unknown_member at Secret")
	}
	h := newHarness(t, WithStrictDecoding())
	h.on("GET", "/models/7/", status(200, `{"id":"m1","created":"2026-01-02T03:04:05Z","amount":{"value":1,"currency":"USD"},"items":[{"status":"OPEN","fees":[]}],`+
		`"by_name":{},"shapes":[],"shape":{"kind":"square","side":1},"ptr":null,"extra":null,"Plain":"p","nested":{"A":"a","B":"b"}}`))
	var m auditModel
	require.NoError(t, h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m), "an answer that fits the model passes")
	assert.True(t, m.Created.Valid())
}

func TestDriftIsNotAuditedWhenNotAsked(t *testing.T) {
	h := newHarness(t)
	assert.Nil(t, h.c.drift, "no handler, no strict decoding: answers are not walked")
	h.on("GET", "/models/7/", status(200, auditAnswer))
	var m auditModel
	require.NoError(t, h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m))
	assert.Equal(t, "2026-02-30", m.Day.Raw())
}

func TestDriftReportsAreBounded(t *testing.T) {
	s := &driftState{handler: func(context.Context, Drift) {}, seen: map[driftKey]struct{}{}}
	for i := range maxDriftSeen + 10 {
		s.first(driftKey{op: "GET /x/", kind: DriftUnknownMember, path: fmt.Sprint(i)})
	}
	assert.Len(t, s.seen, maxDriftSeen)
	assert.False(t, s.first(driftKey{op: "GET /y/"}), "past the bound nothing is new")
}

func TestDriftValueIsShortened(t *testing.T) {
	long := strings.Repeat("é", 40)
	got := shorten(long)
	assert.LessOrEqual(t, len(got), maxDriftValue+len("…"))
	assert.True(t, strings.HasPrefix(long, strings.TrimSuffix(got, "…")), "cut on a rune boundary")
	assert.Equal(t, "short", shorten("short"))
}

func TestDriftErrorIsFoundThroughErrors(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &Error{StatusCode: 200, Err: &DriftError{Operation: "GET /x/", Drift: []Drift{{Kind: DriftUnknownMember, Value: "v"}}}})
	var de *DriftError
	require.True(t, errors.As(err, &de))
	assert.Equal(t, `unknown_member at (top): "v"`, de.Drift[0].String())
}

func TestRawValuesFromAnswersAreNotSent(t *testing.T) {
	var answer struct {
		Day  Date      `json:"day"`
		When Timestamp `json:"when"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"day":"someday","when":"later"}`), &answer))
	h := newHarness(t)
	_, err := h.c.Pockets.GetEarnings(context.Background(), pocketID, &PocketEarningsParams{
		Period: EarningsRange, DateFrom: answer.Day, DateTo: Date{Year: 2026, Month: 3, Day: 1}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "PocketEarningsParams.DateFrom", ve.Field)
	assert.Contains(t, ve.Reason, `"someday" is text from an answer`)

	_, err = h.c.Pockets.Update(context.Background(), customerID, pocketID, &PocketUpdateRequest{PocketName: Set("x")})
	assert.False(t, IsValidation(err), "a request without such values is sent: %v", err)

	type inner struct{ When Nullable[Timestamp] }
	type req struct {
		Items []inner
		ByKey map[string]*Date
	}
	assert.NoError(t, checkNoRawValues(&req{Items: []inner{{When: Set(TimestampOf(time.Now()))}}, ByKey: map[string]*Date{"a": {Year: 2026, Month: 1, Day: 1}}}))
	err = checkNoRawValues(&req{Items: []inner{{}, {When: Set(answer.When)}}})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "inner.When", ve.Field)
	err = checkNoRawValues(&req{ByKey: map[string]*Date{"a": &answer.Day}})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "req.ByKey", ve.Field)
	assert.NoError(t, checkNoRawValues(&PocketListParams{Limit: 3}), "a type that holds no tolerant value is not walked")
}

// Each drift is reported under its own key: an answer with part of the
// drift of an earlier one reports nothing, one with new drift only that.
func TestDriftIsReportedOncePerKey(t *testing.T) {
	type small struct {
		ID    string `json:"id"`
		Items []struct {
			Status PocketStatus `json:"status"`
		} `json:"items,omitempty"`
	}
	var got []string
	h := newHarness(t, WithDriftHandler(func(_ context.Context, d Drift) { got = append(got, d.Path) }))
	answers := []string{
		`{"id":"m1","zeta":1,"alpha":2,"items":[{"status":"MOLTEN"}]}`,
		`{"id":"m1","alpha":2}`,
		`{"id":"m1","zeta":1,"beta":3,"items":[{"status":"OPEN"},{"status":"MOLTEN"}]}`,
	}
	for _, answer := range answers {
		h.on("GET", "/models/7/", status(200, answer))
		var m small
		require.NoError(t, h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m))
	}
	assert.Equal(t, []string{"alpha", "items[0].status", "zeta", "beta"}, got)
	// A client with WithDriftPerCall hears of every answer's drift.
	got = nil
	h = newHarness(t, WithDriftPerCall(), WithDriftHandler(func(_ context.Context, d Drift) { got = append(got, d.Path) }))
	for _, answer := range answers {
		h.on("GET", "/models/7/", status(200, answer))
		var m small
		require.NoError(t, h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m))
	}
	assert.Equal(t, []string{"alpha", "items[0].status", "zeta", "alpha", "beta", "items[1].status", "zeta"}, got)
}

// A wrong kind in one member fails the decoding but not the audit: the
// call's error is a *DriftError that lists every difference of the
// answer, with the kinds expected and found, and keeps the decoding error.
func TestDriftAuditsAnAnswerThatDoesNotDecode(t *testing.T) {
	var got []Drift
	h := newHarness(t, WithDriftPerCall(), WithDriftHandler(func(_ context.Context, d Drift) { got = append(got, d) }))
	h.on("GET", "/models/7/", status(200, `{"id":"m1","created":null,"amount":{"value":"12","currency":"USD"},`+
		`"items":[{"status":"OPEN","fees":[]},{"status":7,"fees":[]}],"by_name":{},"shapes":[],"shape":{"kind":"square","side":1},`+
		`"extra":{},"Plain":"p","nested":{"A":"a","B":"b"},"card":{"card_number":"4111111111111111","note":"pan 4111111111111111"}}`))
	var m auditModel
	err := h.c.Do(context.Background(), "GET", "/models/7/", nil, nil, &m)
	var de *DriftError
	require.ErrorAs(t, err, &de)
	var ute *json.UnmarshalTypeError
	assert.ErrorAs(t, err, &ute, "the decoding error is kept")
	assert.Contains(t, err.Error(), "the answer of GET /models/7/ does not decode: it differs from the SDK's model in 4 place(s)")
	assert.Equal(t, []Drift{
		{Operation: "GET /models/7/", Kind: DriftWrongKind, Path: "amount.value", Value: "12", Expected: "number", Actual: "string", Count: 1},
		{Operation: "GET /models/7/", Kind: DriftUnknownMember, Path: "card", Value: "card", Actual: "object",
			Sample: `{"card_number":"[redacted]","note":"pan ****************"}`, Count: 1},
		{Operation: "GET /models/7/", Kind: DriftNull, Path: "created", Value: "null", Expected: "string", Actual: "null", Count: 1},
		{Operation: "GET /models/7/", Kind: DriftWrongKind, Path: "items[1].status", Value: "7", Expected: "string", Actual: "number", Count: 1},
	}, de.Drift)
	assert.Equal(t, de.Drift, got, "the handler hears of the same")
	assert.NotContains(t, fmt.Sprint(de.Drift), "4111111111111111", "no card number in a sample")

	// An answer that does not decode and that the audit cannot explain
	// keeps its plain decoding error.
	h.on("GET", "/models/8/", status(200, `[1]`))
	err = h.c.Do(context.Background(), "GET", "/models/8/", nil, nil, &m)
	require.ErrorAs(t, err, &de, "a list where an object is expected is a wrong kind at the top")
	assert.Equal(t, Drift{Operation: "GET /models/8/", Kind: DriftWrongKind, Value: "[1]", Expected: "object", Actual: "array", Count: 1}, de.Drift[0])
}

func TestDriftSampleScrubsSecrets(t *testing.T) {
	assert.Equal(t, "[redacted]", sample("abc", "access_token"))
	assert.Equal(t, "[redacted]", sample("1234", "pin"))
	assert.Equal(t, "spin", sample("spin", "spin"), "pin only as a word of the name")
	assert.Equal(t, "acct ****************", sample("acct 0000000000001234", "memo"), "a whole run of 12 digits or more")
	assert.Equal(t, "12345678901", sample("12345678901", "memo"), "fewer than 12 digits stay")
}
