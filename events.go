package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// EventName is the type of an event, such as "application.approved": the
// event_type of a webhook and the names a [Subscription] listens to. (The
// API's [EventType] object, returned by [EventsService.ListTypes], carries one
// in its event field.) A partner switches on it, or on the payload's Go
// type, to route each event.
type EventName string

// The event types of the current webhooks guide, in its order: the ones
// List Event Types returns and a Subscription can listen to.
const (
	EventApplicationApproved        EventName = "application.approved"
	EventApplicationDocumentsNeeded EventName = "application.documents_needed"
	EventApplicationManualReview    EventName = "application.manual_review"
	EventApplicationRejected        EventName = "application.rejected"
	EventCardStatusClosed           EventName = "card.status.closed"
	EventCardStatusFrozen           EventName = "card.status.frozen"
	EventCardStatusLocked           EventName = "card.status.locked"
	EventCardStatusOpen             EventName = "card.status.open"
	EventCardTransactionApproved    EventName = "card.transaction.approved"
	EventCardTransactionRejected    EventName = "card.transaction.rejected"
	EventACHOutSuccess              EventName = "transfers.ach.out.success"
	EventACHOutRejected             EventName = "transfers.ach.out.rejected"
	EventACHInSuccess               EventName = "transfers.ach.in.success"
	EventACHInRejected              EventName = "transfers.ach.in.rejected"
	EventWireOutProcessing          EventName = "transfers.wire.out.processing"
	EventWireOutSuccess             EventName = "transfers.wire.out.success"
	EventWireOutRejected            EventName = "transfers.wire.out.rejected"
	EventOnUsProcessing             EventName = "transfers.on-us.processing"
	EventOnUsSuccess                EventName = "transfers.on-us.success"
	EventOnUsRejected               EventName = "transfers.on-us.rejected"
)

// Event types that only the v1.29 OpenAPI file's EventDetails schema lists.
// The current guide does not offer them and List Event Types does not
// return them; they are decoded into their typed payloads if they arrive.
const (
	EventACHOutSent              EventName = "transfers.ach.out.sent"
	EventCardTransactionOnHold   EventName = "card.transaction.on_hold"
	EventCardTransactionReversed EventName = "card.transaction.reversed"
)

// Every event type of the reference, with the variant of EventPayload that
// carries its payload. The order is the guide's, then the v1.29-only types.
var eventKinds = []struct {
	name EventName
	new  func() EventPayload
}{
	{EventApplicationApproved, newApplicationUpdate},
	{EventApplicationDocumentsNeeded, newApplicationUpdate},
	{EventApplicationManualReview, newApplicationUpdate},
	{EventApplicationRejected, newApplicationUpdate},
	{EventCardStatusClosed, newCardStatusUpdate},
	{EventCardStatusFrozen, newCardStatusUpdate},
	{EventCardStatusLocked, newCardStatusUpdate},
	{EventCardStatusOpen, newCardStatusUpdate},
	{EventCardTransactionApproved, newCardTransaction},
	{EventCardTransactionRejected, newCardTransaction},
	{EventACHOutSuccess, newACHOutgoing},
	{EventACHOutRejected, newACHOutgoing},
	{EventACHInSuccess, newACHIncoming},
	{EventACHInRejected, newACHIncoming},
	{EventWireOutProcessing, newWireOutgoing},
	{EventWireOutSuccess, newWireOutgoing},
	{EventWireOutRejected, newWireOutgoing},
	{EventOnUsProcessing, newOnUsTransfer},
	{EventOnUsSuccess, newOnUsTransfer},
	{EventOnUsRejected, newOnUsTransfer},
	{EventACHOutSent, newACHOutgoing},
	{EventCardTransactionOnHold, newCardTransaction},
	{EventCardTransactionReversed, newCardTransaction},
}

// Known reports whether n is one of the event types of the reference: one
// a [SubscriptionCreateRequest] may name, and whose payload decodes into a
// typed variant.
func (n EventName) Known() bool { return newEventPayload(n) != nil }

// newEventPayload returns an empty payload of the variant that carries n, or nil
// for a type the package does not know.
func newEventPayload(n EventName) EventPayload {
	if mk := eventPayloadMakers[n]; mk != nil {
		return mk()
	}
	return nil
}

// eventPayloadMakers indexes eventKinds by name.
var eventPayloadMakers = func() map[EventName]func() EventPayload {
	m := make(map[EventName]func() EventPayload, len(eventKinds))
	for _, k := range eventKinds {
		m[k.name] = k.new
	}
	return m
}()

// EventPayload is the payload of an [Event]: one of
// [*ApplicationUpdatePayload], [*CardStatusUpdatePayload],
// [*CardTransactionPayload], [*ACHIncomingPayload], [*ACHOutgoingPayload],
// [*WireOutgoingPayload], [*OnUsTransferPayload], chosen by the event's
// type, or [*UnknownEventPayload] for a type this package does not know.
// Switch on the concrete type:
//
//	switch p := ev.Payload.(type) {
//	case *jiko.ApplicationUpdatePayload:
//		approve(p.ApplicationID)
//	case *jiko.ACHIncomingPayload:
//		refresh(p.JikoAccountID)
//	}
type EventPayload interface {
	// validate checks a payload to send; it also seals the interface.
	validate() error
}

// ApplicationUpdatePayload is the payload of the application.* events: an
// onboarding application was approved, needs documents, went to manual
// review or was rejected.
type ApplicationUpdatePayload struct {
	// ApplicationID is the application whose status changed; read it with
	// the onboarding operations to see the new status.
	ApplicationID string `json:"application_id"`
}

func newApplicationUpdate() EventPayload { return new(ApplicationUpdatePayload) }

func (p *ApplicationUpdatePayload) validate() error {
	return requirePayloadIDs("ApplicationUpdatePayload", "ApplicationID", p.ApplicationID)
}

// CardStatusUpdatePayload is the payload of the card.status.* events: a
// card was opened, locked, frozen or closed.
type CardStatusUpdatePayload struct {
	// CardID is the card whose status changed.
	CardID string `json:"card_id"`
	// Status is the card's new status.
	Status CardStatus `json:"status"`
}

func newCardStatusUpdate() EventPayload { return new(CardStatusUpdatePayload) }

func (p *CardStatusUpdatePayload) validate() error {
	if err := requirePayloadIDs("CardStatusUpdatePayload", "CardID", p.CardID); err != nil {
		return err
	}
	if p.Status == "" {
		return invalid("CardStatusUpdatePayload.Status", "is empty")
	}
	return nil
}

// CardTransactionPayload is the payload of the card.transaction.* events:
// a card payment was approved or declined.
type CardTransactionPayload struct {
	// CardID is the card that was used.
	CardID string `json:"card_id"`
	// Amount is the transaction's amount in cents.
	Amount int64 `json:"amount"`
	// AccountID is the Pocket the card draws on (a v1 account id).
	AccountID string `json:"account_id"`
}

func newCardTransaction() EventPayload { return new(CardTransactionPayload) }

func (p *CardTransactionPayload) validate() error {
	return requirePayloadIDs("CardTransactionPayload", "CardID", p.CardID, "AccountID", p.AccountID)
}

// ACHIncomingPayload is the payload of the transfers.ach.in.* events: an
// incoming ACH transfer settled into a Pocket or was rejected.
type ACHIncomingPayload struct {
	// JikoAccountID is the Pocket the transfer credits (a v1 account id).
	JikoAccountID string `json:"jiko_account_id"`
}

func newACHIncoming() EventPayload { return new(ACHIncomingPayload) }

func (p *ACHIncomingPayload) validate() error {
	return requirePayloadIDs("ACHIncomingPayload", "JikoAccountID", p.JikoAccountID)
}

// ACHOutgoingPayload is the payload of the transfers.ach.out.* events: an
// ACH transfer out of a Pocket settled or was rejected.
type ACHOutgoingPayload struct {
	// JikoAccountID is the Pocket the transfer debits (a v1 account id).
	JikoAccountID string `json:"jiko_account_id"`
}

func newACHOutgoing() EventPayload { return new(ACHOutgoingPayload) }

func (p *ACHOutgoingPayload) validate() error {
	return requirePayloadIDs("ACHOutgoingPayload", "JikoAccountID", p.JikoAccountID)
}

// WireOutgoingPayload is the payload of the transfers.wire.out.* events: an
// outgoing wire is processing, was sent or was rejected.
type WireOutgoingPayload struct {
	// JikoAccountID is the Pocket the wire debits (a v1 account id).
	JikoAccountID string `json:"jiko_account_id"`
	// WireID is the wire transfer.
	WireID string `json:"wire_id"`
}

func newWireOutgoing() EventPayload { return new(WireOutgoingPayload) }

func (p *WireOutgoingPayload) validate() error {
	return requirePayloadIDs("WireOutgoingPayload", "JikoAccountID", p.JikoAccountID, "WireID", p.WireID)
}

// OnUsTransferPayload is the payload of the transfers.on-us.* events: a
// transfer between two Pockets is processing, completed or was rejected.
type OnUsTransferPayload struct {
	// OnUsID is the on-us transfer.
	OnUsID string `json:"on_us_id"`
	// OriginAccountID is the Pocket the money leaves.
	OriginAccountID string `json:"origin_account_id"`
	// DestinationAccountID is the Pocket the money goes to.
	DestinationAccountID string `json:"destination_account_id"`
}

func newOnUsTransfer() EventPayload { return new(OnUsTransferPayload) }

func (p *OnUsTransferPayload) validate() error {
	return requirePayloadIDs("OnUsTransferPayload", "OnUsID", p.OnUsID,
		"OriginAccountID", p.OriginAccountID, "DestinationAccountID", p.DestinationAccountID)
}

// UnknownEventPayload is the payload of an event type this package does not
// know, kept as the API sent it so that a new type never breaks a caller.
// It also lets [SandboxService.TriggerWebhook] send a payload of any shape.
type UnknownEventPayload struct {
	// Raw is the payload's JSON object.
	Raw json.RawMessage
}

// MarshalJSON returns Raw.
func (p *UnknownEventPayload) MarshalJSON() ([]byte, error) { return rawOrNull(p.Raw), nil }

// UnmarshalJSON keeps a copy of b.
func (p *UnknownEventPayload) UnmarshalJSON(b []byte) error {
	p.Raw = bytes.Clone(b)
	return nil
}

func (p *UnknownEventPayload) validate() error {
	var obj map[string]json.RawMessage
	if json.Unmarshal(p.Raw, &obj) != nil || obj == nil {
		return invalid("UnknownEventPayload.Raw", "is not a JSON object")
	}
	return nil
}

// requirePayloadIDs refuses the first empty id of name/value pairs, naming it as
// typ.name.
func requirePayloadIDs(typ string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return invalid(typ+"."+pairs[i], "is empty")
		}
	}
	return nil
}

// Event is one event as Jiko delivers it to a webhook and lists it: its
// id, type, time and payload. [WebhookHandler] hands one to the partner's
// function; [ParseWebhook] decodes one from a delivery's body;
// [SandboxService.TriggerWebhook] sends one.
type Event struct {
	// ID identifies the event (event_id). A delivery Jiko repeats carries
	// the same ID: use it to handle each event once.
	ID string `json:"event_id"`
	// Type is the event's type (event_type), such as application.approved.
	Type EventName `json:"event_type"`
	// Timestamp is when the event happened.
	Timestamp time.Time `json:"timestamp"`
	// Payload holds the event's details, typed by Type (see EventPayload).
	Payload EventPayload `json:"payload"`
}

// eventWire is the envelope as the API writes it, in its key order.
type eventWire struct {
	EventID   string          `json:"event_id"`
	Timestamp time.Time       `json:"timestamp"`
	Payload   json.RawMessage `json:"payload"`
	EventType EventName       `json:"event_type"`
}

// UnmarshalJSON decodes the envelope and its payload into the variant its
// event_type names; an unknown type keeps the payload in an
// [*UnknownEventPayload]. A payload that does not fit its type's variant is
// an error.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w eventWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	return e.fromWire(&w)
}

// fromWire sets e from a decoded envelope, decoding its payload.
func (e *Event) fromWire(w *eventWire) error {
	*e = Event{ID: w.EventID, Type: w.EventType, Timestamp: w.Timestamp}
	raw := bytes.TrimSpace(w.Payload)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	p := newEventPayload(w.EventType)
	if p == nil {
		p = &UnknownEventPayload{}
	}
	if err := json.Unmarshal(raw, p); err != nil {
		return fmt.Errorf("payload of %s event: %w", w.EventType, err)
	}
	e.Payload = p
	return nil
}

// MarshalJSON encodes the envelope as the API writes it.
func (e Event) MarshalJSON() ([]byte, error) {
	w := eventWire{EventID: e.ID, Timestamp: e.Timestamp, EventType: e.Type, Payload: json.RawMessage("null")}
	if e.Payload != nil {
		b, err := json.Marshal(e.Payload)
		if err != nil {
			return nil, err
		}
		w.Payload = b
	}
	return json.Marshal(w)
}

// validate checks an event to send: a type, and a payload of that type's
// variant with its ids.
func (e *Event) validate() error {
	switch {
	case strings.TrimSpace(string(e.Type)) == "":
		return invalid("Event.Type", "is empty")
	case e.Payload == nil || isNilPointer(e.Payload):
		return invalid("Event.Payload", "is nil")
	}
	want := newEventPayload(e.Type)
	if want == nil {
		want = &UnknownEventPayload{}
	}
	if reflect.TypeOf(want) != reflect.TypeOf(e.Payload) {
		return invalid("Event.Payload", "%T is not the payload of %s events; use %T", e.Payload, e.Type, want)
	}
	return e.Payload.validate()
}

// EventType is an event type a [Subscription] can listen to, as
// [EventsService.ListTypes] returns it.
type EventType struct {
	// Event is the type's name, such as application.approved.
	Event EventName `json:"event"`
	// ObjectType is "EventType".
	ObjectType string `json:"object_type"`
}

// PartnerEvent is an event with the attempts Jiko made to deliver it to the
// partner's subscriptions, as [EventsService.List] returns it: for catching
// up on events a webhook missed, or finding out why a delivery failed.
type PartnerEvent struct {
	// Event is the event that was delivered.
	Event Event `json:"event"`
	// DeliveryAttempts are the calls Jiko made to subscription URLs, one per
	// try, including the retries.
	DeliveryAttempts []DeliveryAttempt `json:"delivery_attempts"`
	// ObjectType is "PartnerEvent".
	ObjectType string `json:"object_type"`
}

// Delivered reports whether some attempt to deliver the event succeeded;
// an event that was never delivered is one to handle from the list.
func (p *PartnerEvent) Delivered() bool {
	return slices.ContainsFunc(p.DeliveryAttempts, func(a DeliveryAttempt) bool { return a.Success })
}

// DeliveryAttempt is one call Jiko made to a subscription's URL, with the
// answer it got: what a partner reads to debug its webhook receiver.
type DeliveryAttempt struct {
	// ID identifies the attempt.
	ID string `json:"delivery_attempt_id"`
	// SubscriptionID is the subscription whose URL was called.
	SubscriptionID string `json:"subscription_id"`
	// Success is true when the URL answered with a 2xx status.
	Success bool `json:"success"`
	// ResponseCode is the status the URL answered with (0 when it did not
	// answer).
	ResponseCode int `json:"response_code"`
	// ResponseMessage is the answer's status text or error, when any.
	ResponseMessage *string `json:"response_message"`
	// CalledAt is when the call was made.
	CalledAt Timestamp `json:"called_at"`
}

// EventListParams filters and pages [EventsService.List] and
// [EventsService.ListPage].
type EventListParams struct {
	// SubscriptionID keeps the events delivered to this subscription
	// (subscription_id).
	SubscriptionID string `json:"subscription_id,omitempty" url:"subscription_id,omitempty"`
	// After keeps the events that happened after this time (after).
	After time.Time `json:"after,omitzero" url:"after,omitempty"`
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 1 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

// MaxEventListLimit is the largest page size of List Events and List
// Subscriptions.
const MaxEventListLimit = 100

func (p *EventListParams) validate() error {
	return checkLimit("EventListParams.Limit", p.Limit, MaxEventListLimit)
}

// EventsService reaches the Events operations: the events Jiko recorded for
// the partner and their webhook deliveries. Reach it as c.Events.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/events
type EventsService service

const eventsPath = "/api/v1/events/"

// List iterates over past events, each with its delivery attempts
// (GET /api/v1/events/), following the cursors page by page. params may be
// nil. Use it to catch up on events a webhook missed, or to see why a
// delivery failed. Errors arrive with the iteration; [IsValidation] reports
// a refused params field.
func (s *EventsService) List(ctx context.Context, params *EventListParams, opts ...Option) *CursorIter[PartnerEvent] {
	return list[PartnerEvent](ctx, s.client, at(eventsPath), params, opts)
}

// ListPage fetches one page of past events (GET /api/v1/events/). Pass the
// page's NextPage as params.Cursor for the next one. [IsValidation] reports
// a refused params field.
func (s *EventsService) ListPage(ctx context.Context, params *EventListParams, opts ...Option) (*CursorPage[PartnerEvent], error) {
	return page[PartnerEvent](ctx, s.client, at(eventsPath), params, opts)
}

// ListTypes iterates over the event types a [Subscription] can listen to
// (GET /api/v1/events/types/). Errors arrive with the iteration; none is
// specific to this operation.
func (s *EventsService) ListTypes(ctx context.Context, opts ...Option) *OffsetIter[EventType] {
	return offsetList[EventType](ctx, s.client, at("/api/v1/events/types/"), nil, opts)
}

// ListTypesPage fetches the first page of event types
// (GET /api/v1/events/types/); the API returns them all at once. No error
// is specific to this operation.
func (s *EventsService) ListTypesPage(ctx context.Context, opts ...Option) (*OffsetPage[EventType], error) {
	return offsetPage[EventType](ctx, s.client, at("/api/v1/events/types/"), nil, opts)
}
