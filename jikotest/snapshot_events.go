package jikotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// eventSnapshot is a recorded event, with where it was sent and what came
// of it (the delivery's record of it; null when it went to no
// subscription).
type eventSnapshot struct {
	ID        string                   `json:"id"`
	Type      string                   `json:"type"`
	Timestamp time.Time                `json:"timestamp"`
	Payload   map[string]valueSnapshot `json:"payload"`
	Delivery  *eventDeliveriesSnapshot `json:"delivery"`
}

// valueSnapshot is a member of an event's payload with its Go type, so
// that a restore gives back the same value: an int64 amount stays an
// int64, a number a sandbox trigger sent stays a json.Number. Type is one
// of string, int64, int, float64, number (a json.Number), bool, null,
// object (a map[string]any of values) and array (a []any of values).
type valueSnapshot struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value,omitempty"`
}

// eventDeliveriesSnapshot is an eventDeliveries.
type eventDeliveriesSnapshot struct {
	Targets  []string                  `json:"targets"`
	Attempts []deliveryAttemptSnapshot `json:"attempts"`
}

// deliveryAttemptSnapshot is a deliveryAttempt.
type deliveryAttemptSnapshot struct {
	ID             string    `json:"id"`
	SubscriptionID string    `json:"subscription_id"`
	Code           int       `json:"code"`
	Message        string    `json:"message"`
	CalledAt       time.Time `json:"called_at"`
}

func (st *state) eventsSnapshot() ([]eventSnapshot, error) {
	out := make([]eventSnapshot, len(st.events.events))
	for i, e := range st.events.events {
		payload, err := snapshotObject(e.Payload)
		if err != nil {
			return nil, fmt.Errorf("event %s (%s) payload%w", e.ID, e.Type, err)
		}
		out[i] = eventSnapshot{ID: e.ID, Type: e.Type, Timestamp: e.Timestamp, Payload: payload}
		if rec := st.delivery.records[e]; rec != nil {
			d := &eventDeliveriesSnapshot{Targets: rec.targets}
			if rec.attempts != nil {
				d.Attempts = make([]deliveryAttemptSnapshot, len(rec.attempts))
			}
			for j, a := range rec.attempts {
				d.Attempts[j] = deliveryAttemptSnapshot{ID: a.id, SubscriptionID: a.subscriptionID, Code: a.code, Message: a.message, CalledAt: a.calledAt}
			}
			out[i].Delivery = d
		}
	}
	return out, nil
}

// restoreEvents returns the event log and the delivery records of the
// events.
func restoreEvents(events []eventSnapshot) (eventLog, map[*event]*eventDeliveries, error) {
	var l eventLog
	records := map[*event]*eventDeliveries{}
	for i, es := range events {
		payload, err := restoreObject(es.Payload)
		if err != nil {
			return eventLog{}, nil, fmt.Errorf("state.events[%d].payload%w", i, err)
		}
		e := &event{ID: es.ID, Type: es.Type, Timestamp: es.Timestamp, Payload: payload}
		l.events = append(l.events, e)
		if es.Delivery == nil {
			continue
		}
		rec := &eventDeliveries{targets: es.Delivery.Targets}
		if es.Delivery.Attempts != nil {
			rec.attempts = make([]deliveryAttempt, len(es.Delivery.Attempts))
		}
		for j, a := range es.Delivery.Attempts {
			rec.attempts[j] = deliveryAttempt{id: a.ID, subscriptionID: a.SubscriptionID, code: a.Code, message: a.Message, calledAt: a.CalledAt}
		}
		records[e] = rec
	}
	return l, records, nil
}

// snapshotObject returns the typed members of a payload object; its
// errors begin with the member's place ("[key]: ...").
func snapshotObject(m map[string]any) (map[string]valueSnapshot, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]valueSnapshot, len(m))
	for k, x := range m {
		v, err := snapshotValue(x)
		if err != nil {
			return nil, fmt.Errorf("[%q]%w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func snapshotValue(x any) (valueSnapshot, error) {
	var typ string
	switch x := x.(type) {
	case nil:
		return valueSnapshot{Type: "null"}, nil
	case string:
		typ = "string"
	case int64:
		typ = "int64"
	case int:
		typ = "int"
	case float64:
		typ = "float64"
	case json.Number:
		typ = "number"
	case bool:
		typ = "bool"
	case map[string]any:
		members, err := snapshotObject(x)
		if err != nil {
			return valueSnapshot{}, err
		}
		b, err := json.Marshal(members)
		return valueSnapshot{Type: "object", Value: b}, err
	case []any:
		var items []valueSnapshot
		if x != nil {
			items = make([]valueSnapshot, len(x))
		}
		for i, item := range x {
			v, err := snapshotValue(item)
			if err != nil {
				return valueSnapshot{}, fmt.Errorf("[%d]%w", i, err)
			}
			items[i] = v
		}
		b, err := json.Marshal(items)
		return valueSnapshot{Type: "array", Value: b}, err
	default:
		return valueSnapshot{}, fmt.Errorf(": a %T, which a snapshot cannot hold", x)
	}
	b, err := json.Marshal(x)
	return valueSnapshot{Type: typ, Value: b}, err
}

func restoreObject(m map[string]valueSnapshot) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		x, err := v.restore()
		if err != nil {
			return nil, fmt.Errorf("[%q]%w", k, err)
		}
		out[k] = x
	}
	return out, nil
}

func (v valueSnapshot) restore() (any, error) {
	var err error
	switch v.Type {
	case "null":
		return nil, nil
	case "string":
		var s string
		err = json.Unmarshal(v.Value, &s)
		return s, wrapValue(v, err)
	case "int64":
		var n int64
		err = json.Unmarshal(v.Value, &n)
		return n, wrapValue(v, err)
	case "int":
		var n int
		err = json.Unmarshal(v.Value, &n)
		return n, wrapValue(v, err)
	case "float64":
		var f float64
		err = json.Unmarshal(v.Value, &f)
		return f, wrapValue(v, err)
	case "number":
		dec := json.NewDecoder(bytes.NewReader(v.Value))
		dec.UseNumber()
		var n json.Number
		if err = dec.Decode(&n); err == nil {
			_, err = strconv.ParseFloat(string(n), 64)
		}
		return n, wrapValue(v, err)
	case "bool":
		var b bool
		err = json.Unmarshal(v.Value, &b)
		return b, wrapValue(v, err)
	case "object":
		var members map[string]valueSnapshot
		if err = json.Unmarshal(v.Value, &members); err != nil {
			return nil, wrapValue(v, err)
		}
		return restoreObject(members)
	case "array":
		var items []valueSnapshot
		if err = json.Unmarshal(v.Value, &items); err != nil || items == nil {
			return []any(nil), wrapValue(v, err)
		}
		out := make([]any, len(items))
		for i, item := range items {
			if out[i], err = item.restore(); err != nil {
				return nil, fmt.Errorf("[%d]%w", i, err)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf(": unknown value type %q", v.Type)
}

func wrapValue(v valueSnapshot, err error) error {
	if err != nil {
		return fmt.Errorf(": not a valid %s value: %s", v.Type, v.Value)
	}
	return nil
}
