package jiko

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Identification numbers and Plaid tokens never reach a log, whatever the
// handler, nor a printed value.
func TestSecretsAreRedactedInLogsAndPrints(t *testing.T) {
	const ssn, token = "123-45-6789", "public-sandbox-secret-token"
	ind := IndividualIdentificationNumber{IdentificationNumber: ssn, IdentificationType: IndividualIDType("SSN")}
	biz := BusinessIdentificationNumber{IdentificationNumber: ssn, Type: BusinessIDType("EIN")}
	values := map[string]any{
		"IDNumber":                         IDNumber(ssn),
		"IndividualIdentificationNumber":   ind,
		"BusinessIdentificationNumber":     biz,
		"ApplicationCreateRequest":         ApplicationCreateRequest{IdentificationNumber: ssn},
		"BusinessProfile":                  BusinessProfile{IdentificationNumber: biz},
		"BusinessApplication":              BusinessApplication{BusinessProfile: BusinessProfile{IdentificationNumber: biz}},
		"BusinessApplicationCreateRequest": BusinessApplicationCreateRequest{IdentificationNumber: biz},
		"BusinessApplicationUpdateRequest": BusinessApplicationUpdateRequest{IdentificationNumber: Set(biz)},
		"RelatedPartyProfile":              RelatedPartyProfile{IdentificationNumber: ind},
		"RelatedPartyApplication":          RelatedPartyApplication{RelatedPartyProfile: RelatedPartyProfile{IdentificationNumber: ind}},
		"RelatedPartyCreateRequest":        RelatedPartyCreateRequest{IdentificationNumber: ind},
		"RelatedPartyUpdateRequest":        RelatedPartyUpdateRequest{IdentificationNumber: Set(ind)},
		"PlaidCounterpartiesCreateRequest": PlaidCounterpartiesCreateRequest{PublicToken: token},
	}
	for name, v := range values {
		var logs bytes.Buffer
		ptr := reflect.New(reflect.TypeOf(v))
		ptr.Elem().Set(reflect.ValueOf(v))
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "v", v, "p", ptr.Interface())
		slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "v", v)
		out := logs.String() + fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
		assert.NotContains(t, out, ssn, name)
		assert.NotContains(t, out, token, name)
	}
}
