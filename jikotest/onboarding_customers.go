package jikotest

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// The Customers operations: a customer's profile is the approved
// application's; its account_status is OPEN once it has an open Pocket and
// PENDING before (the reference's changelog: PENDING is a customer without
// an open Pocket).

// individualCustomerWire is the reference's Individual customer.
type individualCustomerWire struct {
	Address       postalAddressWire `json:"address"`
	Email         string            `json:"email"`
	PhoneNumber   string            `json:"phone_number"`
	AccountStatus string            `json:"account_status"`
	Type          string            `json:"type"`
	Name          personNameWire    `json:"name"`
	DateOfBirth   string            `json:"date_of_birth"`
}

// businessCustomerWire is the reference's Business customer.
type businessCustomerWire struct {
	Address              postalAddressWire `json:"address"`
	Email                string            `json:"email"`
	PhoneNumber          string            `json:"phone_number"`
	AccountStatus        string            `json:"account_status"`
	Type                 string            `json:"type"`
	Name                 string            `json:"name"`
	IdentificationNumber businessIDWire    `json:"identification_number"`
}

// placeholderCustomer is the profile of a customer added by AddCustomer:
// the reference's Get Customer Data example.
var placeholderCustomer = individualCustomerWire{
	Address: postalAddressWire{StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94701", State: "CA", Country: "US"},
	Email:   "jiko@example.com", PhoneNumber: "+14155550100", Type: "INDIVIDUAL",
	Name: personNameWire{FirstName: "Jiko", LastName: "Customer"}, DateOfBirth: "1970-01-01",
}

func init() { resources = append(resources, registerCustomers) }

// registerCustomers adds the Customers operations.
func registerCustomers(s *Server) {
	s.mount(ops.CustomersGet, s.getCustomer)
	s.mount(ops.CustomersUploadDocument, s.uploadToCustomer)
}

// customerOr404 returns the customer the path names, or answers 404. The
// caller holds the lock.
func (s *Server) customerOr404(w http.ResponseWriter, r *http.Request) *customer {
	c := s.state.customers[r.PathValue("customer_id")]
	if c == nil {
		notFound(w)
	}
	return c
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.customerOr404(w, r)
	if c == nil {
		return
	}
	status := "PENDING"
	for _, p := range s.state.pockets {
		if p.customerID == c.id && p.status == "OPEN" {
			status = "OPEN"
		}
	}
	switch {
	case c.business != nil:
		out := *c.business
		out.AccountStatus = status
		writeJSON(w, http.StatusOK, out)
	default:
		out := placeholderCustomer
		if c.individual != nil {
			out = *c.individual
		}
		out.AccountStatus = status
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) uploadToCustomer(w http.ResponseWriter, r *http.Request) {
	docType := r.PathValue("document_type")
	if !checkUpload(w, r, docType, false) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.customerOr404(w, r)
	if c == nil {
		return
	}
	d := &document{id: uuid.NewString(), docType: docType, status: "PENDING_REVIEW", customerID: c.id}
	s.state.onboarding.documents[d.id] = d
	s.effects++
	writeJSON(w, http.StatusOK, uploadWire{Success: true, DocumentID: d.id})
}
