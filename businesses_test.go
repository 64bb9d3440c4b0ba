package jiko

import (
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	relatedPartyID = "3c0f6c8e-5a55-4e0a-9d55-0b6c1a9e2f11"
	documentID     = "61c23eb1-002a-4459-aa9a-624428281e14"
	bizApps        = "/api/v1/business-applications/"
	bizApp         = bizApps + applicationID + "/"
	bizParties     = bizApp + "related-party-applications/"
	bizParty       = bizParties + relatedPartyID + "/"
)

func TestBusinessFixturesDecodeStrictly(t *testing.T) {
	req := testutil.Strict[BusinessApplicationCreateRequest](t, testutil.Load(t, "businesses_create_application.request.json"))
	assert.Equal(t, "Jiko Group, Inc.", req.Name)
	assert.Equal(t, EntityCorporate, req.EntityType)
	assert.Equal(t, BusinessIdentificationNumber{IdentificationNumber: "987654321", Type: BusinessIDTIN}, req.IdentificationNumber)
	assert.Equal(t, "", *req.Contact.Name.MiddleName)
	assert.Equal(t, Date{Year: 2017, Month: time.January, Day: 4}, req.FormationDate)
	assert.Equal(t, []RiskCategory{}, req.RiskInfo.RiskCategories)
	assert.False(t, *req.RiskInfo.HasCurrentEnforcementActions)
	assert.Equal(t, RiskInfo{
		RiskCategories: []RiskCategory{}, HasCurrentEnforcementActions: req.RiskInfo.HasCurrentEnforcementActions,
		BusinessActivityLocation: ActivityPrimarilyUS, SourceOfFunds: SourceInternalFunds, AccountUsage: UsageMoneyStorage,
		AnnualRevenue: RevenuePreRevenue, MonthlyTransactions: MonthlyTransactions5OrLess, FirstMonthDeposit: FirstMonthDeposit1MOrLess,
	}, req.RiskInfo)
	assert.Equal(t, IndustryAccountingAndBookkeeping, req.Industry.Industry)

	upd := testutil.Strict[BusinessApplicationUpdateRequest](t, testutil.Load(t, "businesses_update_application.request.json"))
	name, ok := upd.Name.Get()
	assert.True(t, ok)
	assert.Equal(t, "Jiko Group, Inc.", name)

	for file, want := range map[string]ApplicationStatus{
		"businesses_create_application.json": ApplicationCreated,
		"businesses_get_application.json":    ApplicationApproved,
		"businesses_update_application.json": ApplicationSubmitted,
		"businesses_apply.json":              ApplicationSubmitted,
	} {
		app := testutil.Strict[BusinessApplication](t, testutil.Load(t, file))
		assert.Equal(t, want, app.Status, file)
		assert.Equal(t, "Jiko Group, Inc.", app.Name, file)
		assert.Equal(t, "San Francisco", app.Address.City, file)
		if want == ApplicationApproved {
			assert.Equal(t, "160c0c4b-9966-4dc1-a916-8407eb10d74e", *app.CustomerID)
		} else {
			assert.Nil(t, app.CustomerID, file)
		}
	}

	for _, file := range []string{"businesses_create_related_party.request.json", "businesses_update_related_party.request.json"} {
		rp := testutil.Strict[RelatedPartyCreateRequest](t, testutil.Load(t, file))
		assert.Equal(t, Decimal("0.51"), rp.OwnershipPercentage)
		assert.Equal(t, []RelatedPartyRole{RoleControlPerson}, rp.Roles)
		assert.Equal(t, Date{Year: 1970, Month: time.January, Day: 1}, rp.DateOfBirth)
	}
	testutil.Strict[RelatedPartyUpdateRequest](t, testutil.Load(t, "businesses_update_related_party.request.json"))
	for _, file := range []string{"businesses_create_related_party.json", "businesses_update_related_party.json"} {
		rp := testutil.Strict[RelatedPartyApplication](t, testutil.Load(t, file))
		assert.Equal(t, "497f6eca-6276-4993-bfeb-53cbbbba6f08X", rp.ID)
		assert.Equal(t, IndividualIDSSN, rp.IdentificationNumber.IdentificationType)
	}
	rps := testutil.Strict[[]RelatedPartyApplication](t, testutil.Load(t, "businesses_list_related_parties.json"))
	require.Len(t, rps, 1)
	assert.Equal(t, "CEO", rps[0].Title)

	docs := testutil.Strict[[]Document](t, testutil.Load(t, "businesses_list_document_requests.json"))
	require.Len(t, docs, 2)
	assert.Equal(t, DocumentStatusPendingUpload, docs[0].Status)
	assert.Equal(t, ExceptionImageQualityErrorCutoff, *docs[1].ExceptionReason)
	doc := testutil.Strict[Document](t, testutil.Load(t, "businesses_upload_document.json"))
	assert.Equal(t, DocumentStatusApproved, doc.Status)
	assert.Equal(t, "articles_of_incorporation.png", *doc.Name)
}

func TestBusinessesCreateApplication(t *testing.T) {
	h := onboardingHarness(t)
	h.on("POST", bizApps, status(201, fixture(t, "businesses_create_application.json")))
	ctx := context.Background()
	app, err := h.c.Businesses.CreateApplication(ctx, &BusinessApplicationCreateRequest{
		Name: "Acme Robotics LLC", EntityType: EntityLLC,
		Industry: IndustryInfo{Industry: IndustryOther, OtherIndustry: "Robotics"},
	})
	require.NoError(t, err)
	assert.Equal(t, ApplicationCreated, app.Status)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, bizApps, r.Path)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, `{"name":"Acme Robotics LLC","entity_type":"LLC","industry":{"industry":"OTHER","other_industry":"Robotics"}}`, string(r.Body))

	// The published example goes out as published.
	req := testutil.Strict[BusinessApplicationCreateRequest](t, testutil.Load(t, "businesses_create_application.request.json"))
	_, err = h.c.Businesses.CreateApplication(ctx, &req)
	require.NoError(t, err)
	assert.NoError(t, testutil.Equal(testutil.Load(t, "businesses_create_application.request.json"), h.last().Body))

	// An empty application is allowed: it is filled in later.
	_, err = h.c.Businesses.CreateApplication(ctx, &BusinessApplicationCreateRequest{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(h.last().Body))
}

func TestBusinessesGetUpdateApply(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	h.on("GET", bizApp, status(200, fixture(t, "businesses_get_application.json")))
	h.on("PATCH", bizApp, status(200, fixture(t, "businesses_update_application.json")))
	h.on("POST", bizApp+"apply/", status(200, fixture(t, "businesses_apply.json")))

	app, err := h.c.Businesses.GetApplication(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, ApplicationApproved, app.Status)
	assert.Equal(t, "GET", h.last().Method)
	assert.Equal(t, bizApp, h.last().Path)

	consent := AgreementConsent{Version: "2", Timestamp: time.Date(2024, 6, 1, 9, 30, 0, 0, time.UTC)}
	_, err = h.c.Businesses.UpdateApplication(ctx, applicationID, &BusinessApplicationUpdateRequest{
		Website:          Set("https://acme.example"),
		DoingBusinessAs:  Null[string](),
		AgreementConsent: Set(consent),
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, bizApp, r.Path)
	assert.Equal(t, `{"doing_business_as":null,"website":"https://acme.example","agreement_consent":{"version":"2","timestamp":"2024-06-01T09:30:00Z"}}`, string(r.Body))

	app, err = h.c.Businesses.Apply(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, ApplicationSubmitted, app.Status)
	r = h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, bizApp+"apply/", r.Path)
	assert.Empty(t, r.Body)
}

func TestBusinessesApplicationValidation(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	creates := map[string]*BusinessApplicationCreateRequest{
		"jiko: BusinessApplicationCreateRequest: is nil": nil,
		`jiko: BusinessApplicationCreateRequest.EntityType: "TRUST" is not one of SOLE_PROPRIETOR, CORPORATE, LLC, PARTNERSHIP, INCORPORATED_ASSOCIATION, UNINCORPORATED_ASSOCIATION`:       {EntityType: "TRUST"},
		"jiko: BusinessApplicationCreateRequest.IdentificationNumber.IdentificationNumber: is empty":                                                                                        {IdentificationNumber: BusinessIdentificationNumber{Type: BusinessIDEIN}},
		"jiko: BusinessApplicationCreateRequest.IdentificationNumber.Type: is empty; use one of TIN, EIN, NON_US_BUSINESS_ID":                                                               {IdentificationNumber: BusinessIdentificationNumber{IdentificationNumber: "1"}},
		"jiko: BusinessApplicationCreateRequest.Address.PostalCode: is empty":                                                                                                               {Address: Address{StreetAddress: "1 Main", City: "X", Country: "US"}},
		"jiko: BusinessApplicationCreateRequest.Contact.Name.LastName: is empty":                                                                                                            {Contact: BusinessContact{Name: Name{FirstName: "A"}}},
		`jiko: BusinessApplicationCreateRequest.Contact.Email: "a@" is not an email address`:                                                                                                {Contact: BusinessContact{Email: "a@"}},
		"jiko: BusinessApplicationCreateRequest.FormationDate: 2017-13-01 is not a calendar date":                                                                                           {FormationDate: Date{Year: 2017, Month: 13, Day: 1}},
		`jiko: BusinessApplicationCreateRequest.RiskInfo.RiskCategories[1]: "WEAPONS" is not one of INTERNET_GAMBLING, CANNABIS, CRYPTOCURRENCY, CROWDFUNDING, FINANCIAL_OR_MONEY_MOVEMENT`: {RiskInfo: RiskInfo{RiskCategories: []RiskCategory{RiskCannabis, "WEAPONS"}}},
		`jiko: BusinessApplicationCreateRequest.RiskInfo.AnnualRevenue: "1B" is not one of PRE_REVENUE, 5M_OR_LESS, BETWEEN_5M_100M, 100M_OR_MORE`:                                          {RiskInfo: RiskInfo{AnnualRevenue: "1B"}},
		`jiko: BusinessApplicationCreateRequest.Industry.Industry: "MINING" is not a documented jiko.Industry value`:                                                                        {Industry: IndustryInfo{Industry: "MINING"}},
		"jiko: BusinessApplicationCreateRequest.AgreementConsent.Version: is empty; use the Version of IndividualsService.GetAgreements":                                                    {AgreementConsent: AgreementConsent{Timestamp: time.Now()}},
	}
	for want, req := range creates {
		_, err := h.c.Businesses.CreateApplication(ctx, req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	updates := map[string]*BusinessApplicationUpdateRequest{
		"jiko: BusinessApplicationUpdateRequest: is nil":                                                               nil,
		"jiko: BusinessApplicationUpdateRequest: no field is set":                                                      {},
		"jiko: BusinessApplicationUpdateRequest.AgreementConsent.Timestamp: is required: when the applicant consented": {AgreementConsent: Set(AgreementConsent{Version: "1"})},
		`jiko: BusinessApplicationUpdateRequest.EntityType: "TRUST" is not one of SOLE_PROPRIETOR, CORPORATE, LLC, PARTNERSHIP, INCORPORATED_ASSOCIATION, UNINCORPORATED_ASSOCIATION`: {EntityType: Set[EntityType]("TRUST")},
	}
	for want, req := range updates {
		_, err := h.c.Businesses.UpdateApplication(ctx, applicationID, req)
		assert.EqualError(t, err, want)
	}
	_, err := h.c.Businesses.UpdateApplication(ctx, "", &BusinessApplicationUpdateRequest{Name: Set("x")})
	assert.EqualError(t, err, "jiko: application_id: is empty")
	_, err = h.c.Businesses.GetApplication(ctx, "..")
	assert.EqualError(t, err, `jiko: application_id: ".." is not an id`)
	_, err = h.c.Businesses.Apply(ctx, "")
	assert.EqualError(t, err, "jiko: application_id: is empty")
	assert.Empty(t, h.requests())
}

func TestBusinessesRelatedParties(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	h.on("GET", bizParties, status(200, fixture(t, "businesses_list_related_parties.json")))
	h.on("POST", bizParties, status(201, fixture(t, "businesses_create_related_party.json")))
	h.on("PATCH", bizParty, status(200, fixture(t, "businesses_update_related_party.json")))
	h.on("DELETE", bizParty, status(204, ""))

	list, err := h.c.Businesses.ListRelatedParties(ctx, applicationID).Collect()
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "CEO", list[0].Title)
	assert.Equal(t, "GET", h.last().Method)
	assert.Equal(t, bizParties, h.last().Path)
	page, err := h.c.Businesses.ListRelatedPartiesPage(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, OffsetPage[RelatedPartyApplication]{Items: list, Count: 1}, *page, "the whole answer is one page")
	assert.Equal(t, bizParties, h.last().Path)

	req := testutil.Strict[RelatedPartyCreateRequest](t, testutil.Load(t, "businesses_create_related_party.request.json"))
	rp, err := h.c.Businesses.CreateRelatedParty(ctx, applicationID, &req)
	require.NoError(t, err)
	assert.Equal(t, Decimal("0.51"), rp.OwnershipPercentage)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, bizParties, r.Path)
	assert.NoError(t, testutil.Equal(testutil.Load(t, "businesses_create_related_party.request.json"), r.Body))

	_, err = h.c.Businesses.UpdateRelatedParty(ctx, applicationID, relatedPartyID, &RelatedPartyUpdateRequest{
		Roles:               Set([]RelatedPartyRole{RoleControlPerson, RoleAuthorizedRepresentative}),
		OwnershipPercentage: Set(Decimal("0.25")),
		Title:               Null[string](),
	})
	require.NoError(t, err)
	r = h.last()
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, bizParty, r.Path)
	assert.Equal(t, `{"title":null,"roles":["CONTROL_PERSON","AUTHORIZED_REPRESENTATIVE"],"ownership_percentage":"0.25"}`, string(r.Body))

	require.NoError(t, h.c.Businesses.DeleteRelatedParty(ctx, applicationID, relatedPartyID))
	r = h.last()
	assert.Equal(t, "DELETE", r.Method)
	assert.Equal(t, bizParty, r.Path)
	assert.False(t, r.HasBody)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestBusinessesRelatedPartyValidation(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	creates := map[string]*RelatedPartyCreateRequest{
		"jiko: RelatedPartyCreateRequest: is nil": nil,
		"jiko: RelatedPartyCreateRequest.OwnershipPercentage: 1.5 is out of range 0..1 (a fraction: 0.51 is 51%)":                {OwnershipPercentage: "1.5"},
		"jiko: RelatedPartyCreateRequest.OwnershipPercentage: -0.1 is out of range 0..1 (a fraction: 0.51 is 51%)":               {OwnershipPercentage: "-0.1"},
		`jiko: RelatedPartyCreateRequest.OwnershipPercentage: "51%" is not a decimal number`:                                     {OwnershipPercentage: "51%"},
		`jiko: RelatedPartyCreateRequest.Roles[0]: "OWNER" is not one of CONTROL_PERSON, AUTHORIZED_REPRESENTATIVE`:              {Roles: []RelatedPartyRole{"OWNER"}},
		"jiko: RelatedPartyCreateRequest.DateOfBirth: 1970-02-29 is not a calendar date":                                         {DateOfBirth: Date{Year: 1970, Month: time.February, Day: 29}},
		"jiko: RelatedPartyCreateRequest.IdentificationNumber.IdentificationType: is empty; use one of SSN, PASSPORT, NON_US_ID": {IdentificationNumber: IndividualIdentificationNumber{IdentificationNumber: "1"}},
		"jiko: RelatedPartyCreateRequest.Name.FirstName: is empty":                                                               {Name: Name{LastName: "Party"}},
		`jiko: RelatedPartyCreateRequest.Citizenship: "us" is not an ISO 3166 alpha-2 country code, such as US`:                  {Citizenship: "us"},
	}
	for want, req := range creates {
		_, err := h.c.Businesses.CreateRelatedParty(ctx, applicationID, req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	for _, ok := range []Decimal{"0", "1", "0.51", "1.000"} {
		assert.NoError(t, (&RelatedPartyCreateRequest{OwnershipPercentage: ok}).validate(), ok)
	}
	_, err := h.c.Businesses.UpdateRelatedParty(ctx, applicationID, relatedPartyID, &RelatedPartyUpdateRequest{})
	assert.EqualError(t, err, "jiko: RelatedPartyUpdateRequest: no field is set")
	_, err = h.c.Businesses.UpdateRelatedParty(ctx, applicationID, relatedPartyID, &RelatedPartyUpdateRequest{OwnershipPercentage: Set(Decimal("2"))})
	assert.EqualError(t, err, "jiko: RelatedPartyUpdateRequest.OwnershipPercentage: 2 is out of range 0..1 (a fraction: 0.51 is 51%)")
	_, err = h.c.Businesses.UpdateRelatedParty(ctx, applicationID, "", &RelatedPartyUpdateRequest{Title: Set("CFO")})
	assert.EqualError(t, err, "jiko: related_party_application_id: is empty")
	err = h.c.Businesses.DeleteRelatedParty(ctx, applicationID, "..")
	assert.EqualError(t, err, `jiko: related_party_application_id: ".." is not an id`)
	_, err = h.c.Businesses.ListRelatedParties(ctx, "").Collect()
	assert.EqualError(t, err, "jiko: application_id: is empty")
	assert.Empty(t, h.requests())
}

func TestBusinessesDocuments(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	h.on("GET", bizApp+"documents/", status(200, fixture(t, "businesses_list_document_requests.json")))
	docs, err := h.c.Businesses.ListDocumentRequests(ctx, applicationID).Collect()
	require.NoError(t, err)
	require.Len(t, docs, 2)
	assert.Equal(t, DocumentOperatingAgreement, docs[0].Type)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, bizApp+"documents/", r.Path)
	page, err := h.c.Businesses.ListDocumentRequestsPage(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, OffsetPage[Document]{Items: docs, Count: 2}, *page, "the whole answer is one page")
	assert.Len(t, h.requests(), 2)
	assert.False(t, r.HasBody)

	path := "/api/v1/documents/" + documentID + "/"
	h.on("POST", path, status(200, fixture(t, "businesses_upload_document.json")),
		status(412, `{"detail":"Document has already been reviewed and approved."}`))
	content := "%PDF-1.7 articles"
	file := &File{Body: strings.NewReader(content), Size: int64(len(content)), ContentType: "application/pdf", Name: "articles of incorporation.pdf"}
	doc, err := h.c.Businesses.UploadDocument(ctx, documentID, file)
	require.NoError(t, err)
	assert.Equal(t, DocumentStatusApproved, doc.Status)
	r = h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, content, string(r.Body))
	assert.Equal(t, "application/pdf", r.Header.Get("Content-Type"))
	assert.Equal(t, `attachment; filename="articles of incorporation.pdf"`, r.Header.Get("Content-Disposition"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.Empty(t, r.Header.Values("X-Jiko-Signature"))

	_, err = h.c.Businesses.UploadDocument(ctx, documentID, file)
	assert.True(t, IsPreconditionFailed(err), "%v", err)
	assert.EqualError(t, err, "jiko: POST "+path+": 412 Precondition Failed: Document has already been reviewed and approved.")
	assert.Len(t, h.requests(), 4, "a 412 is not retried")
}

func TestBusinessesUploadRefusesBadInput(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	ok := func() *File {
		return &File{Body: strings.NewReader("x"), Size: 1, ContentType: "image/png", Name: "a.png"}
	}
	cases := map[string]func() (string, *File){
		"jiko: document_id: is empty":         func() (string, *File) { return "", ok() },
		`jiko: document_id: "." is not an id`: func() (string, *File) { return ".", ok() },
		"jiko: file: is nil":                  func() (string, *File) { return documentID, nil },
		"jiko: file.Name: is empty; the operation sends it as the Content-Disposition file name": func() (string, *File) {
			f := ok()
			f.Name = " "
			return documentID, f
		},
		"jiko: file.Size: 52428800 bytes is over the limit of 52428799 bytes": func() (string, *File) {
			return documentID, &File{Body: io.NewSectionReader(zeroes{}, 0, 50<<20), Size: 50 << 20, ContentType: "application/pdf", Name: "big.pdf"}
		},
		"jiko: file.Size: must be more than 0, got 0": func() (string, *File) {
			f := ok()
			f.Size = 0
			return documentID, f
		},
		`jiko: file.ContentType: "image/gif" is not accepted; use one of image/png, image/jpeg, application/pdf`: func() (string, *File) {
			f := ok()
			f.ContentType = "image/gif"
			return documentID, f
		},
	}
	for want, mk := range cases {
		id, f := mk()
		_, err := h.c.Businesses.UploadDocument(ctx, id, f)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	_, err := h.c.Businesses.ListDocumentRequests(ctx, "").Collect()
	assert.EqualError(t, err, "jiko: application_id: is empty")
	assert.Empty(t, h.requests())
}

func TestBusinessUpdateRequestFromJSON(t *testing.T) {
	var req BusinessApplicationUpdateRequest
	require.NoError(t, json.Unmarshal([]byte(`{"website":null,"entity_type":"LLC"}`), &req))
	assert.True(t, req.Website.IsNull())
	et, _ := req.EntityType.Get()
	assert.Equal(t, EntityLLC, et)
	b, err := json.Marshal(&req)
	require.NoError(t, err)
	assert.Equal(t, `{"entity_type":"LLC","website":null}`, string(b))
}

func TestUpdateRequestsMirrorTheirProfiles(t *testing.T) {
	for update, profile := range map[reflect.Type]reflect.Type{
		reflect.TypeFor[BusinessApplicationUpdateRequest](): reflect.TypeFor[BusinessProfile](),
		reflect.TypeFor[RelatedPartyUpdateRequest]():        reflect.TypeFor[RelatedPartyProfile](),
	} {
		require.Equal(t, profile.NumField(), update.NumField(), update.Name())
		for i := range update.NumField() {
			uf, pf := update.Field(i), profile.Field(i)
			assert.Equal(t, pf.Name, uf.Name)
			get, ok := uf.Type.MethodByName("Get")
			require.True(t, ok, uf.Name)
			assert.Equal(t, pf.Type, get.Type.Out(0), uf.Name)
			assert.Equal(t, strings.Split(pf.Tag.Get("json"), ",")[0]+",omitzero", uf.Tag.Get("json"), uf.Name)
		}
	}
}
