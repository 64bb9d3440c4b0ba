package jikotest

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jiko-go/jiko"
)

// ControlPrefix is the path under which [Server.EnableControls] serves the
// test controls over HTTP. The real API lives under /api/, so no client of
// it can reach them by mistake.
const ControlPrefix = "/_jikotest/"

// ControlOpenAPI is the OpenAPI description (YAML) of the test controls
// [Server.EnableControls] serves, control.openapi.yaml in this package. Pass
// it as [Controls.OpenAPI] to serve it at GET /_jikotest/openapi.yaml, as
// jiko serve does.
//
//go:embed control.openapi.yaml
var ControlOpenAPI []byte

// Controls configures the test controls [Server.EnableControls] serves.
type Controls struct {
	// Clock is the server's clock (the one given to [WithClock]), which
	// POST /_jikotest/clock/advance moves on; nil leaves that control out
	// (404). [*Clock] is one.
	Clock interface {
		Now() time.Time
		Advance(d time.Duration)
	}
	// Seed is the snapshot ([Server.Snapshot]) that POST /_jikotest/reset
	// restores; nil takes one when EnableControls is called.
	Seed []byte
	// OpenAPI, when not nil, is served as GET /_jikotest/openapi.yaml: the
	// description of the controls ([ControlOpenAPI]).
	OpenAPI []byte
	// OnChange, when not nil, is called after each request to the API or
	// to a control that may have changed the data, to save it
	// (jiko serve --data). It must not block for long.
	OnChange func()
}

// controlSet is the enabled controls: their routes and configuration.
type controlSet struct {
	mux *http.ServeMux
	cfg Controls
}

// EnableControls serves the server's test controls over HTTP, under
// [ControlPrefix] on the server's own port, for a partner's code in any
// language and for jiko serve: deciding an application, settling or
// rejecting a transfer, verifying a counterparty, moving the clock on,
// completing reports, advancing card orders, injecting faults, making
// answers drift, resetting the data, reading the ledger, the requests and
// the events with their delivery attempts, resending an event
// ([Server.Redeliver]) and waiting for the deliveries. Each control calls the method of the same name; they take
// and answer JSON, refuse bad input with 400 {"detail": "..."}, an unknown
// id with 404, and a resource in the wrong state with 409. They need no
// credentials, are not recorded in [Server.Requests] and take no injected
// fault: serve them on loopback only. Call it once, before the server is
// used.
func (s *Server) EnableControls(c Controls) error {
	if c.Seed == nil {
		seed, err := s.Snapshot()
		if err != nil {
			return err
		}
		c.Seed = seed
	}
	cs := &controlSet{mux: http.NewServeMux(), cfg: c}
	for pattern, h := range s.controlRoutes(cs) {
		cs.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			status, v := h(r)
			if status == http.StatusOK && r.Method != http.MethodGet && c.OnChange != nil {
				c.OnChange()
			}
			writeJSON(w, status, v)
		})
	}
	if c.OpenAPI != nil {
		cs.mux.HandleFunc("GET "+ControlPrefix+"openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/yaml")
			_, _ = w.Write(c.OpenAPI)
		})
	}
	s.controls.Store(cs)
	return nil
}

// serveControl answers r when it is for an enabled control.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) bool {
	cs := s.controls.Load()
	if cs == nil || !strings.HasPrefix(r.URL.Path, ControlPrefix) {
		return false
	}
	if _, pattern := cs.mux.Handler(r); pattern == "" {
		writeJSON(w, http.StatusNotFound, detail("no control "+r.Method+" "+r.URL.Path+": see GET "+ControlPrefix+"openapi.yaml"))
		return true
	}
	cs.mux.ServeHTTP(w, r)
	return true
}

// changed tells the enabled controls' OnChange that a request was answered.
func (s *Server) changed() {
	if cs := s.controls.Load(); cs != nil && cs.cfg.OnChange != nil {
		cs.cfg.OnChange()
	}
}

// control answers one control request with a status and a JSON value.
type control func(r *http.Request) (int, any)

func detail(msg string) map[string]string { return map[string]string{"detail": msg} }

// controlRoutes are the controls by net/http pattern. A control that
// changes data answers 200 with what it did; the others are reads.
func (s *Server) controlRoutes(cs *controlSet) map[string]control {
	p := ControlPrefix
	routes := map[string]control{
		"GET " + p + "ledger": func(r *http.Request) (int, any) {
			return ok(ledgerWire(s.LedgerEntries(r.URL.Query().Get("pocket_id"))))
		},
		"GET " + p + "requests": func(*http.Request) (int, any) { return ok(requestsWire(s.Requests())) },
		"GET " + p + "pockets":  func(*http.Request) (int, any) { return ok(s.Pockets()) },
		"POST " + p + "customers": func(r *http.Request) (int, any) {
			var in struct {
				CustomerID string `json:"customer_id"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			return ok(map[string]string{"customer_id": s.AddCustomer(in.CustomerID)})
		},
		"POST " + p + "pockets": func(r *http.Request) (int, any) {
			var in struct {
				CustomerID           string `json:"customer_id"`
				Name                 string `json:"pocket_name"`
				DepositStrategy      string `json:"deposit_strategy_id"`
				ReinvestmentStrategy string `json:"reinvestment_strategy_id"`
				Status               string `json:"status"`
				Balance              int64  `json:"balance"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			return ok(s.AddPocket(in.CustomerID, PocketSeed{Name: in.Name, DepositStrategy: jiko.StrategyID(in.DepositStrategy),
				ReinvestmentStrategy: jiko.StrategyID(in.ReinvestmentStrategy), Status: jiko.PocketStatus(in.Status), Balance: in.Balance}))
		},
		"POST " + p + "pockets/{pocket_id}/balance": func(r *http.Request) (int, any) {
			var in struct {
				Balance *int64 `json:"balance"`
			}
			if err := decodeControl(r, &in); err != nil || in.Balance == nil {
				return badInput(cmp.Or(err, errors.New("balance (cents) is required")))
			}
			return done(s.SetBalance(r.PathValue("pocket_id"), *in.Balance), map[string]int64{"balance": *in.Balance})
		},
		"POST " + p + "pockets/{pocket_id}/mature": func(r *http.Request) (int, any) {
			interest, err := s.MatureBills(r.PathValue("pocket_id"))
			return done(err, map[string]int64{"interest": interest})
		},
		"POST " + p + "counterparties": func(r *http.Request) (int, any) {
			var in struct {
				CustomerID string `json:"customer_id"`
				Type       string `json:"type"`
				Verified   bool   `json:"verified"`
				PocketID   string `json:"pocket_id"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			id, err := s.AddCounterparty(in.CustomerID, CounterpartySeed{Type: jiko.CounterpartyType(in.Type), Verified: in.Verified, PocketID: in.PocketID})
			if err != nil && !strings.HasPrefix(err.Error(), "jikotest: no ") {
				return badInput(err)
			}
			return done(err, map[string]string{"counterparty_id": id})
		},
		"POST " + p + "counterparties/{counterparty_id}/verify": func(r *http.Request) (int, any) {
			id := r.PathValue("counterparty_id")
			return done(s.VerifyCounterparty(id), map[string]string{"counterparty_id": id})
		},
		"POST " + p + "applications/next-decision": func(r *http.Request) (int, any) {
			d, err := decodeDecision(r)
			if err == nil {
				err = s.SetNextDecision(d)
			}
			if err != nil {
				return badInput(err)
			}
			return ok(decisionWire(d))
		},
		"POST " + p + "applications/{application_id}/decision": func(r *http.Request) (int, any) {
			d, err := decodeDecision(r)
			if err != nil {
				return badInput(err)
			}
			id := r.PathValue("application_id")
			if err := s.DecideApplication(id, d); err != nil {
				return fails(err)
			}
			st, _ := s.ApplicationStatus(id)
			return ok(map[string]string{"application_id": id, "status": string(st)})
		},
		"POST " + p + "transfers/{transfer_id}/settle": func(r *http.Request) (int, any) {
			id := r.PathValue("transfer_id")
			return done(s.Settle(id), map[string]string{"transfer_id": id, "result": "SETTLED"})
		},
		"POST " + p + "transfers/{transfer_id}/reject": func(r *http.Request) (int, any) {
			var in struct {
				Reason string `json:"reason"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			id := r.PathValue("transfer_id")
			return done(s.Reject(id, in.Reason), map[string]string{"transfer_id": id, "result": "REJECTED"})
		},
		"POST " + p + "reports/complete": func(*http.Request) (int, any) {
			return ok(map[string]int{"completed": s.CompleteReports()})
		},
		"POST " + p + "reports/{report_request_id}/fail": func(r *http.Request) (int, any) {
			id := r.PathValue("report_request_id")
			return done(s.FailReport(id), map[string]string{"report_request_id": id, "status": "FAILED"})
		},
		"POST " + p + "card-orders/{card_order_id}/advance": func(r *http.Request) (int, any) {
			st, err := s.AdvanceCardOrder(r.PathValue("card_order_id"))
			return done(err, map[string]string{"card_order_id": r.PathValue("card_order_id"), "status": string(st)})
		},
		"POST " + p + "reset": func(*http.Request) (int, any) {
			if err := s.Restore(cs.cfg.Seed); err != nil {
				return http.StatusInternalServerError, detail(err.Error())
			}
			s.ClearFaults()
			s.ClearDrift()
			return ok(map[string]string{"result": "RESET"})
		},
		"GET " + p + "state": func(*http.Request) (int, any) {
			b, err := s.Snapshot()
			if err != nil {
				return http.StatusInternalServerError, detail(err.Error())
			}
			return ok(json.RawMessage(b))
		},
		"PUT " + p + "state": func(r *http.Request) (int, any) {
			b, err := io.ReadAll(r.Body)
			if err == nil {
				err = s.Restore(b)
			}
			if err != nil {
				return badInput(err)
			}
			return ok(map[string]string{"result": "RESTORED"})
		},
	}
	for pattern, h := range s.faultControls() {
		routes[pattern] = h
	}
	for pattern, h := range s.eventControls() {
		routes[pattern] = h
	}
	if cs.cfg.Clock != nil {
		routes["GET "+p+"clock"] = func(*http.Request) (int, any) { return ok(clockWire(cs.cfg.Clock.Now(), 0)) }
		routes["POST "+p+"clock/advance"] = func(r *http.Request) (int, any) { return s.advanceClock(cs, r) }
	}
	return routes
}

// advanceClock moves the clock on by a duration or to a time, then lets
// the T-bills due by the new date mature ([Server.AdvanceTo]).
func (s *Server) advanceClock(cs *controlSet, r *http.Request) (int, any) {
	clock := cs.cfg.Clock
	var in struct {
		By string    `json:"by"`
		To time.Time `json:"to"`
	}
	if err := decodeControl(r, &in); err != nil {
		return badInput(err)
	}
	var d time.Duration
	switch {
	case in.By != "" && !in.To.IsZero():
		return badInput(errors.New("give by or to, not both"))
	case in.By != "":
		var err error
		if d, err = time.ParseDuration(in.By); err != nil {
			return badInput(fmt.Errorf("by: %w", err))
		}
	case !in.To.IsZero():
		d = in.To.Sub(clock.Now())
	default:
		return badInput(errors.New(`by (a duration such as "720h") or to (an RFC 3339 time) is required`))
	}
	if d < 0 {
		return badInput(errors.New("the clock only moves forward"))
	}
	clock.Advance(d)
	now := clock.Now()
	return ok(clockWire(now, s.AdvanceTo(jiko.DateOf(now))))
}

func clockWire(now time.Time, maturities int) map[string]any {
	return map[string]any{"now": now.UTC().Format(time.RFC3339Nano), "maturities": maturities}
}

// decodeControl decodes a control's JSON body into v, refusing unknown
// fields; an empty body is an empty object.
func decodeControl(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not the JSON this control takes: %w", err)
	}
	return nil
}

func decodeDecision(r *http.Request) (Decision, error) {
	var in struct {
		Status    string   `json:"status"`
		Documents []string `json:"documents"`
		Reasons   []string `json:"reasons"`
	}
	if err := decodeControl(r, &in); err != nil {
		return Decision{}, err
	}
	d := Decision{Status: jiko.ApplicationStatus(in.Status)}
	for _, doc := range in.Documents {
		d.Documents = append(d.Documents, jiko.DocumentType(doc))
	}
	for _, reason := range in.Reasons {
		d.Reasons = append(d.Reasons, jiko.ExceptionReason(reason))
	}
	return d, nil
}

func decisionWire(d Decision) map[string]any {
	return map[string]any{"status": cmp.Or(string(d.Status), "APPROVED"), "documents": d.Documents, "reasons": d.Reasons}
}

func ok(v any) (int, any) { return http.StatusOK, v }

func badInput(err error) (int, any) { return http.StatusBadRequest, detail(err.Error()) }

// fails answers a control whose method refused: 404 when it found no such
// resource (its error says "jikotest: no ..."), else 409, the resource
// being in a state that does not allow it.
func fails(err error) (int, any) {
	if strings.HasPrefix(err.Error(), "jikotest: no ") {
		return http.StatusNotFound, detail(err.Error())
	}
	return http.StatusConflict, detail(err.Error())
}

// done answers v when err is nil, else as fails does.
func done(err error, v any) (int, any) {
	if err != nil {
		return fails(err)
	}
	return ok(v)
}

// ledgerEntryWire is a [LedgerEntry] as the controls answer it.
type ledgerEntryWire struct {
	ID           string      `json:"id"`
	PocketID     string      `json:"pocket_id"`
	Kind         EntryKind   `json:"kind"`
	Amount       int64       `json:"amount"`
	Status       EntryStatus `json:"status"`
	Booked       time.Time   `json:"booked"`
	Settled      *time.Time  `json:"settled"`
	Description  string      `json:"description"`
	RefID        string      `json:"ref_id"`
	Counterparty string      `json:"counterparty"`
	TraceNumber  string      `json:"trace_number"`
}

func ledgerWire(entries []LedgerEntry) []ledgerEntryWire {
	out := make([]ledgerEntryWire, len(entries))
	for i, e := range entries {
		out[i] = ledgerEntryWire{ID: e.ID, PocketID: e.PocketID, Kind: e.Kind, Amount: e.Amount, Status: e.Status,
			Booked: e.Booked, Description: e.Description, RefID: e.RefID, Counterparty: e.Counterparty, TraceNumber: e.TraceNumber}
		if !e.Settled.IsZero() {
			out[i].Settled = &entries[i].Settled
		}
	}
	return out
}

// requestWire is a [Request] as the controls answer it, its secrets
// scrubbed: the body as text when it is UTF-8, else in base64.
type requestWire struct {
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      string              `json:"query"`
	Header     map[string][]string `json:"header"`
	Body       *string             `json:"body,omitempty"`
	BodyBase64 []byte              `json:"body_base64,omitempty"`
	Status     int                 `json:"status"`
	Fault      string              `json:"fault,omitempty"`
	Replayed   bool                `json:"replayed"`
}

func requestsWire(reqs []Request) []requestWire {
	out := make([]requestWire, len(reqs))
	for i, r := range reqs {
		r = r.scrubbed()
		out[i] = requestWire{Method: r.Method, Path: r.Path, Query: r.Query, Header: r.Header, Status: r.Status,
			Fault: r.Fault, Replayed: r.Replayed}
		if utf8.Valid(r.Body) {
			body := string(r.Body)
			out[i].Body = &body
		} else {
			out[i].BodyBase64 = r.Body
		}
	}
	return out
}
