package jikotest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// The counterparty types of the current API (lowercase, as the reference's
// filter values), and the routing number of the accounts linked through
// Plaid.
const (
	cpACH    = "ach"
	cpWire   = "wire"
	cpIntl   = "international_wire"
	cpOnUs   = "on_us"
	cpWallet = "crypto_wallet_address"

	plaidRoutingNumber = "011000015"
	plaidLinkLifetime  = 4 * time.Hour
)

var (
	counterpartyKinds    = []string{cpACH, cpWire, cpIntl, cpOnUs, cpWallet}
	counterpartyStatuses = []string{"PENDING", "LINKED", "UNLINKED"}
)

// counterparty is an external account of a customer. It starts unverified;
// VerifyCounterparty or the Plaid flow verifies it, and Update Counterparty
// (v2) can unlink it.
type counterparty struct {
	id, customerID string
	kind           string // one of counterpartyKinds
	created        time.Time
	verified       bool
	unlinked       bool
	method         string // v2 verification_method of the types v1 does not show
	v1Method       string // verification_type of the types v1 shows; v2 reads it too
	plaidStatus    string // "" unless linked through Plaid
	plaidMask      string

	routingNumber, accountNumber, accountType, nameOnAccount, institution string
	identifier, identifierType, instructions                              string
	address                                                               addressWire
	name                                                                  nameWire
	pocketID                                                              string // on-us: the Pocket it reaches
	walletAddress, network                                                string
}

// counterpartyBook holds the counterparties and the Plaid link tokens. The
// server's lock guards it.
type counterpartyBook struct {
	byID       map[string]*counterparty
	order      []string
	linkTokens map[string]string // link token -> customer id
}

func newCounterpartyBook() counterpartyBook {
	return counterpartyBook{byID: map[string]*counterparty{}, linkTokens: map[string]string{}}
}

// addressWire is a wire beneficiary's address.
type addressWire struct {
	StreetAddress  string `json:"street_address"`
	StreetAddress2 string `json:"street_address2,omitempty"`
	City           string `json:"city"`
	PostalCode     string `json:"postal_code"`
	State          string `json:"state"`
	Country        string `json:"country"`
}

// nameWire is a counterparty_name: business or individual.
type nameWire struct {
	Type         string `json:"type"`
	BusinessName string `json:"business_name,omitempty"`
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name,omitempty"`
}

// cpCommonWire is what every v2 counterparty carries (the SDK's inferred
// shape: the reference publishes no example).
type cpCommonWire struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Status             string `json:"status"`
	VerificationMethod string `json:"verification_method"`
	CustomerID         string `json:"customer_id"`
	TimeCreated        string `json:"time_created"`
	ObjectType         string `json:"object_type"`
}

type cpACHWire struct {
	cpCommonWire
	RoutingNumber   string  `json:"routing_number"`
	AccountNumber   string  `json:"account_number"`
	AccountType     string  `json:"account_type"`
	NameOnAccount   string  `json:"name_on_account"`
	InstitutionName *string `json:"institution_name"`
}

type cpWireWire struct {
	cpCommonWire
	RoutingNumber    string      `json:"routing_number"`
	Identifier       string      `json:"identifier"`
	IdentifierType   string      `json:"identifier_type,omitempty"`
	Address          addressWire `json:"address"`
	WireInstructions string      `json:"wire_instructions,omitempty"`
	CounterpartyName nameWire    `json:"counterparty_name"`
}

type cpOnUsWire struct {
	cpCommonWire
	AccountNumber string `json:"account_number"`
}

type cpWalletWire struct {
	cpCommonWire
	WalletAddress string `json:"wallet_address"`
	Network       string `json:"network"`
}

// counterpartyV1Wire is the v1.29 Counterparty.
type counterpartyV1Wire struct {
	ID         string                `json:"id"`
	Type       string                `json:"type"`
	ACH        *counterpartySideWire `json:"ach,omitempty"`
	Wire       *counterpartySideWire `json:"wire,omitempty"`
	ObjectType string                `json:"object_type"`
}

// counterpartySideWire is the v1.29 ACHCounterparty / WireCounterparty.
type counterpartySideWire struct {
	TimeCreated      string         `json:"time_created"`
	VerificationType string         `json:"verification_type"`
	Status           string         `json:"status"`
	AccountNumber    string         `json:"account_number"`
	RoutingNumber    string         `json:"routing_number"`
	NameOnAccount    string         `json:"name_on_account"`
	AccountType      string         `json:"account_type"`
	InstitutionName  string         `json:"institution_name"`
	Plaid            *plaidSideWire `json:"plaid,omitempty"`
}

// plaidSideWire is the v1.29 CounterpartyPlaid.
type plaidSideWire struct {
	Mask               string `json:"mask"`
	VerificationStatus string `json:"verification_status"`
	ObjectType         string `json:"object_type"`
}

// status is the v2 status.
func (c *counterparty) status() string {
	switch {
	case c.unlinked:
		return "UNLINKED"
	case c.verified:
		return "LINKED"
	}
	return "PENDING"
}

// wire renders the v2 counterparty.
func (c *counterparty) wire() any {
	common := cpCommonWire{ID: c.id, Type: c.kind, Status: c.status(), VerificationMethod: c.verificationMethod(),
		CustomerID: c.customerID, TimeCreated: c.created.UTC().Format(time.RFC3339Nano), ObjectType: "Counterparty"}
	switch c.kind {
	case cpACH:
		inst := c.institution
		return cpACHWire{cpCommonWire: common, RoutingNumber: c.routingNumber, AccountNumber: c.accountNumber,
			AccountType: c.accountType, NameOnAccount: c.nameOnAccount, InstitutionName: &inst}
	case cpOnUs:
		return cpOnUsWire{cpCommonWire: common, AccountNumber: c.accountNumber}
	case cpWallet:
		return cpWalletWire{cpCommonWire: common, WalletAddress: c.walletAddress, Network: c.network}
	}
	w := cpWireWire{cpCommonWire: common, RoutingNumber: c.routingNumber, Identifier: c.identifier,
		Address: c.address, WireInstructions: c.instructions, CounterpartyName: c.name}
	if c.kind == cpIntl {
		w.IdentifierType = c.identifierType
	}
	return w
}

// wireV1 renders the v1 counterparty; ok is false for the types v1 does
// not show (international wire, on-us, crypto).
func (c *counterparty) wireV1() (counterpartyV1Wire, bool) {
	side := &counterpartySideWire{
		TimeCreated: c.created.UTC().Format(time.RFC3339Nano), VerificationType: c.v1Method, Status: "IN_PROGRESS",
		RoutingNumber: c.routingNumber, AccountType: c.accountType, InstitutionName: c.institution,
	}
	if c.verified && !c.unlinked {
		side.Status = "VERIFIED"
	}
	w := counterpartyV1Wire{ID: c.id, ObjectType: "Counterparty"}
	switch c.kind {
	case cpACH:
		side.AccountNumber, side.NameOnAccount = c.accountNumber, c.nameOnAccount
		if c.plaidStatus != "" {
			side.Plaid = &plaidSideWire{Mask: c.plaidMask, VerificationStatus: c.plaidStatus, ObjectType: "CounterpartyPlaid"}
		}
		w.Type, w.ACH = "ACH", side
	case cpWire:
		side.AccountNumber, side.NameOnAccount = c.identifier, c.name.display()
		w.Type, w.Wire = "WIRE", side
	default:
		return w, false
	}
	return w, true
}

func (n nameWire) display() string {
	if n.Type == "business" {
		return n.BusinessName
	}
	return strings.TrimSpace(n.FirstName + " " + n.LastName)
}

func init() { resources = append(resources, registerCounterparties) }

// registerCounterparties adds the Counterparty operations: v2 (at the
// customer-scoped paths the SDK infers), v1 and v1 Plaid.
func registerCounterparties(s *Server) {
	s.mount(ops.CounterpartiesListForCustomer, s.listCounterparties)
	s.mount(ops.CounterpartiesCreate, s.createCounterparty)
	s.mount(ops.CounterpartiesGet, s.getCounterparty)
	s.mount(ops.CounterpartiesUpdate, s.updateCounterparty)
	s.mount(ops.CounterpartiesV1ListForCustomer, s.listCounterparties)
	s.mount(ops.CounterpartiesV1Get, s.getCounterparty)
	s.mount(ops.CounterpartiesV1CreatePlaidLinkToken, s.createLinkToken)
	s.mount(ops.CounterpartiesV1CreatePlaid, s.createPlaidCounterparties)
	s.mount(ops.CounterpartiesV1VerifyPlaid, s.verifyPlaid)
}

// isV1Path tells the v1 counterparty routes from the v2 ones.
func isV1Path(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/v1/") }

// pathCustomer answers 404 unless the path's customer exists. The caller
// holds the lock.
func (s *Server) pathCustomer(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("customer_id")
	if s.state.customers[id] == nil {
		notFound(w)
		return "", false
	}
	return id, true
}

// pathCounterparty returns the path's counterparty of the path's customer,
// or answers 404; v1 paths see ACH and wire counterparties only. The caller
// holds the lock.
func (s *Server) pathCounterparty(w http.ResponseWriter, r *http.Request) *counterparty {
	c := s.state.counterparties.byID[r.PathValue("counterparty_id")]
	if c == nil || c.customerID != r.PathValue("customer_id") || (isV1Path(r) && c.kind != cpACH && c.kind != cpWire) {
		notFound(w)
		return nil
	}
	return c
}

func (s *Server) listCounterparties(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, 30, 100)
	if !ok {
		return
	}
	q := r.URL.Query()
	kind, status := q.Get("type"), q.Get("status")
	if !isV1Path(r) {
		if kind != "" && !slices.Contains(counterpartyKinds, kind) {
			validationError(w, enumIssue([]any{"query", "type"}, counterpartyKinds...))
			return
		}
		if status != "" && !slices.Contains(counterpartyStatuses, status) {
			validationError(w, enumIssue([]any{"query", "status"}, counterpartyStatuses...))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	customerID, ok := s.pathCustomer(w, r)
	if !ok {
		return
	}
	var all []any
	for _, id := range s.state.counterparties.order {
		c := s.state.counterparties.byID[id]
		if c.customerID != customerID {
			continue
		}
		if isV1Path(r) {
			if v1, ok := c.wireV1(); ok {
				all = append(all, v1)
			}
		} else if (kind == "" || c.kind == kind) && (status == "" || c.status() == status) {
			all = append(all, c.wire())
		}
	}
	writeJSON(w, http.StatusOK, paginate(all, lp))
}

func (s *Server) getCounterparty(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.pathCounterparty(w, r)
	if c == nil {
		return
	}
	if isV1Path(r) {
		v1, _ := c.wireV1()
		writeJSON(w, http.StatusOK, v1)
		return
	}
	writeJSON(w, http.StatusOK, c.wire())
}

func (s *Server) updateCounterparty(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	status := b.enum("status", true, counterpartyStatuses...)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.pathCounterparty(w, r)
	if c == nil {
		return
	}
	// The fake's rules: a partner can unlink a counterparty, or link again
	// one that is verified; PENDING is Jiko's to set.
	switch {
	case status == "PENDING":
		problem(w, r, "counterparty-status", "A counterparty cannot be set back to PENDING")
		return
	case status == "LINKED" && !c.verified:
		problem(w, r, "counterparty-unverified", "The counterparty must be verified before it is linked")
		return
	}
	c.unlinked = status == "UNLINKED"
	s.effects++
	writeJSON(w, http.StatusOK, c.wire())
}

// verificationMethod is the v2 verification_method: for an ACH or wire
// counterparty, the method v1 shows as its verification_type, in v2's
// spelling (MICRO_DEPOSITS is micro_deposits), so that one counterparty
// reads the same in both versions.
func (c *counterparty) verificationMethod() string {
	if c.v1Method != "" {
		return strings.ToLower(c.v1Method)
	}
	return c.method
}

// add records a new unverified counterparty of a customer.
func (b *counterpartyBook) add(now time.Time, c *counterparty) *counterparty {
	c.id, c.created = uuid.NewString(), now
	if c.method == "" {
		c.method = "unverified"
	}
	b.byID[c.id] = c
	b.order = append(b.order, c.id)
	return c
}

// verify completes the verification of c.
func (c *counterparty) verify() {
	c.verified, c.unlinked = true, false
	switch c.plaidStatus {
	case "PENDING_MANUAL_VERIFICATION":
		c.plaidStatus = "MANUALLY_VERIFIED"
	case "PENDING_AUTOMATIC_VERIFICATION":
		c.plaidStatus = "AUTOMATICALLY_VERIFIED"
	}
	if c.method == "unverified" {
		c.method = "pre_verified"
	}
}

// VerifyCounterparty completes the verification of a counterparty, as Jiko
// would once ownership is confirmed: v1 shows it VERIFIED, v2 LINKED (an
// unlinked one is linked again), and ACH and wire transfers may use it. A
// test calls it between creating a counterparty and moving money with it.
func (s *Server) VerifyCounterparty(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.counterparties.byID[id]
	if c == nil {
		return fmt.Errorf("jikotest: no counterparty %q", id)
	}
	c.verify()
	return nil
}

// CounterpartySeed describes a counterparty to add with
// [Server.AddCounterparty].
type CounterpartySeed struct {
	// Type is ach when empty; wire, international_wire, on_us and
	// crypto_wallet_address are also accepted.
	Type jiko.CounterpartyType
	// Verified adds it verified (LINKED) rather than PENDING.
	Verified bool
	// PocketID is the Pocket an on_us counterparty reaches; required for
	// that type.
	PocketID string
}

// AddCounterparty adds a counterparty to a customer (adding the customer if
// needed) without counting a side effect, and returns its id: test setup
// that skips the create and verification calls. An empty customerID adds
// a new customer, as [Server.AddCustomer] does.
func (s *Server) AddCounterparty(customerID string, seed CounterpartySeed) (string, error) {
	customerID = s.AddCustomer(customerID)
	c := &counterparty{customerID: customerID, kind: string(seed.Type), routingNumber: "021000021",
		accountNumber: "123456789", accountType: "CHECKING", nameOnAccount: "External Accountholder",
		institution: "External Bank NA", v1Method: "MICRO_DEPOSITS", identifier: "1213456789",
		address: addressWire{StreetAddress: "1 Market Street", City: "Newark", PostalCode: "07102", State: "NJ", Country: "US"},
		name:    nameWire{Type: "business", BusinessName: "External Accountholder"}}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.kind {
	case "":
		c.kind = cpACH
	case cpWire, cpIntl:
		c.v1Method = "SUPPORTING_DOCUMENTS"
		if c.kind == cpIntl {
			c.routingNumber, c.identifier, c.identifierType = "DEUTDEFF", "DE89370400440532013000", "IBAN"
			c.address = addressWire{StreetAddress: "Taunusanlage 12", City: "Frankfurt", PostalCode: "60325", State: "HE", Country: "DE"}
		}
	case cpOnUs:
		pt := s.portalOf(seed.PocketID)
		if pt == nil {
			return "", fmt.Errorf("jikotest: no pocket %q for the on_us counterparty", seed.PocketID)
		}
		c.pocketID, c.accountNumber = seed.PocketID, pt.accountNumber
	case cpWallet:
		c.walletAddress, c.network = "0x52908400098527886E0F7030069857D2E4169EE7", "ETHEREUM"
	case cpACH:
	default:
		return "", fmt.Errorf("jikotest: unknown counterparty type %q", seed.Type)
	}
	c = s.state.counterparties.add(s.now(), c)
	if seed.Verified {
		c.verify()
	}
	return c.id, nil
}

// counterpartyForTransfer looks up a counterparty for a transfer (ACH,
// wire or on-us): the customer it belongs to, whether money may move to or
// from it now (verified and not unlinked), and ok false when there is no
// such counterparty. The caller holds s.mu.
func (s *Server) counterpartyForTransfer(id string) (customerID string, verified bool, ok bool) {
	c := s.state.counterparties.byID[id]
	if c == nil {
		return "", false, false
	}
	return c.customerID, c.verified && !c.unlinked, true
}

// onUsCounterpartyPocket returns the Pocket an on_us counterparty reaches;
// ok is false for another type or an unknown id. The caller holds s.mu.
func (s *Server) onUsCounterpartyPocket(id string) (pocketID string, ok bool) {
	c := s.state.counterparties.byID[id]
	if c == nil || c.kind != cpOnUs {
		return "", false
	}
	return c.pocketID, true
}
