package jikotest

import "crypto/rsa"

// stateSnapshot is the snapshot of a state: one member per resource.
type stateSnapshot struct {
	Customers      map[string]customerSnapshot `json:"customers"`
	Pockets        map[string]pocketSnapshot   `json:"pockets"`
	PocketOrder    []string                    `json:"pocket_order"`
	Ledger         []entrySnapshot             `json:"ledger"`
	Events         []eventSnapshot             `json:"events"`
	Retries        []retrySnapshot             `json:"retries"`
	Counterparties counterpartyBookSnapshot    `json:"counterparties"`
	Portals        portalBookSnapshot          `json:"portals"`
	Cards          cardStateSnapshot           `json:"cards"`
	Onboarding     onboardingSnapshot          `json:"onboarding"`
	Money          moneySnapshot               `json:"money"`
	Subscriptions  []subscriptionSnapshot      `json:"subscriptions"`
	Treasury       treasurySnapshot            `json:"treasury"`
	Documents      docStateSnapshot            `json:"documents"`
	Reports        []reportSnapshot            `json:"reports"`
}

// customerSnapshot is a customer.
type customerSnapshot struct {
	ID             string                  `json:"id"`
	Individual     *individualCustomerWire `json:"individual"`
	Business       *businessCustomerWire   `json:"business"`
	RelatedParties []string                `json:"related_parties"`
}

// pocketSnapshot is a pocket.
type pocketSnapshot struct {
	ID                     string `json:"id"`
	CustomerID             string `json:"customer_id"`
	Name                   string `json:"name"`
	Status                 string `json:"status"`
	DepositStrategyID      string `json:"deposit_strategy_id"`
	ReinvestmentStrategyID string `json:"reinvestment_strategy_id"`
}

// restored is what a restore does once the server holds the restored
// state: what lies outside the state (the set_pin key every server
// shares) and what runs on (the webhook retries).
type restored struct {
	pinKey  *rsa.PrivateKey
	retries []retrySnapshot
}

// adopt applies r to s, whose lock the caller holds.
func (r restored) adopt(s *Server) {
	adoptPINKey(s.state.cards.pinKey, r.pinKey)
	s.resumeDeliveries(r.retries)
}

func (st *state) snapshot() (stateSnapshot, error) {
	events, err := st.eventsSnapshot()
	if err != nil {
		return stateSnapshot{}, err
	}
	return stateSnapshot{
		Customers: snapshotMap(st.customers, (*customer).snapshot),
		Pockets:   snapshotMap(st.pockets, (*pocket).snapshot), PocketOrder: st.order,
		Ledger: st.ledger.snapshot(), Events: events, Retries: st.retriesSnapshot(),
		Counterparties: st.counterparties.snapshot(), Portals: st.portals.snapshot(),
		Cards: st.cards.snapshot(), Onboarding: st.onboarding.snapshot(), Money: st.money.snapshot(),
		Subscriptions: st.subscriptions.snapshot(), Treasury: st.treasury.snapshot(),
		Documents: st.docs.snapshot(), Reports: st.reports.snapshot(),
	}, nil
}

// restore returns a new state holding the snapshot's data, with a
// delivery of its own that the caller replaces, and what is left to do
// once the server holds it.
func (p stateSnapshot) restore() (state, restored, error) {
	st := newState()
	var r restored
	var err error
	st.customers = restoreMap(st.customers, p.Customers, customerSnapshot.restore)
	st.pockets = restoreMap(st.pockets, p.Pockets, pocketSnapshot.restore)
	st.order = p.PocketOrder
	st.ledger = restoreLedger(p.Ledger)
	if st.events, st.delivery.records, err = restoreEvents(p.Events); err != nil {
		st.delivery.stop()
		return state{}, r, err
	}
	r.retries = p.Retries
	st.counterparties = p.Counterparties.restore(st.counterparties)
	st.portals, err = p.Portals.restore(st.portals)
	if err == nil {
		r.pinKey, err = p.Cards.restore(&st.cards)
	}
	if err == nil {
		st.onboarding = p.Onboarding.restore(st.onboarding)
		st.money = p.Money.restore(st.money)
		st.subscriptions = restoreSubscriptions(p.Subscriptions)
		st.treasury, err = p.Treasury.restore(st.treasury, &st.ledger)
	}
	if err == nil {
		st.docs = p.Documents.restore(st.docs)
		st.reports = restoreReports(p.Reports)
	}
	if err != nil {
		st.delivery.stop()
		return state{}, r, err
	}
	return st, r, nil
}

func (c *customer) snapshot() customerSnapshot {
	return customerSnapshot{ID: c.id, Individual: c.individual, Business: c.business, RelatedParties: c.relatedParties}
}

func (c customerSnapshot) restore() *customer {
	return &customer{id: c.ID, individual: c.Individual, business: c.Business, relatedParties: c.RelatedParties}
}

func (p *pocket) snapshot() pocketSnapshot {
	return pocketSnapshot{ID: p.id, CustomerID: p.customerID, Name: p.name, Status: p.status,
		DepositStrategyID: p.depositStrategyID, ReinvestmentStrategyID: p.reinvestmentStrategyID}
}

func (p pocketSnapshot) restore() *pocket {
	return &pocket{id: p.ID, customerID: p.CustomerID, name: p.Name, status: p.Status,
		depositStrategyID: p.DepositStrategyID, reinvestmentStrategyID: p.ReinvestmentStrategyID}
}
