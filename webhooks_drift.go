package jiko

import (
	"context"
	"sync"
)

// This file holds the drift report of a WebhookHandler: the deliveries
// whose payload it could not type.

// WithWebhookDriftHandler reports, through h, the deliveries whose payload
// [WebhookHandler] could not type: an event type this package does not
// know, or a payload that does not fit its type's variant. Each is a
// [Drift] of Kind [DriftUnknownVariant], Operation "webhook " and the event
// type, Path "payload", Value the event type, and Reason the decode error
// or "unknown event type"; it is reported once per event type for the
// handler's lifetime. Such a delivery is not refused: it reaches the
// handler's function as an [*UnknownEventPayload] with its raw JSON and
// the decode error, and is answered as the function decides, so that a
// change on Jiko's side does not fail every delivery of a type, retry
// after retry. h is called from the requests' goroutines, so it must be
// safe for concurrent use. A nil h reports nothing.
func WithWebhookDriftHandler(h DriftHandler) WebhookOption {
	return func(c *webhookConfig) {
		if h != nil {
			c.drift = &webhookDrift{handler: h}
		}
	}
}

// webhookDrift reports the unknown payloads of a WebhookHandler, once per
// event type.
type webhookDrift struct {
	handler DriftHandler
	seen    sync.Map // of EventName, the types already reported
}

// report hands the drift of ev, if any, to the handler; d may be nil.
func (d *webhookDrift) report(ctx context.Context, ev *Event) {
	u, ok := ev.Payload.Variant.(*UnknownEventPayload)
	if d == nil || !ok {
		return
	}
	if _, dup := d.seen.LoadOrStore(ev.Type, true); dup {
		return
	}
	reason := "unknown event type"
	if u.Err != nil {
		reason = u.Err.Error()
	}
	d.handler(ctx, Drift{
		Operation: "webhook " + string(ev.Type),
		Kind:      DriftUnknownVariant,
		Path:      "payload",
		Value:     shorten(string(ev.Type)),
		Reason:    reason,
	})
}
