package jikotest_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Request bodies are read one way: a member of another JSON type than the
// contract's string is refused, not dropped; an absent required member is
// "field required"; a present but empty one is refused for its length (or
// accepted, where the contract allows it), never as missing.
func TestBodiesAreReadAsTheContractTypesThem(t *testing.T) {
	w := newWorld(t)
	token := login(t, w.srv)
	plaid := "/api/v1/customers/" + customerID + "/counterparties/plaid/"
	orders := "/api/v1/jiko-accounts/" + w.a.ID + "/card-orders/"
	code, out := raw(t, w.srv, "POST", "/api/v1/business-applications/", token, uuid.NewString(), []byte(`{"name":"Acme"}`), true)
	require.Equal(t, 201, code, out)
	var app struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(out), &app))
	business := "/api/v1/business-applications/" + app.ID + "/"
	missing := func(name string) string {
		return `{"loc":["body","` + name + `"],"msg":"field required","type":"value_error.missing"},`
	}
	address := `"shipping_address":{"street_address":"2000 Allston Way","city":"Berkeley","postal_code":"94701","state":"CA","country":"USA"`
	for _, tc := range []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"an object for a string", plaid + "link-token/", `{"client_name":"App","android_package_name":{"a":1}}`,
			422, `{"detail":[{"loc":["body","android_package_name"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a list for a string", plaid, `{"public_token":"public-1","accounts":[{"id":"a"}],"institution_id":["ins_1"]}`,
			422, `{"detail":[{"loc":["body","institution_id"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a nested object for a string", orders, `{"name_on_card":"Ada",` + address + `,"street_address2":{}}}`,
			422, `{"detail":[{"loc":["body","shipping_address","street_address2"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"an empty required string", orders, `{"name_on_card":"",` + address + `}}`,
			422, `{"detail":[{"loc":["body","name_on_card"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"}]}`},
		{"an absent required string", orders, `{` + address + `}}`,
			422, `{"detail":[{"loc":["body","name_on_card"],"msg":"field required","type":"value_error.missing"}]}`},
		{"an empty client name", plaid + "link-token/", `{"client_name":""}`,
			422, `{"detail":[{"loc":["body","client_name"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"}]}`},
		{"an empty pocket name", "/api/v2/customers/" + customerID + "/pockets/", `{"pocket_name":"","deposit_strategy_id":"UST-4W"}`,
			422, `{"detail":[{"loc":["body","pocket_name"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"}]}`},
		{"an empty and an object counterparty member", "/api/v2/customers/" + customerID + "/counterparties/",
			`{"type":"ach","routing_number":{"n":1},"account_number":"123456789","account_type":"CHECKING","name_on_account":""}`,
			422, `{"detail":[{"loc":["body","routing_number"],"msg":"str type expected","type":"type_error.str"},` +
				`{"loc":["body","name_on_account"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"}]}`},
		{"a wire counterparty's nested members", "/api/v2/customers/" + customerID + "/counterparties/",
			`{"type":"wire","routing_number":"021000021","identifier":"12345678","address":{"street_address":"1 Main St","city":"","postal_code":"94701","state":"CA","country":"USA"},` +
				`"counterparty_name":{"type":"individual","first_name":["Ada"],"last_name":"Lovelace"},"wire_instructions":7}`,
			422, `{"detail":[{"loc":["body","wire_instructions"],"msg":"str type expected","type":"type_error.str"},` +
				`{"loc":["body","address","city"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"},` +
				`{"loc":["body","counterparty_name","first_name"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a business's name and contact", "/api/v1/business-applications/", `{"name":{"legal":"Acme"},"contact":{"name":{"first_name":"","last_name":"Lovelace"}}}`,
			422, `{"detail":[{"loc":["body","contact","name","first_name"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"},` +
				`{"loc":["body","name"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a related party's name and address", business + "related-party-applications/",
			`{"name":{"first_name":["Ada"],"last_name":"Lovelace"},"address":{"street_address":"1 Main St","city":"","postal_code":"94701","country":"US"}}`,
			422, `{"detail":[{"loc":["body","address","city"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"},` +
				`{"loc":["body","name","first_name"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"an individual's name", "/api/v1/applications/", `{"name":{"first_name":"","last_name":{}},"email":"ada@example.com","phone_number":"+15555550100"}`,
			422, `{"detail":[` + missing("address") + missing("agreement_consent") + missing("date_of_birth") + missing("identification_number") + missing("investment_profile") +
				`{"loc":["body","name","first_name"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"},` +
				`{"loc":["body","name","last_name"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a triggered event's members", "/api/v1/sandbox/webhook/", `{"event_type":{"type":"card.status.open"},"event_id":"","timestamp":[2023],"payload":{}}`,
			422, `{"detail":[{"loc":["body","event_type"],"msg":"str type expected","type":"type_error.str"},` +
				`{"loc":["body","event_id"],"msg":"value is not a valid uuid","type":"type_error.uuid"},` +
				`{"loc":["body","timestamp"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a subscription's members", "/api/v1/subscriptions/", `{"description":["ACH"],"events":["transfers.ach.in.success"],"url":"","shared_secret":{"s":"0123456789abcdef"}}`,
			422, `{"detail":[{"loc":["body","description"],"msg":"str type expected","type":"type_error.str"},` +
				`{"loc":["body","url"],"msg":"ensure this value has at least 1 characters","type":"value_error.any_str.min_length"},` +
				`{"loc":["body","shared_secret"],"msg":"str type expected","type":"type_error.str"}]}`},
		{"a login's members", "/api/v1/login/", `{"username":{"name":"partner"}}`,
			422, `{"detail":[{"loc":["body","username"],"msg":"str type expected","type":"type_error.str"},` +
				`{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}`},
		{"an empty list the contract allows", plaid, `{"public_token":"public-1","accounts":[]}`, 200, `{"items":[],"object_type":"PlaidCreateCounterpartiesResponse"}`},
	} {
		code, out := raw(t, w.srv, "POST", tc.path, token, uuid.NewString(), []byte(tc.body), true)
		assert.Equal(t, tc.status, code, "%s: %s", tc.name, out)
		assert.JSONEq(t, tc.want, out, tc.name)
	}
}
