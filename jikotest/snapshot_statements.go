package jikotest

// docStateSnapshot is a docState.
type docStateSnapshot struct {
	// Key signs the document links, so that links handed out before the
	// snapshot still open.
	Key  []byte                       `json:"key"`
	Docs map[string]linkedDocSnapshot `json:"docs"`
}

// linkedDocSnapshot is a linkedDoc.
type linkedDocSnapshot struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	PocketID string `json:"pocket_id"`
	Month    string `json:"month"`
	StmtType string `json:"statement_type"`
	TradeID  string `json:"trade_id"`
	ReportID string `json:"report_id"`
	Format   string `json:"format"`
}

func (d *docState) snapshot() docStateSnapshot {
	return docStateSnapshot{Key: d.key, Docs: snapshotMap(d.docs, func(x linkedDoc) linkedDocSnapshot {
		return linkedDocSnapshot{Kind: x.kind, Name: x.name, PocketID: x.pocketID, Month: snapshotDate(x.month),
			StmtType: x.stmtType, TradeID: x.tradeID, ReportID: x.reportID, Format: x.format}
	})}
}

func (p docStateSnapshot) restore(d docState) docState {
	if p.Key != nil {
		d.key = p.Key
	}
	d.docs = restoreMap(d.docs, p.Docs, func(x linkedDocSnapshot) linkedDoc {
		return linkedDoc{kind: x.Kind, name: x.Name, pocketID: x.PocketID, month: restoreDate(x.Month),
			stmtType: x.StmtType, tradeID: x.TradeID, reportID: x.ReportID, format: x.Format}
	})
	return d
}
