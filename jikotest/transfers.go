package jikotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// This file holds what the money movements share (ACH, wires, on-us
// transfers, sandbox funding): their state, the fees the server charges,
// the controls that settle or reject a transfer, a view of the ledger, and
// a reader of request bodies that answers the API's 422 detail lists.

// moneyState holds the transfers. Their money lives in the ledger; each
// transfer keeps the ids of its entries.
type moneyState struct {
	ach       map[string]*achTransfer
	achOrder  []string
	wires     map[string]*wireTransfer
	wireOrder []string
	onUs      map[string]*onUsTransfer
	onUsOrder []string
	// onUsByTransferID maps the client's transfer_id to the transfer's id.
	onUsByTransferID map[string]string
	// partner holds the Pockets of the partner (AddPartnerPocket), the
	// source of PARTNER_CUSTOMER_FUNDING and the target of defunding.
	partner           map[string]bool
	partnerCustomerID string
	fees              TransferFees
	// seq numbers trace and reference numbers.
	seq int
}

func newMoneyState() moneyState {
	return moneyState{
		ach: map[string]*achTransfer{}, wires: map[string]*wireTransfer{}, onUs: map[string]*onUsTransfer{},
		onUsByTransferID: map[string]string{}, partner: map[string]bool{},
	}
}

// TransferFees are the fees the server charges for moving money, in cents.
// Both are 0 unless SetTransferFees sets them: the reference lists wire fee
// transactions (WIRE_FEE) and an on-us transfer's fees[] (AUM_FEE) but
// publishes no fee schedule.
type TransferFees struct {
	// Wire is charged to the Pocket of each outgoing wire, as a separate
	// ledger entry (KindFee) that settles or is refunded with the wire.
	Wire int64
	// OnUs is charged to the source Pocket of each on-us transfer and
	// listed in the transfer's fees[] as an AUM_FEE.
	OnUs int64
}

// SetTransferFees sets the fees charged from now on, to test how a
// partner's code shows and accounts for them.
func (s *Server) SetTransferFees(f TransferFees) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.money.fees = f
}

// transfer is a movement of money whose lifecycle the test advances.
type transfer interface {
	// settle completes it; reject ends it without moving money. Both
	// record the event of the change. The caller holds the lock.
	settle(s *Server) error
	reject(s *Server, reason string) error
}

func (m *moneyState) find(id string) transfer {
	if t := m.ach[id]; t != nil {
		return t
	}
	if w := m.wires[id]; w != nil {
		return w
	}
	if id2, ok := m.onUsByTransferID[id]; ok {
		id = id2
	}
	if o := m.onUs[id]; o != nil {
		return o
	}
	return nil
}

// Settle completes a pending transfer, named by its id (an ACH origination
// or wire id, an on-us transfer's id or its transfer_id): an ACH
// origination becomes PROCESSED, a wire or an asynchronous on-us transfer
// COMPLETED.
// Its ledger entries settle, so they count in the Pockets' balances, and
// its success event is recorded. The real API moves transfers on by its
// own processing windows; the fake waits for the test.
func (s *Server) Settle(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.state.money.find(id)
	if t == nil {
		return fmt.Errorf("jikotest: no transfer %q", id)
	}
	return t.settle(s)
}

// Reject ends a pending transfer, named as for [Server.Settle], without
// moving money: an ACH origination or a wire becomes REJECTED, an on-us
// transfer REJECTED with reason (a [jiko.TransferStateReason] such as
// "INSUFFICIENT_FUNDS"; empty means "CANCELED"). Its ledger entries are
// rejected, so held funds are released and fees refunded, and its rejected
// event is recorded. ACH and wire objects carry no reason: theirs is kept
// in the ledger entry's description. A test uses it to drive a partner's
// handling of a returned payment.
func (s *Server) Reject(id, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.state.money.find(id)
	if t == nil {
		return fmt.Errorf("jikotest: no transfer %q", id)
	}
	return t.reject(s, reason)
}

// finish settles or rejects a transfer's pending entries. The caller holds
// the lock.
func (s *Server) finish(status EntryStatus, reason string, entryIDs ...string) {
	for _, id := range entryIDs {
		if id == "" {
			continue
		}
		e := s.state.ledger.settle(id, s.now(), status)
		if e != nil && status == EntryRejected && reason != "" {
			e.Description += " (rejected: " + reason + ")"
		}
	}
}

// notPending is the error of a control applied to a finished transfer.
func notPending(kind, id, status string) error {
	return fmt.Errorf("jikotest: %s %s is %s, not pending", kind, id, status)
}

// nextSeq returns the next number for trace and reference numbers. The
// caller holds the lock.
func (s *Server) nextSeq() int {
	s.state.money.seq++
	return s.state.money.seq
}

// traceNumber makes an ACH trace number: the 8-digit routing prefix of the
// originating bank, then a 7-digit sequence.
func (s *Server) traceNumber() string { return fmt.Sprintf("09100001%07d", s.nextSeq()) }

// LedgerEntry is one movement of money in a Pocket's ledger, as
// [Server.LedgerEntries] returns it: for asserting exactly what moved, and
// that a retried transfer moved money once.
type LedgerEntry struct {
	// ID identifies the entry.
	ID string
	// PocketID is the Pocket whose money moved.
	PocketID string
	// Kind says what moved it (KindACH, KindWire, ...).
	Kind EntryKind
	// Amount is in cents: positive credits the Pocket, negative debits it.
	Amount int64
	// Status is EntryPending, EntrySettled or EntryRejected.
	Status EntryStatus
	// Booked is when it was booked; Settled when it settled (zero until).
	Booked, Settled time.Time
	// Description is the text a statement would show.
	Description string
	// RefID is the transfer (or portal) the entry belongs to.
	RefID string
	// Counterparty names the other side: a counterparty id, a Pocket id, a
	// company name.
	Counterparty string
	// TraceNumber is the ACH trace number or wire reference, if any.
	TraceNumber string
}

// LedgerEntries returns the ledger entries of a Pocket in booking order, or
// of every Pocket when pocketID is empty.
func (s *Server) LedgerEntries(pocketID string) []LedgerEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	entries := s.state.ledger.entries
	if pocketID != "" {
		entries = s.state.ledger.forPocket(pocketID)
	}
	var out []LedgerEntry
	for _, e := range entries {
		out = append(out, LedgerEntry{
			ID: e.ID, PocketID: e.PocketID, Kind: e.Kind, Amount: e.Amount, Status: e.Status,
			Booked: e.Booked, Settled: e.Settled, Description: e.Description, RefID: e.RefID,
			Counterparty: e.Counterparty, TraceNumber: e.TraceNumber,
		})
	}
	return out
}

// unavailable says why money cannot leave p (out) or reach it, or "". A
// closed or frozen Pocket moves nothing; a pending one (not yet funded)
// may receive.
func unavailable(p *pocket, out bool) string {
	switch {
	case p.status == "CLOSED" || p.status == "FROZEN":
		return "Pocket is " + strings.ToLower(p.status)
	case out && p.status != "OPEN":
		return "Pocket is not open"
	}
	return ""
}

// paymentRefusal checks a payment between Pocket p and a counterparty of
// its customer: the counterparty (see payee), the Pocket (unavailable) and,
// for money going out, that need cents are available. It returns the
// counterparty and the 422 detail the API would answer, or "". The caller
// holds the lock.
func (s *Server) paymentRefusal(p *pocket, cpID, kind string, out bool, need int64) (counterpartyRef, string) {
	cp, refused := s.payee(cpID, p.customerID, kind)
	if refused == "" {
		refused = unavailable(p, out)
	}
	if refused == "" && out && need > s.state.ledger.balance(p.id).Available {
		refused = "Insufficient funds"
	}
	return cp, refused
}

// counterpartyRef is what a money movement needs to know of a
// counterparty.
type counterpartyRef struct {
	customerID string // the customer it belongs to
	kind       string // cpACH, cpWire, cpOnUs, ...
	verified   bool   // money may move to or from it now
	name       string // the name on the account
	pocketID   string // on_us: the Pocket it reaches
}

// counterparty looks a counterparty up for a transfer, in the state of
// counterparties.go. The caller holds the lock.
func (s *Server) counterparty(id string) (counterpartyRef, bool) {
	customerID, verified, ok := s.counterpartyForTransfer(id)
	if !ok {
		return counterpartyRef{}, false
	}
	c := s.state.counterparties.byID[id]
	ref := counterpartyRef{customerID: customerID, kind: c.kind, verified: verified, name: c.name.display()}
	if c.kind == cpACH {
		ref.name = c.nameOnAccount
	}
	ref.pocketID, _ = s.onUsCounterpartyPocket(id)
	return ref, true
}

// depositPortal returns the open portal through which a Pocket receives
// incoming ACH credits (its default portal, portals.go). The caller holds
// the lock.
func (s *Server) depositPortal(pocketID string) (string, bool) {
	pt := s.portalOf(pocketID)
	if pt == nil || pt.status != "OPEN" {
		return "", false
	}
	return pt.id, true
}

// payee checks the counterparty of a transfer of a customer: it
// must exist for that customer, be of the kind, and be verified. It
// returns the counterparty, or the 422 detail the API would answer. The
// caller holds the lock.
func (s *Server) payee(id, customerID, kind string) (counterpartyRef, string) {
	cp, ok := s.counterparty(id)
	switch {
	case !ok || cp.customerID != customerID:
		return cp, "Counterparty not found"
	case cp.kind != kind:
		return cp, "Counterparty is of type " + cp.kind + ", not " + kind
	case !cp.verified:
		return cp, "Counterparty is not verified"
	}
	return cp, ""
}

// bodyReader reads the fields of a JSON body (or of an object inside it),
// collecting the issues the API's schema checks would answer with 422.
type bodyReader struct {
	fields map[string]json.RawMessage
	loc    []any
	issues *[]issue
}

// readBody reads a request's JSON object; ok is false when the 422 for a
// body that is not one has been answered.
func readBody(w http.ResponseWriter, r *http.Request) (bodyReader, bool) {
	fields, ok := readObject(w, r)
	return bodyReader{fields: fields, loc: []any{"body"}, issues: new([]issue)}, ok
}

func (b bodyReader) add(name, msg, typ string) {
	*b.issues = append(*b.issues, issue{Loc: append(slices.Clone(b.loc), name), Msg: msg, Type: typ})
}

func (b bodyReader) has(name string) bool {
	raw, ok := b.fields[name]
	return ok && string(raw) != "null"
}

// missing records a required field that is absent.
func (b bodyReader) missing(name string) { b.add(name, "field required", "value_error.missing") }

// str reads a string of at most max characters (max 0: no limit).
func (b bodyReader) str(name string, required bool, max int) string {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return ""
	}
	var v string
	if json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "str type expected", "type_error.str")
		return ""
	}
	if max > 0 && utf8.RuneCountInString(v) > max {
		b.add(name, "ensure this value has at most "+strconv.Itoa(max)+" characters", "value_error.any_str.max_length")
	}
	return v
}

// enum reads a string that must be one of allowed.
func (b bodyReader) enum(name string, required bool, allowed ...string) string {
	v := b.str(name, required, 0)
	if v != "" && !slices.Contains(allowed, v) {
		*b.issues = append(*b.issues, enumIssue(append(slices.Clone(b.loc), name), allowed...))
		return ""
	}
	return v
}

// uuid reads an optional UUID.
func (b bodyReader) uuid(name string) string {
	v := b.str(name, false, 0)
	if v != "" {
		if _, err := uuid.Parse(v); err != nil {
			b.add(name, "value is not a valid uuid", "type_error.uuid")
			return ""
		}
	}
	return v
}

// cents reads an integer amount that must be more than 0 and, when max is
// not 0, less than max.
func (b bodyReader) cents(name string, required bool, max int64) int64 {
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return 0
	}
	var v int64
	if json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value is not a valid integer", "type_error.integer")
		return 0
	}
	switch {
	case v <= 0:
		b.add(name, "ensure this value is greater than 0", "value_error.number.not_gt")
	case max > 0 && v >= max:
		b.add(name, "ensure this value is less than "+strconv.FormatInt(max, 10), "value_error.number.not_lt")
	}
	return v
}

// boolean reads an optional boolean.
func (b bodyReader) boolean(name string) bool {
	var v bool
	if b.has(name) && json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value could not be parsed to a boolean", "type_error.bool")
	}
	return v
}

// strs reads an optional list of strings.
func (b bodyReader) strs(name string) []string {
	var v []string
	if b.has(name) && json.Unmarshal(b.fields[name], &v) != nil {
		b.add(name, "value is not a valid list", "type_error.list")
	}
	return v
}

// object reads a nested object; a missing or malformed one reads as empty.
func (b bodyReader) object(name string, required bool) bodyReader {
	in := bodyReader{loc: append(slices.Clone(b.loc), name), issues: b.issues}
	if !b.has(name) {
		if required {
			b.missing(name)
		}
		return in
	}
	if json.Unmarshal(b.fields[name], &in.fields) != nil || in.fields == nil {
		b.add(name, "value is not a valid dict", "type_error.dict")
	}
	return in
}

// failed answers the collected issues, if any, and reports whether it did.
func (b bodyReader) failed(w http.ResponseWriter) bool {
	if len(*b.issues) == 0 {
		return false
	}
	validationError(w, *b.issues...)
	return true
}
