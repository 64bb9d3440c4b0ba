package ops

// The operations, one entry each, named after the first SDK method that
// calls it (less a Page suffix). Login has no SDK method: the client's
// token source calls it.
var (
	Login                                = &Op{Method: "POST", Path: "/api/v1/login/", Provenance: Contract, Auth: Public, Secrets: []string{"password"}, HideErrors: true}
	HealthCheck                          = &Op{Method: "GET", Path: "/health", SDK: []string{"Health.Check"}, Provenance: Contract, Auth: Public}
	SecurityGetPublicKeys                = &Op{Method: "GET", Path: "/api/v1/public-keys/", SDK: []string{"Security.GetPublicKeys"}, Provenance: Contract, Auth: Public}
	StrategiesList                       = &Op{Method: "GET", Path: "/api/v2/trading-strategies/", SDK: []string{"Strategies.ListPage", "Strategies.List"}, Provenance: Reference, Paging: Offset}
	PocketsListConfigurations            = &Op{Method: "GET", Path: "/api/v2/pocket-configurations/", SDK: []string{"Pockets.ListConfigurationsPage", "Pockets.ListConfigurations"}, Provenance: Reference, Paging: Offset}
	IndividualsGetAgreements             = &Op{Method: "GET", Path: "/api/v1/agreements/", SDK: []string{"Individuals.GetAgreements"}, Provenance: Contract}
	EventsListTypes                      = &Op{Method: "GET", Path: "/api/v1/events/types/", SDK: []string{"Events.ListTypesPage", "Events.ListTypes"}, Provenance: Contract, Paging: Offset}
	EventsList                           = &Op{Method: "GET", Path: "/api/v1/events/", SDK: []string{"Events.ListPage", "Events.List"}, Provenance: Contract, Paging: Cursor}
	PocketsList                          = &Op{Method: "GET", Path: "/api/v2/pockets/", SDK: []string{"Pockets.ListPage", "Pockets.List"}, Provenance: Reference, Paging: Cursor}
	CustomersGet                         = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/", SDK: []string{"Customers.Get"}, Provenance: Contract}
	PocketsListForCustomer               = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/pockets/", SDK: []string{"Pockets.ListForCustomerPage", "Pockets.ListForCustomer"}, Provenance: Inferred, Why: "the reference has a List Pockets page (pockets/list-pockets-v2) whose path could not be read; customer-scoped like Get Customer Pocket", Paging: Cursor}
	PocketsGetForCustomer                = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/pockets/{pocket_id}/", SDK: []string{"Pockets.GetForCustomer"}, Provenance: Reference}
	PocketsGet                           = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/", SDK: []string{"Pockets.Get"}, Provenance: Reference}
	PocketsGetEarnings                   = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/earnings/", SDK: []string{"Pockets.GetEarnings"}, Provenance: Reference}
	AccountsListForCustomer              = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/jiko-accounts/", SDK: []string{"Accounts.ListForCustomerPage", "Accounts.ListForCustomer"}, Provenance: Contract, Paging: Offset}
	AccountsGet                          = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/", SDK: []string{"Accounts.Get"}, Provenance: Contract}
	TransactionsListForPocket            = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/transactions/", SDK: []string{"Transactions.ListForPocketPage", "Transactions.ListForPocket"}, Provenance: Reference, Paging: Cursor}
	TransactionsListForCustomer          = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/transactions/", SDK: []string{"Transactions.ListForCustomerPage", "Transactions.ListForCustomer"}, Provenance: Inferred, Why: "named as the replacement of the deprecated v1 List Customer Transactions; its path could not be read and follows v1 under /api/v2/", Paging: Cursor}
	TransactionsGet                      = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/transactions/{transaction_id}/", SDK: []string{"Transactions.Get"}, Provenance: Inferred, Why: "the reference has a Get Transaction (v2) page whose path could not be read; placed under the Pocket like List Pocket Transactions"}
	TransactionsV1ListForCustomer        = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/transactions/", SDK: []string{"TransactionsV1.ListForCustomerPage", "TransactionsV1.ListForCustomer"}, Provenance: Contract, Paging: Cursor}
	TransactionsV1ListForPocket          = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/transactions/", SDK: []string{"TransactionsV1.ListForPocketPage", "TransactionsV1.ListForPocket"}, Provenance: Contract, Paging: Cursor}
	TransactionsV1Get                    = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/transactions/{transaction_id}/", SDK: []string{"TransactionsV1.Get"}, Provenance: Contract}
	TradesListForCustomer                = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/trades/", SDK: []string{"Trades.ListForCustomerPage", "Trades.ListForCustomer"}, Provenance: Reference, Paging: Cursor}
	TradesV1ListForCustomer              = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/trades/", SDK: []string{"TradesV1.ListForCustomerPage", "TradesV1.ListForCustomer"}, Provenance: Contract, Paging: Cursor}
	TradesV1ListForPocket                = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/trades/", SDK: []string{"TradesV1.ListForPocketPage", "TradesV1.ListForPocket"}, Provenance: Contract, Paging: Cursor}
	TradesV1GetConfirmation              = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/trades/{trade_id}/confirmation/", SDK: []string{"TradesV1.GetConfirmation"}, Provenance: Contract}
	StatementsListForCustomer            = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/statements/", SDK: []string{"Statements.ListForCustomerPage", "Statements.ListForCustomer"}, Provenance: Contract, Paging: Cursor}
	StatementsListForPocket              = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/statements/", SDK: []string{"Statements.ListForPocketPage", "Statements.ListForPocket"}, Provenance: Contract, Paging: Cursor}
	ACHListForPocket                     = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/ach-originating/", SDK: []string{"ACH.ListForPocketPage", "ACH.ListForPocket"}, Provenance: Contract, Paging: Cursor}
	ACHListForCustomer                   = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/ach-originating/", SDK: []string{"ACH.ListForCustomerPage", "ACH.ListForCustomer"}, Provenance: Reference, Paging: Cursor}
	ACHGet                               = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/", SDK: []string{"ACH.Get"}, Provenance: Contract}
	ACHCreate                            = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/ach-originating/", SDK: []string{"ACH.Create"}, Provenance: Contract}
	WiresList                            = &Op{Method: "GET", Path: "/api/v1/wires/", SDK: []string{"Wires.ListPage", "Wires.List"}, Provenance: Inferred, Why: "the changelog announces List Wires with its filters; its page could not be read", Paging: Cursor}
	WiresGet                             = &Op{Method: "GET", Path: "/api/v1/wires/{wire_id}/", SDK: []string{"Wires.Get"}, Provenance: Inferred, Why: "the changelog announces Get Wire; its page could not be read, and the path follows List Wires"}
	WiresCreate                          = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/wires/", SDK: []string{"Wires.Create"}, Provenance: Contract, KeyedID: "wire_id"}
	OnUsCreate                           = &Op{Method: "POST", Path: "/api/v1/transfers/on-us/", SDK: []string{"OnUs.Create"}, Provenance: Contract}
	OnUsGet                              = &Op{Method: "GET", Path: "/api/v1/transfers/on-us/{transfer_id}/", SDK: []string{"OnUs.Get"}, Provenance: Contract}
	CounterpartiesListForCustomer        = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/counterparties/", SDK: []string{"Counterparties.ListForCustomerPage", "Counterparties.ListForCustomer"}, Provenance: Inferred, Why: "the Counterparties V2 tag exists but its operations could not be read; customer-scoped as in v1, shapes from the Customer API", Paging: Cursor}
	CounterpartiesGet                    = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/counterparties/{counterparty_id}/", SDK: []string{"Counterparties.Get"}, Provenance: Inferred, Why: "the Counterparties V2 tag exists but its operations could not be read; customer-scoped as in v1, shapes from the Customer API"}
	CounterpartiesCreate                 = &Op{Method: "POST", Path: "/api/v2/customers/{customer_id}/counterparties/", SDK: []string{"Counterparties.Create"}, Provenance: Inferred, Why: "the Counterparties V2 tag exists but its operations could not be read; customer-scoped as in v1, shapes from the Customer API"}
	CounterpartiesUpdate                 = &Op{Method: "PATCH", Path: "/api/v2/customers/{customer_id}/counterparties/{counterparty_id}/", SDK: []string{"Counterparties.Update"}, Provenance: Inferred, Why: "the Counterparties V2 tag exists but its operations could not be read; customer-scoped as in v1, shapes from the Customer API"}
	CounterpartiesV1ListForCustomer      = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/counterparties/", SDK: []string{"CounterpartiesV1.ListForCustomerPage", "CounterpartiesV1.ListForCustomer"}, Provenance: Contract, Paging: Cursor}
	CounterpartiesV1Get                  = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/counterparties/{counterparty_id}/", SDK: []string{"CounterpartiesV1.Get"}, Provenance: Contract}
	CounterpartiesV1CreatePlaidLinkToken = &Op{Method: "POST", Path: "/api/v1/customers/{customer_id}/counterparties/plaid/link-token/", SDK: []string{"CounterpartiesV1.CreatePlaidLinkToken"}, Provenance: Contract}
	CounterpartiesV1CreatePlaid          = &Op{Method: "POST", Path: "/api/v1/customers/{customer_id}/counterparties/plaid/", SDK: []string{"CounterpartiesV1.CreatePlaid"}, Provenance: Contract, Secrets: []string{"public_token"}}
	CounterpartiesV1VerifyPlaid          = &Op{Method: "POST", Path: "/api/v1/customers/{customer_id}/counterparties/{counterparty_id}/plaid/verify/", SDK: []string{"CounterpartiesV1.VerifyPlaid"}, Provenance: Contract}
	// The Cards lists page by cursor; an answer in the offset form (items,
	// offset, count) is walked by offset too (inferred).
	CardsListForPocket             = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/cards/", SDK: []string{"Cards.ListForPocketPage", "Cards.ListForPocket"}, Provenance: Contract, Paging: Cursor}
	CardsListForCustomer           = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/cards/", SDK: []string{"Cards.ListForCustomerPage", "Cards.ListForCustomer"}, Provenance: Reference, Paging: Cursor}
	CardsGetStatus                 = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/", SDK: []string{"Cards.GetStatus"}, Provenance: Contract}
	CardsListOrdersForPocket       = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/card-orders/", SDK: []string{"Cards.ListOrdersForPocketPage", "Cards.ListOrdersForPocket"}, Provenance: Contract, Paging: Cursor}
	CardsListOrdersForCustomer     = &Op{Method: "GET", Path: "/api/v1/customers/{customer_id}/card-orders/", SDK: []string{"Cards.ListOrdersForCustomerPage", "Cards.ListOrdersForCustomer"}, Provenance: Inferred, Why: "follows List Customer Cards (customer-scoped, current reference); its page was not seen", Paging: Cursor}
	CardsGetOrder                  = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/card-orders/{card_order_id}/", SDK: []string{"Cards.GetOrder"}, Provenance: Contract}
	CardsSetStatus                 = &Op{Method: "PATCH", Path: "/api/v1/jiko-accounts/{account_id}/cards/{card_id}/status/", SDK: []string{"Cards.SetStatus"}, Provenance: Contract}
	CardsSetPIN                    = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/cards/{card_id}/pin/", SDK: []string{"Cards.SetPIN"}, Provenance: Contract, Secrets: []string{"pin"}}
	CardsClose                     = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/cards/{card_id}/close/", SDK: []string{"Cards.Close"}, Provenance: Contract}
	CardsCreateOrder               = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/card-orders/", SDK: []string{"Cards.CreateOrder"}, Provenance: Contract}
	CardsCreateVirtual             = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/virtual-cards/", SDK: []string{"Cards.CreateVirtual"}, Provenance: Contract}
	CardsGetVirtual                = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/", SDK: []string{"Cards.GetVirtual"}, Provenance: Contract}
	CardsCloseVirtual              = &Op{Method: "DELETE", Path: "/api/v1/jiko-accounts/{account_id}/virtual-cards/{card_id}/", SDK: []string{"Cards.CloseVirtual"}, Provenance: Contract}
	PortalsListForCustomer         = &Op{Method: "GET", Path: "/api/v2/customers/{customer_id}/portals/", SDK: []string{"Portals.ListForCustomerPage", "Portals.ListForCustomer"}, Provenance: Reference, Paging: Cursor}
	PortalsListForPocket           = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/portals/", SDK: []string{"Portals.ListForPocketPage", "Portals.ListForPocket"}, Provenance: Inferred, Why: "only List Customer Portals has a known path; the others follow the Customer API's Portals V2 pages under the Pocket", Paging: Cursor}
	PortalsGet                     = &Op{Method: "GET", Path: "/api/v2/pockets/{pocket_id}/portals/{portal_id}/", SDK: []string{"Portals.Get"}, Provenance: Inferred, Why: "only List Customer Portals has a known path; the others follow the Customer API's Portals V2 pages under the Pocket"}
	PortalsV1ListForPocket         = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/portals/", SDK: []string{"PortalsV1.ListForPocketPage", "PortalsV1.ListForPocket"}, Provenance: Contract}
	PortalsV1Get                   = &Op{Method: "GET", Path: "/api/v1/jiko-accounts/{account_id}/portals/{portal_id}/", SDK: []string{"PortalsV1.Get"}, Provenance: Contract}
	ReportsList                    = &Op{Method: "GET", Path: "/api/v1/report-requests/", SDK: []string{"Reports.ListPage", "Reports.List"}, Provenance: Reference, Paging: Cursor}
	ReportsCreate                  = &Op{Method: "POST", Path: "/api/v1/report-requests/", SDK: []string{"Reports.Create"}, Provenance: Reference}
	ReportsGet                     = &Op{Method: "GET", Path: "/api/v1/report-requests/{report_request_id}/", SDK: []string{"Reports.Get", "Reports.Wait"}, Provenance: Inferred, Why: "the reference names Get Report Request; its path follows List and Create Report Requests"}
	SubscriptionsList              = &Op{Method: "GET", Path: "/api/v1/subscriptions/", SDK: []string{"Subscriptions.ListPage", "Subscriptions.List"}, Provenance: Contract, Paging: Cursor}
	SubscriptionsGet               = &Op{Method: "GET", Path: "/api/v1/subscriptions/{subscription_id}/", SDK: []string{"Subscriptions.Get"}, Provenance: Contract}
	PocketsCreate                  = &Op{Method: "POST", Path: "/api/v2/customers/{customer_id}/pockets/", SDK: []string{"Pockets.Create"}, Provenance: Inferred, Why: "the guides create a Pocket with the customer id; the path follows Get Customer Pocket"}
	PocketsUpdate                  = &Op{Method: "PATCH", Path: "/api/v2/customers/{customer_id}/pockets/{pocket_id}/", SDK: []string{"Pockets.Update", "Pockets.Close"}, Provenance: Reference}
	PortalsCreate                  = &Op{Method: "POST", Path: "/api/v2/pockets/{pocket_id}/portals/", SDK: []string{"Portals.Create"}, Provenance: Inferred, Why: "only List Customer Portals has a known path; the others follow the Customer API's Portals V2 pages under the Pocket"}
	PortalsUpdate                  = &Op{Method: "PATCH", Path: "/api/v2/pockets/{pocket_id}/portals/{portal_id}/", SDK: []string{"Portals.Update", "Portals.Close"}, Provenance: Inferred, Why: "only List Customer Portals has a known path; the others follow the Customer API's Portals V2 pages under the Pocket"}
	PortalsV1Create                = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/portals/", SDK: []string{"PortalsV1.Create"}, Provenance: Contract}
	PortalsV1Update                = &Op{Method: "PATCH", Path: "/api/v1/jiko-accounts/{account_id}/portals/{portal_id}/", SDK: []string{"PortalsV1.Update"}, Provenance: Contract}
	PortalsV1Close                 = &Op{Method: "POST", Path: "/api/v1/jiko-accounts/{account_id}/portals/{portal_id}/close/", SDK: []string{"PortalsV1.Close"}, Provenance: Contract}
	SubscriptionsCreate            = &Op{Method: "POST", Path: "/api/v1/subscriptions/", SDK: []string{"Subscriptions.Create"}, Provenance: Contract, Secrets: []string{"shared_secret"}, HideErrors: true}
	SubscriptionsUpdate            = &Op{Method: "PATCH", Path: "/api/v1/subscriptions/{subscription_id}/", SDK: []string{"Subscriptions.Update"}, Provenance: Contract, Secrets: []string{"shared_secret"}, HideErrors: true}
	SubscriptionsDelete            = &Op{Method: "DELETE", Path: "/api/v1/subscriptions/{subscription_id}/", SDK: []string{"Subscriptions.Delete"}, Provenance: Contract}
	CustomersUploadDocument        = &Op{Method: "POST", Path: "/api/v1/customers/{customer_id}/documents/{document_type}/file/", SDK: []string{"Customers.UploadDocument"}, Provenance: Contract, Auth: Unsigned}
	IndividualsCreateApplication   = &Op{Method: "POST", Path: "/api/v1/applications/", SDK: []string{"Individuals.CreateApplication"}, Provenance: Contract}
	IndividualsGetApplication      = &Op{Method: "GET", Path: "/api/v1/applications/{application_id}/", SDK: []string{"Individuals.GetApplication"}, Provenance: Contract}
	IndividualsApply               = &Op{Method: "POST", Path: "/api/v1/applications/{application_id}/apply/", SDK: []string{"Individuals.Apply"}, Provenance: Contract}
	IndividualsUploadDocument      = &Op{Method: "POST", Path: "/api/v1/applications/{application_id}/documents/{document_type}/file/", SDK: []string{"Individuals.UploadDocument"}, Provenance: Contract, Auth: Unsigned}
	BusinessesCreateApplication    = &Op{Method: "POST", Path: "/api/v1/business-applications/", SDK: []string{"Businesses.CreateApplication"}, Provenance: Contract}
	BusinessesGetApplication       = &Op{Method: "GET", Path: "/api/v1/business-applications/{application_id}/", SDK: []string{"Businesses.GetApplication"}, Provenance: Contract}
	BusinessesUpdateApplication    = &Op{Method: "PATCH", Path: "/api/v1/business-applications/{application_id}/", SDK: []string{"Businesses.UpdateApplication"}, Provenance: Contract}
	BusinessesApply                = &Op{Method: "POST", Path: "/api/v1/business-applications/{application_id}/apply/", SDK: []string{"Businesses.Apply"}, Provenance: Contract}
	BusinessesListRelatedParties   = &Op{Method: "GET", Path: "/api/v1/business-applications/{application_id}/related-party-applications/", SDK: []string{"Businesses.ListRelatedPartiesPage", "Businesses.ListRelatedParties"}, Provenance: Contract}
	BusinessesCreateRelatedParty   = &Op{Method: "POST", Path: "/api/v1/business-applications/{application_id}/related-party-applications/", SDK: []string{"Businesses.CreateRelatedParty"}, Provenance: Contract}
	BusinessesUpdateRelatedParty   = &Op{Method: "PATCH", Path: "/api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/", SDK: []string{"Businesses.UpdateRelatedParty"}, Provenance: Contract}
	BusinessesDeleteRelatedParty   = &Op{Method: "DELETE", Path: "/api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/", SDK: []string{"Businesses.DeleteRelatedParty"}, Provenance: Contract}
	BusinessesListDocumentRequests = &Op{Method: "GET", Path: "/api/v1/business-applications/{application_id}/documents/", SDK: []string{"Businesses.ListDocumentRequestsPage", "Businesses.ListDocumentRequests"}, Provenance: Contract}
	BusinessesUploadDocument       = &Op{Method: "POST", Path: "/api/v1/documents/{document_id}/", SDK: []string{"Businesses.UploadDocument"}, Provenance: Contract, Auth: Unsigned}
	SandboxFund                    = &Op{Method: "POST", Path: "/api/v1/sandbox/fund/", SDK: []string{"Sandbox.Fund"}, Provenance: Contract, Auth: Unsigned}
	SandboxSwipeCard               = &Op{Method: "POST", Path: "/api/v1/sandbox/card-swipe/", SDK: []string{"Sandbox.SwipeCard"}, Provenance: Contract, Auth: Unsigned}
	SandboxGenerateCard            = &Op{Method: "POST", Path: "/api/v1/sandbox/generate-card/", SDK: []string{"Sandbox.GenerateCard"}, Provenance: Contract, Auth: Unsigned}
	SandboxTriggerWebhook          = &Op{Method: "POST", Path: "/api/v1/sandbox/webhook/", SDK: []string{"Sandbox.TriggerWebhook"}, Provenance: Contract, Auth: Unsigned}
)

// All lists every operation once, in the order above.
var All = []*Op{
	Login,
	HealthCheck,
	SecurityGetPublicKeys,
	StrategiesList,
	PocketsListConfigurations,
	IndividualsGetAgreements,
	EventsListTypes,
	EventsList,
	PocketsList,
	CustomersGet,
	PocketsListForCustomer,
	PocketsGetForCustomer,
	PocketsGet,
	PocketsGetEarnings,
	AccountsListForCustomer,
	AccountsGet,
	TransactionsListForPocket,
	TransactionsListForCustomer,
	TransactionsGet,
	TransactionsV1ListForCustomer,
	TransactionsV1ListForPocket,
	TransactionsV1Get,
	TradesListForCustomer,
	TradesV1ListForCustomer,
	TradesV1ListForPocket,
	TradesV1GetConfirmation,
	StatementsListForCustomer,
	StatementsListForPocket,
	ACHListForPocket,
	ACHListForCustomer,
	ACHGet,
	ACHCreate,
	WiresList,
	WiresGet,
	WiresCreate,
	OnUsCreate,
	OnUsGet,
	CounterpartiesListForCustomer,
	CounterpartiesGet,
	CounterpartiesCreate,
	CounterpartiesUpdate,
	CounterpartiesV1ListForCustomer,
	CounterpartiesV1Get,
	CounterpartiesV1CreatePlaidLinkToken,
	CounterpartiesV1CreatePlaid,
	CounterpartiesV1VerifyPlaid,
	CardsListForPocket,
	CardsListForCustomer,
	CardsGetStatus,
	CardsListOrdersForPocket,
	CardsListOrdersForCustomer,
	CardsGetOrder,
	CardsSetStatus,
	CardsSetPIN,
	CardsClose,
	CardsCreateOrder,
	CardsCreateVirtual,
	CardsGetVirtual,
	CardsCloseVirtual,
	PortalsListForCustomer,
	PortalsListForPocket,
	PortalsGet,
	PortalsV1ListForPocket,
	PortalsV1Get,
	ReportsList,
	ReportsCreate,
	ReportsGet,
	SubscriptionsList,
	SubscriptionsGet,
	PocketsCreate,
	PocketsUpdate,
	PortalsCreate,
	PortalsUpdate,
	PortalsV1Create,
	PortalsV1Update,
	PortalsV1Close,
	SubscriptionsCreate,
	SubscriptionsUpdate,
	SubscriptionsDelete,
	CustomersUploadDocument,
	IndividualsCreateApplication,
	IndividualsGetApplication,
	IndividualsApply,
	IndividualsUploadDocument,
	BusinessesCreateApplication,
	BusinessesGetApplication,
	BusinessesUpdateApplication,
	BusinessesApply,
	BusinessesListRelatedParties,
	BusinessesCreateRelatedParty,
	BusinessesUpdateRelatedParty,
	BusinessesDeleteRelatedParty,
	BusinessesListDocumentRequests,
	BusinessesUploadDocument,
	SandboxFund,
	SandboxSwipeCard,
	SandboxGenerateCard,
	SandboxTriggerWebhook,
}
