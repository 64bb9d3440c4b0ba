package jikotest

import "time"

// onUsSnapshot is an onUsTransfer.
type onUsSnapshot struct {
	ID             string    `json:"id"`
	TransferID     string    `json:"transfer_id"`
	Type           string    `json:"type"`
	Status         string    `json:"status"`
	Reason         string    `json:"reason"`
	Description    string    `json:"description"`
	E2E            string    `json:"end_to_end_id"`
	Source         string    `json:"source"`
	Target         string    `json:"target"`
	From           string    `json:"from"`
	To             string    `json:"to"`
	CounterpartyID string    `json:"counterparty_id"`
	Amount         int64     `json:"amount"`
	Fee            int64     `json:"fee"`
	Created        time.Time `json:"created"`
	EntryIDs       []string  `json:"entry_ids"`
}

func (t *onUsTransfer) snapshot() onUsSnapshot {
	return onUsSnapshot{ID: t.id, TransferID: t.transferID, Type: t.typ, Status: t.status, Reason: t.reason,
		Description: t.description, E2E: t.e2e, Source: t.source, Target: t.target, From: t.from, To: t.to,
		CounterpartyID: t.counterpartyID, Amount: t.amount, Fee: t.fee, Created: t.created, EntryIDs: t.entryIDs}
}

func (t onUsSnapshot) restore() *onUsTransfer {
	return &onUsTransfer{id: t.ID, transferID: t.TransferID, typ: t.Type, status: t.Status, reason: t.Reason,
		description: t.Description, e2e: t.E2E, source: t.Source, target: t.Target, from: t.From, to: t.To,
		counterpartyID: t.CounterpartyID, amount: t.Amount, fee: t.Fee, created: t.Created, entryIDs: t.EntryIDs}
}
