package jikotest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// Trades are the book's BUY, SELL and MATURITY records (see treasury.go),
// listed per customer (v2) or per account (v1).

// tradeWire is a Trades V2 item: the common fields of the reference's BUY
// variant and the security fields of the v1 Trade.
type tradeWire struct {
	ID              string    `json:"id"`
	TradeDatetime   string    `json:"trade_datetime"`
	BookDate        string    `json:"book_date"`
	SettledDate     *string   `json:"settled_date"`
	Status          string    `json:"status"`
	PocketID        string    `json:"pocket_id"`
	Activity        string    `json:"activity"`
	Description     string    `json:"description"`
	CUSIP           string    `json:"cusip"`
	Notional        moneyWire `json:"notional"`
	Quantity        int64     `json:"quantity"`
	Price           string    `json:"price"`
	MaturityDate    string    `json:"maturity_date"`
	YieldToMaturity string    `json:"yield_to_maturity"`
}

// tradeV1Wire is the v1 Trade.
type tradeV1Wire struct {
	Description     string    `json:"description"`
	ID              string    `json:"id"`
	TradeDatetime   string    `json:"trade_datetime"`
	SettledDate     *string   `json:"settled_date,omitempty"`
	IsSettled       bool      `json:"is_settled"`
	Activity        string    `json:"activity"`
	CUSIP           string    `json:"cusip"`
	Notional        moneyWire `json:"notional"`
	Quantity        int64     `json:"quantity"`
	Price           string    `json:"price"`
	MaturityDate    string    `json:"maturity_date"`
	JikoAccountID   string    `json:"jiko_account_id"`
	YieldToMaturity string    `json:"yield_to_maturity"`
	TradableID      string    `json:"tradable_id"`
	ObjectType      string    `json:"object_type"`
}

// confirmationWire is the v1 TradeConfirmation.
type confirmationWire struct {
	URL string `json:"url"`
}

const maxTradeLimit = 100

func init() { resources = append(resources, registerTrades) }

// registerTrades adds the v2 and v1 trade operations.
func registerTrades(s *Server) {
	s.mount(ops.TradesListForCustomer, s.listTrades)
	s.mount(ops.TradesV1ListForCustomer, s.listTradesV1)
	s.mount(ops.TradesV1ListForPocket, s.listTradesV1, rename{"account_id", "pocket_id"})
	s.mount(ops.TradesV1GetConfirmation, s.tradeConfirmation, rename{"account_id", "pocket_id"})
}

// settled reports whether the trade has settled by now, and its settlement
// date if so.
func (t trade) settled(now time.Time) (*string, bool) {
	if t.settles.Time(time.UTC).After(now.UTC()) {
		return nil, false
	}
	d := t.settles.String()
	return &d, true
}

func priceText(micro int64) string { return fmt.Sprintf("%d.%06d", micro/1_000_000, micro%1_000_000) }

func (t trade) wire(now time.Time) tradeWire {
	settled, ok := t.settled(now)
	status := "BOOKED"
	if ok {
		status = "SETTLED"
	}
	return tradeWire{
		ID: t.id, TradeDatetime: isoTime(t.at), BookDate: jiko.DateOf(t.at.UTC()).String(), SettledDate: settled,
		Status: status, PocketID: t.pocketID, Activity: t.activity, Description: tbillDescription, CUSIP: t.cusip,
		Notional: money(t.notional), Quantity: t.quantity, Price: priceText(t.priceMicro),
		MaturityDate: t.maturity.String(), YieldToMaturity: t.ytm,
	}
}

func (t trade) wireV1(now time.Time) tradeV1Wire {
	settled, ok := t.settled(now)
	return tradeV1Wire{
		Description: tbillDescription, ID: t.id, TradeDatetime: isoTime(t.at), SettledDate: settled, IsSettled: ok,
		Activity: t.activity, CUSIP: t.cusip, Notional: money(t.notional), Quantity: t.quantity,
		Price: priceText(t.priceMicro), MaturityDate: t.maturity.String(), JikoAccountID: t.pocketID,
		YieldToMaturity: t.ytm, TradableID: stableID("tradable", t.cusip), ObjectType: "Trade",
	}
}

// trades returns the trades of the Pockets, newest first unless asc. The
// caller holds the lock.
func (s *Server) trades(ps []*pocket, order string) []trade {
	var out []trade
	for _, p := range ps {
		out = append(out, s.state.book(p).trades...)
	}
	slices.SortStableFunc(out, func(a, b trade) int { return a.at.Compare(b.at) })
	if order != "asc" {
		slices.Reverse(out)
	}
	return out
}

// dateWithin reports whether d is within [from, to]; a zero bound is open.
func dateWithin(d, from, to jiko.Date) bool {
	t := d.Time(time.UTC)
	return (from.IsZero() || !t.Before(from.Time(time.UTC))) && (to.IsZero() || !t.After(to.Time(time.UTC)))
}

func (s *Server) listTrades(w http.ResponseWriter, r *http.Request) {
	f := readFilters(r)
	tradeFrom, tradeTo := f.time("trade_datetime_from"), f.time("trade_datetime_to")
	bookFrom, bookTo := f.date("book_date_from"), f.date("book_date_to")
	settleFrom, settleTo := f.date("settlement_date_from"), f.date("settlement_date_to")
	order := f.oneOf("order", "desc", "asc")
	pick := func(r *http.Request) ([]*pocket, bool) { return s.customerPockets(r, "pocket_id[]") }
	s.listOver(w, r, f, maxTradeLimit, pick, func(lp listParams, ps []*pocket) {
		now := s.now()
		var kept []tradeWire
		for _, t := range s.trades(ps, order) {
			_, isSettled := t.settled(now)
			switch {
			case !within(t.at, tradeFrom, tradeTo),
				!dateWithin(jiko.DateOf(t.at.UTC()), bookFrom, bookTo),
				(!settleFrom.IsZero() || !settleTo.IsZero()) && (!isSettled || !dateWithin(t.settles, settleFrom, settleTo)):
				continue
			}
			kept = append(kept, t.wire(now))
		}
		writeJSON(w, http.StatusOK, paginate(kept, lp))
	})
}

func (s *Server) listTradesV1(w http.ResponseWriter, r *http.Request) {
	f := readFilters(r)
	from, to := f.time("trade_datetime_from"), f.time("trade_datetime_to")
	s.listOver(w, r, f, maxTradeLimit, s.v1Pockets, func(lp listParams, ps []*pocket) {
		now := s.now()
		var kept []tradeV1Wire
		for _, t := range s.trades(ps, "desc") {
			if within(t.at, from, to) {
				kept = append(kept, t.wireV1(now))
			}
		}
		writeJSON(w, http.StatusOK, paginate(kept, lp))
	})
}

// tradeConfirmation answers a short-lived link to the trade's confirmation
// PDF; a MATURITY has none (404, as the reference says).
func (s *Server) tradeConfirmation(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (confirmationWire, bool) {
		p := s.findPocket(r)
		if p == nil {
			return confirmationWire{}, false
		}
		id := r.PathValue("trade_id")
		i := slices.IndexFunc(s.state.book(p).trades, func(t trade) bool { return t.id == id })
		if i < 0 || s.state.book(p).trades[i].activity == "MATURITY" {
			return confirmationWire{}, false
		}
		t := s.state.book(p).trades[i]
		url := s.documentURL(linkedDoc{kind: docConfirmation, pocketID: p.id, tradeID: t.id, name: "confirmation-" + cmp.Or(t.id[:8], t.id) + ".pdf"})
		return confirmationWire{URL: url}, true
	})
}
