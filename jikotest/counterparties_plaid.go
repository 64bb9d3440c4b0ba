package jikotest

import (
	"crypto/sha256"
	"encoding/json"
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
	fields, ok := readObject(w, r)
	if !ok {
		return
	}
	var issues []issue
	if name, _ := stringField(fields, "client_name"); strings.TrimSpace(name) == "" {
		issues = append(issues, issue{Loc: []any{"body", "client_name"}, Msg: "ensure this value has at least 1 characters", Type: "value_error.any_str.min_length"})
	}
	redirect, _ := stringField(fields, "redirect_uri")
	android, _ := stringField(fields, "android_package_name")
	if redirect != "" && android != "" {
		issues = append(issues, issue{Loc: []any{"body", "android_package_name"}, Msg: "android_package_name and redirect_uri are mutually exclusive", Type: "value_error"})
	}
	if len(issues) > 0 {
		validationError(w, issues...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	customerID, ok := s.pathCustomer(w, r)
	if !ok {
		return
	}
	if id, ok := stringField(fields, "counterparty_id"); ok {
		if c := s.state.counterparties.byID[id]; c == nil || c.customerID != customerID {
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
	fields, ok := readObject(w, r)
	if !ok {
		return
	}
	var issues []issue
	// The fake accepts any public token of Plaid's form ("public-...").
	if tok, _ := stringField(fields, "public_token"); !strings.HasPrefix(tok, "public-") {
		issues = append(issues, issue{Loc: []any{"body", "public_token"}, Msg: "invalid public_token", Type: "value_error"})
	}
	var accounts []plaidAccount
	if err := json.Unmarshal(fields["accounts"], &accounts); err != nil || len(accounts) == 0 {
		issues = append(issues, issue{Loc: []any{"body", "accounts"}, Msg: "field required", Type: "value_error.missing"})
	}
	for i, a := range accounts {
		if a.ID == "" {
			issues = append(issues, issue{Loc: []any{"body", "accounts", i, "id"}, Msg: "field required", Type: "value_error.missing"})
		}
	}
	if len(issues) > 0 {
		validationError(w, issues...)
		return
	}
	institution, hasInstitution := stringField(fields, "institution_id")
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
