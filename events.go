package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
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
	new  func() EventPayloadVariant
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
func (n EventName) Known() bool { return eventPayloadUnion.has(n) }

// eventPayloadUnion decodes a payload into the variant of its event's
// type, indexing eventKinds by name.
var eventPayloadUnion = func() *unionTable[EventName, EventPayloadVariant] {
	m := make(map[EventName]func() EventPayloadVariant, len(eventKinds))
	for _, k := range eventKinds {
		m[k.name] = k.new
	}
	return newOutsideUnionTable("payload", "event_type", m, func(raw RawVariant) EventPayloadVariant {
		return &UnknownEventPayload{RawVariant: raw}
	})
}()

// EventPayloadVariant is one variant of an event's payload: one of
// [*ApplicationUpdatePayload], [*CardStatusUpdatePayload],
// [*CardTransactionPayload], [*ACHIncomingPayload], [*ACHOutgoingPayload],
// [*WireOutgoingPayload], [*OnUsTransferPayload], chosen by the event's
// type, or [*UnknownEventPayload] for a type this package does not know or
// a payload that does not fit its type's variant.
type EventPayloadVariant interface {
	isEventPayloadVariant()
}

// EventPayload is the payload of an [Event]: a union keyed by the
// envelope's event_type, held in Variant. Switch on the variant:
//
//	switch p := ev.Payload.Variant.(type) {
//	case *jiko.ApplicationUpdatePayload:
//		approve(p.ApplicationID)
//	case *jiko.ACHIncomingPayload:
//		refresh(p.JikoAccountID)
//	case *jiko.UnknownEventPayload:
//		log.Printf("%s payload not decoded (%v): %s", p.Kind(), p.Err, p.Raw)
//	}
type EventPayload struct {
	// Variant is the payload's variant; see EventPayloadVariant.
	Variant EventPayloadVariant
}

// Kind returns the event type of an unknown payload as it came, or the one
// event type a known variant serves. A variant several event types share
// (ApplicationUpdatePayload serves the four application.* events) gives
// "": the payload's kind is its Event's Type, which says which.
func (p EventPayload) Kind() EventName { return eventPayloadUnion.kindOf(p.Variant) }

func (p EventPayload) variant() any { return p.Variant }

// MarshalJSON encodes the variant (an unknown one as it came).
func (p EventPayload) MarshalJSON() ([]byte, error) { return marshalVariant(p.Variant) }

// ApplicationUpdatePayload is the payload of the application.* events: an
// onboarding application was approved, needs documents, went to manual
// review or was rejected.
type ApplicationUpdatePayload struct {
	// ApplicationID is the application whose status changed; read it with
	// the onboarding operations to see the new status.
	ApplicationID string `json:"application_id"`
}

func newApplicationUpdate() EventPayloadVariant { return new(ApplicationUpdatePayload) }

func (*ApplicationUpdatePayload) isEventPayloadVariant() {}

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

func newCardStatusUpdate() EventPayloadVariant { return new(CardStatusUpdatePayload) }

func (*CardStatusUpdatePayload) isEventPayloadVariant() {}

func (p *CardStatusUpdatePayload) validate() error {
	var status error
	if p.Status == "" {
		status = invalid("CardStatusUpdatePayload.Status", "is empty")
	}
	return checkAll(requirePayloadIDs("CardStatusUpdatePayload", "CardID", p.CardID), status)
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

func newCardTransaction() EventPayloadVariant { return new(CardTransactionPayload) }

func (*CardTransactionPayload) isEventPayloadVariant() {}

func (p *CardTransactionPayload) validate() error {
	return requirePayloadIDs("CardTransactionPayload", "CardID", p.CardID, "AccountID", p.AccountID)
}

// ACHIncomingPayload is the payload of the transfers.ach.in.* events: an
// incoming ACH transfer settled into a Pocket or was rejected.
type ACHIncomingPayload struct {
	// JikoAccountID is the Pocket the transfer credits (a v1 account id).
	JikoAccountID string `json:"jiko_account_id"`
}

func newACHIncoming() EventPayloadVariant { return new(ACHIncomingPayload) }

func (*ACHIncomingPayload) isEventPayloadVariant() {}

func (p *ACHIncomingPayload) validate() error {
	return requirePayloadIDs("ACHIncomingPayload", "JikoAccountID", p.JikoAccountID)
}

// ACHOutgoingPayload is the payload of the transfers.ach.out.* events: an
// ACH transfer out of a Pocket settled or was rejected.
type ACHOutgoingPayload struct {
	// JikoAccountID is the Pocket the transfer debits (a v1 account id).
	JikoAccountID string `json:"jiko_account_id"`
}

func newACHOutgoing() EventPayloadVariant { return new(ACHOutgoingPayload) }

func (*ACHOutgoingPayload) isEventPayloadVariant() {}

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

func newWireOutgoing() EventPayloadVariant { return new(WireOutgoingPayload) }

func (*WireOutgoingPayload) isEventPayloadVariant() {}

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

func newOnUsTransfer() EventPayloadVariant { return new(OnUsTransferPayload) }

func (*OnUsTransferPayload) isEventPayloadVariant() {}

func (p *OnUsTransferPayload) validate() error {
	return requirePayloadIDs("OnUsTransferPayload", "OnUsID", p.OnUsID,
		"OriginAccountID", p.OriginAccountID, "DestinationAccountID", p.DestinationAccountID)
}

// UnknownEventPayload is the payload of an event type this package does
// not know, or one that does not fit its type's variant (Err says why),
// kept as the API sent it so that neither breaks a caller. It also lets
// [SandboxService.TriggerWebhook] send a payload of any shape.
type UnknownEventPayload struct {
	RawVariant
}

func (*UnknownEventPayload) isEventPayloadVariant() {}

func (p *UnknownEventPayload) validate() error {
	var obj map[string]json.RawMessage
	if json.Unmarshal(p.Raw, &obj) != nil || obj == nil {
		return invalid("UnknownEventPayload.Raw", "is not a JSON object")
	}
	return nil
}

// requirePayloadIDs refuses every empty id of name/value pairs, naming each as
// typ.name.
func requirePayloadIDs(typ string, pairs ...string) error {
	var errs []error
	for i := 0; i+1 < len(pairs); i += 2 {
		errs = append(errs, checkRequired(typ+"."+pairs[i], pairs[i+1]))
	}
	return checkAll(errs...)
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
	Timestamp Timestamp `json:"timestamp"`
	// Payload holds the event's details, its variant typed by Type (see
	// EventPayload).
	Payload EventPayload `json:"payload"`
}

// eventWire is the envelope as the API writes it, in its key order.
type eventWire struct {
	EventID   string          `json:"event_id"`
	Timestamp *Timestamp      `json:"timestamp"` // nil: absent (or null)
	Payload   json.RawMessage `json:"payload"`
	EventType EventName       `json:"event_type"`
}

// UnmarshalJSON decodes the envelope and its payload into the variant its
// event_type names. An unknown type, or a payload that does not fit its
// type's variant, is kept in an [*UnknownEventPayload] with the reason:
// only an envelope that is not a JSON object of the expected shape is an
// error.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w eventWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	e.fromWire(&w)
	return nil
}

// fromWire sets e from a decoded envelope, decoding its payload.
func (e *Event) fromWire(w *eventWire) {
	*e = Event{ID: w.EventID, Type: w.EventType}
	if w.Timestamp != nil {
		e.Timestamp = *w.Timestamp
	}
	// An outside table decodes anything but null into a variant.
	e.Payload.Variant, _ = eventPayloadUnion.decode(bytes.TrimSpace(w.Payload), w.EventType)
}

// MarshalJSON encodes the envelope as the API writes it.
func (e Event) MarshalJSON() ([]byte, error) {
	b, err := e.Payload.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return json.Marshal(eventWire{EventID: e.ID, Timestamp: &e.Timestamp, EventType: e.Type, Payload: b})
}

// validate checks an event to send: a type, and a payload of that type's
// variant with its ids.
func (e *Event) validate() error {
	p := e.Payload.Variant
	switch {
	case strings.TrimSpace(string(e.Type)) == "":
		return invalid("Event.Type", "is empty")
	case p == nil || isNilPointer(p):
		return invalid("Event.Payload", "is nil")
	}
	var want EventPayloadVariant = &UnknownEventPayload{}
	if mk, ok := eventPayloadUnion.variants[e.Type]; ok {
		want = mk()
	}
	if reflect.TypeOf(want) != reflect.TypeOf(p) {
		return invalid("Event.Payload", "%T is not the payload of %s events; use %T", p, e.Type, want)
	}
	return p.(validator).validate()
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

// List iterates over past events, each with its delivery attempts
// (GET /api/v1/events/), following the cursors page by page. params may be
// nil. Use it to catch up on events a webhook missed, or to see why a
// delivery failed. Errors arrive with the iteration; [IsValidation] reports
// a refused params field.
func (s *EventsService) List(ctx context.Context, params *EventListParams, opts ...CallOption) *CursorIter[PartnerEvent] {
	return list[PartnerEvent](ctx, s.client, at(ops.EventsList), params, opts)
}

// ListPage fetches one page of past events (GET /api/v1/events/). Pass the
// page's NextPage as params.Cursor for the next one. [IsValidation] reports
// a refused params field.
func (s *EventsService) ListPage(ctx context.Context, params *EventListParams, opts ...CallOption) (*CursorPage[PartnerEvent], error) {
	return page[PartnerEvent](ctx, s.client, at(ops.EventsList), params, opts)
}

// ListTypes iterates over the event types a [Subscription] can listen to
// (GET /api/v1/events/types/). Errors arrive with the iteration; none is
// specific to this operation.
func (s *EventsService) ListTypes(ctx context.Context, opts ...CallOption) *OffsetIter[EventType] {
	return offsetList[EventType](ctx, s.client, at(ops.EventsListTypes), nil, opts)
}

// ListTypesPage fetches the first page of event types
// (GET /api/v1/events/types/); the API returns them all at once. No error
// is specific to this operation.
func (s *EventsService) ListTypesPage(ctx context.Context, opts ...CallOption) (*OffsetPage[EventType], error) {
	return offsetPage[EventType](ctx, s.client, at(ops.EventsListTypes), nil, opts)
}
