package jikotest

import (
	"time"

	"github.com/google/uuid"
)

// The ledger is the one record of money in the fake: every movement into
// or out of a Pocket (sandbox funding, ACH, wires, on-us transfers, card
// swipes, fees, interest) is an entry, and balances, portfolios,
// transactions, trades and statements are derived from the entries, so
// they always agree.

// EntryKind names what moved the money in a [LedgerEntry].
type EntryKind string

// The kinds of ledger entry.
const (
	KindSandboxFund EntryKind = "SANDBOX_FUND" // a simulated incoming ACH through a portal
	KindACH         EntryKind = "ACH"
	KindWire        EntryKind = "WIRE"
	KindOnUs        EntryKind = "ON_US"
	KindCard        EntryKind = "CARD"
	KindFee         EntryKind = "FEE"
	KindInterest    EntryKind = "INTEREST" // T-bill earnings (a maturity's gain)
	KindAdjustment  EntryKind = "ADJUSTMENT"
)

// EntryStatus is where a [LedgerEntry] stands.
type EntryStatus string

// The entry statuses: a pending debit holds funds; a settled entry counts in
// the balance; a rejected one counts nowhere.
const (
	EntryPending  EntryStatus = "PENDING"
	EntrySettled  EntryStatus = "SETTLED"
	EntryRejected EntryStatus = "REJECTED"
)

// entry is one movement of money in one Pocket. Amount is signed cents:
// positive credits the Pocket, negative debits it.
type entry struct {
	ID          string
	PocketID    string
	Kind        EntryKind
	Amount      int64
	Status      EntryStatus
	Booked      time.Time
	Settled     time.Time // zero until settled
	Description string
	// RefID is the id of the transfer, card transaction or portal the entry
	// belongs to; Counterparty names the other side (a counterparty id,
	// another Pocket, a merchant).
	RefID        string
	Counterparty string
	// TraceNumber is the ACH trace number or wire reference, when any.
	TraceNumber string
	// Sweep marks the internal bank-to-brokerage movements that lists hide
	// unless include_sweeps is set.
	Sweep bool
}

// ledger holds every entry in booking order, indexed by id and by Pocket
// so that reading one Pocket costs its own entries only. The server's lock
// guards it.
type ledger struct {
	entries  []*entry
	byID     map[string]*entry
	byPocket map[string][]*entry
}

// post books e (giving it an id and booking time when it has none) and
// returns it. A settled entry without a settlement time settles at now.
func (l *ledger) post(now time.Time, e entry) *entry {
	if e.ID == "" {
		e.ID = uuid.NewString()
	}
	if e.Booked.IsZero() {
		e.Booked = now
	}
	if e.Status == "" {
		e.Status = EntryPending
	}
	if e.Status == EntrySettled && e.Settled.IsZero() {
		e.Settled = now
	}
	if l.byID == nil {
		l.byID, l.byPocket = map[string]*entry{}, map[string][]*entry{}
	}
	p := &e
	l.entries = append(l.entries, p)
	l.byID[p.ID] = p
	l.byPocket[p.PocketID] = append(l.byPocket[p.PocketID], p)
	return p
}

// settle marks a pending entry settled (or rejected) at now.
func (l *ledger) settle(id string, now time.Time, status EntryStatus) *entry {
	e := l.byID[id]
	if e == nil || e.Status != EntryPending {
		return e
	}
	e.Status = status
	if status == EntrySettled {
		e.Settled = now
	}
	return e
}

// forPocket returns a Pocket's entries in booking order. The slice is the
// ledger's own: the caller reads it and does not keep or change it.
func (l *ledger) forPocket(pocketID string) []*entry {
	return l.byPocket[pocketID]
}

// balance is what a Pocket holds according to its ledger.
type balance struct {
	// Total is the sum of settled entries.
	Total int64
	// Available is Total less pending debits: what a new debit may take.
	Available int64
	// Earnings is the sum of settled interest.
	Earnings int64
	// Fees is the sum of settled fees (a positive number).
	Fees int64
}

func (l *ledger) balance(pocketID string) balance {
	var b balance
	for _, e := range l.byPocket[pocketID] {
		switch e.Status {
		case EntrySettled:
			b.Total += e.Amount
			switch e.Kind {
			case KindInterest:
				b.Earnings += e.Amount
			case KindFee:
				b.Fees -= e.Amount
			}
		case EntryPending:
			if e.Amount < 0 {
				b.Available += e.Amount
			}
		}
	}
	b.Available += b.Total
	return b
}
