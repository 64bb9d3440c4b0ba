package jikotest

import "time"

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
