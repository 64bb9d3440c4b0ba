package jiko

import (
	"context"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// A portal is a routing and account number (or, in v2, an on-chain deposit
// address) that third parties use to send money into a Pocket: ACH credits,
// direct deposits, incoming wires. Every Pocket has a default portal; more
// can be opened, renamed and closed.
//
// v1 (the v1.29 reference) is fully documented. Portals V2 (partner
// changelog 2026-05-05: List, Get, Create and Update Portal and List Customer
// Portals, with crypto deposit addresses) is known only by the List Customer
// Portals path; the other paths and the fields marked "Inferred" follow the
// Customer API's Portals V2 pages.

// PortalStatus is the state of a portal. Closing is irreversible.
type PortalStatus string

// The portal statuses of the reference.
const (
	PortalStatusOpen   PortalStatus = "OPEN"
	PortalStatusClosed PortalStatus = "CLOSED"
)

// PortalType is the kind of a v2 portal. Inferred: the reference says v2
// portals are virtual bank accounts or on-chain crypto deposit addresses
// but its values could not be read.
type PortalType string

// The portal types (inferred values).
const (
	PortalTypeBankAccount          PortalType = "BANK_ACCOUNT"
	PortalTypeCryptoDepositAddress PortalType = "CRYPTO_DEPOSIT_ADDRESS"
)

// Portal is a way into a Pocket (Portals V2): a virtual bank account
// (routing and account number) or an on-chain deposit address, as the
// [PortalsService] methods return it. A partner shows its numbers or
// address to whoever sends the customer money. Inferred shape: the
// reference publishes only the List Customer Portals path of Portals V2; the
// fields follow the Customer API's Portals V2 pages.
type Portal struct {
	// ID identifies the portal.
	ID string `json:"id"`
	// PocketID is the Pocket that receives what arrives through the portal.
	PocketID string `json:"pocket_id"`
	// Name is the partner's label, such as "Payroll".
	Name string `json:"name"`
	// Status is OPEN or CLOSED.
	Status PortalStatus `json:"status"`
	// Type is BANK_ACCOUNT or CRYPTO_DEPOSIT_ADDRESS.
	Type PortalType `json:"type"`
	// RoutingNumber is the ABA routing number to give senders; nil for a
	// crypto portal.
	RoutingNumber *string `json:"routing_number"`
	// AccountNumber is the account number to give senders; nil for a crypto
	// portal.
	AccountNumber *string `json:"account_number"`
	// CryptoDepositAddress is the on-chain address of a crypto portal; nil
	// for a bank-account portal.
	CryptoDepositAddress *CryptoDepositAddress `json:"crypto_deposit_address"`
	// ObjectType is the API's name for the object, "Portal".
	ObjectType string `json:"object_type"`
}

// CryptoDepositAddress is an on-chain address that credits a Pocket.
// Inferred shape.
type CryptoDepositAddress struct {
	// Address is the on-chain address to send to.
	Address string `json:"address"`
	// Network is the blockchain the address lives on; sending on another
	// network loses the funds.
	Network string `json:"network"`
}

// PortalV1 is a v1 portal: a routing and account number that credit a
// Pocket, as the [PortalsV1Service] methods return it.
type PortalV1 struct {
	// ID identifies the portal.
	ID string `json:"id"`
	// JikoAccountID is the Pocket (formerly Account) the portal credits.
	JikoAccountID string `json:"jiko_account_id"`
	// RoutingNumber is the ABA routing number to give senders.
	RoutingNumber string `json:"routing_number"`
	// AccountNumber is the account number to give senders.
	AccountNumber string `json:"account_number"`
	// Status is OPEN or CLOSED.
	Status PortalStatus `json:"status"`
	// Name is the partner's label, such as "Payroll".
	Name string `json:"name"`
	// ObjectType is the API's name for the object, "Portal".
	ObjectType string `json:"object_type"`
}

// portalV1List is the answer of [PortalsV1Service.ListForPocket]: every portal of a
// Pocket, in one response.
type portalV1List struct {
	// Count is the number of portals.
	Count int `json:"count"`
	// Portals are the Pocket's portals.
	Portals []PortalV1 `json:"portals"`
	// ObjectType is the API's name for the object, "List".
	ObjectType string `json:"object_type"`
}

// MaxPortalCreateNameLength and MaxPortalRenameLength are the longest names
// the reference accepts when creating and when renaming a portal: check a
// name against them in a partner's own form.
const (
	MaxPortalCreateNameLength = 128
	MaxPortalRenameLength     = 50
)

// PortalV1CreateRequest is the body of [PortalsV1Service.Create]: the name
// of a new portal on a Pocket.
type PortalV1CreateRequest struct {
	// Name is the portal's label; required, at most 128 characters.
	Name string `json:"name"`
}

func (r *PortalV1CreateRequest) validate() error {
	return checkText("PortalV1CreateRequest.Name", r.Name, true, MaxPortalCreateNameLength)
}

// PortalV1UpdateRequest is the body of [PortalsV1Service.Update]: a
// portal's new name.
type PortalV1UpdateRequest struct {
	// Name is the new label; required, at most 50 characters.
	Name string `json:"name"`
}

func (r *PortalV1UpdateRequest) validate() error {
	return checkText("PortalV1UpdateRequest.Name", r.Name, true, MaxPortalRenameLength)
}

// MaxPortalListLimit is the largest page size of the v2 portal lists
// (assumed: the reference's value could not be read).
const MaxPortalListLimit = 100

// PortalListParams pages a v2 list of portals ([PortalsService.ListForPocket],
// [PortalsService.ListForCustomer] and their ...Page twins).
type PortalListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *PortalListParams) validate() error {
	return checkLimit("PortalListParams.Limit", p.Limit, MaxPortalListLimit)
}

// PortalCreateRequest is the body of [PortalsService.Create]: a new v2
// portal on a Pocket, a bank account or a crypto deposit address. Inferred
// fields.
type PortalCreateRequest struct {
	// Name is the portal's label; required, at most 128 characters.
	Name string `json:"name"`
	// Type is BANK_ACCOUNT or CRYPTO_DEPOSIT_ADDRESS; empty leaves the
	// API's default (a bank-account portal).
	Type PortalType `json:"type,omitempty"`
	// Network is the blockchain of a crypto portal; required for one, not
	// allowed otherwise.
	Network string `json:"network,omitempty"`
}

func (r *PortalCreateRequest) validate() error {
	name := checkText("PortalCreateRequest.Name", r.Name, true, MaxPortalCreateNameLength)
	// Network is checked against the type only once the type is known.
	if err := checkOneOf("PortalCreateRequest.Type", r.Type, false, portalTypeValues...); err != nil {
		return checkAll(name, err)
	}
	var network error
	switch {
	case r.Type == PortalTypeCryptoDepositAddress && strings.TrimSpace(r.Network) == "":
		network = invalid("PortalCreateRequest.Network", "is required for a CRYPTO_DEPOSIT_ADDRESS portal")
	case r.Type != PortalTypeCryptoDepositAddress && r.Network != "":
		network = invalid("PortalCreateRequest.Network", "is only for a CRYPTO_DEPOSIT_ADDRESS portal")
	}
	return checkAll(name, network)
}

// PortalUpdateRequest is the body of [PortalsService.Update]: it renames or
// closes a v2 portal. Only the fields that are set ([Set]) are sent.
type PortalUpdateRequest struct {
	// Name renames the portal; at most 50 characters.
	Name Nullable[string] `json:"name,omitzero"`
	// Status can only be set to CLOSED, which is irreversible.
	Status Nullable[PortalStatus] `json:"status,omitzero"`
}

func (r *PortalUpdateRequest) validate() error {
	if r.Name.IsZero() && r.Status.IsZero() {
		return invalid("PortalUpdateRequest", "no field is set")
	}
	var name, status error
	if r.Name.IsNull() {
		name = invalid("PortalUpdateRequest.Name", "cannot be null")
	} else if v, ok := r.Name.Get(); ok {
		name = checkText("PortalUpdateRequest.Name", v, true, MaxPortalRenameLength)
	}
	if r.Status.IsNull() {
		status = invalid("PortalUpdateRequest.Status", "cannot be null")
	} else if s, ok := r.Status.Get(); ok && s != PortalStatusClosed {
		status = invalid("PortalUpdateRequest.Status", "%q cannot be set; only CLOSED can", s)
	}
	return checkAll(name, status)
}

// PortalsService reaches the Portals V2 operations of the Partner API: the
// bank accounts and crypto deposit addresses through which third parties
// pay into a Pocket. Reach it as c.Portals.
//
// ListForCustomer's path is the reference's; the Pocket-scoped paths are
// inferred from the Customer API, whose Pocket paths
// (/api/v2/pockets/{pocket_id}/...) the Partner API shares.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/portals
type PortalsService service

// ListForCustomer iterates over the portals of all a customer's Pockets
// (GET /api/v2/customers/{customer_id}/portals/). params may be nil. The
// answer is assumed to be a cursor list, as the other v2 lists are. Errors
// arrive with the iteration: [IsNotFound] reports an unknown customer;
// [IsValidation] a refused params field.
func (s *PortalsService) ListForCustomer(ctx context.Context, customerID string, params *PortalListParams, opts ...CallOption) *CursorIter[Portal] {
	return list[Portal](ctx, s.client, at(ops.PortalsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's portals
// (GET /api/v2/customers/{customer_id}/portals/). Pass the page's NextPage
// as params.Cursor for the next one. [IsNotFound] reports an unknown
// customer; [IsValidation] a refused params field.
func (s *PortalsService) ListForCustomerPage(ctx context.Context, customerID string, params *PortalListParams, opts ...CallOption) (*CursorPage[Portal], error) {
	return page[Portal](ctx, s.client, at(ops.PortalsListForCustomer, customerID), params, opts)
}

// ListForPocket iterates over the portals of a Pocket
// (GET /api/v2/pockets/{pocket_id}/portals/, inferred path). params may be
// nil. Errors arrive with the iteration: [IsNotFound] reports an unknown
// Pocket; [IsValidation] a refused params field.
func (s *PortalsService) ListForPocket(ctx context.Context, pocketID string, params *PortalListParams, opts ...CallOption) *CursorIter[Portal] {
	return list[Portal](ctx, s.client, at(ops.PortalsListForPocket, pocketID), params, opts)
}

// ListForPocketPage fetches one page of the portals of a Pocket
// (GET /api/v2/pockets/{pocket_id}/portals/, inferred path). Pass the
// page's NextPage as params.Cursor for the next one. [IsNotFound] reports an
// unknown Pocket; [IsValidation] a refused params field.
func (s *PortalsService) ListForPocketPage(ctx context.Context, pocketID string, params *PortalListParams, opts ...CallOption) (*CursorPage[Portal], error) {
	return page[Portal](ctx, s.client, at(ops.PortalsListForPocket, pocketID), params, opts)
}

// Create opens a portal on a Pocket: a bank-account portal, or a crypto
// deposit address on a network (POST /api/v2/pockets/{pocket_id}/portals/,
// inferred path). Pass [WithIdempotencyKey] with a key derived from your own
// record ([IdempotencyKeyFor]) so that a resend after a crash does not open
// a second portal; [MayHaveSucceeded] tells when to resend. [IsNotFound]
// reports an unknown Pocket; [IsValidation] a refused name, type or
// network.
func (s *PortalsService) Create(ctx context.Context, pocketID string, req *PortalCreateRequest, opts ...CallOption) (*Portal, error) {
	return call[Portal](ctx, s.client, at(ops.PortalsCreate, pocketID), nil, req, opts)
}

// Get reads a portal of a Pocket
// (GET /api/v2/pockets/{pocket_id}/portals/{portal_id}/, inferred path).
// [IsNotFound] reports an unknown portal.
func (s *PortalsService) Get(ctx context.Context, pocketID, portalID string, opts ...CallOption) (*Portal, error) {
	return call[Portal](ctx, s.client, at(ops.PortalsGet, pocketID, portalID), nil, nil, opts)
}

// Update renames or closes a portal
// (PATCH /api/v2/pockets/{pocket_id}/portals/{portal_id}/, inferred path;
// 204 with no body, as in the Customer API, so it returns only an error:
// [PortalsService.Get] reads the portal). Closing is irreversible;
// [IsPreconditionFailed] reports a portal that is already closed (assumed
// from the v1 Close Portal). [IsNotFound] reports an unknown portal;
// [IsValidation] a refused name or status.
func (s *PortalsService) Update(ctx context.Context, pocketID, portalID string, req *PortalUpdateRequest, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.PortalsUpdate, pocketID, portalID), nil, req, opts)
}

// Close closes a portal for good
// (PATCH /api/v2/pockets/{pocket_id}/portals/{portal_id}/ with status
// CLOSED, inferred path): [PortalsService.Update] in one call.
// [IsPreconditionFailed] reports a portal that is already closed, so a
// retried close can treat it as done; [IsNotFound] an unknown portal.
func (s *PortalsService) Close(ctx context.Context, pocketID, portalID string, opts ...CallOption) error {
	return s.Update(ctx, pocketID, portalID, &PortalUpdateRequest{Status: Set(PortalStatusClosed)}, opts...)
}

// PortalsV1Service reaches the v1 Portal operations: the routing and
// account numbers through which third parties pay into a Pocket. account_id
// in their paths is a Pocket id. Reach it as c.PortalsV1.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/portals
type PortalsV1Service service

// ListForPocket iterates over the portals of a Pocket
// (GET /api/v1/jiko-accounts/{account_id}/portals/). account_id is a Pocket
// id. The API answers the whole list at once, so the iterator has one page.
// Errors arrive with the iteration: [IsNotFound] reports an unknown Pocket.
func (s *PortalsV1Service) ListForPocket(ctx context.Context, pocketID string, opts ...CallOption) *OffsetIter[PortalV1] {
	return wholeList(ctx, s.client, at(ops.PortalsV1ListForPocket, pocketID), opts, portalsV1)
}

// ListForPocketPage fetches the portals of a Pocket
// (GET /api/v1/jiko-accounts/{account_id}/portals/) as one page, which holds
// them all. account_id is a Pocket id. [IsNotFound] reports an unknown
// Pocket.
func (s *PortalsV1Service) ListForPocketPage(ctx context.Context, pocketID string, opts ...CallOption) (*OffsetPage[PortalV1], error) {
	return wholePage(ctx, s.client, at(ops.PortalsV1ListForPocket, pocketID), opts, portalsV1)
}

// portalsV1 picks the portals out of the list's answer.
func portalsV1(l *portalV1List) []PortalV1 { return l.Portals }

// Create opens a portal on a Pocket
// (POST /api/v1/jiko-accounts/{account_id}/portals/, 201). account_id is a
// Pocket id. Pass [WithIdempotencyKey] with a key derived from your own
// record ([IdempotencyKeyFor]) so that a resend after a crash does not open
// a second portal; [MayHaveSucceeded] tells when to resend. [IsNotFound]
// reports an unknown Pocket; [IsValidation] a refused name.
func (s *PortalsV1Service) Create(ctx context.Context, pocketID string, req *PortalV1CreateRequest, opts ...CallOption) (*PortalV1, error) {
	return call[PortalV1](ctx, s.client, at(ops.PortalsV1Create, pocketID), nil, req, opts)
}

// Get reads a portal
// (GET /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/). account_id
// is a Pocket id. [IsNotFound] reports an unknown portal.
func (s *PortalsV1Service) Get(ctx context.Context, pocketID, portalID string, opts ...CallOption) (*PortalV1, error) {
	return call[PortalV1](ctx, s.client, at(ops.PortalsV1Get, pocketID, portalID), nil, nil, opts)
}

// Update renames a portal
// (PATCH /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/).
// account_id is a Pocket id. [IsNotFound] reports an unknown portal;
// [IsValidation] a refused name.
func (s *PortalsV1Service) Update(ctx context.Context, pocketID, portalID string, req *PortalV1UpdateRequest, opts ...CallOption) (*PortalV1, error) {
	return call[PortalV1](ctx, s.client, at(ops.PortalsV1Update, pocketID, portalID), nil, req, opts)
}

// Close closes a portal for good
// (POST /api/v1/jiko-accounts/{account_id}/portals/{portal_id}/close/, 204).
// account_id is a Pocket id. A portal that is already closed is refused with
// 412 "Portal is already closed": [IsPreconditionFailed] reports it, so a
// retried close can treat it as done. [IsNotFound] reports an unknown
// portal.
func (s *PortalsV1Service) Close(ctx context.Context, pocketID, portalID string, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.PortalsV1Close, pocketID, portalID), nil, nil, opts)
}
