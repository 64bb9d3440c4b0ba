package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// CustomerType tells an individual customer from a business one; it is the
// discriminator of the Customer union.
type CustomerType string

// The customer types of the reference.
const (
	CustomerIndividual CustomerType = "INDIVIDUAL"
	CustomerBusiness   CustomerType = "BUSINESS"
)

// CustomerAccountStatus is the state of a customer's account.
type CustomerAccountStatus string

// The customer account statuses of the reference. PENDING is a customer
// without an open Pocket yet.
const (
	CustomerAccountOpen    CustomerAccountStatus = "OPEN"
	CustomerAccountClosed  CustomerAccountStatus = "CLOSED"
	CustomerAccountFrozen  CustomerAccountStatus = "FROZEN"
	CustomerAccountPending CustomerAccountStatus = "PENDING"
)

// Customer is a person or a business an approved application created, as
// [CustomersService.Get] returns it: a union keyed by "type", held in
// Variant, which is an [*IndividualCustomer], a [*BusinessCustomer], or an
// [*UnknownCustomer] for a kind of customer this package does not know yet
// or a customer it could not decode, so that neither breaks a caller.
//
//	switch c := cust.Variant.(type) {
//	case *jiko.IndividualCustomer:
//		fmt.Println(c.Name.FirstName, c.DateOfBirth)
//	case *jiko.BusinessCustomer:
//		fmt.Println(c.Name)
//	case *jiko.UnknownCustomer:
//		log.Printf("customer of type %s not decoded (%v)", c.Kind(), c.Err)
//	}
type Customer struct {
	// Variant is the customer's variant; see CustomerVariant.
	Variant CustomerVariant
}

// CustomerVariant is one kind of customer: [*IndividualCustomer],
// [*BusinessCustomer] or [*UnknownCustomer].
type CustomerVariant interface {
	// Common returns what every customer has: address, email, phone
	// number and account status.
	Common() *CustomerDetails
	isCustomerVariant()
}

// CustomerDetails holds the fields every kind of customer has; read them
// through [Customer.Common] without switching on the kind.
type CustomerDetails struct {
	// Address is the customer's address.
	Address Address `json:"address"`
	// Email is the customer's email address.
	Email string `json:"email"`
	// PhoneNumber is the customer's phone number.
	PhoneNumber string `json:"phone_number"`
	// AccountStatus is OPEN, CLOSED, FROZEN or PENDING (no open Pocket yet).
	AccountStatus CustomerAccountStatus `json:"account_status"`
}

// Common returns d itself; every variant has it through embedding.
func (d *CustomerDetails) Common() *CustomerDetails { return d }

// IndividualCustomer is a person who is a customer (type INDIVIDUAL).
type IndividualCustomer struct {
	CustomerDetails
	// Type is INDIVIDUAL.
	Type CustomerType `json:"type"`
	// Name is the person's name.
	Name Name `json:"name"`
	// DateOfBirth is the person's date of birth.
	DateOfBirth Date `json:"date_of_birth"`
}

func (*IndividualCustomer) isCustomerVariant() {}

// BusinessCustomer is a business that is a customer (type BUSINESS).
type BusinessCustomer struct {
	CustomerDetails
	// Type is BUSINESS.
	Type CustomerType `json:"type"`
	// Name is the business's legal name.
	Name string `json:"name"`
	// IdentificationNumber is the business's tax or registration number.
	IdentificationNumber BusinessIdentificationNumber `json:"identification_number"`
}

func (*BusinessCustomer) isCustomerVariant() {}

// UnknownCustomer is a customer of a type this package does not know, or
// one its known type's variant could not hold (Err says why). The fields
// every customer has are there when all of them decoded (nil otherwise);
// Raw keeps the whole
// object, so a partner can read a new kind's fields before this package
// models them.
type UnknownCustomer struct {
	// CustomerDetails holds the common members; nil unless every one of
	// them decoded.
	*CustomerDetails
	RawVariant
}

func (*UnknownCustomer) isCustomerVariant() {}

var customerUnion = newUnionTable("customer", "type", map[CustomerType]func() CustomerVariant{
	CustomerIndividual: func() CustomerVariant { return new(IndividualCustomer) },
	CustomerBusiness:   func() CustomerVariant { return new(BusinessCustomer) },
}, func(raw RawVariant) CustomerVariant { return &UnknownCustomer{RawVariant: raw} })

// Common returns the fields every customer has; nil when empty, or for an
// unknown customer whose common fields did not all decode.
func (c Customer) Common() *CustomerDetails {
	if c.Variant == nil || isNilPointer(c.Variant) {
		return nil
	}
	return c.Variant.Common()
}

// Kind returns INDIVIDUAL, BUSINESS, or the type an unknown customer came
// with ("" when empty).
func (c Customer) Kind() CustomerType { return customerUnion.kindOf(c.Variant) }

func (c Customer) variant() any { return c.Variant }

// UnmarshalJSON decodes the variant named by the "type" key.
func (c *Customer) UnmarshalJSON(b []byte) (err error) {
	c.Variant, err = customerUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant (an unknown one as it came).
func (c Customer) MarshalJSON() ([]byte, error) { return marshalVariant(c.Variant) }

// CustomersService reaches the Customer operations: reading a customer and
// uploading the documents an approved customer is asked for. Customers are
// created by approved applications (see [IndividualsService] and
// [BusinessesService]). Reach it as c.Customers.
//
// The current reference lists a first Customers operation whose name every
// copy found cuts short ("Get B…"); it is not wrapped here. [Client.Do]
// reaches it once its path is known.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/customers
type CustomersService service

// Get reads a customer (GET /api/v1/customers/{customer_id}/): its Variant
// is an [*IndividualCustomer], a [*BusinessCustomer], or an
// [*UnknownCustomer] for a new kind. [IsNotFound] reports an unknown
// customer.
func (s *CustomersService) Get(ctx context.Context, customerID string, opts ...CallOption) (*Customer, error) {
	return call[Customer](ctx, s.client, at(ops.CustomersGet, customerID), nil, nil, opts)
}

// UploadDocument uploads a document to an approved customer, such as one
// that supports a change request, a closure or an ACH request
// (POST /api/v1/customers/{customer_id}/documents/{document_type}/file/).
//
// The file is the request body, streamed with its Content-Type and
// Content-Length, an idempotency key and no signature; a retry sends it
// again from its start. ID_FRONT, ID_BACK, SELFIE and PASSPORT files may be
// up to 5 MiB, others just under 50 MiB ([DocumentType.MaxSize]); the
// accepted content types are those of [DocumentContentTypes]. All of this is
// checked before anything is sent. [IsValidation] reports a refused file or
// document type; [IsNotFound] an unknown customer.
func (s *CustomersService) UploadDocument(ctx context.Context, customerID string, docType DocumentType, file *File, opts ...CallOption) (*DocumentUpload, error) {
	r, err := uploadByType(ops.CustomersUploadDocument, customerID, docType, file)
	if err != nil {
		return nil, err
	}
	return send[DocumentUpload](ctx, s.client, r, opts)
}
