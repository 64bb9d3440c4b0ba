package jikotest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jiko-go/jiko"
)

const maxPocketLimit = 30

var defaultPocketStatuses = []jiko.PocketStatus{jiko.PocketStatusPending, jiko.PocketStatusOpen, jiko.PocketStatusFrozen}

// registerPockets adds the Pocket operations.
func registerPockets(s *Server, mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v2/pockets/{$}", s.listPockets)
	mux.HandleFunc("GET /api/v2/customers/{customer_id}/pockets/{$}", s.listPockets)
	mux.HandleFunc("POST /api/v2/customers/{customer_id}/pockets/{$}", s.createPocket)
	mux.HandleFunc("GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/{$}", s.getPocket)
	mux.HandleFunc("PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/{$}", s.updatePocket)
	mux.HandleFunc("GET /api/v2/pockets/{pocket_id}/{$}", s.getPocket)
	mux.HandleFunc("GET /api/v2/pockets/{pocket_id}/earnings/{$}", s.pocketEarnings)
}

func (s *Server) listPockets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := maxPocketLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxPocketLimit {
			validationError(w, issue{Loc: []any{"query", "limit"}, Msg: "ensure this value is between 0 and 30", Type: "value_error.number"})
			return
		}
		limit = n
	}
	offset, ok := decodeCursor(q.Get("cursor"))
	if !ok {
		validationError(w, issue{Loc: []any{"query", "cursor"}, Msg: "invalid cursor", Type: "value_error"})
		return
	}
	statuses := defaultPocketStatuses
	if vs := q["filter[status]"]; len(vs) > 0 {
		statuses = nil
		for _, v := range vs {
			st := jiko.PocketStatus(v)
			if !slices.Contains(pocketStatuses, st) {
				validationError(w, issue{Loc: []any{"query", "filter[status]"}, Msg: "value is not a valid enumeration member; permitted: 'PENDING', 'OPEN', 'FROZEN', 'CLOSED'", Type: "type_error.enum"})
				return
			}
			statuses = append(statuses, st)
		}
	}
	omit := slices.Contains(q["omit[]"], "portfolio")
	customerID := r.PathValue("customer_id")

	s.mu.Lock()
	if customerID != "" && s.state.customers[customerID] == nil {
		s.mu.Unlock()
		notFound(w)
		return
	}
	var matched []jiko.Pocket
	for _, id := range s.state.order {
		p := s.state.pockets[id]
		if (customerID == "" || p.wire.CustomerID == customerID) && slices.Contains(statuses, p.wire.Status) {
			matched = append(matched, p.view(omit))
		}
	}
	s.mu.Unlock()

	page := jiko.CursorPage[jiko.Pocket]{Items: []jiko.Pocket{}, ObjectType: "CursorList"}
	if offset < len(matched) {
		end := min(offset+limit, len(matched))
		page.Items = matched[offset:end]
		if end < len(matched) && limit > 0 {
			page.NextPage = encodeCursor(end)
		}
	}
	if offset > 0 {
		page.PrevPage = encodeCursor(max(offset-limit, 0))
	}
	writeJSON(w, http.StatusOK, cursorList(page))
}

// cursorList writes the empty cursors as null, as the API does.
func cursorList[T any](p jiko.CursorPage[T]) map[string]any {
	var next, prev any
	if p.NextPage != "" {
		next = p.NextPage
	}
	if p.PrevPage != "" {
		prev = p.PrevPage
	}
	return map[string]any{"items": p.Items, "next_page": next, "prev_page": prev, "object_type": p.ObjectType}
}

var pocketStatuses = []jiko.PocketStatus{jiko.PocketStatusPending, jiko.PocketStatusOpen, jiko.PocketStatusFrozen, jiko.PocketStatusClosed}

func (s *Server) createPocket(w http.ResponseWriter, r *http.Request) {
	fields, ok := readObject(w, r)
	if !ok {
		return
	}
	var issues []issue
	name, nameOK := stringField(fields, "pocket_name")
	if !nameOK || name == "" {
		issues = append(issues, issue{Loc: []any{"body", "pocket_name"}, Msg: "field required", Type: "value_error.missing"})
	}
	deposit, depOK := stringField(fields, "deposit_strategy_id")
	if !depOK || deposit == "" {
		issues = append(issues, issue{Loc: []any{"body", "deposit_strategy_id"}, Msg: "field required", Type: "value_error.missing"})
	} else if !knownStrategy(deposit) {
		issues = append(issues, unknownStrategy("deposit_strategy_id"))
	}
	reinvest, _ := stringField(fields, "reinvestment_strategy_id")
	if reinvest != "" && !knownStrategy(reinvest) {
		issues = append(issues, unknownStrategy("reinvestment_strategy_id"))
	}
	if len(issues) > 0 {
		validationError(w, issues...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.customers[r.PathValue("customer_id")] == nil {
		notFound(w)
		return
	}
	p := s.state.newPocket(r.PathValue("customer_id"), name, jiko.StrategyID(deposit), jiko.StrategyID(reinvest))
	s.effects++
	writeJSON(w, http.StatusCreated, p.view(false))
}

// findPocket returns the Pocket named by the path, checking that it belongs
// to the customer when the path names one. The caller holds the lock.
func (s *Server) findPocket(r *http.Request) *pocket {
	p := s.state.pockets[r.PathValue("pocket_id")]
	if p == nil {
		return nil
	}
	if c := r.PathValue("customer_id"); c != "" && p.wire.CustomerID != c {
		return nil
	}
	return p
}

// pocketOr404 is findPocket answering 404 when there is none. The caller
// holds the lock.
func (s *Server) pocketOr404(w http.ResponseWriter, r *http.Request) *pocket {
	p := s.findPocket(r)
	if p == nil {
		notFound(w)
	}
	return p
}

func (s *Server) getPocket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pocketOr404(w, r)
	if p == nil {
		return
	}
	writeJSON(w, http.StatusOK, p.view(slices.Contains(r.URL.Query()["omit[]"], "portfolio")))
}

func (s *Server) pocketEarnings(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p := s.pocketOr404(w, r)
	s.mu.Unlock()
	if p == nil {
		return
	}
	q := r.URL.Query()
	period := q.Get("period")
	if period == "" {
		period = "all-time"
	}
	if !slices.Contains([]string{"ytd", "mtd", "wtd", "all-time", "range"}, period) {
		validationError(w, issue{Loc: []any{"query", "period"}, Msg: "value is not a valid enumeration member", Type: "type_error.enum"})
		return
	}
	var from, to any = nil, jiko.DateOf(s.now())
	if period == "range" {
		f, errF := jiko.ParseDate(q.Get("date_from"))
		t, errT := jiko.ParseDate(q.Get("date_to"))
		if errF != nil || errT != nil {
			validationError(w, issue{Loc: []any{"query", "date_from"}, Msg: "date_from and date_to are required for range", Type: "value_error"})
			return
		}
		from, to = f, t
	}
	writeJSON(w, http.StatusOK, map[string]any{"earnings": money(0), "date_from": from, "date_to": to})
}

func (s *Server) updatePocket(w http.ResponseWriter, r *http.Request) {
	fields, ok := readObject(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pocketOr404(w, r)
	if p == nil {
		return
	}
	next := p.wire
	var issues []issue
	if _, ok := fields["pocket_name"]; ok {
		name, isString := stringField(fields, "pocket_name")
		if !isString || name == "" {
			issues = append(issues, issue{Loc: []any{"body", "pocket_name"}, Msg: "a non-empty name is required", Type: "value_error"})
		}
		next.PocketName = name
	}
	if _, ok := fields["deposit_strategy_id"]; ok {
		v, _ := stringField(fields, "deposit_strategy_id")
		if !knownStrategy(v) {
			issues = append(issues, unknownStrategy("deposit_strategy_id"))
		}
		next.DepositStrategyID = jiko.StrategyID(v)
	}
	if _, ok := fields["reinvestment_strategy_id"]; ok {
		v, _ := stringField(fields, "reinvestment_strategy_id") // null clears it
		if v != "" && !knownStrategy(v) {
			issues = append(issues, unknownStrategy("reinvestment_strategy_id"))
		}
		next.ReinvestmentStrategyID = jiko.StrategyID(v)
	}
	if len(issues) > 0 {
		validationError(w, issues...)
		return
	}
	if _, ok := fields["status"]; ok {
		status, _ := stringField(fields, "status")
		reason, _ := stringField(fields, "closure_reason")
		if detail := s.closeRule(p, jiko.PocketStatus(status), reason); detail != "" {
			problem(w, r, "pocket-cannot-close", detail)
			return
		}
		next.Status = jiko.PocketStatusClosed
	}
	p.wire = next
	s.effects++
	writeJSON(w, http.StatusOK, p.view(false))
}

// closeRule returns why the Pocket cannot take this status, or "".
func (s *Server) closeRule(p *pocket, status jiko.PocketStatus, reason string) string {
	switch {
	case status != jiko.PocketStatusClosed:
		return "Only the CLOSED status can be set"
	case strings.TrimSpace(reason) == "":
		return "A closure_reason is required to close a Pocket"
	case p.wire.Status == jiko.PocketStatusClosed:
		return "Pocket is already closed"
	case p.balance != 0:
		return "Pocket must be empty to be closed"
	}
	for _, id := range s.state.order {
		o := s.state.pockets[id]
		if o != p && o.wire.CustomerID == p.wire.CustomerID && o.wire.Status == jiko.PocketStatusOpen {
			return ""
		}
	}
	return "The customer must keep at least one other open Pocket"
}

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, bool) {
	if c == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
	if err != nil || n < 0 || !strings.HasPrefix(string(b), "o:") {
		return 0, false
	}
	return n, true
}

// readObject decodes a JSON object body into its raw fields, answering 422
// when the body is not one.
func readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&fields); err != nil || fields == nil {
		validationError(w, issue{Loc: []any{"body"}, Msg: "value is not a valid dict", Type: "type_error.dict"})
		return nil, false
	}
	return fields, true
}

// stringField returns a string field; ok is false when it is absent, null
// or not a string.
func stringField(fields map[string]json.RawMessage, name string) (string, bool) {
	var v *string
	if err := json.Unmarshal(fields[name], &v); err != nil || v == nil {
		return "", false
	}
	return *v, true
}

func validationError(w http.ResponseWriter, issues ...issue) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": issues})
}

// problem answers a business-rule failure in the problem-details form of
// the v2 endpoints.
func problem(w http.ResponseWriter, r *http.Request, kind, detail string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"type": "https://jikotest.invalid/problems/" + kind, "instance": r.URL.EscapedPath(),
		"detail": detail, "trace_id": nil,
	})
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not found"})
}
