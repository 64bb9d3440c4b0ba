package jikotest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// PortalRoutingNumber is the routing number of every bank-account portal of
// the fake: a number with a valid ABA check digit that names no real bank.
// A test compares a portal's routing number with it.
const PortalRoutingNumber = "123456780"

// The portal kinds (Portals V2 "type"; inferred values, as in the SDK).
const (
	portalBank   = "BANK_ACCOUNT"
	portalCrypto = "CRYPTO_DEPOSIT_ADDRESS"
)

// portal is a way into a Pocket: a routing and account number, or an
// on-chain deposit address.
type portal struct {
	id       string
	pocketID string
	name     string
	status   string // OPEN or CLOSED
	kind     string // portalBank or portalCrypto
	// accountNumber is set for a bank portal (the routing number is
	// PortalRoutingNumber); network and address for a crypto one.
	accountNumber    string
	network, address string
}

// portalBook holds the portals. The server's lock guards it.
type portalBook struct {
	byID     map[string]*portal
	order    []string
	defaults map[string]*portal // pocket id -> its default portal
	seq      int                // numbers the bank portals' account numbers
}

func newPortalBook() portalBook {
	return portalBook{byID: map[string]*portal{}, defaults: map[string]*portal{}}
}

// portalWire is a Portals V2 portal, in the shape the SDK infers (see
// portals.go of the SDK): the reference publishes no example.
type portalWire struct {
	ID                   string             `json:"id"`
	PocketID             string             `json:"pocket_id"`
	Name                 string             `json:"name"`
	Status               string             `json:"status"`
	Type                 string             `json:"type"`
	RoutingNumber        *string            `json:"routing_number"`
	AccountNumber        *string            `json:"account_number"`
	CryptoDepositAddress *cryptoAddressWire `json:"crypto_deposit_address"`
	ObjectType           string             `json:"object_type"`
}

// cryptoAddressWire is an on-chain deposit address.
type cryptoAddressWire struct {
	Address string `json:"address"`
	Network string `json:"network"`
}

// portalV1Wire is the v1.29 Portal.
type portalV1Wire struct {
	ID            string `json:"id"`
	JikoAccountID string `json:"jiko_account_id"`
	RoutingNumber string `json:"routing_number"`
	AccountNumber string `json:"account_number"`
	Status        string `json:"status"`
	Name          string `json:"name"`
	ObjectType    string `json:"object_type"`
}

// portalV1ListWire is the v1.29 ListPortalsResponse.
type portalV1ListWire struct {
	Count      int            `json:"count"`
	Portals    []portalV1Wire `json:"portals"`
	ObjectType string         `json:"object_type"`
}

func (p *portal) wire() portalWire {
	w := portalWire{ID: p.id, PocketID: p.pocketID, Name: p.name, Status: p.status, Type: p.kind, ObjectType: "Portal"}
	if p.kind == portalBank {
		routing, account := PortalRoutingNumber, p.accountNumber
		w.RoutingNumber, w.AccountNumber = &routing, &account
	} else {
		w.CryptoDepositAddress = &cryptoAddressWire{Address: p.address, Network: p.network}
	}
	return w
}

func (p *portal) wireV1() portalV1Wire {
	return portalV1Wire{ID: p.id, JikoAccountID: p.pocketID, RoutingNumber: PortalRoutingNumber,
		AccountNumber: p.accountNumber, Status: p.status, Name: p.name, ObjectType: "Portal"}
}

func init() { resources = append(resources, registerPortals) }

// registerPortals adds the Portal operations, v1 and v2.
func registerPortals(s *Server) {
	s.mount(ops.PortalsV1ListForPocket, s.listPortalsV1)
	s.mount(ops.PortalsV1Create, s.createPortal)
	s.mount(ops.PortalsV1Get, s.getPortal)
	s.mount(ops.PortalsV1Update, s.updatePortal)
	s.mount(ops.PortalsV1Close, s.closePortalV1)
	s.mount(ops.PortalsListForCustomer, s.listPortals)
	s.mount(ops.PortalsListForPocket, s.listPortals)
	s.mount(ops.PortalsCreate, s.createPortal)
	s.mount(ops.PortalsGet, s.getPortal)
	s.mount(ops.PortalsUpdate, s.updatePortal)
}

// isV1 tells the v1 routes (account_id) from the v2 ones (pocket_id).
func isV1(r *http.Request) bool { return r.PathValue("account_id") != "" }

// pathPocket returns the Pocket named by the path, or answers 404. The
// caller holds the lock.
func (s *Server) pathPocket(w http.ResponseWriter, r *http.Request) *pocket {
	id := r.PathValue("account_id")
	if id == "" {
		id = r.PathValue("pocket_id")
	}
	p := s.state.pockets[id]
	if p == nil {
		notFound(w)
	}
	return p
}

// pathPortal returns the portal named by the path, of the Pocket named by
// the path, or answers 404. The v1 routes know bank portals only. The
// caller holds the lock.
func (s *Server) pathPortal(w http.ResponseWriter, r *http.Request) *portal {
	p := s.pathPocket(w, r)
	if p == nil {
		return nil
	}
	s.portalOf(p.id)
	pt := s.state.portals.byID[r.PathValue("portal_id")]
	if pt == nil || pt.pocketID != p.id || (isV1(r) && pt.kind != portalBank) {
		notFound(w)
		return nil
	}
	return pt
}

func (s *Server) listPortalsV1(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pathPocket(w, r)
	if p == nil {
		return
	}
	s.portalOf(p.id)
	out := portalV1ListWire{Portals: []portalV1Wire{}, ObjectType: "List"}
	for _, pt := range s.state.portals.ofPocket(p.id) {
		if pt.kind == portalBank {
			out.Portals = append(out.Portals, pt.wireV1())
		}
	}
	out.Count = len(out.Portals)
	writeJSON(w, http.StatusOK, out)
}

// listPortals answers List Customer Portals and List Pocket Portals (v2).
func (s *Server) listPortals(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, maxPortalLimit, maxPortalLimit)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var pockets []string
	if c := r.PathValue("customer_id"); c != "" {
		if s.state.customers[c] == nil {
			notFound(w)
			return
		}
		for _, id := range s.state.order {
			if s.state.pockets[id].customerID == c {
				pockets = append(pockets, id)
			}
		}
	} else {
		p := s.pathPocket(w, r)
		if p == nil {
			return
		}
		pockets = []string{p.id}
	}
	var all []portalWire
	for _, id := range pockets {
		s.portalOf(id)
		for _, pt := range s.state.portals.ofPocket(id) {
			all = append(all, pt.wire())
		}
	}
	writeJSON(w, http.StatusOK, paginate(all, lp))
}

// maxPortalLimit is the page size limit of the v2 portal lists (assumed, as
// in the SDK).
const maxPortalLimit = 100

// createPortal answers Create Portal, v1 (a bank portal) and v2.
func (s *Server) createPortal(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	name := b.text("name", true, 128)
	kind, network := portalBank, ""
	if !isV1(r) {
		if b.has("type") {
			kind = b.enum("type", false, portalBank, portalCrypto)
		}
		network = b.str("network", false, 0)
		if kind == portalCrypto && strings.TrimSpace(network) == "" {
			b.add("network", "field required for a crypto deposit address", "value_error.missing")
		}
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pathPocket(w, r)
	if p == nil {
		return
	}
	if p.status == "CLOSED" {
		// The fake's own rule: a closed Pocket takes no new portal.
		failWith(w, http.StatusUnprocessableEntity, "Pocket is closed")
		return
	}
	s.portalOf(p.id)
	pt := s.state.portals.add(p.id, name, kind, network)
	s.effects++
	if isV1(r) {
		writeJSON(w, http.StatusCreated, pt.wireV1())
		return
	}
	writeJSON(w, http.StatusCreated, pt.wire())
}

func (s *Server) getPortal(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt := s.pathPortal(w, r)
	if pt == nil {
		return
	}
	if isV1(r) {
		writeJSON(w, http.StatusOK, pt.wireV1())
		return
	}
	writeJSON(w, http.StatusOK, pt.wire())
}

// updatePortal answers Update Portal: v1 renames (200 with the portal); v2
// renames and/or closes (204).
func (s *Server) updatePortal(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	_, hasName := b.fields["name"]
	var name string
	if isV1(r) || hasName {
		name = b.text("name", true, 50)
	}
	hasStatus := b.has("status") && !isV1(r)
	if hasStatus && b.str("status", false, 0) != "CLOSED" && b.isString("status") {
		b.add("status", "unexpected value; permitted: 'CLOSED'", "value_error.const")
	}
	if !isV1(r) && !hasName && !hasStatus {
		*b.issues = append(*b.issues, issue{Loc: []any{"body"}, Msg: "name or status is required", Type: "value_error"})
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pt := s.pathPortal(w, r)
	if pt == nil {
		return
	}
	if hasStatus && pt.status == "CLOSED" {
		failWith(w, http.StatusPreconditionFailed, "Portal is already closed")
		return
	}
	if hasName {
		pt.name = name
	}
	if hasStatus {
		pt.status = "CLOSED"
	}
	s.effects++
	if isV1(r) {
		writeJSON(w, http.StatusOK, pt.wireV1())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) closePortalV1(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt := s.pathPortal(w, r)
	if pt == nil {
		return
	}
	if pt.status == "CLOSED" {
		failWith(w, http.StatusPreconditionFailed, "Portal is already closed")
		return
	}
	pt.status = "CLOSED"
	s.effects++
	w.WriteHeader(http.StatusNoContent)
}

// add opens a portal on a Pocket.
func (b *portalBook) add(pocketID, name, kind, network string) *portal {
	b.seq++
	pt := &portal{id: uuid.NewString(), pocketID: pocketID, name: name, status: "OPEN", kind: kind}
	if kind == portalBank {
		pt.accountNumber = fmt.Sprintf("7%011d", b.seq)
	} else {
		pt.network = network
		sum := sha256.Sum256([]byte("jikotest portal " + pt.id + " on " + network))
		pt.address = "0x" + hex.EncodeToString(sum[:20])
	}
	b.byID[pt.id] = pt
	b.order = append(b.order, pt.id)
	return pt
}

// ofPocket returns a Pocket's portals in creation order.
func (b *portalBook) ofPocket(pocketID string) []*portal {
	var out []*portal
	for _, id := range b.order {
		if pt := b.byID[id]; pt.pocketID == pocketID {
			out = append(out, pt)
		}
	}
	return out
}

// byAccountNumber returns the bank portal with that account number.
func (b *portalBook) byAccountNumber(n string) *portal {
	for _, pt := range b.byID {
		if pt.kind == portalBank && pt.accountNumber == n {
			return pt
		}
	}
	return nil
}

// portalOf returns the default portal of a Pocket (its routing and account
// number), opening it on first use as Jiko opens one with every Pocket; nil
// when the Pocket does not exist. The default portal may have been closed:
// check its status before crediting money through it. The caller holds
// s.mu. Sandbox funding (a simulated incoming ACH) arrives through it.
func (s *Server) portalOf(pocketID string) *portal {
	if s.state.pockets[pocketID] == nil {
		return nil
	}
	b := &s.state.portals
	if pt := b.defaults[pocketID]; pt != nil {
		return pt
	}
	pt := b.add(pocketID, "Default", portalBank, "")
	b.defaults[pocketID] = pt
	return pt
}

// PocketNetworkAddress returns the Jiko network address of a Pocket: in the
// fake, the account number of its default portal. An on-us counterparty is
// created with it ([jiko.OnUsCounterpartyCreateRequest]), so a test uses it
// to set up a peer-to-peer transfer. ok is false when the Pocket does not
// exist.
func (s *Server) PocketNetworkAddress(pocketID string) (address string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt := s.portalOf(pocketID)
	if pt == nil {
		return "", false
	}
	return pt.accountNumber, true
}
