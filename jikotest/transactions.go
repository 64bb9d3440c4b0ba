package jikotest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// Transactions are derived from the ledger: every entry of a Pocket but the
// interest of its T-bills (which belongs to the brokerage account and shows
// as MATURITY trades) is a movement of its bank account. Each such movement
// is swept to or from the brokerage account when it settles; the sweeps
// are listed only when include_sweeps is asked for, with the ledger's own
// sweep entries.
//
// The ids the filters match come from the entries: a card entry's RefID is
// the card, a SANDBOX_FUND entry's RefID the Portal it came through, an
// ACH, wire or on-us entry's RefID the transfer.

// bankTx is one movement of a Pocket's bank account, the source of both
// the v2 and the v1 transaction shapes.
type bankTx struct {
	id, txID, pocketID string
	kind               EntryKind
	typ                string // v2 type
	v1type             string
	title, desc        string
	amount             int64 // positive
	debit              bool
	booked             time.Time
	settled            *time.Time
	sweep              bool
	refID, counter     string
	trace              string
	order              int
}

func (t *bankTx) signed() int64 {
	if t.debit {
		return -t.amount
	}
	return t.amount
}

// The wire shapes of Transactions V2: the common fields and, by variant,
// the fields the SDK's fixtures show.
type txWire struct {
	ID            string    `json:"id"`
	TransactionID string    `json:"transaction_id"`
	Type          string    `json:"type"`
	Description   string    `json:"description"`
	Title         string    `json:"title"`
	Amount        moneyWire `json:"amount"`
	Direction     string    `json:"direction"`
	Status        string    `json:"status"`
	TimeBooked    string    `json:"time_booked"`
	TimeSettled   *string   `json:"time_settled"`
	PocketID      string    `json:"pocket_id"`
	*achFields
	*wireFields
	*cardFields
	*onUsFields
	*feeFields
}

type achFields struct {
	ACHID                   string `json:"ach_id,omitempty"`
	PortalID                string `json:"portal_id,omitempty"`
	CompanyName             string `json:"company_name"`
	CompanyEntryDescription string `json:"company_entry_description"`
	TraceNumber             string `json:"trace_number"`
}

type wireFields struct {
	WireID           string `json:"wire_id"`
	CounterpartyName string `json:"counterparty_name"`
	ReferenceNumber  string `json:"reference_number"`
}

type cardFields struct {
	CardID       string `json:"card_id"`
	Counterparty string `json:"counterparty"`
	MerchantType string `json:"merchant_type"`
}

type onUsFields struct {
	OnUsTransferID   string `json:"on_us_transfer_id"`
	OnUsTransferType string `json:"on_us_transfer_type"`
}

type feeFields struct {
	FeeType string `json:"fee_type"`
}

// transactionTypes are the v2 types the filter accepts.
var transactionTypes = []string{"ACH", "WIRE", "CARD", "ON_US", "FEE", "CREDIT", "GENERIC"}

const maxTransactionLimit = 100

func init() { resources = append(resources, registerTransactions) }

// registerTransactions adds the v2 and v1 transaction operations.
func registerTransactions(s *Server) {
	s.mount(ops.TransactionsListForPocket, s.listPocketTransactions)
	s.mount(ops.TransactionsGet, s.getTransaction)
	s.mount(ops.TransactionsListForCustomer, s.listCustomerTransactions)
	s.mount(ops.TransactionsV1ListForCustomer, s.listTransactionsV1)
	s.mount(ops.TransactionsV1ListForPocket, s.listTransactionsV1, rename{"account_id", "pocket_id"})
	s.mount(ops.TransactionsV1Get, s.getTransactionV1, rename{"account_id", "pocket_id"})
}

// bankTxs returns a Pocket's bank movements in booking order; withSweeps
// adds the sweeps. The caller holds the lock.
func (s *Server) bankTxs(p *pocket, withSweeps bool) []bankTx {
	var out []bankTx
	for i, e := range s.state.ledger.forPocket(p.id) {
		if e.Status == EntryRejected || e.Kind == KindInterest || (e.Sweep && !withSweeps) {
			continue
		}
		t := bankTx{
			id: e.ID, txID: cmp.Or(e.RefID, e.ID), pocketID: p.id, kind: e.Kind, amount: e.Amount,
			booked: e.Booked, sweep: e.Sweep, refID: e.RefID, counter: e.Counterparty, trace: e.TraceNumber, order: 2 * i,
		}
		if t.amount < 0 {
			t.amount, t.debit = -t.amount, true
		}
		if e.Status == EntrySettled {
			settled := e.Settled
			t.settled = &settled
		}
		t.typ, t.v1type, t.desc = describeKind(e.Kind, e.Sweep, t.debit)
		if e.Kind == KindFee && s.state.money.wires[e.RefID] != nil {
			t.v1type, t.desc = "WIRE_FEE", "Wire Fee"
		}
		t.title = cmp.Or(e.Description, t.desc)
		out = append(out, t)
		if withSweeps && !e.Sweep && t.settled != nil {
			sw := t
			sw.id, sw.txID, sw.sweep, sw.debit, sw.booked, sw.order = stableID(e.ID, "sweep"), stableID(e.ID, "sweep"), true, !t.debit, *t.settled, 2*i+1
			sw.typ, sw.v1type, sw.desc = describeKind("", true, sw.debit)
			sw.title, sw.refID, sw.counter, sw.trace = sw.desc, "", "", ""
			out = append(out, sw)
		}
	}
	slices.SortStableFunc(out, func(a, b bankTx) int { return cmp.Or(a.booked.Compare(b.booked), cmp.Compare(a.order, b.order)) })
	return out
}

// describeKind maps a ledger kind to the v2 type, the v1 type and a
// description of the movement.
func describeKind(k EntryKind, sweep, debit bool) (v2, v1, desc string) {
	in := func(credit, debitText string) string {
		if debit {
			return debitText
		}
		return credit
	}
	switch {
	case sweep:
		return "GENERIC", "GENERIC", in("Sweep from brokerage", "Sweep to brokerage")
	case k == KindSandboxFund || k == KindACH:
		return "ACH", "ACH", in("ACH Electronic Credit", "ACH Electronic Debit")
	case k == KindWire:
		return "WIRE", "WIRE", in("Wire Transfer In", "Wire Transfer Out")
	case k == KindCard:
		return "CARD", "CARD", in("Card Refund", "Card Purchase")
	case k == KindOnUs:
		return "ON_US", "ON_US", "On-Us Transfer"
	case k == KindFee:
		return "FEE", "GENERIC", "Fee"
	}
	return "GENERIC", "GENERIC", "Adjustment"
}

// wire renders a movement in the v2 shape. The caller holds the lock.
func (s *Server) txWire(t bankTx) txWire {
	w := txWire{
		ID: t.id, TransactionID: t.txID, Type: t.typ, Description: t.desc, Title: t.title,
		Amount: money(t.amount), Direction: direction(t.debit), Status: "BOOKED",
		TimeBooked: isoTime(t.booked), PocketID: t.pocketID,
	}
	if t.settled != nil {
		w.Status = "SETTLED"
		v := isoTime(*t.settled)
		w.TimeSettled = &v
	}
	switch t.typ {
	case "ACH":
		w.achFields = s.achOf(t)
	case "WIRE":
		w.wireFields = s.wireOf(t)
	case "CARD":
		w.cardFields = &cardFields{CardID: t.refID, Counterparty: t.counter, MerchantType: "RETAIL"}
	case "ON_US":
		w.onUsFields = &onUsFields{OnUsTransferID: t.refID, OnUsTransferType: s.onUsType(t)}
	case "FEE":
		// Inferred: the reference shows no fee_type values; a wire's fee is
		// WIRE_FEE, as its v1 transaction_type is.
		w.feeFields = &feeFields{FeeType: "SERVICE_FEE"}
		if t.v1type == "WIRE_FEE" {
			w.feeFields.FeeType = "WIRE_FEE"
		}
	}
	return w
}

// achOf returns the ACH details of an ACH movement: the company on the
// other side by name (the counterparty's name on the account; the
// company_name a sandbox funding gave), never an id, the entry description
// the origination carries (else the WEB default for its direction), and
// the trace number. The caller holds the lock.
func (s *Server) achOf(t bankTx) *achFields {
	f := &achFields{CompanyName: "FakeCompany", CompanyEntryDescription: "Funding TX", TraceNumber: cmp.Or(t.trace, traceNumber(t.id))}
	if t.debit {
		f.CompanyEntryDescription = "Release TX"
	}
	if t.kind == KindSandboxFund {
		f.PortalID, f.CompanyName = t.refID, cmp.Or(t.counter, f.CompanyName)
		return f
	}
	f.ACHID = t.refID
	if cp, ok := s.counterparty(t.counter); ok && cp.name != "" {
		f.CompanyName = cp.name
	}
	if a := s.state.money.ach[t.refID]; a != nil {
		f.CompanyEntryDescription = a.description
	}
	return f
}

// wireOf returns the wire details of a wire movement or a wire's fee: the
// wire's counterparty by name, as the wire shows it (an entry booked
// without a wire of the fake's names it itself), and its reference. The
// caller holds the lock.
func (s *Server) wireOf(t bankTx) *wireFields {
	f := &wireFields{WireID: t.refID, CounterpartyName: t.counter, ReferenceNumber: cmp.Or(t.trace, traceNumber(t.id)[:8])}
	if wt := s.state.money.wires[t.refID]; wt != nil {
		f.CounterpartyName = wt.counterpartyName
	}
	return f
}

// onUsType says whether an on-us movement stayed with one customer.
func (s *Server) onUsType(t bankTx) string {
	if o := s.state.pockets[t.counter]; o != nil && o.customerID == s.state.pockets[t.pocketID].customerID {
		return "INTERNAL_REALLOCATION"
	}
	return "PEER_TO_PEER"
}

func direction(debit bool) string {
	if debit {
		return "DEBIT"
	}
	return "CREDIT"
}

// traceNumber makes a 15-digit ACH trace number from an id.
func traceNumber(id string) string {
	var n uint64
	for _, r := range id {
		n = n*31 + uint64(r)
	}
	return "0910000" + strconv.FormatUint(10_000_000+n%90_000_000, 10)
}

// isoTime writes a time as the API does: UTC with a +00:00 offset.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999999-07:00") }

// filters reads the query parameters of a list, collecting the issues the
// API's validation would report, all at once.
type filters struct {
	q      url.Values
	issues []issue
}

func readFilters(r *http.Request) *filters { return &filters{q: r.URL.Query()} }

func (f *filters) bad(name, msg, typ string) {
	f.issues = append(f.issues, issue{Loc: []any{"query", name}, Msg: msg, Type: typ})
}

// time reads a date-time; zero when absent.
func (f *filters) time(name string) time.Time {
	v := f.q.Get(name)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	f.bad(name, "invalid datetime format", "value_error.datetime")
	return time.Time{}
}

// date reads a calendar date; zero when absent.
func (f *filters) date(name string) jiko.Date {
	v := f.q.Get(name)
	if v == "" {
		return jiko.Date{}
	}
	d, err := jiko.ParseDate(v)
	if err != nil {
		f.bad(name, "invalid date format", "value_error.date")
	}
	return d
}

// cents reads a non-negative integer; -1 when absent. Present but empty
// is refused, as FastAPI does.
func (f *filters) cents(name string) int64 {
	if !f.q.Has(name) {
		return -1
	}
	v := f.q.Get(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.bad(name, "value is not a valid non-negative integer", "type_error.integer")
		return -1
	}
	return n
}

func (f *filters) flag(name string) bool {
	v := f.q.Get(name)
	b, err := strconv.ParseBool(cmp.Or(v, "false"))
	if err != nil {
		f.bad(name, "value could not be parsed to a boolean", "type_error.bool")
	}
	return b
}

// oneOf reads an enum value; "" when absent.
func (f *filters) oneOf(name string, allowed ...string) string {
	v := f.q.Get(name)
	if v != "" && !slices.Contains(allowed, v) {
		f.issues = append(f.issues, enumIssue([]any{"query", name}, allowed...))
	}
	return v
}

// each reads a repeated parameter; with allowed values, each is checked.
func (f *filters) each(name string, allowed ...string) []string {
	vs := f.q[name]
	for _, v := range vs {
		if len(allowed) > 0 && !slices.Contains(allowed, v) {
			f.issues = append(f.issues, enumIssue([]any{"query", name}, allowed...))
			break
		}
	}
	return vs
}

// failed answers 422 with the issues found, if any.
func (f *filters) failed(w http.ResponseWriter) bool {
	if len(f.issues) > 0 {
		validationError(w, f.issues...)
		return true
	}
	return false
}

// within reports whether t is within [from, to]; a zero bound is open.
func within(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}

// anyOf reports whether v is in set, or set is empty.
func anyOf(set []string, v string) bool { return len(set) == 0 || slices.Contains(set, v) }

// txFilter holds the filters of a transaction list, v2 or v1.
type txFilter struct {
	types, cards, portals, onUs, wires []string
	direction                          string
	amountFrom, amountTo               int64
	bookedFrom, bookedTo               time.Time
	settledFrom, settledTo             time.Time
	v1                                 bool
}

func (tf *txFilter) keep(t bankTx) bool {
	typ := t.typ
	if tf.v1 {
		typ = t.v1type
	}
	switch {
	case !anyOf(tf.types, typ),
		len(tf.cards) > 0 && (t.typ != "CARD" || !slices.Contains(tf.cards, t.refID)),
		len(tf.portals) > 0 && (t.kind != KindSandboxFund || !slices.Contains(tf.portals, t.refID)),
		len(tf.onUs) > 0 && (t.typ != "ON_US" || !slices.Contains(tf.onUs, t.refID)),
		len(tf.wires) > 0 && (t.typ != "WIRE" || !slices.Contains(tf.wires, t.refID)),
		tf.direction != "" && direction(t.debit) != tf.direction,
		tf.amountFrom >= 0 && t.amount < tf.amountFrom,
		tf.amountTo >= 0 && t.amount > tf.amountTo,
		!within(t.booked, tf.bookedFrom, tf.bookedTo):
		return false
	}
	if !tf.settledFrom.IsZero() || !tf.settledTo.IsZero() {
		return t.settled != nil && within(*t.settled, tf.settledFrom, tf.settledTo)
	}
	return true
}

// sortTxs orders movements by booking time, newest first unless asc.
func sortTxs(txs []bankTx, order string) {
	slices.SortStableFunc(txs, func(a, b bankTx) int {
		c := cmp.Or(a.booked.Compare(b.booked), cmp.Compare(a.order, b.order))
		if order != "asc" {
			c = -c
		}
		return c
	})
}

// listOver answers a list over Pockets: 422 for the issues the filters
// found, then, under the lock, page with
// the paging and the Pockets pick names, or 404 when pick finds none.
func (s *Server) listOver(w http.ResponseWriter, r *http.Request, f *filters, maxLimit int,
	pick func(*http.Request) ([]*pocket, bool), page func(listParams, []*pocket)) {
	if f.failed(w) {
		return
	}
	lp, ok := readListParams(w, r, 30, maxLimit)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ps, ok := pick(r)
	if !ok {
		notFound(w)
		return
	}
	page(lp, ps)
}

// keptTxs returns the Pockets' movements the filter keeps, in order. The
// caller holds the lock.
func (s *Server) keptTxs(ps []*pocket, sweeps bool, tf txFilter, order string) []bankTx {
	var kept []bankTx
	for _, p := range ps {
		for _, t := range s.bankTxs(p, sweeps) {
			if tf.keep(t) {
				kept = append(kept, t)
			}
		}
	}
	sortTxs(kept, order)
	return kept
}

// renderPage renders the items of a page.
func renderPage[T, W any](pg cursorListWire[T], render func(T) W) cursorListWire[W] {
	out := cursorListWire[W]{PrevPage: pg.PrevPage, NextPage: pg.NextPage, Items: make([]W, len(pg.Items)), ObjectType: pg.ObjectType}
	for i, t := range pg.Items {
		out.Items[i] = render(t)
	}
	return out
}

// listTransactions answers a v2 list over the Pockets pick names.
func (s *Server) listTransactions(w http.ResponseWriter, r *http.Request, pick func(*http.Request) ([]*pocket, bool)) {
	f := readFilters(r)
	tf := txFilter{
		types: f.each("filter[type]", transactionTypes...), cards: f.each("filter[card]"), portals: f.each("filter[portal]"),
		onUs: f.each("filter[on_us_transfer]"), wires: f.each("filter[wire]"),
		direction:  f.oneOf("direction", "DEBIT", "CREDIT"),
		amountFrom: f.cents("amount_from"), amountTo: f.cents("amount_to"),
		bookedFrom: f.time("time_booked_from"), bookedTo: f.time("time_booked_to"),
		settledFrom: f.time("time_settled_from"), settledTo: f.time("time_settled_to"),
	}
	order := f.oneOf("order", "desc", "asc")
	sweeps := f.flag("include_sweeps")
	s.listOver(w, r, f, maxTransactionLimit, pick, func(lp listParams, ps []*pocket) {
		writeJSON(w, http.StatusOK, renderPage(paginate(s.keptTxs(ps, sweeps, tf, order), lp), s.txWire))
	})
}

func (s *Server) listPocketTransactions(w http.ResponseWriter, r *http.Request) {
	s.listTransactions(w, r, s.onePocket)
}

func (s *Server) listCustomerTransactions(w http.ResponseWriter, r *http.Request) {
	s.listTransactions(w, r, func(r *http.Request) ([]*pocket, bool) { return s.customerPockets(r, "pocket_id[]") })
}

// onePocket returns the path's Pocket. The caller holds the lock.
func (s *Server) onePocket(r *http.Request) ([]*pocket, bool) {
	p := s.findPocket(r)
	return []*pocket{p}, p != nil
}

// customerPockets returns the Pockets of the path's customer, in creation
// order, kept to those named by the repeated query parameter filter when
// it is given; false for an unknown customer. The caller holds the lock.
func (s *Server) customerPockets(r *http.Request, filter string) ([]*pocket, bool) {
	c := r.PathValue("customer_id")
	if s.state.customers[c] == nil {
		return nil, false
	}
	only := r.URL.Query()[filter]
	var out []*pocket
	for _, id := range s.state.order {
		if p := s.state.pockets[id]; p.customerID == c && anyOf(only, id) {
			out = append(out, p)
		}
	}
	return out, true
}

func (s *Server) getTransaction(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		if t, ok := s.findTx(r); ok {
			return s.txWire(t), true
		}
		return nil, false
	})
}

// findTx finds the path's movement of the path's Pocket. The caller holds
// the lock.
func (s *Server) findTx(r *http.Request) (bankTx, bool) {
	if p := s.findPocket(r); p != nil {
		for _, t := range s.bankTxs(p, true) {
			if t.id == r.PathValue("transaction_id") {
				return t, true
			}
		}
	}
	return bankTx{}, false
}
