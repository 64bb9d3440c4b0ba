package jikotest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jiko-go/jiko"
)

// eventControls are the controls of the events and their webhook
// deliveries: the events with their attempts, one event's attempts,
// [Server.Redeliver], [Server.WaitForDeliveries] and the default retry
// policy.
func (s *Server) eventControls() map[string]control {
	p := ControlPrefix
	return map[string]control{
		"GET " + p + "events": func(*http.Request) (int, any) { return ok(s.recordedEvents()) },
		"GET " + p + "events/{event_id}/attempts": func(r *http.Request) (int, any) {
			attempts, err := s.DeliveryAttempts(r.PathValue("event_id"))
			return done(err, attempts)
		},
		"POST " + p + "events/{event_id}/resend": func(r *http.Request) (int, any) {
			var in struct {
				SubscriptionID string `json:"subscription_id"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			id := r.PathValue("event_id")
			to, err := s.Redeliver(id, in.SubscriptionID)
			return done(err, map[string]any{"event_id": id, "subscription_ids": to})
		},
		"GET " + p + "webhooks/default-retry-policy": func(*http.Request) (int, any) { return ok(DefaultRetryPolicy()) },
		"POST " + p + "webhooks/wait": func(r *http.Request) (int, any) {
			var in struct {
				Timeout string `json:"timeout"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			d := 10 * time.Second
			if in.Timeout != "" {
				var err error
				if d, err = time.ParseDuration(in.Timeout); err != nil || d <= 0 {
					return badInput(fmt.Errorf("timeout: %q is not a positive duration such as \"10s\"", in.Timeout))
				}
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			if err := s.WaitForDeliveries(ctx); err != nil {
				return http.StatusConflict, detail("deliveries still under way after " + d.String() + " (a retry may be pending: move the clock on)")
			}
			return ok(map[string]string{"result": "IDLE"})
		},
	}
}

// recordedEventWire is a [RecordedEvent] as the controls answer it, with
// its delivery attempts.
type recordedEventWire struct {
	ID               string                 `json:"event_id"`
	Type             string                 `json:"event_type"`
	Timestamp        time.Time              `json:"timestamp"`
	Payload          map[string]any         `json:"payload"`
	DeliveryAttempts []jiko.DeliveryAttempt `json:"delivery_attempts"`
}

// recordedEvents returns the events, oldest first, each with its attempts.
func (s *Server) recordedEvents() []recordedEventWire {
	events := s.Events()
	out := make([]recordedEventWire, len(events))
	for i, e := range events {
		attempts, _ := s.DeliveryAttempts(e.ID)
		out[i] = recordedEventWire{ID: e.ID, Type: e.Type, Timestamp: e.Timestamp, Payload: e.Payload, DeliveryAttempts: attempts}
	}
	return out
}
