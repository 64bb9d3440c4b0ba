package jikotest

import (
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

const maxPocketLimit = 30

var (
	pocketStatuses        = []string{"PENDING", "OPEN", "FROZEN", "CLOSED"}
	defaultPocketStatuses = []string{"PENDING", "OPEN", "FROZEN"}
	closureReasons        = []string{"PARTNER_INSTIGATED", "USER_INSTIGATED", "INACTIVITY", "SUSPICIOUS_ACTIVITY"}
)

// pocketWire is a Pocket as the reference's Get Customer Pocket example
// shows it. The portfolio is left out when omit[]=portfolio is asked for,
// and by Update Pocket, whose example has none.
type pocketWire struct {
	ID                     string         `json:"id"`
	PocketName             string         `json:"pocket_name"`
	Portfolio              *portfolioWire `json:"portfolio,omitempty"`
	Status                 string         `json:"status"`
	Attributes             []string       `json:"attributes"`
	DepositStrategyID      string         `json:"deposit_strategy_id"`
	ReinvestmentStrategyID *string        `json:"reinvestment_strategy_id"`
	CustomerID             string         `json:"customer_id"`
	ObjectType             string         `json:"object_type"`
}

// portfolioWire is a Pocket's cash and holdings.
type portfolioWire struct {
	Securities         []securityWire `json:"securities"`
	Cash               moneyWire      `json:"cash"`
	AllTimeEarnings    moneyWire      `json:"all_time_earnings"`
	TotalValue         moneyWire      `json:"total_value"`
	Fees               []feeWire      `json:"fees"`
	LiquidationValueT0 moneyWire      `json:"liquidation_value_t0"`
	LiquidationValueT1 moneyWire      `json:"liquidation_value_t1"`
}

// securityWire is one holding (the current reference's FIXED_INCOME item).
type securityWire struct {
	Type            string    `json:"type"`
	Quantity        int64     `json:"quantity"`
	MarketValue     moneyWire `json:"market_value"`
	CUSIP           string    `json:"cusip"`
	JikoMarkPrice   string    `json:"jiko_mark_price"`
	Description     string    `json:"description"`
	MaturityDate    string    `json:"maturity_date"`
	YieldToMaturity string    `json:"yield_to_maturity"`
}

// feeWire is the v1.29 Fee.
type feeWire struct {
	Type   string    `json:"type"`
	Amount moneyWire `json:"amount"`
}

// pocketWire renders p; its portfolio comes from the ledger. The caller
// holds the lock.
func (st *state) pocketWire(p *pocket, withPortfolio bool) pocketWire {
	w := pocketWire{
		ID: p.id, PocketName: p.name, Status: p.status, Attributes: []string{},
		DepositStrategyID: p.depositStrategyID, CustomerID: p.customerID, ObjectType: "CustomerPocket",
	}
	if p.reinvestmentStrategyID != "" {
		v := p.reinvestmentStrategyID
		w.ReinvestmentStrategyID = &v
	}
	if withPortfolio {
		pf := st.portfolio(p)
		w.Portfolio = &pf
	}
	return w
}

// portfolio values a Pocket from its ledger through its T-bill book (see
// treasury.go): the bills it holds, at cost, grouped by CUSIP, and the cash
// not invested. Their sum is the ledger's settled balance.
func (st *state) portfolio(p *pocket) portfolioWire {
	b := st.ledger.balance(p.id)
	bk := st.book(p)
	fees := []feeWire{}
	if b.Fees != 0 {
		fees = append(fees, feeWire{Type: "AUM_FEE", Amount: money(b.Fees)})
	}
	securities := []securityWire{}
	byCUSIP := map[string]int{}
	for _, l := range bk.lots {
		i, ok := byCUSIP[l.cusip]
		if !ok {
			i = len(securities)
			byCUSIP[l.cusip] = i
			securities = append(securities, securityWire{
				Type: "FIXED_INCOME", CUSIP: l.cusip, Description: tbillDescription,
				MaturityDate: l.maturity.String(), JikoMarkPrice: priceText(l.priceMicro), YieldToMaturity: l.ytm,
			})
		}
		sec := &securities[i]
		sec.Quantity += l.quantity
		sec.MarketValue = money(sec.MarketValue.Value + l.cost)
	}
	return portfolioWire{
		Securities:         securities,
		Cash:               money(bk.cash),
		AllTimeEarnings:    money(b.Earnings),
		TotalValue:         money(bk.cash + bk.holdings()),
		Fees:               fees,
		LiquidationValueT0: money(b.Available),
		LiquidationValueT1: money(b.Available),
	}
}

func init() { resources = append(resources, registerPockets) }

// registerPockets adds the Pocket operations.
func registerPockets(s *Server) {
	s.mount(ops.PocketsList, s.listPockets)
	s.mount(ops.PocketsListForCustomer, s.listPockets)
	s.mount(ops.PocketsCreate, s.createPocket)
	s.mount(ops.PocketsGetForCustomer, s.getPocket)
	s.mount(ops.PocketsUpdate, s.updatePocket)
	s.mount(ops.PocketsGet, s.getPocket)
	s.mount(ops.PocketsGetEarnings, s.pocketEarnings)
}

func (s *Server) listPockets(w http.ResponseWriter, r *http.Request) {
	lp, ok := readPaging(w, r, 0, maxPocketLimit, maxPocketLimit) // [0 .. 30] in the reference
	if !ok {
		return
	}
	q := r.URL.Query()
	statuses := defaultPocketStatuses
	if vs := q["filter[status]"]; len(vs) > 0 {
		statuses = nil
		for _, v := range vs {
			if !slices.Contains(pocketStatuses, v) {
				validationError(w, enumIssue([]any{"query", "filter[status]"}, pocketStatuses...))
				return
			}
			statuses = append(statuses, v)
		}
	}
	omit := slices.Contains(q["omit[]"], "portfolio")
	customerID := r.PathValue("customer_id")

	s.mu.Lock()
	defer s.mu.Unlock()
	if customerID != "" && s.state.customers[customerID] == nil {
		notFound(w)
		return
	}
	var matched []*pocket
	for _, id := range s.state.order {
		p := s.state.pockets[id]
		if (customerID == "" || p.customerID == customerID) && slices.Contains(statuses, p.status) {
			matched = append(matched, p)
		}
	}
	// Only the page's Pockets are valued: a portfolio costs the Pocket's
	// ledger.
	writeJSON(w, http.StatusOK, renderPage(paginate(matched, lp), func(p *pocket) pocketWire {
		return s.state.pocketWire(p, !omit)
	}))
}

// checkPocketName returns the issue with a pocket_name given, if any.
func checkPocketName(name string) *issue {
	switch {
	case name == "":
		return &issue{Loc: []any{"body", "pocket_name"}, Msg: "ensure this value has at least 1 characters", Type: "value_error.any_str.min_length"}
	case utf8.RuneCountInString(name) > 100:
		return &issue{Loc: []any{"body", "pocket_name"}, Msg: "ensure this value has at most 100 characters", Type: "value_error.any_str.max_length"}
	}
	return nil
}

func (s *Server) createPocket(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	name := b.str("pocket_name", true, 0)
	if is := checkPocketName(name); is != nil && b.isString("pocket_name") {
		*b.issues = append(*b.issues, *is)
	}
	deposit := b.str("deposit_strategy_id", true, 0)
	if b.isString("deposit_strategy_id") && !knownStrategy(deposit) {
		*b.issues = append(*b.issues, unknownStrategy("deposit_strategy_id"))
	}
	reinvest := b.str("reinvestment_strategy_id", false, 0)
	if reinvest != "" && !knownStrategy(reinvest) {
		*b.issues = append(*b.issues, unknownStrategy("reinvestment_strategy_id"))
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.customers[r.PathValue("customer_id")] == nil {
		notFound(w)
		return
	}
	p := s.state.newPocket(r.PathValue("customer_id"), name, deposit, reinvest)
	s.effects++
	writeJSON(w, http.StatusCreated, s.state.pocketWire(p, true))
}

// findPocket returns the Pocket named by the path, checking that it belongs
// to the customer when the path names one. The caller holds the lock.
func (s *Server) findPocket(r *http.Request) *pocket {
	p := s.state.pockets[r.PathValue("pocket_id")]
	if p == nil {
		return nil
	}
	if c := r.PathValue("customer_id"); c != "" && p.customerID != c {
		return nil
	}
	return p
}

// pocketOr404 is findPocket answering 404 when there is none. The caller
// holds the lock.
func (s *Server) pocketOr404(w http.ResponseWriter, r *http.Request) *pocket {
	p := s.findPocket(r)
	if p == nil {
		notFound(w)
	}
	return p
}

func (s *Server) getPocket(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		p := s.findPocket(r)
		if p == nil {
			return nil, false
		}
		return s.state.pocketWire(p, !slices.Contains(r.URL.Query()["omit[]"], "portfolio")), true
	})
}

func (s *Server) pocketEarnings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	period := q.Get("period")
	if period == "" {
		period = "all-time"
	}
	if !slices.Contains([]string{"ytd", "mtd", "wtd", "all-time", "range"}, period) {
		validationError(w, enumIssue([]any{"query", "period"}, "ytd", "mtd", "wtd", "all-time", "range"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pocketOr404(w, r)
	if p == nil {
		return
	}
	var from, to any = nil, jiko.DateOf(s.now())
	if period == "range" {
		f, errF := jiko.ParseDate(q.Get("date_from"))
		t, errT := jiko.ParseDate(q.Get("date_to"))
		if errF != nil || errT != nil {
			validationError(w, issue{Loc: []any{"query", "date_from"}, Msg: "date_from and date_to are required for range", Type: "value_error"})
			return
		}
		from, to = f, t
	}
	earned := s.state.ledger.balance(p.id).Earnings
	writeJSON(w, http.StatusOK, map[string]any{"earnings": money(earned), "date_from": from, "date_to": to})
}

func (s *Server) updatePocket(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	// Schema checks first, as the API's validation runs before any rule.
	name, _ := b.nullable("pocket_name")
	deposit, _ := b.nullable("deposit_strategy_id")
	reinvest, reinvestGiven := b.nullable("reinvestment_strategy_id")
	status, _ := b.nullable("status")
	reason, _ := b.nullable("closure_reason")
	issues := b.issues
	if name != nil {
		if is := checkPocketName(*name); is != nil {
			*issues = append(*issues, *is)
		}
	}
	if deposit != nil && !knownStrategy(*deposit) {
		*issues = append(*issues, unknownStrategy("deposit_strategy_id"))
	}
	if reinvest != nil && !knownStrategy(*reinvest) {
		*issues = append(*issues, unknownStrategy("reinvestment_strategy_id"))
	}
	if status != nil && *status != "CLOSED" {
		b.add("status", "unexpected value; permitted: 'CLOSED'", "value_error.const")
	}
	if reason != nil && !slices.Contains(closureReasons, *reason) {
		*issues = append(*issues, enumIssue([]any{"body", "closure_reason"}, closureReasons...))
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pocketOr404(w, r)
	if p == nil {
		return
	}
	if status != nil {
		if detail := s.closeRule(p, reason); detail != "" {
			problem(w, r, "pocket-cannot-close", detail)
			return
		}
	}
	next := *p
	if name != nil {
		next.name = *name
	}
	if deposit != nil {
		next.depositStrategyID = *deposit
	}
	if reinvestGiven { // null clears it
		next.reinvestmentStrategyID = ""
		if reinvest != nil {
			next.reinvestmentStrategyID = *reinvest
		}
	}
	if status != nil {
		next.status = "CLOSED"
	}
	*p = next
	s.effects++
	writeJSON(w, http.StatusOK, s.state.pocketWire(p, false))
}

// closeRule returns why the Pocket cannot close, or "". The caller holds
// the lock.
func (s *Server) closeRule(p *pocket, reason *string) string {
	switch {
	case reason == nil:
		return "A closure_reason is required to close a Pocket"
	case p.status == "CLOSED":
		return "Pocket is already closed"
	case s.state.ledger.balance(p.id).Total != 0:
		return "Pocket must be empty to be closed"
	}
	for _, id := range s.state.order {
		o := s.state.pockets[id]
		if o != p && o.customerID == p.customerID && o.status == "OPEN" {
			return ""
		}
	}
	return "The customer must keep at least one other open Pocket"
}
