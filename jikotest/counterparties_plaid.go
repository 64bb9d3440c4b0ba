package jikotest

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// This file holds the v1 Plaid operations: a link token, counterparties
// from what Plaid Link returned, and the end of a Same Day Micro-deposits
// verification.

func (s *Server) createLinkToken(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	b.text("client_name", true, 0)
	redirect := b.str("redirect_uri", false, 0)
	android := b.str("android_package_name", false, 0)
	if redirect != "" && android != "" {
		b.add("android_package_name", "android_package_name and redirect_uri are mutually exclusive", "value_error")
	}
	counterpartyID := b.uuid("counterparty_id")
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	customerID, ok := s.pathCustomer(w, r)
	if !ok {
		return
	}
	if counterpartyID != "" {
		if c := s.state.counterparties.byID[counterpartyID]; c == nil || c.customerID != customerID {
			notFound(w)
			return
		}
	}
	token := "link-sandbox-" + uuid.NewString()
	s.state.counterparties.linkTokens[token] = customerID
	s.effects++
	writeJSON(w, http.StatusOK, map[string]string{
		"link_token": token, "expiration": s.now().Add(plaidLinkLifetime).UTC().Format(time.RFC3339),
	})
}

// plaidAccount is one account of a Create Plaid Counterparties body.
type plaidAccount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Mask string `json:"mask"`
}

func (s *Server) createPlaidCounterparties(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	// The fake accepts any public token of Plaid's form ("public-...").
	if tok := b.str("public_token", true, 0); b.isString("public_token") && !strings.HasPrefix(tok, "public-") {
		b.add("public_token", "invalid public_token", "value_error")
	}
	var accounts []plaidAccount
	for _, a := range b.objects("accounts", true) {
		accounts = append(accounts, plaidAccount{ID: a.str("id", true, 0), Name: a.str("name", false, 0), Mask: a.str("mask", false, 0)})
	}
	institution := b.str("institution_id", false, 0)
	hasInstitution := b.isString("institution_id")
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	customerID, ok := s.pathCustomer(w, r)
	if !ok {
		return
	}
	items := make([]counterpartyV1Wire, 0, len(accounts))
	for _, a := range accounts {
		c := &counterparty{customerID: customerID, kind: cpACH, method: "plaid", v1Method: "PLAID",
			routingNumber: plaidRoutingNumber, accountType: "CHECKING", nameOnAccount: a.Name,
			institution: "External Bank NA", plaidStatus: "PENDING_MANUAL_VERIFICATION"}
		// Instant auth needs the institution; without it, the user is in
		// the Same Day Micro-deposits flow and VerifyPlaid completes it.
		if hasInstitution {
			c.institution, c.plaidStatus = "Plaid institution "+institution, "PENDING_AUTOMATIC_VERIFICATION"
		}
		c.accountNumber, c.plaidMask = plaidAccountNumber(a)
		if c.nameOnAccount == "" {
			c.nameOnAccount = "Plaid account " + c.plaidMask
		}
		v1, _ := s.state.counterparties.add(s.now(), c).wireV1()
		items = append(items, v1)
	}
	s.effects++
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "object_type": "PlaidCreateCounterpartiesResponse"})
}

// plaidAccountNumber derives a stable account number from a Plaid account,
// ending with its mask when it has one.
func plaidAccountNumber(a plaidAccount) (number, mask string) {
	sum := sha256.Sum256([]byte(a.ID))
	n := fmt.Sprintf("%08d", (uint32(sum[0])<<24|uint32(sum[1])<<16|uint32(sum[2])<<8|uint32(sum[3]))%100000000)
	mask = a.Mask
	if len(mask) != 4 {
		mask = n[4:]
	}
	return n + mask, mask
}

func (s *Server) verifyPlaid(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.pathCounterparty(w, r)
	if c == nil {
		return
	}
	if !strings.HasPrefix(c.plaidStatus, "PENDING_") {
		validationError(w, issue{Loc: []any{"path", "counterparty_id"}, Msg: "the counterparty is not awaiting Plaid verification", Type: "value_error"})
		return
	}
	c.verify()
	s.effects++
	w.WriteHeader(http.StatusNoContent)
}
