package jikotest

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// The reference publishes Create Wire (201, no body) but no wire object and
// no path for List Wires and Get Wire. The fake serves them where the SDK
// infers them (GET /api/v1/wires/ with pocket_id, customer_id and direction
// filters, GET /api/v1/wires/{wire_id}/) in the shape the SDK infers.

var wireDirections = []string{"INCOMING", "OUTGOING"}

const maxWireLimit = 100

// wireTransfer is an outgoing wire. Its money is a pending debit of its
// Pocket, with a second one for the wire fee when there is a fee.
type wireTransfer struct {
	id, pocketID, customerID, counterpartyID, counterpartyName string
	direction, status, description, createdBy, reference       string
	amount                                                     int64
	created                                                    time.Time
	entryID, feeEntryID                                        string
}

// wireWire is a wire as the fake renders it (inferred, see above).
type wireWire struct {
	ID               string    `json:"id"`
	PocketID         string    `json:"pocket_id"`
	CustomerID       string    `json:"customer_id"`
	CounterpartyID   string    `json:"counterparty_id"`
	CounterpartyName string    `json:"counterparty_name"`
	Direction        string    `json:"direction"`
	Status           string    `json:"status"`
	Amount           moneyWire `json:"amount"`
	Description      string    `json:"description"`
	CreatedBy        string    `json:"created_by"`
	ReferenceNumber  *string   `json:"reference_number"`
	TimeCreated      time.Time `json:"time_created"`
	ObjectType       string    `json:"object_type"`
}

func (t *wireTransfer) wire() wireWire {
	w := wireWire{
		ID: t.id, PocketID: t.pocketID, CustomerID: t.customerID, CounterpartyID: t.counterpartyID,
		CounterpartyName: t.counterpartyName, Direction: t.direction, Status: t.status, Amount: money(t.amount),
		Description: t.description, CreatedBy: t.createdBy, TimeCreated: t.created, ObjectType: "Wire",
	}
	if t.reference != "" {
		ref := t.reference
		w.ReferenceNumber = &ref
	}
	return w
}

func init() { resources = append(resources, registerWires) }

// registerWires adds the wire operations.
func registerWires(s *Server) {
	s.mount(ops.WiresCreate, s.createWire)
	s.mount(ops.WiresList, s.listWires)
	s.mount(ops.WiresGet, s.getWire)
}

func (s *Server) listWires(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, 30, maxWireLimit)
	if !ok {
		return
	}
	q := r.URL.Query()
	direction := q.Get("direction")
	if direction != "" && !slices.Contains(wireDirections, direction) {
		validationError(w, enumIssue([]any{"query", "direction"}, wireDirections...))
		return
	}
	pocketID, customerID := q.Get("pocket_id"), q.Get("customer_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []wireWire
	for _, id := range s.state.money.wireOrder {
		t := s.state.money.wires[id]
		if (pocketID == "" || t.pocketID == pocketID) && (customerID == "" || t.customerID == customerID) &&
			(direction == "" || t.direction == direction) {
			matched = append(matched, t.wire())
		}
	}
	writeJSON(w, http.StatusOK, paginate(matched, lp))
}

func (s *Server) getWire(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		t := s.state.money.wires[r.PathValue("wire_id")]
		if t == nil {
			return nil, false
		}
		return t.wire(), true
	})
}

// createWire sends a wire: checked as createACH checks an ACH CREDIT, with
// the wire fee counted in the funds it needs. A wire_id already used is
// refused with 409 (the fake's rule: the reference says only that the id
// is auto-generated when absent). It answers 201 with no body, as the
// reference does, and records transfers.wire.out.processing.
func (s *Server) createWire(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	desc := b.str("description", false, 0)
	cpID := b.str("counterparty_id", true, 0)
	amount := b.cents("amount_usdc", true, 0)
	createdBy := b.str("created_by", false, 0)
	wireID := b.uuid("wire_id")
	if b.failed(w) {
		return
	}
	if wireID == "" {
		wireID = uuid.NewString()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pathPocket(w, r)
	if p == nil {
		return
	}
	if s.state.money.wires[wireID] != nil {
		failWith(w, http.StatusConflict, "A wire with this wire_id already exists")
		return
	}
	fee := s.state.money.fees.Wire
	cp, refused := s.paymentRefusal(p, cpID, cpWire, true, amount+fee)
	if refused != "" {
		failWith(w, http.StatusUnprocessableEntity, refused)
		return
	}
	t := &wireTransfer{
		id: wireID, pocketID: p.id, customerID: p.customerID, counterpartyID: cpID, counterpartyName: cp.name,
		direction: "OUTGOING", status: "PROCESSING", description: desc, createdBy: createdBy,
		amount: amount, created: s.now(),
	}
	text := desc
	if text == "" {
		text = "Outgoing wire to " + cp.name
	}
	t.entryID = s.state.ledger.post(s.now(), entry{
		PocketID: p.id, Kind: KindWire, Amount: -amount, Status: EntryPending, Description: text,
		RefID: t.id, Counterparty: cpID,
	}).ID
	if fee > 0 {
		t.feeEntryID = s.state.ledger.post(s.now(), entry{
			PocketID: p.id, Kind: KindFee, Amount: -fee, Status: EntryPending, Description: "Wire fee",
			RefID: t.id, Counterparty: cpID,
		}).ID
	}
	s.state.money.wires[t.id] = t
	s.state.money.wireOrder = append(s.state.money.wireOrder, t.id)
	s.effects++
	s.state.events.record(s.now(), "transfers.wire.out.processing", t.payload())
	w.WriteHeader(http.StatusCreated)
}

func (t *wireTransfer) payload() map[string]any {
	return map[string]any{"jiko_account_id": t.pocketID, "wire_id": t.id}
}

// settle completes the wire: it gets its network reference number, which
// its ledger entries carry too.
func (t *wireTransfer) settle(s *Server) error {
	if t.status != "PROCESSING" {
		return notPending("wire", t.id, t.status)
	}
	t.status = "COMPLETED"
	t.reference = fmt.Sprintf("%sJIKOTEST%06d", s.now().UTC().Format("20060102"), s.nextSeq())
	for _, id := range []string{t.entryID, t.feeEntryID} {
		if e := s.state.ledger.byID[id]; e != nil {
			e.TraceNumber = t.reference
		}
	}
	s.finish(EntrySettled, "", t.entryID, t.feeEntryID)
	s.state.events.record(s.now(), "transfers.wire.out.success", t.payload())
	return nil
}

func (t *wireTransfer) reject(s *Server, reason string) error {
	if t.status != "PROCESSING" {
		return notPending("wire", t.id, t.status)
	}
	t.status = "REJECTED"
	s.finish(EntryRejected, reason, t.entryID, t.feeEntryID)
	s.state.events.record(s.now(), "transfers.wire.out.rejected", t.payload())
	return nil
}
