package jikotest

import (
	"encoding/json"
	"slices"
	"time"
)

// subscriptionSnapshot is a subscription; the snapshot lists them in
// creation order.
type subscriptionSnapshot struct {
	ID          string           `json:"id"`
	Description string           `json:"description"`
	Events      []string         `json:"events"`
	URL         string           `json:"url"`
	Secret      string           `json:"secret"`
	Policy      *retryPolicyWire `json:"retry_policy"`
	Status      string           `json:"status"`
	Created     time.Time        `json:"created"`
	Updated     time.Time        `json:"updated"`
}

// retrySnapshot is a webhook delivery waiting for its next attempt when
// the snapshot was taken: the event (its index in the snapshot's events),
// the subscription, the attempts made and when the last one was made. A
// delivery whose first call was under way counts no attempt and is made
// again at once.
type retrySnapshot struct {
	Event          int       `json:"event"`
	SubscriptionID string    `json:"subscription_id"`
	Attempts       int       `json:"attempts"`
	LastAttempt    time.Time `json:"last_attempt"`
}

func (subs *subscriptions) snapshot() []subscriptionSnapshot {
	out := make([]subscriptionSnapshot, len(subs.order))
	for i, id := range subs.order {
		sub := subs.byID[id]
		out[i] = subscriptionSnapshot{ID: sub.id, Description: sub.description, Events: sub.events, URL: sub.url,
			Secret: sub.secret, Policy: sub.policy, Status: sub.status, Created: sub.created, Updated: sub.updated}
	}
	return out
}

func restoreSubscriptions(list []subscriptionSnapshot) subscriptions {
	subs := subscriptions{byID: make(map[string]*subscription, len(list))}
	for _, sub := range list {
		subs.byID[sub.ID] = &subscription{id: sub.ID, description: sub.Description, events: sub.Events, url: sub.URL,
			secret: sub.Secret, policy: sub.Policy, status: sub.Status, created: sub.Created, updated: sub.Updated}
		subs.order = append(subs.order, sub.ID)
	}
	return subs
}

// retriesSnapshot returns the deliveries still under way: those of each
// recorded (event, subscription) pair that has neither succeeded nor run
// out of attempts by its subscription's retry policy, nor been refused
// for its URL. Deliveries that were stopped are none.
func (st *state) retriesSnapshot() []retrySnapshot {
	d := st.delivery
	if d.stopped || d.pending == 0 {
		return nil
	}
	var out []retrySnapshot
	for i, e := range st.events.events {
		rec := d.records[e]
		if rec == nil {
			continue
		}
		for _, subID := range rec.targets {
			sub := st.subscriptions.byID[subID]
			if sub == nil || !loopbackURL(sub.url) {
				continue
			}
			policy := sub.retryPolicy()
			r := retrySnapshot{Event: i, SubscriptionID: subID}
			var last deliveryAttempt
			for _, a := range rec.attempts {
				if a.subscriptionID == subID {
					r.Attempts++
					last = a
				}
			}
			if r.Attempts > 0 && ((last.code >= 200 && last.code < 300) ||
				r.Attempts >= max(policy.MaximumAttempts, 1) || !policy.retryStatus(last.code)) {
				continue
			}
			r.LastAttempt = last.calledAt
			out = append(out, r)
		}
	}
	return out
}

// retryPolicy is the policy a delivery to sub follows.
func (sub *subscription) retryPolicy() retryPolicyWire {
	if sub.policy != nil {
		p := *sub.policy
		p.RetryOnStatusCodes = slices.Clone(p.RetryOnStatusCodes)
		return p
	}
	return defaultRetryPolicy
}

// resumeDeliveries goes on with the deliveries a restored snapshot had
// under way, to the subscriptions as they are now: each makes its next
// attempt when it falls due (at once when none was made) and then follows
// the retry policy from there, as though it had never stopped. The caller
// holds the lock.
func (s *Server) resumeDeliveries(retries []retrySnapshot) {
	d := s.state.delivery
	if d.stopped {
		return
	}
	for _, r := range retries {
		sub := s.state.subscriptions.byID[r.SubscriptionID]
		if r.Event < 0 || r.Event >= len(s.state.events.events) || sub == nil || d.records[s.state.events.events[r.Event]] == nil {
			continue // not in this snapshot: nothing to go on with
		}
		e := s.state.events.events[r.Event]
		body, _ := json.Marshal(e.wire())
		policy := sub.retryPolicy()
		wait := time.Duration(float64(policy.interval(r.Attempts)) * d.timeScale)
		// The resumed job counts its attempts from 1: its policy starts
		// where the delivery stopped, with the attempts left and the
		// intervals of the attempts to come.
		rest := policy
		rest.MaximumAttempts = max(policy.MaximumAttempts, 1) - r.Attempts
		for range r.Attempts {
			rest.InitialIntervalSeconds *= rest.BackoffCoefficient
		}
		j := &job{event: e, subscriptionID: sub.id, url: sub.url, signature: signWebhook(sub.secret, body), body: body, policy: rest}
		if d.pending == 0 {
			d.idle = make(chan struct{})
		}
		d.pending++
		d.wg.Add(1)
		go func() {
			// Stopped while waiting, deliver returns at once, with its
			// bookkeeping, making no attempt.
			if r.Attempts > 0 {
				s.waitRetry(d, r.LastAttempt, wait)
			}
			s.deliver(j)
		}()
	}
}
