package jikotest

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

var (
	onUsTypes   = []string{"PARTNER_CUSTOMER_FUNDING", "PARTNER_CUSTOMER_DEFUNDING", "INTERNAL_REALLOCATION", "PEER_TO_PEER"}
	onUsReasons = []string{"ACCOUNT_UNAVAILABLE", "CANCELED", "INSUFFICIENT_FUNDS", "INVALID_CURRENCY", "INVALID_TRANSFER", "SANCTION_SCREEN_FAILED"}
)

// onUsTransfer is an on-us (book) transfer. Its money is a debit of the
// source Pocket and a credit of the destination (when it is in the fake),
// plus a fee debit when there is a fee; all pending while the transfer is.
type onUsTransfer struct {
	id, transferID, typ, status, reason string
	description, e2e, source, target    string
	from, to, counterpartyID            string
	amount, fee                         int64
	created                             time.Time
	entryIDs                            []string
}

// onUsWire is the reference's OnUsTransfer.
type onUsWire struct {
	ID         string          `json:"id"`
	Status     string          `json:"status"`
	Reason     *string         `json:"reason"`
	Transfer   onUsDetailsWire `json:"transfer"`
	Fees       []feeWire       `json:"fees"`
	ObjectType string          `json:"object_type"`
}

// onUsDetailsWire is the transfer an OnUsTransfer echoes: the fields of its
// type's variant, with the amount that moves.
type onUsDetailsWire struct {
	Description               string           `json:"description,omitempty"`
	TransferID                string           `json:"transfer_id"`
	EndToEndIdentification    string           `json:"end_to_end_identification,omitempty"`
	FromAccount               onUsAccountWire  `json:"from_account"`
	ToAccount                 *onUsAccountWire `json:"to_account,omitempty"`
	Type                      string           `json:"type"`
	Source                    *string          `json:"source,omitempty"`
	Target                    *string          `json:"target,omitempty"`
	DestinationCounterpartyID string           `json:"destination_counterparty_id,omitempty"`
	Amount                    moneyWire        `json:"amount"`
}

type onUsAccountWire struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

func (t *onUsTransfer) wire() onUsWire {
	d := onUsDetailsWire{
		Description: t.description, TransferID: t.transferID, EndToEndIdentification: t.e2e,
		FromAccount: onUsAccountWire{t.from, "JIKO_ACCOUNT"}, Type: t.typ, Amount: money(t.amount),
	}
	switch t.typ {
	case "PEER_TO_PEER":
		d.DestinationCounterpartyID = t.counterpartyID
	default:
		d.ToAccount = &onUsAccountWire{t.to, "JIKO_ACCOUNT"}
	}
	switch t.typ {
	case "PARTNER_CUSTOMER_FUNDING":
		d.Source = &t.source
	case "PARTNER_CUSTOMER_DEFUNDING":
		d.Target = &t.target
	}
	w := onUsWire{ID: t.id, Status: t.status, Transfer: d, Fees: []feeWire{}, ObjectType: "OnUsTransfer"}
	if t.reason != "" {
		w.Reason = &t.reason
	}
	if t.fee > 0 && t.status != "REJECTED" {
		w.Fees = append(w.Fees, feeWire{Type: "AUM_FEE", Amount: money(t.fee)})
	}
	return w
}

// AddPartnerPocket adds a Pocket of the partner itself, the source of
// PARTNER_CUSTOMER_FUNDING transfers ([jiko.OnUsFundingRequest]) and the
// target of PARTNER_CUSTOMER_DEFUNDING ones ([jiko.OnUsDefundingRequest]),
// and returns it as the API would. The partner's Pockets belong to one
// customer of their own. seed is as for [Server.AddPocket].
func (s *Server) AddPartnerPocket(seed PocketSeed) jiko.Pocket {
	s.mu.Lock()
	if s.state.money.partnerCustomerID == "" {
		s.state.money.partnerCustomerID = uuid.NewString()
	}
	owner := s.state.money.partnerCustomerID
	s.mu.Unlock()
	p := s.AddPocket(owner, seed)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.money.partner[p.ID] = true
	return p
}

func init() { resources = append(resources, registerOnUs) }

// registerOnUs adds the on-us transfer operations.
func registerOnUs(s *Server) {
	s.mount(ops.OnUsCreate, s.createOnUs)
	s.mount(ops.OnUsGet, s.getOnUs)
}

// getOnUs reads a transfer by its id, or by the client's transfer_id (the
// path names it transfer_id; which of the two the API takes is not stated).
func (s *Server) getOnUs(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		id := r.PathValue("transfer_id")
		if id2, ok := s.state.money.onUsByTransferID[id]; ok {
			id = id2
		}
		t := s.state.money.onUs[id]
		if t == nil {
			return nil, false
		}
		return t.wire(), true
	})
}

// onUsRequest is a parsed Create On-Us Transfer body.
type onUsRequest struct {
	onUsTransfer
	fullWithdrawal, async bool
}

// readOnUs checks the body's schema; ok is false when the 422 has been
// answered.
func readOnUs(w http.ResponseWriter, r *http.Request) (onUsRequest, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return onUsRequest{}, false
	}
	var q onUsRequest
	q.typ = b.enum("type", true, onUsTypes...)
	q.transferID = b.uuid("transfer_id")
	q.description = b.str("description", false, 100)
	q.e2e = b.str("end_to_end_identification", false, 0)
	q.from = b.object("from_account", true).account()
	switch q.typ {
	case "PEER_TO_PEER":
		q.counterpartyID = b.str("destination_counterparty_id", true, 0)
	case "":
	default:
		q.to = b.object("to_account", true).account()
	}
	switch q.typ {
	case "PARTNER_CUSTOMER_FUNDING":
		q.source = b.str("source", true, 200)
	case "PARTNER_CUSTOMER_DEFUNDING":
		q.target = b.str("target", true, 200)
	}
	if b.has("amount") || !b.has("amount_usdc") {
		a := b.object("amount", true)
		switch a.enum("type", true, "REQUESTED_AMOUNT", "FULL_WITHDRAWAL") {
		case "REQUESTED_AMOUNT":
			q.amount = a.cents("amount_usdc", true, 0)
		case "FULL_WITHDRAWAL":
			q.fullWithdrawal = true
			if q.typ == "PARTNER_CUSTOMER_FUNDING" {
				a.add("type", "amount.type cannot be FULL_WITHDRAWAL when type is PARTNER_CUSTOMER_FUNDING", "value_error")
			}
		}
	} else {
		q.amount = b.cents("amount_usdc", true, 0) // deprecated, still accepted
	}
	q.async = b.boolean("async_mode")
	return q, !b.failed(w)
}

// account reads an OnUsJikoAccountCounterparty: {id, type: JIKO_ACCOUNT}.
func (b bodyReader) account() string {
	if b.fields == nil {
		return ""
	}
	id := b.str("id", true, 0)
	b.enum("type", true, "JIKO_ACCOUNT")
	return id
}

// createOnUs books a transfer. After the schema (422 detail list), unknown
// Pockets answer 404, a transfer_id already used 409, and an unknown,
// foreign, non-on-us or unverified counterparty 422, as for ACH. The rules
// of the transfer itself answer 201 with the transfer REJECTED and its
// reason, as the reference's status and reason fields suggest:
// INVALID_TRANSFER when the type does not fit the Pockets (funding from a
// Pocket that is not the partner's, reallocating across customers or to
// the same Pocket), ACCOUNT_UNAVAILABLE for a closed or frozen Pocket,
// INSUFFICIENT_FUNDS beyond the available balance (with the fee). An
// accepted transfer completes at once, or with async_mode stays PENDING
// until Settle or Reject.
func (s *Server) createOnUs(w http.ResponseWriter, r *http.Request) {
	q, ok := readOnUs(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &s.state.money
	from := s.state.pockets[q.from]
	to := s.state.pockets[q.to]
	if from == nil || (q.typ != "PEER_TO_PEER" && to == nil) {
		notFound(w)
		return
	}
	if q.transferID != "" {
		if _, used := m.onUsByTransferID[q.transferID]; used {
			failWith(w, http.StatusConflict, "An on-us transfer with this transfer_id already exists")
			return
		}
	}
	if q.typ == "PEER_TO_PEER" {
		cp, refused := s.payee(q.counterpartyID, from.customerID, cpOnUs)
		if refused != "" {
			failWith(w, http.StatusUnprocessableEntity, refused)
			return
		}
		to = s.state.pockets[cp.pocketID] // nil: the money leaves the fake
	}

	t := &q.onUsTransfer
	t.id, t.created, t.status, t.fee = uuid.NewString(), s.now(), "PENDING", m.fees.OnUs
	if t.transferID == "" {
		t.transferID = uuid.NewString()
	}
	if to != nil {
		t.to = to.id
	}
	available := s.state.ledger.balance(from.id).Available
	if q.fullWithdrawal {
		t.amount = available - t.fee
	}
	switch {
	case !s.fits(t.typ, from, to):
		t.status, t.reason = "REJECTED", "INVALID_TRANSFER"
	case unavailable(from, true) != "" || (to != nil && unavailable(to, false) != ""):
		t.status, t.reason = "REJECTED", "ACCOUNT_UNAVAILABLE"
	case t.amount <= 0 || t.amount+t.fee > available:
		t.status, t.reason = "REJECTED", "INSUFFICIENT_FUNDS"
	}
	if t.status == "REJECTED" {
		t.amount = max(t.amount, 0)
	} else {
		t.book(s, from, to)
	}
	m.onUs[t.id] = t
	m.onUsOrder = append(m.onUsOrder, t.id)
	m.onUsByTransferID[t.transferID] = t.id
	s.effects++
	switch {
	case t.status == "REJECTED":
		s.state.events.record(s.now(), "transfers.on-us.rejected", t.payload())
	case q.async:
		s.state.events.record(s.now(), "transfers.on-us.processing", t.payload())
	default:
		_ = t.settle(s)
	}
	writeJSON(w, http.StatusCreated, t.wire())
}

// fits reports whether a transfer type fits its Pockets. The caller holds
// the lock.
func (s *Server) fits(typ string, from, to *pocket) bool {
	partner := s.state.money.partner
	switch typ {
	case "PARTNER_CUSTOMER_FUNDING":
		return partner[from.id] && !partner[to.id]
	case "PARTNER_CUSTOMER_DEFUNDING":
		return !partner[from.id] && partner[to.id]
	case "INTERNAL_REALLOCATION":
		return from.customerID == to.customerID && from.id != to.id
	}
	return !partner[from.id] && (to == nil || to.id != from.id) // PEER_TO_PEER
}

// book posts the transfer's pending entries. The caller holds the lock.
func (t *onUsTransfer) book(s *Server, from, to *pocket) {
	text := t.description
	if text == "" {
		text = "On-us transfer"
	}
	other := t.to
	if other == "" {
		other = t.counterpartyID
	}
	post := func(pocketID string, kind EntryKind, amount int64, desc, counterparty string) {
		e := s.state.ledger.post(s.now(), entry{
			PocketID: pocketID, Kind: kind, Amount: amount, Status: EntryPending, Description: desc,
			RefID: t.id, Counterparty: counterparty,
		})
		t.entryIDs = append(t.entryIDs, e.ID)
	}
	post(from.id, KindOnUs, -t.amount, text, other)
	if to != nil {
		post(to.id, KindOnUs, t.amount, text, from.id)
	}
	if t.fee > 0 {
		post(from.id, KindFee, -t.fee, "On-us transfer fee", other)
	}
}

// payload is the reference's OnUsTransferPayload. The destination of a
// peer-to-peer transfer outside the fake is its counterparty.
func (t *onUsTransfer) payload() map[string]any {
	dest := t.to
	if dest == "" {
		dest = t.counterpartyID
	}
	return map[string]any{"on_us_id": t.id, "origin_account_id": t.from, "destination_account_id": dest}
}

func (t *onUsTransfer) settle(s *Server) error {
	if t.status != "PENDING" {
		return notPending("on-us transfer", t.id, t.status)
	}
	t.status = "COMPLETED"
	s.finish(EntrySettled, "", t.entryIDs...)
	s.state.events.record(s.now(), "transfers.on-us.success", t.payload())
	return nil
}

func (t *onUsTransfer) reject(s *Server, reason string) error {
	if reason == "" {
		reason = "CANCELED"
	}
	if !slices.Contains(onUsReasons, reason) {
		return fmt.Errorf("jikotest: %q is not a TransferStateReason (%v)", reason, onUsReasons)
	}
	if t.status != "PENDING" {
		return notPending("on-us transfer", t.id, t.status)
	}
	t.status, t.reason = "REJECTED", reason
	s.finish(EntryRejected, reason, t.entryIDs...)
	s.state.events.record(s.now(), "transfers.on-us.rejected", t.payload())
	return nil
}
