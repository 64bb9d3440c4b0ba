package jikotest

import (
	"net/http"

	"github.com/jiko-go/jiko/internal/ops"
)

// The sandbox operations simulate the outside world. Fund Account credits a
// Pocket as incoming ACH credits through its portal would.

func init() { resources = append(resources, registerSandbox) }

// registerSandbox adds the sandbox funding operation. The reference
// declares no signature for the sandbox operations.
func registerSandbox(s *Server) {
	s.mount(ops.SandboxFund, s.sandboxFund)
}

// sandboxFund books count settled credits of amount_usdc into the Pocket
// (KindSandboxFund, from company_name, through its portal) and records a
// transfers.ach.in.success event for each. It answers 202 with no body, as
// the reference does; 404 for an unknown Pocket and 422 for a closed or
// frozen one, or one without a portal.
func (s *Server) sandboxFund(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	pocketID := b.str("account_id", true, 0)
	amount := b.cents("amount_usdc", true, 5_000_000)
	company := b.str("company_name", false, 16)
	count := b.cents("count", false, 10)
	if b.failed(w) {
		return
	}
	if company == "" {
		company = "FakeCompany"
	}
	count = max(count, 1)

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.pockets[pocketID]
	if p == nil {
		notFound(w)
		return
	}
	portal, ok := s.depositPortal(p.id)
	refused := unavailable(p, false)
	if refused == "" && !ok {
		refused = "The account has no open portal"
	}
	if refused != "" {
		failWith(w, http.StatusUnprocessableEntity, refused)
		return
	}
	for range count {
		e := s.state.ledger.post(s.now(), entry{
			PocketID: p.id, Kind: KindSandboxFund, Amount: amount, Status: EntrySettled,
			Description: "ACH credit from " + company, RefID: portal, Counterparty: company,
			TraceNumber: s.traceNumber(),
		})
		s.state.events.record(s.now(), "transfers.ach.in.success", map[string]any{"jiko_account_id": p.id, "ach_id": e.ID})
	}
	s.effects++
	w.WriteHeader(http.StatusAccepted)
}
