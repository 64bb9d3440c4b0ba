package jikotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// subscribableEvents are the event types of the current webhooks guide, in
// its order: what List Event Types returns and a subscription may listen
// to.
var subscribableEvents = []string{
	"application.approved", "application.documents_needed", "application.manual_review", "application.rejected",
	"card.status.closed", "card.status.frozen", "card.status.locked", "card.status.open",
	"card.transaction.approved", "card.transaction.rejected",
	"transfers.ach.out.success", "transfers.ach.out.rejected", "transfers.ach.in.success", "transfers.ach.in.rejected",
	"transfers.wire.out.processing", "transfers.wire.out.success", "transfers.wire.out.rejected",
	"transfers.on-us.processing", "transfers.on-us.success", "transfers.on-us.rejected",
}

// triggerableEvents are the types of the v1.29 EventDetails schema, the
// body of Trigger Webhook: the guide's 20 and three it does not list.
var triggerableEvents = append(slices.Clip(subscribableEvents),
	"transfers.ach.out.sent", "card.transaction.on_hold", "card.transaction.reversed")

// payloadSchemas are the required payload fields of each family of event
// types (v1.29 EventDetails): each an id (a UUID), a card status (one of
// cardStatuses, cards.go) or an integer amount.
var payloadSchemas = []struct {
	prefix string
	fields []string
}{
	{"application.", []string{"application_id"}},
	{"card.status.", []string{"card_id", "status"}},
	{"card.transaction.", []string{"card_id", "amount", "account_id"}},
	{"transfers.ach.", []string{"jiko_account_id"}},
	{"transfers.wire.out.", []string{"jiko_account_id", "wire_id"}},
	{"transfers.on-us.", []string{"on_us_id", "origin_account_id", "destination_account_id"}},
}

// eventWire is an event as it is delivered and listed (the EventDetails
// envelope, in the API's key order).
type eventWire struct {
	EventID   string         `json:"event_id"`
	Timestamp string         `json:"timestamp"`
	Payload   map[string]any `json:"payload"`
	EventType string         `json:"event_type"`
}

// partnerEventWire is an item of List Events.
type partnerEventWire struct {
	Event            eventWire     `json:"event"`
	DeliveryAttempts []attemptWire `json:"delivery_attempts"`
	ObjectType       string        `json:"object_type"`
}

// attemptWire is one call to a subscription's URL.
type attemptWire struct {
	DeliveryAttemptID string  `json:"delivery_attempt_id"`
	SubscriptionID    string  `json:"subscription_id"`
	Success           bool    `json:"success"`
	ResponseCode      int     `json:"response_code"`
	ResponseMessage   *string `json:"response_message"`
	CalledAt          string  `json:"called_at"`
}

// eventTypeWire is an item of List Event Types.
type eventTypeWire struct {
	Event      string `json:"event"`
	ObjectType string `json:"object_type"`
}

func (e *event) wire() eventWire {
	return eventWire{EventID: e.ID, Timestamp: webhookTime(e.Timestamp), Payload: e.Payload, EventType: e.Type}
}

func init() { resources = append(resources, registerEvents) }

// registerEvents adds the Events operations and Trigger Webhook, and has
// every recorded event delivered to the subscriptions for its type.
func registerEvents(s *Server) {
	s.mount(ops.EventsList, s.listEvents)
	s.mount(ops.EventsListTypes, func(w http.ResponseWriter, r *http.Request) {
		items := make([]eventTypeWire, len(subscribableEvents))
		for i, e := range subscribableEvents {
			items[i] = eventTypeWire{Event: e, ObjectType: "EventType"}
		}
		writeJSON(w, http.StatusOK, offsetList(items))
	})
	s.mount(ops.SandboxTriggerWebhook, s.triggerWebhook)
	s.state.events.notify = s.scheduleDeliveries
}

// listEvents lists the events newest first (inferred from the v1.29
// example's cursors, whose next page starts at an earlier time), each with
// its delivery attempts. subscription_id keeps the events sent to that
// subscription, with its attempts only; after keeps the events that
// happened after that time.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, defaultListLimit, maxSubscriptionsLimit)
	if !ok {
		return
	}
	q := r.URL.Query()
	subID := q.Get("subscription_id")
	if _, err := uuid.Parse(subID); subID != "" && err != nil {
		validationError(w, issue{Loc: []any{"query", "subscription_id"}, Msg: "value is not a valid uuid", Type: "type_error.uuid"})
		return
	}
	var after time.Time
	if v := q.Get("after"); v != "" {
		t, ok := parseWebhookTime(v)
		if !ok {
			validationError(w, issue{Loc: []any{"query", "after"}, Msg: "invalid datetime format", Type: "value_error.datetime"})
			return
		}
		after = t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var items []partnerEventWire
	for _, e := range slices.Backward(s.state.events.events) {
		if !after.IsZero() && !e.Timestamp.After(after) {
			continue
		}
		rec := s.state.delivery.records[e]
		if subID != "" && (rec == nil || !slices.Contains(rec.targets, subID)) {
			continue
		}
		item := partnerEventWire{Event: e.wire(), DeliveryAttempts: []attemptWire{}, ObjectType: "PartnerEvent"}
		if rec != nil {
			for _, a := range rec.attempts {
				if subID == "" || a.subscriptionID == subID {
					item.DeliveryAttempts = append(item.DeliveryAttempts, a.wire())
				}
			}
		}
		items = append(items, item)
	}
	writeJSON(w, http.StatusOK, paginate(items, lp))
}

// parseWebhookTime reads an ISO 8601 time; one without an offset is UTC.
func parseWebhookTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// triggerWebhook records the event of the body (an EventDetails: the
// event's id, time, type and payload, checked as the schema does) and so
// delivers it to every enabled subscription for its type. 202.
func (s *Server) triggerWebhook(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	e := readEventDetails(b)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.events.add(e)
	s.effects++
	w.WriteHeader(http.StatusAccepted)
}

// readEventDetails reads a Trigger Webhook body.
func readEventDetails(b bodyReader) *event {
	e := &event{Type: b.str("event_type", true, 0), ID: b.str("event_id", true, 0)}
	if b.isString("event_type") && !slices.Contains(triggerableEvents, e.Type) {
		b.outside("event_type", triggerableEvents...)
	}
	if _, err := uuid.Parse(e.ID); err != nil && b.isString("event_id") {
		b.add("event_id", "value is not a valid uuid", "type_error.uuid")
	}
	ts := b.str("timestamp", true, 0)
	if t, ok := parseWebhookTime(ts); ok {
		e.Timestamp = t
	} else if b.isString("timestamp") {
		b.add("timestamp", "invalid datetime format", "value_error.datetime")
	}
	if !b.has("payload") {
		b.missing("payload")
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(b.fields["payload"]))
	dec.UseNumber() // the payload is delivered as it came
	if dec.Decode(&e.Payload) != nil || e.Payload == nil {
		b.add("payload", "value is not a valid dict", "type_error.dict")
		return e
	}
	*b.issues = append(*b.issues, payloadIssues(e.Type, e.Payload)...)
	return e
}

// payloadIssues checks the required fields of a payload of type typ.
func payloadIssues(typ string, payload map[string]any) []issue {
	var issues []issue
	for _, schema := range payloadSchemas {
		if !strings.HasPrefix(typ, schema.prefix) {
			continue
		}
		for _, f := range schema.fields {
			loc := []any{"body", "payload", f}
			v, present := payload[f]
			switch s, isString := v.(string); {
			case !present:
				issues = append(issues, issue{Loc: loc, Msg: "field required", Type: "value_error.missing"})
			case f == "amount":
				if n, ok := v.(json.Number); !ok || strings.ContainsAny(n.String(), ".eE") {
					issues = append(issues, issue{Loc: loc, Msg: "value is not a valid integer", Type: "type_error.integer"})
				}
			case f == "status":
				if !slices.Contains(cardStatuses, s) {
					issues = append(issues, enumIssue(loc, cardStatuses...))
				}
			case !isString || uuid.Validate(s) != nil:
				issues = append(issues, issue{Loc: loc, Msg: "value is not a valid uuid", Type: "type_error.uuid"})
			}
		}
	}
	return issues
}
