package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

const triggerUsage = `jiko trigger EVENT_TYPE [--payload JSON]

Against jiko serve (JIKO_BASE_URL), builds the event the way it happens: a new
customer and Pocket with $1,000.00, then the objects and steps the event
reports, through the API and the controls (transfers.ach.out.success creates
an ACH transfer and settles it), so the event, its objects and the ledger
agree, on the fake's clock. Prints each step and the event's id.

With --payload, sends one raw event with that payload through the sandbox's
webhook trigger (Sandbox.TriggerWebhook), as against a real sandbox. Uses the
JIKO_* variables, as "jiko api" does.`

// triggerAmount is what the built transfers and swipes move, in cents.
const triggerAmount = 10_00

func runTrigger(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "trigger", triggerUsage)
	payload := f.String("payload", "", "send a raw event with this `JSON` payload instead")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) != 1:
		return f.usagef("want one EVENT_TYPE, got %d argument(s)", len(pos))
	case *payload != "":
		return triggerRaw(ctx, f, pos[0], *payload)
	}
	chain := triggerChains[pos[0]]
	if chain == nil {
		return f.usagef("%s cannot be built here (it can: %s); give --payload to send it as a raw event", pos[0], strings.Join(slices.Sorted(maps.Keys(triggerChains)), ", "))
	}
	ctl, err := f.controls("building " + pos[0])
	if err != nil {
		return err
	}
	c, _, err := f.connect()
	if err != nil {
		return err
	}
	run := &triggerRun{c: c, ctl: ctl, out: e.stdout}
	key, id, err := chain(ctx, run)
	if err == nil {
		var eventID string
		if eventID, err = run.findEvent(ctx, pos[0], key, id); err == nil {
			fmt.Fprintf(e.stdout, "triggered %s %s\n", pos[0], eventID)
			return nil
		}
	}
	return f.failure(err)
}

// triggerRaw sends one event with the given payload through the sandbox's
// trigger. Against jiko serve its timestamp is the fake's clock; against a
// sandbox, the SDK's (the time of day).
func triggerRaw(ctx context.Context, f *cmdFlags, typ, payload string) error {
	if !json.Valid([]byte(payload)) {
		return f.usagef("--payload is not valid JSON: %v", jsonError([]byte(payload)))
	}
	// Decoded as a delivery would be, so that the payload takes its
	// type's variant.
	env, err := json.Marshal(map[string]any{"event_type": typ, "payload": json.RawMessage(payload)})
	if err != nil {
		return f.failure(err)
	}
	var ev jiko.Event
	err = json.Unmarshal(env, &ev)
	if u, ok := ev.Payload.Variant.(*jiko.UnknownEventPayload); ok && err == nil && u.Err != nil {
		err = u.Err // a known type whose payload does not fit its variant
	}
	if err != nil {
		return f.usagef("--payload does not fit %s: %v", typ, err)
	}
	c, _, err := f.connect()
	if err != nil {
		return err
	}
	if f.e.getenv("JIKO_BASE_URL") != "" {
		ctl, _ := f.controls("")
		var clock struct {
			Now time.Time `json:"now"`
		}
		if ctl.call(ctx, "GET", "clock", nil, &clock) == nil {
			ev.Timestamp = jiko.TimestampOf(clock.Now.UTC().Truncate(time.Microsecond))
		}
	}
	sent, err := c.Sandbox.TriggerWebhook(ctx, &ev)
	if err != nil {
		return f.failure(err)
	}
	fmt.Fprintf(f.e.stdout, "triggered %s %s\n", sent.Type, sent.ID)
	return nil
}

// triggerRun is one "jiko trigger" building its event: the API client,
// the controls, and where the steps are printed.
type triggerRun struct {
	c   *jiko.Client
	ctl *controlClient
	out io.Writer
}

// chainFunc builds an event's objects and steps, and returns the payload
// member and value that name its object, to find the event by.
type chainFunc func(ctx context.Context, r *triggerRun) (key, id string, err error)

// triggerChains are the event types jiko trigger builds, each the way the
// fake records it.
var triggerChains = map[string]chainFunc{
	"transfers.ach.out.success":     achChain(jiko.ACHCredit, "settle"),
	"transfers.ach.out.rejected":    achChain(jiko.ACHCredit, "reject"),
	"transfers.ach.in.success":      achChain(jiko.ACHDebit, "settle"),
	"transfers.ach.in.rejected":     achChain(jiko.ACHDebit, "reject"),
	"transfers.wire.out.processing": wireChain(""),
	"transfers.wire.out.success":    wireChain("settle"),
	"transfers.wire.out.rejected":   wireChain("reject"),
	"transfers.on-us.processing":    onUsChain(""),
	"transfers.on-us.success":       onUsChain("settle"),
	"transfers.on-us.rejected":      onUsChain("reject"),
	"card.status.locked":            cardStatusChain(jiko.CardStatusLocked),
	"card.status.open":              cardStatusChain(jiko.CardStatusLocked, jiko.CardStatusOpen),
	"card.status.closed":            cardCloseChain,
	"card.transaction.approved":     swipeChain(triggerAmount),
	"card.transaction.rejected":     swipeChain(100_000_00), // more than the Pocket holds
	"application.approved":          applicationChain(jiko.ApplicationApproved),
	"application.documents_needed":  applicationChain(jiko.ApplicationDocumentsNeeded),
	"application.manual_review":     applicationChain(jiko.ApplicationManualReview),
	"application.rejected":          applicationChain(jiko.ApplicationRejected),
}

// step prints one step of the chain.
func (r *triggerRun) step(format string, args ...any) {
	fmt.Fprintf(r.out, "  "+format+"\n", args...)
}

// pocket adds a customer with a Pocket of $1,000.00 through the controls
// and returns their ids.
func (r *triggerRun) pocket(ctx context.Context) (customerID, pocketID string, err error) {
	var cust struct {
		CustomerID string `json:"customer_id"`
	}
	if err := r.ctl.call(ctx, "POST", "customers", map[string]any{}, &cust); err != nil {
		return "", "", err
	}
	pocketID, err = r.addPocket(ctx, cust.CustomerID)
	if err == nil {
		r.step("customer %s with Pocket %s ($1,000.00)", cust.CustomerID, pocketID)
	}
	return cust.CustomerID, pocketID, err
}

// addPocket adds a Pocket of $1,000.00 to a customer.
func (r *triggerRun) addPocket(ctx context.Context, customerID string) (string, error) {
	var p struct {
		ID string `json:"id"`
	}
	err := r.ctl.call(ctx, "POST", "pockets", map[string]any{"customer_id": customerID, "pocket_name": "jiko trigger", "balance": 1_000_00}, &p)
	return p.ID, err
}

// counterparty adds a verified counterparty of the type to the customer.
func (r *triggerRun) counterparty(ctx context.Context, customerID string, typ jiko.CounterpartyType) (string, error) {
	var cp struct {
		CounterpartyID string `json:"counterparty_id"`
	}
	if err := r.ctl.call(ctx, "POST", "counterparties", map[string]any{"customer_id": customerID, "type": typ, "verified": true}, &cp); err != nil {
		return "", err
	}
	r.step("counterparty %s (%s, verified)", cp.CounterpartyID, typ)
	return cp.CounterpartyID, nil
}

// end settles or rejects a transfer through the controls; "" leaves it
// pending. A rejection gives reason, one the transfer's kind takes (an
// ACH return code, an on-us TransferStateReason).
func (r *triggerRun) end(ctx context.Context, what, id, outcome, reason string) error {
	switch outcome {
	case "":
		return nil
	case "reject":
		r.step("rejected %s %s (%s)", what, id, reason)
		return r.ctl.call(ctx, "POST", "transfers/"+id+"/reject", map[string]string{"reason": reason}, nil)
	}
	r.step("settled %s %s", what, id)
	return r.ctl.call(ctx, "POST", "transfers/"+id+"/settle", nil, nil)
}

func achChain(dir jiko.ACHDirection, outcome string) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		cust, pocket, err := r.pocket(ctx)
		if err != nil {
			return "", "", err
		}
		cp, err := r.counterparty(ctx, cust, jiko.CounterpartyTypeACH)
		if err != nil {
			return "", "", err
		}
		t, err := r.c.ACH.Create(ctx, pocket, &jiko.ACHCreateRequest{CounterpartyID: cp, Direction: dir, AmountUSDC: triggerAmount})
		if err != nil {
			return "", "", err
		}
		r.step("ACH transfer %s (%s, $10.00)", t.ID, dir)
		return "ach_id", t.ID, r.end(ctx, "ACH transfer", t.ID, outcome, "R01")
	}
}

func wireChain(outcome string) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		cust, pocket, err := r.pocket(ctx)
		if err != nil {
			return "", "", err
		}
		cp, err := r.counterparty(ctx, cust, jiko.CounterpartyTypeWire)
		if err != nil {
			return "", "", err
		}
		w, err := r.c.Wires.Create(ctx, pocket, &jiko.WireCreateRequest{CounterpartyID: cp, AmountUSDC: triggerAmount, WireID: uuid.NewString()})
		if err != nil {
			return "", "", err
		}
		r.step("wire %s ($10.00)", w.WireID)
		return "wire_id", w.WireID, r.end(ctx, "wire", w.WireID, outcome, "returned by the beneficiary bank")
	}
}

func onUsChain(outcome string) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		cust, from, err := r.pocket(ctx)
		if err != nil {
			return "", "", err
		}
		to, err := r.addPocket(ctx, cust)
		if err != nil {
			return "", "", err
		}
		t, err := r.c.OnUs.Create(ctx, &jiko.OnUsReallocationRequest{FromAccount: jiko.OnUsAccount{ID: from}, ToAccount: jiko.OnUsAccount{ID: to},
			Amount: jiko.RequestedAmount(triggerAmount), AsyncMode: true})
		if err != nil {
			return "", "", err
		}
		r.step("on-us transfer %s ($10.00 to Pocket %s)", t.ID, to)
		return "on_us_id", t.ID, r.end(ctx, "on-us transfer", t.ID, outcome, "INSUFFICIENT_FUNDS")
	}
}

// virtualCard creates a virtual card on a new Pocket through the API.
func (r *triggerRun) virtualCard(ctx context.Context) (pocket, card string, err error) {
	_, pocket, err = r.pocket(ctx)
	if err != nil {
		return "", "", err
	}
	key, err := jiko.NewVirtualCardKey()
	if err != nil {
		return "", "", err
	}
	vc, err := r.c.Cards.CreateVirtual(ctx, pocket, key.Request())
	if err != nil {
		return "", "", err
	}
	r.step("virtual card %s", vc.CardID)
	return pocket, vc.CardID, nil
}

func cardStatusChain(statuses ...jiko.CardStatus) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		pocket, card, err := r.virtualCard(ctx)
		if err != nil {
			return "", "", err
		}
		for _, st := range statuses {
			if _, err := r.c.Cards.SetStatus(ctx, pocket, card, &jiko.CardSetStatusRequest{Status: st}); err != nil {
				return "", "", err
			}
			r.step("card status %s", st)
		}
		return "card_id", card, nil
	}
}

func cardCloseChain(ctx context.Context, r *triggerRun) (string, string, error) {
	pocket, card, err := r.virtualCard(ctx)
	if err != nil {
		return "", "", err
	}
	if err := r.c.Cards.CloseVirtual(ctx, pocket, card); err != nil {
		return "", "", err
	}
	r.step("closed card %s", card)
	return "card_id", card, nil
}

func swipeChain(cents int64) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		_, card, err := r.virtualCard(ctx)
		if err != nil {
			return "", "", err
		}
		if err := r.c.Sandbox.SwipeCard(ctx, &jiko.SandboxCardSwipeRequest{CardID: card, AmountUSDC: cents}); err != nil {
			return "", "", err
		}
		r.step("swiped card %s for $%d.%02d", card, cents/100, cents%100)
		return "card_id", card, nil
	}
}

func applicationChain(status jiko.ApplicationStatus) chainFunc {
	return func(ctx context.Context, r *triggerRun) (string, string, error) {
		decision := map[string]any{"status": status}
		if status == jiko.ApplicationDocumentsNeeded {
			decision["documents"] = []string{"ID_FRONT"}
		}
		if err := r.ctl.call(ctx, "POST", "applications/next-decision", decision, nil); err != nil {
			return "", "", err
		}
		ag, err := r.c.Individuals.GetAgreements(ctx)
		if err != nil {
			return "", "", err
		}
		now := time.Now().UTC()
		app, err := r.c.Individuals.CreateApplication(ctx, &jiko.ApplicationCreateRequest{
			IdentificationNumber: "123456789",
			Name:                 jiko.Name{FirstName: "Ada", LastName: "Lovelace"},
			Email:                "ada@example.com",
			PhoneNumber:          "+14155550123",
			DateOfBirth:          jiko.Date{Year: 1990, Month: time.December, Day: 10},
			Address:              jiko.Address{StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94704", State: "CA", Country: "US"},
			InvestmentProfile: jiko.InvestmentProfile{Income: jiko.IncomeBetween100KAnd250K, NetWorth: jiko.NetWorthBetween200KAnd1M,
				Occupation: "Mathematician", EmploymentStatus: jiko.EmploymentEmployed},
			AgreementConsent: jiko.AgreementConsent{Version: ag.Version, Timestamp: now},
		})
		if err != nil {
			return "", "", err
		}
		r.step("application %s, decision %s queued", app.ID, status)
		if _, err := r.c.Individuals.Apply(ctx, app.ID); err != nil {
			return "", "", err
		}
		r.step("applied")
		return "application_id", app.ID, nil
	}
}

// findEvent returns the id of the latest recorded event of the type whose
// payload's key is id.
func (r *triggerRun) findEvent(ctx context.Context, typ, key, id string) (string, error) {
	var events []struct {
		ID      string         `json:"event_id"`
		Type    string         `json:"event_type"`
		Payload map[string]any `json:"payload"`
	}
	if err := r.ctl.call(ctx, "GET", "events", nil, &events); err != nil {
		return "", err
	}
	for _, ev := range slices.Backward(events) {
		if ev.Type == typ && ev.Payload[key] == id {
			return ev.ID, nil
		}
	}
	return "", fmt.Errorf("no %s event names %s %s: the steps did not end as expected", typ, key, id)
}
