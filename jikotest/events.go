package jikotest

import (
	"time"

	"github.com/google/uuid"
)

// event is something that happened in the fake that Jiko would report
// through its events and webhooks, such as "transfers.ach.in.success".
type event struct {
	ID        string
	Type      string
	Timestamp time.Time
	// Payload is the event's payload object, as it is delivered.
	Payload map[string]any
}

// eventLog records events in order. The server's lock guards it.
type eventLog struct {
	events []*event
	// notify, when set, is told of each new event (webhook delivery).
	notify func(*event)
}

// record adds an event of type typ with its payload.
func (l *eventLog) record(now time.Time, typ string, payload map[string]any) *event {
	return l.add(&event{ID: uuid.NewString(), Type: typ, Timestamp: now, Payload: payload})
}

// add appends e, an event whose id and time are already set (a sandbox
// trigger chooses them), and tells notify.
func (l *eventLog) add(e *event) *event {
	l.events = append(l.events, e)
	if l.notify != nil {
		l.notify(e)
	}
	return e
}

// RecordedEvent is an event the server recorded, as [Server.Events] returns
// it: for asserting that an operation or a control (such as
// [Server.Settle]) reported what Jiko would report, with or without a
// webhook receiver.
type RecordedEvent struct {
	// ID is the event_id.
	ID string
	// Type is the event_type, such as "application.approved".
	Type string
	// Timestamp is when it happened, on the server's clock.
	Timestamp time.Time
	// Payload is the payload object.
	Payload map[string]any
}

// Events returns the events recorded so far, oldest first. Each is also
// delivered to the subscriptions for its type. The payloads are copies: a
// test may change them without changing what the server lists.
func (s *Server) Events() []RecordedEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedEvent, len(s.state.events.events))
	for i, e := range s.state.events.events {
		out[i] = RecordedEvent{ID: e.ID, Type: e.Type, Timestamp: e.Timestamp, Payload: cloneJSON(e.Payload).(map[string]any)}
	}
	return out
}

// cloneJSON returns a deep copy of a decoded JSON value (the maps and
// slices in it are new; strings, numbers and booleans are values).
func cloneJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return v
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = cloneJSON(x)
		}
		return out
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = cloneJSON(x)
		}
		return out
	}
	return v
}
