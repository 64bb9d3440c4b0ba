package jikotest

import (
	"time"

	"github.com/jiko-go/jiko"
)

// onboardingSnapshot is the applications' state. What an application says
// (individualFields, businessFields, relatedPartyFields) is kept in its
// wire form, the API's own names.
type onboardingSnapshot struct {
	Agreements   []agreementSnapshot            `json:"agreements"`
	Applications map[string]applicationSnapshot `json:"applications"`
	Individuals  map[string]*individualFields   `json:"individuals"`
	Businesses   map[string]businessSnapshot    `json:"businesses"`
	Documents    map[string]documentSnapshot    `json:"documents"`
	Decisions    []decisionSnapshot             `json:"decisions"`
}

// agreementSnapshot is an agreementVersion.
type agreementSnapshot struct {
	Version  string `json:"version"`
	Released string `json:"released"`
}

// applicationSnapshot is an application.
type applicationSnapshot struct {
	ID         string    `json:"id"`
	Business   bool      `json:"business"`
	Status     string    `json:"status"`
	Reasons    []string  `json:"reasons"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
	CustomerID string    `json:"customer_id"`
	Documents  []string  `json:"documents"`
}

// businessSnapshot is a businessState.
type businessSnapshot struct {
	Fields     businessFields                 `json:"fields"`
	Parties    map[string]*relatedPartyFields `json:"parties"`
	PartyOrder []string                       `json:"party_order"`
}

// documentSnapshot is a document.
type documentSnapshot struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Status     string `json:"status"`
	Name       string `json:"name"`
	AppID      string `json:"application_id"`
	CustomerID string `json:"customer_id"`
	Generated  bool   `json:"generated"`
}

// decisionSnapshot is a queued Decision; the conversions between them stop
// compiling when either gains a field the other lacks.
type decisionSnapshot struct {
	Status    jiko.ApplicationStatus `json:"status"`
	Documents []jiko.DocumentType    `json:"documents"`
	Reasons   []jiko.ExceptionReason `json:"reasons"`
}

func (o *onboarding) snapshot() onboardingSnapshot {
	out := onboardingSnapshot{
		Applications: snapshotMap(o.apps, (*application).snapshot),
		Individuals:  o.individuals,
		Businesses:   snapshotMap(o.businesses, (*businessState).snapshot),
		Documents:    snapshotMap(o.documents, (*document).snapshot),
	}
	if o.agreements != nil {
		out.Agreements = make([]agreementSnapshot, len(o.agreements))
	}
	for i, a := range o.agreements {
		out.Agreements[i] = agreementSnapshot{Version: a.version, Released: a.released}
	}
	if o.decisions != nil {
		out.Decisions = make([]decisionSnapshot, len(o.decisions))
	}
	for i, d := range o.decisions {
		out.Decisions[i] = decisionSnapshot(d)
	}
	return out
}

func (p onboardingSnapshot) restore(o onboarding) onboarding {
	o.agreements = nil
	if p.Agreements != nil {
		o.agreements = make([]agreementVersion, len(p.Agreements))
	}
	for i, a := range p.Agreements {
		o.agreements[i] = agreementVersion{version: a.Version, released: a.Released}
	}
	o.apps = restoreMap(o.apps, p.Applications, applicationSnapshot.restore)
	o.individuals = restoreMap(o.individuals, p.Individuals, func(f *individualFields) *individualFields { return f })
	o.businesses = restoreMap(o.businesses, p.Businesses, businessSnapshot.restore)
	o.documents = restoreMap(o.documents, p.Documents, documentSnapshot.restore)
	if p.Decisions != nil {
		o.decisions = make([]Decision, len(p.Decisions))
	}
	for i, d := range p.Decisions {
		o.decisions[i] = Decision(d)
	}
	return o
}

func (a *application) snapshot() applicationSnapshot {
	return applicationSnapshot{ID: a.id, Business: a.business, Status: a.status, Reasons: a.reasons,
		Created: a.created, Updated: a.updated, CustomerID: a.customerID, Documents: a.docs}
}

func (a applicationSnapshot) restore() *application {
	return &application{id: a.ID, business: a.Business, status: a.Status, reasons: a.Reasons,
		created: a.Created, updated: a.Updated, customerID: a.CustomerID, docs: a.Documents}
}

func (b *businessState) snapshot() businessSnapshot {
	return businessSnapshot{Fields: b.fields, Parties: b.parties, PartyOrder: b.partyOrder}
}

func (b businessSnapshot) restore() *businessState {
	return &businessState{fields: b.Fields, parties: b.Parties, partyOrder: b.PartyOrder}
}

func (d *document) snapshot() documentSnapshot {
	return documentSnapshot{ID: d.id, Type: d.docType, Status: d.status, Name: d.name, AppID: d.appID,
		CustomerID: d.customerID, Generated: d.generated}
}

func (d documentSnapshot) restore() *document {
	return &document{id: d.ID, docType: d.Type, status: d.Status, name: d.Name, appID: d.AppID,
		customerID: d.CustomerID, generated: d.Generated}
}
