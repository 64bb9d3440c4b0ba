package main

//lint:file-ignore SA1019 the probe checks the deprecated operations too, while the SDK still covers them.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jiko-go/jiko"
)

// This file is the probe's operation table: every method of the SDK's
// services, the operation it calls, whether that operation's path is from
// the contract or inferred, and how the probe reaches it (a read, a write
// made only with --write, or never, and why). It is the one place that
// records which paths are inferred; the test beside it holds it against
// the methods of jiko.Client's services.

// source says where an operation's path comes from.
type source bool

const (
	contract source = false
	// inferred: the reference names the operation but its path could not
	// be read; the SDK's doc comment says what the inference rests on.
	inferred source = true
)

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
	name   string // the method, as Client field and method: "Pockets.ListPage"
	path   string // the operation: "GET /api/v2/pockets/"
	source source
	kind   opKind
	why    string // for opSkip
	sameAs string // the method that calls the same operation and is probed
	run    probeFunc
}

func read(name, path string, s source, run probeFunc) probeOp {
	return probeOp{name: name, path: path, source: s, kind: opRead, run: run}
}

func write(name, path string, s source, run probeFunc) probeOp {
	return probeOp{name: name, path: path, source: s, kind: opWrite, run: run}
}

func skip(name, path string, s source, why string) probeOp {
	return probeOp{name: name, path: path, source: s, kind: opSkip, why: why}
}

// same is a method that calls the operation of another, which is probed.
func same(name, path string, s source, other, why string) probeOp {
	op := skip(name, path, s, why)
	op.sameAs = other
	return op
}

// iter is an iterator method: the same operation as its page method.
func iter(name, path string, s source, page string) probeOp {
	return same(name, path, s, page, "iterates over "+page+": the same operation")
}

// Why operations are never probed.
const (
	movesMoney   = "moves money"
	onboards     = "starts or changes an onboarding application"
	noAppID      = "no list gives an application id"
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
	read("Health.Check", "GET /health", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Health.Check(ctx)
		return err
	}),
	read("Security.GetPublicKeys", "GET /api/v1/public-keys/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Security.GetPublicKeys(ctx)
		return err
	}),
	read("Strategies.ListPage", "GET /api/v2/trading-strategies/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Strategies.ListPage(ctx)
		return err
	}),
	iter("Strategies.List", "GET /api/v2/trading-strategies/", contract, "Strategies.ListPage"),
	read("Pockets.ListConfigurationsPage", "GET /api/v2/pocket-configurations/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Pockets.ListConfigurationsPage(ctx)
		return err
	}),
	iter("Pockets.ListConfigurations", "GET /api/v2/pocket-configurations/", contract, "Pockets.ListConfigurationsPage"),
	read("Individuals.GetAgreements", "GET /api/v1/agreements/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Individuals.GetAgreements(ctx)
		return err
	}),
	read("Events.ListTypesPage", "GET /api/v1/events/types/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Events.ListTypesPage(ctx)
		return err
	}),
	iter("Events.ListTypes", "GET /api/v1/events/types/", contract, "Events.ListTypesPage"),
	read("Events.ListPage", "GET /api/v1/events/", contract, func(ctx context.Context, p *prober) error {
		_, err := p.c.Events.ListPage(ctx, &jiko.EventListParams{Limit: 5})
		return err
	}),
	iter("Events.List", "GET /api/v1/events/", contract, "Events.ListPage"),

	read("Pockets.ListPage", "GET /api/v2/pockets/", contract, func(ctx context.Context, p *prober) error {
		pg, err := p.c.Pockets.ListPage(ctx, &jiko.PocketListParams{Limit: 5})
		if err == nil {
			// A v1 account id is a Pocket id today.
			p.keep(pg.Items, "id", "pocket", "account")
			p.keep(pg.Items, "customer_id", "customer")
		}
		return err
	}),
	iter("Pockets.List", "GET /api/v2/pockets/", contract, "Pockets.ListPage"),
	read("Customers.Get", "GET /api/v1/customers/{customer_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error { _, err := p.c.Customers.Get(ctx, id); return err })
	}),
	read("Pockets.ListForCustomerPage", "GET /api/v2/customers/{customer_id}/pockets/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Pockets.ListForCustomerPage(ctx, id, &jiko.PocketListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "pocket", "account")
			}
			return err
		})
	}),
	iter("Pockets.ListForCustomer", "GET /api/v2/customers/{customer_id}/pockets/", inferred, "Pockets.ListForCustomerPage"),
	read("Pockets.GetForCustomer", "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "pocket", func(c, id string) error { _, err := p.c.Pockets.GetForCustomer(ctx, c, id, nil); return err })
	}),
	read("Pockets.Get", "GET /api/v2/pockets/{pocket_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error { _, err := p.c.Pockets.Get(ctx, id, nil); return err })
	}),
	read("Pockets.GetEarnings", "GET /api/v2/pockets/{pocket_id}/earnings/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error { _, err := p.c.Pockets.GetEarnings(ctx, id, nil); return err })
	}),
	read("Accounts.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/jiko-accounts/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Accounts.ListForCustomerPage(ctx, id, nil)
			if err == nil {
				p.keep(pg.Items, "id", "account")
			}
			return err
		})
	}),
	iter("Accounts.ListForCustomer", "GET /api/v1/customers/{customer_id}/jiko-accounts/", contract, "Accounts.ListForCustomerPage"),
	read("Accounts.Get", "GET /api/v1/jiko-accounts/{account_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error { _, err := p.c.Accounts.Get(ctx, id); return err })
	}),

	read("Transactions.ListForPocketPage", "GET /api/v2/pockets/{pocket_id}/transactions/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error {
			pg, err := p.c.Transactions.ListForPocketPage(ctx, id, &jiko.TransactionListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "transaction")
			}
			return err
		})
	}),
	iter("Transactions.ListForPocket", "GET /api/v2/pockets/{pocket_id}/transactions/", contract, "Transactions.ListForPocketPage"),
	read("Transactions.ListForCustomerPage", "GET /api/v2/customers/{customer_id}/transactions/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Transactions.ListForCustomerPage(ctx, id, &jiko.TransactionListParams{Limit: 5})
			return err
		})
	}),
	iter("Transactions.ListForCustomer", "GET /api/v2/customers/{customer_id}/transactions/", inferred, "Transactions.ListForCustomerPage"),
	read("Transactions.Get", "GET /api/v2/pockets/{pocket_id}/transactions/{transaction_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("pocket", "transaction", func(pk, id string) error { _, err := p.c.Transactions.Get(ctx, pk, id); return err })
	}),
	read("TransactionsV1.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/transactions/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.TransactionsV1.ListForCustomerPage(ctx, id, &jiko.TransactionV1ListParams{Limit: 5})
			return err
		})
	}),
	iter("TransactionsV1.ListForCustomer", "GET /api/v1/customers/{customer_id}/transactions/", contract, "TransactionsV1.ListForCustomerPage"),
	read("TransactionsV1.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/transactions/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.TransactionsV1.ListForPocketPage(ctx, id, &jiko.TransactionV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "transaction_v1")
			}
			return err
		})
	}),
	iter("TransactionsV1.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/transactions/", contract, "TransactionsV1.ListForPocketPage"),
	read("TransactionsV1.Get", "GET /api/v1/jiko-accounts/{account_id}/transactions/{transaction_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "transaction_v1", func(a, id string) error { _, err := p.c.TransactionsV1.Get(ctx, a, id); return err })
	}),
	read("Trades.ListForCustomerPage", "GET /api/v2/customers/{customer_id}/trades/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Trades.ListForCustomerPage(ctx, id, &jiko.TradeListParams{Limit: 5})
			return err
		})
	}),
	iter("Trades.ListForCustomer", "GET /api/v2/customers/{customer_id}/trades/", contract, "Trades.ListForCustomerPage"),
	read("TradesV1.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/trades/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.TradesV1.ListForCustomerPage(ctx, id, &jiko.TradeV1ListParams{Limit: 5})
			return err
		})
	}),
	iter("TradesV1.ListForCustomer", "GET /api/v1/customers/{customer_id}/trades/", contract, "TradesV1.ListForCustomerPage"),
	read("TradesV1.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/trades/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.TradesV1.ListForPocketPage(ctx, id, &jiko.TradeV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "trade_v1")
			}
			return err
		})
	}),
	iter("TradesV1.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/trades/", contract, "TradesV1.ListForPocketPage"),
	read("TradesV1.GetConfirmation", "GET /api/v1/jiko-accounts/{account_id}/trades/{trade_id}/confirmation/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "trade_v1", func(a, id string) error { _, err := p.c.TradesV1.GetConfirmation(ctx, a, id); return err })
	}),
	read("Statements.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/statements/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Statements.ListForCustomerPage(ctx, id, &jiko.StatementListParams{Limit: 5})
			return err
		})
	}),
	iter("Statements.ListForCustomer", "GET /api/v1/customers/{customer_id}/statements/", contract, "Statements.ListForCustomerPage"),
	read("Statements.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/statements/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			_, err := p.c.Statements.ListForPocketPage(ctx, id, &jiko.StatementListParams{Limit: 5})
			return err
		})
	}),
	iter("Statements.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/statements/", contract, "Statements.ListForPocketPage"),
	skip("Statements.Download", "GET {link}", contract, viaLink),

	read("ACH.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/ach-originating/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.ACH.ListForPocketPage(ctx, id, &jiko.ACHListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "ach")
			}
			return err
		})
	}),
	iter("ACH.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/ach-originating/", contract, "ACH.ListForPocketPage"),
	read("ACH.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/ach-originating/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.ACH.ListForCustomerPage(ctx, id, &jiko.ACHListParams{Limit: 5})
			return err
		})
	}),
	iter("ACH.ListForCustomer", "GET /api/v1/customers/{customer_id}/ach-originating/", contract, "ACH.ListForCustomerPage"),
	read("ACH.Get", "GET /api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "ach", func(a, id string) error { _, err := p.c.ACH.Get(ctx, a, id); return err })
	}),
	skip("ACH.Create", "POST /api/v1/jiko-accounts/{account_id}/ach-originating/", contract, movesMoney),
	read("Wires.ListPage", "GET /api/v1/wires/", inferred, func(ctx context.Context, p *prober) error {
		pg, err := p.c.Wires.ListPage(ctx, &jiko.WireListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "wire")
		}
		return err
	}),
	iter("Wires.List", "GET /api/v1/wires/", inferred, "Wires.ListPage"),
	read("Wires.Get", "GET /api/v1/wires/{wire_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("wire", func(id string) error { _, err := p.c.Wires.Get(ctx, id); return err })
	}),
	skip("Wires.Create", "POST /api/v1/jiko-accounts/{account_id}/wires/", contract, movesMoney),
	skip("OnUs.Create", "POST /api/v1/transfers/on-us/", contract, movesMoney),
	skip("OnUs.Get", "GET /api/v1/transfers/on-us/{transfer_id}/", contract, "no list gives an on-us transfer id"),

	read("Counterparties.ListForCustomerPage", "GET /api/v2/customers/{customer_id}/counterparties/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.Counterparties.ListForCustomerPage(ctx, id, &jiko.CounterpartyListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "counterparty")
			}
			return err
		})
	}),
	iter("Counterparties.ListForCustomer", "GET /api/v2/customers/{customer_id}/counterparties/", inferred, "Counterparties.ListForCustomerPage"),
	read("Counterparties.Get", "GET /api/v2/customers/{customer_id}/counterparties/{counterparty_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "counterparty", func(c, id string) error { _, err := p.c.Counterparties.Get(ctx, c, id); return err })
	}),
	write("Counterparties.Create", "POST /api/v2/customers/{customer_id}/counterparties/", inferred, func(ctx context.Context, p *prober) error {
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
	write("Counterparties.Update", "PATCH /api/v2/customers/{customer_id}/counterparties/{counterparty_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_counterparty", func(c, id string) error {
			_, err := p.c.Counterparties.Update(ctx, c, id, &jiko.CounterpartyUpdateRequest{Status: jiko.CounterpartyStatusUnlinked})
			return err
		})
	}),
	read("CounterpartiesV1.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/counterparties/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pg, err := p.c.CounterpartiesV1.ListForCustomerPage(ctx, id, &jiko.CounterpartyV1ListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "counterparty_v1")
			}
			return err
		})
	}),
	iter("CounterpartiesV1.ListForCustomer", "GET /api/v1/customers/{customer_id}/counterparties/", contract, "CounterpartiesV1.ListForCustomerPage"),
	read("CounterpartiesV1.Get", "GET /api/v1/customers/{customer_id}/counterparties/{counterparty_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "counterparty_v1", func(c, id string) error { _, err := p.c.CounterpartiesV1.Get(ctx, c, id); return err })
	}),
	skip("CounterpartiesV1.CreatePlaidLinkToken", "POST /api/v1/customers/{customer_id}/counterparties/plaid/link-token/", contract, plaid),
	skip("CounterpartiesV1.CreatePlaid", "POST /api/v1/customers/{customer_id}/counterparties/plaid/", contract, plaid),
	skip("CounterpartiesV1.VerifyPlaid", "POST /api/v1/customers/{customer_id}/counterparties/{counterparty_id}/plaid/verify/", contract, plaid),

	read("Cards.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/cards/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.Cards.ListForPocketPage(ctx, id, &jiko.CardListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "card_id", "card")
			}
			return err
		})
	}),
	iter("Cards.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/cards/", contract, "Cards.ListForPocketPage"),
	read("Cards.ListForCustomerPage", "GET /api/v1/customers/{customer_id}/cards/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Cards.ListForCustomerPage(ctx, id, &jiko.CardListParams{Limit: 5})
			return err
		})
	}),
	iter("Cards.ListForCustomer", "GET /api/v1/customers/{customer_id}/cards/", contract, "Cards.ListForCustomerPage"),
	read("Cards.GetStatus", "GET /api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "card", func(a, id string) error { _, err := p.c.Cards.GetStatus(ctx, a, id); return err })
	}),
	read("Cards.ListOrdersForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/card-orders/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.Cards.ListOrdersForPocketPage(ctx, id, &jiko.CardOrderListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "card_order_id", "card_order")
			}
			return err
		})
	}),
	iter("Cards.ListOrdersForPocket", "GET /api/v1/jiko-accounts/{account_id}/card-orders/", contract, "Cards.ListOrdersForPocketPage"),
	read("Cards.ListOrdersForCustomerPage", "GET /api/v1/customers/{customer_id}/card-orders/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Cards.ListOrdersForCustomerPage(ctx, id, &jiko.CardOrderListParams{Limit: 5})
			return err
		})
	}),
	iter("Cards.ListOrdersForCustomer", "GET /api/v1/customers/{customer_id}/card-orders/", inferred, "Cards.ListOrdersForCustomerPage"),
	read("Cards.GetOrder", "GET /api/v1/jiko-accounts/{account_id}/card-orders/{card_order_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "card_order", func(a, id string) error { _, err := p.c.Cards.GetOrder(ctx, a, id); return err })
	}),
	skip("Cards.SetStatus", "PATCH /api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/", contract, changesCard),
	skip("Cards.SetPIN", "POST /api/v1/jiko-accounts/{account_id}/cards/{card_id}/pin/", contract, changesCard),
	skip("Cards.Close", "POST /api/v1/jiko-accounts/{account_id}/cards/{card_id}/close/", contract, changesCard),
	skip("Cards.CreateOrder", "POST /api/v1/jiko-accounts/{account_id}/card-orders/", contract, changesCard),
	skip("Cards.CreateVirtual", "POST /api/v1/jiko-accounts/{account_id}/virtual-cards/", contract, changesCard),
	skip("Cards.GetVirtual", "POST /api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/", contract, cardData),
	skip("Cards.CloseVirtual", "DELETE /api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/", contract, changesCard),

	read("Portals.ListForCustomerPage", "GET /api/v2/customers/{customer_id}/portals/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			_, err := p.c.Portals.ListForCustomerPage(ctx, id, &jiko.PortalListParams{Limit: 5})
			return err
		})
	}),
	iter("Portals.ListForCustomer", "GET /api/v2/customers/{customer_id}/portals/", contract, "Portals.ListForCustomerPage"),
	read("Portals.ListForPocketPage", "GET /api/v2/pockets/{pocket_id}/portals/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("pocket", func(id string) error {
			pg, err := p.c.Portals.ListForPocketPage(ctx, id, &jiko.PortalListParams{Limit: 5})
			if err == nil {
				p.keep(pg.Items, "id", "portal")
			}
			return err
		})
	}),
	iter("Portals.ListForPocket", "GET /api/v2/pockets/{pocket_id}/portals/", inferred, "Portals.ListForPocketPage"),
	read("Portals.Get", "GET /api/v2/pockets/{pocket_id}/portals/{portal_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("pocket", "portal", func(pk, id string) error { _, err := p.c.Portals.Get(ctx, pk, id); return err })
	}),
	read("PortalsV1.ListForPocketPage", "GET /api/v1/jiko-accounts/{account_id}/portals/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("account", func(id string) error {
			pg, err := p.c.PortalsV1.ListForPocketPage(ctx, id)
			if err == nil {
				p.keep(pg.Items, "id", "portal_v1")
			}
			return err
		})
	}),
	iter("PortalsV1.ListForPocket", "GET /api/v1/jiko-accounts/{account_id}/portals/", contract, "PortalsV1.ListForPocketPage"),
	read("PortalsV1.Get", "GET /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("account", "portal_v1", func(a, id string) error { _, err := p.c.PortalsV1.Get(ctx, a, id); return err })
	}),

	read("Reports.ListPage", "GET /api/v1/report-requests/", contract, func(ctx context.Context, p *prober) error {
		pg, err := p.c.Reports.ListPage(ctx, &jiko.ReportListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "report")
		}
		return err
	}),
	iter("Reports.List", "GET /api/v1/report-requests/", contract, "Reports.ListPage"),
	write("Reports.Create", "POST /api/v1/report-requests/", contract, func(ctx context.Context, p *prober) error {
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
	read("Reports.Get", "GET /api/v1/report-requests/{report_request_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("report", func(id string) error { _, err := p.c.Reports.Get(ctx, id); return err })
	}),
	same("Reports.Wait", "GET /api/v1/report-requests/{report_request_id}/", inferred, "Reports.Get", "polls Reports.Get: the same operation"),
	skip("Reports.Download", "GET {link}", contract, viaLink),

	read("Subscriptions.ListPage", "GET /api/v1/subscriptions/", contract, func(ctx context.Context, p *prober) error {
		pg, err := p.c.Subscriptions.ListPage(ctx, &jiko.SubscriptionListParams{Limit: 5})
		if err == nil {
			p.keep(pg.Items, "id", "subscription")
		}
		return err
	}),
	iter("Subscriptions.List", "GET /api/v1/subscriptions/", contract, "Subscriptions.ListPage"),
	read("Subscriptions.Get", "GET /api/v1/subscriptions/{subscription_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("subscription", func(id string) error { _, err := p.c.Subscriptions.Get(ctx, id); return err })
	}),

	// Writes, on objects the probe creates: a Pocket with its portals,
	// and a disabled subscription; each is closed or deleted at the end.
	// (Above, Reports.Create asks for a day's trade report and
	// Counterparties.Create adds a bank account, unlinked at once.)
	write("Pockets.Create", "POST /api/v2/customers/{customer_id}/pockets/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("customer", func(id string) error {
			pk, err := p.c.Pockets.Create(ctx, id, &jiko.PocketCreateRequest{PocketName: "jiko probe", DepositStrategyID: jiko.StrategyUST4W})
			if err == nil {
				p.set("probe_pocket", pk.ID)
			}
			return err
		})
	}),
	write("Pockets.Update", "PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_pocket", func(c, id string) error {
			_, err := p.c.Pockets.Update(ctx, c, id, &jiko.PocketUpdateRequest{PocketName: jiko.Set("jiko probe (renamed)")})
			return err
		})
	}),
	write("Portals.Create", "POST /api/v2/pockets/{pocket_id}/portals/", inferred, func(ctx context.Context, p *prober) error {
		return p.with1("probe_pocket", func(id string) error {
			pt, err := p.c.Portals.Create(ctx, id, &jiko.PortalCreateRequest{Name: "jiko probe"})
			if err == nil {
				p.set("probe_portal", pt.ID)
			}
			return err
		})
	}),
	write("Portals.Update", "PATCH /api/v2/pockets/{pocket_id}/portals/{portal_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal", func(pk, id string) error {
			return p.c.Portals.Update(ctx, pk, id, &jiko.PortalUpdateRequest{Name: jiko.Set("jiko probe (renamed)")})
		})
	}),
	write("Portals.Close", "PATCH /api/v2/pockets/{pocket_id}/portals/{portal_id}/", inferred, func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal", func(pk, id string) error { return p.c.Portals.Close(ctx, pk, id) })
	}),
	write("PortalsV1.Create", "POST /api/v1/jiko-accounts/{account_id}/portals/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("probe_pocket", func(id string) error {
			pt, err := p.c.PortalsV1.Create(ctx, id, &jiko.PortalV1CreateRequest{Name: "jiko probe v1"})
			if err == nil {
				p.set("probe_portal_v1", pt.ID)
			}
			return err
		})
	}),
	write("PortalsV1.Update", "PATCH /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal_v1", func(a, id string) error {
			_, err := p.c.PortalsV1.Update(ctx, a, id, &jiko.PortalV1UpdateRequest{Name: "jiko probe v1 (renamed)"})
			return err
		})
	}),
	write("PortalsV1.Close", "POST /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/close/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("probe_pocket", "probe_portal_v1", func(a, id string) error { return p.c.PortalsV1.Close(ctx, a, id) })
	}),
	write("Pockets.Close", "PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with2("customer", "probe_pocket", func(c, id string) error {
			_, err := p.c.Pockets.Close(ctx, c, id, jiko.ClosureReasonPartnerInstigated)
			return err
		})
	}),
	write("Subscriptions.Create", "POST /api/v1/subscriptions/", contract, func(ctx context.Context, p *prober) error {
		s, err := p.c.Subscriptions.Create(ctx, &jiko.SubscriptionCreateRequest{
			Description: "jiko probe", Events: []jiko.EventName{jiko.EventApplicationApproved},
			URL: "https://example.com/jiko-probe", SharedSecret: "jiko-probe-" + fmt.Sprint(p.started.Unix()),
		})
		if err == nil {
			p.set("probe_subscription", s.ID)
		}
		return err
	}),
	write("Subscriptions.Update", "PATCH /api/v1/subscriptions/{subscription_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("probe_subscription", func(id string) error {
			_, err := p.c.Subscriptions.Update(ctx, id, &jiko.SubscriptionUpdateRequest{Status: jiko.Set(jiko.SubscriptionDisabled)})
			return err
		})
	}),
	write("Subscriptions.Delete", "DELETE /api/v1/subscriptions/{subscription_id}/", contract, func(ctx context.Context, p *prober) error {
		return p.with1("probe_subscription", func(id string) error { return p.c.Subscriptions.Delete(ctx, id) })
	}),

	skip("Customers.UploadDocument", "POST /api/v1/customers/{customer_id}/documents/{document_type}/file/", contract, uploads),
	skip("Individuals.CreateApplication", "POST /api/v1/applications/", contract, onboards),
	skip("Individuals.GetApplication", "GET /api/v1/applications/{application_id}/", contract, noAppID),
	skip("Individuals.Apply", "POST /api/v1/applications/{application_id}/apply/", contract, onboards),
	skip("Individuals.UploadDocument", "POST /api/v1/applications/{application_id}/documents/{document_type}/file/", contract, uploads),
	skip("Businesses.CreateApplication", "POST /api/v1/business-applications/", contract, onboards),
	skip("Businesses.GetApplication", "GET /api/v1/business-applications/{application_id}/", contract, noAppID),
	skip("Businesses.UpdateApplication", "PATCH /api/v1/business-applications/{application_id}/", contract, onboards),
	skip("Businesses.Apply", "POST /api/v1/business-applications/{application_id}/apply/", contract, onboards),
	skip("Businesses.ListRelatedPartiesPage", "GET /api/v1/business-applications/{application_id}/related-party-applications/", contract, noAppID),
	iter("Businesses.ListRelatedParties", "GET /api/v1/business-applications/{application_id}/related-party-applications/", contract, "Businesses.ListRelatedPartiesPage"),
	skip("Businesses.CreateRelatedParty", "POST /api/v1/business-applications/{application_id}/related-party-applications/", contract, onboards),
	skip("Businesses.UpdateRelatedParty", "PATCH /api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/", contract, onboards),
	skip("Businesses.DeleteRelatedParty", "DELETE /api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/", contract, onboards),
	skip("Businesses.ListDocumentRequestsPage", "GET /api/v1/business-applications/{application_id}/documents/", contract, noAppID),
	iter("Businesses.ListDocumentRequests", "GET /api/v1/business-applications/{application_id}/documents/", contract, "Businesses.ListDocumentRequestsPage"),
	skip("Businesses.UploadDocument", "POST /api/v1/documents/{document_id}/", contract, uploads),
	skip("Sandbox.Fund", "POST /api/v1/sandbox/fund/", contract, sandboxState),
	skip("Sandbox.SwipeCard", "POST /api/v1/sandbox/card-swipe/", contract, sandboxState),
	skip("Sandbox.GenerateCard", "POST /api/v1/sandbox/generate-card/", contract, sandboxState),
	skip("Sandbox.TriggerWebhook", "POST /api/v1/sandbox/webhook/", contract, delivers),
}

// keepFirst returns the member of the first of items (a slice of models),
// read through their JSON, which names ids the same way for every model.
func keepFirst(items any, member string) string {
	b, err := json.Marshal(items)
	if err != nil {
		return ""
	}
	var objs []map[string]json.RawMessage
	if json.Unmarshal(b, &objs) != nil || len(objs) == 0 {
		return ""
	}
	var s string
	json.Unmarshal(objs[0][member], &s)
	return s
}
