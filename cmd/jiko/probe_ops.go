package main

//lint:file-ignore SA1019 the probe checks the deprecated operations too, while the SDK still covers them.

import (
	"context"
	"fmt"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// This file is the probe's list of rows: every method of the SDK's
// services, in the order the probe runs them, with how the probe reaches
// it (a read, a write made only with --write, or never, and why) and the
// function that calls it. The operation each calls, its path and its
// provenance are the operations table's (internal/ops, ops.BySDK); the
// tests beside it hold the rows against that table and against the
// methods of jiko.Client's services.

// opKind is how the probe treats an operation.
type opKind int

const (
	opRead  opKind = iota // probed
	opWrite               // probed with --write: creates only small sandbox objects
	opSkip                // never probed; why says why
)

// probeFunc calls one operation, reading the ids it needs from p and
// keeping those its answer gives.
type probeFunc func(ctx context.Context, p *prober) error

// probeOp is one SDK method.
type probeOp struct {
	name    string // the method, as Client field and method: "Pockets.ListPage"
	kind    opKind
	why     string // for opSkip
	sameAs  string // the method that calls the same operation and is probed
	viaLink bool   // the method follows a link from an answer: no operation of the table
	run     probeFunc
}

// op is the operation the method calls, from the operations table; nil
// for a method that follows a link.
func (o probeOp) op() *ops.Op { return ops.BySDK(o.name) }

func read(name string, run probeFunc) probeOp {
	return probeOp{name: name, kind: opRead, run: run}
}

func write(name string, run probeFunc) probeOp {
	return probeOp{name: name, kind: opWrite, run: run}
}

func skip(name, why string) probeOp {
	return probeOp{name: name, kind: opSkip, why: why}
}

// same is a method that calls the operation of another, which is probed.
func same(name, other, why string) probeOp {
	op := skip(name, why)
	op.sameAs = other
	return op
}

// iter is an iterator method: the same operation as its page method.
func iter(name, page string) probeOp {
	return same(name, page, "iterates over "+page+": the same operation")
}

// viaLinkRow is a method that downloads from a link an answer gave, not
// from an operation's path.
func viaLinkRow(name string) probeOp {
	op := skip(name, viaLink)
	op.viaLink = true
	return op
}

// Why operations are never probed.
const (
	movesMoney   = "moves money"
	onboards     = "starts or changes an onboarding application"
	uploads      = "uploads a document"
	changesCard  = "changes or issues a card"
	cardData     = "fetches a card's number"
	viaLink      = "downloads from a link an answer gave, not an API path"
	plaid        = "needs a Plaid account"
	sandboxState = "changes sandbox balances or cards"
	delivers     = `delivers an event to your subscriptions: use "jiko trigger"`
)

// probeOps lists every method in the order the probe runs them: lists
// before the reads that need their ids, writes on the objects the probe
// itself created.
var probeOps = []probeOp{
	read("Health.Check", func(ctx context.Context, p *prober) error {
		_, err := p.c.Health.Check(ctx)
		return err
	}),
	read("Security.GetPublicKeys", func(ctx context.Context, p *prober) error {
		_, err := p.c.Security.GetPublicKeys(ctx)
		return err
	}),
	read("Strategies.ListPage", func(ctx context.Context, p *prober) error {
		_, err := p.c.Strategies.ListPage(ctx)
		return err
	}),
	iter("Strategies.List", "Strategies.ListPage"),
	read("Pockets.ListConfigurationsPage", func(ctx context.Context, p *prober) error {
		_, err := p.c.Pockets.ListConfigurationsPage(ctx)
		return err
	}),
	iter("Pockets.ListConfigurations", "Pockets.ListConfigurationsPage"),
	read("Individuals.GetAgreements", func(ctx context.Context, p *prober) error {
		_, err := p.c.Individuals.GetAgreements(ctx)
		return err
	}),
	read("Events.ListTypesPage", func(ctx context.Context, p *prober) error {
		_, err := p.c.Events.ListTypesPage(ctx)
		return err
	}),
	iter("Events.ListTypes", "Events.ListTypesPage"),
	read("Events.ListPage", func(ctx context.Context, p *prober) error {
		_, err := p.c.Events.ListPage(ctx, &jiko.EventListParams{Limit: 5})
		return err
	}),
	iter("Events.List", "Events.ListPage"),

	read("Pockets.ListPage", func(ctx context.Context, p *prober) error {
		pg, err := p.c.Pockets.ListPage(ctx, &jiko.PocketListParams{Limit: 5})
		if err == nil {
			// A v1 account id is a Pocket id today.
			p.keep(pg.Items, "id", "pocket", "account")
			p.keep(pg.Items, "customer_id", "customer")
		}
		return err
	}),
	iter("Pockets.List", "Pockets.ListPage"),
	read("Customers.Get", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error { _, err := p.c.Customers.Get(ctx, id); return err })
	}),
	read("Pockets.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Pockets.ListForCustomerPage(ctx, id, &jiko.PocketListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "pocket", "account")
			}
			return err
		})
	}),
	iter("Pockets.ListForCustomer", "Pockets.ListForCustomerPage"),
	read("Pockets.GetForCustomer", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "pocket", func(c, id string) error { _, err := p.c.Pockets.GetForCustomer(ctx, c, id, nil); return err })
	}),
	read("Pockets.Get", func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error { _, err := p.c.Pockets.Get(ctx, id, nil); return err })
	}),
	read("Pockets.GetEarnings", func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error { _, err := p.c.Pockets.GetEarnings(ctx, id, nil); return err })
	}),
	read("Accounts.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Accounts.ListForCustomerPage(ctx, id, nil)
			if err == nil {
				p.keep(pg.Items, "id", "account")
			}
			return err
		})
	}),
	iter("Accounts.ListForCustomer", "Accounts.ListForCustomerPage"),
	read("Accounts.Get", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error { _, err := p.c.Accounts.Get(ctx, id); return err })
	}),

	read("Transactions.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error {
			pg, err := p.c.Transactions.ListForPocketPage(ctx, id, &jiko.TransactionListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "transaction")
			}
			return err
		})
	}),
	iter("Transactions.ListForPocket", "Transactions.ListForPocketPage"),
	read("Transactions.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Transactions.ListForCustomerPage(ctx, id, &jiko.TransactionListParams{Limit: 5})
			return err
		})
	}),
	iter("Transactions.ListForCustomer", "Transactions.ListForCustomerPage"),
	read("Transactions.Get", func(ctx context.Context, p *prober) error {
		return p.with2("pocket", "transaction", func(pk, id string) error { _, err := p.c.Transactions.Get(ctx, pk, id); return err })
	}),
	read("TransactionsV1.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.TransactionsV1.ListForCustomerPage(ctx, id, &jiko.TransactionV1ListParams{Limit: 5})
			return err
		})
	}),
	iter("TransactionsV1.ListForCustomer", "TransactionsV1.ListForCustomerPage"),
	read("TransactionsV1.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.TransactionsV1.ListForPocketPage(ctx, id, &jiko.TransactionV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "transaction_v1")
			}
			return err
		})
	}),
	iter("TransactionsV1.ListForPocket", "TransactionsV1.ListForPocketPage"),
	read("TransactionsV1.Get", func(ctx context.Context, p *prober) error {
		return p.with2("account", "transaction_v1", func(a, id string) error { _, err := p.c.TransactionsV1.Get(ctx, a, id); return err })
	}),
	read("Trades.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Trades.ListForCustomerPage(ctx, id, &jiko.TradeListParams{Limit: 5})
			return err
		})
	}),
	iter("Trades.ListForCustomer", "Trades.ListForCustomerPage"),
	read("TradesV1.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.TradesV1.ListForCustomerPage(ctx, id, &jiko.TradeV1ListParams{Limit: 5})
			return err
		})
	}),
	iter("TradesV1.ListForCustomer", "TradesV1.ListForCustomerPage"),
	read("TradesV1.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.TradesV1.ListForPocketPage(ctx, id, &jiko.TradeV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "trade_v1")
			}
			return err
		})
	}),
	iter("TradesV1.ListForPocket", "TradesV1.ListForPocketPage"),
	read("TradesV1.GetConfirmation", func(ctx context.Context, p *prober) error {
		return p.with2("account", "trade_v1", func(a, id string) error { _, err := p.c.TradesV1.GetConfirmation(ctx, a, id); return err })
	}),
	read("Statements.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Statements.ListForCustomerPage(ctx, id, &jiko.StatementListParams{Limit: 5})
			return err
		})
	}),
	iter("Statements.ListForCustomer", "Statements.ListForCustomerPage"),
	read("Statements.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			_, err := p.c.Statements.ListForPocketPage(ctx, id, &jiko.StatementListParams{Limit: 5})
			return err
		})
	}),
	iter("Statements.ListForPocket", "Statements.ListForPocketPage"),
	viaLinkRow("Statements.Download"),

	read("ACH.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.ACH.ListForPocketPage(ctx, id, &jiko.ACHListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "ach")
			}
			return err
		})
	}),
	iter("ACH.ListForPocket", "ACH.ListForPocketPage"),
	read("ACH.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.ACH.ListForCustomerPage(ctx, id, &jiko.ACHListParams{Limit: 5})
			return err
		})
	}),
	iter("ACH.ListForCustomer", "ACH.ListForCustomerPage"),
	read("ACH.Get", func(ctx context.Context, p *prober) error {
		return p.with2("account", "ach", func(a, id string) error { _, err := p.c.ACH.Get(ctx, a, id); return err })
	}),
	skip("ACH.Create", movesMoney),
	read("Wires.ListPage", func(ctx context.Context, p *prober) error {
		pg, err := p.c.Wires.ListPage(ctx, &jiko.WireListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "wire")
		}
		return err
	}),
	iter("Wires.List", "Wires.ListPage"),
	read("Wires.Get", func(ctx context.Context, p *prober) error {
		return p.with1("wire", func(id string) error { _, err := p.c.Wires.Get(ctx, id); return err })
	}),
	skip("Wires.Create", movesMoney),
	skip("OnUs.Create", movesMoney),
	read("OnUs.Get", func(ctx context.Context, p *prober) error {
		return p.with1("onus_transfer", func(id string) error { _, err := p.c.OnUs.Get(ctx, id); return err })
	}),

	read("Counterparties.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Counterparties.ListForCustomerPage(ctx, id, &jiko.CounterpartyListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "counterparty")
			}
			return err
		})
	}),
	iter("Counterparties.ListForCustomer", "Counterparties.ListForCustomerPage"),
	read("Counterparties.Get", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "counterparty", func(c, id string) error { _, err := p.c.Counterparties.Get(ctx, c, id); return err })
	}),
	write("Counterparties.Create", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			cp, err := p.c.Counterparties.Create(ctx, id, &jiko.ACHCounterpartyCreateRequest{
				RoutingNumber: "021000021", AccountNumber: "000123456789",
				AccountType: jiko.ACHAccountChecking, NameOnAccount: "jiko probe",
			})
			if err == nil {
				p.set("probe_counterparty", keepFirst([]*jiko.Counterparty{cp}, "id"))
			}
			return err
		})
	}),
	write("Counterparties.Update", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_counterparty", func(c, id string) error {
			_, err := p.c.Counterparties.Update(ctx, c, id, &jiko.CounterpartyUpdateRequest{Status: jiko.CounterpartyStatusUnlinked})
			return err
		})
	}),
	read("CounterpartiesV1.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.CounterpartiesV1.ListForCustomerPage(ctx, id, &jiko.CounterpartyV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "counterparty_v1")
			}
			return err
		})
	}),
	iter("CounterpartiesV1.ListForCustomer", "CounterpartiesV1.ListForCustomerPage"),
	read("CounterpartiesV1.Get", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "counterparty_v1", func(c, id string) error { _, err := p.c.CounterpartiesV1.Get(ctx, c, id); return err })
	}),
	skip("CounterpartiesV1.CreatePlaidLinkToken", plaid),
	skip("CounterpartiesV1.CreatePlaid", plaid),
	skip("CounterpartiesV1.VerifyPlaid", plaid),

	read("Cards.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.Cards.ListForPocketPage(ctx, id, &jiko.CardListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "card_id", "card")
			}
			return err
		})
	}),
	iter("Cards.ListForPocket", "Cards.ListForPocketPage"),
	read("Cards.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Cards.ListForCustomerPage(ctx, id, &jiko.CardListParams{Limit: 5})
			return err
		})
	}),
	iter("Cards.ListForCustomer", "Cards.ListForCustomerPage"),
	read("Cards.GetStatus", func(ctx context.Context, p *prober) error {
		return p.with2("account", "card", func(a, id string) error { _, err := p.c.Cards.GetStatus(ctx, a, id); return err })
	}),
	read("Cards.ListOrdersForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.Cards.ListOrdersForPocketPage(ctx, id, &jiko.CardOrderListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "card_order_id", "card_order")
			}
			return err
		})
	}),
	iter("Cards.ListOrdersForPocket", "Cards.ListOrdersForPocketPage"),
	read("Cards.ListOrdersForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Cards.ListOrdersForCustomerPage(ctx, id, &jiko.CardOrderListParams{Limit: 5})
			return err
		})
	}),
	iter("Cards.ListOrdersForCustomer", "Cards.ListOrdersForCustomerPage"),
	read("Cards.GetOrder", func(ctx context.Context, p *prober) error {
		return p.with2("account", "card_order", func(a, id string) error { _, err := p.c.Cards.GetOrder(ctx, a, id); return err })
	}),
	skip("Cards.SetStatus", changesCard),
	skip("Cards.SetPIN", changesCard),
	skip("Cards.Close", changesCard),
	skip("Cards.CreateOrder", changesCard),
	skip("Cards.CreateVirtual", changesCard),
	skip("Cards.GetVirtual", cardData),
	skip("Cards.CloseVirtual", changesCard),

	read("Portals.ListForCustomerPage", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Portals.ListForCustomerPage(ctx, id, &jiko.PortalListParams{Limit: 5})
			return err
		})
	}),
	iter("Portals.ListForCustomer", "Portals.ListForCustomerPage"),
	read("Portals.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error {
			pg, err := p.c.Portals.ListForPocketPage(ctx, id, &jiko.PortalListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "portal")
			}
			return err
		})
	}),
	iter("Portals.ListForPocket", "Portals.ListForPocketPage"),
	read("Portals.Get", func(ctx context.Context, p *prober) error {
		return p.with2("pocket", "portal", func(pk, id string) error { _, err := p.c.Portals.Get(ctx, pk, id); return err })
	}),
	read("PortalsV1.ListForPocketPage", func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.PortalsV1.ListForPocketPage(ctx, id)
			if err == nil {
				p.keep(pg.Items, "id", "portal_v1")
			}
			return err
		})
	}),
	iter("PortalsV1.ListForPocket", "PortalsV1.ListForPocketPage"),
	read("PortalsV1.Get", func(ctx context.Context, p *prober) error {
		return p.with2("account", "portal_v1", func(a, id string) error { _, err := p.c.PortalsV1.Get(ctx, a, id); return err })
	}),

	read("Reports.ListPage", func(ctx context.Context, p *prober) error {
		pg, err := p.c.Reports.ListPage(ctx, &jiko.ReportListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "report")
		}
		return err
	}),
	iter("Reports.List", "Reports.ListPage"),
	write("Reports.Create", func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error {
			day := jiko.DateOf(p.started.AddDate(0, 0, -1))
			r, err := p.c.Reports.Create(ctx, &jiko.ReportCreateRequest{
				Type: jiko.ReportTypeTrade, PocketIDs: []string{id}, DateFrom: day, DateTo: day,
				OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV},
			})
			if err == nil {
				p.set("report", r.ID)
			}
			return err
		})
	}),
	read("Reports.Get", func(ctx context.Context, p *prober) error {
		return p.with1("report", func(id string) error { _, err := p.c.Reports.Get(ctx, id); return err })
	}),
	same("Reports.Wait", "Reports.Get", "polls Reports.Get: the same operation"),
	viaLinkRow("Reports.Download"),

	read("Subscriptions.ListPage", func(ctx context.Context, p *prober) error {
		pg, err := p.c.Subscriptions.ListPage(ctx, &jiko.SubscriptionListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "subscription")
		}
		return err
	}),
	iter("Subscriptions.List", "Subscriptions.ListPage"),
	read("Subscriptions.Get", func(ctx context.Context, p *prober) error {
		return p.with1("subscription", func(id string) error { _, err := p.c.Subscriptions.Get(ctx, id); return err })
	}),

	// Writes, on objects the probe creates: a Pocket with its portals,
	// and a disabled subscription; each is closed or deleted at the end.
	// (Above, Reports.Create asks for a day's trade report and
	// Counterparties.Create adds a bank account, unlinked at once.)
	write("Pockets.Create", func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pk, err := p.c.Pockets.Create(ctx, id, &jiko.PocketCreateRequest{PocketName: "jiko probe", DepositStrategyID: jiko.StrategyUST4W})
			if err == nil {
				p.set("probe_pocket", pk.ID)
			}
			return err
		})
	}),
	write("Pockets.Update", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_pocket", func(c, id string) error {
			_, err := p.c.Pockets.Update(ctx, c, id, &jiko.PocketUpdateRequest{PocketName: jiko.Set("jiko probe (renamed)")})
			return err
		})
	}),
	write("Portals.Create", func(ctx context.Context, p *prober) error {
		return p.with1("probe_pocket", func(id string) error {
			pt, err := p.c.Portals.Create(ctx, id, &jiko.PortalCreateRequest{Name: "jiko probe"})
			if err == nil {
				p.set("probe_portal", pt.ID)
			}
			return err
		})
	}),
	write("Portals.Update", func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal", func(pk, id string) error {
			return p.c.Portals.Update(ctx, pk, id, &jiko.PortalUpdateRequest{Name: jiko.Set("jiko probe (renamed)")})
		})
	}),
	write("Portals.Close", func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal", func(pk, id string) error { return p.c.Portals.Close(ctx, pk, id) })
	}),
	write("PortalsV1.Create", func(ctx context.Context, p *prober) error {
		return p.with1("probe_pocket", func(id string) error {
			pt, err := p.c.PortalsV1.Create(ctx, id, &jiko.PortalV1CreateRequest{Name: "jiko probe v1"})
			if err == nil {
				p.set("probe_portal_v1", pt.ID)
			}
			return err
		})
	}),
	write("PortalsV1.Update", func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal_v1", func(a, id string) error {
			_, err := p.c.PortalsV1.Update(ctx, a, id, &jiko.PortalV1UpdateRequest{Name: "jiko probe v1 (renamed)"})
			return err
		})
	}),
	write("PortalsV1.Close", func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal_v1", func(a, id string) error { return p.c.PortalsV1.Close(ctx, a, id) })
	}),
	write("Pockets.Close", func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_pocket", func(c, id string) error {
			_, err := p.c.Pockets.Close(ctx, c, id, jiko.ClosureReasonPartnerInstigated)
			return err
		})
	}),
	write("Subscriptions.Create", func(ctx context.Context, p *prober) error {
		s, err := p.c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
			Description: "jiko probe", Events: []jiko.EventName{jiko.EventApplicationApproved},
			URL: "https://example.com/jiko-probe", SharedSecret: "jiko-probe-" + fmt.Sprint(p.started.Unix()),
		})
		if err == nil {
			p.set("probe_subscription", s.ID)
		}
		return err
	}),
	write("Subscriptions.Update", func(ctx context.Context, p *prober) error {
		return p.with1("probe_subscription", func(id string) error {
			_, err := p.c.Subscriptions.Update(ctx, id, &jiko.SubscriptionUpdateRequest{Status: jiko.Set(jiko.SubscriptionDisabled)})
			return err
		})
	}),
	write("Subscriptions.Delete", func(ctx context.Context, p *prober) error {
		return p.with1("probe_subscription", func(id string) error { return p.c.Subscriptions.Delete(ctx, id) })
	}),

	skip("Customers.UploadDocument", uploads),
	skip("Individuals.CreateApplication", onboards),
	read("Individuals.GetApplication", func(ctx context.Context, p *prober) error {
		return p.with1("application", func(id string) error { _, err := p.c.Individuals.GetApplication(ctx, id); return err })
	}),
	skip("Individuals.Apply", onboards),
	skip("Individuals.UploadDocument", uploads),
	skip("Businesses.CreateApplication", onboards),
	read("Businesses.GetApplication", func(ctx context.Context, p *prober) error {
		return p.with1("business_application", func(id string) error { _, err := p.c.Businesses.GetApplication(ctx, id); return err })
	}),
	skip("Businesses.UpdateApplication", onboards),
	skip("Businesses.Apply", onboards),
	read("Businesses.ListRelatedPartiesPage", func(ctx context.Context, p *prober) error {
		return p.with1("business_application", func(id string) error {
			_, err := p.c.Businesses.ListRelatedPartiesPage(ctx, id)
			return err
		})
	}),
	iter("Businesses.ListRelatedParties", "Businesses.ListRelatedPartiesPage"),
	skip("Businesses.CreateRelatedParty", onboards),
	skip("Businesses.UpdateRelatedParty", onboards),
	skip("Businesses.DeleteRelatedParty", onboards),
	read("Businesses.ListDocumentRequestsPage", func(ctx context.Context, p *prober) error {
		return p.with1("business_application", func(id string) error {
			_, err := p.c.Businesses.ListDocumentRequestsPage(ctx, id)
			return err
		})
	}),
	iter("Businesses.ListDocumentRequests", "Businesses.ListDocumentRequestsPage"),
	skip("Businesses.UploadDocument", uploads),
	skip("Sandbox.Fund", sandboxState),
	skip("Sandbox.SwipeCard", sandboxState),
	skip("Sandbox.GenerateCard", sandboxState),
	skip("Sandbox.TriggerWebhook", delivers),
}
