package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
// [CustomersService.Get] returns it: an [*IndividualCustomer], a
// [*BusinessCustomer], or an [*UnknownCustomer] for a kind of customer this
// package does not know yet, so that a new kind never breaks a caller.
//
//	switch c := cust.(type) {
//	case *jiko.IndividualCustomer:
//		fmt.Println(c.Name.FirstName, c.DateOfBirth)
//	case *jiko.BusinessCustomer:
//		fmt.Println(c.Name)
//	}
type Customer interface {
	// CustomerType returns INDIVIDUAL, BUSINESS, or the type of an
	// UnknownCustomer.
	CustomerType() CustomerType
	// Details returns what every customer has: address, email, phone
	// number and account status.
	Details() CustomerDetails
	isCustomer()
}

// CustomerDetails holds the fields every kind of customer has; read them
// through [Customer.Details] without switching on the kind.
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

// Details returns d itself; every Customer has it through CustomerDetails.
func (d CustomerDetails) Details() CustomerDetails { return d }

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

// CustomerType returns INDIVIDUAL.
func (*IndividualCustomer) CustomerType() CustomerType { return CustomerIndividual }
func (*IndividualCustomer) isCustomer()                {}

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

// CustomerType returns BUSINESS.
func (*BusinessCustomer) CustomerType() CustomerType { return CustomerBusiness }
func (*BusinessCustomer) isCustomer()                {}

// UnknownCustomer is a customer of a type this package does not know. The
// fields every customer has are decoded; Raw keeps the whole object, so a
// partner can read a new kind's fields before this package models them.
type UnknownCustomer struct {
	CustomerDetails
	// Type is the customer's type as the API sent it.
	Type CustomerType
	// Raw is the customer object as the API sent it.
	Raw json.RawMessage
}

// CustomerType returns the type the API sent.
func (u *UnknownCustomer) CustomerType() CustomerType { return u.Type }
func (*UnknownCustomer) isCustomer()                  {}

// MarshalJSON returns the object as the API sent it.
func (u *UnknownCustomer) MarshalJSON() ([]byte, error) { return rawOrNull(u.Raw), nil }

// decodeCustomer decodes a customer object into the variant its type names.
func decodeCustomer(b []byte) (Customer, error) {
	var head struct {
		Type CustomerType `json:"type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("jiko: customer: %w", err)
	}
	var c Customer
	switch head.Type {
	case CustomerIndividual:
		c = new(IndividualCustomer)
	case CustomerBusiness:
		c = new(BusinessCustomer)
	default:
		u := &UnknownCustomer{Type: head.Type, Raw: bytes.Clone(b)}
		if err := json.Unmarshal(b, &u.CustomerDetails); err != nil {
			return nil, fmt.Errorf("jiko: customer of type %q: %w", head.Type, err)
		}
		return u, nil
	}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("jiko: %s customer: %w", head.Type, err)
	}
	return c, nil
}

// customerAnswer decodes the answer of Get Customer Data.
type customerAnswer struct{ Customer }

func (a *customerAnswer) UnmarshalJSON(b []byte) error {
	c, err := decodeCustomer(b)
	a.Customer = c
	return err
}

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

// Get reads a customer (GET /api/v1/customers/{customer_id}/): an
// [*IndividualCustomer], a [*BusinessCustomer], or an [*UnknownCustomer] for
// a new kind. [IsNotFound] reports an unknown customer.
func (s *CustomersService) Get(ctx context.Context, customerID string, opts ...Option) (Customer, error) {
	a, err := call[customerAnswer](ctx, s.client, "GET", at("/api/v1/customers/{customer_id}/", customerID), nil, nil, opts)
	if err != nil {
		return nil, err
	}
	return a.Customer, nil
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
func (s *CustomersService) UploadDocument(ctx context.Context, customerID string, docType DocumentType, file *File, opts ...Option) (*DocumentUpload, error) {
	r, err := uploadByType("/api/v1/customers/{customer_id}/documents/{document_type}/file/", customerID, docType, file)
	if err != nil {
		return nil, err
	}
	return send[DocumentUpload](ctx, s.client, r, opts)
}
