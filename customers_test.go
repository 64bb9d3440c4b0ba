package jiko

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomerFixturesDecodeStrictly(t *testing.T) {
	ind := testutil.Strict[IndividualCustomer](t, testutil.Load(t, "customers_get.json"))
	assert.Equal(t, CustomerIndividual, ind.Type)
	assert.Equal(t, Name{FirstName: "Jiko", LastName: "Customer"}, ind.Name)
	assert.Equal(t, Date{Year: 1970, Month: time.January, Day: 1}, ind.DateOfBirth)
	assert.Equal(t, CustomerAccountOpen, ind.AccountStatus)
	assert.Equal(t, "USA", ind.Address.Country)

	biz := testutil.Strict[BusinessCustomer](t, testutil.Load(t, "customers_get_business.json"))
	assert.Equal(t, CustomerBusiness, biz.Type)
	assert.Equal(t, "Jiko Group, Inc.", biz.Name)
	assert.Equal(t, CustomerAccountPending, biz.AccountStatus)
	assert.Equal(t, BusinessIDTIN, biz.IdentificationNumber.Type)

	up := testutil.Strict[DocumentUpload](t, testutil.Load(t, "customers_upload_document.json"))
	assert.True(t, up.Success)
}

func TestCustomerUnion(t *testing.T) {
	for _, tc := range []struct {
		file  string
		want  CustomerVariant
		kind  CustomerType
		email string
	}{
		{"customers_get.json", &IndividualCustomer{}, CustomerIndividual, "jiko@example.com"},
		{"customers_get_business.json", &BusinessCustomer{}, CustomerBusiness, "contact@jiko.io"},
	} {
		raw := testutil.Load(t, tc.file)
		c := testutil.Strict[Customer](t, raw)
		assert.IsType(t, tc.want, c.Variant)
		assert.Equal(t, tc.kind, c.Kind())
		assert.Equal(t, tc.email, c.Common().Email)
	}

	raw := `{"type":"TRUST","name":{"trust_name":"Family Trust"},"email":"t@example.com","account_status":"FROZEN","address":{"city":"Reno"}}`
	c := decodeLeniently[Customer](t, raw)
	u := requireUnknown[*UnknownCustomer](t, c, "TRUST", raw, "")
	assert.Equal(t, "TRUST", u.Kind())
	assert.Equal(t, CustomerType("TRUST"), c.Kind())
	assert.Equal(t, CustomerAccountFrozen, c.Common().AccountStatus)
	assert.Equal(t, "Reno", u.Address.City)

	raw = `{"type":"INDIVIDUAL","name":"not an object","email":"j@example.com"}`
	c = decodeLeniently[Customer](t, raw)
	u = requireUnknown[*UnknownCustomer](t, c, "INDIVIDUAL", raw, `jiko: customer of type "INDIVIDUAL": json: cannot unmarshal string into Go struct field IndividualCustomer.name`)
	assert.Equal(t, "INDIVIDUAL", u.Kind())
	assert.Equal(t, CustomerIndividual, c.Kind())
	assert.Equal(t, "j@example.com", u.Email, "the common fields decode as far as they go")

	var empty Customer
	assert.Equal(t, CustomerType(""), empty.Kind())
	assert.Nil(t, empty.Common(), "no variant has no common fields")
}

func TestCustomersGet(t *testing.T) {
	h := onboardingHarness(t)
	ctx := context.Background()
	path := "/api/v1/customers/" + customerID + "/"
	h.on("GET", path, status(200, fixture(t, "customers_get.json")), status(200, fixture(t, "customers_get_business.json")))

	c, err := h.c.Customers.Get(ctx, customerID)
	require.NoError(t, err)
	ind, ok := c.Variant.(*IndividualCustomer)
	require.True(t, ok, "%T", c.Variant)
	assert.Equal(t, "Jiko", ind.Name.FirstName)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, path, r.Path)
	assert.False(t, r.HasBody)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))

	c, err = h.c.Customers.Get(ctx, customerID)
	require.NoError(t, err)
	biz, ok := c.Variant.(*BusinessCustomer)
	require.True(t, ok, "%T", c.Variant)
	assert.Equal(t, "Jiko Group, Inc.", biz.Name)

	_, err = h.c.Customers.Get(ctx, "")
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	assert.Len(t, h.requests(), 2)
}

func TestCustomersUploadDocument(t *testing.T) {
	h := onboardingHarness(t)
	path := "/api/v1/customers/" + customerID + "/documents/ADDRESS_VERIFICATION/file/"
	h.on("POST", path, status(200, fixture(t, "customers_upload_document.json")))
	content := "\xff\xd8\xff a utility bill"
	up, err := h.c.Customers.UploadDocument(context.Background(), customerID, DocumentAddressVerification,
		&File{Body: strings.NewReader(content), Size: int64(len(content)), ContentType: "image/jpeg"})
	require.NoError(t, err)
	assert.Equal(t, "dcd70de2-9f18-4918-bd96-c3972c85dc4e", up.DocumentID)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, content, string(r.Body))
	assert.Equal(t, "image/jpeg", r.Header.Get("Content-Type"))
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.Empty(t, r.Header.Values("X-Jiko-Signature"))

	_, err = h.c.Customers.UploadDocument(context.Background(), "..", DocumentAddressVerification, pngFile("a.png", 1))
	assert.EqualError(t, err, `jiko: customer_id: ".." is not an id`)
	assert.Len(t, h.requests(), 1)
}
