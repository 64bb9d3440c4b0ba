package jikotest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// snapshotFields says how a snapshot holds each field of the server's
// data types: "" for a field its type's snapshot (snapshot_*.go) maps, or
// why the field is left out. A field the data gains fails
// TestSnapshotMapsEveryField until it is one or the other.
var snapshotFields = map[string]string{
	// The server: its data is mapped by serverSnapshot and stateSnapshot
	// (persist.go); the rest is its configuration and machinery, which the
	// server that restores a snapshot keeps.
	"Server.tokens":        "",
	"Server.idem":          "",
	"Server.swept":         "",
	"Server.logins":        "",
	"Server.effects":       "",
	"Server.state":         "",
	"Server.URL":           "configuration: the restoring server's own address",
	"Server.username":      "configuration: credentials stay the restoring server's",
	"Server.password":      "configuration: credentials stay the restoring server's",
	"Server.signingSecret": "configuration: credentials stay the restoring server's",
	"Server.hs":            "machinery: the HTTP server",
	"Server.mux":           "machinery: the routes",
	"Server.auth":          "configuration: the credentials each route takes",
	"Server.ops":           "configuration: the operation each route mounts",
	"Server.tokenLifetime": "configuration: an option of the restoring server",
	"Server.now":           "configuration: the clock stays the restoring server's",
	"Server.clock":         "configuration: the clock stays the restoring server's",
	"Server.closing":       "machinery: closed by Close",
	"Server.closeOnce":     "machinery: sync",
	"Server.listener":      "configuration: the restoring server's listener",
	"Server.readTimeouts":  "configuration: WithReadTimeouts of the restoring server",
	"Server.controls":      "configuration: EnableControls of the restoring server",
	"Server.driftMu":       "machinery: sync",
	"Server.driftRules":    "configuration: injected drift, like faults, stays the restoring server's",
	"Server.mu":            "machinery: sync",
	"Server.requests":      "the log of requests goes on in the restoring server (Server.Requests)",
	"Server.faults":        "configuration: injected faults stay the restoring server's",

	"idemEntry.method":  "",
	"idemEntry.path":    "",
	"idemEntry.query":   "",
	"idemEntry.bodySum": "",
	"idemEntry.at":      "",
	"idemEntry.done":    "machinery: closed once the answer is stored; every saved entry has one, so a restored entry is done",
	"idemEntry.resp":    "",
	"stored.status":     "",
	"stored.header":     "",
	"stored.body":       "",

	// stateSnapshot (snapshot_state.go).
	"state.customers":      "",
	"state.pockets":        "",
	"state.order":          "",
	"state.ledger":         "",
	"state.events":         "",
	"state.counterparties": "",
	"state.portals":        "",
	"state.cards":          "",
	"state.onboarding":     "",
	"state.money":          "",
	"state.subscriptions":  "",
	"state.delivery":       "",
	"state.treasury":       "",
	"state.docs":           "",
	"state.reports":        "",

	"customer.id":             "",
	"customer.individual":     "",
	"customer.business":       "",
	"customer.relatedParties": "",

	"pocket.id":                     "",
	"pocket.customerID":             "",
	"pocket.name":                   "",
	"pocket.status":                 "",
	"pocket.depositStrategyID":      "",
	"pocket.reinvestmentStrategyID": "",

	// entrySnapshot (snapshot_ledger.go).
	"ledger.entries":     "",
	"ledger.byID":        "an index of entries, rebuilt from them",
	"ledger.byPocket":    "an index of entries, rebuilt from them",
	"entry.ID":           "",
	"entry.PocketID":     "",
	"entry.Kind":         "",
	"entry.Amount":       "",
	"entry.Status":       "",
	"entry.Booked":       "",
	"entry.Settled":      "",
	"entry.Description":  "",
	"entry.RefID":        "",
	"entry.Counterparty": "",
	"entry.TraceNumber":  "",
	"entry.Sweep":        "",

	// eventSnapshot (snapshot_events.go) and the deliveries
	// (snapshot_delivery.go).
	"eventLog.events":          "",
	"eventLog.notify":          "machinery: the restoring server's delivery hook",
	"event.ID":                 "",
	"event.Type":               "",
	"event.Timestamp":          "",
	"event.Payload":            "",
	"delivery.records":         "",
	"delivery.timeScale":       "configuration: WithWebhookTimeScale of the restoring server",
	"delivery.client":          "machinery: the HTTP client",
	"delivery.ctx":             "machinery: ends when deliveries stop",
	"delivery.stop":            "machinery: ends the deliveries",
	"delivery.wg":              "machinery: sync",
	"delivery.stopped":         "machinery: whether StopDeliveries was called on this server",
	"delivery.pending":         "the deliveries under way are the snapshot's retries, counted anew as they resume",
	"delivery.idle":            "machinery: closed when no delivery is under way",
	"delivery.logger":          "configuration: WithWebhookLogger of the restoring server",
	"eventDeliveries.targets":  "",
	"eventDeliveries.attempts": "",

	"deliveryAttempt.id":             "",
	"deliveryAttempt.subscriptionID": "",
	"deliveryAttempt.code":           "",
	"deliveryAttempt.message":        "",
	"deliveryAttempt.calledAt":       "",

	"subscriptions.byID":       "",
	"subscriptions.order":      "",
	"subscription.id":          "",
	"subscription.description": "",
	"subscription.events":      "",
	"subscription.url":         "",
	"subscription.secret":      "",
	"subscription.policy":      "",
	"subscription.status":      "",
	"subscription.created":     "",
	"subscription.updated":     "",

	// snapshot_counterparties.go and snapshot_portals.go.
	"counterpartyBook.byID":       "",
	"counterpartyBook.order":      "",
	"counterpartyBook.linkTokens": "",
	"counterparty.id":             "",
	"counterparty.customerID":     "",
	"counterparty.kind":           "",
	"counterparty.created":        "",
	"counterparty.verified":       "",
	"counterparty.unlinked":       "",
	"counterparty.method":         "",
	"counterparty.v1Method":       "",
	"counterparty.plaidStatus":    "",
	"counterparty.plaidMask":      "",
	"counterparty.routingNumber":  "",
	"counterparty.accountNumber":  "",
	"counterparty.accountType":    "",
	"counterparty.nameOnAccount":  "",
	"counterparty.institution":    "",
	"counterparty.identifier":     "",
	"counterparty.identifierType": "",
	"counterparty.instructions":   "",
	"counterparty.address":        "",
	"counterparty.name":           "",
	"counterparty.pocketID":       "",
	"counterparty.walletAddress":  "",
	"counterparty.network":        "",

	"portalBook.byID":      "",
	"portalBook.order":     "",
	"portalBook.defaults":  "",
	"portalBook.seq":       "",
	"portal.id":            "",
	"portal.pocketID":      "",
	"portal.name":          "",
	"portal.status":        "",
	"portal.kind":          "",
	"portal.accountNumber": "",
	"portal.network":       "",
	"portal.address":       "",

	// snapshot_cards.go.
	"cardState.cards":      "",
	"cardState.cardSeq":    "",
	"cardState.orders":     "",
	"cardState.orderSeq":   "",
	"cardState.issued":     "",
	"cardState.pinKey":     "",
	"lazyKey.key":          "",
	"lazyKey.once":         "machinery: sync; a restore adopts a saved key through it",
	"lazyKey.pubPEM":       "derived from the key when it is adopted",
	"lazyKey.err":          "the error of making a key; a saved key was made without one",
	"card.id":              "",
	"card.pocketID":        "",
	"card.name":            "",
	"card.typ":             "",
	"card.status":          "",
	"card.magstripe":       "",
	"card.pan":             "",
	"card.cvv":             "",
	"card.expiration":      "",
	"card.pin":             "",
	"cardOrder.id":         "",
	"cardOrder.pocketID":   "",
	"cardOrder.cardID":     "",
	"cardOrder.status":     "",
	"cardOrder.nameOnCard": "",
	"cardOrder.address":    "",
	"cardOrder.generated":  "",

	// snapshot_onboarding.go.
	"onboarding.agreements":     "",
	"onboarding.apps":           "",
	"onboarding.individuals":    "",
	"onboarding.businesses":     "",
	"onboarding.documents":      "",
	"onboarding.decisions":      "",
	"agreementVersion.version":  "",
	"agreementVersion.released": "",
	"application.id":            "",
	"application.business":      "",
	"application.status":        "",
	"application.reasons":       "",
	"application.created":       "",
	"application.updated":       "",
	"application.customerID":    "",
	"application.docs":          "",
	"businessState.fields":      "",
	"businessState.parties":     "",
	"businessState.partyOrder":  "",
	"document.id":               "",
	"document.docType":          "",
	"document.status":           "",
	"document.name":             "",
	"document.appID":            "",
	"document.customerID":       "",
	"document.generated":        "",
	"Decision.Status":           "",
	"Decision.Documents":        "",
	"Decision.Reasons":          "",

	// snapshot_transfers.go, snapshot_ach.go, snapshot_wires.go and
	// snapshot_onus.go.
	"moneyState.ach":                "",
	"moneyState.achOrder":           "",
	"moneyState.wires":              "",
	"moneyState.wireOrder":          "",
	"moneyState.onUs":               "",
	"moneyState.onUsOrder":          "",
	"moneyState.onUsByTransferID":   "",
	"moneyState.partner":            "",
	"moneyState.partnerCustomerID":  "",
	"moneyState.fees":               "",
	"moneyState.seq":                "",
	"TransferFees.Wire":             "",
	"TransferFees.OnUs":             "",
	"achTransfer.id":                "",
	"achTransfer.pocketID":          "",
	"achTransfer.customerID":        "",
	"achTransfer.counterpartyID":    "",
	"achTransfer.direction":         "",
	"achTransfer.secCode":           "",
	"achTransfer.status":            "",
	"achTransfer.description":       "",
	"achTransfer.info":              "",
	"achTransfer.amount":            "",
	"achTransfer.created":           "",
	"achTransfer.entryID":           "",
	"wireTransfer.id":               "",
	"wireTransfer.pocketID":         "",
	"wireTransfer.customerID":       "",
	"wireTransfer.counterpartyID":   "",
	"wireTransfer.counterpartyName": "",
	"wireTransfer.direction":        "",
	"wireTransfer.status":           "",
	"wireTransfer.description":      "",
	"wireTransfer.createdBy":        "",
	"wireTransfer.reference":        "",
	"wireTransfer.amount":           "",
	"wireTransfer.created":          "",
	"wireTransfer.entryID":          "",
	"wireTransfer.feeEntryID":       "",
	"onUsTransfer.id":               "",
	"onUsTransfer.transferID":       "",
	"onUsTransfer.typ":              "",
	"onUsTransfer.status":           "",
	"onUsTransfer.reason":           "",
	"onUsTransfer.description":      "",
	"onUsTransfer.e2e":              "",
	"onUsTransfer.source":           "",
	"onUsTransfer.target":           "",
	"onUsTransfer.from":             "",
	"onUsTransfer.to":               "",
	"onUsTransfer.counterpartyID":   "",
	"onUsTransfer.amount":           "",
	"onUsTransfer.fee":              "",
	"onUsTransfer.created":          "",
	"onUsTransfer.entryIDs":         "",

	// snapshot_treasury.go, snapshot_statements.go and snapshot_reports.go.
	"treasuryState.books":      "",
	"treasuryState.maturities": "",
	"book.pocketID":            "",
	"book.lots":                "",
	"book.trades":              "",
	"book.cash":                "",
	"book.held":                "",
	"book.done":                "",
	"book.last":                "",
	"book.seen":                "",
	"book.open":                "",
	"lot.id":                   "",
	"lot.cusip":                "",
	"lot.quantity":             "",
	"lot.cost":                 "",
	"lot.priceMicro":           "",
	"lot.ytm":                  "",
	"lot.maturity":             "",
	"lot.bought":               "",
	"trade.id":                 "",
	"trade.pocketID":           "",
	"trade.activity":           "",
	"trade.at":                 "",
	"trade.settles":            "",
	"trade.cusip":              "",
	"trade.quantity":           "",
	"trade.notional":           "",
	"trade.priceMicro":         "",
	"trade.ytm":                "",
	"trade.maturity":           "",
	"docState.key":             "",
	"docState.docs":            "",
	"linkedDoc.kind":           "",
	"linkedDoc.name":           "",
	"linkedDoc.pocketID":       "",
	"linkedDoc.month":          "",
	"linkedDoc.stmtType":       "",
	"linkedDoc.tradeID":        "",
	"linkedDoc.reportID":       "",
	"linkedDoc.format":         "",
	"reportState.order":        "",
	"report.id":                "",
	"report.typ":               "",
	"report.status":            "",
	"report.pocketIDs":         "",
	"report.from":              "",
	"report.to":                "",
	"report.formats":           "",
	"report.created":           "",
}

// snapshotWireTypes are kept whole in a snapshot, in their JSON form (the
// API's names): every field of theirs is exported and named in JSON, so
// a field they gain is in the snapshot without a mapping.
var snapshotWireTypes = []reflect.Type{
	reflect.TypeFor[individualCustomerWire](), reflect.TypeFor[businessCustomerWire](),
	reflect.TypeFor[postalAddressWire](), reflect.TypeFor[personNameWire](), reflect.TypeFor[businessIDWire](),
	reflect.TypeFor[addressWire](), reflect.TypeFor[nameWire](), reflect.TypeFor[shippingAddressWire](),
	reflect.TypeFor[individualFields](), reflect.TypeFor[investmentProfileWire](), reflect.TypeFor[consentWire](),
	reflect.TypeFor[businessFields](), reflect.TypeFor[contactWire](), reflect.TypeFor[riskInfoWire](),
	reflect.TypeFor[industryWire](), reflect.TypeFor[relatedPartyFields](), reflect.TypeFor[individualIDWire](),
	reflect.TypeFor[retryPolicyWire](),
}

// fieldAudit walks the types reachable from the server's data fields.
type fieldAudit struct {
	seen     map[reflect.Type]bool
	listed   map[string]bool
	problems []string
}

// TestSnapshotMapsEveryField fails when a type of the server's data has a
// field the snapshot neither maps nor gives a reason to leave out, or when
// snapshotFields names a field that no longer exists: a field added to
// the state without its snapshot would be lost at every restore.
func TestSnapshotMapsEveryField(t *testing.T) {
	a := &fieldAudit{seen: map[reflect.Type]bool{}, listed: map[string]bool{}}
	a.walk(reflect.TypeFor[Server]())
	for key := range snapshotFields {
		if !a.listed[key] {
			a.problems = append(a.problems, "snapshotFields lists "+key+", which is no field of the server's data: remove it")
		}
	}
	slices.Sort(a.problems)
	for _, p := range a.problems {
		t.Error(p)
	}
}

func (a *fieldAudit) walk(t reflect.Type) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		a.walk(t.Elem())
		return
	case reflect.Map:
		a.walk(t.Key())
		a.walk(t.Elem())
		return
	case reflect.Struct:
	default:
		return
	}
	if a.seen[t] || t.PkgPath() != reflect.TypeFor[Server]().PkgPath() {
		return
	}
	a.seen[t] = true
	if slices.Contains(snapshotWireTypes, t) {
		a.wire(t)
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		key := t.Name() + "." + f.Name
		reason, ok := snapshotFields[key]
		a.listed[key] = true
		switch {
		case !ok:
			a.problems = append(a.problems, "field "+f.Name+" ("+f.Type.String()+") of type jikotest."+t.Name()+
				" is not in the snapshot: map it in the snapshot type of "+t.Name()+" (snapshot_*.go) and add \""+key+
				"\": \"\" to snapshotFields, or add it with the reason it is left out")
		case reason == "":
			a.walk(f.Type)
		}
	}
}

// wire checks that a type kept whole in JSON loses no field.
func (a *fieldAudit) wire(t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			a.problems = append(a.problems, "field "+f.Name+" of type jikotest."+t.Name()+
				" (kept whole in a snapshot, as JSON) is not written by encoding/json under a name of its own: "+
				"export it with a json name, or give "+t.Name()+" a snapshot type")
		}
		a.walk(f.Type)
	}
}
