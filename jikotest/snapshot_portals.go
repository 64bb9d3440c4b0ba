package jikotest

// portalBookSnapshot is a portalBook; the portals are listed in creation
// order.
type portalBookSnapshot struct {
	Portals []portalSnapshot `json:"portals"`
	// Defaults maps each Pocket to its default portal's id.
	Defaults map[string]string `json:"defaults"`
	// Seq numbers the bank portals' account numbers.
	Seq int `json:"seq"`
}

// portalSnapshot is a portal.
type portalSnapshot struct {
	ID            string `json:"id"`
	PocketID      string `json:"pocket_id"`
	Name          string `json:"name"`
	Status        string `json:"status"`
	Kind          string `json:"kind"`
	AccountNumber string `json:"account_number"`
	Network       string `json:"network"`
	Address       string `json:"address"`
}

func (b *portalBook) snapshot() portalBookSnapshot {
	out := portalBookSnapshot{Portals: make([]portalSnapshot, len(b.order)), Defaults: snapshotMap(b.defaults, func(pt *portal) string { return pt.id }), Seq: b.seq}
	for i, id := range b.order {
		pt := b.byID[id]
		out.Portals[i] = portalSnapshot{ID: pt.id, PocketID: pt.pocketID, Name: pt.name, Status: pt.status, Kind: pt.kind,
			AccountNumber: pt.accountNumber, Network: pt.network, Address: pt.address}
	}
	return out
}

func (p portalBookSnapshot) restore(b portalBook) (portalBook, error) {
	for _, pt := range p.Portals {
		b.byID[pt.ID] = &portal{id: pt.ID, pocketID: pt.PocketID, name: pt.Name, status: pt.Status, kind: pt.Kind,
			accountNumber: pt.AccountNumber, network: pt.Network, address: pt.Address}
		b.order = append(b.order, pt.ID)
	}
	for pocketID, id := range p.Defaults {
		if b.byID[id] == nil {
			return portalBook{}, missing("state.portals.defaults["+pocketID+"]", "portal", id)
		}
		b.defaults[pocketID] = b.byID[id]
	}
	b.seq = p.Seq
	return b, nil
}
