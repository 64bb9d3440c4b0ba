package jikotest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// This file holds the onboarding lifecycle the individual and business
// applications share, and the Individuals operations. An application is
// CREATED, Apply makes it SUBMITTED, and a Decision, taken at once by
// default or held for the test to take, moves it to APPROVED (which
// creates the Customer), DOCUMENTS_NEEDED (uploading the requested
// documents submits it again), MANUAL_REVIEW or REJECTED. Every decision
// records an application.* event. A submitted application no longer
// changes: its updates are refused with 412 (the code the reference uses for
// its other "no longer in that state" refusals; inferred).

// onboarding is the applications' state. The server's lock guards it.
type onboarding struct {
	agreements  []agreementVersion // every bundle served, the current last
	apps        map[string]*application
	individuals map[string]*individualFields
	businesses  map[string]*businessState
	documents   map[string]*document
	decisions   []Decision // queued by SetNextDecision
}

func newOnboarding() onboarding {
	return onboarding{
		// The contract's examples: its agreements answer serves "1.0.0",
		// and its application examples consent to "1", served before it.
		agreements:  []agreementVersion{{version: "1", released: "2022-01-01"}, {version: "1.0.0", released: "2023-01-01"}},
		apps:        map[string]*application{},
		individuals: map[string]*individualFields{},
		businesses:  map[string]*businessState{},
		documents:   map[string]*document{},
	}
}

type agreementVersion struct{ version, released string }

// application is the lifecycle part of an individual or business
// application.
type application struct {
	id         string
	business   bool
	status     string
	reasons    []string
	created    time.Time
	updated    time.Time
	customerID string
	docs       []string // document ids, in the order they were requested or uploaded
}

// document is a requested or uploaded document of an application, or an
// uploaded document of a customer.
type document struct {
	id, docType, status, name string
	appID, customerID         string
	generated                 bool // requested by the business's entity type
}

// Decision is the outcome the server gives a submitted application, queued
// with [Server.SetNextDecision] or taken with [Server.DecideApplication], to
// drive a partner's onboarding flow through each KYC or KYB outcome.
type Decision struct {
	// Status is APPROVED (the default, and a zero Status), DOCUMENTS_NEEDED,
	// MANUAL_REVIEW or REJECTED; SUBMITTED keeps the application under
	// review until DecideApplication.
	Status jiko.ApplicationStatus
	// Documents are the documents a DOCUMENTS_NEEDED decision asks for;
	// empty asks an individual for ID_FRONT and ID_BACK and a business for
	// BANK_STATEMENTS_1.
	Documents []jiko.DocumentType
	// Reasons are the application's exception_reasons, such as the reason
	// of a rejection.
	Reasons []jiko.ExceptionReason
}

// SetNextDecision queues the outcome of the next application submitted
// (by Apply, or by uploading the last document a DOCUMENTS_NEEDED
// decision asked for), to test each path of a partner's onboarding flow.
// Decisions are taken in the order they were queued; with none queued, an
// application is approved. A Status that is not a decision is refused.
func (s *Server) SetNextDecision(d Decision) error {
	if _, ok := decisionEvents[string(d.Status)]; !ok && d.Status != "" {
		return fmt.Errorf("jikotest: %s is not a decision: use APPROVED, DOCUMENTS_NEEDED, MANUAL_REVIEW, REJECTED or SUBMITTED", d.Status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.onboarding.decisions = append(s.state.onboarding.decisions, d)
	return nil
}

// decisionEvents maps each decision to the event it records; SUBMITTED
// records none.
var decisionEvents = map[string]string{
	"APPROVED": "application.approved", "DOCUMENTS_NEEDED": "application.documents_needed",
	"MANUAL_REVIEW": "application.manual_review", "REJECTED": "application.rejected", "SUBMITTED": "",
}

// DecideApplication takes a decision on an individual or business
// application that is SUBMITTED, DOCUMENTS_NEEDED or MANUAL_REVIEW, as
// Jiko's review would, and records its application.* event. A test holds an
// application with a SUBMITTED [Decision] and decides it here when it is
// ready.
func (s *Server) DecideApplication(applicationID string, d Decision) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.state.onboarding.apps[applicationID]
	switch {
	case a == nil:
		return fmt.Errorf("jikotest: no application %q", applicationID)
	case !slices.Contains([]string{"SUBMITTED", "DOCUMENTS_NEEDED", "MANUAL_REVIEW"}, a.status):
		return fmt.Errorf("jikotest: application %s is %s: only a submitted one can be decided", applicationID, a.status)
	}
	return s.decide(a, d)
}

// ApplicationStatus returns the status of an individual or business
// application, and whether it exists, to check a decision without a client
// call.
func (s *Server) ApplicationStatus(applicationID string) (jiko.ApplicationStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.state.onboarding.apps[applicationID]; a != nil {
		return jiko.ApplicationStatus(a.status), true
	}
	return "", false
}

// RelatedParties returns the related party application ids an approved
// business application linked to its customer, in the order they were
// added; nil for an individual or unknown customer. It lets a test check
// that a business's people were carried over to its customer.
func (s *Server) RelatedParties(customerID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.state.customers[customerID]; c != nil {
		return slices.Clone(c.relatedParties)
	}
	return nil
}

// SetAgreementVersion publishes a new agreement bundle:
// [jiko.IndividualsService.GetAgreements] serves it from now on, to test
// that a partner fetches the bundle for every application. Applications may
// carry the version of any bundle served so far, not another.
func (s *Server) SetAgreementVersion(version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.state.onboarding
	o.agreements = append(o.agreements, agreementVersion{version: version, released: s.now().UTC().Format(time.DateOnly)})
}

// The wire shapes the onboarding operations share.

type personNameWire struct {
	FirstName  string  `json:"first_name"`
	MiddleName *string `json:"middle_name,omitempty"`
	LastName   string  `json:"last_name"`
}

type postalAddressWire struct {
	StreetAddress  string `json:"street_address"`
	StreetAddress2 string `json:"street_address2,omitempty"`
	City           string `json:"city"`
	PostalCode     string `json:"postal_code"`
	State          string `json:"state,omitempty"`
	Country        string `json:"country"`
}

type consentWire struct {
	Version   string `json:"version"`
	Timestamp string `json:"timestamp"`
}

type investmentProfileWire struct {
	Income                       string `json:"income"`
	NetWorth                     string `json:"net_worth"`
	BDAssociation                string `json:"bd_association,omitempty"`
	DirectorPolicyMakerOfCompany string `json:"director_policy_maker_of_company,omitempty"`
	Occupation                   string `json:"occupation,omitempty"`
	EmploymentStatus             string `json:"employment_status"`
}

// documentWire is a Document. An individual's application lists its
// documents without exception_reason and name, as the reference's Apply
// example does; the business operations always carry both.
type documentWire struct {
	ID              string  `json:"id"`
	Type            string  `json:"type"`
	Status          string  `json:"status"`
	ExceptionReason *string `json:"exception_reason,omitempty"`
	Name            *string `json:"name,omitempty"`
}

type uploadWire struct {
	Success    bool   `json:"success"`
	DocumentID string `json:"document_id"`
}

type agreementWire struct {
	Version     string                  `json:"version"`
	ReleaseDate string                  `json:"release_date"`
	Documents   []agreementDocumentWire `json:"documents"`
}

type agreementDocumentWire struct {
	Title          string `json:"title"`
	PDFDownloadURL string `json:"pdf_download_url"`
	Type           string `json:"type"`
	Category       string `json:"category"`
}

// individualFields is an individual's application as it was created.
type individualFields struct {
	IdentificationNumber  *string                `json:"identification_number"`
	Name                  *personNameWire        `json:"name"`
	Email                 *string                `json:"email"`
	DateOfBirth           *string                `json:"date_of_birth"`
	InvestmentProfile     *investmentProfileWire `json:"investment_profile"`
	AgreementConsent      *consentWire           `json:"agreement_consent"`
	OriginallyOnboardedAt *string                `json:"originally_onboarded_at"`
	IdentificationType    *string                `json:"identification_type"`
	Address               *postalAddressWire     `json:"address"`
	PhoneNumber           *string                `json:"phone_number"`
	CitizenshipCountry    *string                `json:"citizenship_country"`
}

type dateOfBirthWire struct {
	DateOfBirth string `json:"date_of_birth"`
}

// internationalApplicationWire is an individual's application as the
// reference's examples show it.
type internationalApplicationWire struct {
	ID                                             string                `json:"id"`
	TimeCreated                                    string                `json:"time_created"`
	UpdatedAt                                      string                `json:"updated_at"`
	Status                                         string                `json:"status"`
	ExceptionReasons                               []string              `json:"exception_reasons"`
	PhoneNumber                                    string                `json:"phone_number"`
	AgreementConsent                               consentWire           `json:"agreement_consent"`
	Email                                          string                `json:"email"`
	Name                                           personNameWire        `json:"name"`
	DateOfBirth                                    dateOfBirthWire       `json:"date_of_birth"`
	InvestmentProfile                              investmentProfileWire `json:"investment_profile"`
	CustomerID                                     *string               `json:"customer_id,omitempty"`
	Documents                                      []documentWire        `json:"documents"`
	IDVerificationDocumentsNeeded                  bool                  `json:"id_verification_documents_needed"`
	IdentificationNumberVerificationDocumentNeeded bool                  `json:"identification_number_verification_document_needed"`
	AddressVerificationDocumentNeeded              bool                  `json:"address_verification_document_needed"`
	Address                                        postalAddressWire     `json:"address"`
	CitizenshipCountry                             string                `json:"citizenship_country"`
	ObjectType                                     string                `json:"object_type"`
}

// The enums the onboarding rules check, as the reference lists them.
var (
	incomes          = []string{"BELOW_50K", "BETWEEN_50K_AND_100K", "BETWEEN_100K_AND_250K", "OVER_250K"}
	netWorths        = []string{"BELOW_50K", "BETWEEN_50K_AND_200K", "BETWEEN_200K_AND_1M", "BETWEEN_1M_AND_5M", "OVER_5M"}
	employments      = []string{"EMPLOYED", "INDEPENDENT", "RETIRED", "STUDENT", "UNEMPLOYED"}
	applicationIDs   = []string{"SSN", "PASSPORT", "TIN", "DRIVERS_LICENSE"}
	identityDocTypes = []string{"ID_FRONT", "ID_BACK", "SELFIE", "PASSPORT"}
	documentTypes    = []string{
		"ID_FRONT", "ID_BACK", "SELFIE", "IDENTIFICATION_NUMBER_VERIFICATION", "ADDRESS_VERIFICATION", "PASSPORT",
		"EIN_CONFIRMATION", "OPERATING_AGREEMENT", "PARTNERSHIP_AGREEMENT", "ARTICLES_OF_INCORPORATION", "BYLAWS",
		"PROOF_OF_501_STATUS", "ARTICLES_OF_ASSOCIATION", "CORPORATE_CHARTER", "TRUST_FORMATION_RECORDS",
		"LIST_OF_TRUSTEES", "LEGAL_ANALYSIS_OF_BUSINESS_MODEL", "COINS_AND_TOKENS_LISTED_AND_OFFERED",
		"COIN_RATING_POLICY_AND_PROCEDURES", "TYPE_OF_BLOCKCHAIN_ANALYTICS_USED", "MARKET_MANIPULATION_POLICY",
		"BSA_AML_OFAC_POLICIES", "INDEPENDENT_AML_AUDIT_REPORT", "BSA_AML_OFAC_INTERNAL_RISK_ASSESSMENT",
		"ARTICLES_OF_ORGANIZATION", "FLOW_OF_FUNDS", "BANK_STATEMENTS_1", "BANK_STATEMENTS_2", "BANK_STATEMENTS_3",
		"WIRE_COUNTERPARTY_VERIFICATION", "OTHER",
	}
)

// agreementDocuments are the documents of every bundle the server serves.
var agreementDocuments = []struct{ title, typ, category string }{
	{"Jiko Privacy Policy", "PRIVACY_POLICY", "GENERAL"},
	{"Terms of Use", "TERMS_OF_USE", "GENERAL"},
	{"Electronic Communications Consent", "ELECTRONIC_COMMUNICATIONS", "E-SIGN"},
	{"Bank Account Agreement", "BANK_ACCOUNT", "BANK"},
	{"Brokerage Agreement", "BROKERAGE", "BROKERAGE"},
	{"US Treasuries Risk Disclosure", "US_TREASURIES_RISK", "BROKERAGE"},
}

func init() { resources = append(resources, registerIndividuals) }

// registerIndividuals adds the Individuals operations.
func registerIndividuals(s *Server) {
	s.mount(ops.IndividualsGetAgreements, s.listAgreements)
	s.mount(ops.IndividualsCreateApplication, s.createIndividual)
	s.mount(ops.IndividualsGetApplication, s.getIndividual)
	s.mount(ops.IndividualsApply, s.applyIndividual)
	s.mount(ops.IndividualsUploadDocument, s.uploadToIndividual)
}

func (s *Server) listAgreements(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	cur := s.state.onboarding.agreements[len(s.state.onboarding.agreements)-1]
	s.mu.Unlock()
	out := agreementWire{Version: cur.version, ReleaseDate: cur.released}
	for _, d := range agreementDocuments {
		out.Documents = append(out.Documents, agreementDocumentWire{
			Title: d.title, Type: d.typ, Category: d.category,
			PDFDownloadURL: "https://jikotest.invalid/agreements/" + cur.version + "/" + strings.ToLower(d.typ) + ".pdf",
		})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createIndividual(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.readIndividual(body)
	if failedSorted(w, body) {
		return
	}
	a := &application{id: uuid.NewString(), status: "CREATED", created: s.now(), updated: s.now()}
	s.state.onboarding.apps[a.id] = a
	s.state.onboarding.individuals[a.id] = f
	s.effects++
	writeJSON(w, http.StatusCreated, s.individualWire(a))
}

// readIndividual reads a create body, collecting what the API would
// refuse. The caller holds the lock: the age is checked on the server's
// clock and the agreement version against the bundles served.
func (s *Server) readIndividual(b bodyReader) *individualFields {
	return &individualFields{
		IdentificationNumber: member(b, "identification_number", true, readString),
		Name:                 member(b, "name", true, objectIn(readName)),
		Email:                member(b, "email", true, readEmail),
		DateOfBirth: member(b, "date_of_birth", true, func(b bodyReader, name string) *string {
			return adult(b, name, s.now())
		}),
		InvestmentProfile:     member(b, "investment_profile", true, objectIn(readInvestmentProfile)),
		AgreementConsent:      member(b, "agreement_consent", true, objectIn(readConsent(s.state.onboarding.agreements))),
		OriginallyOnboardedAt: member(b, "originally_onboarded_at", false, readString),
		IdentificationType:    member(b, "identification_type", false, readEnum(applicationIDs...)),
		Address:               member(b, "address", true, objectIn(readAddress)),
		PhoneNumber:           member(b, "phone_number", true, readString),
		CitizenshipCountry:    member(b, "citizenship_country", false, readString),
	}
}

// readInvestmentProfile reads an InvestmentProfile: an employed applicant
// names an occupation of at least 2 characters.
func readInvestmentProfile(b bodyReader) *investmentProfileWire {
	enum := func(name string, allowed []string) string {
		if v := member(b, name, true, readEnum(allowed...)); v != nil {
			return *v
		}
		return ""
	}
	p := &investmentProfileWire{
		Income: enum("income", incomes), NetWorth: enum("net_worth", netWorths),
		EmploymentStatus: enum("employment_status", employments),
		BDAssociation:    b.str("bd_association", false, 0), DirectorPolicyMakerOfCompany: b.str("director_policy_maker_of_company", false, 0),
		Occupation: b.str("occupation", false, 0),
	}
	if p.EmploymentStatus == "EMPLOYED" && !b.failedAt("occupation") && utf8.RuneCountInString(p.Occupation) < 2 {
		b.add("occupation", "ensure this value has at least 2 characters", "value_error.any_str.min_length")
	}
	return p
}

// pathIndividual returns the individual application the path names, or
// nil. The caller holds the lock.
func (s *Server) pathIndividual(r *http.Request) *application {
	a := s.state.onboarding.apps[r.PathValue("application_id")]
	if a == nil || a.business {
		return nil
	}
	return a
}

// findIndividual returns the individual application the path names, or
// answers 404. The caller holds the lock.
func (s *Server) findIndividual(w http.ResponseWriter, r *http.Request) *application {
	a := s.pathIndividual(r)
	if a == nil {
		notFound(w)
	}
	return a
}

func (s *Server) getIndividual(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		if a := s.pathIndividual(r); a != nil {
			return s.individualWire(a), true
		}
		return nil, false
	})
}

func (s *Server) applyIndividual(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.findIndividual(w, r)
	if a == nil || !s.stillCreated(w, a) {
		return
	}
	a.status, a.updated = "SUBMITTED", s.now()
	answer := s.individualWire(a)
	s.submit(a)
	s.effects++
	writeJSON(w, http.StatusOK, answer)
}

// stillCreated answers 412 for an application that was already submitted.
func (s *Server) stillCreated(w http.ResponseWriter, a *application) bool {
	if a.status != "CREATED" {
		failWith(w, http.StatusPreconditionFailed, "Application is "+a.status+": it can no longer be changed or submitted")
		return false
	}
	return true
}

func (s *Server) uploadToIndividual(w http.ResponseWriter, r *http.Request) {
	docType := r.PathValue("document_type")
	if !checkUpload(w, r, docType, false) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.findIndividual(w, r)
	if a == nil {
		return
	}
	var d *document
	for _, id := range a.docs {
		if c := s.state.onboarding.documents[id]; c.docType == docType && (c.status == "PENDING_UPLOAD" || c.status == "INVALID") {
			d = c
			break
		}
	}
	if d == nil {
		d = &document{id: uuid.NewString(), docType: docType, status: "PENDING_REVIEW", appID: a.id}
		s.state.onboarding.documents[d.id] = d
		a.docs = append(a.docs, d.id)
	} else {
		s.received(d, "")
	}
	a.updated = s.now()
	s.effects++
	writeJSON(w, http.StatusOK, uploadWire{Success: true, DocumentID: d.id})
}

// individualWire renders an individual's application. The caller holds the
// lock.
func (s *Server) individualWire(a *application) internationalApplicationWire {
	f := s.state.onboarding.individuals[a.id]
	out := internationalApplicationWire{
		ID: a.id, TimeCreated: timestamp(a.created), UpdatedAt: timestamp(a.updated), Status: a.status,
		ExceptionReasons: append([]string{}, a.reasons...), PhoneNumber: *f.PhoneNumber,
		AgreementConsent: *f.AgreementConsent, Email: *f.Email, Name: *f.Name,
		DateOfBirth: dateOfBirthWire{*f.DateOfBirth}, InvestmentProfile: *f.InvestmentProfile,
		Documents: []documentWire{}, Address: *f.Address, CitizenshipCountry: "US", ObjectType: "InternationalApplication",
	}
	if f.CitizenshipCountry != nil {
		out.CitizenshipCountry = *f.CitizenshipCountry
	}
	if a.customerID != "" {
		id := a.customerID
		out.CustomerID = &id
	}
	for _, id := range a.docs {
		d := s.state.onboarding.documents[id]
		out.Documents = append(out.Documents, documentWire{ID: d.id, Type: d.docType, Status: d.status})
		if d.status != "PENDING_UPLOAD" && d.status != "INVALID" {
			continue
		}
		switch {
		case slices.Contains(identityDocTypes, d.docType):
			out.IDVerificationDocumentsNeeded = true
		case d.docType == "IDENTIFICATION_NUMBER_VERIFICATION":
			out.IdentificationNumberVerificationDocumentNeeded = true
		case d.docType == "ADDRESS_VERIFICATION":
			out.AddressVerificationDocumentNeeded = true
		}
	}
	return out
}

// customerProfile is the Customer an approved individual application
// creates.
func (f *individualFields) customerProfile() *individualCustomerWire {
	return &individualCustomerWire{
		Address: *f.Address, Email: *f.Email, PhoneNumber: *f.PhoneNumber, Type: "INDIVIDUAL",
		Name: personNameWire{FirstName: f.Name.FirstName, LastName: f.Name.LastName}, DateOfBirth: *f.DateOfBirth,
	}
}

// The lifecycle rules.

// submit moves an application to SUBMITTED and takes the next queued
// decision. The caller holds the lock.
func (s *Server) submit(a *application) {
	a.status, a.updated = "SUBMITTED", s.now()
	o := &s.state.onboarding
	d := Decision{Status: jiko.ApplicationApproved}
	if len(o.decisions) > 0 {
		d, o.decisions = o.decisions[0], o.decisions[1:]
	}
	_ = s.decide(a, d)
}

// decide applies d to a, records its event and, on approval, creates the
// customer. The caller holds the lock.
func (s *Server) decide(a *application, d Decision) error {
	status := string(d.Status)
	if status == "" {
		status = "APPROVED"
	}
	typ, ok := decisionEvents[status]
	if !ok {
		return fmt.Errorf("jikotest: %s is not a decision: use APPROVED, DOCUMENTS_NEEDED, MANUAL_REVIEW, REJECTED or SUBMITTED", status)
	}
	a.status, a.updated = status, s.now()
	a.reasons = a.reasons[:0]
	for _, r := range d.Reasons {
		a.reasons = append(a.reasons, string(r))
	}
	switch status {
	case "SUBMITTED":
		return nil
	case "APPROVED":
		s.approve(a)
	case "DOCUMENTS_NEEDED":
		docs := d.Documents
		if len(docs) == 0 && a.business {
			docs = []jiko.DocumentType{jiko.DocumentBankStatements1}
		} else if len(docs) == 0 {
			docs = []jiko.DocumentType{jiko.DocumentIDFront, jiko.DocumentIDBack}
		}
		for _, t := range docs {
			s.requestDocument(a, string(t), false)
		}
	}
	s.state.events.record(s.now(), typ, map[string]any{"application_id": a.id})
	return nil
}

// approve creates the customer of an approved application. The caller
// holds the lock.
func (s *Server) approve(a *application) {
	c := &customer{id: uuid.NewString()}
	if a.business {
		b := s.state.onboarding.businesses[a.id]
		c.business = b.customerProfile()
		c.relatedParties = slices.Clone(b.partyOrder)
	} else {
		c.individual = s.state.onboarding.individuals[a.id].customerProfile()
	}
	s.state.customers[c.id] = c
	a.customerID = c.id
}

// requestDocument adds a PENDING_UPLOAD document of type t to a, unless one
// is already waiting for its file. The caller holds the lock.
func (s *Server) requestDocument(a *application, t string, generated bool) {
	for _, id := range a.docs {
		if d := s.state.onboarding.documents[id]; d.docType == t && (d.status == "PENDING_UPLOAD" || d.status == "INVALID") {
			return
		}
	}
	d := &document{id: uuid.NewString(), docType: t, status: "PENDING_UPLOAD", appID: a.id, generated: generated}
	s.state.onboarding.documents[d.id] = d
	a.docs = append(a.docs, d.id)
}

// received marks a document as uploaded and approved (as the reference's
// Upload Document example answers), and submits a DOCUMENTS_NEEDED
// application again once nothing it asked for is missing. The caller holds
// the lock.
func (s *Server) received(d *document, name string) {
	d.status, d.name = "APPROVED", name
	a := s.state.onboarding.apps[d.appID]
	if a == nil || a.status != "DOCUMENTS_NEEDED" || s.missingDocuments(a) > 0 {
		return
	}
	s.submit(a)
}

// missingDocuments counts a's documents still to upload. The caller holds
// the lock.
func (s *Server) missingDocuments(a *application) int {
	n := 0
	for _, id := range a.docs {
		if st := s.state.onboarding.documents[id].status; st == "PENDING_UPLOAD" || st == "INVALID" {
			n++
		}
	}
	return n
}
