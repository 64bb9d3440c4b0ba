package jiko

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const subscriptionID = "aa11a4c2-a467-43db-b413-c4ab0f5cf627"

// payloadVariants names the variant each event type's payload decodes into.
var payloadVariants = map[EventName]EventPayloadVariant{
	EventApplicationApproved: &ApplicationUpdatePayload{}, EventApplicationDocumentsNeeded: &ApplicationUpdatePayload{},
	EventApplicationManualReview: &ApplicationUpdatePayload{}, EventApplicationRejected: &ApplicationUpdatePayload{},
	EventCardStatusClosed: &CardStatusUpdatePayload{}, EventCardStatusFrozen: &CardStatusUpdatePayload{},
	EventCardStatusLocked: &CardStatusUpdatePayload{}, EventCardStatusOpen: &CardStatusUpdatePayload{},
	EventCardTransactionApproved: &CardTransactionPayload{}, EventCardTransactionRejected: &CardTransactionPayload{},
	EventCardTransactionOnHold: &CardTransactionPayload{}, EventCardTransactionReversed: &CardTransactionPayload{},
	EventACHOutSuccess: &ACHOutgoingPayload{}, EventACHOutRejected: &ACHOutgoingPayload{}, EventACHOutSent: &ACHOutgoingPayload{},
	EventACHInSuccess: &ACHIncomingPayload{}, EventACHInRejected: &ACHIncomingPayload{},
	EventWireOutProcessing: &WireOutgoingPayload{}, EventWireOutSuccess: &WireOutgoingPayload{}, EventWireOutRejected: &WireOutgoingPayload{},
	EventOnUsProcessing: &OnUsTransferPayload{}, EventOnUsSuccess: &OnUsTransferPayload{}, EventOnUsRejected: &OnUsTransferPayload{},
}

func TestEventNamesAreTheGuidesTwentyThenTheV129Extras(t *testing.T) {
	// The current guide's list, in its order
	// (https://docs.jiko.io/guides/webhooks, "Available Webhook Subscriptions").
	guide := `application.approved application.documents_needed application.manual_review application.rejected
		card.status.closed card.status.frozen card.status.locked card.status.open
		card.transaction.approved card.transaction.rejected
		transfers.ach.out.success transfers.ach.out.rejected transfers.ach.in.success transfers.ach.in.rejected
		transfers.wire.out.processing transfers.wire.out.success transfers.wire.out.rejected
		transfers.on-us.processing transfers.on-us.success transfers.on-us.rejected
		transfers.ach.out.sent card.transaction.on_hold card.transaction.reversed`
	var got []string
	for _, k := range eventKinds {
		got = append(got, string(k.name))
	}
	assert.Equal(t, strings.Fields(guide), got)
	assert.Len(t, payloadVariants, len(eventKinds))
	assert.False(t, EventName("transfers.on-us.received").Known())
}

func TestEveryEventTypeFixtureDecodesStrictly(t *testing.T) {
	for name, variant := range payloadVariants {
		t.Run(string(name), func(t *testing.T) {
			raw := testutil.Load(t, filepath.ToSlash(filepath.Join("testdata", "webhooks", string(name)+".json")))
			ev := testutil.Strict[Event](t, raw)
			assert.Equal(t, name, ev.Type)
			assert.NotEmpty(t, ev.ID)
			assert.False(t, ev.Timestamp.IsZero())
			assert.IsType(t, variant, ev.Payload.Variant)
			require.NoError(t, ev.validate(), "a fixture is a valid event to send")
			parsed, err := ParseWebhook(raw)
			require.NoError(t, err)
			assert.Equal(t, ev, *parsed)
		})
	}
}

func TestEventPayloadFields(t *testing.T) {
	ev := testutil.Strict[Event](t, testutil.Load(t, "testdata/webhooks/card.transaction.approved.json"))
	assert.Equal(t, &CardTransactionPayload{CardID: "66f6e46c-f6a1-4af8-a1bd-49666bc01304", Amount: 100000,
		AccountID: "8a7ec6c0-2701-40a1-8954-68870964b50d"}, ev.Payload.Variant)
	ev = testutil.Strict[Event](t, testutil.Load(t, "testdata/webhooks/card.status.closed.json"))
	assert.Equal(t, &CardStatusUpdatePayload{CardID: "f1246d4a-97b9-461e-8afa-2e8dedfbaece", Status: CardStatusClosed}, ev.Payload.Variant)
	assert.Equal(t, time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC), ev.Timestamp.UTC())
	ev = testutil.Strict[Event](t, testutil.Load(t, "testdata/webhooks/transfers.on-us.success.json"))
	assert.Equal(t, "8a7ec6c0-2701-40a1-8954-68870964b50d", ev.Payload.Variant.(*OnUsTransferPayload).OriginAccountID)
}

func TestUnknownEventTypeKeepsItsRawPayload(t *testing.T) {
	raw := testutil.Load(t, "testdata/webhooks/unknown.json")
	ev := testutil.Strict[Event](t, raw)
	assert.Equal(t, EventName("transfers.on-us.received"), ev.Type)
	p, ok := ev.Payload.Variant.(*UnknownEventPayload)
	require.True(t, ok, "%T", ev.Payload.Variant)
	assert.Equal(t, string(ev.Type), p.Kind())
	assert.Equal(t, ev.Type, ev.Payload.Kind())
	assert.NoError(t, p.Err, "an unknown type is no decode error")
	assert.JSONEq(t, `{"receiving_pocket_id":"d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd","amount":{"value":10123,"currency":"USD"}}`, string(p.Raw))
}

func TestEventPayloadOfTheWrongShapeIsTheUnknownPayloadWithItsError(t *testing.T) {
	for name, payload := range map[string]string{
		"member of the wrong type": `{"card_id":"c","amount":"12","account_id":"a"}`,
		"not an object":            `"12"`,
	} {
		t.Run(name, func(t *testing.T) {
			body := `{"event_id":"e","event_type":"card.transaction.approved","timestamp":"2023-01-01T14:00:00Z","payload":` + payload + `}`
			var ev Event
			require.NoError(t, json.Unmarshal([]byte(body), &ev))
			p, ok := ev.Payload.Variant.(*UnknownEventPayload)
			require.True(t, ok, "%T", ev.Payload.Variant)
			assert.Equal(t, EventCardTransactionApproved, ev.Payload.Kind())
			assert.JSONEq(t, payload, string(p.Raw))
			require.Error(t, p.Err)
			assert.Contains(t, p.Err.Error(), `jiko: payload of event_type "card.transaction.approved": json: cannot unmarshal string`)
			assert.Equal(t, "card.transaction.approved", p.Kind())
			assert.Equal(t, p.Err, p.decodeErr())
			assert.Same(t, p, ev.Payload.variant())
			out, err := json.Marshal(ev)
			require.NoError(t, err)
			assert.JSONEq(t, body, string(out), "re-encoded as it came")
		})
	}
}

func TestEventsListFixtureDecodesStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[PartnerEvent]](t, testutil.Load(t, "events_list.json"))
	require.Len(t, page.Items, 1)
	pe := page.Items[0]
	assert.Equal(t, "PartnerEvent", pe.ObjectType)
	assert.Equal(t, EventApplicationApproved, pe.Event.Type)
	assert.Equal(t, &ApplicationUpdatePayload{ApplicationID: "48ac72d0-a829-4896-a067-dcb1c2b0f30c"}, pe.Event.Payload.Variant)
	require.Len(t, pe.DeliveryAttempts, 1)
	a := pe.DeliveryAttempts[0]
	assert.Equal(t, subscriptionID, a.SubscriptionID)
	assert.True(t, a.Success)
	assert.Equal(t, 200, a.ResponseCode)
	assert.Equal(t, "OK", *a.ResponseMessage)
	assert.True(t, pe.Delivered())
	assert.True(t, page.HasMore())
}

func TestEventTypesFixturesDecodeStrictly(t *testing.T) {
	for _, name := range []string{"event_types.json", "event_types_current.json"} {
		page := testutil.Strict[OffsetPage[EventType]](t, testutil.Load(t, name))
		assert.Equal(t, len(page.Items), page.Count, name)
		for _, it := range page.Items {
			assert.True(t, it.Event.Known(), "%s: %s", name, it.Event)
			assert.Equal(t, "EventType", it.ObjectType)
		}
	}
}

func TestEventsList(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/events/", status(200, fixture(t, "events_list.json")))
	after := time.Date(2023, 1, 1, 13, 30, 0, 0, time.UTC)
	page, err := h.c.Events.ListPage(context.Background(), &EventListParams{SubscriptionID: subscriptionID, After: after, Limit: 100})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/v1/events/", r.Path)
	assert.Equal(t, "after=2023-01-01T13%3A30%3A00Z&limit=100&subscription_id="+subscriptionID, r.Query)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.False(t, r.HasBody)
}

func TestEventsListFollowsCursors(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/events/",
		status(200, fixture(t, "events_list.json")),
		status(200, `{"prev_page":null,"next_page":null,"items":[],"object_type":"CursorList"}`))
	events, err := h.c.Events.List(context.Background(), nil).Collect()
	require.NoError(t, err)
	assert.Len(t, events, 1)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Empty(t, reqs[0].Query)
	assert.Equal(t, "cursor=cD0yMDIyLTEyLTE5KzE5JTNBNTQlM0EyNy4xODMyNzglMkIwMCUzQTAw", reqs[1].Query)
}

func TestEventsListTypes(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/events/types/", status(200, fixture(t, "event_types_current.json")))
	types, err := h.c.Events.ListTypes(context.Background()).Collect()
	require.NoError(t, err)
	require.Len(t, types, 20)
	assert.Equal(t, EventOnUsRejected, types[19].Event)
	r := h.last()
	assert.Equal(t, "/api/v1/events/types/", r.Path)
	assert.Empty(t, r.Query)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))

	page, err := h.c.Events.ListTypesPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 20, page.Count)
}

func TestEventsListRefusesABadLimit(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Events.ListPage(context.Background(), &EventListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: EventListParams.Limit: 101 is out of range 0..100")
	assert.True(t, IsValidation(err))
	_, err = h.c.Events.List(context.Background(), &EventListParams{Limit: -1}).Collect()
	assert.EqualError(t, err, "jiko: EventListParams.Limit: -1 is out of range 0..100")
	assert.Empty(t, h.requests())
}
