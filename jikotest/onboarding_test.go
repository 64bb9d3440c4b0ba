package jikotest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shared loads a fixture of the module's testdata.
func shared(t *testing.T, name string) []byte { return testutil.Load(t, "../testdata/"+name) }

// withoutTopKey returns a fixture with one top-level key removed.
func withoutTopKey(t *testing.T, fixture, key string) []byte {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(shared(t, fixture), &m))
	delete(m, key)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

// applicant is an application an adult can send, with the server's current
// agreement version.
func applicant(t *testing.T, c *jiko.Client) *jiko.ApplicationCreateRequest {
	ag, err := c.Individuals.GetAgreements(context.Background())
	require.NoError(t, err)
	req := testutil.Strict[jiko.ApplicationCreateRequest](t, shared(t, "individuals_create_application.request.json"))
	req.AgreementConsent.Version = ag.Version
	return &req
}

func applicationEvents(srv *jikotest.Server) []string {
	var out []string
	for _, e := range srv.Events() {
		out = append(out, e.Type+" "+e.Payload["application_id"].(string))
	}
	return out
}

func TestIndividualIsApprovedByDefault(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()

	sameShape(t, "individuals_list_agreements.json", rawGet(t, c, "/api/v1/agreements/"))
	var raw json.RawMessage
	require.NoError(t, c.Do(ctx, "POST", "/api/v1/applications/", nil, applicant(t, c), &raw))
	sameShape(t, "individuals_create_application.json", raw)
	var app jiko.InternationalApplication
	require.NoError(t, json.Unmarshal(raw, &app))
	assert.Equal(t, jiko.ApplicationCreated, app.Status)
	sameShape(t, "individuals_get_application.json", rawGet(t, c, "/api/v1/applications/"+app.ID+"/"))

	require.NoError(t, c.Do(ctx, "POST", "/api/v1/applications/"+app.ID+"/apply/", nil, nil, &raw))
	// SUBMITTED, without a customer yet: the shape of the created one.
	sameShape(t, "individuals_create_application.json", raw)
	var submitted jiko.InternationalApplication
	require.NoError(t, json.Unmarshal(raw, &submitted))
	assert.Equal(t, jiko.ApplicationSubmitted, submitted.Status, "Apply answers SUBMITTED; the decision follows")
	assert.Nil(t, submitted.CustomerID)

	got, err := c.Individuals.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationApproved, got.Status)
	require.NotNil(t, got.CustomerID)
	sameShape(t, "individuals_apply.json", rawGet(t, c, "/api/v1/applications/"+app.ID+"/"))
	assert.Equal(t, []string{"application.approved " + app.ID}, applicationEvents(srv))

	cust, err := c.Customers.Get(ctx, *got.CustomerID)
	require.NoError(t, err)
	ind, ok := cust.Variant.(*jiko.IndividualCustomer)
	require.True(t, ok, "%T", cust.Variant)
	assert.Equal(t, "Jiko", ind.Name.FirstName)
	assert.Equal(t, jiko.CustomerAccountPending, ind.AccountStatus, "no open Pocket yet")
	sameShape(t, "customers_get.json", rawGet(t, c, "/api/v1/customers/"+*got.CustomerID+"/"))

	_, err = c.Pockets.Create(ctx, *got.CustomerID, &jiko.PocketCreateRequest{PocketName: "First", DepositStrategyID: jiko.StrategyUST4W})
	require.NoError(t, err)
	cust, err = c.Customers.Get(ctx, *got.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, jiko.CustomerAccountOpen, cust.Common().AccountStatus)

	_, err = c.Individuals.Apply(ctx, app.ID)
	assert.True(t, jiko.IsPreconditionFailed(err), "a second Apply is refused: %v", err)
}

func TestIndividualDocumentsNeeded(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	require.NoError(t, srv.SetNextDecision(jikotest.Decision{Status: jiko.ApplicationDocumentsNeeded,
		Documents: []jiko.DocumentType{jiko.DocumentIDFront, jiko.DocumentAddressVerification}}))

	app, err := c.Individuals.CreateApplication(ctx, applicant(t, c))
	require.NoError(t, err)
	_, err = c.Individuals.Apply(ctx, app.ID)
	require.NoError(t, err)
	got, err := c.Individuals.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationDocumentsNeeded, got.Status)
	require.Len(t, got.Documents, 2)
	assert.Equal(t, jiko.DocumentIDFront, got.Documents[0].Type)
	assert.Equal(t, jiko.DocumentStatusPendingUpload, got.Documents[0].Status)
	assert.True(t, got.IDVerificationDocumentsNeeded)
	assert.True(t, got.AddressVerificationDocumentNeeded)
	assert.False(t, got.IdentificationNumberVerificationDocumentNeeded)
	// The reference's example of this state; customer_id is absent until
	// approval, as its schema says.
	assert.NoError(t, testutil.SameShape(withoutTopKey(t, "individuals_apply.json", "customer_id"), rawGet(t, c, "/api/v1/applications/"+app.ID+"/")))

	png := []byte("\x89PNG front")
	up, err := c.Individuals.UploadDocument(ctx, app.ID, jiko.DocumentIDFront,
		&jiko.File{Body: bytes.NewReader(png), Size: int64(len(png)), ContentType: "image/png"})
	require.NoError(t, err)
	assert.Equal(t, got.Documents[0].ID, up.DocumentID, "the upload fills the requested document")
	status, _ := srv.ApplicationStatus(app.ID)
	assert.Equal(t, jiko.ApplicationDocumentsNeeded, status, "one document is still missing")

	_, err = c.Individuals.UploadDocument(ctx, app.ID, jiko.DocumentAddressVerification,
		&jiko.File{Body: strings.NewReader("%PDF bill"), Size: 9, ContentType: "application/pdf"})
	require.NoError(t, err)
	got, err = c.Individuals.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationApproved, got.Status, "the last document submits it again, and it is approved")
	assert.False(t, got.IDVerificationDocumentsNeeded)
	assert.Equal(t, []string{"application.documents_needed " + app.ID, "application.approved " + app.ID}, applicationEvents(srv))

	// The upload answers and the Upload requests as they went out.
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/file/") {
			assert.Empty(t, r.Header.Values("X-Jiko-Signature"))
			assert.Equal(t, 200, r.Status)
		}
	}
}

func TestHeldApplicationsAreDecidedByTheTest(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	create := func() string {
		app, err := c.Individuals.CreateApplication(ctx, applicant(t, c))
		require.NoError(t, err)
		return app.ID
	}
	held, rejected := create(), create()
	require.NoError(t, srv.SetNextDecision(jikotest.Decision{Status: jiko.ApplicationSubmitted}))
	require.NoError(t, srv.SetNextDecision(jikotest.Decision{Status: jiko.ApplicationRejected, Reasons: []jiko.ExceptionReason{"IDENTITY_NOT_VERIFIED"}}))
	assert.EqualError(t, srv.SetNextDecision(jikotest.Decision{Status: jiko.ApplicationCreated}),
		"jikotest: CREATED is not a decision: use APPROVED, DOCUMENTS_NEEDED, MANUAL_REVIEW, REJECTED or SUBMITTED")
	_, err := c.Individuals.Apply(ctx, held)
	require.NoError(t, err)
	_, err = c.Individuals.Apply(ctx, rejected)
	require.NoError(t, err)

	status, ok := srv.ApplicationStatus(held)
	assert.True(t, ok)
	assert.Equal(t, jiko.ApplicationSubmitted, status)
	got, err := c.Individuals.GetApplication(ctx, rejected)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationRejected, got.Status)
	assert.Equal(t, []jiko.ExceptionReason{"IDENTITY_NOT_VERIFIED"}, got.ExceptionReasons)
	assert.Nil(t, got.CustomerID)

	require.NoError(t, srv.DecideApplication(held, jikotest.Decision{Status: jiko.ApplicationManualReview}))
	require.NoError(t, srv.DecideApplication(held, jikotest.Decision{}))
	got, err = c.Individuals.GetApplication(ctx, held)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationApproved, got.Status)
	assert.Equal(t, []string{
		"application.rejected " + rejected, "application.manual_review " + held, "application.approved " + held,
	}, applicationEvents(srv))

	assert.EqualError(t, srv.DecideApplication(held, jikotest.Decision{}), "jikotest: application "+held+" is APPROVED: only a submitted one can be decided")
	assert.EqualError(t, srv.DecideApplication("nope", jikotest.Decision{}), `jikotest: no application "nope"`)
	_, ok = srv.ApplicationStatus("nope")
	assert.False(t, ok)
}

// post sends a JSON body through the SDK's signing, bypassing its checks.
func post(c *jiko.Client, path string, body any) error {
	return c.Do(context.Background(), "POST", path, nil, body, nil)
}

func issuesOf(t *testing.T, err error) []string {
	var e *jiko.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, 422, e.StatusCode, err.Error())
	var out []string
	for _, is := range e.Issues {
		out = append(out, is.String())
	}
	return out
}

func TestIndividualRulesAnswerAsTheAPI(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	base := func() map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal(shared(t, "individuals_create_application.request.json"), &m))
		m["agreement_consent"].(map[string]any)["version"] = "1.0.0"
		return m
	}
	m := base()
	m["date_of_birth"] = time.Now().AddDate(-17, 0, 0).Format(time.DateOnly)
	assert.Equal(t, []string{"body.date_of_birth: applicant must be at least 18 years old"}, issuesOf(t, post(c, "/api/v1/applications/", m)))

	m = base()
	m["agreement_consent"].(map[string]any)["version"] = "0.9"
	delete(m, "email")
	m["investment_profile"].(map[string]any)["net_worth"] = "LOTS"
	assert.Equal(t, []string{
		"body.agreement_consent.version: unknown agreement version; use the version of GET /api/v1/agreements/",
		"body.email: field required",
		"body.investment_profile.net_worth: value is not a valid enumeration member; permitted: 'BELOW_50K', 'BETWEEN_50K_AND_200K', 'BETWEEN_200K_AND_1M', 'BETWEEN_1M_AND_5M', 'OVER_5M'",
	}, issuesOf(t, post(c, "/api/v1/applications/", m)))

	// A version served earlier stays acceptable; an unknown one does not.
	srv.SetAgreementVersion("2.0.0")
	require.NoError(t, post(c, "/api/v1/applications/", base()))
	ag, err := c.Individuals.GetAgreements(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "2.0.0", ag.Version)

	var e *jiko.Error
	_, err = c.Individuals.GetApplication(context.Background(), "00000000-0000-0000-0000-000000000000")
	require.ErrorAs(t, err, &e)
	assert.True(t, jiko.IsNotFound(err))
}

// rawUpload posts a file by hand, unsigned, and returns the status and body.
func rawUpload(t *testing.T, srv *jikotest.Server, path, contentType, disposition string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+login(t, srv))
	req.Header.Set("X-Jiko-Idempotency", uuid.NewString())
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if disposition != "" {
		req.Header.Set("Content-Disposition", disposition)
	}
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func TestUploadRulesAnswerAsTheAPI(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	app, err := c.Individuals.CreateApplication(context.Background(), applicant(t, c))
	require.NoError(t, err)
	path := "/api/v1/applications/" + app.ID + "/documents/"
	code, body := rawUpload(t, srv, path+"SELFIE/file/", "text/plain", "", []byte("hello"))
	assert.Equal(t, 422, code)
	assert.Contains(t, body, `"loc":["header","content-type"]`)
	code, body = rawUpload(t, srv, path+"SELFIE/file/", "image/png", "", bytes.Repeat([]byte{1}, 5<<20+1))
	assert.Equal(t, 422, code)
	assert.Contains(t, body, `"loc":["header","content-length"]`)
	code, body = rawUpload(t, srv, path+"NOT_A_TYPE/file/", "image/png", "", []byte("x"))
	assert.Equal(t, 422, code)
	assert.Contains(t, body, `"loc":["path","document_type"]`)
	code, body = rawUpload(t, srv, path+"OTHER/file/", "image/png", "", []byte("x"))
	assert.Equal(t, 200, code, "an upload needs no signature")
	assert.NoError(t, testutil.SameShape(shared(t, "individuals_upload_document.json"), []byte(body)))

	cust := srv.AddCustomer("")
	code, body = rawUpload(t, srv, "/api/v1/customers/"+cust+"/documents/ADDRESS_VERIFICATION/file/", "application/pdf", "", []byte("%PDF"))
	assert.Equal(t, 200, code, body)
	assert.NoError(t, testutil.SameShape(shared(t, "customers_upload_document.json"), []byte(body)))
	code, _ = rawUpload(t, srv, "/api/v1/customers/"+customerID+"/documents/OTHER/file/", "application/pdf", "", []byte("%PDF"))
	assert.Equal(t, 404, code)
}

func TestCreateApplicationResendCreatesOne(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	req := applicant(t, c)
	key := jiko.IdempotencyKeyFor("applicant-42")
	first, err := c.Individuals.CreateApplication(context.Background(), req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	again, err := c.Individuals.CreateApplication(context.Background(), req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
	assert.Equal(t, 1, srv.SideEffects())
}
