package jiko

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSandboxTriggerWebhook(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/webhook/", status(202, ""))
	h.c.now = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.FixedZone("X", 3600)) }
	sent, err := h.c.Sandbox.TriggerWebhook(context.Background(), &Event{
		Type:    EventApplicationApproved,
		Payload: EventPayload{Variant: &ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}},
	})
	require.NoError(t, err)
	_, err = uuid.Parse(sent.ID)
	require.NoError(t, err, "a new event id")
	assert.Equal(t, time.Date(2026, 3, 4, 4, 6, 7, 123456000, time.UTC), sent.Timestamp.Time)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/api/v1/sandbox/webhook/", r.Path)
	assert.Empty(t, r.Header.Get("X-Jiko-Signature"), "the reference declares no signature")
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, `{"event_id":"`+sent.ID+`","timestamp":"2026-03-04T04:06:07.123456Z","payload":{"application_id":"48ac72d0-a829-4896-a067-dcb1c2b0f30c"},"event_type":"application.approved"}`, string(r.Body))
}

func TestSandboxTriggerWebhookSendsAFixtureAsPublished(t *testing.T) {
	for name := range payloadVariants {
		raw := testutil.Load(t, "testdata/webhooks/"+string(name)+".json")
		var ev Event
		require.NoError(t, json.Unmarshal(raw, &ev))
		h := newHarness(t)
		h.on("POST", "/api/v1/sandbox/webhook/", status(202, ""))
		_, err := h.c.Sandbox.TriggerWebhook(context.Background(), &ev)
		require.NoError(t, err, name)
		assert.NoError(t, testutil.Equal(raw, h.last().Body), name)
	}
}

func TestSandboxTriggerWebhookUnknownType(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/webhook/", status(202, ""))
	ev := &Event{ID: "0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098", Timestamp: TimestampOf(time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC)),
		Type: "transfers.on-us.received", Payload: EventPayload{Variant: &UnknownEventPayload{RawVariant: RawVariant{Raw: json.RawMessage(`{"on_us_id":"x"}`)}}}}
	_, err := h.c.Sandbox.TriggerWebhook(context.Background(), ev)
	require.NoError(t, err)
	assert.Equal(t, `{"event_id":"0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098","timestamp":"2023-01-01T14:00:00Z","payload":{"on_us_id":"x"},"event_type":"transfers.on-us.received"}`, string(h.last().Body))
}

func TestSandboxTriggerWebhookValidation(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		ev   *Event
		want string
	}{
		{nil, "jiko: Event: is nil"},
		{&Event{Payload: EventPayload{Variant: &ACHIncomingPayload{JikoAccountID: "a"}}}, "jiko: Event.Type: is empty"},
		{&Event{Type: EventACHInSuccess}, "jiko: Event.Payload: is nil"},
		{&Event{Type: EventACHInSuccess, Payload: EventPayload{Variant: (*ACHIncomingPayload)(nil)}}, "jiko: Event.Payload: is nil"},
		{&Event{Type: EventACHInSuccess, Payload: EventPayload{Variant: &ACHOutgoingPayload{JikoAccountID: "a"}}},
			"jiko: Event.Payload: *jiko.ACHOutgoingPayload is not the payload of transfers.ach.in.success events; use *jiko.ACHIncomingPayload"},
		{&Event{Type: EventApplicationApproved, Payload: EventPayload{Variant: &UnknownEventPayload{RawVariant: RawVariant{Raw: json.RawMessage(`{"application_id":"a"}`)}}}},
			"jiko: Event.Payload: *jiko.UnknownEventPayload is not the payload of application.approved events; use *jiko.ApplicationUpdatePayload"},
		{&Event{Type: "some.new.type", Payload: EventPayload{Variant: &ApplicationUpdatePayload{ApplicationID: "a"}}},
			"jiko: Event.Payload: *jiko.ApplicationUpdatePayload is not the payload of some.new.type events; use *jiko.UnknownEventPayload"},
		{&Event{Type: EventApplicationRejected, Payload: EventPayload{Variant: &ApplicationUpdatePayload{}}}, "jiko: ApplicationUpdatePayload.ApplicationID: is empty"},
		{&Event{Type: EventWireOutSuccess, Payload: EventPayload{Variant: &WireOutgoingPayload{JikoAccountID: "a"}}}, "jiko: WireOutgoingPayload.WireID: is empty"},
		{&Event{Type: EventOnUsSuccess, Payload: EventPayload{Variant: &OnUsTransferPayload{OnUsID: "o", OriginAccountID: "a"}}},
			"jiko: OnUsTransferPayload.DestinationAccountID: is empty"},
		{&Event{Type: EventCardStatusOpen, Payload: EventPayload{Variant: &CardStatusUpdatePayload{CardID: "c"}}}, "jiko: CardStatusUpdatePayload.Status: is empty"},
		{&Event{Type: EventCardTransactionApproved, Payload: EventPayload{Variant: &CardTransactionPayload{CardID: "c"}}}, "jiko: CardTransactionPayload.AccountID: is empty"},
		{&Event{Type: "x.y", Payload: EventPayload{Variant: &UnknownEventPayload{RawVariant: RawVariant{Raw: json.RawMessage(`[1]`)}}}}, "jiko: UnknownEventPayload.Raw: is not a JSON object"},
	}
	for _, tc := range cases {
		_, err := h.c.Sandbox.TriggerWebhook(context.Background(), tc.ev)
		assert.EqualError(t, err, tc.want)
		assert.True(t, IsValidation(err), tc.want)
	}
	assert.Empty(t, h.requests())
}

func TestSandboxTriggerWebhookRefusesEveryEmptyPayloadID(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Sandbox.TriggerWebhook(context.Background(), &Event{
		Type: EventOnUsSuccess, Payload: EventPayload{Variant: &OnUsTransferPayload{OriginAccountID: "p1"}},
	})
	assert.Equal(t, []string{"OnUsTransferPayload.OnUsID", "OnUsTransferPayload.DestinationAccountID"}, issueFields(t, err))
	assert.EqualError(t, err, "jiko: OnUsTransferPayload.OnUsID: is empty; OnUsTransferPayload.DestinationAccountID: is empty")
	assert.Empty(t, h.requests())
}
