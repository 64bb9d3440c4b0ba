package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const applicationID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"

// today is the date the onboarding tests run on: the client's clock is
// set to its noon.
var today = Date{Year: 2024, Month: time.June, Day: 15}

// onboardingHarness is a harness whose client's clock reads today.
func onboardingHarness(t *testing.T, opts ...ClientOption) *harness {
	h := newHarness(t, append([]ClientOption{WithRetryBackoff(time.Millisecond, time.Millisecond)}, opts...)...)
	h.c.now = func() time.Time { return today.Time(time.Local).Add(12 * time.Hour) }
	return h
}

// application is the published Create Application example as a request.
func application(t *testing.T) *ApplicationCreateRequest {
	req := testutil.Strict[ApplicationCreateRequest](t, testutil.Load(t, "individuals_create_application.request.json"))
	return &req
}

func TestIndividualFixturesDecodeStrictly(t *testing.T) {
	ag := testutil.Strict[Agreement](t, testutil.Load(t, "individuals_list_agreements.json"))
	assert.Equal(t, "1.0.0", ag.Version)
	assert.Equal(t, Date{Year: 2023, Month: time.January, Day: 1}, ag.ReleaseDate)
	assert.Equal(t, []AgreementDocument{{
		Title: "Jiko Privacy Policy", PDFDownloadURL: "https://example.com/path-to-agreement-pdf",
		Type: AgreementPrivacyPolicy, Category: AgreementCategoryGeneral,
	}}, ag.Documents)

	req := application(t)
	assert.Equal(t, IDNumber("999999999"), req.IdentificationNumber)
	assert.Equal(t, Date{Year: 1970, Month: time.January, Day: 1}, req.DateOfBirth)
	assert.Equal(t, InvestmentProfile{Income: IncomeBetween100KAnd250K, NetWorth: NetWorthBetween1MAnd5M,
		Occupation: "Investor", EmploymentStatus: EmploymentEmployed}, req.InvestmentProfile)
	assert.Equal(t, AgreementConsent{Version: "1", Timestamp: time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC)}, req.AgreementConsent.inUTC())

	for _, name := range []string{"individuals_create_application.json", "individuals_get_application.json"} {
		app := testutil.Strict[InternationalApplication](t, testutil.Load(t, name))
		assert.Equal(t, ApplicationCreated, app.Status)
		assert.Nil(t, app.CustomerID)
		assert.Empty(t, app.Documents)
		assert.Equal(t, Date{Year: 1970, Month: time.January, Day: 1}, app.DateOfBirth.Date)
		assert.Equal(t, "InternationalApplication", app.ObjectType)
	}
	app := testutil.Strict[InternationalApplication](t, testutil.Load(t, "individuals_apply.json"))
	assert.Equal(t, ApplicationDocumentsNeeded, app.Status)
	assert.Equal(t, "160c0c4b-9966-4dc1-a916-8407eb10d74e", *app.CustomerID)
	assert.True(t, app.IDVerificationDocumentsNeeded)
	require.Len(t, app.Documents, 4)
	assert.Equal(t, Document{ID: "dcd70de2-9f18-4918-bd96-c3972c85dc4e", Type: DocumentIDFront, Status: DocumentStatusPendingUpload}, app.Documents[0])

	up := testutil.Strict[DocumentUpload](t, testutil.Load(t, "individuals_upload_document.json"))
	assert.Equal(t, DocumentUpload{Success: true, DocumentID: "dcd70de2-9f18-4918-bd96-c3972c85dc4e"}, up)
}

func (c AgreementConsent) inUTC() AgreementConsent {
	c.Timestamp = c.Timestamp.UTC()
	return c
}

func TestApplicationDecodesUnknownValues(t *testing.T) {
	var app InternationalApplication
	require.NoError(t, json.Unmarshal([]byte(`{"status":"ON_HOLD","exception_reasons":["NEW_REASON"],
		"investment_profile":{"employment_status":"SABBATICAL","income":"OVER_1M","net_worth":"X"},
		"documents":[{"id":"d","type":"NEW_DOC","status":"EXPIRED"}]}`), &app))
	assert.Equal(t, ApplicationStatus("ON_HOLD"), app.Status)
	assert.Equal(t, []ExceptionReason{"NEW_REASON"}, app.ExceptionReasons)
	assert.Equal(t, EmploymentStatus("SABBATICAL"), app.InvestmentProfile.EmploymentStatus)
	assert.Equal(t, Document{ID: "d", Type: "NEW_DOC", Status: "EXPIRED"}, app.Documents[0])
}

func TestIndividualsGetAgreements(t *testing.T) {
	h := onboardingHarness(t)
	h.on("GET", "/api/v1/agreements/", status(200, fixture(t, "individuals_list_agreements.json")))
	ag, err := h.c.Individuals.GetAgreements(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "1.0.0", ag.Version)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/v1/agreements/", r.Path)
	assert.Empty(t, r.Query)
	assert.False(t, r.HasBody)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestIndividualsCreateApplication(t *testing.T) {
	h := onboardingHarness(t)
	h.on("POST", "/api/v1/applications/", status(201, fixture(t, "individuals_create_application.json")))
	app, err := h.c.Individuals.CreateApplication(context.Background(), application(t))
	require.NoError(t, err)
	assert.Equal(t, ApplicationCreated, app.Status)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/api/v1/applications/", r.Path)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, `{"identification_number":"999999999","name":{"first_name":"Jiko","last_name":"Customer"},`+
		`"email":"jiko@example.com","date_of_birth":"1970-01-01","investment_profile":{"income":"BETWEEN_100K_AND_250K",`+
		`"net_worth":"BETWEEN_1M_AND_5M","occupation":"Investor","employment_status":"EMPLOYED"},`+
		`"agreement_consent":{"version":"1","timestamp":"2023-01-01T12:00:00Z"},"address":{"street_address":"2000 Allston Way",`+
		`"city":"Berkeley","postal_code":"94701","state":"CA","country":"USA"},"phone_number":"+14155550100"}`, string(r.Body))
	// The body is the published example, key for key.
	assert.NoError(t, testutil.Equal(testutil.Load(t, "individuals_create_application.request.json"), r.Body))
}

func TestIndividualsCreateApplicationAge(t *testing.T) {
	h := onboardingHarness(t)
	h.on("POST", "/api/v1/applications/", status(201, fixture(t, "individuals_create_application.json")))
	ctx := context.Background()

	req := application(t)
	req.DateOfBirth = Date{Year: 2006, Month: time.June, Day: 15} // 18 today
	_, err := h.c.Individuals.CreateApplication(ctx, req)
	require.NoError(t, err)
	assert.Len(t, h.requests(), 1)

	for _, dob := range []Date{{Year: 2006, Month: time.June, Day: 16}, {Year: 2010, Month: time.January, Day: 1}, {Year: 2030, Month: time.January, Day: 1}} {
		req.DateOfBirth = dob
		_, err = h.c.Individuals.CreateApplication(ctx, req)
		assert.EqualError(t, err, "jiko: ApplicationCreateRequest.DateOfBirth: the applicant is under 18 on 2024-06-15, the date of the call")
		assert.True(t, IsValidation(err))
	}
	assert.Len(t, h.requests(), 1, "nothing is sent for an under-age applicant")
}

func TestIndividualsCreateApplicationValidation(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	cases := map[string]func(r *ApplicationCreateRequest){
		"jiko: ApplicationCreateRequest.IdentificationNumber: is empty":                                                                                                    func(r *ApplicationCreateRequest) { r.IdentificationNumber = " " },
		"jiko: ApplicationCreateRequest.Name.FirstName: is empty":                                                                                                          func(r *ApplicationCreateRequest) { r.Name.FirstName = "" },
		"jiko: ApplicationCreateRequest.Name.LastName: is 51 characters; at most 50":                                                                                       func(r *ApplicationCreateRequest) { r.Name.LastName = strings.Repeat("é", 51) },
		"jiko: ApplicationCreateRequest.Email: is empty":                                                                                                                   func(r *ApplicationCreateRequest) { r.Email = "" },
		`jiko: ApplicationCreateRequest.Email: "jiko.example.com" is not an email address`:                                                                                 func(r *ApplicationCreateRequest) { r.Email = "jiko.example.com" },
		"jiko: ApplicationCreateRequest.DateOfBirth: is required":                                                                                                          func(r *ApplicationCreateRequest) { r.DateOfBirth = Date{} },
		"jiko: ApplicationCreateRequest.DateOfBirth: 1990-02-30 is not a calendar date":                                                                                    func(r *ApplicationCreateRequest) { r.DateOfBirth = Date{Year: 1990, Month: time.February, Day: 30} },
		"jiko: ApplicationCreateRequest.InvestmentProfile.Income: is empty; use one of BELOW_50K, BETWEEN_50K_AND_100K, BETWEEN_100K_AND_250K, OVER_250K":                  func(r *ApplicationCreateRequest) { r.InvestmentProfile.Income = "" },
		`jiko: ApplicationCreateRequest.InvestmentProfile.NetWorth: "LOTS" is not one of BELOW_50K, BETWEEN_50K_AND_200K, BETWEEN_200K_AND_1M, BETWEEN_1M_AND_5M, OVER_5M`: func(r *ApplicationCreateRequest) { r.InvestmentProfile.NetWorth = "LOTS" },
		"jiko: ApplicationCreateRequest.InvestmentProfile.Occupation: must have at least 2 characters when EmploymentStatus is EMPLOYED":                                   func(r *ApplicationCreateRequest) { r.InvestmentProfile.Occupation = "" },
		"jiko: ApplicationCreateRequest.AgreementConsent.Version: is empty; use the Version of IndividualsService.GetAgreements":                                           func(r *ApplicationCreateRequest) { r.AgreementConsent.Version = "" },
		"jiko: ApplicationCreateRequest.AgreementConsent.Timestamp: is required: when the applicant consented":                                                             func(r *ApplicationCreateRequest) { r.AgreementConsent.Timestamp = time.Time{} },
		`jiko: ApplicationCreateRequest.IdentificationType: "ITIN" is not one of SSN, PASSPORT, TIN, DRIVERS_LICENSE`:                                                      func(r *ApplicationCreateRequest) { r.IdentificationType = "ITIN" },
		"jiko: ApplicationCreateRequest.Address.City: is empty":                                                                                                            func(r *ApplicationCreateRequest) { r.Address.City = "" },
		"jiko: ApplicationCreateRequest.PhoneNumber: is empty":                                                                                                             func(r *ApplicationCreateRequest) { r.PhoneNumber = "" },
		`jiko: ApplicationCreateRequest.CitizenshipCountry: "USA" is not an ISO 3166 alpha-2 country code, such as US`:                                                     func(r *ApplicationCreateRequest) { r.CitizenshipCountry = "USA" },
	}
	for want, mutate := range cases {
		req := application(t)
		mutate(req)
		_, err := h.c.Individuals.CreateApplication(ctx, req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err))
	}
	_, err := h.c.Individuals.CreateApplication(ctx, nil)
	assert.EqualError(t, err, "jiko: ApplicationCreateRequest: is nil")

	// A retired applicant needs no occupation.
	req := application(t)
	req.InvestmentProfile = InvestmentProfile{Income: IncomeBelow50K, NetWorth: NetWorthOver5M, EmploymentStatus: EmploymentRetired}
	assert.NoError(t, req.validate())
	assert.Empty(t, h.requests())
}

func TestIDNumbersPrintRedacted(t *testing.T) {
	req := application(t)
	biz := BusinessIdentificationNumber{IdentificationNumber: "987654321", Type: BusinessIDEIN}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{req, *req, biz, req.IdentificationNumber} {
			out := fmt.Sprintf(format, v)
			assert.NotContains(t, out, "999999999", format)
			assert.NotContains(t, out, "987654321", format)
			assert.NotContains(t, out, "393939", format) // hex of "999"
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", req), "IdentificationNumber:[REDACTED]")
	assert.Equal(t, "999999999", string(req.IdentificationNumber))
}

func TestIndividualsGetAndApply(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	h.on("GET", "/api/v1/applications/"+applicationID+"/", status(200, fixture(t, "individuals_get_application.json")))
	h.on("POST", "/api/v1/applications/"+applicationID+"/apply/", status(200, fixture(t, "individuals_apply.json")))

	app, err := h.c.Individuals.GetApplication(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, ApplicationCreated, app.Status)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/v1/applications/"+applicationID+"/", r.Path)
	assert.False(t, r.HasBody)

	app, err = h.c.Individuals.Apply(ctx, applicationID)
	require.NoError(t, err)
	assert.Equal(t, ApplicationDocumentsNeeded, app.Status)
	r = h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/api/v1/applications/"+applicationID+"/apply/", r.Path)
	assert.Empty(t, r.Body)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
}

func TestIndividualsBadIDs(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	_, err := h.c.Individuals.GetApplication(ctx, "")
	assert.EqualError(t, err, "jiko: application_id: is empty")
	_, err = h.c.Individuals.Apply(ctx, "..")
	assert.EqualError(t, err, `jiko: application_id: ".." is not an id`)
	_, err = h.c.Individuals.UploadDocument(ctx, " ", DocumentIDFront, pngFile("id.png", 10))
	assert.EqualError(t, err, "jiko: application_id: is empty")
	_, err = h.c.Individuals.UploadDocument(ctx, applicationID, "", pngFile("id.png", 10))
	assert.EqualError(t, err, "jiko: document_type: is empty")
	_, err = h.c.Individuals.UploadDocument(ctx, applicationID, "DRIVING_LICENCE", pngFile("id.png", 10))
	assert.EqualError(t, err, `jiko: document_type: "DRIVING_LICENCE" is not a documented jiko.DocumentType value`)
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}

// pngFile is an in-memory PNG-typed file of n bytes.
func pngFile(name string, n int) *File {
	return &File{Body: bytes.NewReader(bytes.Repeat([]byte{0x89}, n)), Size: int64(n), ContentType: "image/png", Name: name}
}

// seekOnly hides the ReadAt of its reader, leaving Read and Seek.
type seekOnly struct{ io.ReadSeeker }

// uploadResponder answers an upload after recording its declared length.
func uploadResponder(lengths *[]int64, body string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		*lengths = append(*lengths, req.ContentLength)
		return status(200, body)(req)
	}
}

func TestIndividualsUploadDocument(t *testing.T) {
	for _, tc := range []struct {
		name string
		body func(b []byte) io.Reader
	}{
		{"ReaderAt", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"ReadSeeker", func(b []byte) io.Reader { return seekOnly{bytes.NewReader(b)} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := onboardingHarness(t)
			path := "/api/v1/applications/" + applicationID + "/documents/ID_FRONT/file/"
			var lengths []int64
			h.on("POST", path, status(503, `{"detail":"busy"}`), uploadResponder(&lengths, fixture(t, "individuals_upload_document.json")))
			content := []byte("\x89PNG\r\n\x1a\n the front of an ID card")
			file := &File{Body: tc.body(content), Size: int64(len(content)), ContentType: "image/png"}

			up, err := h.c.Individuals.UploadDocument(context.Background(), applicationID, DocumentIDFront, file)
			require.NoError(t, err)
			assert.Equal(t, "dcd70de2-9f18-4918-bd96-c3972c85dc4e", up.DocumentID)
			reqs := h.requests()
			require.Len(t, reqs, 2, "the 503 is retried")
			for _, r := range reqs {
				assert.Equal(t, "POST", r.Method)
				assert.Equal(t, path, r.Path)
				assert.Equal(t, string(content), string(r.Body), "each attempt sends the whole file")
				assert.Equal(t, "image/png", r.Header.Get("Content-Type"))
				assert.Empty(t, r.Header.Values("X-Jiko-Signature"), "uploads are not signed")
				assert.Empty(t, r.Header.Values("Content-Disposition"))
				assert.Equal(t, "Bearer tok-1", r.Header.Get("Authorization"))
			}
			assert.NotEmpty(t, reqs[0].Header.Get("X-Jiko-Idempotency"))
			assert.Equal(t, reqs[0].Header.Get("X-Jiko-Idempotency"), reqs[1].Header.Get("X-Jiko-Idempotency"))
			assert.Equal(t, []int64{int64(len(content))}, lengths, "Content-Length is the file's size")
		})
	}
}

func TestUploadsRefuseBadFiles(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	big := func(n int64, ct string) *File {
		return &File{Body: io.NewSectionReader(zeroes{}, 0, n), Size: n, ContentType: ct, Name: "f"}
	}
	cases := []struct {
		docType DocumentType
		file    *File
		want    string
	}{
		{DocumentIDFront, nil, "jiko: file: is nil"},
		{DocumentIDFront, &File{Size: 1, ContentType: "image/png"}, "jiko: file.Body: is nil"},
		{DocumentSelfie, big(0, "image/png"), "jiko: file.Size: must be more than 0, got 0"},
		{DocumentPassport, big(5<<20+1, "image/jpeg"), "jiko: file.Size: 5242881 bytes is over the limit of 5242880 bytes"},
		{DocumentBankStatements1, big(50<<20, "application/pdf"), "jiko: file.Size: 52428800 bytes is over the limit of 52428799 bytes"},
		{DocumentOther, big(10, "text/plain"), `jiko: file.ContentType: "text/plain" is not accepted; use one of image/png, image/jpeg, application/pdf`},
		{DocumentOther, big(10, ""), `jiko: file.ContentType: "" is not a MIME type`},
		{DocumentOther, &File{Body: strings.NewReader("x"), Size: 1, ContentType: "image/png"}, ""},
		{DocumentOther, &File{Body: io.LimitReader(strings.NewReader("x"), 1), Size: 1, ContentType: "image/png"},
			"jiko: file.Body: *io.LimitedReader is neither an io.ReaderAt nor an io.ReadSeeker, so it could not be sent again on a retry"},
	}
	h.on("POST", "/api/v1/applications/"+applicationID+"/documents/OTHER/file/", status(200, fixture(t, "individuals_upload_document.json")))
	sent := 0
	for _, tc := range cases {
		_, err := h.c.Individuals.UploadDocument(ctx, applicationID, tc.docType, tc.file)
		if tc.want == "" {
			require.NoError(t, err)
			sent++
			continue
		}
		assert.EqualError(t, err, tc.want)
		assert.True(t, IsValidation(err))
		_, err = h.c.Customers.UploadDocument(ctx, customerID, tc.docType, tc.file)
		assert.EqualError(t, err, tc.want, "customer uploads check the same")
	}
	// A 5 MiB identity image and a 50 MB (less one byte) statement pass.
	assert.NoError(t, big(5<<20, "image/png").check("file", DocumentIDBack.MaxSize(), documentContentTypes))
	assert.NoError(t, big(MaxDocumentSize, "application/pdf; charset=binary").check("file", DocumentFlowOfFunds.MaxSize(), documentContentTypes))
	assert.Len(t, h.requests(), sent)
}

// zeroes is an endless file of zero bytes.
type zeroes struct{}

func (zeroes) ReadAt(p []byte, _ int64) (int, error) {
	clear(p)
	return len(p), nil
}

// patterned is a file of size bytes, each the low byte of its offset,
// read without holding it in memory.
type patterned int64

func (p patterned) ReadAt(b []byte, off int64) (int, error) {
	if off >= int64(p) {
		return 0, io.EOF
	}
	n := int(min(int64(len(b)), int64(p)-off))
	for i := range b[:n] {
		b[i] = byte(off + int64(i))
	}
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

// BenchmarkUpload uploads a 50 MB document to a server that discards it:
// the file streams from an io.ReaderAt, so the heap grows by the transport's
// buffers, not by the file.
func BenchmarkUpload(b *testing.B) {
	var received int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received = n
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":true,"document_id":"dcd70de2-9f18-4918-bd96-c3972c85dc4e"}`)
	}))
	b.Cleanup(srv.Close)
	c, err := NewClient(WithBaseURL(srv.URL), WithSigningSecret(knownSecret), WithHTTPClient(srv.Client()),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench", Expiry: time.Now().Add(time.Hour)})))
	if err != nil {
		b.Fatal(err)
	}
	const size = MaxDocumentSize
	file := &File{Body: io.NewSectionReader(patterned(size), 0, size), Size: size, ContentType: "application/pdf"}
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		up, err := c.Individuals.UploadDocument(ctx, applicationID, DocumentBankStatements1, file)
		if err != nil || !up.Success || received != size {
			b.Fatal(err, received)
		}
	}
}
