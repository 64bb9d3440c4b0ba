package jikotest

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// The T-bill model. A Pocket's brokerage account is derived from its
// ledger: cash that settles into the Pocket buys T-bills of the Pocket's
// deposit strategy at a price consistent with the strategy's discount
// yield; a debit sells enough bills to pay it; a maturity (booked by
// MatureBills or AdvanceTo as an interest entry) pays the bills' face value
// and the proceeds are reinvested with the reinvestment strategy. The
// ledger stays the one record of money: the portfolio's total value is
// always the ledger's settled balance, since bills are carried at cost.
//
// Each Pocket has a book that takes in the ledger's entries as they appear
// (every read of the Pocket's portfolio, transactions, trades or
// statements brings it up to date), so past trades never change: a
// strategy changed later applies to later purchases only.

// faceCents is the face value of one T-bill: $100.
const faceCents = 10_000

// tbillDescription describes every bill, as the reference's examples do.
const tbillDescription = "US T-Bill"

// treasuryState is the fake's brokerage side. The server's lock guards it.
type treasuryState struct {
	books map[string]*book // by Pocket id
	// maturities names the lots an interest entry matured.
	maturities map[string][]string
}

func newTreasuryState() treasuryState {
	return treasuryState{books: map[string]*book{}, maturities: map[string][]string{}}
}

// lot is a purchase of bills still (partly) held.
type lot struct {
	id         string
	cusip      string
	quantity   int64
	cost       int64 // cents paid for the bills still held
	priceMicro int64 // price per 100 of face value, in millionths
	ytm        string
	maturity   jiko.Date
	bought     time.Time
}

// trade is a BUY, SELL or MATURITY the book made.
type trade struct {
	id         string
	pocketID   string
	activity   string
	at         time.Time
	settles    jiko.Date
	cusip      string
	quantity   int64
	notional   int64
	priceMicro int64
	ytm        string
	maturity   jiko.Date
}

// book is one Pocket's brokerage account.
type book struct {
	pocketID string
	lots     []*lot
	trades   []trade
	cash     int64 // uninvested cash, including what pending debits hold
	held     int64 // cash set aside for pending debits
	done     map[string]uint8
	last     time.Time // the time of the latest step taken
	// seen is how many of the Pocket's entries the book has looked at;
	// open are those of them with a step still to come (pending ones, in
	// booking order), so that bringing the book up to date costs the new
	// and open entries, not the whole history.
	seen int
	open []*entry
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// What the book has taken in of an entry.
const (
	tookCredit uint8 = 1 << iota
	tookSell
	tookPay
	tookRelease
)

// op is one step of an entry for the book.
type op struct {
	at   time.Time
	seq  int
	e    *entry
	kind uint8
}

// book returns the Pocket's book, up to date with the ledger. The caller
// holds the lock.
func (st *state) book(p *pocket) *book {
	b := st.treasury.books[p.id]
	if b == nil {
		b = &book{pocketID: p.id, done: map[string]uint8{}}
		st.treasury.books[p.id] = b
	}
	entries := st.ledger.forPocket(p.id)
	b.open = append(b.open, entries[b.seen:]...)
	b.seen = len(entries)
	var ops []op
	for _, e := range b.open {
		done := b.done[e.ID]
		add := func(at time.Time, kind uint8) {
			if done&kind == 0 {
				ops = append(ops, op{at: at, seq: len(ops), e: e, kind: kind})
			}
		}
		switch {
		case e.Status == EntryRejected:
			if done&tookSell != 0 {
				add(maxTime(e.Booked, b.last), tookRelease)
			} else {
				b.done[e.ID] |= tookSell | tookRelease
			}
		case e.Amount > 0 || e.Sweep || e.Kind == KindInterest:
			if e.Status == EntrySettled {
				add(e.Settled, tookCredit)
			}
		case e.Amount < 0:
			add(e.Booked, tookSell)
			if e.Status == EntrySettled {
				add(e.Settled, tookPay)
			}
		}
	}
	slices.SortStableFunc(ops, func(a, b op) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq))
	})
	for _, o := range ops {
		st.apply(b, p, o)
		b.done[o.e.ID] |= o.kind
		b.last = maxTime(b.last, o.at)
	}
	b.open = slices.DeleteFunc(b.open, func(e *entry) bool { return closed(e, b.done[e.ID]) })
	return b
}

// closed reports whether the book has taken every step of e, given the
// steps done: e is no longer pending (a settled or rejected entry does not
// change) and nothing of it is left to take in.
func closed(e *entry, done uint8) bool {
	switch {
	case e.Status == EntryPending:
		return false
	case e.Status == EntryRejected:
		return done&tookRelease != 0
	case e.Amount > 0 || e.Sweep || e.Kind == KindInterest:
		return done&tookCredit != 0
	case e.Amount < 0:
		return done&(tookSell|tookPay) == tookSell|tookPay
	}
	return true
}

// apply takes one step of an entry into the book.
func (st *state) apply(b *book, p *pocket, o op) {
	e, amount := o.e, o.e.Amount
	switch {
	case o.kind == tookCredit && e.Kind == KindInterest:
		b.mature(e, st.treasury.maturities[e.ID])
		b.invest(o.at, e.ID, reinvestStrategy(p))
	case o.kind == tookCredit && e.Sweep:
		b.cash += amount // the bank account's own movements
	case o.kind == tookCredit:
		b.cash += amount
		b.invest(o.at, e.ID, p.depositStrategyID)
	case o.kind == tookSell:
		b.held -= amount
		b.raise(o.at, e.ID)
	case o.kind == tookPay:
		b.held += amount
		b.cash += amount
	case o.kind == tookRelease:
		b.held += amount
		b.invest(o.at, e.ID+":release", p.depositStrategyID)
	}
}

func reinvestStrategy(p *pocket) string {
	return cmp.Or(p.reinvestmentStrategyID, p.depositStrategyID)
}

// invest buys as many whole bills as the free cash pays for; what is left
// (less than one bill) stays cash, as on Jiko.
func (b *book) invest(at time.Time, key, strategy string) {
	free := b.cash - b.held
	q := quote(strategy, at)
	n := int64(0)
	if free > 0 {
		n = mulDiv(uint64(free), 10_000, uint64(q.priceMicro))
	}
	for n > 0 && q.cost(n) > free {
		n--
	}
	if n == 0 {
		return
	}
	cost := q.cost(n)
	l := &lot{
		id: stableID(b.pocketID, key, "lot"), cusip: q.cusip, quantity: n, cost: cost,
		priceMicro: q.priceMicro, ytm: q.ytm, maturity: q.maturity, bought: at,
	}
	b.cash -= cost
	b.lots = append(b.lots, l)
	b.record(trade{id: stableID(b.pocketID, key, "buy"), activity: "BUY", at: at, settles: nextBusinessDay(at),
		cusip: l.cusip, quantity: n, notional: cost, priceMicro: l.priceMicro, ytm: l.ytm, maturity: l.maturity})
}

// raise sells bills, the soonest to mature first, until the free cash
// covers what pending debits hold. Bills are sold at cost.
func (b *book) raise(at time.Time, key string) {
	slices.SortStableFunc(b.lots, func(x, y *lot) int { return x.maturity.Time(time.UTC).Compare(y.maturity.Time(time.UTC)) })
	for len(b.lots) > 0 && b.cash-b.held < 0 {
		l := b.lots[0]
		short := b.held - b.cash
		n := l.quantity
		if short < l.cost {
			n = max(1, ceilMulDiv(uint64(short), uint64(l.quantity), uint64(l.cost)))
		}
		proceeds := l.cost
		if n < l.quantity {
			proceeds = mulDiv(uint64(l.cost), uint64(n), uint64(l.quantity))
		}
		l.quantity -= n
		l.cost -= proceeds
		b.cash += proceeds
		b.record(trade{id: stableID(b.pocketID, key, "sell", l.id), activity: "SELL", at: at, settles: nextBusinessDay(at),
			cusip: l.cusip, quantity: n, notional: proceeds, priceMicro: l.priceMicro, ytm: l.ytm, maturity: l.maturity})
		if l.quantity == 0 {
			b.lots = b.lots[1:]
		}
	}
}

// mature pays out the named lots: their cost comes back as cash, and the
// interest entry that called this adds the gain.
func (b *book) mature(e *entry, lotIDs []string) {
	b.cash += e.Amount
	b.lots = slices.DeleteFunc(b.lots, func(l *lot) bool {
		if !slices.Contains(lotIDs, l.id) {
			return false
		}
		b.cash += l.cost
		b.record(trade{id: stableID(b.pocketID, e.ID, "maturity", l.id), activity: "MATURITY", at: e.Settled,
			settles: jiko.DateOf(e.Settled.UTC()), cusip: l.cusip, quantity: l.quantity, notional: l.quantity * faceCents,
			priceMicro: 100_000_000, ytm: l.ytm, maturity: l.maturity})
		return true
	})
}

func (b *book) record(t trade) {
	t.pocketID = b.pocketID
	b.trades = append(b.trades, t)
}

// holdings returns the book's value in securities, at cost.
func (b *book) holdings() int64 {
	var v int64
	for _, l := range b.lots {
		v += l.cost
	}
	return v
}

// billQuote is the price of a strategy's bill on a day.
type billQuote struct {
	priceMicro int64
	ytm        string
	maturity   jiko.Date
	cusip      string
}

func (q billQuote) cost(n int64) int64 { return (n*q.priceMicro + 5_000) / 10_000 }

// quote prices the bill a strategy buys at t: the bill of the strategy's
// term issued on the Thursday on or after t's date, so that it matures on a
// Thursday after the week it was bought in, at the price the strategy's
// discount yield gives for the days left (price = 100 × (1 − d × days/360)).
func quote(strategy string, at time.Time) billQuote {
	weeks, dyPPM := termOf(strategy)
	day := at.UTC().Truncate(24 * time.Hour)
	issue := day.AddDate(0, 0, (int(time.Thursday)-int(day.Weekday())+7)%7)
	maturity := issue.AddDate(0, 0, 7*weeks)
	days := int64(maturity.Sub(day) / (24 * time.Hour))
	discount := (100*dyPPM*days + 180) / 360 // millionths of the price
	price := 100_000_000 - discount
	// Bond-equivalent yield: (100 - P) / P × 365 / days, in 1/10000.
	ytm := (discount*365*10_000*2/(price*days) + 1) / 2
	return billQuote{
		priceMicro: price,
		ytm:        fmt.Sprintf("%d.%04d", ytm/10_000, ytm%10_000),
		maturity:   jiko.DateOf(maturity),
		cusip:      billCUSIP(jiko.DateOf(maturity)),
	}
}

// termOf returns a strategy's term in weeks and its discount yield in
// parts per million, from the strategies the server offers. A strategy the
// server does not offer (UST-1W) buys at the 4-week yield.
func termOf(strategy string) (weeks int, dyPPM int64) {
	weeks, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(strategy, "UST-"), "W"))
	if weeks <= 0 {
		weeks = 4
	}
	yield := strategies[0].DiscountYield
	for _, st := range strategies {
		if st.ID == strategy {
			yield = st.DiscountYield
		}
	}
	f, _ := strconv.ParseFloat(yield, 64)
	return weeks, int64(f*1e6 + 0.5)
}

// billCUSIP makes a CUSIP in the form of the Treasury's bills (912797,
// two characters, a check digit) that names the maturity date.
func billCUSIP(maturity jiko.Date) string {
	const alnum = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	n := int(maturity.Time(time.UTC).Unix()/86400) % (len(alnum) * len(alnum))
	base := "912797" + string(alnum[n/len(alnum)]) + string(alnum[n%len(alnum)])
	return base + strconv.Itoa(cusipCheck(base))
}

// cusipCheck is the CUSIP check digit ("modulus 10 double add double").
func cusipCheck(s string) int {
	sum := 0
	for i, r := range s {
		var v int
		switch {
		case r >= '0' && r <= '9':
			v = int(r - '0')
		default:
			v = int(r-'A') + 10
		}
		if i%2 == 1 {
			v *= 2
		}
		sum += v/10 + v%10
	}
	return (10 - sum%10) % 10
}

// nextBusinessDay is the settlement date of a trade made at t (T+1,
// skipping weekends).
func nextBusinessDay(t time.Time) jiko.Date {
	d := t.UTC().AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return jiko.DateOf(d)
}

// stableID derives an id from what it names, so the same trade or lot
// always has the same id.
func stableID(parts ...string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(strings.Join(parts, "/"))).String()
}

// mulDiv returns a×b/c, rounded down, for a result that fits an int64.
func mulDiv(a, b, c uint64) int64 {
	hi, lo := bits.Mul64(a, b)
	q, _ := bits.Div64(hi, lo, c)
	return int64(q)
}

// ceilMulDiv returns a×b/c, rounded up.
func ceilMulDiv(a, b, c uint64) int64 {
	hi, lo := bits.Mul64(a, b)
	q, r := bits.Div64(hi, lo, c)
	if r != 0 {
		q++
	}
	return int64(q)
}

// maturityTime is when a bill maturing on d pays out: 9:30 in New York.
func maturityTime(d jiko.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 14, 30, 0, 0, time.UTC)
}

// matureLots books the maturity of lots, grouped by maturity date, as
// interest entries of the Pocket, and brings the book up to date (which
// reinvests). It returns the interest booked. The caller holds the lock.
func (s *Server) matureLots(p *pocket, lots []*lot) int64 {
	byDate := map[jiko.Date][]*lot{}
	var dates []jiko.Date
	for _, l := range lots {
		if byDate[l.maturity] == nil {
			dates = append(dates, l.maturity)
		}
		byDate[l.maturity] = append(byDate[l.maturity], l)
	}
	slices.SortFunc(dates, func(a, b jiko.Date) int { return a.Time(time.UTC).Compare(b.Time(time.UTC)) })
	var total int64
	for _, d := range dates {
		var gain int64
		var ids []string
		for _, l := range byDate[d] {
			gain += l.quantity*faceCents - l.cost
			ids = append(ids, l.id)
		}
		at := maturityTime(d)
		e := s.state.ledger.post(at, entry{
			PocketID: p.id, Kind: KindInterest, Amount: gain, Status: EntrySettled, Booked: at, Settled: at,
			Description: "T-bill maturity " + d.String(), RefID: ids[0],
		})
		s.state.treasury.maturities[e.ID] = ids
		s.state.book(p)
		total += gain
	}
	return total
}

// MatureBills lets every T-bill the Pocket holds now mature, each on its
// own maturity date: it books each maturity's gain as an interest entry
// (KindInterest) dated 9:30 New York time on that date, and the proceeds
// are reinvested with the Pocket's reinvestment strategy (its deposit
// strategy when it has none). The bills bought by the reinvestment are not
// matured. It returns the interest earned, in cents. The server's clock is
// not moved: give the server a clock (WithClock) and set it past the
// maturity first for the later trades to be in order.
func (s *Server) MatureBills(pocketID string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.state.pockets[pocketID]
	if p == nil {
		return 0, fmt.Errorf("jikotest: no pocket %q", pocketID)
	}
	return s.matureLots(p, slices.Clone(s.state.book(p).lots)), nil
}

// AdvanceTo matures every T-bill of every Pocket whose maturity date is on
// or before date, as MatureBills does, including the bills reinvested in
// along the way that also mature by then. It returns the number of
// maturities booked. Like MatureBills it does not move the server's clock.
func (s *Server) AdvanceTo(date jiko.Date) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	booked := 0
	for _, id := range s.state.order {
		p := s.state.pockets[id]
		for {
			var due []*lot
			for _, l := range s.state.book(p).lots {
				if !l.maturity.Time(time.UTC).After(date.Time(time.UTC)) {
					due = append(due, l)
				}
			}
			if len(due) == 0 {
				break
			}
			s.matureLots(p, due)
			booked += len(due)
		}
	}
	return booked
}
