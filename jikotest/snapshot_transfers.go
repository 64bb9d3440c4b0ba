package jikotest

import "time"

// moneySnapshot is a moneyState: the transfers, each kind in creation
// order, and what the money movements share.
type moneySnapshot struct {
	ACH   []achSnapshot  `json:"ach"`
	Wires []wireSnapshot `json:"wires"`
	OnUs  []onUsSnapshot `json:"on_us"`
	// OnUsByTransferID maps the client's transfer_id to the on-us
	// transfer's id.
	OnUsByTransferID map[string]string `json:"on_us_by_transfer_id"`
	// PartnerPockets are the Pockets of the partner.
	PartnerPockets    map[string]bool `json:"partner_pockets"`
	PartnerCustomerID string          `json:"partner_customer_id"`
	Fees              feesSnapshot    `json:"fees"`
	// Seq numbers trace and reference numbers.
	Seq int `json:"seq"`
}

// feesSnapshot is a TransferFees.
type feesSnapshot struct {
	Wire int64 `json:"wire"`
	OnUs int64 `json:"on_us"`
}

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

func (m *moneyState) snapshot() moneySnapshot {
	out := moneySnapshot{
		ACH: make([]achSnapshot, len(m.achOrder)), Wires: make([]wireSnapshot, len(m.wireOrder)), OnUs: make([]onUsSnapshot, len(m.onUsOrder)),
		OnUsByTransferID: m.onUsByTransferID, PartnerPockets: m.partner, PartnerCustomerID: m.partnerCustomerID,
		Fees: feesSnapshot{Wire: m.fees.Wire, OnUs: m.fees.OnUs}, Seq: m.seq,
	}
	for i, id := range m.achOrder {
		t := m.ach[id]
		out.ACH[i] = achSnapshot{ID: t.id, PocketID: t.pocketID, CustomerID: t.customerID, CounterpartyID: t.counterpartyID,
			Direction: t.direction, SECCode: t.secCode, Status: t.status, Description: t.description, Info: t.info,
			Amount: t.amount, Created: t.created, EntryID: t.entryID}
	}
	for i, id := range m.wireOrder {
		t := m.wires[id]
		out.Wires[i] = wireSnapshot{ID: t.id, PocketID: t.pocketID, CustomerID: t.customerID, CounterpartyID: t.counterpartyID,
			CounterpartyName: t.counterpartyName, Direction: t.direction, Status: t.status, Description: t.description,
			CreatedBy: t.createdBy, Reference: t.reference, Amount: t.amount, Created: t.created, EntryID: t.entryID,
			FeeEntryID: t.feeEntryID}
	}
	for i, id := range m.onUsOrder {
		t := m.onUs[id]
		out.OnUs[i] = onUsSnapshot{ID: t.id, TransferID: t.transferID, Type: t.typ, Status: t.status, Reason: t.reason,
			Description: t.description, E2E: t.e2e, Source: t.source, Target: t.target, From: t.from, To: t.to,
			CounterpartyID: t.counterpartyID, Amount: t.amount, Fee: t.fee, Created: t.created, EntryIDs: t.entryIDs}
	}
	return out
}

func (p moneySnapshot) restore(m moneyState) moneyState {
	for _, t := range p.ACH {
		m.ach[t.ID] = &achTransfer{id: t.ID, pocketID: t.PocketID, customerID: t.CustomerID, counterpartyID: t.CounterpartyID,
			direction: t.Direction, secCode: t.SECCode, status: t.Status, description: t.Description, info: t.Info,
			amount: t.Amount, created: t.Created, entryID: t.EntryID}
		m.achOrder = append(m.achOrder, t.ID)
	}
	for _, t := range p.Wires {
		m.wires[t.ID] = &wireTransfer{id: t.ID, pocketID: t.PocketID, customerID: t.CustomerID, counterpartyID: t.CounterpartyID,
			counterpartyName: t.CounterpartyName, direction: t.Direction, status: t.Status, description: t.Description,
			createdBy: t.CreatedBy, reference: t.Reference, amount: t.Amount, created: t.Created, entryID: t.EntryID,
			feeEntryID: t.FeeEntryID}
		m.wireOrder = append(m.wireOrder, t.ID)
	}
	for _, t := range p.OnUs {
		m.onUs[t.ID] = &onUsTransfer{id: t.ID, transferID: t.TransferID, typ: t.Type, status: t.Status, reason: t.Reason,
			description: t.Description, e2e: t.E2E, source: t.Source, target: t.Target, from: t.From, to: t.To,
			counterpartyID: t.CounterpartyID, amount: t.Amount, fee: t.Fee, created: t.Created, entryIDs: t.EntryIDs}
		m.onUsOrder = append(m.onUsOrder, t.ID)
	}
	same := func(s string) string { return s }
	m.onUsByTransferID = restoreMap(m.onUsByTransferID, p.OnUsByTransferID, same)
	m.partner = restoreMap(m.partner, p.PartnerPockets, func(b bool) bool { return b })
	m.partnerCustomerID = p.PartnerCustomerID
	m.fees = TransferFees{Wire: p.Fees.Wire, OnUs: p.Fees.OnUs}
	m.seq = p.Seq
	return m
}
