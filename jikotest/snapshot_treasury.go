package jikotest

import "time"

// treasurySnapshot is a treasuryState. Dates are "2006-01-02", "" when
// zero.
type treasurySnapshot struct {
	Books map[string]bookSnapshot `json:"books"`
	// Maturities names the lots each interest entry matured.
	Maturities map[string][]string `json:"maturities"`
}

// bookSnapshot is a book.
type bookSnapshot struct {
	PocketID string          `json:"pocket_id"`
	Lots     []lotSnapshot   `json:"lots"`
	Trades   []tradeSnapshot `json:"trades"`
	Cash     int64           `json:"cash"`
	Held     int64           `json:"held"`
	// Done holds what the book took in of each entry (the took* bits).
	Done map[string]uint8 `json:"done"`
	Last time.Time        `json:"last"`
	Seen int              `json:"seen"`
	// Open are the ids of the ledger entries with a step still to come.
	Open []string `json:"open"`
}

// lotSnapshot is a lot.
type lotSnapshot struct {
	ID         string    `json:"id"`
	CUSIP      string    `json:"cusip"`
	Quantity   int64     `json:"quantity"`
	Cost       int64     `json:"cost"`
	PriceMicro int64     `json:"price_micro"`
	YTM        string    `json:"ytm"`
	Maturity   string    `json:"maturity"`
	Bought     time.Time `json:"bought"`
}

// tradeSnapshot is a trade.
type tradeSnapshot struct {
	ID         string    `json:"id"`
	PocketID   string    `json:"pocket_id"`
	Activity   string    `json:"activity"`
	At         time.Time `json:"at"`
	Settles    string    `json:"settles"`
	CUSIP      string    `json:"cusip"`
	Quantity   int64     `json:"quantity"`
	Notional   int64     `json:"notional"`
	PriceMicro int64     `json:"price_micro"`
	YTM        string    `json:"ytm"`
	Maturity   string    `json:"maturity"`
}

func (t *treasuryState) snapshot() treasurySnapshot {
	return treasurySnapshot{Books: snapshotMap(t.books, (*book).snapshot), Maturities: t.maturities}
}

func (p treasurySnapshot) restore(t treasuryState, l *ledger) (treasuryState, error) {
	for id, b := range p.Books {
		restored, err := b.restore(l)
		if err != nil {
			return treasuryState{}, err
		}
		t.books[id] = restored
	}
	t.maturities = restoreMap(t.maturities, p.Maturities, func(lots []string) []string { return lots })
	return t, nil
}

func (b *book) snapshot() bookSnapshot {
	out := bookSnapshot{PocketID: b.pocketID, Cash: b.cash, Held: b.held, Done: b.done, Last: b.last, Seen: b.seen}
	if b.lots != nil {
		out.Lots = make([]lotSnapshot, len(b.lots))
	}
	for i, x := range b.lots {
		out.Lots[i] = lotSnapshot{ID: x.id, CUSIP: x.cusip, Quantity: x.quantity, Cost: x.cost, PriceMicro: x.priceMicro,
			YTM: x.ytm, Maturity: snapshotDate(x.maturity), Bought: x.bought}
	}
	if b.trades != nil {
		out.Trades = make([]tradeSnapshot, len(b.trades))
	}
	for i, x := range b.trades {
		out.Trades[i] = tradeSnapshot{ID: x.id, PocketID: x.pocketID, Activity: x.activity, At: x.at,
			Settles: snapshotDate(x.settles), CUSIP: x.cusip, Quantity: x.quantity, Notional: x.notional,
			PriceMicro: x.priceMicro, YTM: x.ytm, Maturity: snapshotDate(x.maturity)}
	}
	if b.open != nil {
		out.Open = make([]string, len(b.open))
	}
	for i, e := range b.open {
		out.Open[i] = e.ID
	}
	return out
}

// restore returns the book, its open entries those of l.
func (p bookSnapshot) restore(l *ledger) (*book, error) {
	b := &book{pocketID: p.PocketID, cash: p.Cash, held: p.Held, done: p.Done, last: p.Last, seen: p.Seen}
	if b.done == nil {
		b.done = map[string]uint8{} // a book always has one
	}
	if p.Lots != nil {
		b.lots = make([]*lot, len(p.Lots))
	}
	for i, x := range p.Lots {
		b.lots[i] = &lot{id: x.ID, cusip: x.CUSIP, quantity: x.Quantity, cost: x.Cost, priceMicro: x.PriceMicro,
			ytm: x.YTM, maturity: restoreDate(x.Maturity), bought: x.Bought}
	}
	if p.Trades != nil {
		b.trades = make([]trade, len(p.Trades))
	}
	for i, x := range p.Trades {
		b.trades[i] = trade{id: x.ID, pocketID: x.PocketID, activity: x.Activity, at: x.At,
			settles: restoreDate(x.Settles), cusip: x.CUSIP, quantity: x.Quantity, notional: x.Notional,
			priceMicro: x.PriceMicro, ytm: x.YTM, maturity: restoreDate(x.Maturity)}
	}
	if p.Open != nil {
		b.open = make([]*entry, len(p.Open))
	}
	for i, id := range p.Open {
		if b.open[i] = l.byID[id]; b.open[i] == nil {
			return nil, missing("state.treasury.books["+p.PocketID+"].open", "ledger entry", id)
		}
	}
	return b, nil
}
