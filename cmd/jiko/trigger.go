package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jiko-go/jiko"
)

const triggerUsage = `jiko trigger EVENT_TYPE [--payload JSON]

Has the sandbox deliver an event to every subscription for its type, as if
it had happened (Sandbox.TriggerWebhook). The payload is that of the type,
such as {"application_id": "..."} for application.approved. Prints the
event's id. Uses the JIKO_* variables, as "jiko api" does.`

func runTrigger(ctx context.Context, e env, args []string) int {
	f := newFlags(e, "trigger", triggerUsage)
	payload := f.String("payload", "{}", "the event's `JSON` payload")
	pos, code, ok := f.parse(args)
	switch {
	case !ok:
		return code
	case len(pos) != 1:
		return f.fail("want one EVENT_TYPE, got %d argument(s)", len(pos))
	case !json.Valid([]byte(*payload)):
		return f.fail("--payload is not valid JSON: %v", jsonError([]byte(*payload)))
	}
	// Decoded as a delivery would be, so that the payload takes its
	// type's variant.
	env, err := json.Marshal(map[string]any{"event_type": pos[0], "payload": json.RawMessage(*payload)})
	if err != nil {
		return f.failed(err)
	}
	var ev jiko.Event
	err = json.Unmarshal(env, &ev)
	if u, ok := ev.Payload.Variant.(*jiko.UnknownEventPayload); ok && err == nil && u.Err != nil {
		err = u.Err // a known type whose payload does not fit its variant
	}
	if err != nil {
		return f.fail("--payload does not fit %s: %v", pos[0], err)
	}
	c, _, code, ok := f.connect()
	if !ok {
		return code
	}
	sent, err := c.Sandbox.TriggerWebhook(ctx, &ev)
	if err != nil {
		return f.failed(err)
	}
	fmt.Fprintf(e.stdout, "triggered %s %s\n", sent.Type, sent.ID)
	return exitOK
}
