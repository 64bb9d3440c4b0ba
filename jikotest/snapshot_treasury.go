package jikotest

import (
	"time"

	"github.com/jiko-go/jiko"
)

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

// docStateSnapshot is a docState.
type docStateSnapshot struct {
	// Key signs the document links, so that links handed out before the
	// snapshot still open.
	Key  []byte                       `json:"key"`
	Docs map[string]linkedDocSnapshot `json:"docs"`
}

// linkedDocSnapshot is a linkedDoc.
type linkedDocSnapshot struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	PocketID string `json:"pocket_id"`
	Month    string `json:"month"`
	StmtType string `json:"statement_type"`
	TradeID  string `json:"trade_id"`
	ReportID string `json:"report_id"`
	Format   string `json:"format"`
}

// reportSnapshot is a report; the snapshot lists them in creation order.
type reportSnapshot struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Status    string    `json:"status"`
	PocketIDs []string  `json:"pocket_ids"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Formats   []string  `json:"formats"`
	Created   time.Time `json:"created"`
}

// snapshotDate writes a date as "2006-01-02", "" for the zero date and
// the text as it came for one that is not valid: what restoreDate reads
// back as the same Date.
func snapshotDate(d jiko.Date) string { return d.Raw() }

func restoreDate(s string) jiko.Date {
	var d jiko.Date
	_ = d.UnmarshalText([]byte(s)) // never fails: a bad text is kept as it came
	return d
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

func (d *docState) snapshot() docStateSnapshot {
	return docStateSnapshot{Key: d.key, Docs: snapshotMap(d.docs, func(x linkedDoc) linkedDocSnapshot {
		return linkedDocSnapshot{Kind: x.kind, Name: x.name, PocketID: x.pocketID, Month: snapshotDate(x.month),
			StmtType: x.stmtType, TradeID: x.tradeID, ReportID: x.reportID, Format: x.format}
	})}
}

func (p docStateSnapshot) restore(d docState) docState {
	if p.Key != nil {
		d.key = p.Key
	}
	d.docs = restoreMap(d.docs, p.Docs, func(x linkedDocSnapshot) linkedDoc {
		return linkedDoc{kind: x.Kind, name: x.Name, pocketID: x.PocketID, month: restoreDate(x.Month),
			stmtType: x.StmtType, tradeID: x.TradeID, reportID: x.ReportID, format: x.Format}
	})
	return d
}

func (r *reportState) snapshot() []reportSnapshot {
	out := make([]reportSnapshot, len(r.order))
	for i, x := range r.order {
		out[i] = reportSnapshot{ID: x.id, Type: x.typ, Status: x.status, PocketIDs: x.pocketIDs, From: snapshotDate(x.from),
			To: snapshotDate(x.to), Formats: x.formats, Created: x.created}
	}
	return out
}

func restoreReports(list []reportSnapshot) reportState {
	var r reportState
	for _, x := range list {
		r.order = append(r.order, &report{id: x.ID, typ: x.Type, status: x.Status, pocketIDs: x.PocketIDs,
			from: restoreDate(x.From), to: restoreDate(x.To), formats: x.Formats, created: x.Created})
	}
	return r
}
