package jiko

import (
	"context"
	"log/slog"
	"math/big"
	"reflect"

	"github.com/jiko-go/jiko/internal/ops"
)

// EntityType is the legal form of a business.
type EntityType string

// The entity types of the reference (BusinessEntityType).
const (
	EntitySoleProprietor            EntityType = "SOLE_PROPRIETOR"
	EntityCorporate                 EntityType = "CORPORATE"
	EntityLLC                       EntityType = "LLC"
	EntityPartnership               EntityType = "PARTNERSHIP"
	EntityIncorporatedAssociation   EntityType = "INCORPORATED_ASSOCIATION"
	EntityUnincorporatedAssociation EntityType = "UNINCORPORATED_ASSOCIATION"
)

// BusinessIDType says what a business's identification number is.
type BusinessIDType string

// The business identification number types of the reference.
const (
	BusinessIDTIN   BusinessIDType = "TIN"
	BusinessIDEIN   BusinessIDType = "EIN"
	BusinessIDNonUS BusinessIDType = "NON_US_BUSINESS_ID"
)

// IndividualIDType says what a related party's identification number is.
type IndividualIDType string

// The individual identification number types of the reference.
const (
	IndividualIDSSN      IndividualIDType = "SSN"
	IndividualIDPassport IndividualIDType = "PASSPORT"
	IndividualIDNonUS    IndividualIDType = "NON_US_ID"
)

// RelatedPartyRole is what a related party is to the business.
type RelatedPartyRole string

// The related party roles of the reference.
const (
	RoleControlPerson            RelatedPartyRole = "CONTROL_PERSON"
	RoleAuthorizedRepresentative RelatedPartyRole = "AUTHORIZED_REPRESENTATIVE"
)

// BusinessIdentificationNumber is a business's tax or registration number
// and its kind; the number prints redacted ([IDNumber]).
type BusinessIdentificationNumber struct {
	// IdentificationNumber is the number; it prints redacted.
	IdentificationNumber IDNumber `json:"identification_number"`
	// Type is TIN, EIN or NON_US_BUSINESS_ID.
	Type BusinessIDType `json:"type"`
}

// LogValue logs the value with its identification number redacted.
func (v BusinessIdentificationNumber) LogValue() slog.Value { return redactedLog(v) }

// IndividualIdentificationNumber is a related party's identification number
// and its kind; the number prints redacted ([IDNumber]). The API answers it
// masked.
type IndividualIdentificationNumber struct {
	// IdentificationNumber is the number; it prints redacted.
	IdentificationNumber IDNumber `json:"identification_number"`
	// IdentificationType is SSN, PASSPORT or NON_US_ID.
	IdentificationType IndividualIDType `json:"identification_type"`
}

// LogValue logs the value with its identification number redacted.
func (v IndividualIdentificationNumber) LogValue() slog.Value { return redactedLog(v) }

// BusinessContact is the person to contact about the business.
type BusinessContact struct {
	// Name is the contact's name.
	Name Name `json:"name,omitzero"`
	// PhoneNumber is the contact's phone number.
	PhoneNumber string `json:"phone_number,omitempty"`
	// Email is the contact's email address.
	Email string `json:"email,omitempty"`
}

// RiskInfo describes the business's activity for Jiko's risk review.
type RiskInfo struct {
	// RiskCategories lists the higher-risk activities the business engages
	// in; an empty list declares none.
	RiskCategories []RiskCategory `json:"risk_categories,omitzero"`
	// CompanyMission says what the business does.
	CompanyMission string `json:"company_mission,omitempty"`
	// HasCurrentEnforcementActions declares whether a regulator has an
	// enforcement action open against the business; nil leaves it unsaid.
	HasCurrentEnforcementActions *bool `json:"has_current_enforcement_actions,omitempty"`
	// PrimaryRegulator names the business's primary regulator, if any.
	PrimaryRegulator string `json:"primary_regulator,omitempty"`
	// BusinessActivityLocation is where the business operates.
	BusinessActivityLocation BusinessActivityLocation `json:"business_activity_location,omitempty"`
	// SourceOfFunds is whose money the business will deposit.
	SourceOfFunds SourceOfFunds `json:"source_of_funds,omitempty"`
	// AccountUsage is what the account is for.
	AccountUsage AccountUsage `json:"account_usage,omitempty"`
	// AnnualRevenue is the business's yearly revenue range.
	AnnualRevenue AnnualRevenue `json:"annual_revenue,omitempty"`
	// MonthlyTransactions is the expected number of transactions a month.
	MonthlyTransactions MonthlyTransactions `json:"monthly_transactions,omitempty"`
	// FirstMonthDeposit is the amount expected in the first month.
	FirstMonthDeposit FirstMonthDeposit `json:"first_month_deposit,omitempty"`
}

// IndustryInfo is the business's industry.
type IndustryInfo struct {
	// Industry is the line of business.
	Industry Industry `json:"industry,omitempty"`
	// OtherIndustry names it when Industry is OTHER.
	OtherIndustry string `json:"other_industry,omitempty"`
}

// BusinessProfile is what a business application says about the business,
// shared by [BusinessApplication] and [BusinessApplicationCreateRequest].
// Every field is optional: a business application can be filled in over
// several calls.
type BusinessProfile struct {
	// Name is the legal name of the business.
	Name string `json:"name,omitempty"`
	// EntityType is its legal form.
	EntityType EntityType `json:"entity_type,omitempty"`
	// DoingBusinessAs is the name it trades under.
	DoingBusinessAs string `json:"doing_business_as,omitempty"`
	// IdentificationNumber is its tax or registration number.
	IdentificationNumber BusinessIdentificationNumber `json:"identification_number,omitzero"`
	// Address is its registered address.
	Address Address `json:"address,omitzero"`
	// Website is its website.
	Website string `json:"website,omitempty"`
	// Contact is the person to contact about it.
	Contact BusinessContact `json:"contact,omitzero"`
	// FormationDate is when it was formed.
	FormationDate Date `json:"formation_date,omitzero"`
	// RiskInfo describes its activity.
	RiskInfo RiskInfo `json:"risk_info,omitzero"`
	// Industry is its industry.
	Industry IndustryInfo `json:"industry,omitzero"`
	// AgreementConsent records the business's consent to the agreements
	// (IndividualsService.GetAgreements serves the bundle).
	AgreementConsent AgreementConsent `json:"agreement_consent,omitzero"`
}

// LogValue logs the profile with its identification number redacted.
func (p BusinessProfile) LogValue() slog.Value { return redactedLog(p) }

// BusinessApplication is a business's application (the API's
// BusinessApplicationResponse), as the [BusinessesService] methods return
// it: the business's details and where KYB stands. When it is APPROVED,
// CustomerID names the Customer it created.
type BusinessApplication struct {
	BusinessProfile
	// ID identifies the application.
	ID string `json:"id"`
	// TimeCreated is when it was created.
	TimeCreated Timestamp `json:"time_created"`
	// UpdatedAt is when it last changed.
	UpdatedAt Timestamp `json:"updated_at"`
	// Status is where the application stands.
	Status ApplicationStatus `json:"status"`
	// ExceptionReasons say why it needs attention, when it does.
	ExceptionReasons []ExceptionReason `json:"exception_reasons"`
	// CustomerID is the Customer created on approval; nil until then.
	CustomerID *string `json:"customer_id,omitempty"`
}

// LogValue logs the application with its identification number redacted.
func (a BusinessApplication) LogValue() slog.Value { return redactedLog(a) }

// RelatedPartyProfile is what a related party application says about a
// person: an authorized representative, a beneficial owner or a senior
// manager. It is shared by [RelatedPartyApplication] and
// [RelatedPartyCreateRequest]. Every field is optional.
type RelatedPartyProfile struct {
	// Title is the person's title, such as "CEO".
	Title string `json:"title,omitempty"`
	// Name is the person's name.
	Name Name `json:"name,omitzero"`
	// Address is the person's address.
	Address Address `json:"address,omitzero"`
	// DateOfBirth is the person's date of birth.
	DateOfBirth Date `json:"date_of_birth,omitzero"`
	// IdentificationNumber is the person's SSN, passport or other id.
	IdentificationNumber IndividualIdentificationNumber `json:"identification_number,omitzero"`
	// PhoneNumber is the person's phone number.
	PhoneNumber string `json:"phone_number,omitempty"`
	// Roles are what the person is to the business.
	Roles []RelatedPartyRole `json:"roles,omitzero"`
	// OwnershipPercentage is the share of the business the person owns, as
	// a fraction from 0 to 1 ("0.51" is 51%). Inferred from the reference's
	// example; it states no range.
	OwnershipPercentage Decimal `json:"ownership_percentage,omitempty"`
	// Citizenship is the person's citizenship, ISO 3166 alpha-2.
	Citizenship string `json:"citizenship,omitempty"`
	// Email is the person's email address.
	Email string `json:"email,omitempty"`
}

// LogValue logs the profile with its identification number redacted.
func (p RelatedPartyProfile) LogValue() slog.Value { return redactedLog(p) }

// RelatedPartyApplication is a person's application within a business
// application, as the related party methods of [BusinessesService] return
// it. Its IdentificationNumber comes back masked.
type RelatedPartyApplication struct {
	RelatedPartyProfile
	// ID identifies the related party application.
	ID string `json:"id"`
}

// LogValue logs the application with its identification number redacted.
func (a RelatedPartyApplication) LogValue() slog.Value { return redactedLog(a) }

// BusinessApplicationCreateRequest is the body of
// [BusinessesService.CreateApplication]: it starts a business application
// with the fields known so far; [BusinessesService.UpdateApplication] adds
// the rest. Its fields are those of [BusinessProfile], all optional, and
// those that are set are checked before anything is sent.
type BusinessApplicationCreateRequest BusinessProfile

// LogValue logs the request with its identification number redacted.
func (r BusinessApplicationCreateRequest) LogValue() slog.Value { return redactedLog(r) }

func (r *BusinessApplicationCreateRequest) validate() error {
	return (*BusinessProfile)(r).check("BusinessApplicationCreateRequest")
}

// BusinessApplicationUpdateRequest is the body of
// [BusinessesService.UpdateApplication]: it changes a business application
// before it is submitted. Only the fields that are set ([Set]) are sent;
// each can also be set to an explicit null ([Null]). A set object replaces
// the whole object.
type BusinessApplicationUpdateRequest struct {
	// Name is the legal name of the business.
	Name Nullable[string] `json:"name,omitzero"`
	// EntityType is its legal form.
	EntityType Nullable[EntityType] `json:"entity_type,omitzero"`
	// DoingBusinessAs is the name it trades under.
	DoingBusinessAs Nullable[string] `json:"doing_business_as,omitzero"`
	// IdentificationNumber is its tax or registration number.
	IdentificationNumber Nullable[BusinessIdentificationNumber] `json:"identification_number,omitzero"`
	// Address is its registered address.
	Address Nullable[Address] `json:"address,omitzero"`
	// Website is its website.
	Website Nullable[string] `json:"website,omitzero"`
	// Contact is the person to contact about it.
	Contact Nullable[BusinessContact] `json:"contact,omitzero"`
	// FormationDate is when it was formed.
	FormationDate Nullable[Date] `json:"formation_date,omitzero"`
	// RiskInfo describes its activity.
	RiskInfo Nullable[RiskInfo] `json:"risk_info,omitzero"`
	// Industry is its industry.
	Industry Nullable[IndustryInfo] `json:"industry,omitzero"`
	// AgreementConsent records the business's consent to the agreements.
	AgreementConsent Nullable[AgreementConsent] `json:"agreement_consent,omitzero"`
}

// LogValue logs the request with its identification number redacted.
func (r BusinessApplicationUpdateRequest) LogValue() slog.Value { return redactedLog(r) }

func (r *BusinessApplicationUpdateRequest) validate() error {
	if isZero(*r) {
		return invalid("BusinessApplicationUpdateRequest", "no field is set")
	}
	var p BusinessProfile
	setValues(&p, *r)
	return p.check("BusinessApplicationUpdateRequest")
}

// check validates the fields that are set; t names the request type.
func (p *BusinessProfile) check(t string) error {
	var errs []error
	errs = append(errs, checkOneOf(t+".EntityType", p.EntityType, false, entityTypeValues...))
	if id := p.IdentificationNumber; !isZero(id) {
		errs = append(errs, checkText(t+".IdentificationNumber.IdentificationNumber", string(id.IdentificationNumber), true, 250))
		errs = append(errs, checkEnum(t+".IdentificationNumber.Type", id.Type, businessIDTypeValues))
	}
	if !isZero(p.Address) {
		errs = append(errs, p.Address.check(t+".Address"))
	}
	errs = append(errs, p.Contact.check(t+".Contact"))
	errs = append(errs, checkDate(t+".FormationDate", p.FormationDate))
	errs = append(errs, p.RiskInfo.check(t+".RiskInfo"))
	errs = append(errs, checkOneOf(t+".Industry.Industry", p.Industry.Industry, false, industryValues...))
	if !isZero(p.AgreementConsent) {
		errs = append(errs, p.AgreementConsent.check(t+".AgreementConsent"))
	}
	return checkAll(errs...)
}

func (c *BusinessContact) check(field string) error {
	var errs []error
	if !isZero(c.Name) {
		errs = append(errs, c.Name.check(field+".Name"))
	}
	return checkAll(append(errs, checkEmail(field+".Email", c.Email, false))...)
}

func (r *RiskInfo) check(field string) error {
	var errs []error
	for i, c := range r.RiskCategories {
		errs = append(errs, checkEnum(field+".RiskCategories["+itoa(i)+"]", c, riskCategoryValues))
	}
	return checkAll(append(errs,
		checkOneOf(field+".BusinessActivityLocation", r.BusinessActivityLocation, false, businessActivityLocationValues...),
		checkOneOf(field+".SourceOfFunds", r.SourceOfFunds, false, sourceOfFundsValues...),
		checkOneOf(field+".AccountUsage", r.AccountUsage, false, accountUsageValues...),
		checkOneOf(field+".AnnualRevenue", r.AnnualRevenue, false, annualRevenueValues...),
		checkOneOf(field+".MonthlyTransactions", r.MonthlyTransactions, false, monthlyTransactionsValues...),
		checkOneOf(field+".FirstMonthDeposit", r.FirstMonthDeposit, false, firstMonthDepositValues...),
	)...)
}

// RelatedPartyCreateRequest is the body of
// [BusinessesService.CreateRelatedParty]: it adds a person to a business
// application with the fields known so far;
// [BusinessesService.UpdateRelatedParty] adds the rest. Its fields are those
// of [RelatedPartyProfile], all optional.
type RelatedPartyCreateRequest RelatedPartyProfile

// LogValue logs the request with its identification number redacted.
func (r RelatedPartyCreateRequest) LogValue() slog.Value { return redactedLog(r) }

func (r *RelatedPartyCreateRequest) validate() error {
	return (*RelatedPartyProfile)(r).check("RelatedPartyCreateRequest")
}

// RelatedPartyUpdateRequest is the body of
// [BusinessesService.UpdateRelatedParty]: it changes a related party
// application. Only the fields that are set ([Set]) are sent; each can also
// be set to an explicit null ([Null]).
type RelatedPartyUpdateRequest struct {
	// Title is the person's title, such as "CEO".
	Title Nullable[string] `json:"title,omitzero"`
	// Name is the person's name.
	Name Nullable[Name] `json:"name,omitzero"`
	// Address is the person's address.
	Address Nullable[Address] `json:"address,omitzero"`
	// DateOfBirth is the person's date of birth.
	DateOfBirth Nullable[Date] `json:"date_of_birth,omitzero"`
	// IdentificationNumber is the person's SSN, passport or other id.
	IdentificationNumber Nullable[IndividualIdentificationNumber] `json:"identification_number,omitzero"`
	// PhoneNumber is the person's phone number.
	PhoneNumber Nullable[string] `json:"phone_number,omitzero"`
	// Roles are what the person is to the business.
	Roles Nullable[[]RelatedPartyRole] `json:"roles,omitzero"`
	// OwnershipPercentage is the share the person owns, from 0 to 1.
	OwnershipPercentage Nullable[Decimal] `json:"ownership_percentage,omitzero"`
	// Citizenship is the person's citizenship, ISO 3166 alpha-2.
	Citizenship Nullable[string] `json:"citizenship,omitzero"`
	// Email is the person's email address.
	Email Nullable[string] `json:"email,omitzero"`
}

// LogValue logs the request with its identification number redacted.
func (r RelatedPartyUpdateRequest) LogValue() slog.Value { return redactedLog(r) }

func (r *RelatedPartyUpdateRequest) validate() error {
	if isZero(*r) {
		return invalid("RelatedPartyUpdateRequest", "no field is set")
	}
	var p RelatedPartyProfile
	setValues(&p, *r)
	return p.check("RelatedPartyUpdateRequest")
}

// check validates the fields that are set; t names the request type.
func (p *RelatedPartyProfile) check(t string) error {
	var errs []error
	if !isZero(p.Name) {
		errs = append(errs, p.Name.check(t+".Name"))
	}
	if !isZero(p.Address) {
		errs = append(errs, p.Address.check(t+".Address"))
	}
	errs = append(errs, checkDate(t+".DateOfBirth", p.DateOfBirth))
	if id := p.IdentificationNumber; !isZero(id) {
		errs = append(errs, checkText(t+".IdentificationNumber.IdentificationNumber", string(id.IdentificationNumber), true, 250))
		errs = append(errs, checkEnum(t+".IdentificationNumber.IdentificationType", id.IdentificationType, individualIDTypeValues))
	}
	for i, role := range p.Roles {
		errs = append(errs, checkEnum(t+".Roles["+itoa(i)+"]", role, relatedPartyRoleValues))
	}
	errs = append(errs, checkOwnership(t+".OwnershipPercentage", p.OwnershipPercentage))
	errs = append(errs, checkCountry(t+".Citizenship", p.Citizenship))
	return checkAll(append(errs, checkEmail(t+".Email", p.Email, false))...)
}

// setValues copies into *dst, a struct, the value of each Nullable field of
// src that is set, to the field of the same name: an update request is then
// checked by the rules of the profile it changes.
func setValues(dst, src any) {
	d, v := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	for i := range v.NumField() {
		got := v.Field(i).MethodByName("Get").Call(nil)
		if got[1].Bool() {
			d.FieldByName(v.Type().Field(i).Name).Set(got[0])
		}
	}
}

// checkOwnership refuses an ownership share that is not a decimal from 0
// to 1; empty is fine.
func checkOwnership(field string, d Decimal) error {
	if d == "" {
		return nil
	}
	r, err := d.Rat()
	if err != nil {
		return invalid(field, "%q is not a decimal number", string(d))
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return invalid(field, "%s is out of range 0..1 (a fraction: 0.51 is 51%%)", string(d))
	}
	return nil
}

// BusinessesService reaches the operations that onboard businesses through
// KYB. Reach it as c.Businesses.
//
// The flow: [BusinessesService.CreateApplication] (and
// [BusinessesService.UpdateApplication] as details arrive);
// [BusinessesService.CreateRelatedParty] for each authorized
// representative, beneficial owner and senior manager;
// [BusinessesService.ListDocumentRequests] and
// [BusinessesService.UploadDocument] for each; [BusinessesService.Apply]
// once all three are complete; then [BusinessesService.GetApplication]
// until APPROVED (its CustomerID is the new Customer), DOCUMENTS_NEEDED,
// MANUAL_REVIEW or REJECTED. The application.* events report each change.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/businesses
type BusinessesService service

// CreateApplication starts a business application in status CREATED
// (POST /api/v1/business-applications/). Any field may be left for
// [BusinessesService.UpdateApplication]. Pass [WithIdempotencyKey] with a
// key derived from your own record of the business ([IdempotencyKeyFor]) so
// that a resend after a crash does not start a second application;
// [MayHaveSucceeded] tells when to resend. [IsValidation] reports a refused
// field.
func (s *BusinessesService) CreateApplication(ctx context.Context, req *BusinessApplicationCreateRequest, opts ...CallOption) (*BusinessApplication, error) {
	return call[BusinessApplication](ctx, s.client, at(ops.BusinessesCreateApplication), nil, req, opts)
}

// GetApplication reads a business application
// (GET /api/v1/business-applications/{application_id}/), to follow it after
// [BusinessesService.Apply]. [IsNotFound] reports an unknown application.
func (s *BusinessesService) GetApplication(ctx context.Context, applicationID string, opts ...CallOption) (*BusinessApplication, error) {
	return call[BusinessApplication](ctx, s.client, at(ops.BusinessesGetApplication, applicationID), nil, nil, opts)
}

// UpdateApplication fills in or changes a business application
// (PATCH /api/v1/business-applications/{application_id}/). Only the fields
// set in req are sent. [IsValidation] reports a refused field; [IsNotFound]
// an unknown application.
func (s *BusinessesService) UpdateApplication(ctx context.Context, applicationID string, req *BusinessApplicationUpdateRequest, opts ...CallOption) (*BusinessApplication, error) {
	return call[BusinessApplication](ctx, s.client, at(ops.BusinessesUpdateApplication, applicationID), nil, req, opts)
}

// Apply submits a complete business application, with its related parties
// and requested documents, for review
// (POST /api/v1/business-applications/{application_id}/apply/). The outcome
// follows asynchronously (see [BusinessesService.GetApplication] and the
// application.* events). [IsNotFound] reports an unknown application;
// [IsValidation] a refused submission.
func (s *BusinessesService) Apply(ctx context.Context, applicationID string, opts ...CallOption) (*BusinessApplication, error) {
	return call[BusinessApplication](ctx, s.client, at(ops.BusinessesApply, applicationID), nil, nil, opts)
}

// ListRelatedParties lists the related party applications of a business
// application
// (GET /api/v1/business-applications/{application_id}/related-party-applications/).
// The API answers the whole list at once, so the iterator has one page.
// Errors arrive with the iteration: [IsNotFound] reports an unknown
// application.
func (s *BusinessesService) ListRelatedParties(ctx context.Context, applicationID string, opts ...CallOption) *OffsetIter[RelatedPartyApplication] {
	return wholeList(ctx, s.client, at(ops.BusinessesListRelatedParties, applicationID), opts, array[RelatedPartyApplication])
}

// ListRelatedPartiesPage fetches the related party applications of a
// business application
// (GET /api/v1/business-applications/{application_id}/related-party-applications/)
// as one page, which holds them all. [IsNotFound] reports an unknown
// application.
func (s *BusinessesService) ListRelatedPartiesPage(ctx context.Context, applicationID string, opts ...CallOption) (*OffsetPage[RelatedPartyApplication], error) {
	return wholePage(ctx, s.client, at(ops.BusinessesListRelatedParties, applicationID), opts, array[RelatedPartyApplication])
}

// CreateRelatedParty adds an authorized representative, beneficial owner or
// senior manager to a business application
// (POST /api/v1/business-applications/{application_id}/related-party-applications/).
// Pass [WithIdempotencyKey] with a key derived from your own record of the
// person ([IdempotencyKeyFor]) so that a resend after a crash does not add
// them twice; [MayHaveSucceeded] tells when to resend. [IsNotFound] reports
// an unknown application; [IsValidation] a refused field.
func (s *BusinessesService) CreateRelatedParty(ctx context.Context, applicationID string, req *RelatedPartyCreateRequest, opts ...CallOption) (*RelatedPartyApplication, error) {
	return call[RelatedPartyApplication](ctx, s.client, at(ops.BusinessesCreateRelatedParty, applicationID), nil, req, opts)
}

// UpdateRelatedParty changes a related party application
// (PATCH /api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/).
// Only the fields set in req are sent. [IsNotFound] reports an unknown
// application or related party; [IsValidation] a refused field.
func (s *BusinessesService) UpdateRelatedParty(ctx context.Context, applicationID, relatedPartyID string, req *RelatedPartyUpdateRequest, opts ...CallOption) (*RelatedPartyApplication, error) {
	return call[RelatedPartyApplication](ctx, s.client, at(ops.BusinessesUpdateRelatedParty, applicationID, relatedPartyID), nil, req, opts)
}

// DeleteRelatedParty removes a related party application
// (DELETE /api/v1/business-applications/{application_id}/related-party-applications/{related_party_application_id}/).
// [IsNotFound] reports an unknown (or already deleted) related party, so a
// retried delete can treat it as done.
func (s *BusinessesService) DeleteRelatedParty(ctx context.Context, applicationID, relatedPartyID string, opts ...CallOption) error {
	return callNoContent(ctx, s.client, at(ops.BusinessesDeleteRelatedParty, applicationID, relatedPartyID), nil, nil, opts)
}

// ListDocumentRequests lists the documents a business application needs,
// generated from what its application and related parties say
// (GET /api/v1/business-applications/{application_id}/documents/). Upload
// each with [BusinessesService.UploadDocument]. The API answers the whole
// list at once, so the iterator has one page. The reference declares no
// signature for this operation; the client signs it anyway, which the API
// ignores. Errors arrive with the iteration: [IsNotFound] reports an unknown
// application.
func (s *BusinessesService) ListDocumentRequests(ctx context.Context, applicationID string, opts ...CallOption) *OffsetIter[Document] {
	return wholeList(ctx, s.client, at(ops.BusinessesListDocumentRequests, applicationID), opts, array[Document])
}

// ListDocumentRequestsPage fetches the documents a business application
// needs (GET /api/v1/business-applications/{application_id}/documents/) as
// one page, which holds them all. [IsNotFound] reports an unknown
// application.
func (s *BusinessesService) ListDocumentRequestsPage(ctx context.Context, applicationID string, opts ...CallOption) (*OffsetPage[Document], error) {
	return wholePage(ctx, s.client, at(ops.BusinessesListDocumentRequests, applicationID), opts, array[Document])
}

// UploadDocument uploads the file of a requested document
// (POST /api/v1/documents/{document_id}/). documentID is a Document.ID of
// [BusinessesService.ListDocumentRequests].
//
// The file is the request body, streamed with its Content-Type,
// Content-Length and a Content-Disposition naming file.Name (required), an
// idempotency key and no signature; a retry sends it again from its start.
// The file may be just under 50 MiB ([MaxDocumentSize]), of a type
// [DocumentContentTypes] lists; this is checked before anything is sent
// ([IsValidation]). A document already reviewed and approved cannot be
// replaced: the API answers 412, which [IsPreconditionFailed] reports.
// [IsNotFound] reports an unknown document.
func (s *BusinessesService) UploadDocument(ctx context.Context, documentID string, file *File, opts ...CallOption) (*Document, error) {
	rt := at(ops.BusinessesUploadDocument, documentID)
	if _, err := rt.path(); err != nil {
		return nil, err
	}
	header, err := contentDisposition(file)
	if err != nil {
		return nil, err
	}
	r, err := newUpload(rt, file, MaxDocumentSize, header)
	if err != nil {
		return nil, err
	}
	return send[Document](ctx, s.client, r, opts)
}
