package jiko

import (
	"context"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jiko-go/jiko/internal/ops"
)

// ApplicationStatus is where an application stands. An individual's goes
// CREATED → SUBMITTED ([IndividualsService.Apply]) → APPROVED,
// DOCUMENTS_NEEDED, MANUAL_REVIEW or REJECTED; a business application
// follows the same path. A partner switches on it to tell the applicant what
// happens next.
type ApplicationStatus string

// The application statuses of the reference (ApplicationStatus, in its
// order), then CLOSED, which only business applications have.
const (
	ApplicationCreated         ApplicationStatus = "CREATED"
	ApplicationPending         ApplicationStatus = "PENDING"
	ApplicationSubmitted       ApplicationStatus = "SUBMITTED"
	ApplicationDocumentsNeeded ApplicationStatus = "DOCUMENTS_NEEDED"
	ApplicationApproved        ApplicationStatus = "APPROVED"
	ApplicationRejected        ApplicationStatus = "REJECTED"
	ApplicationManualReview    ApplicationStatus = "MANUAL_REVIEW"
	ApplicationClosed          ApplicationStatus = "CLOSED"
)

// IdentificationType says what an individual's identification_number is.
type IdentificationType string

// The identification types of an individual's application. The API treats
// a missing type as SSN.
const (
	IdentificationSSN            IdentificationType = "SSN"
	IdentificationPassport       IdentificationType = "PASSPORT"
	IdentificationTIN            IdentificationType = "TIN"
	IdentificationDriversLicense IdentificationType = "DRIVERS_LICENSE"
)

// EmploymentStatus is the applicant's employment, the discriminator of the
// reference's [InvestmentProfile].
type EmploymentStatus string

// The employment statuses of the reference.
const (
	EmploymentEmployed    EmploymentStatus = "EMPLOYED"
	EmploymentIndependent EmploymentStatus = "INDEPENDENT"
	EmploymentRetired     EmploymentStatus = "RETIRED"
	EmploymentStudent     EmploymentStatus = "STUDENT"
	EmploymentUnemployed  EmploymentStatus = "UNEMPLOYED"
)

// AnnualIncome is a range of yearly personal income in USD.
type AnnualIncome string

// The income ranges of the reference (AnnualPersonalIncome).
const (
	IncomeBelow50K           AnnualIncome = "BELOW_50K"
	IncomeBetween50KAnd100K  AnnualIncome = "BETWEEN_50K_AND_100K"
	IncomeBetween100KAnd250K AnnualIncome = "BETWEEN_100K_AND_250K"
	IncomeOver250K           AnnualIncome = "OVER_250K"
)

// NetWorth is a range of average personal net worth in USD.
type NetWorth string

// The net worth ranges of the reference (AveragePersonalNetWorth).
const (
	NetWorthBelow50K          NetWorth = "BELOW_50K"
	NetWorthBetween50KAnd200K NetWorth = "BETWEEN_50K_AND_200K"
	NetWorthBetween200KAnd1M  NetWorth = "BETWEEN_200K_AND_1M"
	NetWorthBetween1MAnd5M    NetWorth = "BETWEEN_1M_AND_5M"
	NetWorthOver5M            NetWorth = "OVER_5M"
)

// AgreementType names one agreement or disclosure of the bundle.
type AgreementType string

// The agreement types of the reference.
const (
	AgreementPrivacyPolicy                         AgreementType = "PRIVACY_POLICY"
	AgreementPrivacyNotice                         AgreementType = "PRIVACY_NOTICE"
	AgreementBusinessContinuityPlan                AgreementType = "BUSINESS_CONTINUITY_PLAN"
	AgreementFinancialStatement                    AgreementType = "FINANCIAL_STATEMENT"
	AgreementUSTreasuriesRisk                      AgreementType = "US_TREASURIES_RISK"
	AgreementElectronicCommunications              AgreementType = "ELECTRONIC_COMMUNICATIONS"
	AgreementTaxCertificationForUSPerson           AgreementType = "TAX_CERTIFICATION_FOR_US_PERSON"
	AgreementBankAccount                           AgreementType = "BANK_ACCOUNT"
	AgreementLimitations                           AgreementType = "LIMITATIONS"
	AgreementBrokerage                             AgreementType = "BROKERAGE"
	AgreementCard                                  AgreementType = "CARD"
	AgreementCashback                              AgreementType = "CASHBACK"
	AgreementFormCRS                               AgreementType = "FORM_CRS"
	AgreementAuthorizedRepresentativeCertification AgreementType = "AUTHORIZED_REPRESENTATIVE_CERTIFICATION"
	AgreementTermsOfUse                            AgreementType = "TERMS_OF_USE"
	AgreementElectronicFundTransfers               AgreementType = "ELECTRONIC_FUND_TRANSFERS"
	AgreementTruthInSavings                        AgreementType = "TRUTH_IN_SAVINGS"
	AgreementFeeNotice                             AgreementType = "FEE_NOTICE"
	AgreementFundsAvailability                     AgreementType = "FUNDS_AVAILABILITY"
	AgreementRegulationE                           AgreementType = "REGULATION_E"
)

// AgreementCategory groups the agreements of the bundle.
type AgreementCategory string

// The agreement categories of the reference.
const (
	AgreementCategoryBank      AgreementCategory = "BANK"
	AgreementCategoryBrokerage AgreementCategory = "BROKERAGE"
	AgreementCategoryGeneral   AgreementCategory = "GENERAL"
	AgreementCategoryESign     AgreementCategory = "E-SIGN"
)

// Agreement is the versioned bundle of agreements and disclosures an
// applicant must be shown and consent to, as
// [IndividualsService.GetAgreements] returns it. Its Version goes into the
// application's [AgreementConsent].
type Agreement struct {
	// Version identifies the bundle; attach it to every application.
	Version string `json:"version"`
	// ReleaseDate is when this version was published.
	ReleaseDate Date `json:"release_date"`
	// Documents are the agreements and disclosures to show.
	Documents []AgreementDocument `json:"documents"`
}

// AgreementDocument is one agreement or disclosure of the bundle.
type AgreementDocument struct {
	// Title is the name to show, such as "Jiko Privacy Policy".
	Title string `json:"title"`
	// PDFDownloadURL is where the document can be downloaded.
	PDFDownloadURL string `json:"pdf_download_url"`
	// Type names the agreement, such as PRIVACY_POLICY.
	Type AgreementType `json:"type"`
	// Category groups it: BANK, BROKERAGE, GENERAL or E-SIGN.
	Category AgreementCategory `json:"category"`
}

// AgreementConsent records that the applicant accepted a version of the
// agreement bundle, and when: every application must carry one.
type AgreementConsent struct {
	// Version is the Agreement.Version the applicant was shown.
	Version string `json:"version"`
	// Timestamp is when the applicant consented.
	Timestamp time.Time `json:"timestamp"`
}

// Name is a person's name, in applications and customers.
type Name struct {
	// FirstName is required; at most 50 characters.
	FirstName string `json:"first_name"`
	// MiddleName is optional (nil leaves it out); at most 50 characters.
	MiddleName *string `json:"middle_name,omitempty"`
	// LastName is required; at most 50 characters.
	LastName string `json:"last_name"`
}

// Address is a postal address, in applications and customers.
type Address struct {
	// StreetAddress is the street and number; required.
	StreetAddress string `json:"street_address"`
	// StreetAddress2 is the apartment, suite or box number.
	StreetAddress2 string `json:"street_address2,omitempty"`
	// City is the city or town; required.
	City string `json:"city"`
	// PostalCode is the postal or ZIP code; required.
	PostalCode string `json:"postal_code"`
	// State is the US postal abbreviation ("CA", "NY"); a business's must be
	// one, an individual's may be another region.
	State string `json:"state,omitempty"`
	// Country is the country code: ISO 3166 alpha-2 ("US") in the current
	// reference; some examples show "USA".
	Country string `json:"country"`
}

// InvestmentProfile is what FINRA's suitability rule requires to know of an
// applicant.
//
// The reference describes it as a union keyed by employment_status with
// five variants that share every field; only an EMPLOYED applicant must
// give an Occupation. One struct with EmploymentStatus serves them all.
type InvestmentProfile struct {
	// Income is the applicant's yearly income range; required.
	Income AnnualIncome `json:"income"`
	// NetWorth is the applicant's average net worth range; required.
	NetWorth NetWorth `json:"net_worth"`
	// BDAssociation names a broker-dealer the applicant is associated with
	// or employed by, where the law requires it; at most 200 characters.
	BDAssociation string `json:"bd_association,omitempty"`
	// DirectorPolicyMakerOfCompany names a company the applicant directs or
	// makes policy for, where the law requires it; at most 200 characters.
	DirectorPolicyMakerOfCompany string `json:"director_policy_maker_of_company,omitempty"`
	// Occupation is the applicant's occupation: 2 to 200 characters,
	// required when EMPLOYED.
	Occupation string `json:"occupation,omitempty"`
	// EmploymentStatus is EMPLOYED, INDEPENDENT, RETIRED, STUDENT or
	// UNEMPLOYED; required.
	EmploymentStatus EmploymentStatus `json:"employment_status"`
}

// DateOfBirth wraps a date of birth the way an application answers it
// ([InternationalApplication.DateOfBirth]).
type DateOfBirth struct {
	// Date is the date of birth.
	Date Date `json:"date_of_birth"`
}

// InternationalApplication is an individual's application (the API's
// InternationalApplication), as the [IndividualsService] methods return it.
// When it is APPROVED, CustomerID names the Customer it created; its
// ...DocumentNeeded fields and Documents say what to upload next.
type InternationalApplication struct {
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
	// PhoneNumber is the applicant's phone number.
	PhoneNumber string `json:"phone_number"`
	// AgreementConsent is the consent given with the application.
	AgreementConsent AgreementConsent `json:"agreement_consent"`
	// Email is the applicant's email address.
	Email string `json:"email"`
	// Name is the applicant's name.
	Name Name `json:"name,omitzero"`
	// DateOfBirth is the applicant's date of birth.
	DateOfBirth DateOfBirth `json:"date_of_birth,omitzero"`
	// InvestmentProfile is the applicant's investment profile.
	InvestmentProfile InvestmentProfile `json:"investment_profile,omitzero"`
	// CustomerID is the Customer created on approval; nil until then.
	CustomerID *string `json:"customer_id,omitempty"`
	// Documents are the documents the application needs or has received.
	Documents []Document `json:"documents"`
	// IDVerificationDocumentsNeeded is true when identity documents
	// (ID_FRONT, ID_BACK, PASSPORT, SELFIE) must be uploaded.
	IDVerificationDocumentsNeeded bool `json:"id_verification_documents_needed"`
	// IdentificationNumberVerificationDocumentNeeded is true when a document
	// proving the identification number must be uploaded.
	IdentificationNumberVerificationDocumentNeeded bool `json:"identification_number_verification_document_needed"`
	// AddressVerificationDocumentNeeded is true when a proof of address must
	// be uploaded.
	AddressVerificationDocumentNeeded bool `json:"address_verification_document_needed"`
	// Address is the applicant's address.
	Address Address `json:"address"`
	// CitizenshipCountry is the applicant's citizenship, ISO 3166 alpha-2.
	CitizenshipCountry string `json:"citizenship_country,omitempty"`
	// ObjectType is the API's name for the object, "InternationalApplication".
	ObjectType string `json:"object_type,omitempty"`
}

// ApplicationCreateRequest is the body of
// [IndividualsService.CreateApplication]: an individual's application.
// Every required field must be given at creation: individual applications
// cannot be completed later. It is checked before anything is sent.
type ApplicationCreateRequest struct {
	// IdentificationNumber is the applicant's SSN, or the number of the
	// IdentificationType given; required. It prints redacted.
	IdentificationNumber IDNumber `json:"identification_number"`
	// Name is the applicant's name; first and last are required.
	Name Name `json:"name"`
	// Email is the applicant's email address, verified by the partner;
	// required.
	Email string `json:"email"`
	// DateOfBirth is the applicant's date of birth; required. The applicant
	// must be at least 18 on the day of the call.
	DateOfBirth Date `json:"date_of_birth"`
	// InvestmentProfile is required.
	InvestmentProfile InvestmentProfile `json:"investment_profile"`
	// AgreementConsent carries the version of the agreements the applicant
	// accepted (IndividualsService.GetAgreements) and when; required.
	AgreementConsent AgreementConsent `json:"agreement_consent"`
	// OriginallyOnboardedAt is when the partner first onboarded the
	// applicant, if earlier.
	OriginallyOnboardedAt time.Time `json:"originally_onboarded_at,omitzero"`
	// IdentificationType says what IdentificationNumber is; empty means SSN.
	IdentificationType IdentificationType `json:"identification_type,omitempty"`
	// Address is the applicant's address; required.
	Address Address `json:"address"`
	// PhoneNumber is the applicant's phone number, verified by the partner;
	// required. The API will require E.164 ("+14155550100").
	PhoneNumber string `json:"phone_number"`
	// CitizenshipCountry is the applicant's citizenship, ISO 3166 alpha-2;
	// empty means the API's default, "US".
	CitizenshipCountry string `json:"citizenship_country,omitempty"`
}

// LogValue logs the request with its identification number redacted.
func (r ApplicationCreateRequest) LogValue() slog.Value { return redactedLog(r) }

// MinApplicantAge is the youngest an individual applicant can be, in years;
// [IndividualsService.CreateApplication] checks it on the client's clock.
const MinApplicantAge = 18

func (r *ApplicationCreateRequest) validate() error {
	const t = "ApplicationCreateRequest"
	return checkAll(
		checkRequired(t+".IdentificationNumber", string(r.IdentificationNumber)),
		r.Name.check(t+".Name"),
		checkEmail(t+".Email", r.Email, true),
		checkDateOfBirth(t+".DateOfBirth", r.DateOfBirth),
		r.InvestmentProfile.check(t+".InvestmentProfile"),
		r.AgreementConsent.check(t+".AgreementConsent"),
		checkOneOf(t+".IdentificationType", r.IdentificationType, false, identificationTypeValues...),
		r.Address.check(t+".Address"),
		checkRequired(t+".PhoneNumber", r.PhoneNumber),
		checkCountry(t+".CitizenshipCountry", r.CitizenshipCountry),
	)
}

// checkDateOfBirth refuses a missing or impossible date of birth.
func checkDateOfBirth(field string, d Date) error {
	if d.IsZero() {
		return invalid(field, "is required")
	}
	return checkDate(field, d)
}

// checkAge refuses an applicant younger than MinApplicantAge on today.
func (r *ApplicationCreateRequest) checkAge(today Date) error {
	adult := r.DateOfBirth.Time(time.UTC).AddDate(MinApplicantAge, 0, 0)
	if adult.After(today.Time(time.UTC)) {
		return invalid("ApplicationCreateRequest.DateOfBirth", "the applicant is under %d on %s, the date of the call", MinApplicantAge, today)
	}
	return nil
}

func (n *Name) check(field string) error {
	var middle error
	if n.MiddleName != nil {
		middle = checkText(field+".MiddleName", *n.MiddleName, false, 50)
	}
	return checkAll(
		checkText(field+".FirstName", n.FirstName, true, 50),
		checkText(field+".LastName", n.LastName, true, 50),
		middle,
	)
}

func (a *Address) check(field string) error {
	var errs []error
	for _, f := range []struct {
		name     string
		v        string
		required bool
		max      int
	}{
		{"StreetAddress", a.StreetAddress, true, 250},
		{"StreetAddress2", a.StreetAddress2, false, 250},
		{"City", a.City, true, 250},
		{"PostalCode", a.PostalCode, true, 50},
		{"Country", a.Country, true, 250},
	} {
		errs = append(errs, checkText(field+"."+f.name, f.v, f.required, f.max))
	}
	return checkAll(errs...)
}

func (c *AgreementConsent) check(field string) error {
	var version, timestamp error
	if strings.TrimSpace(c.Version) == "" {
		version = invalid(field+".Version", "is empty; use the Version of IndividualsService.GetAgreements")
	}
	if c.Timestamp.IsZero() {
		timestamp = invalid(field+".Timestamp", "is required: when the applicant consented")
	}
	return checkAll(version, timestamp)
}

func (p *InvestmentProfile) check(field string) error {
	var occupation error
	if p.EmploymentStatus == EmploymentEmployed && utf8.RuneCountInString(strings.TrimSpace(p.Occupation)) < 2 {
		occupation = invalid(field+".Occupation", "must have at least 2 characters when EmploymentStatus is EMPLOYED")
	}
	return checkAll(
		checkEnum(field+".Income", p.Income, annualIncomeValues),
		checkEnum(field+".NetWorth", p.NetWorth, netWorthValues),
		checkEnum(field+".EmploymentStatus", p.EmploymentStatus, employmentStatusValues),
		occupation,
		checkText(field+".Occupation", p.Occupation, false, 200),
		checkText(field+".BDAssociation", p.BDAssociation, false, 200),
		checkText(field+".DirectorPolicyMakerOfCompany", p.DirectorPolicyMakerOfCompany, false, 200),
	)
}

// checkEmail refuses an address without a local part and a domain; an
// empty optional one is fine.
func checkEmail(field, v string, required bool) error {
	switch local, domain, ok := strings.Cut(v, "@"); {
	case v == "" && !required:
		return nil
	case v == "":
		return invalid(field, "is empty")
	case !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@ \t\r\n") || strings.ContainsAny(local, " \t\r\n"):
		return invalid(field, "%q is not an email address", v)
	}
	return nil
}

// checkCountry refuses a country that is not an ISO 3166 alpha-2 code; empty
// is fine.
func checkCountry(field, v string) error {
	if v == "" {
		return nil
	}
	if len(v) != 2 || strings.ToUpper(v) != v || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return invalid(field, "%q is not an ISO 3166 alpha-2 country code, such as US", v)
	}
	return nil
}

// checkDate refuses a date that is not on the calendar, such as February
// 30th; the zero Date is fine.
func checkDate(field string, d Date) error {
	if d.IsZero() {
		return nil
	}
	if !d.onCalendar() {
		return invalid(field, "%s is not a calendar date", d)
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// isZero reports whether v is its type's zero value.
func isZero(v any) bool { return reflect.ValueOf(v).IsZero() }

// IndividualsService reaches the operations that onboard individuals
// through KYC. Reach it as c.Individuals.
//
// The flow: [IndividualsService.GetAgreements], show them and record the
// consent; [IndividualsService.CreateApplication] with every required field;
// [IndividualsService.UploadDocument] if needed; [IndividualsService.Apply];
// then [IndividualsService.GetApplication] until the status is APPROVED (its
// CustomerID is the new Customer), DOCUMENTS_NEEDED (upload the documents
// listed), MANUAL_REVIEW or REJECTED. The application.* events report each
// change.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/individuals
type IndividualsService service

// GetAgreements fetches the current bundle of agreements and disclosures
// (GET /api/v1/agreements/). Show them to the applicant and attach the
// bundle's Version to the application; fetch them again for every new
// application. No error is specific to this operation.
func (s *IndividualsService) GetAgreements(ctx context.Context, opts ...CallOption) (*Agreement, error) {
	return call[Agreement](ctx, s.client, at(ops.IndividualsGetAgreements), nil, nil, opts)
}

// CreateApplication creates an individual's application in status CREATED
// (POST /api/v1/applications/). Every required field is checked before
// anything is sent, including that the applicant is at least 18 on the
// date of the call (on the client's clock). Pass [WithIdempotencyKey] with a
// key derived from your own record of the applicant ([IdempotencyKeyFor]) so
// that a resend after a crash does not create a second application;
// [MayHaveSucceeded] tells when to resend. [IsValidation] reports a refused
// field.
func (s *IndividualsService) CreateApplication(ctx context.Context, req *ApplicationCreateRequest, opts ...CallOption) (*InternationalApplication, error) {
	r, err := newRequest(at(ops.IndividualsCreateApplication), nil, req)
	if err != nil {
		return nil, err
	}
	if err := req.checkAge(DateOf(s.client.now())); err != nil {
		return nil, err
	}
	return send[InternationalApplication](ctx, s.client, r, opts)
}

// GetApplication reads an individual's application
// (GET /api/v1/applications/{application_id}/), to follow it after
// [IndividualsService.Apply]. [IsNotFound] reports an unknown application.
func (s *IndividualsService) GetApplication(ctx context.Context, applicationID string, opts ...CallOption) (*InternationalApplication, error) {
	return call[InternationalApplication](ctx, s.client, at(ops.IndividualsGetApplication, applicationID), nil, nil, opts)
}

// Apply submits an individual's application to KYC
// (POST /api/v1/applications/{application_id}/apply/): CREATED becomes
// SUBMITTED, and the outcome follows asynchronously (see
// [IndividualsService.GetApplication] and the application.* events).
// [IsNotFound] reports an unknown application.
func (s *IndividualsService) Apply(ctx context.Context, applicationID string, opts ...CallOption) (*InternationalApplication, error) {
	return call[InternationalApplication](ctx, s.client, at(ops.IndividualsApply, applicationID), nil, nil, opts)
}

// UploadDocument uploads a document of the given type to an individual's
// application, before or after [IndividualsService.Apply]
// (POST /api/v1/applications/{application_id}/documents/{document_type}/file/).
//
// The file is the request body, streamed with its Content-Type and
// Content-Length, an idempotency key and no signature; a retry sends it
// again from its start. ID_FRONT, ID_BACK, SELFIE and PASSPORT files may be
// up to 5 MiB, others just under 50 MiB ([DocumentType.MaxSize]); the
// accepted content types are those of [DocumentContentTypes]. All of this is
// checked before anything is sent. [IsValidation] reports a refused file or
// document type; [IsNotFound] an unknown application.
func (s *IndividualsService) UploadDocument(ctx context.Context, applicationID string, docType DocumentType, file *File, opts ...CallOption) (*DocumentUpload, error) {
	r, err := uploadByType(ops.IndividualsUploadDocument, applicationID, docType, file)
	if err != nil {
		return nil, err
	}
	return send[DocumentUpload](ctx, s.client, r, opts)
}
