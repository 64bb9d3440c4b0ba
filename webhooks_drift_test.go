package jiko

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// malformedApproval is a signed-looking application.approved event whose
// payload does not fit ApplicationUpdatePayload.
const malformedApproval = `{"event_id":"e-1","timestamp":"2023-01-01T14:00:00+00:00","payload":{"application_id":48},"event_type":"application.approved"}`

func TestParseWebhookKeepsAPayloadThatDoesNotFit(t *testing.T) {
	ev, err := ParseWebhook([]byte(malformedApproval))
	require.NoError(t, err)
	assert.Equal(t, "e-1", ev.ID)
	requireUnknown[*UnknownEventPayload](t, ev.Payload, "application.approved", `{"application_id":48}`,
		`jiko: payload of event_type "application.approved": json: cannot unmarshal number into Go struct field ApplicationUpdatePayload.application_id of type string`)
	assert.Equal(t, EventApplicationApproved, ev.Payload.Kind())
}

func TestWebhookHandlerHandsAPayloadThatDoesNotFitToFnAndReportsTheDrift(t *testing.T) {
	var got []*Event
	var drifts []Drift
	h := WebhookHandler(webhookSecret, func(_ context.Context, ev *Event) error {
		got = append(got, ev)
		return nil
	}, WithWebhookDriftHandler(func(_ context.Context, d Drift) { drifts = append(drifts, d) }))

	rec := post(h, []byte(malformedApproval), webhookSecret)
	assert.Equal(t, http.StatusOK, rec.Code, "a signed event is not refused for its payload")
	require.Len(t, got, 1)
	u, ok := got[0].Payload.Variant.(*UnknownEventPayload)
	require.True(t, ok, "%T", got[0].Payload.Variant)
	assert.JSONEq(t, `{"application_id":48}`, string(u.Raw))
	assert.ErrorContains(t, u.Err, "ApplicationUpdatePayload.application_id")
	require.Len(t, drifts, 1)
	assert.Equal(t, Drift{
		Operation: "webhook application.approved", Kind: DriftUnknownVariant, Path: "payload", Value: "application.approved",
		Reason: u.Err.Error(),
	}, drifts[0])

	// The same drift, in another event, is reported once; a new event type
	// is reported as unknown; a payload that fits reports nothing.
	again := strings.Replace(malformedApproval, `"e-1"`, `"e-1b"`, 1)
	assert.Equal(t, http.StatusOK, post(h, []byte(again), webhookSecret).Code)
	unknown := `{"event_id":"e-2","timestamp":"2023-01-01T14:00:00+00:00","payload":{"x":1},"event_type":"transfers.on-us.received"}`
	assert.Equal(t, http.StatusOK, post(h, []byte(unknown), webhookSecret).Code)
	assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), webhookSecret).Code)
	require.Len(t, got, 4)
	require.Len(t, drifts, 2)
	assert.Equal(t, Drift{
		Operation: "webhook transfers.on-us.received", Kind: DriftUnknownVariant, Path: "payload", Value: "transfers.on-us.received",
		Reason: "unknown event type",
	}, drifts[1])
}

func TestWebhookHandlerStillRefusesWhatIsNotAnEnvelope(t *testing.T) {
	called := false
	var drifts []Drift
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { called = true; return nil },
		WithWebhookDriftHandler(func(_ context.Context, d Drift) { drifts = append(drifts, d) }))
	for _, body := range []string{
		`not json`,
		`{"timestamp":"2023-01-01T14:00:00+00:00","payload":{"application_id":"a"},"event_type":"application.approved"}`,
		`{"event_id":"e","timestamp":"2023-01-01T14:00:00+00:00","event_type":"application.approved"}`,
	} {
		assert.Equal(t, http.StatusBadRequest, post(h, []byte(body), webhookSecret).Code, body)
	}
	assert.False(t, called)
	assert.Empty(t, drifts)
}

func TestWebhookDriftValueIsShortened(t *testing.T) {
	long := EventName("a." + string(make([]byte, 100)))
	var got Drift
	d := &webhookDrift{handler: func(_ context.Context, dr Drift) { got = dr }}
	d.report(context.Background(), &Event{Type: long, Payload: EventPayload{Variant: &UnknownEventPayload{RawVariant{kind: string(long)}}}})
	assert.Equal(t, string(long)[:maxDriftValue]+"…", got.Value)
	assert.Equal(t, "webhook "+string(long), got.Operation)
	accented := EventName("a" + strings.Repeat("é", 40))
	d.report(context.Background(), &Event{Type: accented, Payload: EventPayload{Variant: &UnknownEventPayload{RawVariant{kind: string(accented)}}}})
	assert.Equal(t, string(accented)[:maxDriftValue-1]+"…", got.Value, "cut before a character, not inside one")
	assert.True(t, utf8.ValidString(got.Value))
	var none *webhookDrift
	none.report(context.Background(), &Event{Payload: EventPayload{Variant: &UnknownEventPayload{}}}) // a nil reporter reports nothing
}
