package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// Counterparties V2. The partner reference has a Counterparties V2 tag whose
// operation pages could not be read; the paths, the create bodies (known
// from the sibling Customer API's Counterparties V2 pages, builds 5153994b
// and fd60d28d) and the response shapes marked "Inferred" below are the
// best reading of what was published, not a confirmed contract.

// CounterpartyType is the kind of a counterparty of the current API: the rail
// money moves on.
type CounterpartyType string

// The counterparty types. ach, wire, international_wire and on_us are the
// filter values the reference shows; crypto_wallet_address is inferred from
// the name of its create schema (CreateCryptoWalletAddressCounterpartyRequest).
const (
	CounterpartyTypeACH                 CounterpartyType = "ach"
	CounterpartyTypeWire                CounterpartyType = "wire"
	CounterpartyTypeInternationalWire   CounterpartyType = "international_wire"
	CounterpartyTypeOnUs                CounterpartyType = "on_us"
	CounterpartyTypeCryptoWalletAddress CounterpartyType = "crypto_wallet_address"
)

// CounterpartyStatus is where a counterparty of the current API stands. Jiko
// moves money only to and from a linked counterparty.
type CounterpartyStatus string

// The counterparty statuses the reference lists (it says "etc.": others may
// come, and decode as they are).
const (
	CounterpartyStatusPending  CounterpartyStatus = "PENDING"
	CounterpartyStatusLinked   CounterpartyStatus = "LINKED"
	CounterpartyStatusUnlinked CounterpartyStatus = "UNLINKED"
)

// CounterpartyVerificationMethod is how Jiko confirmed (or will confirm) that
// the customer owns the external account.
type CounterpartyVerificationMethod string

// The verification methods of the reference, in its order.
const (
	VerificationMethodIncomingWire        CounterpartyVerificationMethod = "incoming_wire"
	VerificationMethodMicroDeposits       CounterpartyVerificationMethod = "micro_deposits"
	VerificationMethodNameMatch           CounterpartyVerificationMethod = "name_match"
	VerificationMethodPlaid               CounterpartyVerificationMethod = "plaid"
	VerificationMethodPreVerified         CounterpartyVerificationMethod = "pre_verified"
	VerificationMethodSupportingDocuments CounterpartyVerificationMethod = "supporting_documents"
	VerificationMethodUnverified          CounterpartyVerificationMethod = "unverified"
)

// ACHCounterpartyAccountType is the kind of an external bank account.
type ACHCounterpartyAccountType string

// The account types of the reference (v1.29 ACHCounterpartyAccountType).
const (
	ACHAccountSavings  ACHCounterpartyAccountType = "SAVINGS"
	ACHAccountChecking ACHCounterpartyAccountType = "CHECKING"
)

// CounterpartyNameType tells a business name from an individual's name.
type CounterpartyNameType string

// The name kinds of the reference (the discriminator of counterparty_name).
const (
	CounterpartyNameBusiness   CounterpartyNameType = "business"
	CounterpartyNameIndividual CounterpartyNameType = "individual"
)

// WireIdentifierType says what the identifier of an international wire
// counterparty is. Inferred: the reference says identifier_type was added to
// support IBANs but its values could not be read.
type WireIdentifierType string

// The identifier types (inferred values).
const (
	WireIdentifierAccountNumber WireIdentifierType = "ACCOUNT_NUMBER"
	WireIdentifierIBAN          WireIdentifierType = "IBAN"
)

// CounterpartyCommon holds the fields every counterparty has, whatever its
// type; read them through [Counterparty.Common] without switching on
// the type. Inferred: the reference's response schema could not be read;
// the fields follow the v1 Counterparty and the v2 list filters.
type CounterpartyCommon struct {
	// ID identifies the counterparty; pass it to ACH and wire transfers.
	ID string `json:"id"`
	// Type is the rail: ach, wire, international_wire, on_us, ...
	Type CounterpartyType `json:"type"`
	// Status is PENDING until Jiko has verified the account, then LINKED;
	// UNLINKED once it can no longer be used.
	Status CounterpartyStatus `json:"status"`
	// VerificationMethod is how ownership was or will be verified.
	VerificationMethod CounterpartyVerificationMethod `json:"verification_method"`
	// CustomerID is the customer the counterparty belongs to.
	CustomerID string `json:"customer_id"`
	// TimeCreated is when the counterparty was created.
	TimeCreated Timestamp `json:"time_created"`
	// ObjectType is the API's name for the object, "Counterparty".
	ObjectType string `json:"object_type"`
}

// Common returns the fields every counterparty has.
func (c *CounterpartyCommon) Common() *CounterpartyCommon { return c }

// Linked reports whether Jiko will move money to and from the counterparty:
// check it before an ACH, wire or on-us transfer names it.
func (c *CounterpartyCommon) Linked() bool { return c.Status == CounterpartyStatusLinked }

// CounterpartyVariant is one kind of counterparty: [*ACHCounterparty],
// [*WireCounterparty], [*InternationalWireCounterparty],
// [*OnUsCounterparty], [*CryptoWalletAddressCounterparty], or
// [*UnknownCounterparty] for a type this version of the package does not
// know or a counterparty it could not decode.
type CounterpartyVariant interface {
	// Common returns the fields every counterparty has.
	Common() *CounterpartyCommon
	isCounterpartyVariant()
}

// Counterparty is an external account a customer moves money to or from, of
// any type, as the [CounterpartiesService] methods return it: a union keyed
// by "type", held in Variant. Its ID (Common().ID) goes into ACH, wire and
// on-us transfer requests. Switch on its variant:
//
//	switch v := cp.Variant.(type) {
//	case *jiko.ACHCounterparty:
//		fmt.Println(v.RoutingNumber, v.AccountNumber)
//	case *jiko.UnknownCounterparty:
//		fmt.Println("not decoded", v.Kind(), v.Err, string(v.Raw))
//	}
type Counterparty struct {
	// Variant is the counterparty's variant; see CounterpartyVariant.
	Variant CounterpartyVariant
}

var counterpartyUnion = newUnionTable("counterparty", "type", map[CounterpartyType]func() CounterpartyVariant{
	CounterpartyTypeACH:                 func() CounterpartyVariant { return new(ACHCounterparty) },
	CounterpartyTypeWire:                func() CounterpartyVariant { return new(WireCounterparty) },
	CounterpartyTypeInternationalWire:   func() CounterpartyVariant { return new(InternationalWireCounterparty) },
	CounterpartyTypeOnUs:                func() CounterpartyVariant { return new(OnUsCounterparty) },
	CounterpartyTypeCryptoWalletAddress: func() CounterpartyVariant { return new(CryptoWalletAddressCounterparty) },
}, func(raw RawVariant) CounterpartyVariant { return &UnknownCounterparty{RawVariant: raw} })

// Common returns the fields every counterparty has; nil when empty, or
// for an unknown one whose common fields did not all decode.
func (c Counterparty) Common() *CounterpartyCommon {
	if c.Variant == nil || isNilPointer(c.Variant) {
		return nil
	}
	return c.Variant.Common()
}

// Kind returns the counterparty's type, as it came for an unknown one.
func (c Counterparty) Kind() CounterpartyType { return counterpartyUnion.kindOf(c.Variant) }

func (c Counterparty) variant() any { return c.Variant }

// UnmarshalJSON decodes the variant named by the object's type; an unknown
// type, or a counterparty its type's variant cannot hold, decodes into
// [*UnknownCounterparty], keeping the raw JSON.
func (c *Counterparty) UnmarshalJSON(b []byte) (err error) {
	c.Variant, err = counterpartyUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant as the API sends it.
func (c Counterparty) MarshalJSON() ([]byte, error) { return marshalVariant(c.Variant) }

// ACHCounterparty is a US bank account reached by ACH. Inferred fields: the
// v1 ACH counterparty's.
type ACHCounterparty struct {
	CounterpartyCommon
	// RoutingNumber is the bank's 9-digit ABA routing number.
	RoutingNumber string `json:"routing_number"`
	// AccountNumber is the account number at that bank.
	AccountNumber string `json:"account_number"`
	// AccountType is SAVINGS or CHECKING.
	AccountType ACHCounterpartyAccountType `json:"account_type"`
	// NameOnAccount is the account holder's name.
	NameOnAccount string `json:"name_on_account"`
	// InstitutionName is the bank's name, when Jiko knows it.
	InstitutionName *string `json:"institution_name"`
}

// WireCounterparty is a US bank account reached by domestic wire. Its
// fields are those of the reference's create body.
type WireCounterparty struct {
	CounterpartyCommon
	// RoutingNumber is the bank's 9-digit ABA routing number.
	RoutingNumber string `json:"routing_number"`
	// Identifier is the account number (or IBAN) at that bank.
	Identifier string `json:"identifier"`
	// Address is the beneficiary's address.
	Address CounterpartyAddress `json:"address"`
	// WireInstructions are extra instructions sent with each wire.
	WireInstructions string `json:"wire_instructions,omitempty"`
	// CounterpartyName is the beneficiary: a business or an individual.
	CounterpartyName CounterpartyName `json:"counterparty_name"`
}

// InternationalWireCounterparty is a bank account outside the US reached by
// international (SWIFT) wire. Inferred: the reference names the variant and
// its identifier_type; the other fields follow the domestic wire.
type InternationalWireCounterparty struct {
	CounterpartyCommon
	// RoutingNumber is the bank's SWIFT/BIC code.
	RoutingNumber string `json:"routing_number"`
	// Identifier is the account number or IBAN at that bank.
	Identifier string `json:"identifier"`
	// IdentifierType says whether Identifier is an account number or an IBAN.
	IdentifierType WireIdentifierType `json:"identifier_type"`
	// Address is the beneficiary's address.
	Address CounterpartyAddress `json:"address"`
	// WireInstructions are extra instructions sent with each wire.
	WireInstructions string `json:"wire_instructions,omitempty"`
	// CounterpartyName is the beneficiary: a business or an individual.
	CounterpartyName CounterpartyName `json:"counterparty_name"`
}

// OnUsCounterparty is another Jiko Pocket, reached by on-us (book) transfer.
type OnUsCounterparty struct {
	CounterpartyCommon
	// AccountNumber is the Pocket's Jiko network address.
	AccountNumber string `json:"account_number"`
}

// CryptoWalletAddressCounterparty is an on-chain wallet. Inferred: the
// reference names the variant only; the fields are a guess.
type CryptoWalletAddressCounterparty struct {
	CounterpartyCommon
	// WalletAddress is the on-chain address.
	WalletAddress string `json:"wallet_address"`
	// Network is the blockchain the address lives on.
	Network string `json:"network"`
}

// UnknownCounterparty is a counterparty of a type this version of the
// package does not know, or one its known type's variant could not hold
// (Err says why), so that neither breaks a caller. Its common fields are
// filled as far as they decode; Raw keeps the whole object.
type UnknownCounterparty struct {
	// CounterpartyCommon holds the common members; nil unless every one
	// of them decoded.
	*CounterpartyCommon
	RawVariant
}

func (*ACHCounterparty) isCounterpartyVariant()                 {}
func (*WireCounterparty) isCounterpartyVariant()                {}
func (*InternationalWireCounterparty) isCounterpartyVariant()   {}
func (*OnUsCounterparty) isCounterpartyVariant()                {}
func (*CryptoWalletAddressCounterparty) isCounterpartyVariant() {}
func (*UnknownCounterparty) isCounterpartyVariant()             {}

// CounterpartyAddress is the postal address of a wire beneficiary.
type CounterpartyAddress struct {
	// StreetAddress is the street and number.
	StreetAddress string `json:"street_address"`
	// StreetAddress2 is the apartment, suite or box, if any.
	StreetAddress2 string `json:"street_address2,omitempty"`
	// City is the city or town.
	City string `json:"city"`
	// PostalCode is the postal or ZIP code.
	PostalCode string `json:"postal_code"`
	// State is the state's postal abbreviation, such as "NJ".
	State string `json:"state"`
	// Country is the ISO 3166 alpha-2 country code, such as "US".
	Country string `json:"country"`
}

// CounterpartyNameVariant is the name of a wire beneficiary: [*BusinessName]
// or [*IndividualName] (or [*UnknownCounterpartyName] when decoding a kind
// this version does not know, or a name it could not decode).
type CounterpartyNameVariant interface {
	isCounterpartyNameVariant()
}

// CounterpartyName holds the name of a wire beneficiary of either kind: a
// union keyed by "type", held in Variant. Build it with
// [BusinessCounterpartyName] or [IndividualCounterpartyName].
type CounterpartyName struct {
	// Variant is the name's kind; see CounterpartyNameVariant.
	Variant CounterpartyNameVariant
}

// BusinessCounterpartyName names a business beneficiary, for the
// CounterpartyName of a wire counterparty's create request.
func BusinessCounterpartyName(name string) CounterpartyName {
	return CounterpartyName{&BusinessName{BusinessName: name}}
}

// IndividualCounterpartyName names a person, for the CounterpartyName of a
// wire counterparty's create request.
func IndividualCounterpartyName(first, last string) CounterpartyName {
	return CounterpartyName{&IndividualName{FirstName: first, LastName: last}}
}

// BusinessName names a business beneficiary.
type BusinessName struct {
	// BusinessName is the business's legal name.
	BusinessName string `json:"business_name"`
}

// IndividualName names a person. Inferred: the reference's individual
// fields could not be read.
type IndividualName struct {
	// FirstName is the person's given name.
	FirstName string `json:"first_name"`
	// LastName is the person's family name.
	LastName string `json:"last_name"`
}

// UnknownCounterpartyName is a name of a kind this version does not know,
// or one its known kind's variant could not hold (Err says why).
type UnknownCounterpartyName struct {
	RawVariant
}

func (*BusinessName) isCounterpartyNameVariant()            {}
func (*IndividualName) isCounterpartyNameVariant()          {}
func (*UnknownCounterpartyName) isCounterpartyNameVariant() {}

var counterpartyNameUnion = newUnionTable("counterparty name", "type", map[CounterpartyNameType]func() CounterpartyNameVariant{
	CounterpartyNameBusiness:   func() CounterpartyNameVariant { return new(BusinessName) },
	CounterpartyNameIndividual: func() CounterpartyNameVariant { return new(IndividualName) },
}, func(raw RawVariant) CounterpartyNameVariant { return &UnknownCounterpartyName{RawVariant: raw} })

// MarshalJSON encodes the name with "type": "business".
func (n *BusinessName) MarshalJSON() ([]byte, error) {
	type plain BusinessName
	return typedJSON("type", string(CounterpartyNameBusiness), (*plain)(n))
}

// MarshalJSON encodes the name with "type": "individual".
func (n *IndividualName) MarshalJSON() ([]byte, error) {
	type plain IndividualName
	return typedJSON("type", string(CounterpartyNameIndividual), (*plain)(n))
}

// Kind returns the name's kind, as it came for an unknown one ("" when
// empty).
func (n CounterpartyName) Kind() CounterpartyNameType { return counterpartyNameUnion.kindOf(n.Variant) }

func (n CounterpartyName) variant() any { return n.Variant }

// MarshalJSON encodes the name with its type (an unknown one as it came).
func (n CounterpartyName) MarshalJSON() ([]byte, error) { return marshalVariant(n.Variant) }

// UnmarshalJSON decodes the kind named by type.
func (n *CounterpartyName) UnmarshalJSON(b []byte) (err error) {
	n.Variant, err = counterpartyNameUnion.decode(b, "")
	return err
}

// MaxCounterpartyListLimit is the largest page size of the counterparty
// lists (the v1.29 limit; assumed for v2).
const MaxCounterpartyListLimit = 100

// CounterpartyListParams filters and pages a customer's counterparties
// ([CounterpartiesService.ListForCustomer] and [CounterpartiesService.ListForCustomerPage]).
type CounterpartyListParams struct {
	// Type keeps one kind of counterparty (type); empty keeps all.
	Type CounterpartyType `json:"type,omitempty" url:"type,omitempty"`
	// Status keeps counterparties in one state (status); empty keeps all.
	Status CounterpartyStatus `json:"status,omitempty" url:"status,omitempty"`
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *CounterpartyListParams) validate() error {
	if p.Type != "" {
		if err := checkEnum("CounterpartyListParams.Type", p.Type, counterpartyTypeValues); err != nil {
			return err
		}
	}
	if p.Status != "" {
		if err := checkEnum("CounterpartyListParams.Status", p.Status, counterpartyStatusValues); err != nil {
			return err
		}
	}
	return checkLimit("CounterpartyListParams.Limit", p.Limit, MaxCounterpartyListLimit)
}

// CounterpartyUpdateRequest is the body of [CounterpartiesService.Update]:
// the new status of a counterparty, such as UNLINKED to stop using it.
type CounterpartyUpdateRequest struct {
	// Status is the new status; required.
	Status CounterpartyStatus `json:"status"`
}

func (r *CounterpartyUpdateRequest) validate() error {
	return checkEnum("CounterpartyUpdateRequest.Status", r.Status, counterpartyStatusValues)
}

// CounterpartiesService reaches the Counterparties V2 operations of the
// Partner API: the external accounts of every type (ACH, domestic and
// international wire, on-us, crypto wallet) a customer moves money to or
// from. Reach it as c.Counterparties.
//
// The partner paths are inferred: the reference's operation pages could
// not be read. The Customer API serves the same operations at
// /api/v2/counterparties/ for its one customer; the Partner API scopes
// everything it does for a customer under /customers/{customer_id}/ (v1
// counterparties, and v2 List Customer Portals at
// /api/v2/customers/{customer_id}/portals/), so these methods use
// /api/v2/customers/{customer_id}/counterparties/.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/counterparties-v2
type CounterpartiesService service

// ListForCustomer iterates over a customer's counterparties
// (GET /api/v2/customers/{customer_id}/counterparties/, inferred path),
// following the cursors. params may be nil. Errors arrive with the
// iteration: [IsNotFound] reports an unknown customer; [IsValidation] a
// refused params field.
func (s *CounterpartiesService) ListForCustomer(ctx context.Context, customerID string, params *CounterpartyListParams, opts ...CallOption) *CursorIter[Counterparty] {
	return list[Counterparty](ctx, s.client, at(ops.CounterpartiesListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's counterparties
// (GET /api/v2/customers/{customer_id}/counterparties/, inferred path).
// Pass the page's NextPage as params.Cursor for the next one. [IsNotFound]
// reports an unknown customer; [IsValidation] a refused params field.
func (s *CounterpartiesService) ListForCustomerPage(ctx context.Context, customerID string, params *CounterpartyListParams, opts ...CallOption) (*CursorPage[Counterparty], error) {
	return page[Counterparty](ctx, s.client, at(ops.CounterpartiesListForCustomer, customerID), params, opts)
}

// Get reads one counterparty
// (GET /api/v2/customers/{customer_id}/counterparties/{counterparty_id}/,
// inferred path). Poll it until Status is LINKED
// ([CounterpartyCommon.Linked]) before moving money. [IsNotFound] reports an
// unknown counterparty.
func (s *CounterpartiesService) Get(ctx context.Context, customerID, counterpartyID string, opts ...CallOption) (*Counterparty, error) {
	return call[Counterparty](ctx, s.client, at(ops.CounterpartiesGet, customerID, counterpartyID), nil, nil, opts)
}

// Create adds a counterparty to a customer
// (POST /api/v2/customers/{customer_id}/counterparties/, inferred path).
// req is one of the typed create requests, such as
// [*ACHCounterpartyCreateRequest]; it is checked before anything is sent
// (routing number checksum, account number, address, name). The new
// counterparty starts PENDING. Pass [WithIdempotencyKey] with a key derived
// from your own record ([IdempotencyKeyFor]) so that a resend after a crash
// does not add it twice; [MayHaveSucceeded] tells when to resend.
// [IsValidation] reports a refused field; [IsNotFound] an unknown customer.
func (s *CounterpartiesService) Create(ctx context.Context, customerID string, req CounterpartyCreateRequest, opts ...CallOption) (*Counterparty, error) {
	if req == nil || isNilPointer(req) {
		return nil, invalid("CounterpartyCreateRequest", "is nil")
	}
	return call[Counterparty](ctx, s.client, at(ops.CounterpartiesCreate, customerID), nil, req, opts)
}

// Update changes the status of a counterparty
// (PATCH /api/v2/customers/{customer_id}/counterparties/{counterparty_id}/,
// inferred path; the answer is assumed to be the updated counterparty, as
// for Update Pocket). [IsNotFound] reports an unknown counterparty;
// [IsValidation] a status outside the known ones.
func (s *CounterpartiesService) Update(ctx context.Context, customerID, counterpartyID string, req *CounterpartyUpdateRequest, opts ...CallOption) (*Counterparty, error) {
	return call[Counterparty](ctx, s.client, at(ops.CounterpartiesUpdate, customerID, counterpartyID), nil, req, opts)
}
