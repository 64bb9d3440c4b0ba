package jikotest

import (
	"math/big"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko/internal/ops"
)

// The Businesses operations. A business application is filled in over
// several calls; its Document Requests follow its entity type (the fake's
// own rule: the reference says only that they are generated from what the
// application says); Apply needs the business's name, entity type,
// identification number, address, contact and agreement consent, at least
// one related party and every requested document (the fake's own rule,
// after the guide's "submit once all three are complete"), and answers 422
// otherwise.

// businessState is a business application's own data.
type businessState struct {
	fields     businessFields
	parties    map[string]*relatedPartyFields
	partyOrder []string
}

// businessFields is what a business application says about the business;
// nil is absent. It is also the first part of the application's answer.
type businessFields struct {
	Name                 *string            `json:"name,omitempty"`
	EntityType           *string            `json:"entity_type,omitempty"`
	DoingBusinessAs      *string            `json:"doing_business_as,omitempty"`
	IdentificationNumber *businessIDWire    `json:"identification_number,omitempty"`
	Address              *postalAddressWire `json:"address,omitempty"`
	Website              *string            `json:"website,omitempty"`
	Contact              *contactWire       `json:"contact,omitempty"`
	FormationDate        *string            `json:"formation_date,omitempty"`
	RiskInfo             *riskInfoWire      `json:"risk_info,omitempty"`
	Industry             *industryWire      `json:"industry,omitempty"`
	AgreementConsent     *consentWire       `json:"agreement_consent,omitempty"`
}

type businessIDWire struct {
	IdentificationNumber string `json:"identification_number"`
	Type                 string `json:"type"`
}

type contactWire struct {
	Name        *personNameWire `json:"name,omitempty"`
	PhoneNumber string          `json:"phone_number,omitempty"`
	Email       string          `json:"email,omitempty"`
}

type riskInfoWire struct {
	RiskCategories               []string `json:"risk_categories"`
	CompanyMission               string   `json:"company_mission,omitempty"`
	HasCurrentEnforcementActions *bool    `json:"has_current_enforcement_actions,omitempty"`
	PrimaryRegulator             string   `json:"primary_regulator,omitempty"`
	BusinessActivityLocation     string   `json:"business_activity_location,omitempty"`
	SourceOfFunds                string   `json:"source_of_funds,omitempty"`
	AccountUsage                 string   `json:"account_usage,omitempty"`
	AnnualRevenue                string   `json:"annual_revenue,omitempty"`
	MonthlyTransactions          string   `json:"monthly_transactions,omitempty"`
	FirstMonthDeposit            string   `json:"first_month_deposit,omitempty"`
}

type industryWire struct {
	Industry      string `json:"industry,omitempty"`
	OtherIndustry string `json:"other_industry,omitempty"`
}

// businessApplicationWire is a business application as the reference's
// examples show it.
type businessApplicationWire struct {
	businessFields
	ID               string   `json:"id"`
	TimeCreated      string   `json:"time_created"`
	UpdatedAt        string   `json:"updated_at"`
	Status           string   `json:"status"`
	ExceptionReasons []string `json:"exception_reasons"`
	CustomerID       *string  `json:"customer_id,omitempty"`
}

// relatedPartyFields is what a related party application says; nil is
// absent.
type relatedPartyFields struct {
	Title                *string            `json:"title,omitempty"`
	Name                 *personNameWire    `json:"name,omitempty"`
	Address              *postalAddressWire `json:"address,omitempty"`
	DateOfBirth          *string            `json:"date_of_birth,omitempty"`
	IdentificationNumber *individualIDWire  `json:"identification_number,omitempty"`
	PhoneNumber          *string            `json:"phone_number,omitempty"`
	Roles                *[]string          `json:"roles,omitempty"`
	OwnershipPercentage  *string            `json:"ownership_percentage,omitempty"`
	Citizenship          *string            `json:"citizenship,omitempty"`
	Email                *string            `json:"email,omitempty"`
}

type individualIDWire struct {
	IdentificationNumber string `json:"identification_number"`
	IdentificationType   string `json:"identification_type"`
}

// relatedPartyWire is a related party application as the reference's
// examples show it, its identification number masked.
type relatedPartyWire struct {
	relatedPartyFields
	ID string `json:"id"`
}

var (
	entityTypes        = []string{"SOLE_PROPRIETOR", "CORPORATE", "LLC", "PARTNERSHIP", "INCORPORATED_ASSOCIATION", "UNINCORPORATED_ASSOCIATION"}
	businessIDTypes    = []string{"TIN", "EIN", "NON_US_BUSINESS_ID"}
	individualIDTypes  = []string{"SSN", "PASSPORT", "NON_US_ID"}
	roles              = []string{"CONTROL_PERSON", "AUTHORIZED_REPRESENTATIVE"}
	riskCategories     = []string{"INTERNET_GAMBLING", "CANNABIS", "CRYPTOCURRENCY", "CROWDFUNDING", "FINANCIAL_OR_MONEY_MOVEMENT"}
	activityLocations  = []string{"PRIMARILY_US", "MIX_OF_US_AND_NON_US", "PRIMARILY_NON_US"}
	sourcesOfFunds     = []string{"INTERNAL_FUNDS", "CLIENT_OR_EXTERNAL_FUNDS"}
	accountUsages      = []string{"MONEY_STORAGE"}
	annualRevenues     = []string{"PRE_REVENUE", "5M_OR_LESS", "BETWEEN_5M_100M", "100M_OR_MORE"}
	monthlyTxns        = []string{"5_OR_LESS", "BETWEEN_5_AND_15", "15_OR_MORE"}
	firstMonthDeposits = []string{"1M_OR_LESS", "BETWEEN_1M_AND_5M", "BETWEEN_5M_AND_20M", "BETWEEN_20M_AND_50M", "50M_OR_MORE"}
	industries         = []string{
		"ACCOUNTING_AND_BOOKKEEPING", "ADVERTISING", "ART", "ATM_OPERATOR", "BEAUTY_AND_COSMETIC_SERVICES", "BIOTECH",
		"BUSINESS_MANAGEMENT", "CLEANING_SERVICES", "CONSTRUCTION", "CONSULTING", "CRYPTOCURRENCY", "DESIGN", "ECOMMERCE",
		"EDUCATION", "ENERGY", "ENTERTAINMENT", "FINANCIAL_SERVICES", "FITNESS", "FOOD", "GAMBLING", "HARDWARE",
		"HEALTHCARE", "HOSPITALITY", "INSURANCE", "INVESTMENTS", "LEGAL_SERVICES", "MARKETING", "MARKETPLACE", "NONPROFIT",
		"OTHER", "PARKING_GARAGE", "PROFESSIONAL_TECHNICAL_OR_MECHANICAL_SERVICES", "REAL_ESTATE", "RECRUITING",
		"RESEARCH", "RESTAURANT", "RETAIL_STORES", "SECURITY", "SHIPPING_WAREHOUSING", "SOFTWARE", "SPORTS_TEAM",
		"SUPPORT_SERVICES", "TECHNOLOGY", "TRANSPORTATION", "TRAVEL", "WHOLESALE", "VENDING_MACHINE_OPERATOR",
		"WASTE_MANAGEMENT",
	}
	// formationDocuments is the document each entity type is asked for.
	formationDocuments = map[string]string{
		"CORPORATE": "ARTICLES_OF_INCORPORATION", "LLC": "OPERATING_AGREEMENT", "PARTNERSHIP": "PARTNERSHIP_AGREEMENT",
		"INCORPORATED_ASSOCIATION": "ARTICLES_OF_ASSOCIATION", "UNINCORPORATED_ASSOCIATION": "ARTICLES_OF_ASSOCIATION",
	}
)

func init() { resources = append(resources, registerBusinesses) }

// registerBusinesses adds the Businesses operations.
func registerBusinesses(s *Server) {
	s.mount(ops.BusinessesCreateApplication, s.createBusiness)
	s.mount(ops.BusinessesGetApplication, s.getBusiness)
	s.mount(ops.BusinessesUpdateApplication, s.updateBusiness)
	s.mount(ops.BusinessesApply, s.applyBusiness)
	s.mount(ops.BusinessesListRelatedParties, s.listParties)
	s.mount(ops.BusinessesCreateRelatedParty, s.createParty)
	s.mount(ops.BusinessesUpdateRelatedParty, s.updateParty)
	s.mount(ops.BusinessesDeleteRelatedParty, s.deleteParty)
	s.mount(ops.BusinessesListDocumentRequests, s.listDocumentRequests)
	s.mount(ops.BusinessesUploadDocument, s.uploadDocument)
}

func (s *Server) createBusiness(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := &businessState{parties: map[string]*relatedPartyFields{}}
	if !s.patchBusiness(w, b, body) {
		return
	}
	a := &application{id: uuid.NewString(), business: true, status: "CREATED", created: s.now(), updated: s.now()}
	s.state.onboarding.apps[a.id] = a
	s.state.onboarding.businesses[a.id] = b
	s.requestFormationDocument(a, b)
	s.effects++
	writeJSON(w, http.StatusCreated, s.businessWire(a))
}

// patchBusiness applies the members of a create or update body to b, or
// answers 422 and leaves b as it was. The caller holds the lock: the
// agreement version is checked against the bundles served.
func (s *Server) patchBusiness(w http.ResponseWriter, b *businessState, body bodyReader) bool {
	next := b.fields
	patch(body, "name", &next.Name, readString)
	patch(body, "entity_type", &next.EntityType, readEnum(entityTypes...))
	patch(body, "doing_business_as", &next.DoingBusinessAs, readString)
	patch(body, "identification_number", &next.IdentificationNumber, objectIn(func(in bodyReader) *businessIDWire {
		return &businessIDWire{IdentificationNumber: in.text("identification_number", true, 250), Type: in.enum("type", true, businessIDTypes...)}
	}))
	patch(body, "address", &next.Address, objectIn(readAddress))
	patch(body, "website", &next.Website, readString)
	patch(body, "contact", &next.Contact, objectIn(readContact))
	// formation_date is any string: v1.29 types it so, with no format,
	// and the fake is no stricter than the contract.
	patch(body, "formation_date", &next.FormationDate, readString)
	patch(body, "risk_info", &next.RiskInfo, objectIn(readRiskInfo))
	patch(body, "industry", &next.Industry, objectIn(func(in bodyReader) *industryWire {
		return &industryWire{Industry: *readEnum(industries...)(in, "industry"), OtherIndustry: in.str("other_industry", false, 0)}
	}))
	patch(body, "agreement_consent", &next.AgreementConsent, objectIn(readConsent(s.state.onboarding.agreements)))
	if failedSorted(w, body) {
		return false
	}
	b.fields = next
	return true
}

// readContact reads a BusinessContact.
func readContact(b bodyReader) *contactWire {
	c := &contactWire{PhoneNumber: b.str("phone_number", false, 0)}
	patch(b, "name", &c.Name, objectIn(readName))
	if b.has("email") {
		c.Email = *readEmail(b, "email")
	}
	return c
}

// readRiskInfo reads a RiskInfo; its risk categories are never null.
func readRiskInfo(b bodyReader) *riskInfoWire {
	ri := &riskInfoWire{
		RiskCategories: b.enums("risk_categories", riskCategories...), CompanyMission: b.str("company_mission", false, 0),
		PrimaryRegulator: b.str("primary_regulator", false, 0),
	}
	if ri.RiskCategories == nil {
		ri.RiskCategories = []string{}
	}
	if b.has("has_current_enforcement_actions") {
		v := b.boolean("has_current_enforcement_actions")
		ri.HasCurrentEnforcementActions = &v
	}
	for name, e := range map[string]struct {
		dst  *string
		list []string
	}{
		"business_activity_location": {&ri.BusinessActivityLocation, activityLocations},
		"source_of_funds":            {&ri.SourceOfFunds, sourcesOfFunds},
		"account_usage":              {&ri.AccountUsage, accountUsages},
		"annual_revenue":             {&ri.AnnualRevenue, annualRevenues},
		"monthly_transactions":       {&ri.MonthlyTransactions, monthlyTxns},
		"first_month_deposit":        {&ri.FirstMonthDeposit, firstMonthDeposits},
	} {
		*e.dst = *readEnum(e.list...)(b, name)
	}
	return ri
}

// requestFormationDocument keeps the Document Request of the business's
// entity type: a new type drops the request of the old one if nothing was
// uploaded to it. The caller holds the lock.
func (s *Server) requestFormationDocument(a *application, b *businessState) {
	want := ""
	if b.fields.EntityType != nil {
		want = formationDocuments[*b.fields.EntityType]
	}
	a.docs = slices.DeleteFunc(a.docs, func(id string) bool {
		d := s.state.onboarding.documents[id]
		drop := d.generated && d.docType != want && d.status == "PENDING_UPLOAD"
		if drop {
			delete(s.state.onboarding.documents, id)
		}
		return drop
	})
	if want != "" {
		s.requestDocument(a, want, true)
	}
}

// pathBusiness returns the business application the path names, or nil.
// The caller holds the lock.
func (s *Server) pathBusiness(r *http.Request) *application {
	a := s.state.onboarding.apps[r.PathValue("application_id")]
	if a == nil || !a.business {
		return nil
	}
	return a
}

// findBusiness returns the business application the path names, or
// answers 404. The caller holds the lock.
func (s *Server) findBusiness(w http.ResponseWriter, r *http.Request) (*application, *businessState) {
	a := s.pathBusiness(r)
	if a == nil {
		notFound(w)
		return nil, nil
	}
	return a, s.state.onboarding.businesses[a.id]
}

func (s *Server) getBusiness(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (businessApplicationWire, bool) {
		if a := s.pathBusiness(r); a != nil {
			return s.businessWire(a), true
		}
		return businessApplicationWire{}, false
	})
}

func (s *Server) updateBusiness(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.findBusiness(w, r)
	if a == nil || !s.stillCreated(w, a) || !s.patchBusiness(w, b, body) {
		return
	}
	s.requestFormationDocument(a, b)
	a.updated = s.now()
	s.effects++
	writeJSON(w, http.StatusOK, s.businessWire(a))
}

func (s *Server) applyBusiness(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.findBusiness(w, r)
	if a == nil || !s.stillCreated(w, a) {
		return
	}
	var is issues
	f := b.fields
	for key, present := range map[string]bool{
		"name": f.Name != nil, "entity_type": f.EntityType != nil, "identification_number": f.IdentificationNumber != nil,
		"address": f.Address != nil, "contact": f.Contact != nil, "agreement_consent": f.AgreementConsent != nil,
	} {
		if !present {
			is.missingIn("business_application", key)
		}
	}
	if len(b.partyOrder) == 0 {
		is.add(issue{Loc: []any{"related_party_applications"}, Msg: "at least one related party application is required", Type: "value_error"})
	}
	for _, id := range a.docs {
		if d := s.state.onboarding.documents[id]; d.status == "PENDING_UPLOAD" || d.status == "INVALID" {
			is.add(issue{Loc: []any{"documents", d.id}, Msg: d.docType + " is " + d.status, Type: "value_error"})
		}
	}
	if len(is) > 0 {
		validationError(w, is.sorted()...)
		return
	}
	a.status, a.updated = "SUBMITTED", s.now()
	answer := s.businessWire(a)
	s.submit(a)
	s.effects++
	writeJSON(w, http.StatusOK, answer)
}

// businessWire renders a business application. The caller holds the lock.
func (s *Server) businessWire(a *application) businessApplicationWire {
	out := businessApplicationWire{
		businessFields: s.state.onboarding.businesses[a.id].fields,
		ID:             a.id, TimeCreated: timestamp(a.created), UpdatedAt: timestamp(a.updated), Status: a.status,
		ExceptionReasons: append([]string{}, a.reasons...),
	}
	if a.customerID != "" {
		id := a.customerID
		out.CustomerID = &id
	}
	return out
}

// customerProfile is the Customer an approved business application
// creates.
func (b *businessState) customerProfile() *businessCustomerWire {
	f := b.fields
	c := &businessCustomerWire{Address: *f.Address, Type: "BUSINESS", Name: *f.Name, IdentificationNumber: *f.IdentificationNumber}
	c.Email, c.PhoneNumber = f.Contact.Email, f.Contact.PhoneNumber
	return c
}

func (s *Server) listParties(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, b := s.findBusiness(w, r)
	if b == nil {
		return
	}
	out := []relatedPartyWire{}
	for _, id := range b.partyOrder {
		out = append(out, partyWire(id, b.parties[id]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createParty(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.findBusiness(w, r)
	if a == nil || !s.stillCreated(w, a) {
		return
	}
	p := &relatedPartyFields{}
	if !patchParty(w, p, body) {
		return
	}
	id := uuid.NewString()
	b.parties[id], b.partyOrder = p, append(b.partyOrder, id)
	a.updated = s.now()
	s.effects++
	writeJSON(w, http.StatusCreated, partyWire(id, p))
}

// findParty returns the related party the path names, answering 404 or 412
// as the other lookups do. The caller holds the lock.
func (s *Server) findParty(w http.ResponseWriter, r *http.Request) (*application, *businessState, string) {
	a, b := s.findBusiness(w, r)
	if a == nil {
		return nil, nil, ""
	}
	id := r.PathValue("related_party_application_id")
	if b.parties[id] == nil {
		notFound(w)
		return nil, nil, ""
	}
	if !s.stillCreated(w, a) {
		return nil, nil, ""
	}
	return a, b, id
}

func (s *Server) updateParty(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b, id := s.findParty(w, r)
	if a == nil || !patchParty(w, b.parties[id], body) {
		return
	}
	a.updated = s.now()
	s.effects++
	writeJSON(w, http.StatusOK, partyWire(id, b.parties[id]))
}

func (s *Server) deleteParty(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b, id := s.findParty(w, r)
	if a == nil {
		return
	}
	delete(b.parties, id)
	b.partyOrder = slices.DeleteFunc(b.partyOrder, func(x string) bool { return x == id })
	a.updated = s.now()
	s.effects++
	w.WriteHeader(http.StatusNoContent)
}

// patchParty applies the members of a create or update body to p, or
// answers 422 and leaves p as it was.
func patchParty(w http.ResponseWriter, p *relatedPartyFields, body bodyReader) bool {
	next := *p
	patch(body, "title", &next.Title, readString)
	patch(body, "name", &next.Name, objectIn(readName))
	patch(body, "address", &next.Address, objectIn(readAddress))
	patch(body, "date_of_birth", &next.DateOfBirth, readDate)
	patch(body, "identification_number", &next.IdentificationNumber, objectIn(func(in bodyReader) *individualIDWire {
		return &individualIDWire{IdentificationNumber: in.text("identification_number", true, 250), IdentificationType: in.enum("identification_type", true, individualIDTypes...)}
	}))
	patch(body, "phone_number", &next.PhoneNumber, readString)
	patch(body, "roles", &next.Roles, readEnums(roles...))
	patch(body, "ownership_percentage", &next.OwnershipPercentage, readFraction)
	patch(body, "citizenship", &next.Citizenship, readString)
	patch(body, "email", &next.Email, readEmail)
	if failedSorted(w, body) {
		return false
	}
	*p = next
	return true
}

// readFraction reads an ownership percentage. Inferred: a fraction from 0
// to 1, as the reference's "0.51".
func readFraction(b bodyReader, name string) *string {
	v := b.str(name, false, 0)
	if r, ok := new(big.Rat).SetString(v); b.isString(name) && (!ok || r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0) {
		b.add(name, "ensure this value is a decimal from 0 to 1", "value_error")
	}
	return &v
}

// partyWire renders a related party, its identification number masked.
func partyWire(id string, p *relatedPartyFields) relatedPartyWire {
	out := relatedPartyWire{relatedPartyFields: *p, ID: id}
	if n := p.IdentificationNumber; n != nil {
		masked := *n
		if k := len(masked.IdentificationNumber); k > 4 {
			masked.IdentificationNumber = strings.Repeat("*", k-4) + masked.IdentificationNumber[k-4:]
		}
		out.IdentificationNumber = &masked
	}
	return out
}

func (s *Server) listDocumentRequests(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _ := s.findBusiness(w, r)
	if a == nil {
		return
	}
	out := []documentWire{}
	for _, id := range a.docs {
		out = append(out, businessDocument(s.state.onboarding.documents[id]))
	}
	writeJSON(w, http.StatusOK, out)
}

// businessDocument renders a document of a business application, with its
// exception_reason and file name always present, as the reference's
// examples show them.
func businessDocument(d *document) documentWire {
	reason, name := "", d.name
	return documentWire{ID: d.id, Type: d.docType, Status: d.status, ExceptionReason: &reason, Name: &name}
}

func (s *Server) uploadDocument(w http.ResponseWriter, r *http.Request) {
	if !checkUpload(w, r, "", true) {
		return
	}
	_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Disposition"))
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.state.onboarding.documents[r.PathValue("document_id")]
	switch {
	case d == nil || d.appID == "":
		notFound(w)
		return
	case d.status == "APPROVED":
		failWith(w, http.StatusPreconditionFailed, "Document has already been reviewed and approved.")
		return
	}
	s.received(d, params["filename"])
	s.effects++
	writeJSON(w, http.StatusOK, businessDocument(d))
}
