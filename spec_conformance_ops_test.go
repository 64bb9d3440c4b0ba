package jiko

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
	"github.com/stretchr/testify/require"
)

// The tables of spec_conformance_test.go, keyed by the operations' entries
// of internal/ops (each an operation of the v1.29 file: method, and the
// file's template with the trailing slash the table writes).

// unwrapped lists the operations of the file the client does not offer,
// with the reason. Every operation of the file is wrapped today.
var unwrapped = map[*ops.Op]string{}

// reference is the Partner API's published reference, whose pages the
// reasons below cite.
const reference = "https://docs.jiko.io/products/partner-api/reference"

// changed lists the operations whose current reference changed on purpose
// what the v1.29 file declares, with the evidence (the reference page, with
// its build where it is not the current fd60d28d, or the changelog entry);
// what it adds is not held against the v1.29 schema, the rest of the request
// is.
var changed = map[*ops.Op]change{
	ops.TransactionsV1ListForCustomer: {
		why:   reference + "/transactions (build aec57205): List Customer Transactions adds filter[on_us_transfer] and filter[wire]",
		query: []string{"filter[on_us_transfer]", "filter[wire]"},
	},
	ops.TransactionsV1ListForPocket: {
		why: reference + "/transactions: the v1 transaction filters gained filter[on_us_transfer] and filter[wire]. " +
			"Inferred for this operation: only the customer-scoped page was readable",
		query: []string{"filter[on_us_transfer]", "filter[wire]"},
	},
	ops.CardsSetStatus: {
		why:  "Jiko's API changelog, 2026-05-07 (" + reference + "/manage-cards): Set Card Status accepts magstripe_status",
		body: []string{"magstripe_status"},
	},
	ops.SubscriptionsCreate: {
		why:  reference + "/subscriptions (fd60d28d): Create Subscription takes retry_policy",
		body: []string{"retry_policy"},
	},
	ops.SubscriptionsUpdate: {
		why: reference + "/subscriptions: subscriptions add retry_policy and status. Inferred for Update from the Customer API's " +
			"Update Subscription (build aec57205), which takes both; the partner page was not readable",
		body: []string{"retry_policy", "status"},
	},
	ops.OnUsCreate: {
		why: reference + "/on-us-transfers (builds fd60d28d and aec57205): Create On-Us Transfer takes async_mode and end_to_end_identification on every type, " +
			"and the PEER_TO_PEER type (its fields inferred from the Customer API)",
		body:     []string{"async_mode", "end_to_end_identification"},
		variants: []string{"*jiko.OnUsPeerToPeerRequest"},
	},
}

// extraSignature lists the operations the client signs although the file
// declares no x-jiko-signature for them: a signature the API does not read
// is harmless.
var extraSignature = map[*ops.Op]string{
	ops.BusinessesListDocumentRequests: reference + ": every operation but " +
		"login, public keys and health takes x-jiko-signature; BusinessesService.ListDocumentRequests says it signs anyway",
}

// extraIdempotency lists the operations that carry an x-jiko-idempotency
// key the file does not declare.
var extraIdempotency = map[*ops.Op]string{
	ops.SandboxFund:           sandboxKey,
	ops.SandboxSwipeCard:      sandboxKey,
	ops.SandboxGenerateCard:   sandboxKey,
	ops.SandboxTriggerWebhook: sandboxKey,
}

// sandboxKey is why the sandbox operations carry a key.
const sandboxKey = "SandboxService keeps one key per call, reused on every retry, so that a sandbox honouring it " +
	"(jikotest does) acts once; " + reference + ": every operation but login, public keys and health takes the key"

var (
	specFrom = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	specTo   = time.Date(2024, 4, 1, 12, 0, 0, 0, time.UTC)
)

const specUUID = "0b6f8e1c-2d3a-4f5b-9c7d-8e9f0a1b2c3d"

// fixtureInto decodes a fixture of testdata into a new T.
func fixtureInto[T any](t *testing.T, name string) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, json.Unmarshal([]byte(fixture(t, name)), v), name)
	return v
}

// webhookEvents are the sample deliveries of testdata/webhooks, one per
// event type the client knows.
func webhookEvents(t *testing.T) []any {
	t.Helper()
	names, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(t, err)
	var out []any
	for _, name := range names {
		if filepath.Base(name) == "unknown.json" {
			continue
		}
		raw, err := os.ReadFile(name)
		require.NoError(t, err)
		var ev Event
		require.NoError(t, json.Unmarshal(raw, &ev), name)
		out = append(out, &ev)
	}
	require.NotEmpty(t, out)
	return out
}

// answering sets the success body of a case whose 2xx has no example.
func answering(body string, tc specCase) specCase {
	tc.answer = body
	return tc
}

// individualApplicationSample is the published Create Application example with
// its optional fields set.
func individualApplicationSample(t *testing.T) *ApplicationCreateRequest {
	a := fixtureInto[ApplicationCreateRequest](t, "individuals_create_application.request.json")
	middle := "Q"
	a.Name.MiddleName = &middle
	a.InvestmentProfile.BDAssociation = "Acme Securities"
	a.InvestmentProfile.DirectorPolicyMakerOfCompany = "Acme Corp"
	a.OriginallyOnboardedAt = specFrom
	a.IdentificationType = IdentificationSSN
	a.Address.StreetAddress2 = "Apt 2"
	a.CitizenshipCountry = "US"
	return a
}

// businessApplicationSample is the published Create Business Application example
// with its optional fields set.
func businessApplicationSample(t *testing.T) *BusinessApplicationCreateRequest {
	b := fixtureInto[BusinessApplicationCreateRequest](t, "businesses_create_application.request.json")
	b.RiskInfo.CompanyMission = "Payroll software"
	b.RiskInfo.PrimaryRegulator = "SEC"
	b.Industry.OtherIndustry = "Payroll"
	return b
}

// specCaseTable maps every wrapped operation of the v1.29 file to a call
// of the client with sample arguments.
func specCaseTable(t *testing.T) map[*ops.Op]specCase {
	t.Helper()
	cus, acc, app := sid("customer_id"), sid("account_id"), sid("application_id")
	txParams := &TransactionV1ListParams{Cursor: "c1", Limit: 10, Order: SortAsc, Accounts: []string{specUUID},
		Cards: []string{specUUID}, Portals: []string{specUUID}, Types: []TransactionV1Type{TransactionV1TypeACH},
		OnUsTransfers: []string{specUUID}, Wires: []string{specUUID}, TimestampFrom: specFrom, TimestampTo: specTo}
	txAccount := *txParams
	txAccount.Accounts = nil
	tradeParams := &TradeV1ListParams{Cursor: "c1", Limit: 10, Accounts: []string{specUUID}, TradeDatetimeFrom: specFrom, TradeDatetimeTo: specTo}
	tradeAccount := *tradeParams
	tradeAccount.Accounts = nil
	stmtParams := &StatementListParams{Cursor: "c1", Limit: 10, Order: SortAsc, Types: []StatementType{StatementTypeBank}, Key: "2024-03", Accounts: []string{specUUID}}
	stmtAccount := *stmtParams
	stmtAccount.Accounts = nil
	onUs := func(id string) OnUsAccount { return OnUsAccount{ID: id, Type: OnUsAccountJiko} }
	retry := &RetryPolicy{RetryOnStatusCodes: []int{502, 503}, BackoffCoefficient: 2, MaximumAttempts: 5, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 300}
	address := ShippingAddress{StreetAddress: "1 Main St", StreetAddress2: "Apt 2", City: "Oakland", PostalCode: "94607", State: "CA", Country: "US"}

	return map[*ops.Op]specCase{
		ops.HealthCheck: answering(`"OK"`, noBody(func(ctx context.Context, c *Client) error { return errOf(c.Health.Check(ctx)) })),

		// Security
		ops.Login:                 noBody(func(ctx context.Context, c *Client) error { return c.Login(ctx) }),
		ops.SecurityGetPublicKeys: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Security.GetPublicKeys(ctx)) }),

		// Accounts
		ops.AccountsListForCustomer: listCase(&AccountListParams{Offset: 10, Limit: 10}, func(ctx context.Context, c *Client, p *AccountListParams, walk bool) error {
			if walk {
				return errOf(c.Accounts.ListForCustomer(ctx, cus, p).Collect())
			}
			return errOf(c.Accounts.ListForCustomerPage(ctx, cus, p))
		}),
		ops.AccountsGet: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Accounts.Get(ctx, acc)) }),

		// Customers
		ops.CustomersGet: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Customers.Get(ctx, cus)) }),
		ops.CustomersUploadDocument: answering(fixture(t, "customers_upload_document.json"), uploadCase(func(ctx context.Context, c *Client, f *File) error {
			return errOf(c.Customers.UploadDocument(ctx, cus, DocumentType(sid("document_type")), f))
		})),

		// Transactions (v1)
		ops.TransactionsV1ListForCustomer: listCase(txParams, func(ctx context.Context, c *Client, p *TransactionV1ListParams, walk bool) error {
			if walk {
				return errOf(c.TransactionsV1.ListForCustomer(ctx, cus, p).Collect())
			}
			return errOf(c.TransactionsV1.ListForCustomerPage(ctx, cus, p))
		}),
		ops.TransactionsV1ListForPocket: listCase(&txAccount, func(ctx context.Context, c *Client, p *TransactionV1ListParams, walk bool) error {
			if walk {
				return errOf(c.TransactionsV1.ListForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.TransactionsV1.ListForPocketPage(ctx, acc, p))
		}, "Accounts"), // only the customer-scoped list takes account[]
		ops.TransactionsV1Get: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.TransactionsV1.Get(ctx, acc, sid("transaction_id")))
		}),

		// Trades (v1)
		ops.TradesV1ListForCustomer: listCase(tradeParams, func(ctx context.Context, c *Client, p *TradeV1ListParams, walk bool) error {
			if walk {
				return errOf(c.TradesV1.ListForCustomer(ctx, cus, p).Collect())
			}
			return errOf(c.TradesV1.ListForCustomerPage(ctx, cus, p))
		}),
		ops.TradesV1ListForPocket: listCase(&tradeAccount, func(ctx context.Context, c *Client, p *TradeV1ListParams, walk bool) error {
			if walk {
				return errOf(c.TradesV1.ListForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.TradesV1.ListForPocketPage(ctx, acc, p))
		}, "Accounts"), // only the customer-scoped list takes account[]
		ops.TradesV1GetConfirmation: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.TradesV1.GetConfirmation(ctx, acc, sid("trade_id")))
		}),

		// Statements
		ops.StatementsListForCustomer: listCase(stmtParams, func(ctx context.Context, c *Client, p *StatementListParams, walk bool) error {
			if walk {
				return errOf(c.Statements.ListForCustomer(ctx, cus, p).Collect())
			}
			return errOf(c.Statements.ListForCustomerPage(ctx, cus, p))
		}),
		ops.StatementsListForPocket: listCase(&stmtAccount, func(ctx context.Context, c *Client, p *StatementListParams, walk bool) error {
			if walk {
				return errOf(c.Statements.ListForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.Statements.ListForPocketPage(ctx, acc, p))
		}, "Accounts"), // only the customer-scoped list takes account[]

		// Individuals
		ops.IndividualsGetAgreements: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Individuals.GetAgreements(ctx)) }),
		ops.IndividualsCreateApplication: withBody(individualApplicationSample(t),
			func(ctx context.Context, c *Client, b *ApplicationCreateRequest) error {
				return errOf(c.Individuals.CreateApplication(ctx, b))
			}),
		ops.IndividualsGetApplication: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Individuals.GetApplication(ctx, app)) }),
		ops.IndividualsApply:          noBody(func(ctx context.Context, c *Client) error { return errOf(c.Individuals.Apply(ctx, app)) }),
		ops.IndividualsUploadDocument: answering(fixture(t, "individuals_upload_document.json"), uploadCase(func(ctx context.Context, c *Client, f *File) error {
			return errOf(c.Individuals.UploadDocument(ctx, app, DocumentType(sid("document_type")), f))
		})),

		// Businesses
		ops.BusinessesCreateApplication: withBody(businessApplicationSample(t),
			func(ctx context.Context, c *Client, b *BusinessApplicationCreateRequest) error {
				return errOf(c.Businesses.CreateApplication(ctx, b))
			}),
		ops.BusinessesGetApplication: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Businesses.GetApplication(ctx, app)) }),
		ops.BusinessesUpdateApplication: withBody(fixtureInto[BusinessApplicationUpdateRequest](t, "businesses_update_application.request.json"),
			func(ctx context.Context, c *Client, b *BusinessApplicationUpdateRequest) error {
				return errOf(c.Businesses.UpdateApplication(ctx, app, b))
			}),
		ops.BusinessesApply: noBody(func(ctx context.Context, c *Client) error { return errOf(c.Businesses.Apply(ctx, app)) }),
		ops.BusinessesListRelatedParties: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.Businesses.ListRelatedPartiesPage(ctx, app))
		}),
		ops.BusinessesCreateRelatedParty: withBody(fixtureInto[RelatedPartyCreateRequest](t, "businesses_create_related_party.request.json"),
			func(ctx context.Context, c *Client, b *RelatedPartyCreateRequest) error {
				return errOf(c.Businesses.CreateRelatedParty(ctx, app, b))
			}),
		ops.BusinessesUpdateRelatedParty: withBody(fixtureInto[RelatedPartyUpdateRequest](t, "businesses_update_related_party.request.json"),
			func(ctx context.Context, c *Client, b *RelatedPartyUpdateRequest) error {
				return errOf(c.Businesses.UpdateRelatedParty(ctx, app, sid("related_party_application_id"), b))
			}),
		ops.BusinessesDeleteRelatedParty: noBody(func(ctx context.Context, c *Client) error {
			return c.Businesses.DeleteRelatedParty(ctx, app, sid("related_party_application_id"))
		}),
		ops.BusinessesListDocumentRequests: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.Businesses.ListDocumentRequestsPage(ctx, app))
		}),
		ops.BusinessesUploadDocument: uploadCase(func(ctx context.Context, c *Client, f *File) error {
			return errOf(c.Businesses.UploadDocument(ctx, sid("document_id"), f))
		}),

		// Counterparties (v1) and Counterparties: Plaid
		ops.CounterpartiesV1ListForCustomer: listCase(&CounterpartyV1ListParams{Cursor: "c1", Limit: 10}, func(ctx context.Context, c *Client, p *CounterpartyV1ListParams, walk bool) error {
			if walk {
				return errOf(c.CounterpartiesV1.ListForCustomer(ctx, cus, p).Collect())
			}
			return errOf(c.CounterpartiesV1.ListForCustomerPage(ctx, cus, p))
		}),
		ops.CounterpartiesV1Get: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.CounterpartiesV1.Get(ctx, cus, sid("counterparty_id")))
		}),
		// redirect_uri and android_package_name are mutually exclusive.
		ops.CounterpartiesV1CreatePlaidLinkToken: withBody(&PlaidLinkTokenRequest{ClientName: "Acme", RedirectURI: "https://acme.example/plaid", CounterpartyID: specUUID},
			func(ctx context.Context, c *Client, b *PlaidLinkTokenRequest) error {
				return errOf(c.CounterpartiesV1.CreatePlaidLinkToken(ctx, cus, b))
			},
			"AndroidPackageName"),
		ops.CounterpartiesV1CreatePlaid: withBody(&PlaidCounterpartiesCreateRequest{PublicToken: "public-sandbox-1", Accounts: []PlaidAccount{{ID: "acc-1", Name: "Checking", Mask: "0000"}}, InstitutionID: "ins_1"},
			func(ctx context.Context, c *Client, b *PlaidCounterpartiesCreateRequest) error {
				return errOf(c.CounterpartiesV1.CreatePlaid(ctx, cus, b))
			}),
		ops.CounterpartiesV1VerifyPlaid: noBody(func(ctx context.Context, c *Client) error {
			return c.CounterpartiesV1.VerifyPlaid(ctx, cus, sid("counterparty_id"))
		}),

		// Manage Cards
		ops.CardsListForPocket: listCase(&CardListParams{Cursor: "c1", Limit: 10, Status: []CardStatus{CardStatusOpen}}, func(ctx context.Context, c *Client, p *CardListParams, walk bool) error {
			if walk {
				return errOf(c.Cards.ListForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.Cards.ListForPocketPage(ctx, acc, p))
		}),
		ops.CardsGetStatus: answering(fixture(t, "card_status.json"),
			noBody(func(ctx context.Context, c *Client) error { return errOf(c.Cards.GetStatus(ctx, acc, sid("card_id"))) })),
		ops.CardsSetStatus: answering(fixture(t, "card_status.json"),
			withBody(&CardSetStatusRequest{Status: CardStatusLocked, MagstripeStatus: "DISABLED"}, func(ctx context.Context, c *Client, b *CardSetStatusRequest) error {
				return errOf(c.Cards.SetStatus(ctx, acc, sid("card_id"), b))
			})),
		// PublicKey nil fetches the set_pin key, as most callers do.
		ops.CardsSetPIN: answering(fixture(t, "card_set_pin.json"),
			withBody(&CardSetPINRequest{PIN: "1234"}, func(ctx context.Context, c *Client, b *CardSetPINRequest) error {
				return c.Cards.SetPIN(ctx, acc, sid("card_id"), b)
			}, "PublicKey")),
		ops.CardsClose: withBody(&CardCloseRequest{ClosureReason: CardClosureLost, LostStolenDate: DateOf(specFrom)},
			func(ctx context.Context, c *Client, b *CardCloseRequest) error {
				return c.Cards.Close(ctx, acc, sid("card_id"), b)
			}),

		// Physical Cards
		ops.CardsListOrdersForPocket: listCase(&CardOrderListParams{Cursor: "c1", Limit: 10}, func(ctx context.Context, c *Client, p *CardOrderListParams, walk bool) error {
			if walk {
				return errOf(c.Cards.ListOrdersForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.Cards.ListOrdersForPocketPage(ctx, acc, p))
		}),
		ops.CardsCreateOrder: withBody(&CardOrderCreateRequest{NameOnCard: "Jane Doe", ShippingAddress: address},
			func(ctx context.Context, c *Client, b *CardOrderCreateRequest) error {
				return errOf(c.Cards.CreateOrder(ctx, acc, b))
			}),
		ops.CardsGetOrder: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.Cards.GetOrder(ctx, acc, sid("card_order_id")))
		}),

		// Virtual Cards
		ops.CardsCreateVirtual: withBody(fixtureInto[VirtualCardRequest](t, "virtual_card.request.json"),
			func(ctx context.Context, c *Client, b *VirtualCardRequest) error {
				return errOf(c.Cards.CreateVirtual(ctx, acc, b))
			}),
		ops.CardsGetVirtual: withBody(fixtureInto[VirtualCardRequest](t, "virtual_card.request.json"),
			func(ctx context.Context, c *Client, b *VirtualCardRequest) error {
				return errOf(c.Cards.GetVirtual(ctx, acc, sid("card_id"), b))
			}),
		ops.CardsCloseVirtual: noBody(func(ctx context.Context, c *Client) error {
			return c.Cards.CloseVirtual(ctx, acc, sid("card_id"))
		}),

		// Events
		ops.EventsListTypes: {
			call: func(ctx context.Context, c *Client, _ any) error { return errOf(c.Events.ListTypesPage(ctx)) },
			walk: func(ctx context.Context, c *Client) error { return errOf(c.Events.ListTypes(ctx).Collect()) },
		},
		ops.EventsList: listCase(&EventListParams{SubscriptionID: specUUID, After: specFrom, Cursor: "c1", Limit: 10}, func(ctx context.Context, c *Client, p *EventListParams, walk bool) error {
			if walk {
				return errOf(c.Events.List(ctx, p).Collect())
			}
			return errOf(c.Events.ListPage(ctx, p))
		}),

		// Subscriptions
		ops.SubscriptionsList: listCase(&SubscriptionListParams{Cursor: "c1", Limit: 10}, func(ctx context.Context, c *Client, p *SubscriptionListParams, walk bool) error {
			if walk {
				return errOf(c.Subscriptions.List(ctx, p).Collect())
			}
			return errOf(c.Subscriptions.ListPage(ctx, p))
		}),
		ops.SubscriptionsCreate: withBody(&SubscriptionCreateRequest{Description: "all", Events: []EventName{EventACHInSuccess}, URL: "https://acme.example/hooks", RetryPolicy: retry, SharedSecret: "0123456789abcdef-secret"},
			func(ctx context.Context, c *Client, b *SubscriptionCreateRequest) error {
				return errOf(c.Subscriptions.Create(ctx, b))
			}),
		ops.SubscriptionsGet: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.Subscriptions.Get(ctx, sid("subscription_id")))
		}),
		ops.SubscriptionsUpdate: withBody(&SubscriptionUpdateRequest{Description: Set("all"), Events: Set([]EventName{EventACHInSuccess}), URL: Set("https://acme.example/hooks"),
			SharedSecret: Set("0123456789abcdef-secret"), RetryPolicy: Set(*retry), Status: Set(SubscriptionDisabled)},
			func(ctx context.Context, c *Client, b *SubscriptionUpdateRequest) error {
				return errOf(c.Subscriptions.Update(ctx, sid("subscription_id"), b))
			}),
		ops.SubscriptionsDelete: noBody(func(ctx context.Context, c *Client) error {
			return c.Subscriptions.Delete(ctx, sid("subscription_id"))
		}),

		// ACH
		ops.ACHListForPocket: listCase(&ACHListParams{Status: []ACHStatus{ACHStatusPending}, Direction: ACHDebit, Cursor: "c1", Limit: 10}, func(ctx context.Context, c *Client, p *ACHListParams, walk bool) error {
			if walk {
				return errOf(c.ACH.ListForPocket(ctx, acc, p).Collect())
			}
			return errOf(c.ACH.ListForPocketPage(ctx, acc, p))
		}),
		ops.ACHCreate: withBody(&ACHCreateRequest{CounterpartyID: specUUID, Direction: ACHDebit, SECCode: ACHSECCodeCCD,
			PaymentRelatedInformation: []string{"invoice 7"}, AmountUSDC: 10123, CompanyEntryDescription: "Funding"},
			func(ctx context.Context, c *Client, b *ACHCreateRequest) error {
				return errOf(c.ACH.Create(ctx, acc, b))
			}),
		ops.ACHGet: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.ACH.Get(ctx, acc, sid("transfer_id")))
		}),

		// Wires
		ops.WiresCreate: withBody(&WireCreateRequest{Description: "rent", CounterpartyID: specUUID, AmountUSDC: 10123, CreatedBy: "ops", WireID: specUUID},
			func(ctx context.Context, c *Client, b *WireCreateRequest) error {
				return errOf(c.Wires.Create(ctx, acc, b))
			}),

		// On-Us Transfers: every variant of the request union.
		ops.OnUsCreate: {
			bodies: []any{
				&OnUsFundingRequest{TransferID: specUUID, Description: "d", EndToEndIdentification: "e2e", FromAccount: onUs(specUUID), ToAccount: onUs(specUUID), Source: "payroll", Amount: RequestedAmount(100), AsyncMode: true},
				&OnUsDefundingRequest{TransferID: specUUID, Description: "d", EndToEndIdentification: "e2e", FromAccount: onUs(specUUID), ToAccount: onUs(specUUID), Target: "card", Amount: RequestedAmount(100), AsyncMode: true},
				&OnUsReallocationRequest{TransferID: specUUID, Description: "d", EndToEndIdentification: "e2e", FromAccount: onUs(specUUID), ToAccount: onUs(specUUID), Amount: RequestedAmount(100), AsyncMode: true},
				&OnUsReallocationRequest{TransferID: specUUID, Description: "d", EndToEndIdentification: "e2e", FromAccount: onUs(specUUID), ToAccount: onUs(specUUID), Amount: FullWithdrawal(), AsyncMode: true},
				&OnUsPeerToPeerRequest{TransferID: specUUID, Description: "d", EndToEndIdentification: "e2e", FromAccount: onUs(specUUID), DestinationCounterpartyID: specUUID, Amount: RequestedAmount(100), AsyncMode: true},
			},
			unset: []string{"Amount.AmountUSDC"}, // a full withdrawal has no amount
			call: func(ctx context.Context, c *Client, body any) error {
				return errOf(c.OnUs.Create(ctx, body.(OnUsTransferRequest)))
			},
		},
		ops.OnUsGet: noBody(func(ctx context.Context, c *Client) error { return errOf(c.OnUs.Get(ctx, sid("transfer_id"))) }),

		// Portals (v1)
		ops.PortalsV1ListForPocket: noBody(func(ctx context.Context, c *Client) error { return errOf(c.PortalsV1.ListForPocketPage(ctx, acc)) }),
		ops.PortalsV1Create: withBody(&PortalV1CreateRequest{Name: "Payroll"},
			func(ctx context.Context, c *Client, b *PortalV1CreateRequest) error {
				return errOf(c.PortalsV1.Create(ctx, acc, b))
			}),
		ops.PortalsV1Get: noBody(func(ctx context.Context, c *Client) error {
			return errOf(c.PortalsV1.Get(ctx, acc, sid("portal_id")))
		}),
		ops.PortalsV1Update: withBody(&PortalV1UpdateRequest{Name: "Rent"},
			func(ctx context.Context, c *Client, b *PortalV1UpdateRequest) error {
				return errOf(c.PortalsV1.Update(ctx, acc, sid("portal_id"), b))
			}),
		ops.PortalsV1Close: noBody(func(ctx context.Context, c *Client) error {
			return c.PortalsV1.Close(ctx, acc, sid("portal_id"))
		}),

		// Sandbox
		ops.SandboxFund: withBody(&SandboxFundRequest{AccountID: specUUID, AmountUSDC: 10123, CompanyName: "Acme", Count: 2},
			func(ctx context.Context, c *Client, b *SandboxFundRequest) error { return c.Sandbox.Fund(ctx, b) }),
		ops.SandboxSwipeCard: withBody(&SandboxCardSwipeRequest{CardID: specUUID, AmountUSDC: 100000},
			func(ctx context.Context, c *Client, b *SandboxCardSwipeRequest) error {
				return c.Sandbox.SwipeCard(ctx, b)
			}),
		ops.SandboxGenerateCard: withBody(&SandboxGenerateCardRequest{CardOrderID: specUUID},
			func(ctx context.Context, c *Client, b *SandboxGenerateCardRequest) error {
				return c.Sandbox.GenerateCard(ctx, b)
			}),
		ops.SandboxTriggerWebhook: {
			bodies: webhookEvents(t),
			call: func(ctx context.Context, c *Client, body any) error {
				return errOf(c.Sandbox.TriggerWebhook(ctx, body.(*Event)))
			},
		},
	}
}
