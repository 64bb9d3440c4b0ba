package jiko

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnEmptyApplicationIsRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := onboardingHarness(t)
	_, err := h.c.Individuals.CreateApplication(context.Background(), &ApplicationCreateRequest{})
	require.Error(t, err)
	assert.True(t, IsValidation(err))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	const a = "ApplicationCreateRequest."
	var fields []string
	for _, is := range ve.Issues {
		fields = append(fields, is.Field)
		assert.Empty(t, is.Issues, "issues are flat")
	}
	assert.Equal(t, []string{
		a + "IdentificationNumber", a + "Name.FirstName", a + "Name.LastName", a + "Email", a + "DateOfBirth",
		a + "InvestmentProfile.Income", a + "InvestmentProfile.NetWorth", a + "InvestmentProfile.EmploymentStatus",
		a + "AgreementConsent.Version", a + "AgreementConsent.Timestamp",
		a + "Address.StreetAddress", a + "Address.City", a + "Address.PostalCode", a + "Address.Country",
		a + "PhoneNumber",
	}, fields)
	// Field and Reason stay those of the first refused field.
	assert.Equal(t, a+"IdentificationNumber", ve.Field)
	assert.Equal(t, "is empty", ve.Reason)
	assert.Contains(t, err.Error(), "jiko: "+a+"IdentificationNumber: is empty; "+a+"Name.FirstName: is empty; ")
	assert.Contains(t, err.Error(), "; "+a+"PhoneNumber: is empty")
	assert.Empty(t, h.requests(), "nothing is sent")
}

func TestOneBadFieldKeepsTheSingleFieldError(t *testing.T) {
	h := onboardingHarness(t)
	req := application(t)
	req.Email = "not-an-address"
	_, err := h.c.Individuals.CreateApplication(context.Background(), req)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "ApplicationCreateRequest.Email", ve.Field)
	assert.Nil(t, ve.Issues)
	assert.EqualError(t, err, `jiko: ApplicationCreateRequest.Email: "not-an-address" is not an email address`)

	req.Address.City = ""
	_, err = h.c.Individuals.CreateApplication(context.Background(), req)
	assert.EqualError(t, err, `jiko: ApplicationCreateRequest.Email: "not-an-address" is not an email address; ApplicationCreateRequest.Address.City: is empty`)
	assert.Empty(t, h.requests())
}

func TestFirstErrorJoinsValidationErrors(t *testing.T) {
	assert.NoError(t, checkAll(nil, nil))
	one := invalid("A", "is empty")
	assert.Equal(t, &ValidationError{Field: "A", Reason: "is empty"}, checkAll(nil, one, nil))

	nested := checkAll(invalid("B.X", "bad"), invalid("B.Y", "worse"))
	err := checkAll(one, nested)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, []ValidationError{{Field: "A", Reason: "is empty"}, {Field: "B.X", Reason: "bad"}, {Field: "B.Y", Reason: "worse"}}, ve.Issues)
	assert.EqualError(t, err, "jiko: A: is empty; B.X: bad; B.Y: worse")

	other := errors.New("not a field")
	assert.Same(t, other, checkAll(one, other), "an error that is not a ValidationError is returned as it is")
}

func TestABusinessRelatedPartyIsRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := onboardingHarness(t)
	_, err := h.c.Businesses.CreateRelatedParty(context.Background(), applicationID, &RelatedPartyCreateRequest{
		Roles: []RelatedPartyRole{"CHAIR"}, Citizenship: "usa", Email: "nobody",
	})
	assert.True(t, IsValidation(err))
	assert.EqualError(t, err, `jiko: RelatedPartyCreateRequest.Roles[0]: "CHAIR" is not one of `+joinValues(relatedPartyRoleValues)+
		`; RelatedPartyCreateRequest.Citizenship: "usa" is not an ISO 3166 alpha-2 country code, such as US`+
		`; RelatedPartyCreateRequest.Email: "nobody" is not an email address`)
	assert.Empty(t, h.requests())
}

func TestMoneyRequestsAreRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{SECCode: ACHSECCodeCCD})
	assert.EqualError(t, err, "jiko: ACHCreateRequest.CounterpartyID: is empty; "+
		"ACHCreateRequest.Direction: is empty; use one of DEBIT, CREDIT; "+
		"ACHCreateRequest.AmountUSDC: must be a positive number of cents, got 0; "+
		"ACHCreateRequest.CompanyEntryDescription: is required when SECCode is CCD")
	_, err = h.c.Wires.Create(context.Background(), pocketID, &WireCreateRequest{WireID: "w"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Issues, 3)
	assert.Empty(t, h.requests())
}

// issueFields returns the fields a *ValidationError lists in its Issues,
// failing the test when err is not one.
func issueFields(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, is := range ve.Issues {
		fields = append(fields, is.Field)
	}
	return fields
}
