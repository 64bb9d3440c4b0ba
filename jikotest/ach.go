package jikotest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

var (
	achStatuses   = []string{"PENDING", "FAILED", "REJECTED", "PROCESSED", "APPROVED", "IN_TRANSIT", "CANCELLED"}
	achDirections = []string{"DEBIT", "CREDIT"}
)

const maxACHLimit = 100

// achTransfer is an ACH origination. Its money is one ledger entry of its
// Pocket: a pending debit for a CREDIT (money out, held until it settles),
// a pending credit for a DEBIT (money in, counted once it settles).
type achTransfer struct {
	id, pocketID, customerID, counterpartyID string
	direction, secCode, status, description  string
	info                                     []string
	amount                                   int64
	created                                  time.Time
	entryID                                  string
}

// achWire is the reference's ACHResponse.
type achWire struct {
	CounterpartyID            string    `json:"counterparty_id"`
	Direction                 string    `json:"direction"`
	SECCode                   string    `json:"sec_code"`
	PaymentRelatedInformation []string  `json:"payment_related_information"`
	ID                        string    `json:"id"`
	Amount                    moneyWire `json:"amount"`
	JikoAccountID             string    `json:"jiko_account_id"`
	Status                    string    `json:"status"`
	TimeCreated               time.Time `json:"time_created"`
	CompanyEntryDescription   string    `json:"company_entry_description"`
	ObjectType                string    `json:"object_type"`
}

func (t *achTransfer) wire() achWire {
	info := t.info
	if info == nil {
		info = []string{}
	}
	return achWire{
		CounterpartyID: t.counterpartyID, Direction: t.direction, SECCode: t.secCode,
		PaymentRelatedInformation: info, ID: t.id, Amount: money(t.amount), JikoAccountID: t.pocketID,
		Status: t.status, TimeCreated: t.created, CompanyEntryDescription: t.description, ObjectType: "ACHResponse",
	}
}

func init() { resources = append(resources, registerACH) }

// registerACH adds the ACH operations.
func registerACH(s *Server) {
	s.mount(ops.ACHListForPocket, s.listACH)
	s.mount(ops.ACHCreate, s.createACH)
	s.mount(ops.ACHGet, s.getACH)
	s.mount(ops.ACHListForCustomer, s.listACH)
}

func (s *Server) listACH(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, 30, maxACHLimit)
	if !ok {
		return
	}
	q := r.URL.Query()
	statuses := q["filter[status]"]
	for _, v := range statuses {
		if !slices.Contains(achStatuses, v) {
			validationError(w, enumIssue([]any{"query", "filter[status]"}, achStatuses...))
			return
		}
	}
	direction := q.Get("direction")
	if direction != "" && !slices.Contains(achDirections, direction) {
		validationError(w, enumIssue([]any{"query", "direction"}, achDirections...))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pocketID, customerID := r.PathValue("account_id"), r.PathValue("customer_id")
	if pocketID != "" && s.pathPocket(w, r) == nil {
		return
	}
	if customerID != "" && s.state.customers[customerID] == nil {
		notFound(w)
		return
	}
	var matched []achWire
	for _, id := range s.state.money.achOrder {
		t := s.state.money.ach[id]
		if (pocketID == "" || t.pocketID == pocketID) && (customerID == "" || t.customerID == customerID) &&
			(len(statuses) == 0 || slices.Contains(statuses, t.status)) && (direction == "" || t.direction == direction) {
			matched = append(matched, t.wire())
		}
	}
	writeJSON(w, http.StatusOK, paginate(matched, lp))
}

func (s *Server) getACH(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (achWire, bool) {
		t := s.state.money.ach[r.PathValue("transfer_id")]
		if t == nil || t.pocketID != r.PathValue("account_id") {
			return achWire{}, false
		}
		return t.wire(), true
	})
}

// createACH originates a transfer and answers 200, as v1.29 and the
// current reference both document (not the 201 of most creates). The
// schema is checked first (422
// detail list), then the Pocket (404) and the rules, refused with 422 and a
// detail text: an unknown, foreign, non-ACH or unverified counterparty, a
// closed or frozen Pocket, a CREDIT beyond the available balance. (The
// status and text of the rule refusals are the fake's: the reference
// documents only the 422 of its schema.)
func (s *Server) createACH(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	cpID := b.str("counterparty_id", true, 0)
	direction := b.enum("direction", true, achDirections...)
	sec := b.enum("sec_code", false, "CCD", "WEB")
	info := b.strs("payment_related_information")
	amount := b.cents("amount_usdc", true, 0)
	desc := b.str("company_entry_description", false, 0)
	switch {
	case desc != "" && !validEntryDescription(desc):
		b.add("company_entry_description", `string does not match regex "^[ a-zA-Z0-9]{1,10}$"`, "value_error.str.regex")
	case desc == "" && sec == "CCD":
		b.add("company_entry_description", "company_entry_description is required for sec_code CCD", "value_error")
	}
	if b.failed(w) {
		return
	}
	if sec == "" {
		sec = "WEB"
	}
	if desc == "" {
		desc = map[string]string{"DEBIT": "Funding TX", "CREDIT": "Release TX"}[direction]
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pathPocket(w, r)
	if p == nil {
		return
	}
	out := direction == "CREDIT"
	if _, refused := s.paymentRefusal(p, cpID, cpACH, out, amount); refused != "" {
		failWith(w, http.StatusUnprocessableEntity, refused)
		return
	}
	t := &achTransfer{
		id: uuid.NewString(), pocketID: p.id, customerID: p.customerID, counterpartyID: cpID,
		direction: direction, secCode: sec, status: "PENDING", description: desc, info: info,
		amount: amount, created: s.now(),
	}
	signed := amount
	if out {
		signed = -amount
	}
	t.entryID = s.state.ledger.post(s.now(), entry{
		PocketID: p.id, Kind: KindACH, Amount: signed, Status: EntryPending, Description: desc,
		RefID: t.id, Counterparty: cpID, TraceNumber: s.traceNumber(),
	}).ID
	s.state.money.ach[t.id] = t
	s.state.money.achOrder = append(s.state.money.achOrder, t.id)
	s.effects++
	writeJSON(w, http.StatusOK, t.wire())
}

// validEntryDescription is the reference's pattern ^[ a-zA-Z0-9]{1,10}$.
func validEntryDescription(d string) bool {
	if len(d) == 0 || len(d) > 10 {
		return false
	}
	for _, c := range d {
		if !(c == ' ' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// event is the type of the transfer's event for outcome ("success" or
// "rejected"). Inferred: a CREDIT sends money out (transfers.ach.out.*), a
// DEBIT brings it in (transfers.ach.in.*).
func (t *achTransfer) event(outcome string) string {
	if t.direction == "CREDIT" {
		return "transfers.ach.out." + outcome
	}
	return "transfers.ach.in." + outcome
}

func (t *achTransfer) settle(s *Server) error {
	return t.end(s, "PROCESSED", "success")
}

// reject returns the transfer, as the receiving bank does with a return
// code (reason, such as "R01 insufficient funds"): the transfer becomes
// REJECTED, its entry settles as the money moved, and the return is an
// entry of its own, the other way, settled at once, whose description
// carries the reason (the transactions show it as their title: neither the
// ACH nor the transaction shapes of the reference have a reason member).
// Returned cash is cash: the T-bill sweep reinvests it, or sells bills to
// pay it back, as it does any movement; nothing is unsold.
func (t *achTransfer) reject(s *Server, reason string) error {
	if err := t.end(s, "REJECTED", "rejected"); err != nil {
		return err
	}
	e := s.state.ledger.byID[t.entryID]
	s.state.ledger.post(s.now(), entry{
		PocketID: t.pocketID, Kind: KindACH, Amount: -e.Amount, Status: EntrySettled,
		Description: strings.TrimSpace("ACH Return " + reason), RefID: t.id, Counterparty: t.counterpartyID,
		TraceNumber: s.traceNumber(),
	})
	return nil
}

// end ends a pending transfer with status: its entry settles and the event
// of outcome is recorded.
func (t *achTransfer) end(s *Server, status, outcome string) error {
	if t.status != "PENDING" {
		return notPending("ACH transfer", t.id, t.status)
	}
	t.status = status
	s.finish(EntrySettled, "", t.entryID)
	s.state.events.record(s.now(), t.event(outcome), map[string]any{"jiko_account_id": t.pocketID, "ach_id": t.id})
	return nil
}
