package jikotest

import (
	"net/http"

	"github.com/jiko-go/jiko/internal/ops"
)

// The deprecated v1 Accounts: each Pocket is an account, with the v1.29
// Account's portfolio (its T-bills with ask and bid prices) from the same
// book as the Pocket's portfolio.

// accountWire is the v1.29 Account.
type accountWire struct {
	ID         string               `json:"id"`
	Name       string               `json:"name"`
	TotalValue moneyWire            `json:"total_value"`
	Status     string               `json:"status"`
	Portfolio  accountPortfolioWire `json:"portfolio"`
	ObjectType string               `json:"object_type"`
}

type accountPortfolioWire struct {
	Securities      []accountSecurityWire `json:"securities"`
	Cash            moneyWire             `json:"cash"`
	AllTimeEarnings moneyWire             `json:"all_time_earnings"`
}

type accountSecurityWire struct {
	Description     string    `json:"description"`
	TradableID      string    `json:"tradable_id"`
	SecurityType    string    `json:"security_type"`
	Quantity        int64     `json:"quantity"`
	MarketValue     moneyWire `json:"market_value"`
	ExternalID      string    `json:"external_id"`
	MaturityDate    string    `json:"maturity_date"`
	YieldToMaturity string    `json:"yield_to_maturity"`
	Ask             string    `json:"ask"`
	Bid             string    `json:"bid"`
}

const maxAccountLimit = 100

func init() { resources = append(resources, registerAccounts) }

// registerAccounts adds the v1 account operations.
func registerAccounts(s *Server) {
	s.mount(ops.AccountsListForCustomer, s.listAccounts)
	s.mount(ops.AccountsGet, s.getAccount, rename{"account_id", "pocket_id"})
}

// accountWire renders a Pocket as a v1 account; the ask is the bid plus a
// spread of a hundredth of a point. The caller holds the lock.
func (s *Server) accountWire(p *pocket) accountWire {
	pf := s.state.portfolio(p)
	a := accountWire{
		ID: p.id, Name: p.name, TotalValue: pf.TotalValue, Status: p.status, ObjectType: "Account",
		Portfolio: accountPortfolioWire{Securities: []accountSecurityWire{}, Cash: pf.Cash, AllTimeEarnings: pf.AllTimeEarnings},
	}
	for _, l := range s.state.book(p).lots {
		a.Portfolio.Securities = append(a.Portfolio.Securities, accountSecurityWire{
			Description: tbillDescription, TradableID: stableID("tradable", l.cusip), SecurityType: "FIXED_INCOME",
			Quantity: l.quantity, MarketValue: money(l.cost), ExternalID: l.cusip, MaturityDate: l.maturity.String(),
			YieldToMaturity: l.ytm, Ask: priceText(l.priceMicro + 10_000), Bid: priceText(l.priceMicro),
		})
	}
	return a
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, limit := 0, maxAccountLimit
	var issues []issue
	if n, ok := queryInt(q, "offset", bounds{max: -1}, &issues); ok {
		offset = n
	}
	if n, ok := queryInt(q, "limit", bounds{min: 1, max: maxAccountLimit}, &issues); ok {
		limit = n
	}
	if len(issues) > 0 {
		validationError(w, issues...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ps, ok := s.customerPockets(r, "")
	if !ok {
		notFound(w)
		return
	}
	page := offsetListWire[accountWire]{Offset: offset, Count: len(ps), Items: []accountWire{}, ObjectType: "List"}
	for _, p := range ps[min(offset, len(ps)):min(offset+limit, len(ps))] {
		page.Items = append(page.Items, s.accountWire(p))
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (accountWire, bool) {
		p := s.findPocket(r)
		if p == nil {
			return accountWire{}, false
		}
		return s.accountWire(p), true
	})
}
