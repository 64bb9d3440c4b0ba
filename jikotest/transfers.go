package jikotest

import (
	"fmt"
	"strings"
	"time"
)

// This file holds what the money movements share (ACH, wires, on-us
// transfers, sandbox funding): their state, the fees the server charges,
// the controls that settle or reject a transfer, and a view of the ledger.

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
// "INSUFFICIENT_FUNDS"; empty means "CANCELED"). A wire's or an on-us
// transfer's ledger entries are rejected, so held funds are released and
// fees refunded; the wire object carries no reason: it is kept in the
// ledger entry's description. An ACH is returned as a bank returns one
// (reason is its return code and text, such as "R01 insufficient funds"):
// its entry settles and a return entry of its own, titled with the reason,
// brings the money back, so both stay in the Pocket's transactions. The
// rejected event is recorded. A test uses it to drive a partner's handling
// of a returned payment.
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
