package jikotest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// Cards: the Manage Cards, Physical Cards and Virtual Cards operations, the
// card sandbox operations (generate-card, card-swipe) and List Public Keys.
//
// The lifecycle, as the reference describes it:
//
//   - Create Physical Card Order makes an INITIAL order whose card id is
//     already assigned (the reference's example shows card_id on an INITIAL
//     order); the card itself appears once Generate Physical Card From Order
//     (sandbox) turns the order CARD_CREATED and makes the card, PHYSICAL
//     and NOT_ACTIVATED. AdvanceCardOrder moves the order on to ORDERED and
//     RECEIVED.
//   - A PIN is set only on a physical card that is NOT_ACTIVATED ("Set PIN
//     for physical cards before they are activated"); setting the card OPEN
//     activates it.
//   - A virtual card is OPEN from the start.
//   - OPEN and LOCKED are the statuses a partner sets; FROZEN is Jiko's
//     (FreezeCard); a CLOSED card can never be used again.
//   - A sandbox swipe works on virtual cards only ("Only for virtual cards
//     at the moment"), answers 202, and is approved or rejected: approved
//     when the card and its Pocket are OPEN and the Pocket's available
//     balance covers it.
//
// The answers to state rules (a closed card, a PIN after activation) are not
// published; the fake answers 412 with a {"detail"} text, as v1.29 does for
// its other state rules, and 422 for misuse of the sandbox operations, the
// only error those declare.

// maxCardListLimit is the largest page size of the card and card order
// lists; the reference states it for the order list (lte 100).
const maxCardListLimit = 100

var (
	cardStatuses        = []string{"OPEN", "LOCKED", "CLOSED", "NOT_ACTIVATED", "FROZEN"}
	settableCardStatus  = []string{"OPEN", "LOCKED"}
	cardClosureReasons  = []string{"LOST", "STOLEN", "DAMAGED", "NEVER_RECEIVED", "EXPIRED", "CANCELED"}
	cardOrderSteps      = []string{"INITIAL", "CARD_CREATED", "ORDERED", "RECEIVED"}
	shippingCountries   = []string{"USA", "US"}
	shippingStateValues = strings.Fields(`AA AE AP AK AL AR AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD
		ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UT VA VI VT WA WI WV WY`)
)

// cardState is the cards' part of the server's data.
type cardState struct {
	cards    map[string]*card
	cardSeq  []string // card ids in creation order
	orders   map[string]*cardOrder
	orderSeq []string // order ids in creation order
	// issued counts the virtual cards made; it numbers their test data.
	issued int
	// pinKey is the server's set_pin key pair, made on first use
	// (sharedPINKey).
	pinKey *lazyKey
}

func newCardState() cardState {
	return cardState{cards: map[string]*card{}, orders: map[string]*cardOrder{}, pinKey: &sharedPINKey}
}

// card is a debit card of a Pocket.
type card struct {
	id, pocketID, name string
	typ, status        string
	magstripe          string
	// pan, cvv and expiration are a virtual card's data (test values).
	pan, cvv, expiration string
	// pin is a physical card's PIN, once set.
	pin string
}

// cardOrder is an order for a physical card.
type cardOrder struct {
	id, pocketID, cardID string
	status, nameOnCard   string
	address              shippingAddressWire
	generated            bool // the card exists
}

// cardWire is the API's Card, with the pocket_id the current reference
// adds to card results.
type cardWire struct {
	CardID   string `json:"card_id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Type     string `json:"type"`
	PocketID string `json:"pocket_id"`
}

// cardStatusWire is the API's CardStatusResponse.
type cardStatusWire struct {
	CardID string `json:"card_id"`
	Status string `json:"status"`
}

// shippingAddressWire is the API's ShippingAddress.
type shippingAddressWire struct {
	StreetAddress  string `json:"street_address"`
	StreetAddress2 string `json:"street_address2,omitempty"`
	City           string `json:"city"`
	PostalCode     string `json:"postal_code"`
	State          string `json:"state"`
	Country        string `json:"country"`
}

// cardOrderWire is the API's PhysicalCardOrderResponse.
type cardOrderWire struct {
	CardID          string              `json:"card_id"`
	CardOrderID     string              `json:"card_order_id"`
	Status          string              `json:"status"`
	NameOnCard      string              `json:"name_on_card"`
	ShippingAddress shippingAddressWire `json:"shipping_address"`
	ObjectType      string              `json:"object_type"`
}

// cardOrderSummaryWire is the API's MinimalPhysicalCardOrderResponse.
type cardOrderSummaryWire struct {
	CardID      string `json:"card_id"`
	CardOrderID string `json:"card_order_id"`
	Status      string `json:"status"`
	ObjectType  string `json:"object_type"`
}

func (c *card) wire() cardWire {
	return cardWire{CardID: c.id, Name: c.name, Status: c.status, Type: c.typ, PocketID: c.pocketID}
}

func (o *cardOrder) wire() cardOrderWire {
	return cardOrderWire{
		CardID: o.cardID, CardOrderID: o.id, Status: o.status, NameOnCard: o.nameOnCard,
		ShippingAddress: o.address, ObjectType: "PhysicalCardOrderResponse",
	}
}

func init() { resources = append(resources, registerCards) }

// registerCards adds the card operations.
func registerCards(s *Server) {
	s.mount(ops.CardsListForPocket, s.listCards)
	s.mount(ops.CardsListForCustomer, s.listCards)
	s.mount(ops.CardsGetStatus, s.getCardStatus)
	s.mount(ops.CardsSetStatus, s.setCardStatus)
	s.mount(ops.CardsSetPIN, s.setCardPIN)
	s.mount(ops.CardsClose, s.closeCard)
	s.mount(ops.CardsListOrdersForPocket, s.listCardOrders)
	// Inferred path: the reference's List Customer Card Orders page was not
	// readable; this mirrors List Customer Cards.
	s.mount(ops.CardsListOrdersForCustomer, s.listCardOrders)
	s.mount(ops.CardsCreateOrder, s.createCardOrder)
	s.mount(ops.CardsGetOrder, s.getCardOrder)
	s.mount(ops.CardsCreateVirtual, s.createVirtualCard)
	s.mount(ops.CardsGetVirtual, s.getVirtualCard)
	s.mount(ops.CardsCloseVirtual, s.closeVirtualCard)
	s.mount(ops.SecurityGetPublicKeys, s.listPublicKeys)
	s.mount(ops.SandboxGenerateCard, s.generateCard)
	s.mount(ops.SandboxSwipeCard, s.swipeCard)
}

// Card returns a card as the API lists it ([jiko.Card]), and whether it
// exists, to check a card's status without a client call.
func (s *Server) Card(cardID string) (jiko.Card, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.cards.cards[cardID]
	if c == nil {
		return jiko.Card{}, false
	}
	return toSDK[jiko.Card](c.wire()), true
}

// CheckCardPIN reports whether pin is the PIN set on a card; false when
// none is set. It lets a test check what [jiko.CardsService.SetPIN] sent
// without the fake ever handing the PIN out.
func (s *Server) CheckCardPIN(cardID, pin string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.cards.cards[cardID]
	return c != nil && c.pin != "" && c.pin == pin
}

// FreezeCard freezes a card, as Jiko does (the partner cannot), and records
// card.status.frozen, to test a partner's handling of a frozen card. A
// frozen card declines swipes and cannot be set OPEN or LOCKED; a closed
// card cannot be frozen.
func (s *Server) FreezeCard(cardID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.cards.cards[cardID]
	switch {
	case c == nil:
		return fmt.Errorf("jikotest: no card %q", cardID)
	case c.status == "CLOSED":
		return fmt.Errorf("jikotest: card %q is closed", cardID)
	}
	s.setCardStatusLocked(c, "FROZEN")
	return nil
}

// AdvanceCardOrder moves a card order whose card was generated (by the
// sandbox's generate-card, [jiko.SandboxService.GenerateCard]) one step on
// (CARD_CREATED, then ORDERED, then RECEIVED), as printing and shipping
// would, and returns its new status.
func (s *Server) AdvanceCardOrder(cardOrderID string) (jiko.CardOrderStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.state.cards.orders[cardOrderID]
	switch {
	case o == nil:
		return "", fmt.Errorf("jikotest: no card order %q", cardOrderID)
	case !o.generated:
		return "", fmt.Errorf("jikotest: card order %q has no card yet: generate it first", cardOrderID)
	case o.status == "RECEIVED":
		return "", fmt.Errorf("jikotest: card order %q was already received", cardOrderID)
	}
	o.status = cardOrderSteps[slices.Index(cardOrderSteps, o.status)+1]
	s.effects++
	return jiko.CardOrderStatus(o.status), nil
}

// setCardStatusLocked changes a card's status and records the event of the
// change. The caller holds the lock.
func (s *Server) setCardStatusLocked(c *card, status string) {
	if c.status == status {
		return
	}
	c.status = status
	s.effects++
	s.state.events.record(s.now(), "card.status."+strings.ToLower(status), map[string]any{"card_id": c.id, "status": status})
}

// cardStatusFilter reads filter[status], answering 422 for a value outside the
// enum; nil keeps every status.
func cardStatusFilter(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	vs := r.URL.Query()["filter[status]"]
	for _, v := range vs {
		if !slices.Contains(cardStatuses, v) {
			validationError(w, enumIssue([]any{"query", "filter[status]"}, cardStatuses...))
			return nil, false
		}
	}
	return vs, true
}

// cardScope returns the Pockets a list covers: the path's Pocket, or every
// Pocket of the path's customer. It answers 404 for an unknown one. The
// caller holds the lock.
func (s *Server) cardScope(w http.ResponseWriter, r *http.Request) (func(pocketID string) bool, bool) {
	if customerID := r.PathValue("customer_id"); customerID != "" {
		if s.state.customers[customerID] == nil {
			notFound(w)
			return nil, false
		}
		return func(id string) bool { p := s.state.pockets[id]; return p != nil && p.customerID == customerID }, true
	}
	p := s.cardPocket(w, r)
	if p == nil {
		return nil, false
	}
	return func(id string) bool { return id == p.id }, true
}

// cardPocket returns the Pocket of the path's account_id, answering 404 when
// there is none. The caller holds the lock.
func (s *Server) cardPocket(w http.ResponseWriter, r *http.Request) *pocket {
	p := s.state.pockets[r.PathValue("account_id")]
	if p == nil {
		notFound(w)
	}
	return p
}

// openCardPocket is cardPocket answering 412 as well when the Pocket is not
// OPEN: no card is issued on a frozen or closed Pocket. The caller holds
// the lock.
func (s *Server) openCardPocket(w http.ResponseWriter, r *http.Request) *pocket {
	p := s.cardPocket(w, r)
	if p != nil && p.status != "OPEN" {
		failWith(w, http.StatusPreconditionFailed, "Pocket is not open")
		return nil
	}
	return p
}

// cardOf returns the path's card of the path's Pocket, answering 404 when
// there is none (or it is of another type than typ, when typ is set). The
// caller holds the lock.
func (s *Server) cardOf(w http.ResponseWriter, r *http.Request, typ string) *card {
	c := s.state.cards.cards[r.PathValue("card_id")]
	if c == nil || c.pocketID != r.PathValue("account_id") || (typ != "" && c.typ != typ) {
		notFound(w)
		return nil
	}
	return c
}

func (s *Server) listCards(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, maxCardListLimit, maxCardListLimit)
	if !ok {
		return
	}
	statuses, ok := cardStatusFilter(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.cardScope(w, r)
	if !ok {
		return
	}
	var matched []cardWire
	for _, id := range s.state.cards.cardSeq {
		c := s.state.cards.cards[id]
		if in(c.pocketID) && (len(statuses) == 0 || slices.Contains(statuses, c.status)) {
			matched = append(matched, c.wire())
		}
	}
	writeJSON(w, http.StatusOK, paginate(matched, lp))
}

func (s *Server) getCardStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cardOf(w, r, ""); c != nil {
		writeJSON(w, http.StatusOK, cardStatusWire{CardID: c.id, Status: c.status})
	}
}

func (s *Server) setCardStatus(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	hasStatus, hasMagstripe := b.has("status"), b.has("magstripe_status")
	status := b.enum("status", !hasMagstripe, settableCardStatus...)
	magstripe := b.str("magstripe_status", false, 0)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cardOf(w, r, "")
	if c == nil {
		return
	}
	switch c.status {
	case "CLOSED":
		failWith(w, http.StatusPreconditionFailed, "Card is closed and can never be used again")
		return
	case "FROZEN":
		failWith(w, http.StatusPreconditionFailed, "Card is frozen by Jiko and cannot be changed")
		return
	}
	if hasMagstripe && magstripe != c.magstripe {
		c.magstripe = magstripe
		s.effects++
	}
	if hasStatus {
		s.setCardStatusLocked(c, status)
	}
	writeJSON(w, http.StatusOK, cardStatusWire{CardID: c.id, Status: c.status})
}

func (s *Server) closeCard(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	reason := b.enum("closure_reason", true, cardClosureReasons...)
	hasDate := b.has("lost_stolen_date")
	if date := b.str("lost_stolen_date", false, 0); hasDate && b.isString("lost_stolen_date") {
		if _, err := jiko.ParseDate(date); err != nil {
			b.add("lost_stolen_date", "invalid date format", "value_error.date")
		}
	}
	if (reason == "LOST" || reason == "STOLEN") && !hasDate {
		b.add("lost_stolen_date", "lost_stolen_date is required when closure_reason is LOST or STOLEN", "value_error")
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cardOf(w, r, ""); c != nil {
		s.closeCardLocked(w, c)
	}
}

// closeCardLocked closes c and answers 204, or 412 when it is closed
// already. The caller holds the lock.
func (s *Server) closeCardLocked(w http.ResponseWriter, c *card) {
	if c.status == "CLOSED" {
		failWith(w, http.StatusPreconditionFailed, "Card is already closed")
		return
	}
	s.setCardStatusLocked(c, "CLOSED")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listCardOrders(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, 30, maxCardListLimit)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.cardScope(w, r)
	if !ok {
		return
	}
	var matched []cardOrderSummaryWire
	for _, id := range s.state.cards.orderSeq {
		if o := s.state.cards.orders[id]; in(o.pocketID) {
			matched = append(matched, cardOrderSummaryWire{CardID: o.cardID, CardOrderID: o.id, Status: o.status, ObjectType: "MinimalPhysicalCardOrderResponse"})
		}
	}
	writeJSON(w, http.StatusOK, paginate(matched, lp))
}

// shippingAddress reads a shipping_address object: the v1.29
// ShippingAddress, with its lengths, states and countries.
func shippingAddress(b bodyReader) shippingAddressWire {
	in := b.object("shipping_address", true)
	a := shippingAddressWire{
		StreetAddress: in.text("street_address", true, 100), StreetAddress2: in.str("street_address2", false, 100),
		City: in.text("city", true, 100), PostalCode: in.text("postal_code", true, 10),
		State: in.enum("state", true, shippingStateValues...), Country: in.enum("country", true, shippingCountries...),
	}
	return a
}

func (s *Server) createCardOrder(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	name := b.text("name_on_card", true, 100)
	addr := shippingAddress(b)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.openCardPocket(w, r)
	if p == nil {
		return
	}
	o := &cardOrder{id: uuid.NewString(), pocketID: p.id, cardID: uuid.NewString(), status: "INITIAL", nameOnCard: name, address: addr}
	s.state.cards.orders[o.id] = o
	s.state.cards.orderSeq = append(s.state.cards.orderSeq, o.id)
	s.effects++
	writeJSON(w, http.StatusCreated, o.wire())
}

func (s *Server) getCardOrder(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		o := s.state.cards.orders[r.PathValue("card_order_id")]
		if o == nil || o.pocketID != r.PathValue("account_id") {
			return nil, false
		}
		return o.wire(), true
	})
}

// generateCard is the sandbox's Generate Physical Card From Order.
func (s *Server) generateCard(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	id := b.str("card_order_id", true, 0)
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.state.cards.orders[id]
	switch {
	case o == nil:
		failWith(w, http.StatusUnprocessableEntity, "Card order not found")
		return
	case o.generated:
		failWith(w, http.StatusUnprocessableEntity, "Card order already has its card")
		return
	}
	c := &card{id: o.cardID, pocketID: o.pocketID, name: "Jiko Physical Debit Card", typ: "PHYSICAL", status: "NOT_ACTIVATED"}
	s.state.cards.add(c)
	o.generated, o.status = true, "CARD_CREATED"
	s.effects++
	w.WriteHeader(http.StatusAccepted)
}

func (cs *cardState) add(c *card) {
	cs.cards[c.id] = c
	cs.cardSeq = append(cs.cardSeq, c.id)
}
