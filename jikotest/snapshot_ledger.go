package jikotest

import "time"

// entrySnapshot is a ledger entry. The ledger is its entries in booking
// order; its indexes are rebuilt from them.
type entrySnapshot struct {
	ID           string      `json:"id"`
	PocketID     string      `json:"pocket_id"`
	Kind         EntryKind   `json:"kind"`
	Amount       int64       `json:"amount"`
	Status       EntryStatus `json:"status"`
	Booked       time.Time   `json:"booked"`
	Settled      time.Time   `json:"settled"`
	Description  string      `json:"description"`
	RefID        string      `json:"ref_id"`
	Counterparty string      `json:"counterparty"`
	TraceNumber  string      `json:"trace_number"`
	Sweep        bool        `json:"sweep"`
}

// The conversions between entry and entrySnapshot stop compiling when
// either gains a field the other lacks.

func (l *ledger) snapshot() []entrySnapshot {
	out := make([]entrySnapshot, len(l.entries))
	for i, e := range l.entries {
		out[i] = entrySnapshot(*e)
	}
	return out
}

// restoreLedger books the entries again, as they were: post keeps an
// entry's id and times.
func restoreLedger(entries []entrySnapshot) ledger {
	var l ledger
	for _, e := range entries {
		l.post(time.Time{}, entry(e))
	}
	return l
}
