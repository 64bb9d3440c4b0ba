package jikotest

import "time"

// achSnapshot is an achTransfer.
type achSnapshot struct {
	ID             string    `json:"id"`
	PocketID       string    `json:"pocket_id"`
	CustomerID     string    `json:"customer_id"`
	CounterpartyID string    `json:"counterparty_id"`
	Direction      string    `json:"direction"`
	SECCode        string    `json:"sec_code"`
	Status         string    `json:"status"`
	Description    string    `json:"description"`
	Info           []string  `json:"info"`
	Amount         int64     `json:"amount"`
	Created        time.Time `json:"created"`
	EntryID        string    `json:"entry_id"`
}

func (t *achTransfer) snapshot() achSnapshot {
	return achSnapshot{ID: t.id, PocketID: t.pocketID, CustomerID: t.customerID, CounterpartyID: t.counterpartyID,
		Direction: t.direction, SECCode: t.secCode, Status: t.status, Description: t.description, Info: t.info,
		Amount: t.amount, Created: t.created, EntryID: t.entryID}
}

func (t achSnapshot) restore() *achTransfer {
	return &achTransfer{id: t.ID, pocketID: t.PocketID, customerID: t.CustomerID, counterpartyID: t.CounterpartyID,
		direction: t.Direction, secCode: t.SECCode, status: t.Status, description: t.Description, info: t.Info,
		amount: t.Amount, created: t.Created, entryID: t.EntryID}
}
