package jikotest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exampleBusiness starts the business application of the reference's
// example on a new server.
func exampleBusiness(t *testing.T) (*jikotest.Server, *jiko.Client, *jiko.BusinessApplication) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	// The published examples consent to version "1".
	srv.SetAgreementVersion("1")
	req := testutil.Strict[jiko.BusinessApplicationCreateRequest](t, shared(t, "businesses_create_application.request.json"))
	app, err := c.Businesses.CreateApplication(context.Background(), &req)
	require.NoError(t, err)
	return srv, c, app
}

func TestBusinessOnboarding(t *testing.T) {
	srv, c, app := exampleBusiness(t)
	ctx := context.Background()
	assert.Equal(t, jiko.ApplicationCreated, app.Status)
	sameShape(t, "businesses_create_application.json", rawGet(t, c, "/api/v1/business-applications/"+app.ID+"/"))

	upd := testutil.Strict[jiko.BusinessApplicationUpdateRequest](t, shared(t, "businesses_update_application.request.json"))
	app, err := c.Businesses.UpdateApplication(ctx, app.ID, &upd)
	require.NoError(t, err)
	app, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{DoingBusinessAs: jiko.Null[string]()})
	require.NoError(t, err)
	assert.Empty(t, app.DoingBusinessAs, "null clears the field")
	app, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{DoingBusinessAs: jiko.Set("Jiko")})
	require.NoError(t, err)
	assert.Equal(t, "Jiko", app.DoingBusinessAs)

	_, err = c.Businesses.Apply(ctx, app.ID)
	assert.True(t, jiko.IsValidation(err), "no related party and a document missing: %v", err)
	assert.Contains(t, err.Error(), "related_party_applications: at least one related party application is required")
	assert.Contains(t, err.Error(), "ARTICLES_OF_INCORPORATION is PENDING_UPLOAD")

	party := testutil.Strict[jiko.RelatedPartyCreateRequest](t, shared(t, "businesses_create_related_party.request.json"))
	ceo, err := c.Businesses.CreateRelatedParty(ctx, app.ID, &party)
	require.NoError(t, err)
	assert.Equal(t, jiko.IDNumber("*****4321"), ceo.IdentificationNumber.IdentificationNumber, "answered masked")
	party.Title, party.Roles, party.OwnershipPercentage = "CFO", []jiko.RelatedPartyRole{jiko.RoleAuthorizedRepresentative}, "0.49"
	cfo, err := c.Businesses.CreateRelatedParty(ctx, app.ID, &party)
	require.NoError(t, err)
	intern, err := c.Businesses.CreateRelatedParty(ctx, app.ID, &jiko.RelatedPartyCreateRequest{Title: "Intern"})
	require.NoError(t, err)
	require.NoError(t, c.Businesses.DeleteRelatedParty(ctx, app.ID, intern.ID))
	upParty := testutil.Strict[jiko.RelatedPartyUpdateRequest](t, shared(t, "businesses_update_related_party.request.json"))
	_, err = c.Businesses.UpdateRelatedParty(ctx, app.ID, cfo.ID, &upParty)
	require.NoError(t, err)
	cfoNow, err := c.Businesses.UpdateRelatedParty(ctx, app.ID, cfo.ID, &jiko.RelatedPartyUpdateRequest{Title: jiko.Set("CFO")})
	require.NoError(t, err)
	assert.Equal(t, "CFO", cfoNow.Title)
	assert.Equal(t, jiko.Decimal("0.51"), cfoNow.OwnershipPercentage, "fields not sent are kept")

	parties := rawGet(t, c, "/api/v1/business-applications/"+app.ID+"/related-party-applications/")
	sameShape(t, "businesses_list_related_parties.json", parties)
	list, err := c.Businesses.ListRelatedParties(ctx, app.ID).Collect()
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, []string{ceo.ID, cfo.ID}, []string{list[0].ID, list[1].ID})

	docs, err := c.Businesses.ListDocumentRequests(ctx, app.ID).Collect()
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, jiko.DocumentArticlesOfIncorporation, docs[0].Type, "a CORPORATE business is asked for its articles")
	sameShape(t, "businesses_list_document_requests.json", rawGet(t, c, "/api/v1/business-applications/"+app.ID+"/documents/"))

	pdf := "%PDF-1.7 articles"
	file := &jiko.File{Body: strings.NewReader(pdf), Size: int64(len(pdf)), ContentType: "application/pdf", Name: "articles.pdf"}
	doc, err := c.Businesses.UploadDocument(ctx, docs[0].ID, file)
	require.NoError(t, err)
	assert.Equal(t, jiko.DocumentStatusApproved, doc.Status)
	assert.Equal(t, "articles.pdf", *doc.Name)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, `attachment; filename=articles.pdf`, last.Header.Get("Content-Disposition"))
	code, body := rawUpload(t, srv, "/api/v1/documents/"+docs[0].ID+"/", "application/pdf", "attachment; filename=again.pdf", []byte(pdf))
	assert.Equal(t, 412, code)
	assert.Equal(t, `{"detail":"Document has already been reviewed and approved."}`, body)
	_, err = c.Businesses.UploadDocument(ctx, docs[0].ID, file)
	assert.True(t, jiko.IsPreconditionFailed(err), "%v", err)

	submitted, err := c.Businesses.Apply(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationSubmitted, submitted.Status)
	_, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{Website: jiko.Set("https://x.example")})
	assert.True(t, jiko.IsPreconditionFailed(err), "a submitted application no longer changes: %v", err)
	_, err = c.Businesses.CreateRelatedParty(ctx, app.ID, &jiko.RelatedPartyCreateRequest{Title: "Late"})
	assert.True(t, jiko.IsPreconditionFailed(err), "%v", err)

	approved, err := c.Businesses.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationApproved, approved.Status)
	sameShape(t, "businesses_get_application.json", rawGet(t, c, "/api/v1/business-applications/"+app.ID+"/"))
	customerID := *approved.CustomerID
	assert.Equal(t, []string{ceo.ID, cfo.ID}, srv.RelatedParties(customerID))
	assert.Equal(t, []string{"application.approved " + app.ID}, applicationEvents(srv))

	cust, err := c.Customers.Get(ctx, customerID)
	require.NoError(t, err)
	biz, ok := cust.Variant.(*jiko.BusinessCustomer)
	require.True(t, ok, "%T", cust.Variant)
	assert.Equal(t, "Jiko Group, Inc.", biz.Name)
	assert.Equal(t, "contact@jiko.io", biz.Email)
	sameShape(t, "customers_get_business.json", rawGet(t, c, "/api/v1/customers/"+customerID+"/"))
	_, err = c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: "Treasury", DepositStrategyID: jiko.StrategyUST13W})
	require.NoError(t, err)
}

func TestBusinessAnswersMatchTheExamples(t *testing.T) {
	srv, c, app := exampleBusiness(t)
	ctx := context.Background()
	party := testutil.Strict[jiko.RelatedPartyCreateRequest](t, shared(t, "businesses_create_related_party.request.json"))
	rp, err := c.Businesses.CreateRelatedParty(ctx, app.ID, &party)
	require.NoError(t, err)

	// The answers of the writes, decoded raw.
	var raw json.RawMessage
	require.NoError(t, c.Do(ctx, "PATCH", "/api/v1/business-applications/"+app.ID+"/", nil,
		map[string]string{"website": "https://www.jiko.io"}, &raw))
	sameShape(t, "businesses_update_application.json", raw)
	require.NoError(t, c.Do(ctx, "PATCH", "/api/v1/business-applications/"+app.ID+"/related-party-applications/"+rp.ID+"/", nil,
		map[string]string{"title": "CEO"}, &raw))
	sameShape(t, "businesses_update_related_party.json", raw)
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/business-applications/"+app.ID+"/related-party-applications/", nil,
		party, &raw))
	sameShape(t, "businesses_create_related_party.json", raw)

	docs, err := c.Businesses.ListDocumentRequests(ctx, app.ID).Collect()
	require.NoError(t, err)
	code, body := rawUpload(t, srv, "/api/v1/documents/"+docs[0].ID+"/", "image/png", `attachment; filename="articles_of_incorporation.png"`, []byte("png"))
	require.Equal(t, 200, code, body)
	sameShape(t, "businesses_upload_document.json", []byte(body))
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/business-applications/"+app.ID+"/apply/", nil, nil, &raw))
	sameShape(t, "businesses_apply.json", raw)

	code, body = rawUpload(t, srv, "/api/v1/documents/"+docs[0].ID+"/", "image/png", "", []byte("png"))
	assert.Equal(t, 422, code)
	assert.Contains(t, body, `"loc":["header","content-disposition"]`)
}

func TestBusinessDocumentsFollowTheEntityType(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	app, err := c.Businesses.CreateApplication(ctx, &jiko.BusinessApplicationCreateRequest{Name: "Acme", EntityType: jiko.EntityLLC})
	require.NoError(t, err)
	types := func() []jiko.DocumentType {
		docs, err := c.Businesses.ListDocumentRequests(ctx, app.ID).Collect()
		require.NoError(t, err)
		var out []jiko.DocumentType
		for _, d := range docs {
			out = append(out, d.Type)
		}
		return out
	}
	assert.Equal(t, []jiko.DocumentType{jiko.DocumentOperatingAgreement}, types())
	_, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{EntityType: jiko.Set(jiko.EntityPartnership)})
	require.NoError(t, err)
	assert.Equal(t, []jiko.DocumentType{jiko.DocumentPartnershipAgreement}, types())
	_, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{EntityType: jiko.Set(jiko.EntitySoleProprietor)})
	require.NoError(t, err)
	assert.Empty(t, types())

	// Bad input the SDK would refuse answers 422 here too; formation_date,
	// a string with no format in the contract, is not checked as a date.
	err = c.Do(ctx, "PATCH", "/api/v1/business-applications/"+app.ID+"/", nil, map[string]any{
		"entity_type": "TRUST", "formation_date": "2017-13-01",
	}, nil)
	assert.Equal(t, []string{
		"body.entity_type: value is not a valid enumeration member; permitted: 'SOLE_PROPRIETOR', 'CORPORATE', 'LLC', 'PARTNERSHIP', 'INCORPORATED_ASSOCIATION', 'UNINCORPORATED_ASSOCIATION'",
	}, issuesOf(t, err))
	err = c.Do(ctx, "PATCH", "/api/v1/business-applications/"+app.ID+"/", nil, map[string]any{"formation_date": "January 2017"}, nil)
	assert.NoError(t, err, "any string, as the contract types it")
	err = c.Do(ctx, "POST", "/api/v1/business-applications/"+app.ID+"/related-party-applications/", nil, map[string]any{
		"ownership_percentage": "1.5", "roles": []string{"OWNER"},
	}, nil)
	assert.Equal(t, []string{
		"body.ownership_percentage: ensure this value is a decimal from 0 to 1",
		"body.roles.0: value is not a valid enumeration member; permitted: 'CONTROL_PERSON', 'AUTHORIZED_REPRESENTATIVE'",
	}, issuesOf(t, err))

	require.NoError(t, srv.SetNextDecision(jikotest.Decision{Status: jiko.ApplicationDocumentsNeeded}))
	_, err = c.Businesses.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{
		IdentificationNumber: jiko.Set(jiko.BusinessIdentificationNumber{IdentificationNumber: "123456789", Type: jiko.BusinessIDEIN}),
		Address:              jiko.Set(jiko.Address{StreetAddress: "1 Main St", City: "Reno", PostalCode: "89501", State: "NV", Country: "US"}),
		Contact:              jiko.Set(jiko.BusinessContact{Email: "owner@acme.example"}),
	})
	require.NoError(t, err)
	ag, err := c.Individuals.GetAgreements(ctx)
	require.NoError(t, err)
	err = c.Do(ctx, "PATCH", "/api/v1/business-applications/"+app.ID+"/", nil, map[string]any{
		"agreement_consent": map[string]string{"version": ag.Version, "timestamp": "2024-01-01T00:00:00Z"},
	}, nil)
	require.NoError(t, err)
	_, err = c.Businesses.CreateRelatedParty(ctx, app.ID, &jiko.RelatedPartyCreateRequest{Title: "Owner"})
	require.NoError(t, err)
	_, err = c.Businesses.Apply(ctx, app.ID)
	require.NoError(t, err)
	got, err := c.Businesses.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationDocumentsNeeded, got.Status)
	assert.Equal(t, []jiko.DocumentType{jiko.DocumentBankStatements1}, types())
	docs, err := c.Businesses.ListDocumentRequests(ctx, app.ID).Collect()
	require.NoError(t, err)
	_, err = c.Businesses.UploadDocument(ctx, docs[0].ID, &jiko.File{Body: strings.NewReader("%PDF"), Size: 4, ContentType: "application/pdf", Name: "march.pdf"})
	require.NoError(t, err)
	got, err = c.Businesses.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationApproved, got.Status)
	assert.Equal(t, []string{"application.documents_needed " + app.ID, "application.approved " + app.ID}, applicationEvents(srv))
}
