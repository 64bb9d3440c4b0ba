package jikotest

import "time"

// wireSnapshot is a wireTransfer.
type wireSnapshot struct {
	ID               string    `json:"id"`
	PocketID         string    `json:"pocket_id"`
	CustomerID       string    `json:"customer_id"`
	CounterpartyID   string    `json:"counterparty_id"`
	CounterpartyName string    `json:"counterparty_name"`
	Direction        string    `json:"direction"`
	Status           string    `json:"status"`
	Description      string    `json:"description"`
	CreatedBy        string    `json:"created_by"`
	Reference        string    `json:"reference"`
	Amount           int64     `json:"amount"`
	Created          time.Time `json:"created"`
	EntryID          string    `json:"entry_id"`
	FeeEntryID       string    `json:"fee_entry_id"`
}

func (t *wireTransfer) snapshot() wireSnapshot {
	return wireSnapshot{ID: t.id, PocketID: t.pocketID, CustomerID: t.customerID, CounterpartyID: t.counterpartyID,
		CounterpartyName: t.counterpartyName, Direction: t.direction, Status: t.status, Description: t.description,
		CreatedBy: t.createdBy, Reference: t.reference, Amount: t.amount, Created: t.created, EntryID: t.entryID,
		FeeEntryID: t.feeEntryID}
}

func (t wireSnapshot) restore() *wireTransfer {
	return &wireTransfer{id: t.ID, pocketID: t.PocketID, customerID: t.CustomerID, counterpartyID: t.CounterpartyID,
		counterpartyName: t.CounterpartyName, direction: t.Direction, status: t.Status, description: t.Description,
		createdBy: t.CreatedBy, reference: t.Reference, amount: t.Amount, created: t.Created, entryID: t.EntryID,
		feeEntryID: t.FeeEntryID}
}
