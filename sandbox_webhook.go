package jiko

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// TriggerWebhook has the sandbox deliver an event to every subscription
// for its type, as if it had happened (POST /api/v1/sandbox/webhook/, 202).
// Use it to test a webhook receiver ([WebhookHandler]) end to end.
//
// event.Type and a payload of its variant are required (event.Payload's
// Variant: for example an [*ApplicationUpdatePayload] for
// application.approved; an [*UnknownEventPayload] for a type this package
// does not know). An empty
// event.ID gets a new UUID and a zero Timestamp the current time; the event
// as sent is returned, so that a test can wait for its ID. The request
// carries no signature, as the reference declares; the optional
// x-branch-name header can be added with [WithHeader]. [IsValidation]
// reports a missing type or a payload of the wrong variant, refused before
// anything is sent, and what the sandbox refuses.
func (s *SandboxService) TriggerWebhook(ctx context.Context, event *Event, opts ...CallOption) (*Event, error) {
	if event == nil {
		return nil, invalid("Event", "is nil")
	}
	e := *event
	if e.ID == "" {
		e.ID = uuid.NewString()
	}
	if e.Timestamp.IsZero() {
		// Microseconds: the API's timestamps have no finer precision.
		e.Timestamp = TimestampOf(s.client.now().UTC().Truncate(time.Microsecond))
	}
	if err := callNoContent(ctx, s.client, at(ops.SandboxTriggerWebhook), nil, &e, opts); err != nil {
		return nil, err
	}
	return &e, nil
}
