package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// Counterparties (v1) and Counterparties: Plaid, as the v1.29 reference
// documents them. The current reference keeps the v1 Counterparties tag; the
// Plaid tag is no longer in its table of contents, so the Plaid operations
// may have been retired.

// CounterpartyTypeV1 is the kind of a v1 counterparty.
type CounterpartyTypeV1 string

// The v1 counterparty types of the reference.
const (
	CounterpartyTypeV1ACH  CounterpartyTypeV1 = "ACH"
	CounterpartyTypeV1Wire CounterpartyTypeV1 = "WIRE"
)

// ACHCounterpartyVerificationStatus is where the verification of a v1
// counterparty stands.
type ACHCounterpartyVerificationStatus string

// The verification statuses of the reference.
const (
	VerificationInProgress ACHCounterpartyVerificationStatus = "IN_PROGRESS"
	VerificationFailed     ACHCounterpartyVerificationStatus = "FAILED"
	VerificationVerified   ACHCounterpartyVerificationStatus = "VERIFIED"
)

// ACHCounterpartyVerificationType is how a v1 counterparty is verified.
type ACHCounterpartyVerificationType string

// The verification types of the reference.
const (
	VerificationTypeMicroDeposits       ACHCounterpartyVerificationType = "MICRO_DEPOSITS"
	VerificationTypePlaid               ACHCounterpartyVerificationType = "PLAID"
	VerificationTypePreVerified         ACHCounterpartyVerificationType = "PRE_VERIFIED"
	VerificationTypeIncomingWire        ACHCounterpartyVerificationType = "INCOMING_WIRE"
	VerificationTypeSupportingDocuments ACHCounterpartyVerificationType = "SUPPORTING_DOCUMENTS"
)

// PlaidVerificationStatus is where Plaid's verification of an account stands.
type PlaidVerificationStatus string

// The Plaid verification statuses of the reference.
const (
	PlaidPendingAutomaticVerification PlaidVerificationStatus = "PENDING_AUTOMATIC_VERIFICATION"
	PlaidPendingManualVerification    PlaidVerificationStatus = "PENDING_MANUAL_VERIFICATION"
	PlaidAutomaticallyVerified        PlaidVerificationStatus = "AUTOMATICALLY_VERIFIED"
	PlaidManuallyVerified             PlaidVerificationStatus = "MANUALLY_VERIFIED"
	PlaidVerificationExpired          PlaidVerificationStatus = "VERIFICATION_EXPIRED"
	PlaidVerificationFailed           PlaidVerificationStatus = "VERIFICATION_FAILED"
)

// CounterpartyV1 is an external bank account of a customer, as the
// [CounterpartiesV1Service] methods show it; its ID goes into ACH and wire
// transfer requests once it is verified ([CounterpartyV1.Verified]). Type
// says which of ACH and Wire describes it; the API may fill both.
type CounterpartyV1 struct {
	// ID identifies the counterparty.
	ID string `json:"id"`
	// Type is ACH or WIRE.
	Type CounterpartyTypeV1 `json:"type"`
	// ACH holds the account's ACH details, when it has them.
	ACH *ACHCounterpartyV1 `json:"ach,omitempty"`
	// Wire holds the account's wire details, when it has them.
	Wire *WireCounterpartyV1 `json:"wire,omitempty"`
	// ObjectType is the API's name for the object, "Counterparty".
	ObjectType string `json:"object_type"`

	// Undecoded is set when a member had a JSON type the SDK does not
	// model (such as ach.plaid as a string): it keeps the object as it
	// came and the error, the other fields are decoded as far as they go,
	// and the item never fails its page. It is nil otherwise.
	Undecoded *RawVariant `json:"-"`
}

// counterpartyV1Fields is CounterpartyV1 without its methods, for its
// decoder and the drift audit.
type counterpartyV1Fields CounterpartyV1

// UnmarshalJSON decodes the counterparty; a member of the wrong JSON type
// sets Undecoded instead of failing (see CounterpartyV1.Undecoded). Only
// bytes that are not JSON are an error.
func (c *CounterpartyV1) UnmarshalJSON(b []byte) error {
	*c = CounterpartyV1{}
	err := json.Unmarshal(b, (*counterpartyV1Fields)(c))
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return err
	}
	c.Undecoded = &RawVariant{Raw: bytes.Clone(b), Err: fmt.Errorf("jiko: v1 counterparty of type %q: %w", c.Type, err), kind: string(c.Type)}
	return nil
}

// MarshalJSON encodes the counterparty, or for one that did not decode
// whole, the object as it came.
func (c CounterpartyV1) MarshalJSON() ([]byte, error) {
	if c.Undecoded != nil {
		return rawOrNull(c.Undecoded.Raw), nil
	}
	return json.Marshal((*counterpartyV1Fields)(&c))
}

// variant lets the drift audit report a counterparty that did not decode
// whole as an unknown variant, and walk any other by its fields.
func (c CounterpartyV1) variant() any {
	if c.Undecoded != nil {
		return c.Undecoded
	}
	return (*counterpartyV1Fields)(&c)
}

// Verified reports whether the details of the counterparty's own type are
// verified, so that money can move.
func (c *CounterpartyV1) Verified() bool {
	switch c.Type {
	case CounterpartyTypeV1ACH:
		return c.ACH != nil && c.ACH.Status == VerificationVerified
	case CounterpartyTypeV1Wire:
		return c.Wire != nil && c.Wire.Status == VerificationVerified
	}
	return false
}

// CounterpartyAccountV1 is what the ACH and wire sides of a v1
// counterparty share: the external account and its verification.
type CounterpartyAccountV1 struct {
	// TimeCreated is when the counterparty was added.
	TimeCreated Timestamp `json:"time_created"`
	// VerificationType is how ownership is being verified.
	VerificationType ACHCounterpartyVerificationType `json:"verification_type"`
	// Status is IN_PROGRESS, FAILED or VERIFIED; only VERIFIED moves money.
	Status ACHCounterpartyVerificationStatus `json:"status"`
	// AccountNumber is the account number at the external bank.
	AccountNumber string `json:"account_number"`
	// RoutingNumber is the external bank's routing number.
	RoutingNumber string `json:"routing_number"`
	// NameOnAccount is the account holder's name.
	NameOnAccount string `json:"name_on_account"`
	// AccountType is SAVINGS or CHECKING.
	AccountType ACHCounterpartyAccountType `json:"account_type"`
	// InstitutionName is the external bank's name.
	InstitutionName string `json:"institution_name"`
}

// ACHCounterpartyV1 is the ACH side of a v1 counterparty.
type ACHCounterpartyV1 struct {
	CounterpartyAccountV1
	// Plaid is set when the account was linked through Plaid.
	Plaid *CounterpartyPlaid `json:"plaid,omitempty"`
	// MicroDeposits is set when ownership is verified by micro-deposits.
	MicroDeposits *CounterpartyMicroDeposits `json:"micro_deposits,omitempty"`
}

// WireCounterpartyV1 is the wire side of a v1 counterparty.
type WireCounterpartyV1 struct {
	CounterpartyAccountV1
}

// CounterpartyPlaid is what Plaid reported about a linked account.
type CounterpartyPlaid struct {
	// Mask is the last digits of the account number, as Plaid shows them.
	Mask string `json:"mask"`
	// VerificationStatus is where Plaid's verification stands. When it is
	// PENDING_MANUAL_VERIFICATION the user must come back in 1-2 business
	// days and go through Plaid Link again with a link token created for
	// this counterparty (PlaidLinkTokenRequest.CounterpartyID).
	VerificationStatus PlaidVerificationStatus `json:"verification_status,omitempty"`
	// ObjectType is the API's name for the object, "CounterpartyPlaid".
	ObjectType string `json:"object_type,omitempty"`
}

// CounterpartyMicroDeposits tracks a micro-deposit verification.
type CounterpartyMicroDeposits struct {
	// VerificationFailureCount is how many attempts failed.
	VerificationFailureCount int `json:"verification_failure_count"`
}

// CounterpartyV1ListParams pages a customer's v1 counterparties
// ([CounterpartiesV1Service.ListForCustomer] and [CounterpartiesV1Service.ListForCustomerPage]).
type CounterpartyV1ListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *CounterpartyV1ListParams) validate() error {
	return checkLimit("CounterpartyV1ListParams.Limit", p.Limit, MaxCounterpartyListLimit)
}

// PlaidLinkTokenRequest is the body of
// [CounterpartiesV1Service.CreatePlaidLinkToken]: it asks for a Plaid Link
// token to start the Plaid Link flow in the partner's app.
type PlaidLinkTokenRequest struct {
	// ClientName is the app name Plaid Link shows; required.
	ClientName string `json:"client_name"`
	// RedirectURI enables OAuth institutions; not with AndroidPackageName.
	RedirectURI string `json:"redirect_uri,omitempty"`
	// AndroidPackageName identifies an Android app; not with RedirectURI.
	AndroidPackageName string `json:"android_package_name,omitempty"`
	// CounterpartyID resumes the Same Day Micro-deposits verification of
	// this counterparty; empty starts a new link.
	CounterpartyID string `json:"counterparty_id,omitempty"`
}

func (r *PlaidLinkTokenRequest) validate() error {
	var android, counterparty error
	if r.RedirectURI != "" && r.AndroidPackageName != "" {
		android = invalid("PlaidLinkTokenRequest.AndroidPackageName", "cannot be set with RedirectURI: use one")
	}
	if r.CounterpartyID != "" && strings.TrimSpace(r.CounterpartyID) == "" {
		counterparty = invalid("PlaidLinkTokenRequest.CounterpartyID", "is blank")
	}
	return checkAll(checkRequired("PlaidLinkTokenRequest.ClientName", r.ClientName), android, counterparty)
}

// PlaidLinkToken is a token that opens Plaid Link for one customer, as
// [CounterpartiesV1Service.CreatePlaidLinkToken] returns it; hand LinkToken
// to Plaid Link in the partner's app before it expires.
type PlaidLinkToken struct {
	// LinkToken is handed to Plaid Link in the partner's app.
	LinkToken string `json:"link_token"`
	// Expiration is when the token expires, as the API writes it (an RFC
	// 3339 timestamp in the reference's example); see ExpiresAt.
	Expiration string `json:"expiration"`
}

// ExpiresAt parses Expiration as an RFC 3339 timestamp, to tell when a new
// token is needed.
func (t *PlaidLinkToken) ExpiresAt() (time.Time, error) {
	return time.Parse(time.RFC3339, t.Expiration)
}

// PlaidCounterpartiesCreateRequest is the body of
// [CounterpartiesV1Service.CreatePlaid]: it forwards what Plaid Link
// returned, to create counterparties for the accounts the user selected.
// Printing it with fmt (any verb) never shows its public token.
type PlaidCounterpartiesCreateRequest struct {
	// PublicToken is the public_token Plaid Link returned; required.
	PublicToken string `json:"public_token"`
	// Accounts are the accounts the user selected; at least one.
	Accounts []PlaidAccount `json:"accounts"`
	// InstitutionID is Plaid's institution id; required except in the Same
	// Day Micro-deposits flow.
	InstitutionID string `json:"institution_id,omitempty"`
}

// PlaidAccount is one account selected in Plaid Link.
type PlaidAccount struct {
	// ID is Plaid's account id; required.
	ID string `json:"id"`
	// Name is the account's name at the institution.
	Name string `json:"name,omitempty"`
	// Mask is the last digits of the account number.
	Mask string `json:"mask,omitempty"`
}

func (r *PlaidCounterpartiesCreateRequest) validate() error {
	errs := []error{checkRequired("PlaidCounterpartiesCreateRequest.PublicToken", r.PublicToken)}
	if len(r.Accounts) == 0 {
		errs = append(errs, invalid("PlaidCounterpartiesCreateRequest.Accounts", "is empty: at least one account is required"))
	}
	for i, a := range r.Accounts {
		errs = append(errs, checkRequired(fmt.Sprintf("PlaidCounterpartiesCreateRequest.Accounts[%d].ID", i), a.ID))
	}
	return checkAll(errs...)
}

// String describes the request without its public token.
func (r PlaidCounterpartiesCreateRequest) String() string {
	return fmt.Sprintf("jiko.PlaidCounterpartiesCreateRequest{PublicToken: [redacted], Accounts: %d, InstitutionID: %q}", len(r.Accounts), r.InstitutionID)
}

// GoString is String, for %#v.
func (r PlaidCounterpartiesCreateRequest) GoString() string { return r.String() }

// Format prints String for every verb, so no verb shows the token.
func (r PlaidCounterpartiesCreateRequest) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(r.String()))
}

// LogValue logs the request with its Plaid public token redacted.
func (r PlaidCounterpartiesCreateRequest) LogValue() slog.Value { return slog.StringValue(r.String()) }

// PlaidCounterparties is the answer of [CounterpartiesV1Service.CreatePlaid]:
// one counterparty per selected account.
type PlaidCounterparties struct {
	// Items are the new counterparties.
	Items []CounterpartyV1 `json:"items"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type,omitempty"`
}

// CounterpartiesV1Service reaches the v1 Counterparties and Counterparties:
// Plaid operations: a customer's ACH and wire counterparties, and linking
// bank accounts through Plaid. [CounterpartiesService] is the current (v2)
// API for every counterparty type. Reach it as c.CounterpartiesV1.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/counterparties
type CounterpartiesV1Service service

// ListForCustomer iterates over a customer's counterparties
// (GET /api/v1/customers/{customer_id}/counterparties/). params may be nil.
// The v1 list shows ACH and wire counterparties only;
// [CounterpartiesService.ListForCustomer] shows every type. Errors arrive with the
// iteration: [IsNotFound] reports an unknown customer; [IsValidation] a
// refused params field.
func (s *CounterpartiesV1Service) ListForCustomer(ctx context.Context, customerID string, params *CounterpartyV1ListParams, opts ...CallOption) *CursorIter[CounterpartyV1] {
	return list[CounterpartyV1](ctx, s.client, at(ops.CounterpartiesV1ListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's counterparties
// (GET /api/v1/customers/{customer_id}/counterparties/). Pass the page's
// NextPage as params.Cursor for the next one. [IsNotFound] reports an
// unknown customer; [IsValidation] a refused params field.
func (s *CounterpartiesV1Service) ListForCustomerPage(ctx context.Context, customerID string, params *CounterpartyV1ListParams, opts ...CallOption) (*CursorPage[CounterpartyV1], error) {
	return page[CounterpartyV1](ctx, s.client, at(ops.CounterpartiesV1ListForCustomer, customerID), params, opts)
}

// Get reads a counterparty
// (GET /api/v1/customers/{customer_id}/counterparties/{counterparty_id}/);
// poll it to follow its verification ([CounterpartyV1.Verified]).
// [IsNotFound] reports an unknown one.
func (s *CounterpartiesV1Service) Get(ctx context.Context, customerID, counterpartyID string, opts ...CallOption) (*CounterpartyV1, error) {
	return call[CounterpartyV1](ctx, s.client, at(ops.CounterpartiesV1Get, customerID, counterpartyID), nil, nil, opts)
}

// CreatePlaidLinkToken creates the token that opens Plaid Link in the
// partner's app
// (POST /api/v1/customers/{customer_id}/counterparties/plaid/link-token/).
// Set req.CounterpartyID to resume a Same Day Micro-deposits verification.
// [IsNotFound] reports an unknown customer; [IsValidation] a refused field.
func (s *CounterpartiesV1Service) CreatePlaidLinkToken(ctx context.Context, customerID string, req *PlaidLinkTokenRequest, opts ...CallOption) (*PlaidLinkToken, error) {
	return call[PlaidLinkToken](ctx, s.client, at(ops.CounterpartiesV1CreatePlaidLinkToken, customerID), nil, req, opts)
}

// CreatePlaid creates counterparties from the result of Plaid Link
// (POST /api/v1/customers/{customer_id}/counterparties/plaid/). They start
// IN_PROGRESS; poll [CounterpartiesV1Service.Get] until VERIFIED. Pass
// [WithIdempotencyKey] with a key derived from the Plaid public token's
// session in your records so that a resend after a crash does not create
// them twice; [MayHaveSucceeded] tells when to resend. [IsNotFound] reports
// an unknown customer; [IsValidation] a refused field.
//
// The public token never reaches the error: where the API's answer echoes
// it, the [Error]'s message, issues and body hold a placeholder instead.
func (s *CounterpartiesV1Service) CreatePlaid(ctx context.Context, customerID string, req *PlaidCounterpartiesCreateRequest, opts ...CallOption) (*PlaidCounterparties, error) {
	return call[PlaidCounterparties](ctx, s.client, at(ops.CounterpartiesV1CreatePlaid, customerID), nil, req, opts)
}

// VerifyPlaid tells Jiko that the user completed the Same Day
// Micro-deposits flow in Plaid Link
// (POST /api/v1/customers/{customer_id}/counterparties/{counterparty_id}/plaid/verify/;
// 204). Then poll [CounterpartiesV1Service.Get] until the counterparty is
// VERIFIED. [IsNotFound] reports an unknown counterparty.
func (s *CounterpartiesV1Service) VerifyPlaid(ctx context.Context, customerID, counterpartyID string, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.CounterpartiesV1VerifyPlaid, customerID, counterpartyID), nil, nil, opts)
}
