package jikotest

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

func (m *moneyState) snapshot() moneySnapshot {
	out := moneySnapshot{
		ACH: make([]achSnapshot, len(m.achOrder)), Wires: make([]wireSnapshot, len(m.wireOrder)), OnUs: make([]onUsSnapshot, len(m.onUsOrder)),
		OnUsByTransferID: m.onUsByTransferID, PartnerPockets: m.partner, PartnerCustomerID: m.partnerCustomerID,
		Fees: feesSnapshot{Wire: m.fees.Wire, OnUs: m.fees.OnUs}, Seq: m.seq,
	}
	for i, id := range m.achOrder {
		out.ACH[i] = m.ach[id].snapshot()
	}
	for i, id := range m.wireOrder {
		out.Wires[i] = m.wires[id].snapshot()
	}
	for i, id := range m.onUsOrder {
		out.OnUs[i] = m.onUs[id].snapshot()
	}
	return out
}

func (p moneySnapshot) restore(m moneyState) moneyState {
	for _, t := range p.ACH {
		m.ach[t.ID] = t.restore()
		m.achOrder = append(m.achOrder, t.ID)
	}
	for _, t := range p.Wires {
		m.wires[t.ID] = t.restore()
		m.wireOrder = append(m.wireOrder, t.ID)
	}
	for _, t := range p.OnUs {
		m.onUs[t.ID] = t.restore()
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
