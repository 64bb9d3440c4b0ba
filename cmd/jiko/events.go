package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jiko-go/jiko"
)

const eventsUsage = `jiko events list|attempts|resend [flags]

  list [--limit N] [--subscription ID]
      the latest events, newest first, with how their deliveries went
  attempts EVENT_ID [--json]
      the calls made to deliver an event: time, subscription, status, message
  resend EVENT_ID [--subscription ID]
      deliver an event again, with its own retries (jiko serve only: the
      Partner API publishes no redelivery operation)

list and attempts read the Partner API's events list, so they work against a
sandbox too. They use the JIKO_* variables, as "jiko api" does.
"jiko events <subcommand> -h" lists its flags.`

func runEvents(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "events", eventsUsage, []subcommand{
		{"list", runEventsList}, {"attempts", runEventsAttempts}, {"resend", runEventsResend},
	}, args)
}

func runEventsList(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "events list", "jiko events list [--limit N] [--subscription ID]\n\nPrints the latest events, newest first (GET /api/v1/events/): time, type,\nevent id, and how their deliveries went.")
	limit := f.Int("limit", 10, "how many events to print, 1 to 100")
	subID := f.String("subscription", "", "only the events sent to this subscription `id`")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return f.usagef("unexpected argument %q", pos[0])
	case *limit < 1 || *limit > 100:
		return f.usagef("--limit: %d is not between 1 and 100", *limit)
	}
	c, _, err := f.connect()
	if err != nil {
		return err
	}
	n := 0
	for ev, err := range c.Events.List(ctx, &jiko.EventListParams{SubscriptionID: *subID, Limit: *limit}).All() {
		if err != nil {
			return f.failure(err)
		}
		fmt.Fprintf(e.stdout, "%s  %s  %s  %s\n", ev.Event.Timestamp.UTC().Format(time.RFC3339), ev.Event.Type, ev.Event.ID, deliveryOutcome(ev))
		if n++; n == *limit {
			break
		}
	}
	return nil
}

// deliveryOutcome sums up an event's attempts: "delivered (2 attempts)",
// "not delivered (1 attempt)" or "no attempt".
func deliveryOutcome(ev jiko.PartnerEvent) string {
	n := len(ev.DeliveryAttempts)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	switch {
	case n == 0:
		return "no attempt"
	case ev.Delivered():
		return fmt.Sprintf("delivered (%d attempt%s)", n, plural)
	}
	return fmt.Sprintf("not delivered (%d attempt%s)", n, plural)
}

func runEventsAttempts(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "events attempts", "jiko events attempts EVENT_ID [--json]\n\nPrints the calls made to deliver an event, oldest first, as the events list\n(GET /api/v1/events/) shows them: time, subscription, status (0: no answer\nor not sent), success, message.")
	asJSON := f.Bool("json", false, "print the delivery_attempts as JSON")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) != 1:
		return f.usagef("want one EVENT_ID, got %d argument(s)", len(pos))
	}
	c, _, err := f.connect()
	if err != nil {
		return err
	}
	for ev, err := range c.Events.List(ctx, &jiko.EventListParams{Limit: 100}).All() {
		if err != nil {
			return f.failure(err)
		}
		if ev.Event.ID != pos[0] {
			continue
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(ev.DeliveryAttempts)
			return nil
		}
		fmt.Fprintf(e.stdout, "%s %s %s\n", ev.Event.Type, ev.Event.ID, deliveryOutcome(ev))
		if len(ev.DeliveryAttempts) == 0 {
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CALLED AT\tSUBSCRIPTION\tSTATUS\tSUCCESS\tMESSAGE")
		for _, a := range ev.DeliveryAttempts {
			msg := ""
			if a.ResponseMessage != nil {
				msg = *a.ResponseMessage
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%t\t%s\n", a.CalledAt.UTC().Format(time.RFC3339), a.SubscriptionID, a.ResponseCode, a.Success, msg)
		}
		_ = tw.Flush()
		return nil
	}
	return f.failure(fmt.Errorf("no event %s in the events list", pos[0]))
}

func runEventsResend(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "events resend", "jiko events resend EVENT_ID [--subscription ID]\n\nDelivers a recorded event again, with the same event_id and its own retries,\nto one subscription or to every enabled one for its type, through jiko\nserve's control POST /_jikotest/events/{id}/resend. The Partner API\npublishes no redelivery operation, so this works against jiko serve only.")
	subID := f.String("subscription", "", "resend to this subscription `id` only")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) != 1:
		return f.usagef("want one EVENT_ID, got %d argument(s)", len(pos))
	}
	ctl, err := f.controls("resend")
	if err != nil {
		return err
	}
	var out struct {
		SubscriptionIDs []string `json:"subscription_ids"`
	}
	in := map[string]string{}
	if *subID != "" {
		in["subscription_id"] = *subID
	}
	if err := ctl.call(ctx, "POST", "events/"+url.PathEscape(pos[0])+"/resend", in, &out); err != nil {
		return f.failure(err)
	}
	if len(out.SubscriptionIDs) == 0 {
		fmt.Fprintf(e.stdout, "resent %s to no subscription: none is enabled for its type\n", pos[0])
		return nil
	}
	fmt.Fprintf(e.stdout, "resent %s to %s\n", pos[0], strings.Join(out.SubscriptionIDs, ", "))
	return nil
}
